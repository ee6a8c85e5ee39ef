import pytest
from hypothesis import given, strategies as st

from annotate.core.errors import AnnotateError
from annotate.core.timecode import format_time, parse_time


@pytest.mark.parametrize(
    ("typed", "milliseconds"),
    [("01:02:03.450", 3723450), ("12:34", 754000), ("754.5", 754500), ("0:05", 5000), ("100:00:00.000", 360000000)],
)
def test_parse_time_accepts_the_three_forms(typed, milliseconds):
    assert parse_time(typed) == milliseconds


@pytest.mark.parametrize("typed", ["", "abc", "12:61", "1:2:3:4", "-5"])
def test_parse_time_refuses_nonsense_with_a_message(typed):
    with pytest.raises(AnnotateError, match="not a time"):
        parse_time(typed)


@given(st.integers(min_value=0, max_value=400 * 3600 * 1000))
def test_format_then_parse_is_identity(milliseconds):
    assert parse_time(format_time(milliseconds)) == milliseconds


def test_a_time_typed_as_shown_lands_on_the_cue_shown_with_it():
    # Cues at 23:34.800 and 23:35.400: the screen shows the second as 23:35, so `g 23:35` means it.
    from annotate.core.model import Cue, Transcript
    from annotate.core.timecode import format_clock

    transcript = Transcript("t", [Cue(1414000, 1414800, "a"), Cue(1414800, 1415400, "b"), Cue(1415400, 1418000, "c")])
    index = transcript.cue_index_at_shown_time(parse_time("23:35"))
    assert format_clock(transcript.cues[index].start_ms) == "23:35"
    assert index == 2
    # A time with a fraction, or a second no cue starts in, is the cue playing then.
    assert transcript.cue_index_at_shown_time(parse_time("23:35.100")) == 1
    assert transcript.cue_index_at_shown_time(parse_time("23:37")) == 2
    assert transcript.cue_index_at_shown_time(0) == 0
