"""Hostile input: whatever a user or a file throws in gives one line naming the file and reason.

Every case runs ``annotate`` in a subprocess capped at 2 s of CPU and 300 MB of address space
(tests/hostile_helpers.py): a traceback, a hang or a memory blow-up fails the test, and the
workspace is compared file by file before and after.
"""

from __future__ import annotations

import os
import shutil
import socket
from pathlib import Path

import pytest

from annotate.core import limits
from tests.hostile_helpers import (
    assert_refused,
    private_mounts_available,
    run_limited,
    run_tests_limited,
    run_with_private_mounts,
    snapshot,
)

EPISODE = "interview-kaiser-kuo-2018"


@pytest.fixture(scope="module")
def sample_template(tmp_path_factory) -> Path:
    from annotate.core.workspace import init_workspace

    return init_workspace(tmp_path_factory.mktemp("template") / "ws", sample=True)


@pytest.fixture
def workspace(sample_template: Path, tmp_path: Path) -> Path:
    """A copy of the sample workspace, so each case may spoil it."""
    copy = tmp_path / "ws"
    shutil.copytree(sample_template, copy)
    return copy


def refused_without_change(workspace: Path, arguments: list[str], *expected: str, stdin: str | None = None) -> str:
    before = snapshot(workspace)
    line = assert_refused(run_limited("--workspace", str(workspace), *arguments, stdin=stdin), *expected)
    assert snapshot(workspace) == before
    return line


# --- transcripts to import --------------------------------------------------------------------


@pytest.mark.parametrize(
    "name, content",
    [
        ("whisper.json", '{"segments": [{"start": 1e308, "end": 1e308, "text": "hello there"}]}'),
        ("podcast.json", '{"version": "1.0.0", "segments": [{"startTime": 1e308, "endTime": 2e308, "body": "hello"}]}'),
        ("negative.json", '{"segments": [{"start": -1e308, "end": 1e308, "text": ""}]}'),
        ("words.json", '{"segments": [{"start": 1e308, "end": 1, "text": "a b", "words": [{"word": "a", "start": 1e308}]}]}'),
    ],
)
def test_json_times_out_of_range_are_refused(workspace: Path, tmp_path: Path, name: str, content: str):
    source = tmp_path / name
    source.write_text(content)
    refused_without_change(workspace, ["import", str(source)], name, "no cues found")


def test_a_fifo_is_refused_without_blocking(workspace: Path, tmp_path: Path):
    fifo = tmp_path / "pipe.vtt"
    os.mkfifo(fifo)
    refused_without_change(workspace, ["import", str(fifo)], "pipe.vtt", "named pipe")


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom", "/dev/null"])
def test_a_symlink_to_a_device_is_refused_before_reading(workspace: Path, tmp_path: Path, device: str):
    if not os.path.exists(device):
        pytest.skip(f"{device} is not on this system")
    link = tmp_path / "episode.vtt"
    link.symlink_to(device)
    refused_without_change(workspace, ["import", str(link)], "episode.vtt", "is a device")


def test_a_socket_is_refused(workspace: Path, tmp_path: Path):
    path = tmp_path / "s.vtt"
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(path))
        refused_without_change(workspace, ["import", str(path)], "s.vtt", "socket")
    finally:
        server.close()


def test_a_folder_named_as_a_transcript_is_refused(workspace: Path, tmp_path: Path):
    folder = tmp_path / "folder.vtt"
    folder.mkdir()
    refused_without_change(workspace, ["import", str(folder)], "folder.vtt", "is a folder")


def test_a_transcript_past_the_size_limit_is_refused_before_reading(workspace: Path, tmp_path: Path):
    # Sparse: the size is checked before a byte is read, so the test writes nothing.
    big = tmp_path / "big.vtt"
    with open(big, "wb") as handle:
        handle.truncate(limits.MAX_TRANSCRIPT_BYTES + 1)
    refused_without_change(workspace, ["import", str(big)], "big.vtt", "too large for a transcript")


