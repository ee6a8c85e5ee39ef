-- Quote matching's postings, one row per key and episode: the key is a 64-bit hash of the word or
-- word pair (annotate.core.store.postgres.match_postings.key_hashes), its positions packed in one value (little-endian int32, read straight into an array), and
-- its count beside the key in the index, so a quote's key frequencies are read from the index alone.
DROP TABLE match_postings;
CREATE TABLE match_postings (
    key bigint NOT NULL,
    episode text NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    occurrences integer NOT NULL,
    positions bytea NOT NULL,  -- each term's number among the episode's terms, ascending
    PRIMARY KEY (key, episode) INCLUDE (occurrences)
);
-- Every episode's postings are written again in the new form (on `annotate init URL`, or by the matcher).
UPDATE episodes SET match_terms_version = NULL;
