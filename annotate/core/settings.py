"""The user's own settings, in one place: theme, annotator name, player and export folder.

Read from ``settings.yaml`` in the user config folder (platformdirs; ``$ANNOTATE_SETTINGS``
names another file), then the environment, which wins: ``ANNOTATE_THEME``, ``ANNOTATE_ANNOTATOR``,
``ANNOTATE_PLAYER``, ``ANNOTATE_EXPORT_FOLDER``. These are one person's preferences, so they
never go into the shared workspace files.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields, replace
from pathlib import Path

from annotate.core.errors import AnnotateError

SETTINGS_FILE_VARIABLE = "ANNOTATE_SETTINGS"
# Each setting's environment variable; a set, non-empty variable wins over the file.
ENVIRONMENT = {
    "theme": "ANNOTATE_THEME",
    "annotator": "ANNOTATE_ANNOTATOR",
    "player": "ANNOTATE_PLAYER",
    "export_folder": "ANNOTATE_EXPORT_FOLDER",
}
MAX_SETTINGS_BYTES = 64 * 1024


@dataclass(frozen=True)
class Settings:
    """What one user chose; an empty string means "not chosen" (the app's default applies)."""

    theme: str = ""  # a Textual theme name, e.g. textual-light
    annotator: str = ""  # the name written into new annotations
    player: str = ""  # the media player command, e.g. "mpv --volume=60"
    export_folder: str = ""  # where the TUI suggests writing exports

    def source_of(self, name: str) -> str:
        """Where setting ``name`` comes from now: its environment variable, or the settings file."""
        variable = ENVIRONMENT[name]
        return f"${variable}" if os.environ.get(variable, "").strip() else str(settings_path())


def settings_path() -> Path:
    """The settings file: ``$ANNOTATE_SETTINGS``, else ``settings.yaml`` in the user config folder."""
    chosen = os.environ.get(SETTINGS_FILE_VARIABLE, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_config_path

    return user_config_path("annotate", appauthor=False) / "settings.yaml"


def file_settings(path: Path | None = None) -> Settings:
    """The settings written in the file alone (none when it does not exist); a bad file names its line."""
    from annotate.core.limits import read_file_text
    from annotate.core.yamlio import load_yaml, mapping_child, node_line

    path = path or settings_path()
    text = read_file_text(path, MAX_SETTINGS_BYTES, "a settings file", missing_ok=True)
    if text is None:
        return Settings()
    loaded = load_yaml(text, path)
    if loaded.value is None:
        return Settings()
    if not isinstance(loaded.value, dict):
        raise AnnotateError("settings must be a mapping of names to values", path, 1)
    known = [field.name for field in fields(Settings)]
    values = {}
    for key, value in loaded.value.items():
        line = node_line(mapping_child(loaded.node, str(key)))
        if key not in known:
            raise AnnotateError(f"unknown setting {key!r} (known: {', '.join(known)})", path, line)
        if value is not None and not isinstance(value, (str, int, float)):
            raise AnnotateError(f"setting {key!r} must be text", path, line)
        values[key] = "" if value is None else str(value).strip()
    return Settings(**values)


def load_settings(path: Path | None = None) -> Settings:
    """The settings in effect: the file's, each overridden by its environment variable when that is set."""
    settings = file_settings(path)
    overrides = {name: os.environ.get(variable, "").strip() for name, variable in ENVIRONMENT.items()}
    return replace(settings, **{name: value for name, value in overrides.items() if value})


def save_setting(name: str, value: str, path: Path | None = None) -> Path:
    """Write one setting into the settings file (the others kept as they are); returns the file's path."""
    import yaml

    from annotate.core.atomic import atomic_write_text

    if name not in ENVIRONMENT:
        raise AnnotateError(f"unknown setting {name!r} (known: {', '.join(ENVIRONMENT)})")
    path = path or settings_path()
    current = file_settings(path)
    updated = replace(current, **{name: value.strip()})
    document = {field.name: getattr(updated, field.name) for field in fields(Settings) if getattr(updated, field.name)}
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(path, yaml.safe_dump(document, sort_keys=False, allow_unicode=True) if document else "")
    return path


def export_folder(settings: Settings | None = None) -> Path:
    """Where exports go unless the user names a folder: the export_folder setting, else ``annotate`` in the user's documents folder."""
    chosen = (settings or load_settings()).export_folder
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_documents_path

    return user_documents_path() / "annotate"