def test_a_secrets_file_is_refused_without_echoing_it(workspace: Path, tmp_path: Path):
    secret = "AKIAIOSFODNN7EXAMPLEKEY0123456789"
    for name in ("credentials", "credentials.vtt", "credentials.srt", "credentials.txt"):
        path = tmp_path / name
        path.write_text(f"aws_secret_access_key={secret}\nregion=eu-west-1\n")
        line = refused_without_change(workspace, ["import", str(path)], name)
        assert secret[:8] not in line


def test_a_readme_is_not_a_transcript(workspace: Path, tmp_path: Path):
    readme = tmp_path / "README.md"
    readme.write_text(Path(__file__).resolve().parents[1].joinpath("README.md").read_text())
    refused_without_change(workspace, ["import", str(readme)], "README.md", "not a transcript")


def test_an_empty_id_is_an_error(workspace: Path, tmp_path: Path):
    source = tmp_path / "ok.vtt"
    source.write_text("WEBVTT\n\n00:00.000 --> 00:02.000\nhello there\n")
    refused_without_change(workspace, ["import", "--id", "", str(source)], "episode id ''")


def test_nul_bytes_are_read_with_a_warning(workspace: Path, tmp_path: Path):
    source = tmp_path / "nul.vtt"
    source.write_bytes(b"WEBVTT\n\n00:00.000 --> 00:02.000\nhello\x00 there\n")
    run = run_limited("--workspace", str(workspace), "import", str(source))
    assert run.returncode == 0, run.stderr
    assert any("nul.vtt:4" in line and "NUL" in line for line in run.error_lines), run.stderr


# --- workspace files --------------------------------------------------------------------------


def _spoil_first_start(workspace: Path, value: str, key: str = "start") -> int:
    # The first annotation's ``key`` (start or end) becomes ``value``; returns its line.
    path = workspace / "annotations" / f"{EPISODE}.yaml"
    text = path.read_text()
    first_start = text.index(f"  {key}: ")
    end_of_line = text.index("\n", first_start)
    path.write_text(text[:first_start] + f"  {key}: {value}" + text[end_of_line:])
    return text[:first_start].count("\n") + 1


def test_commands_that_read_an_annotation_file_with_an_infinite_time_carry_on(workspace: Path):
    _spoil_first_start(workspace, ".inf")
    for arguments in (["list"], ["show", EPISODE], ["search", "credit"], ["export"], ["taxonomy", "list"],
                      ["match", "it's a patchwork of lists and local schemes"], ["search", "tag:takeaways"]):
        run = run_limited("--workspace", str(workspace), *arguments)
        assert "Traceback" not in run.stderr, (arguments, run.stderr[-2000:])
        assert run.returncode == 0, (arguments, run.stderr[-2000:])
    export = run_limited("--workspace", str(workspace), "export")
    assert f"{EPISODE}.yaml" in export.stderr and "not exported" in export.stderr, export.stderr[-2000:]


@pytest.mark.parametrize("value", [".inf", "-.inf", ".nan", "1e400", "99999999999999999999:00:00.000", "1e30", "-5", "banana"])
def test_an_annotation_time_that_is_no_time_is_reported_not_a_crash(workspace: Path, value: str):
    line_number = _spoil_first_start(workspace, value)
    # check names the file and line, and a command that would rewrite the file refuses.
    check = run_limited("--workspace", str(workspace), "check")
    assert f"{EPISODE}.yaml:{line_number}: unreadable: not a time" in check.stdout, check.stdout
    refused_without_change(workspace, ["tag", EPISODE, "--from", "1:00", "--to", "1:10", "--tag", "media-myths"],
                           f"{EPISODE}.yaml:{line_number}", "not a time")


