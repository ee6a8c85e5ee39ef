"""The workspace: a folder of transcripts and annotations. Find it, load it, save into it."""

from __future__ import annotations

import os
import re
from pathlib import Path

from annotate.core.errors import AnnotateError

# Heavier modules (the model's dataclasses, atomic writes, shutil) are imported where they are
# used, so that a quick command such as `annotate search` starts fast.
TYPE_CHECKING = False
if TYPE_CHECKING:
    from annotate.core.model import Transcript

ENVIRONMENT_VARIABLE = "ANNOTATE_WORKSPACE"
CACHE_FOLDER = ".annotate"
EPISODE_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$")


def is_workspace(folder: Path) -> bool:
    """A workspace holds ``transcripts/`` or ``annotations/taxonomy.yaml``."""
    return (folder / "transcripts").is_dir() or (folder / "annotations" / "taxonomy.yaml").is_file()


def find_workspace(explicit: str | Path | None = None, start: str | Path | None = None) -> Path | None:
    """The workspace folder: ``explicit``, else ``$ANNOTATE_WORKSPACE``, else the nearest one upward."""
    if explicit is not None:
        return Path(explicit).expanduser().resolve()
    from_environment = os.environ.get(ENVIRONMENT_VARIABLE)
    if from_environment:
        return Path(from_environment).expanduser().resolve()
    folder = Path(start or Path.cwd()).resolve()
    for candidate in (folder, *folder.parents):
        if is_workspace(candidate):
            return candidate
    return None


def sample_workspace_source() -> Path:
    """Where the bundled sample workspace lives: inside the installed package, or the source tree."""
    packaged = Path(__file__).resolve().parent.parent / "_sample"
    if is_workspace(packaged):
        return packaged
    source_tree = Path(__file__).resolve().parents[2]
    if is_workspace(source_tree):
        return source_tree
    raise AnnotateError("the sample workspace is not bundled with this installation")


def user_sample_workspace() -> Path:
    """The copy of the sample opened when ``annotate`` runs outside any workspace."""
    from platformdirs import user_data_dir

    return Path(user_data_dir("annotate")) / "sample-workspace"


def init_workspace(folder: str | Path, *, sample: bool = False) -> Path:
    """Create a workspace in ``folder`` (with the sample content when ``sample``)."""
    import shutil

    from annotate.core.atomic import atomic_write_text

    root = Path(folder).expanduser().resolve()
    if root.exists() and not root.is_dir():
        raise AnnotateError("is a file, not a folder; give a folder to make the workspace in", folder)
    if sample:
        source = sample_workspace_source()
        for part in ("transcripts", "annotations"):
            if (root / part).exists() and any((root / part).iterdir()):
                raise AnnotateError(f"{part}/ already exists and is not empty; not overwriting it", root / part)
        for part in ("transcripts", "annotations"):
            shutil.copytree(source / part, root / part, dirs_exist_ok=True)
    (root / "transcripts").mkdir(parents=True, exist_ok=True)
    (root / "annotations").mkdir(parents=True, exist_ok=True)
    taxonomy = root / "annotations" / "taxonomy.yaml"
    if not taxonomy.exists():
        atomic_write_text(taxonomy, "schema: annotate/taxonomy@1\ntags: []\n")
    _name_the_merge_driver(root)
    return root


MERGE_ATTRIBUTES = (
    "# Annotation files merge by annotation id once `annotate merge` is set up as a git merge driver\n"
    "# (see `annotate merge --help`); until then git merges them line by line.\n"
    "annotations/*.yaml merge=annotate\n"
    "annotations/taxonomy.yaml merge=text\n"
)


def _name_the_merge_driver(root: Path) -> None:
    # Appends the lines to an existing .gitattributes rather than replacing what the user has there.
    from annotate.core.atomic import atomic_write_text

    attributes = root / ".gitattributes"
    existing = attributes.read_text(encoding="utf-8") if attributes.exists() else ""
    if "merge=annotate" in existing:
        return
    separator = "\n" if existing and not existing.endswith("\n") else ""
    atomic_write_text(attributes, existing + separator + MERGE_ATTRIBUTES)


