"""The PostgreSQL workspace: the same episodes, annotations and taxonomy as a folder, in a database.

Concurrency is the database's: every change is one transaction. Writers of one episode's
annotations queue on that episode's ``change_stamps`` row (taken ``FOR UPDATE`` first), a change
to an existing annotation is checked against its stored ``version`` inside the transaction, and a
taxonomy change locks the taxonomy row, then every annotated episode's row in id order, so a
rename and a tagging running at the same moment never interleave and never deadlock.
"""

from __future__ import annotations

import copy
import functools
import hashlib
import threading
from collections.abc import Callable, Collection, Iterator
from contextlib import contextmanager
from pathlib import Path

from annotate.core.annotations import annotation_content, annotation_record, now_stamp, require_storable_annotation
from annotate.core.errors import AnnotateError, ConflictError, StaleAnnotationError
from annotate.core.ids import is_annotation_id, is_episode_id, new_annotation_id, require_annotation_id, require_episode_id
from annotate.core.model import Annotation, Taxonomy, Transcript, TranscriptMetadata
from annotate.core.normalize import NORMALIZER_VERSION
from annotate.core.store.postgres import rows
from annotate.core.store.postgres.connection import connect, database_name, redacted
from annotate.core.store.postgres.match_postings import DatabasePostings, stale_episodes, write_postings
from annotate.core.store.protocol import (
    ANNOTATIONS,
    EPISODE_LIST,
    METADATA,
    TAXONOMY,
    TRANSCRIPT,
    AnnotationProblem,
    ItemKey,
    Retag,
    Stamp,
    TaxonomyChange,
    TaxonomyEdit,
)

# How often a transaction that lost a deadlock or serialization race is tried again.
RETRIES = 5
_SELECT_ANNOTATIONS = f"SELECT {', '.join(rows.ANNOTATION_COLUMNS)}, version FROM annotations"


def _one_at_a_time(method):
    # One connection serves the instance; its threads (a screen and its workers) take turns.
    @functools.wraps(method)
    def guarded(self, *arguments, **options):
        with self._lock:
            return method(self, *arguments, **options)

    return guarded


