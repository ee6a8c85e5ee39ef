"""The match index on disk, under ``.annotate/match/``: per-episode terms, and the whole index mapped.

Each episode's terms and cues are cached in ``<id>.npz`` and rebuilt only when its transcript
changed; the index of a whole workspace is saved as one folder of arrays named by the stamps of
every transcript in it, so an unchanged archive opens by mapping files. Whether a transcript
changed is answered in one place, :func:`transcript_stamp` (the store's change stamp, so a
database workspace's index is cached the same way, in its own cache folder).
"""

from __future__ import annotations

import hashlib
import io
import shutil
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from annotate.core.atomic import atomic_write_bytes
from annotate.core.cache import clear_if_not_regular, writable_cache_folder
from annotate.core.errors import AnnotateError
from annotate.core.match.index import INDEX_FORMAT, EpisodeCues, EpisodeTerms, MatchIndex
from annotate.core.normalize import NORMALIZER_VERSION

# A half-saved index older than this was left by a process that died; it is removed.
STALE_SAVE_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class IndexProgress:
    """Progress while the index is built: ``done`` of ``total`` episodes, the one being read."""

    done: int
    total: int
    episode: str
    rebuilt: bool


def transcript_stamp(workspace, episode_id: str) -> tuple[int, ...]:
    """What changes whenever the episode's transcript changes: the one "has it changed?" check of the cache.

    The store's change stamp of the transcript (any backend), as a number. Raises OSError when
    the transcript is not stored.
    """
    return transcript_stamps(workspace, [episode_id])[episode_id]


def transcript_stamps(workspace, episode_ids: list[str]) -> dict[str, tuple[int, ...]]:
    """:func:`transcript_stamp` of several episodes, asked of the store at once."""
    from annotate.core.store.items import TRANSCRIPT

    stamps = workspace.change_stamps(episode_ids)
    found = {}
    for episode_id in episode_ids:
        stamp = stamps.get((TRANSCRIPT, episode_id))
        if stamp is None:
            raise FileNotFoundError(f"episode {episode_id!r} has no transcript")
        found[episode_id] = (int.from_bytes(hashlib.blake2b(stamp.encode("utf-8"), digest_size=7).digest(), "big"),)
    return found


def load_index(
    workspace,
    episodes: Iterable[str] | None = None,
    progress: Callable[[IndexProgress], None] | None = None,
) -> tuple[MatchIndex, list[AnnotateError]]:
    """The index of the workspace's episodes (or only ``episodes``), from the cache where it is current.

    Also the transcripts that could not be read (not indexed), each error naming its file.
    """
    episode_ids = [workspace.require_episode(episode) for episode in episodes] if episodes else workspace.episode_ids()
    episode_ids = list(dict.fromkeys(episode_ids))
    # None when .annotate/ cannot be written: the index is then built in memory, not cached.
    cache_folder = writable_cache_folder(workspace, "match")
    # The whole workspace's index is kept too, mapped from disk: a big archive opens at once.
    whole = _whole_index_folder(workspace, cache_folder, episode_ids) if not episodes and cache_folder else None
    if whole is not None and whole.is_dir():
        try:
            index = MatchIndex.load(whole)
            if progress is not None:
                progress(IndexProgress(len(episode_ids), len(episode_ids), "", False))
            return index, []
        except (OSError, ValueError, AnnotateError):
            shutil.rmtree(whole, ignore_errors=True)  # damaged, or a FIFO put in it: rebuilt
    loaded, errors = [], []
    for number, episode_id in enumerate(episode_ids):
        try:
            terms, rebuilt = _cached_terms(workspace, episode_id, cache_folder)
            loaded.append((episode_id, terms))
        except AnnotateError as error:
            errors.append(error)
            rebuilt = False
        if progress is not None:
            progress(IndexProgress(number + 1, len(episode_ids), episode_id, rebuilt))
    index = MatchIndex(loaded)
    if whole is not None:
        _forget_removed_episodes(cache_folder, set(episode_ids))
        if not errors:
            index.save(whole)
    return index, errors


def _versioned_stamp(workspace, episode_id: str) -> np.ndarray:
    return np.asarray([*transcript_stamp(workspace, episode_id), NORMALIZER_VERSION, INDEX_FORMAT], dtype=np.int64)