class Workspace:
    """An open workspace folder. Transcripts are read on demand and cached until their file changes."""

    def __init__(self, root: Path):
        self.root = root
        self._transcripts: dict[str, tuple[float, Transcript]] = {}

    def __repr__(self) -> str:
        return f"Workspace(root={self.root!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Workspace):
            return NotImplemented
        return self.root == other.root

    def __hash__(self) -> int:
        return hash(self.root)

    @classmethod
    def open(cls, explicit: str | Path | None = None, start: str | Path | None = None) -> "Workspace":
        """Open the workspace found as :func:`find_workspace` says, or raise AnnotateError."""
        root = find_workspace(explicit, start)
        if root is None:
            raise AnnotateError(
                "no workspace here: run `annotate init` or pass --workspace DIR "
                f"(or set {ENVIRONMENT_VARIABLE})"
            )
        if root.exists() and not root.is_dir():
            raise AnnotateError("is a file; the workspace must be a folder (`annotate init DIR` makes one)", root)
        if not root.is_dir():
            raise AnnotateError("workspace folder does not exist (`annotate init DIR` makes one)", root)
        return cls(root)

    @property
    def transcripts_dir(self) -> Path:
        return self.root / "transcripts"

    @property
    def annotations_dir(self) -> Path:
        return self.root / "annotations"

    @property
    def taxonomy_path(self) -> Path:
        return self.annotations_dir / "taxonomy.yaml"

    @property
    def cache_dir(self) -> Path:
        """``.annotate/``: derived caches, safe to delete, ignored by git through its own .gitignore."""
        folder = self.root / CACHE_FOLDER
        folder.mkdir(exist_ok=True)
        ignore = folder / ".gitignore"
        if not ignore.exists():
            from annotate.core.atomic import atomic_write_text

            atomic_write_text(ignore, "*\n")
        return folder

    def transcript_path(self, episode_id: str) -> Path:
        return self.transcripts_dir / f"{episode_id}.vtt"

    def metadata_path(self, episode_id: str) -> Path:
        return self.transcripts_dir / f"{episode_id}.yaml"

    def annotations_path(self, episode_id: str) -> Path:
        return self.annotations_dir / f"{episode_id}.yaml"

    def episode_ids(self) -> list[str]:
        """Ids of the transcripts in the workspace, sorted."""
        if not self.transcripts_dir.is_dir():
            return []
        return sorted(path.stem for path in self.transcripts_dir.glob("*.vtt"))

    def has_episode(self, episode_id: str) -> bool:
        # An id names a file inside transcripts/: never a path out of it (`../x`).
        if not episode_id or episode_id.startswith(".") or "/" in episode_id or "\\" in episode_id:
            return False
        return self.transcript_path(episode_id).is_file()

    def require_episode(self, episode_id: str) -> str:
        """Return ``episode_id`` if it exists, else raise an error naming the episodes there are."""
        if not self.has_episode(episode_id):
            known = ", ".join(self.episode_ids()) or "none"
            raise AnnotateError(f"no episode {episode_id!r} in this workspace (episodes: {known})")
        return episode_id

    def load_transcript(self, episode_id: str) -> Transcript:
        """Read ``transcripts/<id>.vtt`` and its metadata; cached until either file changes."""
        from annotate.core.formats.metadata import metadata_from_yaml
        from annotate.core.formats.vtt import parse_vtt
        from annotate.core.limits import MAX_TRANSCRIPT_BYTES, MAX_YAML_BYTES
        from annotate.core.model import Transcript

        path = self.transcript_path(self.require_episode(episode_id))
        metadata_path = self.metadata_path(episode_id)
        stamp = path.stat().st_mtime_ns + (metadata_path.stat().st_mtime_ns if metadata_path.exists() else 0)
        cached = self._transcripts.get(episode_id)
        if cached and cached[0] == stamp:
            return cached[1]
        cues, _warnings = parse_vtt(_read_text(path, MAX_TRANSCRIPT_BYTES, "a transcript"), str(path))
        transcript = Transcript(episode_id, cues)
        if metadata_path.exists():
            transcript.metadata = metadata_from_yaml(_read_text(metadata_path, MAX_YAML_BYTES, "a metadata file"), metadata_path)
        self._transcripts[episode_id] = (stamp, transcript)
        return transcript

    def load_transcripts(self) -> tuple[list[Transcript], list[AnnotateError]]:
        """Every transcript that can be read, and an error for each that cannot."""
        transcripts, errors = [], []
        for episode_id in self.episode_ids():
            try:
                transcripts.append(self.load_transcript(episode_id))
            except AnnotateError as error:
                errors.append(error)
        return transcripts, errors

    def save_transcript(self, transcript: Transcript) -> None:
        """Write the canonical WebVTT and the metadata sidecar, each atomically."""
        from annotate.core.atomic import atomic_write_text
        from annotate.core.formats.metadata import metadata_to_yaml
        from annotate.core.formats.vtt import transcript_to_vtt

        if not EPISODE_ID.match(transcript.id):
            raise AnnotateError(
                f"episode id {transcript.id!r} must be letters, digits, '.', '_' or '-' (128 at most)"
            )
        atomic_write_text(self.metadata_path(transcript.id), metadata_to_yaml(transcript.metadata))
        atomic_write_text(self.transcript_path(transcript.id), transcript_to_vtt(transcript))
        self._transcripts.pop(transcript.id, None)


def _read_text(path: Path, limit: int, what: str) -> str:
    from annotate.core.limits import read_file_text

    return read_file_text(path, limit, what) or ""
