"""One answer assessed and worded, the same for `voicecoach assess` and a practice round.

Two stages with a role-play between them in a practice round:
`assess_answer` (checklist, delivery, questions) -> [interviewer, rebuttal, `after_rebuttal`] -> `word_feedback`.
`AssessedAnswer.to_json()` is the public `assess --json` shape.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from voicecoach.checklist.matcher import Matcher
from voicecoach.checklist.rules import clarify_doubts
from voicecoach.checklist.verdicts import Assessment
from voicecoach.coaching.coach import Coaching, coach, coaching_feedback
from voicecoach.coaching.roleplay import RebuttalVerdict
from voicecoach.coaching.wording import Feedback
from voicecoach.packs.pack import ClosingPack
from voicecoach.transcript import Transcript


@dataclass(frozen=True)
class AssessedAnswer:
    """One answer judged and worded: the checklist, the coaching beyond it, and what the coach says."""

    coaching: Coaching
    feedback: Feedback

    @property
    def assessment(self) -> Assessment:
        return self.coaching.assessment

    def to_json(self) -> dict:
        """The public JSON shape of one assessed answer (`assess --json`, one object per answer)."""
        measured = coaching_json(self.coaching)
        return {
            "transcript": self.assessment.transcript,
            "items": measured["items"],
            "feedback": self.feedback.spoken,
            "top_fix": self.feedback.top_fix,
            "delivery": measured["delivery"],
            "questions": measured["questions"],
        }


def coaching_json(coaching: Coaching) -> dict:
    """The checklist verdicts, delivery and questions as JSON, shared by `assess --json` and the `assessment` event."""
    return {
        "items": {i: v.to_json() for i, v in coaching.assessment.items.items()},
        "delivery": coaching.delivery.to_json(),
        "questions": [{"text": q.text, "kind": q.kind} for q in coaching.questions],
    }


def assess_answer(matcher: Matcher, transcript: Transcript) -> Coaching:
    """Judge an answer: the checklist items it covers, how it was said, the questions it asks."""
    return coach(matcher.assess(transcript.text), transcript)


def after_rebuttal(coaching: Coaching, verdict: RebuttalVerdict, said: str) -> Coaching:
    """The coaching with the person's answer to a reservation; one that removes the doubt also clears up doubts.

    `said` is the answer to the reservation as recognised, quoted when the verdict holds no words of its own.
    """
    coaching = replace(coaching, rebuttal=verdict)
    doubts = coaching.assessment.items.get(clarify_doubts.ID)
    if doubts is None or doubts.covered or verdict.verdict != "removes_doubt":
        return coaching
    # answering their reservation well is exactly removing doubt from the interviewer's mind
    spoken = verdict.evidence.evidence or verdict.acknowledge.evidence or said
    cleared = replace(doubts, covered=True, score=100.0, evidence=spoken)
    items = {**coaching.assessment.items, clarify_doubts.ID: cleared}
    return replace(coaching, assessment=replace(coaching.assessment, items=items))


def word_feedback(
    coaching: Coaching, pack: ClosingPack, *, improvement: str | None = None, offer_retry: str | None = None
) -> AssessedAnswer:
    """What the coach says and prints about a judged answer (see coaching_feedback for the options)."""
    return AssessedAnswer(coaching, coaching_feedback(coaching, pack, improvement=improvement, offer_retry=offer_retry))
