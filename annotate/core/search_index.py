"""The search index: cues and annotations of a workspace in SQLite FTS5, kept up to date by change stamps.

The index lives in the workspace's cache folder (``.annotate/search.sqlite``). Every item it was
built from (a transcript, its metadata, an episode's annotations, the taxonomy) is recorded with
the store's change stamp for it; before each search the stamps are listed (nothing is read), and
only items whose stamp changed are indexed again. Deleting the index is always safe: the next
search builds it anew.
"""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from collections.abc import Callable

from annotate.core.store.items import ANNOTATIONS, METADATA, TAXONOMY, TRANSCRIPT

INDEX_FILE = "search.sqlite"
# Bump when the schema or the way text is indexed changes: an index of another version is rebuilt.
SCHEMA_VERSION = 7
# English stemming (porter) over Unicode words with case and accents folded.
TOKENIZER = "porter unicode61 remove_diacritics 2"

_SCHEMA = f"""
CREATE TABLE items(item TEXT PRIMARY KEY, stamp TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE state(key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE problems(item TEXT NOT NULL, message TEXT NOT NULL, PRIMARY KEY (item, message)) WITHOUT ROWID;
CREATE TABLE episodes(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, title TEXT NOT NULL DEFAULT '',
                      date TEXT NOT NULL DEFAULT '', first_cue INTEGER, last_cue INTEGER);
CREATE TABLE speakers(id INTEGER PRIMARY KEY, name TEXT UNIQUE NOT NULL, folded TEXT NOT NULL);
CREATE TABLE cues(id INTEGER PRIMARY KEY, episode_id INTEGER NOT NULL, cue_index INTEGER NOT NULL,
                  start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, speaker_id INTEGER, text TEXT NOT NULL);
CREATE INDEX cues_by_episode ON cues(episode_id, start_ms);
CREATE VIRTUAL TABLE cue_text USING fts5(text, content='cues', content_rowid='id', tokenize='{TOKENIZER}');
CREATE TABLE annotations(id INTEGER PRIMARY KEY, annotation_id TEXT NOT NULL, episode TEXT NOT NULL,
                         start_ms INTEGER NOT NULL, end_ms INTEGER NOT NULL, speaker TEXT,
                         annotator TEXT NOT NULL DEFAULT '', note TEXT NOT NULL DEFAULT '',
                         quote TEXT NOT NULL DEFAULT '', status TEXT NOT NULL DEFAULT 'ok');
CREATE INDEX annotations_by_episode ON annotations(episode, start_ms);
CREATE VIRTUAL TABLE annotation_text USING fts5(note, quote, content='annotations', content_rowid='id',
                                                tokenize='{TOKENIZER}');
CREATE TABLE annotation_tags(annotation INTEGER NOT NULL, position INTEGER NOT NULL, tag TEXT NOT NULL);
CREATE INDEX annotation_tags_by_tag ON annotation_tags(tag);
CREATE INDEX annotation_tags_by_annotation ON annotation_tags(annotation, position);
CREATE TABLE tags(id TEXT PRIMARY KEY, parent TEXT) WITHOUT ROWID;
CREATE TABLE annotated_cues(cue INTEGER NOT NULL, annotation INTEGER NOT NULL);
CREATE INDEX annotated_cues_by_annotation ON annotated_cues(annotation);
PRAGMA user_version = {SCHEMA_VERSION};
"""

Progress = Callable[[str], None]


def index_path(workspace) -> Path:
    """Where the search index of ``workspace`` is kept."""
    return workspace.cache_dir / INDEX_FILE


def open_index(workspace, progress: Progress | None = None) -> sqlite3.Connection:
    """The workspace's search index, brought up to date with its files; built when missing.

    An index that cannot be read (another schema version, a damaged file) is deleted and rebuilt.
    """
    from annotate.core.cache import writable_cache_file
    from annotate.core.errors import AnnotateError

    path = writable_cache_file(workspace, INDEX_FILE)
    if path is None:
        # .annotate/ cannot be written (read-only, not a folder): index in memory for this search.
        return _open_fresh(":memory:", workspace, progress)
    try:
        try:
            return _open_fresh(path, workspace, progress)
        except sqlite3.OperationalError:
            raise
        except sqlite3.DatabaseError:
            # Damaged, or not a database at all: it is only a cache, so start over (once).
            _remove_index_files(path)
            return _open_fresh(path, workspace, progress)
    except sqlite3.OperationalError as error:
        # Locked for longer than the timeout, or a folder we may not write: say so, delete nothing.
        raise AnnotateError(f"cannot use the search index: {error}", path) from None