@pytest.mark.parametrize("key, value, reason", [
    ("start", "-5", "not a time"),
    ("start", "banana", "not a time"),
    ("start", ".nan", "not a time"),
    ("end", "'00:00:01.000'", "`end` (00:00:01.000) is before `start`"),
])
def test_listings_name_an_annotation_they_cannot_read(workspace: Path, key: str, value: str, reason: str):
    # list and taxonomy list count annotations, show shows the episode they belong to: each still
    # works and says on stderr which entry of which file it could not read, and why.
    line_number = _spoil_first_start(workspace, value, key)
    where = f"{EPISODE}.yaml:{line_number}: {reason}"
    for arguments in (["list"], ["list", "--json"], ["taxonomy", "list"], ["show", EPISODE]):
        run = run_limited("--workspace", str(workspace), *arguments)
        assert run.returncode == 0 and "Traceback" not in run.stderr, (arguments, run.stderr[-2000:])
        warnings = [line for line in run.error_lines if where in line]
        assert len(warnings) == 1 and warnings[0].startswith("annotate: warning: "), (arguments, run.stderr[-2000:])
    assert "not counted" in run_limited("--workspace", str(workspace), "taxonomy", "list").stderr
    check = run_limited("--workspace", str(workspace), "check")
    assert check.returncode == 1 and f"{EPISODE}.yaml:{line_number}: unreadable: {reason}" in check.stdout, check.stdout
    refused_without_change(workspace, ["tag", EPISODE, "--from", "1:00", "--to", "1:10", "--tag", "media-myths"],
                           f"{EPISODE}.yaml:{line_number}: refusing to save", reason)


def test_a_50_mb_annotation_file_is_refused_by_its_size(workspace: Path):
    path = workspace / "annotations" / f"{EPISODE}.yaml"
    block = path.read_text().split("\n- id:")[1]
    with open(path, "w") as handle:
        handle.write("schema: annotate/annotations@1\nannotations:\n")
        while handle.tell() < 50 * 1024 * 1024:
            handle.write(("- id:" + block + "\n") * 200)
    refused_without_change(workspace, ["tag", EPISODE, "--from", "1:00", "--to", "1:10", "--tag", "media-myths"],
                           f"{EPISODE}.yaml", "too large")


def test_a_taxonomy_that_is_a_fifo_is_refused(workspace: Path):
    taxonomy = workspace / "annotations" / "taxonomy.yaml"
    taxonomy.unlink()
    os.mkfifo(taxonomy)
    refused_without_change(workspace, ["taxonomy", "list"], "taxonomy.yaml", "named pipe")


def test_a_yaml_flood_of_tiny_items_is_refused_before_parsing(workspace: Path):
    taxonomy = workspace / "annotations" / "taxonomy.yaml"
    taxonomy.write_text("tags: [" + ",".join(["a"] * 2_000_000) + "]\n")
    refused_without_change(workspace, ["taxonomy", "list"], "taxonomy.yaml", "refusing to read it")


# --- readers: more than a transcript can hold ---------------------------------------------------


def _many(unit: bytes, count: int, head: bytes = b"", tail: bytes = b"") -> bytes:
    return head + unit * count + tail


@pytest.mark.parametrize(
    "name, data, reason",
    [
        ("newlines.vtt", _many(b"\n", limits.MAX_LINES + 10, b"WEBVTT\n"), "lines"),
        ("long-line.vtt", _many(b"a", limits.MAX_LINE_CHARACTERS + 1, b"WEBVTT\n\n00:00.000 --> 00:01.000\n"), "longer than"),
        ("cues.vtt", _many(b"00:00.000 --> 00:01.000\na\n\n", limits.MAX_CUES + 1, b"WEBVTT\n\n"), "cues"),
        ("long-cue.vtt", _many(b"word " * 12_000 + b"\n", 2, b"WEBVTT\n\n00:00.000 --> 00:01.000\n"), "more than a cue may"),
        ("cues.srt", _many(b"1\n00:00:01,000 --> 00:00:02,000\na\n\n", limits.MAX_CUES + 1), "cues"),
        ("turns.txt", _many(b"[00:00:01] Alice: hello\n", limits.MAX_CUES + 1), "turns"),
        ("untimed-turns.txt", _many(b"Alice: hello\n", limits.MAX_CUES + 1), "turns"),
        ("dicts.json", _many(b"{},", limits.MAX_JSON_VALUES, b"[", b"{}]"), "JSON may hold more"),
        ("zeros.json", _many(b"0,", limits.MAX_JSON_VALUES, b'{"segments": [', b"0]}"), "JSON may hold more"),
        ("nested.json", _many(b"[", 100_000), "nested too deeply"),
        ("tags.html", _many(b"<p>", limits.MAX_HTML_TAGS + 1, b"<html><body>"), "tags"),
    ],
    ids=lambda value: value if isinstance(value, str) and len(value) < 40 else "",
)
def test_a_file_past_a_reader_limit_is_refused_in_time(workspace: Path, tmp_path: Path, name: str, data: bytes, reason: str):
    source = tmp_path / name
    source.write_bytes(data)
    refused_without_change(workspace, ["import", str(source)], name, reason)


