"""reservations: the candidate asks whether the interviewer has any reservations about them.

Its own rules: a concerns question about something else is not this one, and a question that asks the listener to
judge the speaker ("do you think I'm ready for it?") is this one in other words."""

from __future__ import annotations

from voicecoach.checklist.clauses import Clause
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.rules.registry import ItemRules, MatchContext, QuestionContext, Take, register
from voicecoach.checklist.topics import judges_speaker
from voicecoach.checklist.words import Token

ID = "reservations"
"""This item's id in the close checklist (a public contract)."""

_SPEAKERS_WORDS = LEXICON.words("topics.speakers_words")


def doubt_about_a_thing(tokens: list[Token], clause: Clause) -> bool:
    """Whether a concerns question is about something else: "any concerns about the new timetable for the drivers?"."""
    words = [t.word for t in tokens[clause.start : clause.end]]
    if _SPEAKERS_WORDS.intersection(words):
        return False
    return any(w == "about" and words[k + 1 : k + 2] in (["the"], ["your"], ["this"], ["that"])
               for k, w in enumerate(words))


def _about_a_thing(m: MatchContext) -> bool:
    # typed only: a recognizer mishears the object ("about the fucking game" for "hiring me")
    return not m.heard and m.clause.is_question and doubt_about_a_thing(m.tokens, m.clause)


def judging_question(question: QuestionContext) -> Take | None:
    """"Do you think I'm ready for it?" asks for the listener's reservations, not about the job."""
    return Take(ID) if judges_speaker(question.tokens, question.clause) else None


RULES = register(ItemRules(ID, vetoes=(_about_a_thing,), sound_cutoff=76.0, question_rule=judging_question))
"""This item's rules, as the matcher finds them by its id."""
