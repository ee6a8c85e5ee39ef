"""A small workspace for TUI tests: a three-tag taxonomy and two short episodes with speakers."""

from __future__ import annotations

from pathlib import Path

import pytest

TAXONOMY = """\
schema: annotate/taxonomy@1
tags:
- id: takeaways
  label: Takeaways
  description: Parent of the takeaways.
  color: '#7f8c8d'
- id: fraud-and-credit
  label: Fraud, corruption and credit
  description: The system as an answer to fraud.
  color: '#e67e22'
  parent: takeaways
  key: '1'
- id: culture-of-trust
  label: A culture of trust
  description: Trust between strangers.
  color: '#27ae60'
  parent: takeaways
  key: '2'
- id: media-myths
  label: Media myths
  description: What the press gets wrong.
  color: '#9b59b6'
"""

SPEAKERS = ("Kaiser Kuo", "Rogier Creemers")


def episode_vtt(cue_count: int, long_every: int = 5) -> str:
    """WebVTT with ``cue_count`` cues of four seconds, alternating speakers; some long enough to wrap."""
    lines = ["WEBVTT", ""]
    for index in range(cue_count):
        start, end = index * 4, index * 4 + 4
        text = f"Cue number {index} says something about credit and trust."
        if index % long_every == 0:
            text += " It goes on for a while longer, so that it wraps onto a second line of the view at eighty columns."
        speaker = SPEAKERS[(index // 3) % 2]
        lines += [f"00:{start // 60:02d}:{start % 60:02d}.000 --> 00:{end // 60:02d}:{end % 60:02d}.000", f"<v {speaker}>{text}", ""]
    return "\n".join(lines)


@pytest.fixture
def tui_workspace(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A workspace folder with two episodes (``alpha``: 40 cues, ``beta``: 12) and the taxonomy."""
    monkeypatch.delenv("ANNOTATE_WORKSPACE", raising=False)
    monkeypatch.setenv("ANNOTATE_ANNOTATOR", "tester")
    root = tmp_path / "ws"
    (root / "transcripts").mkdir(parents=True)
    (root / "annotations").mkdir()
    (root / "annotations" / "taxonomy.yaml").write_text(TAXONOMY, encoding="utf-8")
    (root / "transcripts" / "alpha.vtt").write_text(episode_vtt(40), encoding="utf-8")
    (root / "transcripts" / "alpha.yaml").write_text("title: Alpha episode\ndate: '2018-10-31'\n", encoding="utf-8")
    (root / "transcripts" / "beta.vtt").write_text(episode_vtt(12), encoding="utf-8")
    (root / "transcripts" / "beta.yaml").write_text("title: Beta episode\ndate: '2019-01-02'\n", encoding="utf-8")
    return root