# --- queries and quotes -------------------------------------------------------------------------


def test_a_word_repeated_thousands_of_times_searches_as_one(workspace: Path):
    # 1,999 repeats stay under the length limit; before they were collapsed, the time grew with
    # the square of the repeats (the CPU limit would kill it).
    run = run_limited("--workspace", str(workspace), "search", "--json", " ".join(["a"] * 1999))
    assert run.returncode == 0, run.stderr[-2000:]
    once = run_limited("--workspace", str(workspace), "search", "--json", "a")
    assert run.stdout == once.stdout


def test_too_long_a_query_or_quote_is_refused(workspace: Path, tmp_path: Path):
    long_text = "social credit " * 1000
    refused_without_change(workspace, ["search", long_text], "search query is too long")
    refused_without_change(workspace, ["search", "--fuzzy", long_text], "search query is too long")
    refused_without_change(workspace, ["match", long_text], "quote is too long")
    refused_without_change(workspace, ["match", "-"], "<stdin>", "too long", stdin=long_text * 100)
    refused_without_change(workspace, ["tag", EPISODE, "--quote", long_text, "--tag", "media-myths"], "quote is too long")
    quotes = tmp_path / "quotes.yaml"
    quotes.write_text(f"- it's a patchwork of lists and local schemes\n- {long_text}\n")
    refused_without_change(workspace, ["match", "--file", str(quotes)], "quotes.yaml:2", "quote is too long")


def test_many_different_words_are_refused_for_the_index_but_placed_by_fuzzy(workspace: Path):
    words = " ".join(f"w{number}" for number in range(limits.MAX_QUERY_TERMS + 1))
    refused_without_change(workspace, ["search", words], "different words")
    run = run_limited("--workspace", str(workspace), "search", "--fuzzy", "--json", words)
    assert run.returncode == 0 and run.stdout.strip() == "[]", run.stderr[-2000:]


@pytest.mark.parametrize(
    "arguments, reason",
    [
        (["tag", EPISODE, "--from", "1e400", "--to", "2", "--tag", "media-myths"], "not a time"),
        (["tag", EPISODE, "--from", "99999999999999999999:00:00", "--to", "2", "--tag", "media-myths"], "not a time"),
        (["tag", EPISODE, "--from", "9" * 5000, "--to", "2", "--tag", "media-myths"], "not a time"),
        (["search", "after:99999-99-99"], "not a date"),
        (["search", "--limit", "-1", "credit"], "--limit"),
        (["match", "--top", "0", "a quote of words"], "--top"),
        (["show", "../../etc/passwd"], "no episode"),
        (["show", "\x1b[31mred"], "no episode"),
        (["taxonomy", "add", "x" * 5000], "tag id"),
        (["search", "--episode", "", "credit"], "needs a value"),
        (["search", "--speaker", " ", "credit"], "needs a value"),
        (["search", "--limit", "9" * 30, "credit"], None),
        (["match", "--top", "9" * 30, "it's a patchwork of lists and local schemes"], None),
        (["import", ""], "empty file name"),
    ],
)
def test_hostile_arguments_are_one_line_errors(workspace: Path, arguments: list[str], reason: str | None):
    if reason is None:  # a number too large for SQLite or numpy means "all"
        run = run_limited("--workspace", str(workspace), *arguments)
        assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr[-2000:]
        return
    line = refused_without_change(workspace, arguments, reason)
    assert len(line) < 400 and "\x1b" not in line


# --- the workspace's own files ------------------------------------------------------------------


