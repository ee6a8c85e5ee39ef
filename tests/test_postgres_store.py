"""What only the PostgreSQL backend has: its schema's versions, its URLs, many writers at once."""

from __future__ import annotations

import multiprocessing

import psycopg
import pytest

from annotate.core.errors import AnnotateError, StaleAnnotationError
from annotate.core.store import open_workspace
from annotate.core.store.postgres import init_postgres
from annotate.core.store.postgres.connection import redacted, with_schema
from annotate.core.store.postgres.schema import latest_version
from tests.store_helpers import passage, taxonomy, transcript

WRITERS = 8
TAGS_EACH = 50


def test_opening_a_database_without_a_workspace_says_to_init_it(postgres_url: str):
    with pytest.raises(AnnotateError, match=r"no annotate workspace in schema 'test_\w+'.*annotate init URL"):
        open_workspace(postgres_url)


def test_init_records_the_schema_version_and_is_safe_to_run_again(postgres_url: str):
    init_postgres(postgres_url).close()
    init_postgres(postgres_url).close()

    with psycopg.connect(postgres_url) as connection:
        versions = [row[0] for row in connection.execute("SELECT version FROM schema_version ORDER BY version")]
    assert versions == list(range(1, latest_version() + 1))


def test_init_upgrades_a_database_s_match_postings_and_quotes_are_found_after(postgres_url: str, capsys):
    from annotate.cli import main
    from annotate.core.match import QuoteMatcher

    workspace = init_postgres(postgres_url)
    workspace.save_transcript(transcript("episode-one"))
    quote = workspace.load_transcript("episode-one").cues[3].text
    workspace.close()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        # The database as the version before step 4 left it: postings one row per word, by text.
        connection.execute("DROP TABLE match_postings")
        connection.execute("CREATE TABLE match_postings (episode text, key text, position integer)")
        connection.execute("DELETE FROM schema_version WHERE version >= 4")
        connection.execute("UPDATE episodes SET match_terms_version = 7")

    assert main(["init", postgres_url]) == 0
    with psycopg.connect(postgres_url) as connection:
        assert connection.execute("SELECT max(version) FROM schema_version").fetchone()[0] == latest_version()
        written = connection.execute("SELECT count(*), count(DISTINCT episode) FROM match_postings").fetchone()
        assert written[0] > 50 and written[1] == 1
    workspace = open_workspace(postgres_url)
    try:
        assert [(match.episode, match.start_ms) for match in QuoteMatcher.for_workspace(workspace).match(quote, top=1)] == [("episode-one", 15000)]
    finally:
        workspace.close()


def test_a_workspace_from_a_newer_annotate_is_refused(postgres_url: str):
    init_postgres(postgres_url).close()
    with psycopg.connect(postgres_url, autocommit=True) as connection:
        connection.execute("INSERT INTO schema_version (version, name) VALUES (999, 'from_the_future')")

    with pytest.raises(AnnotateError, match="version 999, newer than this annotate knows"):
        open_workspace(postgres_url)


def test_a_failed_connection_is_one_line_without_the_password(postgres_server: str):
    wrong = postgres_server.replace("annotate:annotate@", "annotate:sekrit-word@", 1)
    if wrong == postgres_server:
        pytest.skip("the test database URL has no password to get wrong")

    with pytest.raises(AnnotateError) as refused:
        open_workspace(wrong)

    assert "cannot connect to the database" in str(refused.value)
    assert "sekrit-word" not in str(refused.value) and "\n" not in str(refused.value)


def test_urls_are_shown_without_their_password():
    assert redacted("postgresql://lena:hunter2@db.example.org:5432/archive") == "postgresql://lena:***@db.example.org:5432/archive"
    assert redacted("postgresql://db/archive?password=hunter2&sslmode=require") == "postgresql://db/archive?password=***&sslmode=require"
    assert with_schema("postgresql://db/archive?sslmode=require", "team_a") == (
        "postgresql://db/archive?sslmode=require&options=-csearch_path%3Dteam_a%2Cpublic"
    )


def test_two_schemas_of_one_database_are_two_workspaces(postgres_url: str):
    other_url = postgres_url.replace("search_path%3Dtest_", "search_path%3Dtest2_")
    first, second = init_postgres(postgres_url), init_postgres(other_url)
    try:
        first.save_transcript(transcript("only-in-first"))
        assert (first.episode_ids(), second.episode_ids()) == (["only-in-first"], [])
    finally:
        first.close()
        second.close()
        with psycopg.connect(postgres_url.split("?")[0], autocommit=True) as connection:
            connection.execute(f"DROP SCHEMA IF EXISTS {second.schema} CASCADE")


def _tag_passages(url: str, writer: int, start: multiprocessing.Event) -> int:
    # One annotator's process: tags its own 50 cues of the shared episode, one transaction each.
    workspace = open_workspace(url)
    source = workspace.load_transcript("long-episode")
    start.wait()
    for cue in range(writer * TAGS_EACH, (writer + 1) * TAGS_EACH):
        workspace.add_or_extend(passage(source, cue, ["fraud"], annotator=f"annotator-{writer}"))
    return writer


def test_eight_processes_tagging_one_episode_at_once_lose_nothing(postgres_url: str):
    workspace = init_postgres(postgres_url)
    workspace.change_taxonomy(lambda _current: taxonomy())
    workspace.save_transcript(transcript("long-episode", cues=WRITERS * TAGS_EACH))
    context = multiprocessing.get_context("spawn")
    start = context.Manager().Event()

    with context.Pool(WRITERS) as pool:
        running = [pool.apply_async(_tag_passages, (postgres_url, writer, start)) for writer in range(WRITERS)]
        start.set()
        finished = sorted(result.get(timeout=300) for result in running)

    stored = open_workspace(postgres_url).annotations("long-episode")
    assert finished == list(range(WRITERS))
    assert len(stored) == WRITERS * TAGS_EACH
    assert len({annotation.id for annotation in stored}) == WRITERS * TAGS_EACH
    assert {annotation.annotator for annotation in stored} == {f"annotator-{writer}" for writer in range(WRITERS)}

    # Two annotators then change one of them: the second, from the copy read before, is refused.
    first, second = open_workspace(postgres_url), open_workspace(postgres_url)
    mine, theirs = first.get_annotation(stored[0].id), second.get_annotation(stored[0].id)
    mine.note = "first"
    first.update_annotation(mine)
    theirs.note = "second, stale"
    with pytest.raises(StaleAnnotationError):
        second.update_annotation(theirs)
    assert open_workspace(postgres_url).get_annotation(stored[0].id).note == "first"
