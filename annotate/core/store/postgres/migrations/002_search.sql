-- Full-text search over cue texts and annotation notes: words stemmed (English Snowball) with case
-- and accents folded, and no stop words dropped, so that every word of a query counts as it does
-- in the folder workspace's index.
CREATE EXTENSION IF NOT EXISTS unaccent;

CREATE TEXT SEARCH DICTIONARY annotate_stem (TEMPLATE = snowball, Language = english);
CREATE TEXT SEARCH CONFIGURATION annotate_search (COPY = pg_catalog.simple);
-- The unaccent dictionary is named with the schema its extension lives in (often public), which
-- need not be on the search_path of a workspace in a schema of its own.
DO $$
BEGIN
    EXECUTE format(
        'ALTER TEXT SEARCH CONFIGURATION annotate_search'
        ' ALTER MAPPING FOR asciiword, asciihword, hword_asciipart, word, hword, hword_part'
        ' WITH %I.unaccent, annotate_stem',
        (SELECT n.nspname FROM pg_extension e JOIN pg_namespace n ON n.oid = e.extnamespace
         WHERE e.extname = 'unaccent'));
END
$$;

ALTER TABLE cues ADD COLUMN search_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('annotate_search', text)) STORED;
CREATE INDEX cues_search ON cues USING gin (search_vector);

ALTER TABLE annotations ADD COLUMN note_vector tsvector
    GENERATED ALWAYS AS (to_tsvector('annotate_search', note)) STORED;
CREATE INDEX annotations_note_search ON annotations USING gin (note_vector);