def _whole_index_folder(workspace, cache_folder: Path, episode_ids: list[str]) -> Path | None:
    """Where the index of exactly these transcripts, as they are on disk now, is kept."""
    digest = hashlib.sha1(f"{NORMALIZER_VERSION}:{INDEX_FORMAT}".encode())
    try:
        stamps = transcript_stamps(workspace, episode_ids)
    except OSError:
        return None
    for episode_id in episode_ids:
        digest.update(f"\n{episode_id}\t{stamps[episode_id]}".encode())
    cache_folder.mkdir(parents=True, exist_ok=True)
    return cache_folder / f"index-{digest.hexdigest()[:20]}"


def _transcript_location(workspace, episode_id: str) -> str:
    # The transcript's file for a folder workspace; the workspace itself for others.
    transcript_path = getattr(workspace, "transcript_path", None)
    return str(transcript_path(episode_id)) if transcript_path is not None else f"{workspace.location} ({episode_id})"


def _forget_removed_episodes(cache_folder: Path, episode_ids: set[str]) -> None:
    # Cached terms of transcripts no longer in the workspace, and older whole indexes, are clutter.
    if cache_folder.is_dir():
        for cached in cache_folder.glob("*.npz"):
            if cached.stem not in episode_ids:
                cached.unlink(missing_ok=True)
        for folder in cache_folder.glob("index-*"):
            shutil.rmtree(folder, ignore_errors=True)
        for folder in cache_folder.glob(".index-*"):  # left by a process killed while saving
            if time.time() - folder.stat().st_mtime > STALE_SAVE_SECONDS:
                shutil.rmtree(folder, ignore_errors=True)


_CUE_COLUMNS = ("offsets", "byte_offsets", "lengths", "start_ms", "end_ms", "speaker_ids", "has_words")


def _cached_terms(workspace, episode_id: str, cache_folder: Path | None) -> tuple[EpisodeTerms, bool]:
    """An episode's terms from the cache, or made from its transcript (and cached) when it changed."""
    if cache_folder is None:
        return EpisodeTerms.from_transcript(workspace.load_transcript(episode_id)), True
    try:
        stamp = _versioned_stamp(workspace, episode_id)
    except OSError as error:
        raise AnnotateError(error.strerror or str(error), _transcript_location(workspace, episode_id)) from None
    cache_path = cache_folder / f"{episode_id}.npz"
    if not clear_if_not_regular(cache_path):
        # Something that is no file sits there and cannot be removed: index without the cache.
        return EpisodeTerms.from_transcript(workspace.load_transcript(episode_id)), True
    if cache_path.is_file():
        try:
            with np.load(cache_path, allow_pickle=False) as stored:
                if np.array_equal(stored["stamp"], stamp):
                    return _terms_from(stored), False
        except (OSError, ValueError, KeyError, IndexError):
            pass  # a damaged cache file is simply rebuilt
    terms = EpisodeTerms.from_transcript(workspace.load_transcript(episode_id))
    buffer = io.BytesIO()
    cues = terms.cues
    np.savez(
        buffer,
        stamp=stamp,
        words=_text_array("\n".join(terms.vocabulary)),
        ids=terms.ids,
        starts=terms.starts,
        ends=terms.ends,
        soft=terms.soft,
        line_start=terms.line_start,
        speakers=_text_array("\n".join(cues.speakers)),
        text=np.frombuffer(cues.text, dtype=np.uint8),
        **{f"cue_{name}": getattr(cues, name) for name in _CUE_COLUMNS},
    )
    atomic_write_bytes(cache_path, buffer.getvalue())
    return terms, True


def _text_array(text: str) -> np.ndarray:
    return np.frombuffer(text.encode("utf-8"), dtype=np.uint8)


def _split(array: np.ndarray) -> list[str]:
    text = array.tobytes().decode("utf-8")
    return text.split("\n") if text else []


def _terms_from(stored) -> EpisodeTerms:
    cues = EpisodeCues(
        **{name: stored[f"cue_{name}"] for name in _CUE_COLUMNS},
        speakers=_split(stored["speakers"]),
        text=stored["text"].tobytes(),
    )
    return EpisodeTerms(
        _split(stored["words"]), stored["ids"], stored["starts"], stored["ends"], stored["soft"], stored["line_start"], cues
    )