def test_file_values_are_echoed_only_as_short_excerpts(workspace: Path):
    secret = "s3cr3t" * 2000
    path = workspace / "annotations" / f"{EPISODE}.yaml"
    text = path.read_text()
    path.write_text(text.replace("- id: ", f"- id: {secret}\n  old_id: ", 1))
    check = run_limited("--workspace", str(workspace), "check")
    assert check.returncode == 1 and "annotation id 's3cr3t" in check.stdout, check.stdout[-2000:]
    assert max(len(line) for line in check.stdout.splitlines()) < 400


def test_a_metadata_alias_bomb_is_refused(workspace: Path):
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 12):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 9) + "]")
    lines.append("participants: *a11")
    (workspace / "transcripts" / f"{EPISODE}.yaml").write_text("\n".join(lines) + "\n")
    refused_without_change(workspace, ["show", EPISODE], f"{EPISODE}.yaml", "alias")


def test_a_transcript_in_the_workspace_that_is_a_fifo_is_named_and_passed_over(workspace: Path):
    transcript = workspace / "transcripts" / f"{EPISODE}.vtt"
    transcript.unlink()
    os.mkfifo(transcript)
    said = f"{EPISODE}.vtt: is a named pipe (FIFO), not a regular file"
    for arguments in (["search", "credit"], ["list"], ["match", "it's a patchwork of lists and local schemes"]):
        run = run_limited("--workspace", str(workspace), *arguments)
        assert run.returncode == 0 and "Traceback" not in run.stderr, (arguments, run.stderr[-2000:])
        assert any(line.startswith("annotate: warning: ") and said in line for line in run.error_lines), (arguments, run.stderr)
    check = run_limited("--workspace", str(workspace), "check")
    assert check.returncode == 1 and f"{EPISODE}.vtt: unreadable: is a named pipe" in check.stdout, check.stdout[-2000:]
    refused_without_change(workspace, ["show", EPISODE], said)


def test_a_fifo_in_the_caches_is_rebuilt_not_waited_on(workspace: Path):
    # .annotate/ is the user's to delete and anyone's to spoil: a FIFO there is a bad cache entry.
    quote = "it's a patchwork of lists and local schemes"
    matched = run_limited("--workspace", str(workspace), "match", "--json", quote)
    searched = run_limited("--workspace", str(workspace), "search", "--json", "credit")
    assert matched.returncode == 0 and searched.returncode == 0, matched.stderr + searched.stderr
    cache = workspace / ".annotate"
    (whole_index,) = (cache / "match").glob("index-*")
    spoiled = [whole_index / "words.txt", whole_index / "ids.npy", cache / "match" / f"{EPISODE}.npz",
               cache / "search.sqlite", cache / "search.sqlite-wal", cache / "locks" / f"episode-{EPISODE}.lock"]
    for path in spoiled:
        path.parent.mkdir(exist_ok=True)
        path.unlink(missing_ok=True)
        os.mkfifo(path)
    again = run_limited("--workspace", str(workspace), "match", "--json", quote)
    assert (again.returncode, again.stdout) == (0, matched.stdout), again.stderr[-2000:]
    only_episode = run_limited("--workspace", str(workspace), "match", "--json", "--episode", EPISODE, quote)
    assert only_episode.returncode == 0 and "not searched" not in only_episode.stderr, only_episode.stderr[-2000:]
    search = run_limited("--workspace", str(workspace), "search", "--json", "credit")
    assert (search.returncode, search.stdout) == (0, searched.stdout), search.stderr[-2000:]
    tag = run_limited("--workspace", str(workspace), "tag", EPISODE, "--from", "1:00", "--to", "1:10", "--tag", "media-myths")
    assert tag.returncode == 0, tag.stderr[-2000:]
    assert not any(path.is_fifo() for path in spoiled)


def test_export_never_replaces_a_fifo_or_a_socket(workspace: Path, tmp_path: Path):
    # An atomic write renames over its target: that must never swap out something not a file.
    fifo = tmp_path / "quotes.yaml"
    os.mkfifo(fifo)
    refused_without_change(workspace, ["export", "-o", str(fifo)], "quotes.yaml", "not a regular file")
    assert fifo.is_fifo()
    server = socket.socket(socket.AF_UNIX)
    try:
        server.bind(str(tmp_path / "s.yaml"))
        refused_without_change(workspace, ["export", "-o", str(tmp_path / "s.yaml")], "s.yaml", "socket")
    finally:
        server.close()