def _open_fresh(path: Path | str, workspace, progress: Progress | None) -> sqlite3.Connection:
    connection = _connect(path)
    try:
        refresh(connection, workspace, progress)
    except BaseException:
        connection.close()
        raise
    return connection


# Seconds to wait for another process that is updating the index (a large first build takes a while).
LOCK_TIMEOUT = 300


def _connect(path: Path | str) -> sqlite3.Connection:
    connection = sqlite3.connect(path, isolation_level=None, timeout=LOCK_TIMEOUT)
    version = connection.execute("PRAGMA user_version").fetchone()[0]
    if version != SCHEMA_VERSION:
        if version != 0 or connection.execute("SELECT count(*) FROM sqlite_master").fetchone()[0]:
            # Another version's index: it is only a cache, so start a new one.
            connection.close()
            _remove_index_files(path)
            connection = sqlite3.connect(path, isolation_level=None, timeout=LOCK_TIMEOUT)
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("BEGIN IMMEDIATE")
        # Two first searches at once: the one that waited for the lock finds the schema made.
        if connection.execute("PRAGMA user_version").fetchone()[0] != SCHEMA_VERSION:
            for statement in _SCHEMA.split(";\n"):
                if statement.strip():
                    connection.execute(statement)
        connection.execute("COMMIT")
    connection.execute("PRAGMA synchronous = NORMAL")
    return connection


def _remove_index_files(path: Path) -> None:
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def refresh(connection: sqlite3.Connection, workspace, progress: Progress | None = None) -> bool:
    """Index what changed since the last refresh; returns True when anything was (re)indexed."""
    # The common case, nothing changed, costs the store's stamp listing and one comparison of two
    # strings: every stamp, as listed, against the same made at the last refresh.
    if repr(workspace.change_stamps()) == _recorded_fingerprint(connection):
        return False
    connection.execute("BEGIN IMMEDIATE")
    try:
        # Another process may have refreshed while this one waited for the lock: compare again.
        listed = workspace.change_stamps()
        recorded = dict(connection.execute("SELECT item, stamp FROM items"))
        current = {_item_name(key): stamp for key, stamp in listed.items() if key[0] in _INDEXED}
        if recorded != current:
            _Updater(connection, workspace, progress).apply(recorded, current)
        connection.execute("INSERT OR REPLACE INTO state VALUES ('fingerprint', ?)", (repr(listed),))
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    return True


def _recorded_fingerprint(connection: sqlite3.Connection) -> str | None:
    row = connection.execute("SELECT value FROM state WHERE key = 'fingerprint'").fetchone()
    return row[0] if row else None


# The kinds of item the index is built from (the episode list is implied by the transcripts).
_INDEXED = (TRANSCRIPT, METADATA, ANNOTATIONS, TAXONOMY)
TAXONOMY_ITEM = f"{TAXONOMY}/"


def _item_name(key: tuple[str, str]) -> str:
    # An item as recorded: "transcript/<episode>", "annotations/<episode>", "taxonomy/".
    return f"{key[0]}/{key[1]}"


def _split_item(name: str) -> tuple[str, str]:
    kind, _, episode = name.partition("/")
    return kind, episode


