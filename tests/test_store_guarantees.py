"""What the store promises a user: no lost update, crash-safe taxonomy changes, modes kept, clean merges."""

from __future__ import annotations

import contextlib

import os
import random
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import pytest

from annotate.cli import main
from annotate.core.annotations import parse_annotations, serialize_annotations
from annotate.core.anchoring import new_annotation
from annotate.core.errors import StaleAnnotationError
from annotate.core.store import open_workspace
from tests.annotation_helpers import make_workspace, span_of, store_of

REPOSITORY = str(Path(__file__).resolve().parents[1])


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    return make_workspace(tmp_path / "ws")


def tag(store, quote, tags=("fraud-and-credit",), episode="episode-one"):
    transcript = store.load_transcript(episode)
    return store.add_annotation(new_annotation(transcript, *span_of(transcript, quote), list(tags)))


def test_a_change_from_a_stale_copy_is_refused_even_after_a_save_of_another_annotation(workspace):
    # Store A reads the episode; another program changes Y's note; A changes Z (fine), then Y
    # from its stale copy: refused, naming Y, and the other program's note survives.
    y = tag(workspace, "not one system at all")
    z = tag(workspace, "patchwork of local pilots")
    a = store_of(workspace)
    y_copy, z_copy = (next(item for item in a.annotations("episode-one") if item.id == wanted.id) for wanted in (y, z))
    other = store_of(workspace)
    theirs = other.get_annotation(y.id)
    theirs.note = "the other program's note"
    other.update_annotation(theirs)
    z_copy.note = "mine on Z"
    a.update_annotation(z_copy)
    y_copy.note = "mine on Y, from a stale copy"
    with pytest.raises(StaleAnnotationError, match=f"annotation {y.id}.*changed in the file by someone else"):
        a.update_annotation(y_copy)
    with pytest.raises(StaleAnnotationError, match=y.id):
        a.remove_annotation(y_copy)
    notes = {item.id: item.note for item in store_of(workspace).annotations("episode-one")}
    assert notes == {y.id: "the other program's note", z.id: "mine on Z"}


def test_the_cli_reports_a_stale_write_as_one_line_naming_the_annotation(workspace, capsys):
    y = tag(workspace, "not one system at all")
    stale = workspace.get_annotation(y.id)
    fresh = store_of(workspace).get_annotation(y.id)
    fresh.note = "changed elsewhere"
    store_of(workspace).update_annotation(fresh)
    stale.note = "mine"
    try:
        workspace.update_annotation(stale)
    except StaleAnnotationError as error:
        assert str(error).startswith(f"{workspace.annotations_path('episode-one')}:") and y.id in str(error)
    else:
        pytest.fail("a stale write went through")


# ---------------------------------------------------------------------------------------------
# A taxonomy rename killed at random moments


RENAME_FILES = 300


def _big_workspace(root: Path):
    # 300 annotation files, each with one annotation tagged fraud-and-credit (written directly: quick).
    workspace = make_workspace(root, episodes=("episode-one",))
    transcript = workspace.load_transcript("episode-one")
    annotation = new_annotation(transcript, *span_of(transcript, "not one system at all"), ["fraud-and-credit"], annotator="lena")
    text = serialize_annotations("episode-one", [annotation])
    for number in range(RENAME_FILES):
        episode = f"e{number:03d}"
        (root / "annotations" / f"{episode}.yaml").write_text(text.replace("episode: episode-one", f"episode: {episode}"))
    return workspace


def _state(root: Path) -> str:
    # "old", "new", or a description of the mix found.
    tags = set()
    for number in range(RENAME_FILES):
        path = root / "annotations" / f"e{number:03d}.yaml"
        loaded = parse_annotations(path.read_text(), path, path.stem)
        tags.update(tag for annotation in loaded.annotations.values() for tag in annotation.tags)
    taxonomy = (root / "annotations" / "taxonomy.yaml").read_text()
    in_taxonomy = {name for name in ("fraud-and-credit", "fraud") if f"id: {name}\n" in taxonomy}
    if tags == {"fraud-and-credit"} and in_taxonomy == {"fraud-and-credit"}:
        return "old"
    if tags == {"fraud"} and in_taxonomy == {"fraud"}:
        return "new"
    return f"mixed: annotations carry {sorted(tags)}, taxonomy has {sorted(in_taxonomy)}"


