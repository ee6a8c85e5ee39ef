"""The TUI on a PostgreSQL workspace: tagging saves to the database; others' changes are noticed."""

from __future__ import annotations

from annotate.core.store import open_workspace
from annotate.core.store.copying import copy_workspace
from annotate.core.store.postgres import init_postgres
from annotate.tui.app import create_app
from tests.tui.test_tui_flow import SIZE, opened


async def test_tagging_saves_to_the_database_and_another_annotators_change_is_shown(tui_workspace, postgres_url):
    database = init_postgres(postgres_url)
    copy_workspace(open_workspace(str(tui_workspace)), database)
    app = create_app(open_workspace(postgres_url), episode="alpha")
    async with app.run_test(size=SIZE) as pilot:
        screen = await opened(pilot)
        await pilot.press("1")
        await pilot.pause()
        other = open_workspace(postgres_url)
        [stored] = other.annotations("alpha")
        assert stored.tags == ["fraud-and-credit"]

        # Another annotator retags it in the database; the app's next poll shows their version.
        stored.tags = ["media-myths"]
        theirs = other.update_annotation(stored)
        screen.check_files()
        await pilot.pause()
        assert screen.annotations[0].tags == ["media-myths"]

        # They change it again after the app read it; the app's own edit is then refused, not lost.
        theirs.tags = ["culture-of-trust"]
        other.update_annotation(theirs)
        await pilot.press("1")
        await pilot.pause()
        assert [annotation.tags for annotation in open_workspace(postgres_url).annotations("alpha")] == [["culture-of-trust"]]
        assert any("Not saved" in (notification.title or "") for notification in app._notifications)
