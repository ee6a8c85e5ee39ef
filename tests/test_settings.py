"""User settings: one file in the user config folder, the environment winning, errors with their line."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from annotate.core.identity import default_annotator
from annotate.core.errors import AnnotateError
from annotate.core.settings import Settings, load_settings, save_setting, settings_path


def test_settings_come_from_the_file_and_the_environment_wins(own_settings_file, monkeypatch):
    monkeypatch.delenv("ANNOTATE_ANNOTATOR", raising=False)
    monkeypatch.delenv("ANNOTATE_EXPORT_FOLDER")
    own_settings_file.write_text("annotator: Lena Berg\ntheme: textual-light\nplayer: mpv --volume=50\n")
    assert load_settings() == Settings(theme="textual-light", annotator="Lena Berg", player="mpv --volume=50")
    assert default_annotator() == "Lena Berg"
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "Mirjam")
    assert load_settings().annotator == "Mirjam" and default_annotator() == "Mirjam"
    assert load_settings().source_of("annotator") == "$ANNOTATE_ANNOTATOR"


def test_saving_one_setting_keeps_the_others_and_makes_the_folder(tmp_path, monkeypatch):
    path = tmp_path / "config" / "annotate" / "settings.yaml"
    monkeypatch.setenv("ANNOTATE_SETTINGS", str(path))
    monkeypatch.delenv("ANNOTATE_ANNOTATOR", raising=False)
    monkeypatch.delenv("ANNOTATE_EXPORT_FOLDER")
    save_setting("theme", "textual-light")
    assert save_setting("annotator", "  Kaiser  ") == path == settings_path()
    assert load_settings() == Settings(theme="textual-light", annotator="Kaiser")
    assert default_annotator() == "Kaiser"


@pytest.mark.parametrize(
    ("text", "line", "reason"),
    [("annotator: a\ncolour: red\n", 2, "unknown setting 'colour'"), ("- a\n", 1, "mapping"), ("theme: [a, b]\n", 1, "must be text")],
)
def test_a_bad_settings_file_names_its_line(own_settings_file, text, line, reason):
    own_settings_file.write_text(text)
    with pytest.raises(AnnotateError, match=reason) as raised:
        load_settings()
    assert raised.value.line == line and raised.value.path == str(own_settings_file)


def test_the_settings_file_lives_in_the_user_config_folder(monkeypatch):
    monkeypatch.delenv("ANNOTATE_SETTINGS")
    monkeypatch.setenv("XDG_CONFIG_HOME", "/somewhere/config")
    if not sys.platform.startswith("linux"):
        pytest.skip("XDG_CONFIG_HOME is the Linux config folder")
    assert settings_path() == Path("/somewhere/config/annotate/settings.yaml")