def _annotate_process(root: Path, *arguments: str) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": REPOSITORY}
    return subprocess.Popen(
        [sys.executable, "-m", "annotate", "--workspace", str(root), *arguments],
        env=environment, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )


@pytest.fixture
def scratch(tmp_path):
    # In memory when the system has a tmpfs (fsync costs nothing there, so 20 renames stay quick).
    shared_memory = Path("/dev/shm")
    if not (shared_memory.is_dir() and os.access(shared_memory, os.W_OK)):
        yield tmp_path
        return
    folder = Path(tempfile.mkdtemp(dir=shared_memory, prefix="annotate-test-"))
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def test_a_rename_killed_at_any_moment_leaves_the_old_or_the_new_state_and_no_temporary_file(scratch):
    root = scratch / "ws"
    _big_workspace(root)
    # How long a command takes to start and a whole rename takes here, so the kills land in the rename's work.
    started = time.perf_counter()
    assert _annotate_process(root, "taxonomy", "list").wait(timeout=120) == 0
    startup = time.perf_counter() - started
    started = time.perf_counter()
    assert _annotate_process(root, "taxonomy", "rename", "fraud-and-credit", "fraud").wait(timeout=120) == 0
    duration = time.perf_counter() - started
    assert _state(root) == "new"
    generator = random.Random(10)
    states = []
    for _kill in range(20):
        current = _state(root)
        old, new = ("fraud-and-credit", "fraud") if current == "old" else ("fraud", "fraud-and-credit")
        worker = _annotate_process(root, "taxonomy", "rename", old, new)
        if _kill % 2:
            # Every other kill lands just after the commit point, which recovery must finish.
            _wait_until_committed(root, worker)
            time.sleep(generator.uniform(0.0, 0.002))
        else:
            # The others anywhere in the rename's own work (after the interpreter has started).
            time.sleep(generator.uniform(0.9 * startup, max(duration, startup)))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        worker.stderr.close()
        # The next command that opens the workspace finishes or rolls back what the kill cut short.
        assert main(["--workspace", str(root), "taxonomy", "list", "--json"]) == 0
        found = _state(root)
        assert found in ("old", "new"), found
        leftovers = [path.name for path in root.rglob("*") if path.name.endswith(".tmp") or path.name == ".journal"]
        assert leftovers == [], f"kill {_kill}"
        states.append(found)
    assert len(set(states)) == 2  # the kills after the commit point were finished, not rolled back


def _wait_until_committed(root: Path, worker: subprocess.Popen) -> None:
    # Poll the journal until it says the change is committed (or the worker is already done).
    journal = root / "annotations" / ".journal"
    deadline = time.monotonic() + 120
    while worker.poll() is None and time.monotonic() < deadline:
        with contextlib.suppress(OSError):
            if "committed" in journal.read_text(encoding="utf-8"):
                return
        time.sleep(0.0005)


# ---------------------------------------------------------------------------------------------
# File modes


def test_a_save_keeps_a_shared_files_mode_and_new_files_follow_the_umask(workspace, capsys):
    path = workspace.annotations_path("episode-one")
    tag(workspace, "not one system at all")
    os.chmod(path, 0o644)
    assert main(["--workspace", str(workspace.root), "tag", "episode-one", "--quote", "patchwork of local pilots", "--tag", "media-myths"]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o644
    os.chmod(path, 0o664)  # a group that shares the workspace
    assert main(["--workspace", str(workspace.root), "tag", "episode-one", "--quote", "corporate system matters", "--tag", "media-myths"]) == 0
    assert stat.S_IMODE(path.stat().st_mode) == 0o664
    previous = os.umask(0o027)
    try:
        assert main(["--workspace", str(workspace.root), "tag", "episode-two", "--quote", "the dystopian picture", "--tag", "media-myths"]) == 0
    finally:
        os.umask(previous)
    assert stat.S_IMODE(workspace.annotations_path("episode-two").stat().st_mode) == 0o640


def test_a_taxonomy_rename_keeps_every_files_mode(workspace):
    tag(workspace, "not one system at all")
    tag(workspace, "overdone", episode="episode-two")
    paths = [workspace.annotations_path("episode-one"), workspace.annotations_path("episode-two"), workspace.taxonomy_path]
    for path in paths:
        os.chmod(path, 0o664)
    assert main(["--workspace", str(workspace.root), "taxonomy", "rename", "fraud-and-credit", "fraud"]) == 0
    assert [stat.S_IMODE(path.stat().st_mode) for path in paths] == [0o664] * 3


# ---------------------------------------------------------------------------------------------
# Merging branches


def _git(repository, *arguments):
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *arguments],
        cwd=repository, capture_output=True, text=True,
    )