class PostgresWorkspace:
    """A workspace in one schema of a PostgreSQL database (see :mod:`annotate.core.store.protocol`)."""

    def __init__(self, url: str, connection):
        self.url = url
        self.location = redacted(url)
        self._connection = connection
        self._lock = threading.RLock()
        self.schema = self._connection.execute("SELECT current_schema()").fetchone()[0]
        database = database_name(url)
        self.name = database if self.schema == "public" else f"{database}/{self.schema}"
        self._transcripts: dict[str, tuple[tuple, Transcript]] = {}
        self._annotations: dict[str, tuple[tuple, list[Annotation]]] = {}
        self._taxonomy: tuple[str, Taxonomy] | None = None

    def __repr__(self) -> str:
        return f"PostgresWorkspace({self.location!r})"

    def close(self) -> None:
        """Close the connection (a closed workspace cannot be used again)."""
        self._connection.close()

    @property
    def cache_dir(self) -> Path:
        """A folder of this user's for derived caches, one per database and schema."""
        from platformdirs import user_cache_dir

        digest = hashlib.sha256(f"{self.location}|{self.schema}".encode()).hexdigest()[:16]
        folder = Path(user_cache_dir("annotate")) / "postgres" / digest
        folder.mkdir(parents=True, exist_ok=True)
        return folder

    # -- plumbing ------------------------------------------------------------------------------

    def _connected(self):
        # A connection the server dropped (a restart, an idle timeout) is made again once.
        if self._connection.closed or self._connection.broken:
            self._connection = connect(self.url)
            self._transcripts.clear()
            self._annotations.clear()
            self._taxonomy = None
        return self._connection

    def _query(self, statement: str, parameters=None) -> list[tuple]:
        import psycopg

        try:
            return self._connected().execute(statement, parameters).fetchall()
        except psycopg.OperationalError as error:
            raise AnnotateError(f"the database connection failed: {' '.join(str(error).split())}", self.location) from None
        except psycopg.Error as error:  # a value the database cannot take (a NUL character): one line, no traceback
            raise AnnotateError(f"the database refused the query: {' '.join(str(error).split())[:200]}", self.location) from None

    def _transaction(self, work: Callable):
        """Run ``work(cursor)`` in one transaction, again when it lost a deadlock or serialization race."""
        import psycopg.errors

        for attempt in range(RETRIES):
            connection = self._connected()
            try:
                with connection.transaction(), connection.cursor() as cursor:
                    return work(cursor)
            except (psycopg.errors.DeadlockDetected, psycopg.errors.SerializationFailure):
                if attempt == RETRIES - 1:
                    raise AnnotateError("the database kept refusing the change as conflicting; try again", self.location) from None
            except psycopg.OperationalError as error:
                if connection.closed or connection.broken:
                    raise AnnotateError(f"the database connection failed: {' '.join(str(error).split())}", self.location) from None
                reason = " ".join(str(error).split())[:200]  # a limit of the server's (a text index row past 1 MB)
                raise AnnotateError(f"the database refused the change, so nothing was stored: {reason}", self.location) from None
            except psycopg.Error as error:
                # What the checks before writing did not foresee: the transaction is rolled back, so nothing is stored.
                reason = " ".join(str(error).split())[:200]
                raise AnnotateError(f"the database refused the change, so nothing was stored: {reason}", self.location) from None

    def _stamps(self, kinds: Collection[str], episode: str) -> tuple:
        found = dict(
            self._query(
                "SELECT kind, stamp FROM change_stamps WHERE episode = %s AND kind = ANY(%s)", [episode, list(kinds)]
            )
        )
        return tuple(found.get(kind) for kind in kinds)

    @staticmethod
    def _touch(cursor, kind: str, episode: str = "") -> None:
        cursor.execute(
            "INSERT INTO change_stamps (kind, episode) VALUES (%s, %s)"
            " ON CONFLICT (kind, episode) DO UPDATE SET stamp = nextval('changes')",
            [kind, episode],
        )

    @staticmethod
    def _lock_episode(cursor, episode: str) -> None:
        # Writers of one episode's annotations queue here (the row is made on first use).
        cursor.execute(
            "INSERT INTO change_stamps (kind, episode) VALUES (%s, %s) ON CONFLICT (kind, episode) DO NOTHING",
            [ANNOTATIONS, episode],
        )
        cursor.execute("SELECT 1 FROM change_stamps WHERE kind = %s AND episode = %s FOR UPDATE", [ANNOTATIONS, episode])

    # -- episodes --------------------------------------------------------------------------------

    @_one_at_a_time
    def episode_ids(self) -> list[str]:
        """Ids of the episodes that have a transcript, sorted."""
        return sorted(identifier for (identifier,) in self._query("SELECT id FROM episodes"))

    @_one_at_a_time
    def has_episode(self, episode_id: str) -> bool:
        if not is_episode_id(episode_id or ""):
            return False
        return bool(self._query("SELECT 1 FROM episodes WHERE id = %s", [episode_id]))

    def require_episode(self, episode_id: str) -> str:
        """``episode_id`` when it exists, else AnnotateError naming the episodes there are."""
        if not self.has_episode(episode_id):
            known = ", ".join(self.episode_ids()) or "none"
            raise AnnotateError(f"no episode {episode_id!r} in this workspace (episodes: {known})")
        return episode_id

    @_one_at_a_time
    def load_transcript(self, episode_id: str) -> Transcript:
        """The episode's cues and metadata; cached until either changes in the database."""
        self.require_episode(episode_id)
        stamp = self._stamps((TRANSCRIPT, METADATA), episode_id)
        cached = self._transcripts.get(episode_id)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        metadata = self.load_metadata(episode_id)
        cues = [
            rows.cue_from_row(row)
            for row in self._query(
                "SELECT start_ms, end_ms, text, speaker, words, identifier FROM cues WHERE episode = %s ORDER BY position",
                [episode_id],
            )
        ]
        transcript = Transcript(episode_id, cues, metadata)
        self._transcripts[episode_id] = (stamp, transcript)
        return transcript

    @_one_at_a_time
    def load_metadata(self, episode_id: str) -> TranscriptMetadata:
        """The episode's title, date, participants... without its cues."""
        found = self._query(f"SELECT {', '.join(rows.METADATA_COLUMNS)} FROM episodes WHERE id = %s", [episode_id])
        if not found:
            self.require_episode(episode_id)
        return rows.metadata_from_row(found[0])

    @_one_at_a_time
    def save_metadata(self, episode_id: str, metadata: TranscriptMetadata) -> None:
        """Store an existing episode's metadata alone (its cues untouched), in one transaction."""
        from annotate.core.storable import require_storable_transcript

        self.require_episode(episode_id)
        require_storable_transcript(Transcript(episode_id, [], metadata), self.item_location((METADATA, episode_id)))
        values = rows.episode_row(Transcript(episode_id, [], metadata))[1 : 1 + len(rows.METADATA_COLUMNS)]
        assignments = ", ".join(f"{column} = %s" for column in rows.METADATA_COLUMNS)

        def work(cursor) -> None:
            cursor.execute(f"UPDATE episodes SET {assignments} WHERE id = %s", [*values, episode_id])
            self._touch(cursor, METADATA, episode_id)

        self._transaction(work)
        self._transcripts.pop(episode_id, None)

    def item_location(self, item: ItemKey) -> str:
        """Where a stored item is, for messages: the database and the item (``annotate_test:metadata/ep1``)."""
        kind, episode_id = item
        return f"{self.name}:{kind}/{episode_id}" if episode_id else f"{self.name}:{kind}"

    def load_transcripts(self) -> tuple[list[Transcript], list[AnnotateError]]:
        """Every transcript (a database holds no unreadable ones)."""
        return [self.load_transcript(episode_id) for episode_id in self.episode_ids()], []

    @_one_at_a_time
    def save_transcript(self, transcript: Transcript) -> None:
        """Store or replace the transcript and its metadata in one transaction."""
        require_episode_id(transcript.id)
        self._transaction(lambda cursor: self._store_transcript(cursor, transcript))
        self._transcripts.pop(transcript.id, None)

    def _store_transcript(self, cursor, transcript: Transcript) -> None:
        from annotate.core.storable import require_storable_transcript

        require_storable_transcript(transcript, f"{self.name}:transcripts/{transcript.id}")
        columns = ", ".join(rows.EPISODE_COLUMNS)
        updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in rows.EPISODE_COLUMNS[1:])
        cursor.execute("SELECT 1 FROM episodes WHERE id = %s FOR UPDATE", [transcript.id])
        is_new = cursor.fetchone() is None
        cursor.execute(
            f"INSERT INTO episodes ({columns}) VALUES ({', '.join(['%s'] * len(rows.EPISODE_COLUMNS))})"
            f" ON CONFLICT (id) DO UPDATE SET {updates}",
            rows.episode_row(transcript),
        )
        cursor.execute("DELETE FROM cues WHERE episode = %s", [transcript.id])
        with cursor.copy(f"COPY cues ({', '.join(rows.CUE_COLUMNS)}) FROM STDIN") as copying:
            for row in rows.cue_rows(transcript):
                copying.write_row(row)
        write_postings(cursor, transcript, replacing=not is_new)
        self._touch(cursor, TRANSCRIPT, transcript.id)
        self._touch(cursor, METADATA, transcript.id)
        if is_new:
            self._touch(cursor, EPISODE_LIST)

    @_one_at_a_time
    def match_postings(self, index) -> DatabasePostings:
        """The quote matcher's candidate look-ups for ``index``, answered by the database.

        Episodes stored before the postings existed (or by another normaliser) get theirs first.
        """
        self.refresh_match_postings()
        every_episode = set(index.episode_ids) == set(self.episode_ids())
        return DatabasePostings(self._read, index, every_episode)

    @_one_at_a_time
    def refresh_match_postings(self) -> int:
        """Write the match postings of episodes that lack current ones (after an upgrade); how many were written."""
        stale, emptied = self._transaction(stale_episodes)
        for episode_id in stale:
            transcript = self.load_transcript(episode_id)
            self._transaction(lambda cursor: self._refresh_postings(cursor, transcript, replacing=not emptied))
        return len(stale)

    @contextmanager
    def bulk_load(self) -> Iterator[None]:
        """Many transcripts about to be written into this new workspace: the postings' index is made once, at the end.

        Keeping a big index up to date row by row is what makes a large copy slow; built once and
        then packed (:meth:`compact`), a ten-million-word copy takes a fraction of the time.
        """
        self._connected().execute("ALTER TABLE match_postings DROP CONSTRAINT match_postings_pkey")
        try:
            yield
        finally:
            self._connected().execute("ALTER TABLE match_postings ADD PRIMARY KEY (key, episode) INCLUDE (occurrences)")
            self.compact()

    @_one_at_a_time
    def compact(self) -> None:
        """Re-pack storage after many writes: the match postings in key order, so a quote's look-ups read few pages.

        Rows written one episode at a time lie scattered; packed, a quote's look-ups at ten million
        words read a few hundred pages rather than thousands. Holds the table for a few seconds
        per ten million words (matching and saving transcripts wait meanwhile).
        """
        connection = self._connected()
        connection.execute("CLUSTER match_postings USING match_postings_pkey")
        connection.execute("VACUUM (ANALYZE) match_postings")

    def _refresh_postings(self, cursor, transcript: Transcript, replacing: bool) -> None:
        # Another process may have written them meanwhile: the row lock and version tell.
        cursor.execute("SELECT match_terms_version FROM episodes WHERE id = %s FOR UPDATE", [transcript.id])
        found = cursor.fetchone()
        if found is not None and found[0] != NORMALIZER_VERSION:
            write_postings(cursor, transcript, replacing=replacing)

    @_one_at_a_time
    def _read(self, statement: str, parameters=None) -> list[tuple]:
        return self._query(statement, parameters)

    @_one_at_a_time
    def add_episodes(self, episodes: list[tuple[Transcript, list[Annotation]]], edit: TaxonomyEdit | None = None) -> Taxonomy:
        """Store new episodes with their annotations and edit the taxonomy, in one transaction."""
        from annotate.core.taxonomy import parse_taxonomy, serialize_taxonomy, validate_taxonomy

        episode_ids = [transcript.id for transcript, _annotations in episodes]
        for episode_id in episode_ids:
            require_episode_id(episode_id)

        def work(cursor) -> Taxonomy:
            cursor.execute("SELECT document FROM taxonomy FOR UPDATE")
            document = cursor.fetchone()[0]
            cursor.execute(
                "SELECT id FROM episodes WHERE id = ANY(%s) UNION SELECT episode FROM annotations WHERE episode = ANY(%s)",
                [episode_ids, episode_ids],
            )
            taken = sorted({found for (found,) in cursor.fetchall()} | {e for e in episode_ids if episode_ids.count(e) > 1})
            if taken:
                raise AnnotateError(f"episode {taken[0]!r} exists already; nothing was stored")
            current = parse_taxonomy(document, self._taxonomy_location())
            taxonomy = edit(copy.deepcopy(current)) if edit is not None else current
            validate_taxonomy(taxonomy)
            if taxonomy.tags != current.tags:
                self._store_taxonomy(cursor, taxonomy, serialize_taxonomy(taxonomy, document))
            for transcript, annotations in episodes:
                self._store_transcript(cursor, transcript)
                self._lock_episode(cursor, transcript.id)
                for annotation in annotations:
                    added = self._new(annotation)
                    if self._insert(cursor, added) is None:
                        raise AnnotateError(f"annotation id {added.id} appears twice in episode {transcript.id}; nothing was stored")
                self._touch(cursor, ANNOTATIONS, transcript.id)
            return taxonomy

        return self._transaction(work)

    # -- annotations: reading ----------------------------------------------------------------

    @_one_at_a_time
    def annotated_episodes(self) -> list[str]:
        """Episodes that have at least one stored annotation."""
        return sorted(episode for (episode,) in self._query("SELECT DISTINCT episode FROM annotations"))

    @_one_at_a_time
    def annotations(self, episode_id: str) -> list[Annotation]:
        """The episode's annotations re-anchored against its transcript, sorted by start then id."""
        transcript = self._transcript_or_none(episode_id)
        stamp = self._stamps((ANNOTATIONS,), episode_id)
        cached = self._annotations.get(episode_id)
        if cached is not None and cached[0] == (stamp, id(transcript)):
            return copy.deepcopy(cached[1])
        placed = self._placed(self._query(f"{_SELECT_ANNOTATIONS} WHERE episode = %s", [episode_id]), transcript)
        self._annotations[episode_id] = ((stamp, id(transcript)), placed)
        return copy.deepcopy(placed)

    def _placed(self, found: list[tuple], transcript: Transcript | None) -> list[Annotation]:
        # Stored annotations as handed out: re-anchored against the transcript, in file order.
        annotations = [rows.annotation_from_row(row) for row in found]
        if transcript is not None and annotations:
            from annotate.core.anchoring import verify_anchors

            verify_anchors(transcript, annotations)
        return sorted(annotations, key=lambda annotation: (annotation.anchor.start_ms, annotation.id))

    def _transcript_or_none(self, episode_id: str) -> Transcript | None:
        if not self.has_episode(episode_id):
            return None
        return self.load_transcript(episode_id)

    def annotation_problems(self, episode_id: str) -> list[AnnotationProblem]:
        """None: the database refuses an annotation it could not read back when it is written."""
        return []

    @_one_at_a_time
    def annotation_counts(self) -> tuple[dict[str, int], dict[str, AnnotateError]]:
        """Episode id -> its number of annotations (no re-anchoring)."""
        return dict(self._query("SELECT episode, count(*) FROM annotations GROUP BY episode")), {}

    @_one_at_a_time
    def get_annotation(self, annotation_id: str) -> Annotation | None:
        """The annotation with this id from any episode, re-anchored, with its version."""
        if not is_annotation_id(annotation_id or ""):
            return None
        found = self._query("SELECT episode FROM annotations WHERE id = %s ORDER BY episode LIMIT 1", [annotation_id])
        if not found:
            return None
        return next((annotation for annotation in self.annotations(found[0][0]) if annotation.id == annotation_id), None)

    def annotation_location(self, annotation: Annotation) -> tuple[str, int | None]:
        """(where the annotation's row is, for messages; no line)."""
        return f"{self.annotations_location(annotation.episode)}#{annotation.id}", None

    def annotations_location(self, episode_id: str) -> str:
        """The database and the episode whose annotations these are, for messages."""
        return f"{self.name}:annotations/{episode_id}"

    # -- annotations: changing -----------------------------------------------------------------

    @_one_at_a_time
    def add_annotation(self, annotation: Annotation) -> Annotation:
        """Store a new annotation (a fresh id when it has none); refused when its id is taken."""
        added = self._new(annotation)

        def work(cursor) -> Annotation:
            self._lock_episode(cursor, added.episode)
            version = self._insert(cursor, added)
            if version is None:
                raise AnnotateError(f"an annotation with id {added.id} already exists", self.annotations_location(added.episode))
            self._touch(cursor, ANNOTATIONS, added.episode)
            return _versioned(added, version)

        return self._transaction(work)

    @_one_at_a_time
    def add_annotations(self, annotations: list[Annotation]) -> list[Annotation]:
        """Store many new annotations in one transaction (all or none), e.g. when copying a workspace."""
        added = [self._new(annotation) for annotation in annotations]

        def work(cursor) -> list[Annotation]:
            for episode in sorted({annotation.episode for annotation in added}):
                self._lock_episode(cursor, episode)
            saved = []
            for annotation in added:
                version = self._insert(cursor, annotation)
                if version is None:
                    raise AnnotateError(f"an annotation with id {annotation.id} already exists", self.annotations_location(annotation.episode))
                saved.append(_versioned(annotation, version))
            for episode in sorted({annotation.episode for annotation in added}):
                self._touch(cursor, ANNOTATIONS, episode)
            return saved

        return self._transaction(work)

    @_one_at_a_time
    def add_or_extend(self, annotation: Annotation, *, require_known_tags: bool = True) -> tuple[Annotation, bool]:
        """Add ``annotation``, or extend its annotator's own annotation of exactly this passage.

        The tags are checked against the taxonomy row read ``FOR SHARE`` in the same transaction,
        so a taxonomy change (which takes it ``FOR UPDATE``) runs wholly before or after.
        """
        from annotate.core.services.tagging import extend_or_new

        require_episode_id(annotation.episode or "")
        require_storable_annotation(annotation, self.annotations_location(annotation.episode))  # before it is looked up by annotator
        transcript = self._transcript_or_none(annotation.episode)

        def work(cursor) -> tuple[Annotation, bool]:
            if require_known_tags:
                from annotate.core.taxonomy import parse_taxonomy, require_tags

                cursor.execute("SELECT document FROM taxonomy FOR SHARE")
                require_tags(parse_taxonomy(cursor.fetchone()[0], self._taxonomy_location()), annotation.tags)
            self._lock_episode(cursor, annotation.episode)
            # Only the annotator's own annotations can be extended, so only they are read and placed.
            cursor.execute(f"{_SELECT_ANNOTATIONS} WHERE episode = %s AND annotator = %s", [annotation.episode, annotation.annotator])
            existing = self._placed(cursor.fetchall(), transcript)
            saved, created = extend_or_new(existing, annotation, now_stamp())
            if created:
                saved = self._new(saved)
                version = self._insert(cursor, saved)
                if version is None:
                    raise AnnotateError(f"an annotation with id {saved.id} already exists", self.annotations_location(saved.episode))
            else:
                stored = next(stored for stored in existing if stored.id == saved.id)
                if annotation_content(stored) == annotation_content(saved) and stored.modified == saved.modified:
                    return saved, False
                version = self._upsert(cursor, saved)
            self._touch(cursor, ANNOTATIONS, annotation.episode)
            return _versioned(saved, version), created

        return self._transaction(work)

    @_one_at_a_time
    def update_annotation(self, annotation: Annotation, *, keep_modified: bool = False) -> Annotation:
        """Replace the stored annotation; refused (StaleAnnotationError) unless its version is the stored one."""
        changed = copy.deepcopy(annotation)
        require_annotation_id(changed.id)

        def work(cursor) -> Annotation:
            stored = self._stored_as_read(cursor, annotation, "change")
            if annotation_content(stored) == annotation_content(changed):
                return stored
            changed.created = stored.created
            changed.modified = changed.modified if keep_modified and changed.modified else now_stamp()
            version = self._upsert(cursor, changed)
            self._touch(cursor, ANNOTATIONS, changed.episode)
            return _versioned(changed, version)

        return self._transaction(work)

    @_one_at_a_time
    def remove_annotation(self, annotation: Annotation) -> Annotation:
        """Delete the stored annotation; refused like :meth:`update_annotation` when the copy is stale."""

        def work(cursor) -> Annotation:
            stored = self._stored_as_read(cursor, annotation, "remove")
            cursor.execute("DELETE FROM annotations WHERE episode = %s AND id = %s", [annotation.episode, annotation.id])
            self._touch(cursor, ANNOTATIONS, annotation.episode)
            return stored

        return self._transaction(work)

    @_one_at_a_time
    def save_annotations(self, episode_id: str) -> bool:
        """Store the episode's annotations as re-anchored against its transcript; True if any row changed."""
        require_episode_id(episode_id)
        transcript = self._transcript_or_none(episode_id)

        def work(cursor) -> bool:
            self._lock_episode(cursor, episode_id)
            cursor.execute(f"{_SELECT_ANNOTATIONS} WHERE episode = %s", [episode_id])
            stored = cursor.fetchall()
            placed = self._placed(stored, transcript)
            as_stored = {annotation.id: annotation for annotation in (rows.annotation_from_row(row) for row in stored)}
            changed = [annotation for annotation in placed if annotation_record(annotation) != annotation_record(as_stored[annotation.id])]
            for annotation in changed:
                self._upsert(cursor, annotation)
            if changed:
                self._touch(cursor, ANNOTATIONS, episode_id)
            return bool(changed)

        return self._transaction(work)

    def _new(self, annotation: Annotation) -> Annotation:
        added = copy.deepcopy(annotation)
        require_episode_id(added.episode or "")
        added.id = added.id or new_annotation_id()
        require_annotation_id(added.id)
        added.created = added.created or now_stamp()
        added.modified = added.modified or added.created
        return added

    def _stored_as_read(self, cursor, annotation: Annotation, verb: str) -> Annotation:
        # The stored row, locked, when the caller's copy is of its current version; else refused.
        self._lock_episode(cursor, annotation.episode)
        cursor.execute(f"{_SELECT_ANNOTATIONS} WHERE episode = %s AND id = %s FOR UPDATE", [annotation.episode, annotation.id])
        found = cursor.fetchone()
        where = self.annotation_location(annotation)[0]
        if found is None:
            raise StaleAnnotationError(
                annotation.id, f"cannot {verb} annotation {annotation.id}: it is not stored any more (removed by someone else?)", where
            )
        stored = rows.annotation_from_row(found)
        if stored.version != annotation.version:
            raise StaleAnnotationError(
                annotation.id,
                f"cannot {verb} annotation {annotation.id}: someone else changed it since it was read; "
                "reload to see their version and try again",
                where,
            )
        return stored

    def _insert(self, cursor, annotation: Annotation) -> int | None:
        # The new row's version, or None when the id is taken in the episode.
        require_storable_annotation(annotation, self.annotations_location(annotation.episode))
        cursor.execute(
            f"INSERT INTO annotations ({', '.join(rows.ANNOTATION_COLUMNS)})"
            f" VALUES ({', '.join(['%s'] * len(rows.ANNOTATION_COLUMNS))})"
            " ON CONFLICT (episode, id) DO NOTHING RETURNING version",
            rows.annotation_row(annotation),
        )
        found = cursor.fetchone()
        return found[0] if found else None

    def _upsert(self, cursor, annotation: Annotation) -> int:
        require_storable_annotation(annotation, self.annotations_location(annotation.episode))
        updates = ", ".join(f"{column} = EXCLUDED.{column}" for column in rows.ANNOTATION_COLUMNS[2:])
        cursor.execute(
            f"INSERT INTO annotations ({', '.join(rows.ANNOTATION_COLUMNS)})"
            f" VALUES ({', '.join(['%s'] * len(rows.ANNOTATION_COLUMNS))})"
            f" ON CONFLICT (episode, id) DO UPDATE SET {updates}, version = nextval('changes') RETURNING version",
            rows.annotation_row(annotation),
        )
        return cursor.fetchone()[0]

    # -- taxonomy ------------------------------------------------------------------------------

    def _taxonomy_location(self) -> str:
        return f"{self.name}:taxonomy"

    @_one_at_a_time
    def load_taxonomy(self) -> Taxonomy:
        """The codebook (validated when it was stored); cached until it changes."""
        from annotate.core.taxonomy import parse_taxonomy

        document = self.taxonomy_document()
        if self._taxonomy is None or self._taxonomy[0] != document:
            self._taxonomy = (document, parse_taxonomy(document, self._taxonomy_location()))
        return copy.deepcopy(self._taxonomy[1])

    @_one_at_a_time
    def taxonomy_document(self) -> str:
        """The codebook's YAML document, as last stored (a person's own layout kept)."""
        return self._query("SELECT document FROM taxonomy")[0][0]

    @_one_at_a_time
    def replace_taxonomy_document(self, document: str) -> Taxonomy:
        """Store a whole codebook document (validated first; annotations untouched), e.g. when copying."""
        from annotate.core.taxonomy import parse_taxonomy

        taxonomy = parse_taxonomy(document, self._taxonomy_location())

        def work(cursor) -> None:
            cursor.execute("SELECT 1 FROM taxonomy FOR UPDATE")
            self._store_taxonomy(cursor, taxonomy, document)

        self._transaction(work)
        return taxonomy

    @_one_at_a_time
    def change_taxonomy(self, edit: TaxonomyEdit, retag: Retag | None = None) -> TaxonomyChange:
        """Edit the taxonomy and retag every annotation in one transaction."""
        from annotate.core.taxonomy import parse_taxonomy, serialize_taxonomy, validate_taxonomy

        def work(cursor) -> TaxonomyChange:
            cursor.execute("SELECT document FROM taxonomy FOR UPDATE")
            document = cursor.fetchone()[0]
            current = parse_taxonomy(document, self._taxonomy_location())
            taxonomy = edit(copy.deepcopy(current))
            validate_taxonomy(taxonomy)
            changed = 0
            if retag is not None:
                cursor.execute(
                    "SELECT episode FROM change_stamps WHERE kind = %s ORDER BY episode FOR UPDATE", [ANNOTATIONS]
                )
                cursor.execute("SELECT episode, id, tags FROM annotations ORDER BY episode, id")
                retagged = [
                    (episode, identifier, new_tags)
                    for episode, identifier, tags in cursor.fetchall()
                    if (new_tags := retag(list(tags))) != list(tags)
                ]
                for episode, identifier, new_tags in retagged:
                    cursor.execute(
                        "UPDATE annotations SET tags = %s, version = nextval('changes') WHERE episode = %s AND id = %s",
                        [new_tags, episode, identifier],
                    )
                for episode in sorted({episode for episode, _, _ in retagged}):
                    self._touch(cursor, ANNOTATIONS, episode)
                changed = len(retagged)
            if taxonomy.tags != current.tags:
                self._store_taxonomy(cursor, taxonomy, serialize_taxonomy(taxonomy, document))
            return TaxonomyChange(taxonomy, changed)

        return self._transaction(work)

    def _store_taxonomy(self, cursor, taxonomy: Taxonomy, document: str) -> None:
        cursor.execute("UPDATE taxonomy SET document = %s", [document])
        cursor.execute("DELETE FROM tags")
        with cursor.copy("COPY tags (id, position, label, description, color, parent, key) FROM STDIN") as copying:
            for position, tag in enumerate(taxonomy.tags):
                copying.write_row((tag.id, position, tag.label, tag.description, tag.color, tag.parent, tag.key))
        self._touch(cursor, TAXONOMY)

    @_one_at_a_time
    def tag_counts(self, expand: Callable[[list[str]], set[str]] | None = None) -> dict[str, int]:
        """Tag id -> how many annotations count for it (``expand``: see the Protocol)."""
        if expand is None:
            return dict(
                self._query(
                    "SELECT tag, count(*) FROM (SELECT DISTINCT episode, id, unnest(tags) AS tag FROM annotations) AS used GROUP BY tag"
                )
            )
        counts: dict[str, int] = {}
        for (tags,) in self._query("SELECT tags FROM annotations"):
            for tag_id in expand(list(tags)):
                counts[tag_id] = counts.get(tag_id, 0) + 1
        return counts

    # -- changes ---------------------------------------------------------------------------------

    @_one_at_a_time
    def change_stamps(self, episodes: Collection[str] | None = None) -> dict[ItemKey, Stamp]:
        """The stamp of every item (or of the taxonomy, the episode list and ``episodes``'): one query."""
        if episodes is None:
            found = self._query("SELECT kind, episode, stamp FROM change_stamps")
        else:
            found = self._query(
                "SELECT kind, episode, stamp FROM change_stamps WHERE episode = '' OR episode = ANY(%s)", [list(episodes)]
            )
        return {(kind, episode): str(stamp) for kind, episode, stamp in found}

    @_one_at_a_time
    def search_hits(self, query, limit: int, fuzzy: bool = False) -> list:
        """Search on the database's full-text index (see :mod:`annotate.core.store.postgres.search`)."""
        from annotate.core.store.postgres.search import search_database

        return search_database(self, query, limit, fuzzy)

    def recover(self) -> list[str]:
        """Nothing to do: an interrupted transaction leaves no trace in the database."""
        return []


def _versioned(annotation: Annotation, version: int) -> Annotation:
    handed = copy.deepcopy(annotation)
    handed.version = str(version)
    return handed
