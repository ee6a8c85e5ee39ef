"""A tiny host app for testing one screen, and a small workspace to give it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Input, Static, TextArea

from annotate.core.model import Cue, Tag, Taxonomy, Transcript, TranscriptMetadata
from annotate.core.workspace import Workspace, init_workspace

# The typing pause before a screen searches (instead of the screens' 0.2-0.3 s), and settle's wait.
TEST_DEBOUNCE_SECONDS = 0.02
SETTLE_SECONDS = 0.08

# No result yet (a screen may legitimately dismiss with None).
PENDING = object()

TAXONOMY_YAML = """\
schema: annotate/taxonomy@1
tags:
- id: takeaways
  label: Takeaways
  description: The six takeaways of the episode
  color: '#7f8c8d'
- id: fraud-and-credit
  label: Fraud, corruption and credit
  description: Fighting fraud and building creditworthiness
  color: '#e67e22'
  parent: takeaways
  key: '1'
- id: sesame-credit-confusion
  label: Sesame Credit confusion
  description: Commercial scores mistaken for the state system
  color: '#3498db'
  parent: takeaways
  key: '2'
- id: culture-of-trust
  label: Culture of trust
  description: Honesty and trust in a market economy
  color: '#2ecc71'
  parent: takeaways
  key: '3'
- id: public-reception
  label: Public reception
  description: How people in China see the system
  color: '#9b59b6'
  parent: takeaways
  key: '4'
- id: themes
  label: Themes
  description: Recurring themes
  color: '#34495e'
- id: blacklists-redlists
  label: Blacklists and redlists
  description: Lists of the untrustworthy and the exemplary
  color: '#c0392b'
  parent: themes
- id: tech-anxiety
  label: Tech anxiety
  description: Surveillance fears and algorithms
  color: '#16a085'
  parent: themes
"""


def sample_taxonomy() -> Taxonomy:
    """The taxonomy of TAXONOMY_YAML as model objects (for screens that take one)."""
    import yaml

    document = yaml.safe_load(TAXONOMY_YAML)
    return Taxonomy([Tag(**tag) for tag in document["tags"]])


EPISODES = {
    "sinica-social-credit-live-2018": (
        "Myth-busting China's Social Credit System",
        [
            (0, 4000, "Kaiser Kuo", "Welcome to Sinica, live from the Asia Society."),
            (4000, 9000, "Rogier Creemers", "The social credit system is mostly about fraud and corruption."),
            (9000, 15000, "Jeremy Daum", "Sesame Credit is a commercial score, not the state system."),
            (15000, 21000, "Samantha Hoffman", "Blacklists name the people who ignore court orders."),
        ],
    ),
    "interview-manya-koetse-2018": (
        "Manya Koetse on public reception",
        [
            (0, 5000, "Manya Koetse", "Many people in China welcome the idea of more trust."),
            (5000, 11000, "Manya Koetse", "On Weibo the reception of blacklists was mostly positive."),
        ],
    ),
}


def make_workspace(folder: Path) -> Workspace:
    """A workspace with the taxonomy above and two short episodes."""
    root = init_workspace(folder)
    (root / "annotations" / "taxonomy.yaml").write_text(TAXONOMY_YAML, encoding="utf-8")
    workspace = Workspace(root)
    for episode_id, (title, cues) in EPISODES.items():
        workspace.save_transcript(
            Transcript(
                episode_id,
                [Cue(start, end, text, speaker) for start, end, speaker, text in cues],
                TranscriptMetadata(title=title, date="2018-11-20"),
            )
        )
    return workspace


class ScreenHost(App):
    """Pushes the screen ``make_screen()`` builds on start and keeps what it dismisses with."""

    def __init__(self, make_screen: Callable[[], Screen]) -> None:
        super().__init__()
        self.make_screen = make_screen
        self.result = PENDING

    def compose(self) -> ComposeResult:
        yield Static("host screen")

    def on_mount(self) -> None:
        screen = self.make_screen()
        if hasattr(screen, "DEBOUNCE_SECONDS"):
            # Tests wait for the debounce before waiting on workers; keep that wait short.
            screen.DEBOUNCE_SECONDS = TEST_DEBOUNCE_SECONDS
        self.push_screen(screen, self._keep)

    def _keep(self, result: object) -> None:
        self.result = result


async def settle(pilot, debounce: float = SETTLE_SECONDS) -> None:
    """Let a debounced action start, then wait for every worker to finish and its messages to land."""
    await pilot.pause(debounce)
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def stop_blinking(app: App) -> None:
    """Turn off cursor blinking on the active screen, so snapshots are stable."""
    for widget in app.screen.query(Input):
        widget.cursor_blink = False
    for widget in app.screen.query(TextArea):
        widget.cursor_blink = False


def annotate_passage(
    workspace: Workspace, episode_id: str, quote: str, tags: list[str], annotator: str = "lena", note: str = ""
):
    """Tag the first place ``quote`` occurs in ``episode_id`` through the core store (saved at once)."""
    from annotate.core.anchoring import new_annotation
    from tests.annotation_helpers import store_of

    transcript = workspace.load_transcript(episode_id)
    start = transcript.text.index(quote)
    annotation = new_annotation(transcript, start, start + len(quote), tags, note=note, annotator=annotator)
    return store_of(workspace).add_annotation(annotation)
