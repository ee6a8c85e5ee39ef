-- Full-text search over cue texts and annotation notes: words stemmed (English Snowball) with case
-- and accents folded, and no stop words dropped, so that every word of a query counts as it does
-- in the folder workspace's index.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH DICTIONARY annotate_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION annotate_search (COPY = pg_catalog.simple);
ALTER TEXT SEARCH CONFIGURATION annotate_search
    ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part
    WITH unaccent, annotate_stem;

ALTER TABLE cues ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('annotate_search', text)) STORED;
CREATE INDEX cues_search ON cues USING gin (search_vector);

ALTER TABLE annotations ADD COLUMN note_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('annotate_search', note)) STORED;
CREATE INDEX annotations_note_search ON annotations USING gin (note_vector);