class _Updater:
    """Applies the difference between the recorded and the current files to the index."""

    def __init__(self, connection: sqlite3.Connection, workspace, progress: Progress | None):
        self.connection = connection
        self.workspace = workspace
        self.progress = progress
        self.speaker_ids: dict[str, int] = dict(connection.execute("SELECT name, id FROM speakers"))

    def apply(self, recorded: dict[str, str], current: dict[str, str]) -> None:
        changed = {item for item, stamp in current.items() if recorded.get(item) != stamp}
        removed = set(recorded) - set(current)
        touched = [_split_item(item) for item in changed | removed]
        transcripts = sorted(episode for kind, episode in touched if kind == TRANSCRIPT)
        metadata = {episode for kind, episode in touched if kind == METADATA}
        # The store re-anchors annotations against their transcript, so a changed transcript means
        # its annotations are read again too.
        annotated = sorted(
            {episode for kind, episode in touched if kind == ANNOTATIONS}
            | {episode for episode in transcripts if f"{ANNOTATIONS}/{episode}" in current}
        )
        for number, episode in enumerate(transcripts, 1):
            if self.progress:
                self.progress(f"indexing transcripts {number}/{len(transcripts)}: {episode}")
            self.index_transcript(episode, f"{TRANSCRIPT}/{episode}" in current)
        for episode in sorted(metadata - set(transcripts)):
            self.index_metadata(episode)
        for number, episode in enumerate(annotated, 1):
            if self.progress:
                self.progress(f"indexing annotations {number}/{len(annotated)}: {episode}")
            self.index_annotations(episode, f"{ANNOTATIONS}/{episode}" in current)
        if any(kind == TAXONOMY for kind, _episode in touched):
            self.index_taxonomy(TAXONOMY_ITEM in current)
        self.connection.executemany("DELETE FROM items WHERE item = ?", [(item,) for item in removed])
        self.connection.executemany(
            "INSERT OR REPLACE INTO items VALUES (?, ?)", [(item, current[item]) for item in changed]
        )
        if len(transcripts) > 50:
            # After a large build, merge the full-text index's segments so queries read fewer of them.
            self.connection.execute("INSERT INTO cue_text(cue_text) VALUES ('optimize')")

    # Problems are kept per item, so every search can still say which items it could not read.
    def _problem(self, item: str, *errors: object) -> None:
        self.connection.execute("DELETE FROM problems WHERE item = ?", (item,))
        self.connection.executemany(
            "INSERT OR IGNORE INTO problems VALUES (?, ?)", [(item, str(error)) for error in errors]
        )

    def _delete_cues(self, episode_id: int) -> None:
        self.connection.execute(
            "INSERT INTO cue_text(cue_text, rowid, text) SELECT 'delete', id, text FROM cues WHERE episode_id = ?",
            (episode_id,),
        )
        self.connection.execute("DELETE FROM cues WHERE episode_id = ?", (episode_id,))

    def _episode_id(self, episode: str) -> int | None:
        row = self.connection.execute("SELECT id FROM episodes WHERE name = ?", (episode,)).fetchone()
        return row[0] if row else None

    def _speaker_id(self, name: str | None) -> int | None:
        if not name:
            return None
        speaker_id = self.speaker_ids.get(name)
        if speaker_id is None:
            from annotate.core.search_query import fold

            speaker_id = self.connection.execute(
                "INSERT INTO speakers(name, folded) VALUES (?, ?)", (name, fold(name))
            ).lastrowid
            self.speaker_ids[name] = speaker_id
        return speaker_id

    def index_transcript(self, episode: str, exists: bool) -> None:
        """Replace the episode's cues (and title and date) with what its files say now."""
        from annotate.core.errors import AnnotateError

        episode_id = self._episode_id(episode)
        if episode_id is not None:
            self._delete_cues(episode_id)
        path = f"{TRANSCRIPT}/{episode}"
        if not exists:
            if episode_id is not None:
                self.connection.execute("DELETE FROM episodes WHERE id = ?", (episode_id,))
            self._problem(path)
            return
        try:
            transcript = self.workspace.load_transcript(episode)
        except AnnotateError as error:
            # Unreadable now: keep the episode out of the index until its file changes again.
            if episode_id is not None:
                self.connection.execute("DELETE FROM episodes WHERE id = ?", (episode_id,))
            self._problem(path, error)
            return
        self._problem(path)
        metadata = transcript.metadata
        if episode_id is None:
            episode_id = self.connection.execute(
                "INSERT INTO episodes(name, title, date) VALUES (?, ?, ?)", (episode, metadata.title, metadata.date)
            ).lastrowid
        else:
            self.connection.execute(
                "UPDATE episodes SET title = ?, date = ? WHERE id = ?", (metadata.title, metadata.date, episode_id)
            )
        self.connection.executemany(
            "INSERT INTO cues(episode_id, cue_index, start_ms, end_ms, speaker_id, text) VALUES (?, ?, ?, ?, ?, ?)",
            [
                (episode_id, index, cue.start_ms, cue.end_ms, self._speaker_id(cue.speaker), cue.text)
                for index, cue in enumerate(transcript.cues)
            ],
        )
        self.connection.execute(
            "INSERT INTO cue_text(rowid, text) SELECT id, text FROM cues WHERE episode_id = ?", (episode_id,)
        )
        # An episode's cues have consecutive ids: a search within episodes reads only that stretch.
        self.connection.execute(
            "UPDATE episodes SET (first_cue, last_cue) = (SELECT min(id), max(id) FROM cues WHERE episode_id = ?) "
            "WHERE id = ?",
            (episode_id, episode_id),
        )

    def index_metadata(self, episode: str) -> None:
        """Only the sidecar changed: refresh the episode's title and date."""
        from annotate.core.errors import AnnotateError

        if self._episode_id(episode) is None or not self.workspace.has_episode(episode):
            return
        try:
            metadata = self.workspace.load_metadata(episode)
        except AnnotateError as error:
            self._problem(f"{METADATA}/{episode}", error)
            return
        self._problem(f"{METADATA}/{episode}")
        self.connection.execute(
            "UPDATE episodes SET title = ?, date = ? WHERE name = ?", (metadata.title, metadata.date, episode)
        )

    def index_annotations(self, episode: str, exists: bool) -> None:
        """Replace the episode's annotations with what its annotation file says now."""
        rows = self.connection.execute("SELECT id FROM annotations WHERE episode = ?", (episode,)).fetchall()
        self.connection.execute(
            "INSERT INTO annotation_text(annotation_text, rowid, note, quote) "
            "SELECT 'delete', id, note, quote FROM annotations WHERE episode = ?",
            (episode,),
        )
        self.connection.executemany("DELETE FROM annotation_tags WHERE annotation = ?", rows)
        self.connection.executemany("DELETE FROM annotated_cues WHERE annotation = ?", rows)
        self.connection.execute("DELETE FROM annotations WHERE episode = ?", (episode,))
        path = f"{ANNOTATIONS}/{episode}"
        if not exists:
            self._problem(path)
            return
        annotations, problems = _read_annotations(self.workspace, episode)
        self._problem(path, *problems)
        for annotation in annotations:
            anchor = annotation.anchor
            rowid = self.connection.execute(
                "INSERT INTO annotations(annotation_id, episode, start_ms, end_ms, speaker, annotator, note, quote, status) "
                "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                (annotation.id, episode, anchor.start_ms, anchor.end_ms, annotation.speaker, annotation.annotator or "",
                 annotation.note or "", anchor.quote, annotation.status),
            ).lastrowid
            self.connection.executemany(
                "INSERT INTO annotation_tags VALUES (?, ?, ?)",
                [(rowid, position, tag) for position, tag in enumerate(annotation.tags)],
            )
            self.connection.execute(
                "INSERT INTO annotation_text(rowid, note, quote) VALUES (?, ?, ?)", (rowid, annotation.note or "", anchor.quote)
            )
            if annotation.status == "ok":
                # The cues the passage overlaps, so that tag and annotator filters are a lookup per hit.
                self.connection.execute(
                    "INSERT INTO annotated_cues SELECT c.id, ? FROM cues c JOIN episodes e ON e.id = c.episode_id "
                    "WHERE e.name = ? AND c.start_ms < ? AND c.end_ms > ?",
                    (rowid, episode, anchor.end_ms, anchor.start_ms),
                )

    def index_taxonomy(self, exists: bool) -> None:
        """Record each tag's parent, so a tag filter can take in the tags below it without YAML."""
        self.connection.execute("DELETE FROM tags")
        if not exists:
            self._problem(TAXONOMY_ITEM)
            return
        from annotate.core.errors import AnnotateError

        try:
            taxonomy = self.workspace.load_taxonomy()
        except AnnotateError as error:
            self._problem(TAXONOMY_ITEM, error)
            return
        self._problem(TAXONOMY_ITEM)
        self.connection.executemany("INSERT OR REPLACE INTO tags VALUES (?, ?)", [(tag.id, tag.parent) for tag in taxonomy.tags])


def _read_annotations(workspace, episode: str) -> tuple[list, list]:
    """The episode's annotations through the store, and what kept any of them out (as messages)."""
    from annotate.core.errors import AnnotateError

    try:
        # Entries the store could not read are left out of the index: say so on every search.
        dropped = [problem for problem in workspace.annotation_problems(episode) if problem.leaves_out_an_entry]
        return workspace.annotations(episode), dropped
    except AnnotateError as error:
        return [], [error]


def problems(connection: sqlite3.Connection) -> list[str]:
    """One line per workspace file the index could not read (``FILE:LINE: reason``)."""
    return [message for (message,) in connection.execute("SELECT message FROM problems ORDER BY item")]
