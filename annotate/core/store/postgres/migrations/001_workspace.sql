-- The workspace: episodes and their cues, the taxonomy, annotations, and a change stamp per item.
-- Times are whole milliseconds, as in annotate.core.model. Ordering is done in Python, so the
-- database's collation never changes what a user sees.

-- One number line for versions and change stamps: a value is never handed out twice, so a stale
-- copy of an annotation that was removed and added again can never pass for a fresh one.
CREATE SEQUENCE changes;

CREATE TABLE episodes (
    id text PRIMARY KEY,
    title text NOT NULL DEFAULT '',
    series text NOT NULL DEFAULT '',
    date text NOT NULL DEFAULT '',
    participants jsonb NOT NULL DEFAULT '[]',  -- [{"name": ..., "role": ...}, ...]
    media_url text NOT NULL DEFAULT '',
    source text NOT NULL DEFAULT '',
    language text NOT NULL DEFAULT 'en',
    extra jsonb NOT NULL DEFAULT '{}',  -- any other metadata keys, as read
    cue_count integer NOT NULL DEFAULT 0,
    duration_ms integer NOT NULL DEFAULT 0,
    speakers text[] NOT NULL DEFAULT '{}'  -- in order of first appearance
);

CREATE TABLE cues (
    episode text NOT NULL REFERENCES episodes (id) ON DELETE CASCADE,
    position integer NOT NULL,  -- the cue's index in its episode
    start_ms integer NOT NULL,
    end_ms integer NOT NULL,
    speaker text,
    text text NOT NULL,
    identifier text,
    words jsonb,  -- [[start_ms, end_ms, text], ...] when word times are known
    text_offset integer NOT NULL,  -- where the cue's text starts in the transcript's text
    PRIMARY KEY (episode, position)
);

-- The codebook as a document (so a hand-laid-out file comes back byte for byte) and as rows.
CREATE TABLE taxonomy (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    document text NOT NULL
);
INSERT INTO taxonomy (document) VALUES (E'schema: annotate/taxonomy@1\ntags: []\n');

CREATE TABLE tags (
    id text PRIMARY KEY,
    position integer NOT NULL,
    label text NOT NULL,
    description text NOT NULL DEFAULT '',
    color text NOT NULL DEFAULT '',
    parent text,
    key text
);

-- Annotations need not have a transcript (one may be removed or not imported yet), so no
-- foreign key to episodes.
CREATE TABLE annotations (
    episode text NOT NULL,
    id text NOT NULL,
    start_ms integer NOT NULL,
    end_ms integer NOT NULL,
    tags text[] NOT NULL DEFAULT '{}',
    speaker text,
    annotator text NOT NULL DEFAULT '',
    note text NOT NULL DEFAULT '',
    quote text NOT NULL,
    prefix text NOT NULL DEFAULT '',
    suffix text NOT NULL DEFAULT '',
    start_offset integer NOT NULL CHECK (start_offset >= 0),
    end_offset integer NOT NULL CHECK (end_offset >= start_offset),
    created text NOT NULL DEFAULT '',
    modified text NOT NULL DEFAULT '',
    status text NOT NULL DEFAULT 'ok' CHECK (status IN ('ok', 'orphaned')),
    version bigint NOT NULL DEFAULT nextval('changes'),
    PRIMARY KEY (episode, id)
);
CREATE INDEX annotations_by_id ON annotations (id);
CREATE INDEX annotations_by_tag ON annotations USING gin (tags);

-- kind is transcript, metadata, annotations, taxonomy or episodes (the list of them); episode
-- is '' for the last two. The row of an episode's annotations is also the lock that orders
-- writers of that episode.
CREATE TABLE change_stamps (
    kind text NOT NULL,
    episode text NOT NULL DEFAULT '',
    stamp bigint NOT NULL DEFAULT nextval('changes'),
    PRIMARY KEY (kind, episode)
);
INSERT INTO change_stamps (kind) VALUES ('taxonomy'), ('episodes');