def _cli_tag(root, quote, annotator, tags=("media-myths",), note=""):
    environment = {**os.environ, "PYTHONPATH": REPOSITORY, "ANNOTATE_ANNOTATOR": annotator}
    command = [sys.executable, "-m", "annotate", "--workspace", str(root), "tag", "episode-one", "--quote", quote, "--tag", *tags]
    if note:
        command += ["--note", note]
    result = subprocess.run(command, env=environment, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


@pytest.fixture
def repository(workspace, monkeypatch):
    if shutil.which("git") is None:
        pytest.skip("git is not installed")
    root = workspace.root
    _cli_tag(root, "Welcome to Sinica", "lead")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "config", "merge.annotate.driver", f"{sys.executable} -m annotate merge %O %A %B %P")
    monkeypatch.setenv("PYTHONPATH", REPOSITORY)
    _git(root, "add", "-A")
    assert _git(root, "commit", "-q", "-m", "base").returncode == 0
    return root


def test_two_new_annotations_of_one_passage_on_two_branches_merge_cleanly(repository):
    root = repository
    _git(root, "checkout", "-q", "-b", "lena")
    _cli_tag(root, "patchwork of local pilots", "lena", note="lena's reading")
    _git(root, "commit", "-q", "-am", "lena")
    _git(root, "checkout", "-q", "main")
    _cli_tag(root, "patchwork of local pilots", "mirjam", tags=("fraud-and-credit",))
    _git(root, "commit", "-q", "-am", "mirjam")
    merged = _git(root, "merge", "--no-edit", "lena")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    workspace = open_workspace(root)
    on_the_passage = [item for item in workspace.annotations("episode-one") if item.anchor.quote == "patchwork of local pilots"]
    assert sorted((item.annotator, tuple(item.tags), item.note) for item in on_the_passage) == [
        ("lena", ("media-myths",), "lena's reading"), ("mirjam", ("fraud-and-credit",), ""),
    ]
    assert workspace.annotation_problems("episode-one") == []
    assert workspace.save_annotations("episode-one") is False  # the merge wrote the store's own layout


def test_only_the_annotation_changed_on_both_sides_conflicts_and_either_side_keeps_the_rest(repository):
    root = repository
    shared = open_workspace(root).annotations("episode-one")[0]
    _git(root, "checkout", "-q", "-b", "lena")
    _cli_tag(root, "patchwork of local pilots", "lena")
    changed = open_workspace(root).get_annotation(shared.id)
    changed.note = "lena"
    open_workspace(root).update_annotation(changed)
    _git(root, "commit", "-q", "-am", "lena")
    _git(root, "checkout", "-q", "main")
    _cli_tag(root, "corporate system matters", "mirjam")
    changed = open_workspace(root).get_annotation(shared.id)
    changed.note = "mirjam"
    open_workspace(root).update_annotation(changed)
    _git(root, "commit", "-q", "-am", "mirjam")
    merged = _git(root, "merge", "--no-edit", "lena")
    assert merged.returncode != 0 and "CONFLICT" in merged.stdout
    text = (root / "annotations" / "episode-one.yaml").read_text()
    # The markers hold the two versions of the shared annotation's block and nothing else.
    inside = text[text.index("<<<<<<<"):text.index(">>>>>>>")]
    assert inside.count("- id: ") == 2 and inside.count(f"- id: {shared.id}") == 2
    for side, note in (("ours", "mirjam"), ("theirs", "lena")):
        ours, _, rest = text.partition("<<<<<<< ours\n")
        our_block, _, rest = rest.partition("=======\n")
        their_block, _, after = rest.partition(">>>>>>> theirs\n")
        resolved = ours + (our_block if side == "ours" else their_block) + after
        loaded = parse_annotations(resolved, "resolved.yaml", "episode-one")
        assert loaded.problems == []
        assert sorted(item.annotator for item in loaded.annotations.values()) == ["lead", "lena", "mirjam"]
        assert loaded.annotations[shared.id].note == note
