"""A tag made from its name (the tag picker's "Create tag NAME"): its id, colour and key, saved like `taxonomy add`."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from annotate.core.errors import AnnotateError
from annotate.core.model import Tag, Taxonomy
from annotate.core.taxonomy import add_tag_named, load_taxonomy, tag_id_for, tag_named
from annotate.core.workspace import init_workspace


def test_the_id_is_the_name_in_lower_case_words_and_unique():
    taxonomy = Taxonomy([Tag("trust", "Trust")])
    assert tag_id_for("Économie & Credit!", taxonomy) == "economie-credit"
    assert tag_id_for("  Trust ", taxonomy) == "trust-2"
    assert tag_id_for("信任", taxonomy) == "tag"


def test_a_new_tag_gets_an_unused_colour_and_the_first_free_number_key():
    taxonomy = Taxonomy([Tag("a", "A", color="#e67e22", key="1"), Tag("b", "B", color="#27ae60", key="3")])
    tag = tag_named("Guanxi  networks", taxonomy, parent="a")
    assert (tag.id, tag.label, tag.parent) == ("guanxi-networks", "Guanxi networks", "a")
    assert tag.color not in ("#e67e22", "#27ae60") and tag.color.startswith("#")
    assert tag.key == "2"


def test_an_empty_name_is_refused():
    with pytest.raises(AnnotateError, match="needs a name"):
        tag_named("   ", Taxonomy())


def test_a_tag_added_by_name_is_in_the_codebook_as_the_command_line_sees_it(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    root = init_workspace(tmp_path / "ws")
    first = add_tag_named(root, "Public trust")
    second = add_tag_named(root, "Court blacklists", parent=first.id)
    assert [tag.id for tag in load_taxonomy(root).tags] == ["public-trust", "court-blacklists"]
    listed = subprocess.run(
        [sys.executable, "-m", "annotate", "--workspace", str(root), "taxonomy", "list", "--json"],
        capture_output=True, text=True, check=True,
    )
    by_id = {tag["id"]: tag for tag in json.loads(listed.stdout)}
    assert by_id["court-blacklists"]["parent"] == "public-trust"
    assert by_id["public-trust"]["label"] == "Public trust" and by_id["public-trust"]["key"] == "1"
    assert second.key == "2"
