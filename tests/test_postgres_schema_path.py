"""A PostgreSQL workspace in a schema of its own, named alone on the URL's search_path, as the README shows."""

from __future__ import annotations

import secrets
import sys
from urllib.parse import parse_qsl, quote, urlencode, urlsplit, urlunsplit

import pytest

from annotate.cli import main


@pytest.fixture(autouse=True)
def _environment(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "user-cache"))


def _with_options(url: str, options: str) -> str:
    parts = urlsplit(url)
    query = [(key, value) for key, value in parse_qsl(parts.query, keep_blank_values=True) if key != "options"]
    query.append(("options", options))
    return urlunsplit((parts.scheme, parts.netloc, parts.path, urlencode(query, quote_via=quote), parts.fragment))


@pytest.fixture
def lone_schema_url(postgres_server: str):
    """A URL whose search_path is one new schema only (no public), with unaccent living in public."""
    import psycopg

    schema = f"lone_{secrets.token_hex(6)}"
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute("CREATE EXTENSION IF NOT EXISTS unaccent SCHEMA public")
    yield _with_options(postgres_server, f"-csearch_path={schema}")
    with psycopg.connect(postgres_server, autocommit=True) as connection:
        connection.execute(f"DROP SCHEMA IF EXISTS {schema} CASCADE")


def test_init_in_a_schema_of_its_own_works_and_search_folds_accents(lone_schema_url: str, capsys):
    assert main(["init", lone_schema_url, "--sample"]) == 0
    assert "Created a sample workspace" in capsys.readouterr().out
    # The sample says "Zurich": an accented query finds it through the unaccent dictionary.
    assert main(["--workspace", lone_schema_url, "search", "zürich", "--limit", "3"]) == 0
    assert "Zurich" in capsys.readouterr().out


def test_a_database_that_refuses_the_schema_is_one_line_not_a_traceback(postgres_server: str, capsys):
    read_only = _with_options(postgres_server, f"-csearch_path=ro_{secrets.token_hex(6)} -cdefault_transaction_read_only=on")
    code = main(["init", read_only])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("annotate: error:") and err.count("\n") == 1
    assert "read-only" in err and "annotate:annotate@" not in err


@pytest.mark.parametrize("command", [["--workspace", "postgresql://lena@localhost/archive", "list"],
                                     ["init", "postgresql://lena@localhost/archive"],
                                     ["copy", "postgresql://lena@localhost/archive", "elsewhere"]])
def test_a_database_url_without_psycopg_installed_says_how_to_install_it(monkeypatch, capsys, command):
    import sys

    monkeypatch.setitem(sys.modules, "psycopg", None)  # as in an install without the postgres extra
    code = main(command)
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("annotate: error:") and err.count("\n") == 1
    assert "needs psycopg" in err and "[postgres]" in err


def test_init_sample_on_a_database_that_holds_work_says_so_in_init_words(postgres_url: str, capsys):
    assert main(["init", postgres_url, "--sample"]) == 0
    capsys.readouterr()
    code = main(["init", postgres_url, "--sample"])
    err = capsys.readouterr().err
    assert code == 2 and err.count("\n") == 1
    assert "--sample fills only an empty one" in err and "copy" not in err


def test_a_malformed_database_url_is_one_line_without_its_password(capsys):
    code = main(["--workspace", "postgresql://lena:secret@[db.example.org/archive", "list"])
    err = capsys.readouterr().err
    assert code == 2 and err.startswith("annotate: error:") and err.count("\n") == 1
    assert "secret" not in err


def test_export_to_a_file_from_a_database_workspace(postgres_url: str, tmp_path, capsys):
    assert main(["init", postgres_url, "--sample"]) == 0
    capsys.readouterr()
    target = tmp_path / "quotes.csv"
    code = main(["--workspace", postgres_url, "export", "--format", "csv", "-o", str(target)])
    assert code == 0, capsys.readouterr().err
    assert target.read_text(encoding="utf-8-sig").startswith("id,episode,title")
    assert len(target.read_text(encoding="utf-8-sig").splitlines()) > 100


def test_serve_a_database_workspace_without_showing_its_password(postgres_url: str, capsys):
    import os
    import socket
    import subprocess
    import time
    import urllib.request

    pytest.importorskip("textual_serve")
    assert main(["init", postgres_url]) == 0
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    environment = {**os.environ, "ANNOTATE_WORKSPACE": postgres_url}
    server = subprocess.Popen([sys.executable, "-m", "annotate", "serve", "--port", str(port)], env=environment,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        page = ""
        for _ in range(100):
            if server.poll() is not None:
                break
            try:
                page = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=1).read().decode()
                break
            except OSError:
                time.sleep(0.1)
        assert "textual" in page, server.communicate(timeout=5)[0] if server.poll() is not None else "no page"
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert "Traceback" not in output and "Serving" in output
    assert ":annotate@" not in output  # the URL's password stays out of the banner


def test_open_finds_a_database_named_by_the_environment(postgres_url: str, monkeypatch, capsys):
    assert main(["init", postgres_url, "--sample"]) == 0
    capsys.readouterr()
    monkeypatch.setenv("ANNOTATE_WORKSPACE", postgres_url)  # as the README's `export ANNOTATE_WORKSPACE=postgresql://...`
    code = main(["open", "no-such-episode"])  # reaches the database: the episode check names its episodes
    err = capsys.readouterr().err
    assert code == 2 and "no episode 'no-such-episode'" in err and "webcast-scs-2020" in err
