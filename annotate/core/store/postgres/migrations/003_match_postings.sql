-- Quote matching's candidate postings: every word pair and word of a transcript (fillers left out),
-- at its term's position in the episode, so a quote's candidate places are found by the database.
-- Terms come from annotate's own normaliser (in Python), so rows are written with the transcript;
-- match_terms_version says which normaliser wrote an episode's rows (NULL: none yet, filled on use).
CREATE TABLE match_postings (
    episode text NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    key text NOT NULL,  -- 'word' or 'word next' (the next hard term)
    position integer NOT NULL  -- the term's number among the episode's terms
);
CREATE INDEX match_postings_by_key ON match_postings (key, episode);
CREATE INDEX match_postings_by_episode ON match_postings (episode);

ALTER TABLE episodes ADD COLUMN match_terms_version integer;