def test_search_and_match_work_without_a_writable_cache(workspace: Path):
    # .annotate is a file, so no cache folder can be made there (as root, a mode bit would not do).
    shutil.rmtree(workspace / ".annotate", ignore_errors=True)
    (workspace / ".annotate").write_text("not a folder")
    before = snapshot(workspace)
    search = run_limited("--workspace", str(workspace), "search", "--json", "patchwork")
    assert search.returncode == 0 and "patchwork" in search.stdout, search.stderr[-2000:]
    match = run_limited("--workspace", str(workspace), "match", "--json", "it's a patchwork of lists and local schemes")
    assert match.returncode == 0 and '"score": 1.0' in match.stdout, match.stderr[-2000:]
    fuzzy = run_limited("--workspace", str(workspace), "search", "--fuzzy", "--json", "patchwork of lists and local schemes")
    assert fuzzy.returncode == 0 and "patchwork" in fuzzy.stdout, fuzzy.stderr[-2000:]
    assert snapshot(workspace) == before


# --- disks that refuse writes -----------------------------------------------------------------

needs_private_mounts = pytest.mark.skipif(
    not private_mounts_available(), reason="needs `unshare -rm` (user namespaces) for a read-only or full disk"
)
_TAG = f'$ANNOTATE --workspace ws tag {EPISODE} --from 1:00 --to 1:10 --tag media-myths'


@needs_private_mounts
def test_a_read_only_folder_names_the_annotation_file(workspace: Path):
    before = snapshot(workspace)
    run = run_with_private_mounts(
        "mount --bind ws/annotations ws/annotations; mount -o remount,bind,ro ws/annotations\n"
        f"{_TAG} || echo rc=$?\n"
        "$ANNOTATE --workspace ws taxonomy rename media-myths myths || echo rc=$?\n",
        workspace.parent,
    )
    errors = [line for line in run.error_lines if line.startswith("annotate: error: ")]
    assert run.stdout.count("rc=2") == 2 and len(errors) == 2, run.stdout + run.stderr[-2000:]
    assert all(".tmp" not in line and "Read-only file system" in line for line in errors), errors
    assert f"annotations/{EPISODE}.yaml: " in errors[0]
    assert "annotations/" in errors[1] and ".yaml: " in errors[1]
    assert snapshot(workspace) == before


@needs_private_mounts
def test_a_full_disk_names_the_file_and_changes_nothing(workspace: Path):
    # annotations/ and transcripts/ on their own tiny disks, filled up.
    fill = "dd if=/dev/zero of={0}/.fill bs=4k 2>/dev/null || true\n"
    run = run_with_private_mounts(
        "for part in annotations transcripts; do\n"
        "  cp -a ws/$part saved-$part; mount -t tmpfs -o size=1m tmpfs ws/$part; cp -a saved-$part/. ws/$part/\n"
        "done\n"
        + fill.format("ws/annotations") + fill.format("ws/transcripts") +
        "before=$(cat ws/annotations/*.yaml ws/transcripts/* | sha256sum)\n"
        f"{_TAG} || echo rc=$?\n"
        "$ANNOTATE --workspace ws taxonomy rename media-myths myths || echo rc=$?\n"
        "printf 'WEBVTT\\n\\n00:00.000 --> 00:02.000\\nhello there\\n' > new.vtt\n"
        "$ANNOTATE --workspace ws import new.vtt || echo rc=$?\n"
        "rm -f ws/annotations/.fill ws/transcripts/.fill\n"
        "after=$(cat ws/annotations/*.yaml ws/transcripts/* | sha256sum)\n"
        '[ "$before" = "$after" ] && echo unchanged; ls -a ws/annotations ws/transcripts | grep -c "\\.tmp$" || true\n',
        workspace.parent,
    )
    errors = [line for line in run.error_lines if line.startswith("annotate: error: ")]
    assert run.stdout.count("rc=2") == 3 and len(errors) == 3, run.stdout + run.stderr[-2000:]
    assert all("No space left on device" in line and ".tmp" not in line for line in errors), errors
    assert f"annotations/{EPISODE}.yaml: " in errors[0] and "transcripts/new." in errors[2], errors
    assert "unchanged" in run.stdout and run.stdout.strip().endswith("0"), run.stdout


