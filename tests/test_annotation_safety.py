"""The store under stress: processes killed mid-save, two processes saving at once, git merges."""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import textwrap
import time

import pytest

from annotate.core.annotations import parse_annotations
from tests.annotation_helpers import store_of
from annotate.core.anchoring import new_annotation
from tests.annotation_helpers import make_workspace, span_of

REPOSITORY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "lena")
    return make_workspace(tmp_path / "ws")


def _python(script: str, *arguments: str, **options) -> subprocess.Popen:
    environment = {**os.environ, "PYTHONPATH": REPOSITORY, "ANNOTATE_ANNOTATOR": "worker"}
    return subprocess.Popen([sys.executable, "-c", textwrap.dedent(script), *arguments], env=environment, **options)


_SAVING_WORKER = """
    import os, sys, time
    from tests.annotation_helpers import store_of
    if sys.argv[2] == "stall":
        # Announce the moment the new file is written but not yet renamed into place, then stall
        # there, so the kill lands exactly mid-save.
        real_fsync = os.fsync
        def announcing_fsync(descriptor):
            real_fsync(descriptor)
            print("mid-save", flush=True)
            time.sleep(30)
        os.fsync = announcing_fsync
    store = store_of(sys.argv[1])
    annotations = store.annotations("episode-one")
    print("ready", flush=True)
    round = int(annotations[0].note)
    announced = False
    while True:
        round += 1
        for index, annotation in enumerate(annotations[:3]):
            annotation.note = str(round)
            annotations[index] = store.update_annotation(annotation)
        if not announced:
            print("saved", flush=True)  # one whole round is on disk
            announced = True
"""


def test_a_process_killed_mid_save_leaves_the_old_file_or_the_new_one(workspace):
    store = store_of(workspace)
    transcript = workspace.load_transcript("episode-one")
    for index in range(80):
        start = index % (len(transcript.text) - 20)
        store.add_annotation(new_annotation(transcript, start, start + 15, ["media-myths"], note="0"))
    path = workspace.annotations_path("episode-one")
    generator = random.Random(4)
    # Most kills land at a random moment of a busy save loop; every third one exactly between
    # writing the new file and renaming it over the old one.
    for kill in range(12):
        stall = kill % 3 == 2
        before = path.read_text()
        worker = _python(_SAVING_WORKER, str(workspace.root), "stall" if stall else "run", stdout=subprocess.PIPE, text=True)
        assert worker.stdout.readline().strip() == "ready"
        if stall:
            assert worker.stdout.readline().strip() == "mid-save"
        else:
            # Wait for one whole save, so a loaded machine cannot make every kill land before any.
            assert worker.stdout.readline().strip() == "saved"
            time.sleep(generator.uniform(0.0, 0.1))
        worker.send_signal(signal.SIGKILL)
        worker.wait()
        worker.stdout.close()
        after = path.read_text()
        loaded = parse_annotations(after, path, "episode-one")
        assert loaded.problems == [] and len(loaded.annotations) == 80
        notes = {annotation.note for annotation in loaded.annotations.values()}
        assert all(note.isdigit() for note in notes)
        if stall:
            assert after == before  # the old file, whole
            assert list(path.parent.glob(".episode-one.yaml.*.tmp"))  # beside the unfinished new one
    assert int(max(notes, key=int)) > 0  # the workers really did save
    # The next save clears what the killed writers left behind.
    annotation = store.annotations("episode-one")[0]
    annotation.note = "after the kills"
    store_of(workspace).update_annotation(annotation)
    assert not list(path.parent.glob(".episode-one.yaml.*.tmp"))


def test_two_processes_saving_at_once_lose_nothing(workspace):
    script = """
        import sys, time, os
        from tests.annotation_helpers import store_of
        from annotate.core.anchoring import new_annotation
        from annotate.core.workspace import Workspace
        workspace = Workspace(__import__("pathlib").Path(sys.argv[1]))
        store = store_of(workspace)
        transcript = workspace.load_transcript("episode-one")
        store.annotations("episode-one")
        while not os.path.exists(sys.argv[2]):
            time.sleep(0.005)
        offset = int(sys.argv[3])
        for index in range(25):
            store.add_annotation(new_annotation(transcript, offset + index, offset + index + 12, ["media-myths"], note=sys.argv[3]))
    """
    go = workspace.root / "go"
    workers = [_python(script, str(workspace.root), str(go), str(offset)) for offset in (0, 100)]
    time.sleep(0.8)
    go.write_text("go")
    assert [worker.wait(timeout=60) for worker in workers] == [0, 0]
    annotations = store_of(workspace).annotations("episode-one")
    assert sorted(annotation.note for annotation in annotations) == ["0"] * 25 + ["100"] * 25


