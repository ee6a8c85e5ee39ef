"""The readers other than WebVTT proper: what a user importing such a file gets."""

from __future__ import annotations

import json

import pytest

from annotate.core.formats import read_text
from annotate.core.formats.detect import detect_format
from annotate.core.formats.speakers import split_speaker_label
from annotate.core.model import Word

YOUTUBE = """WEBVTT
Kind: captions
Language: en

00:00:00.000 --> 00:00:02.310 align:start position:0%
 
so<00:00:00.420><c> today</c><00:00:00.840><c> we're</c><00:00:01.020><c> going</c>

00:00:02.310 --> 00:00:02.320 align:start position:0%
so today we're going
 

00:00:02.320 --> 00:00:04.510 align:start position:0%
so today we're going
to<00:00:02.700><c> talk</c><00:00:03.120><c> about</c>

00:00:04.510 --> 00:00:04.520 align:start position:0%
to talk about
 
"""


def test_youtube_rolling_lines_collapse_into_cues_with_word_times():
    result = read_text(YOUTUBE, "auto.en.vtt")
    assert result.format == "youtube"
    cues = result.transcript.cues
    assert [(cue.start_ms, cue.end_ms, cue.text) for cue in cues] == [
        (0, 2310, "so today we're going"),
        (2320, 4510, "to talk about"),
    ]
    assert cues[1].words == [Word(2320, 2700, "to"), Word(2700, 3120, "talk"), Word(3120, 4510, "about")]
    assert result.transcript.time_at(result.transcript.text.index("about")) == 3120
    assert result.transcript.metadata.language == "en"


def test_youtube_as_plain_vtt_keeps_the_repeats():
    cues = read_text(YOUTUBE, "auto.en.vtt", format="vtt").transcript.cues
    assert len(cues) == 4


def test_whisper_words_become_word_times_and_missing_times_borrow_from_neighbours():
    document = {
        "segments": [
            {"start": 0.0, "end": 2.0, "text": " Hello there, 42 times.", "speaker": "SPEAKER_00",
             "words": [{"word": " Hello", "start": 0.0, "end": 0.4}, {"word": " there,", "start": 0.5, "end": 0.9},
                       {"word": " 42"}, {"word": " times.", "start": 1.5, "end": 2.0}]},
            {"start": 2.5, "end": 3.0, "text": " Bye."},
        ]
    }
    result = read_text(json.dumps(document), "talk.json")
    assert result.format == "whisper"
    first, second = result.transcript.cues
    assert (first.speaker, first.text) == ("SPEAKER_00", "Hello there, 42 times.")
    assert first.words == [Word(0, 400, "Hello"), Word(500, 900, "there,"), Word(900, 1500, "42"), Word(1500, 2000, "times.")]
    assert (second.start_ms, second.end_ms, second.words) == (2500, 3000, None)


def test_podcast_json_phrases_stay_one_cue_each():
    document = {"version": "1.0.0", "segments": [
        {"speaker": "Ann", "startTime": 0, "endTime": 4.5, "body": "Welcome to the show."},
        {"speaker": "Ben", "startTime": 4.5, "body": "Thanks for having me here."},
    ]}
    cues = read_text(json.dumps(document), "t.json").transcript.cues
    assert [(cue.speaker, cue.start_ms, cue.end_ms) for cue in cues] == [("Ann", 0, 4500), ("Ben", 4500, 6500)]


def test_plain_text_with_bracketed_times_and_labels():
    text = "[00:00:05] Ada Lovelace: Hello, I am Ada.\nI write notes.\n\n[00:00:09] Bob: Hi.\n[00:01:00] Ada Lovelace: Later.\n"
    result = read_text(text, "chat.txt")
    assert result.format == "text"
    assert [(cue.start_ms, cue.end_ms, cue.speaker, cue.text) for cue in result.transcript.cues] == [
        (5000, 9000, "Ada Lovelace", "Hello, I am Ada. I write notes."),
        (9000, 10000, "Bob", "Hi."),
        (60000, 61000, "Ada Lovelace", "Later."),
    ]