@needs_private_mounts
def test_a_read_only_workspace_still_searches_and_matches(workspace: Path):
    shutil.rmtree(workspace / ".annotate", ignore_errors=True)
    run = run_with_private_mounts(
        "mount --bind ws ws; mount -o remount,bind,ro ws\n"
        "$ANNOTATE --workspace ws search --json patchwork\n"
        "$ANNOTATE --workspace ws match --json \"it's a patchwork of lists and local schemes\"\n"
        "$ANNOTATE --workspace ws search --fuzzy --json 'patchwork of lists and local schemes'\n",
        workspace.parent,
    )
    assert run.returncode == 0, run.stderr[-2000:]
    assert run.stdout.count("patchwork") >= 3 and '"score": 1.0' in run.stdout, run.stdout[-2000:]
    assert not (workspace / ".annotate").exists()


# --- the TUI's dialogs ------------------------------------------------------------------------


def test_the_tui_dialogs_take_hostile_input_within_the_limits():
    # The cases live in tests/tui/hostile_dialogs.py (not collected on their own): pasted
    # megabytes, a query at the length limit, times that are no times.
    run = run_tests_limited(str(Path(__file__).parent / "tui" / "hostile_dialogs.py"), cases=8)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-2000:]
    assert "8 passed" in run.stdout, run.stdout[-2000:]


def test_a_fifo_in_place_of_the_journal_is_not_waited_on(workspace: Path):
    # The journal of all-or-nothing changes is read whenever a workspace opens.
    os.mkfifo(workspace / "annotations" / ".journal")
    for arguments in (["list"], ["taxonomy", "rename", "media-myths", "myths"]):
        run = run_limited("--workspace", str(workspace), *arguments)
        assert run.returncode == 0 and "Traceback" not in run.stderr, (arguments, run.stderr[-2000:])
    texts = [path.read_text() for path in (workspace / "annotations").glob("*.yaml")]
    assert not any("media-myths" in text for text in texts) and any("myths" in text for text in texts)
    assert not (workspace / "annotations" / ".journal").exists()


def test_init_over_a_fifo_gitattributes_is_refused_not_waited_on(tmp_path: Path):
    folder = tmp_path / "new"
    folder.mkdir()
    os.mkfifo(folder / ".gitattributes")
    assert_refused(run_limited("init", str(folder)), ".gitattributes", "named pipe")


# --- a PostgreSQL workspace: what the folder refuses, the database refuses the same way ---------


def test_a_quote_file_note_with_a_nul_character_is_refused_by_its_line(workspace: Path, tmp_path: Path):
    quotes = tmp_path / "quotes.yaml"
    quotes.write_text('- quote: "it\'s a patchwork of lists and local schemes"\n  note: "bad\\0note"\n')
    refused_without_change(workspace, ["match", "--file", str(quotes), "--tag", "media-myths"], "quotes.yaml:1", "note", "NUL character")


def test_copying_a_folder_with_a_nul_note_into_a_database_writes_nothing(workspace: Path, postgres_url: str):
    path = workspace / "annotations" / f"{EPISODE}.yaml"
    path.write_text(path.read_text().replace("note: ''", 'note: "a\\0b"', 1))
    run = run_limited("copy", str(workspace), postgres_url)
    assert_refused(run, f"{EPISODE}.yaml:", "NUL character")
    listing = run_limited("--workspace", postgres_url, "list", "--json")
    taxonomy = run_limited("--workspace", postgres_url, "taxonomy", "list", "--json")
    assert (listing.stdout.strip(), taxonomy.stdout.strip()) == ("[]", "[]"), listing.stderr + taxonomy.stderr
