"""The retry verdict: one sentence on what changed between two attempts."""

from __future__ import annotations

import pytest

from voicecoach.checklist.verdicts import Assessment, ItemVerdict
from voicecoach.coaching.delivery import analyse_delivery
from voicecoach.coaching.retry import Attempt, compare_attempts
from voicecoach.transcript import Transcript, Word

IDS = ("want_the_job", "reservations", "clarify_doubts", "next_steps", "good_questions")


def assessment(*covered: str) -> Assessment:
    return Assessment("", {i: ItemVerdict(i, i in covered, 90.0 if i in covered else 10.0, None) for i in IDS})


def said(fillers: int, *, pauses: int = 0, keeps_fillers: bool = True):
    """A timed answer with the given number of "um"s and 2 s pauses."""
    words, t = [], 0.0
    for i in range(20):
        text = "um" if i < fillers else "word"
        if 0 < i <= pauses:  # a pause before the first word is not in the answer
            t += 2.0
        words.append(Word(text, t, t + 0.3))
        t += 0.3
    return analyse_delivery(Transcript("", tuple(words), keeps_fillers, t))


@pytest.mark.parametrize(
    "first, second, sentence",
    [
        (
            Attempt(assessment("want_the_job"), said(9)),
            Attempt(assessment("want_the_job", "next_steps"), said(3)),
            "Better: you added next steps, and fillers went from 9 to 3.",
        ),
        (
            Attempt(assessment(), None),
            Attempt(assessment("reservations", "next_steps"), None),
            "Better: you added asking about their reservations and next steps.",
        ),
        (
            Attempt(assessment("want_the_job", "next_steps"), said(2)),
            Attempt(assessment("next_steps", "good_questions"), said(5)),
            "Better: you added a prepared question; but you dropped saying you want the job, "
            "and fillers went from 2 to 5.",
        ),
        (
            Attempt(assessment("next_steps"), said(1)),
            Attempt(assessment(), said(1)),
            "Not better this time: you dropped next steps.",
        ),
        (
            Attempt(assessment("next_steps"), said(4, pauses=3)),
            Attempt(assessment("next_steps"), said(4, pauses=1)),
            "Better: long pauses went from 3 to 1.",
        ),
        (
            Attempt(assessment("next_steps"), said(4)),
            Attempt(assessment("next_steps"), said(4)),
            "About the same as last time: you covered the same points, with 4 fillers.",
        ),
        (  # A recognizer that drops fillers: no filler comparison at all.
            Attempt(assessment("next_steps"), said(0, keeps_fillers=False)),
            Attempt(assessment("next_steps"), said(0, keeps_fillers=False)),
            "About the same as last time: you covered the same points.",
        ),
    ],
)
def test_compare_attempts(first, second, sentence):
    assert compare_attempts(first, second) == sentence
