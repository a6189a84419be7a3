"""Questions: found in typed and unpunctuated recognizer text, classified, and judged as a set."""

from __future__ import annotations

import pytest

from voicecoach.coaching.questions import Question, find_questions, question_kind, question_quality


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
            [("what would my first ninety days look like", "specific"),
             ("how does the team work with the rest of the company", "specific")],
        ),
        (
            "i was wondering what the salary range is and how much vacation do you get",
            [("i was wondering what the salary range is", "compensation"),
             ("how much vacation do you get", "compensation")],
        ),
        (
            "which team would i join what tools do you use",
            [("which team would i join", "specific"), ("what tools do you use", "specific")],
        ),
        (
            "how many people are on the team do you have any reservations",
            [("how many people are on the team", "specific"), ("do you have any reservations", "reservation")],
        ),
        (
            "is there anything that gives you pause about hiring me",
            [("is there anything that gives you pause about hiring me", "reservation")],
        ),
        ("where do we go from here", [("where do we go from here", "process")]),
        ("can you tell me more", [("can you tell me more", "generic")]),
        # Statements that merely contain question words.
        ("i don't have any questions no that's everything", []),
        ("i would love to join and what i can bring is experience", []),
        ("the process is the same and the person who is hiring can do it", []),
        ("i know how much work it takes", []),
        # Typed text with punctuation.
        (
            "Thanks! What does success look like in this role? Also, is there anything that gives you pause about "
            "hiring me? I really want this job.",
            [("What does success look like in this role?", "specific"),
             ("is there anything that gives you pause about hiring me?", "reservation")],
        ),
        ("Any thoughts on that?", [("Any thoughts on that?", "generic")]),
        ("What's the salary?", [("What's the salary?", "compensation")]),
        ("I don't have any questions. No, that's everything.", []),
        # Unpunctuated recognizer text: split from wording, opening "and" left off.
        (
            "what does a typical day look like and when will i hear back",
            [("what does a typical day look like", "specific"), ("when will i hear back", "process")],
        ),
        ("what are the next steps thank you so much", [("what are the next steps", "process")]),
        ("one last thing what are the next steps", [("what are the next steps", "process")]),
        # Typed text: the exact span as typed, its question mark kept, opening "Um, so," left off.
        (
            "Thanks for your time. So, what does a typical day look like? And when will I hear back?",
            [("what does a typical day look like?", "specific"), ("when will I hear back?", "process")],
        ),
        ("Um, so, what\u2019s the team like ?", [("what\u2019s the team like ?", "specific")]),
        # One question the clause splitter cut in two stays one.
        ("i'd like to know what are the next steps", [("i'd like to know what are the next steps", "process")]),
        ("is there a laptop or do i use my own", [("is there a laptop or do i use my own", "compensation")]),
        # Pay and perks, by words only perks.py knows.
        (
            "how much annual leave do you offer and is there dental",
            [("how much annual leave do you offer", "compensation"), ("is there dental", "compensation")],
        ),
        ("Do you offer dental?", [("Do you offer dental?", "compensation")]),
        # A stage of hiring, by words only hiring.py knows.
        ("Is there a technical exam after this?", [("Is there a technical exam after this?", "process")]),
        # A condition is a question when it asks about reservations or what follows it asks.
        (
            "If you have any concerns about my background, please let me know.",
            [("If you have any concerns about my background, please let me know", "reservation")],
        ),
        (
            "if you have any concerns, I'd be happy to address them",
            [("if you have any concerns, I'd be happy to address them", "reservation")],
        ),
        (
            "if you have any concerns please let me know and what are the next steps",
            [("if you have any concerns please let me know", "reservation"), ("what are the next steps", "process")],
        ),
        ("and if there is anything that worries you", [("if there is anything that worries you", "reservation")]),
        # pocketsphinx hears "what are the next steps" as "whether the next steps"; the clauses know it
        (
            "i really want this job and i'll look forward to working with you whether the next steps in hiring process",
            [("whether the next steps in hiring process", "process")],
        ),
        # A dash, a false start or "and the ..." goes on with the same question.
        (
            "What's the office like \u2014 is it hot-desking?",
            [("What's the office like \u2014 is it hot-desking?", "generic")],
        ),
        (
            "Um, so, like, when would I- when should I expect to hear back?",
            [("when would I- when should I expect to hear back?", "process")],
        ),
        (
            "I'm curious about the pension plan and the health insurance.",
            [("I'm curious about the pension plan and the health insurance", "compensation")],
        ),
        ("I was wondering, do you cover tuition?", [("do you cover tuition?", "compensation")]),
        # Typed statements that only look like questions.
        ("I ran the accounts for five years and did the payroll cover twice.", []),
        ("Please tell me openly.", []),
        ("if you are happy with my answers i would love to join", []),
        ("If you have any questions for me, I'm happy to answer.", []),
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
        ("how many days of annual leave are there", "compensation"),
        ("is there a dental plan", "compensation"),
        ("do you pay a stipend for the gym", "compensation"),
        ("i read about your new product launch how will this role support it", "specific"),
        ("what are the biggest challenges facing the team", "specific"),
        ("is there anything you're unsure of about my experience", "reservation"),
        ("what do you see as my weak spots", "reservation"),
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
        (
            [q("how does the team work"), q("what are the next steps"), q("what is the culture like"),
             q("do you have any concerns")],
            ("too_many",),
        ),
    ],
)
def test_question_quality_flags(questions, flags):
    assert question_quality(questions).flags == flags


def test_question_quality_counts_and_json():
    said = "what does success look like in this role and can you tell me more and what is the salary"
    quality = question_quality(find_questions(said))
    assert (quality.count, quality.specific, quality.generic, quality.compensation_first) == (3, 1, 1, False)
    assert quality.to_json()["flags"] == []
    assert question_quality([q("a b"), q("c d")], aim=(3, 4)).flags == ("too_few",)