def _git(repository, *arguments):
    return subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=test@example.org", *arguments],
        cwd=repository, capture_output=True, text=True,
    )


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_two_annotators_on_two_branches_merge_without_a_conflict(workspace):
    root = workspace.root
    store = store_of(workspace)
    transcript = workspace.load_transcript("episode-one")

    def tag(quote, annotator):
        annotation = new_annotation(transcript, *span_of(transcript, quote), ["media-myths"], annotator=annotator)
        return store_of(workspace).add_annotation(annotation)

    # The lead's base: the opening, the Weibo passage and the closing line are tagged.
    opening = tag("Welcome to Sinica", "lead")
    reception = tag("Sesame Credit was part of it", "lead")
    closing = tag("overdone", "lead")
    assert _git(root, "init", "-q", "-b", "main").returncode == 0
    _git(root, "add", "-A")
    assert _git(root, "commit", "-q", "-m", "base").returncode == 0

    # Lena codes the first part of the episode and adds a note to the opening.
    _git(root, "checkout", "-q", "-b", "lena")
    lena = tag("not one system at all", "lena")
    changed = store.get_annotation(opening.id)
    changed.note = "lena's note"
    store.update_annotation(changed)
    _git(root, "commit", "-q", "-am", "lena tags")

    # Mirjam, on main, codes the second part and retags the Weibo passage.
    _git(root, "checkout", "-q", "main")
    mirjam = tag("corporate system matters", "mirjam")
    changed = store_of(workspace).get_annotation(reception.id)
    changed.tags = ["public-reception"]
    store_of(workspace).update_annotation(changed)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "mirjam tags")

    merged = _git(root, "merge", "--no-edit", "lena")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    result = store_of(workspace)
    by_id = {annotation.id: annotation for annotation in result.annotations("episode-one")}
    assert set(by_id) == {opening.id, reception.id, closing.id, lena.id, mirjam.id}
    assert by_id[opening.id].note == "lena's note"
    assert by_id[reception.id].tags == ["public-reception"]
    assert result.annotation_problems("episode-one") == []
    # The merged file is exactly what the store itself would write.
    assert result.save_annotations("episode-one") is False


def _configure_driver(root):
    command = f"{sys.executable} -m annotate merge %O %A %B %P"
    _git(root, "config", "merge.annotate.driver", command)
    (root / ".gitattributes").write_text("annotations/*.yaml merge=annotate\n")


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_the_merge_driver_merges_tags_added_side_by_side_and_flags_real_conflicts(workspace, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", REPOSITORY)
    root = workspace.root
    transcript = workspace.load_transcript("episode-one")

    def tag(quote, annotator):
        annotation = new_annotation(transcript, *span_of(transcript, quote), ["media-myths"], annotator=annotator)
        return store_of(workspace).add_annotation(annotation)

    shared = tag("Welcome to Sinica", "lead")
    _git(root, "init", "-q", "-b", "main")
    _configure_driver(root)
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    # Both annotators tag the passages right after the only tagged one: the same spot in the file.
    _git(root, "checkout", "-q", "-b", "lena")
    lena = tag("not one system at all", "lena")
    _git(root, "commit", "-q", "-am", "lena")
    _git(root, "checkout", "-q", "main")
    mirjam = tag("patchwork of local pilots", "mirjam")
    _git(root, "commit", "-q", "-am", "mirjam")
    merged = _git(root, "merge", "--no-edit", "lena")
    assert merged.returncode == 0, merged.stdout + merged.stderr
    result = store_of(workspace)
    assert {annotation.id for annotation in result.annotations("episode-one")} == {shared.id, lena.id, mirjam.id}
    assert result.save_annotations("episode-one") is False  # the merge wrote the store's own layout

    # The same annotation changed on both branches: a conflict left for a person to resolve.
    _git(root, "checkout", "-q", "-b", "lena-note")
    changed = store_of(workspace).get_annotation(shared.id)
    changed.note = "lena"
    store_of(workspace).update_annotation(changed)
    _git(root, "commit", "-q", "-am", "lena note")
    _git(root, "checkout", "-q", "main")
    changed.note = "mirjam"
    store_of(workspace).update_annotation(changed)
    _git(root, "commit", "-q", "-am", "mirjam note")
    merged = _git(root, "merge", "--no-edit", "lena-note")
    assert merged.returncode != 0 and "CONFLICT" in merged.stdout
    text = workspace.annotations_path("episode-one").read_text()
    assert "<<<<<<<" in text and "note: lena" in text and "note: mirjam" in text


@pytest.mark.skipif(shutil.which("git") is None, reason="git is not installed")
def test_without_the_driver_tags_added_at_the_same_spot_conflict(workspace):
    # Why the driver exists: line merging cannot put two new blocks in the same gap.
    root = workspace.root
    transcript = workspace.load_transcript("episode-one")
    _git(root, "init", "-q", "-b", "main")
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "base")
    _git(root, "checkout", "-q", "-b", "lena")
    store_of(workspace).add_annotation(new_annotation(transcript, *span_of(transcript, "Welcome to Sinica"), ["t"], annotator="l"))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "lena")
    _git(root, "checkout", "-q", "main")
    store_of(workspace).add_annotation(new_annotation(transcript, *span_of(transcript, "overdone"), ["t"], annotator="m"))
    _git(root, "add", "-A")
    _git(root, "commit", "-q", "-m", "mirjam")
    assert _git(root, "merge", "--no-edit", "lena").returncode != 0


def test_init_names_the_merge_driver_and_keeps_existing_git_attributes(tmp_path):
    from annotate.core.workspace import init_workspace

    fresh = init_workspace(tmp_path / "fresh")
    assert "annotations/*.yaml merge=annotate" in (fresh / ".gitattributes").read_text()

    existing = tmp_path / "existing"
    existing.mkdir()
    (existing / ".gitattributes").write_text("*.png binary")
    init_workspace(existing)
    init_workspace(existing)  # a second init adds nothing
    attributes = (existing / ".gitattributes").read_text()
    assert attributes.startswith("*.png binary\n")
    assert attributes.count("merge=annotate") == 1
