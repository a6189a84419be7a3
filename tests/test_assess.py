"""One answer assessed and worded: the public JSON shape, and a rebuttal that clears up doubts."""

import json

import pytest

from voicecoach.checklist.matcher import Matcher
from voicecoach.coaching.assess import after_rebuttal, assess_answer, word_feedback
from voicecoach.coaching.roleplay import assess_rebuttal
from voicecoach.events import AssessmentEvent
from voicecoach.transcript import Transcript

WEAK = "I really want this job. Do you have any reservations about me?"


@pytest.fixture(scope="module")
def matcher(pack):
    return Matcher(pack)


@pytest.fixture(scope="module")
def reservation(pack):
    return pack.reservations[0]


def test_the_public_json_shape_and_the_assessment_event_share_their_fields(matcher, pack):
    coaching = assess_answer(matcher, Transcript.from_text(WEAK))
    answer = word_feedback(coaching, pack)
    shape = answer.to_json()
    assert list(shape) == ["transcript", "items", "feedback", "top_fix", "delivery", "questions"]
    assert shape["transcript"] == WEAK and shape["feedback"] == answer.feedback.spoken
    assert list(shape["items"]) == [item.id for item in pack.items]
    assert shape["questions"] == [{"text": "Do you have any reservations about me?", "kind": "reservation"}]
    logged = AssessmentEvent(coaching=coaching).to_json()
    assert logged["covered"] == coaching.assessment.covered and logged["missed"] == coaching.assessment.missed
    shared = ("items", "delivery", "questions")
    assert {k: logged[k] for k in shared} == {k: shape[k] for k in shared}
    json.dumps(shape)  # plain JSON, nothing else


def test_a_rebuttal_that_removes_the_doubt_clears_up_doubts(matcher, pack, reservation):
    coaching = assess_answer(matcher, Transcript.from_text(WEAK))
    assert "clarify_doubts" in coaching.assessment.missed
    verdict = assess_rebuttal(reservation.example, reservation)
    assert verdict.verdict == "removes_doubt"
    settled = after_rebuttal(coaching, verdict, reservation.example)
    doubts = settled.assessment.items["clarify_doubts"]
    assert doubts.covered and doubts.score == 100.0 and doubts.evidence == verdict.evidence.evidence
    assert settled.rebuttal is verdict and "clarify_doubts" in coaching.assessment.missed  # the input is unchanged
    assert "answer to their concern: removes doubt" in "\n".join(word_feedback(settled, pack).feedback.printed)


def test_a_weak_rebuttal_changes_only_the_rebuttal(matcher, reservation):
    coaching = assess_answer(matcher, Transcript.from_text(WEAK))
    verdict = assess_rebuttal("i understand the concern", reservation)
    assert verdict.verdict != "removes_doubt"
    settled = after_rebuttal(coaching, verdict, "i understand the concern")
    assert settled.assessment == coaching.assessment and settled.rebuttal is verdict