def test_plain_text_turns_without_times_get_estimated_times_and_a_warning():
    text = "Ada: one two three four five\nBob: six\n\nstill Bob after a blank line\n"
    result = read_text(text, "turns.txt")
    cues = result.transcript.cues
    assert [(cue.speaker, cue.text) for cue in cues] == [("Ada", "one two three four five"), ("Bob", "six"), ("Bob", "still Bob after a blank line")]
    assert [(cue.start_ms, cue.end_ms) for cue in cues] == [(0, 2000), (2000, 3000), (3000, 5400)]
    assert result.warnings == ["turns.txt: no time stamps in the file; times estimated from word count (150 words a minute)"]


def test_plain_text_name_and_time_headings():
    text = "Ada Lovelace  0:03\nHello there.\n\nBob (1:10)\nHi.\n"
    cues = read_text(text, "otter.txt").transcript.cues
    assert [(cue.speaker, cue.start_ms, cue.text) for cue in cues] == [("Ada Lovelace", 3000, "Hello there."), ("Bob", 70000, "Hi.")]


def test_whisper_console_output_ranges():
    text = "[01:14.500 -> 01:15.500]  Okay.\n[01:15.500 -> 01:17.500]  You know you can't smoke weed and drive, right?\n"
    cues = read_text(text, "out.txt").transcript.cues
    assert [(cue.start_ms, cue.end_ms) for cue in cues] == [(74500, 75500), (75500, 77500)]


def test_spacelog_turns_under_one_stamp_follow_each_other():
    text = "[00:00:00:10]\nCMP: Clear the tower.\nCDR: Yaw complete.\n     Roll program.\n\n[00:00:00:14]\nCC: Roger.\n\n[00:01:00:00]\nCC: Later.\n"
    cues = read_text(text, "log.txt").transcript.cues
    assert [(cue.speaker, cue.text) for cue in cues] == [
        ("CMP", "Clear the tower."), ("CDR", "Yaw complete. Roll program."), ("CC", "Roger."), ("CC", "Later.")
    ]
    # Turns under one stamp share the time to the next stamp by their word counts (3 and 4 words);
    # a long silence after a turn is not stretched into it: it ends when its words would (1 s minimum).
    assert [(cue.start_ms, cue.end_ms) for cue in cues] == [(10000, 11714), (11714, 14000), (14000, 15000), (3600000, 3601000)]


def test_srt_markup_and_carried_speakers():
    text = "1\n00:00:01,000 --> 00:00:02,000\n{\\an8}<i>Ann:</i> <font color=\"red\">Hello</font>\n\n2\n00:00:02,000 --> 00:00:03,000\nstill Ann\n\n3\n00:00:03,000 --> 00:00:04,000\n[laughter]\n"
    cues = read_text(text, "a.srt").transcript.cues
    assert [(cue.speaker, cue.text) for cue in cues] == [("Ann", "Hello"), ("Ann", "still Ann"), (None, "[laughter]")]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Ada Lovelace: Hello", ("Ada Lovelace", "Hello")),
        (">> JOHN: and we're", ("JOHN", "and we're")),
        ("CDR (EAGLE): Roger.", ("CDR (EAGLE)", "Roger.")),
        ("SWIM 1: In the water.", ("SWIM 1", "In the water.")),
        ("Note: this is not a speaker", (None, "Note: this is not a speaker")),
        ("at 10:30 we met", (None, "at 10:30 we met")),
        ("http://example.org", (None, "http://example.org")),
    ],
)
def test_speaker_labels(line, expected):
    assert split_speaker_label(line) == expected


@pytest.mark.parametrize(
    ("text", "path", "expected"),
    [
        ("WEBVTT\n\n00:00.000 --> 00:01.000\nx", "a.txt", "vtt"),
        ("1\n00:00:01,000 --> 00:00:02,000\nx", "a.vtt", "srt"),
        ("0:00:01.000,0:00:02.000\nx", "a", "sbv"),
        ('{"segments": [{"start": 0, "end": 1, "text": "x"}]}', "a", "whisper"),
        ('{"version": "1.0.0", "segments": [{"startTime": 0, "body": "x"}]}', "a", "podcast-json"),
        ("<cite>A:</cite><time>0:00</time><p>x</p>", "a", "podcast-html"),
        ("[00:00:01] A: x", "a.json", "whisper"),
        ("[00:00:01] A: x", "a", "text"),
    ],
)
def test_format_detection_by_content_then_extension(text, path, expected):
    assert detect_format(text, path) == expected
