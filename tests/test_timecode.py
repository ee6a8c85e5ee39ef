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
