"""Questions: found in typed and unpunctuated recognizer text, classified, and judged as a set."""

from __future__ import annotations

import pytest

from voicecoach.questions import Question, find_questions, question_kind, question_quality


@pytest.mark.parametrize(
    "text, expected",
    [
        # Recognizer text: lower case, no punctuation.
        (
            "thank you for your time what are the next steps and when can i expect to hear back i really want this job",
            [("what are the next steps", "process"), ("when can i expect to hear back", "process")],
        ),
        (
            "do you have any reservations about me i know what success looks like",
            [("do you have any reservations about me", "reservation")],
        ),
        (
            "um so what would my first ninety days look like and how does the team work with the rest of the company",
            [("what would my first ninety days look like", "specific"), ("how does the team work with the rest of the company", "specific")],
        ),
        (
            "i was wondering what the salary range is and how much vacation do you get",
            [("i was wondering what the salary range is", "compensation"), ("how much vacation do you get", "compensation")],
        ),
        ("which team would i join what tools do you use", [("which team would i join", "specific"), ("what tools do you use", "specific")]),
        ("how many people are on the team do you have any reservations", [("how many people are on the team", "specific"), ("do you have any reservations", "reservation")]),
        ("is there anything that gives you pause about hiring me", [("is there anything that gives you pause about hiring me", "reservation")]),
        ("where do we go from here", [("where do we go from here", "process")]),
        ("can you tell me more", [("can you tell me more", "generic")]),
        # Statements that merely contain question words.
        ("i don't have any questions no that's everything", []),
        ("i would love to join and what i can bring is experience", []),
        ("the process is the same and the person who is hiring can do it", []),
        ("i know how much work it takes", []),
        # Typed text with punctuation.
        (
            "Thanks! What does success look like in this role? Also, is there anything that gives you pause about hiring me? I really want this job.",
            [("What does success look like in this role?", "specific"), ("is there anything that gives you pause about hiring me?", "reservation")],
        ),
        ("Any thoughts on that?", [("Any thoughts on that?", "generic")]),
        ("What's the salary?", [("What's the salary?", "compensation")]),
        ("I don't have any questions. No, that's everything.", []),
    ],
)
def test_find_questions(text, expected):
    assert [(q.text, q.kind) for q in find_questions(text)] == expected


@pytest.mark.parametrize(
    "text, kind",
    [
        ("do you have any concerns about my fit for the role", "reservation"),
        ("what would stop you from offering me the job", "reservation"),
        ("when can i expect to hear back", "process"),
        ("what does the timeline look like for a decision", "process"),
        ("what are the benefits like", "compensation"),
        ("is there a bonus", "compensation"),
        ("i read about your new product launch how will this role support it", "specific"),
        ("what are the biggest challenges facing the team", "specific"),
        ("is there anything else", "generic"),
        ("how are you", "generic"),
    ],
)
def test_question_kind(text, kind):
    assert question_kind(text) == kind


def q(text: str) -> Question:
    return Question(text, question_kind(text))


@pytest.mark.parametrize(
    "questions, flags",
    [
        ([], ("no_questions",)),
        ([q("what is the salary")], ("compensation_only", "too_few")),
        ([q("how much vacation do i get"), q("what does success look like in this role")], ("compensation_first",)),
        ([q("what does success look like in this role"), q("what is the salary")], ()),
        ([q("what are the next steps"), q("what are the next steps in the process")], ()),
        ([q("what are the next steps"), q("the next steps what are they")], ("repeated",)),
        ([q("what are the next steps"), q("what are the next step")], ("repeated",)),
        ([q("how does the team work"), q("what are the next steps"), q("what is the culture like"), q("do you have any concerns")], ("too_many",)),
    ],
)
def test_question_quality_flags(questions, flags):
    assert question_quality(questions).flags == flags


def test_question_quality_counts_and_json():
    quality = question_quality(find_questions("what does success look like in this role and can you tell me more and what is the salary"))
    assert (quality.count, quality.specific, quality.generic, quality.compensation_first) == (3, 1, 1, False)
    assert quality.to_json()["flags"] == []
    assert question_quality([q("a b"), q("c d")], aim=(3, 4)).flags == ("too_few",)
