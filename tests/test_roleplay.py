"""Role-play: the pack's interviewer content, the interviewer's replies, and judging rebuttals."""

from __future__ import annotations

import random

import pytest

from voicecoach.coaching.questions import find_questions
from voicecoach.coaching.roleplay import TIPS, assess_rebuttal, interviewer_reply, raise_reservation
from voicecoach.packs.pack import PackError, load_pack


@pytest.fixture(scope="module")
def pack():
    return load_pack()


def test_default_pack_has_the_role_play(pack):
    assert {"warm", "rushed", "skeptical"} <= set(pack.styles)
    assert len(pack.reservations) >= 12
    wanted = {"no_management", "short_tenure", "resume_gap", "overqualified", "new_industry", "salary_expectations",
              "relocation", "missing_skill"}
    assert wanted <= {r.id for r in pack.reservations}
    assert "nearly out of time" in raise_reservation(pack, pack.reservations[0], style="rushed")


def test_every_example_rebuttal_in_the_pack_removes_its_doubt(pack):
    # The pack's model answers and the judge must agree, or one of them is wrong.
    for reservation in pack.reservations:
        verdict = assess_rebuttal(reservation.example, reservation)
        assert verdict.verdict == "removes_doubt", (reservation.id, verdict.criteria)


def by_id(pack, rid):
    return next(r for r in pack.reservations if r.id == rid)


@pytest.mark.parametrize(
    "rid, answer, met, verdict",
    [
        (
            "no_management",
            "that's a fair point i haven't managed people but i mentored two juniors last year and i'd bring that to "
            "your team does that address your concern",
            {"acknowledge", "evidence", "reframe", "check_back"},
            "removes_doubt",
        ),
        (
            "no_management",
            "I understand the concern. In my last role I led a project team of four for a year.",
            {"acknowledge", "evidence"},
            "partly",
        ),
        ("resume_gap", "i understand the concern", {"acknowledge"}, "leaves_doubt"),
        ("resume_gap", "um i don't know i guess i could try", set(), "leaves_doubt"),
        (
            "short_tenure",
            "I want to stay for the long term in this role. Does that help?",
            {"reframe", "check_back"},
            "partly",
        ),
        (
            "short_tenure",
            "i see why you ask i stayed four years at my first company and i'd stay for the long term "
            "does that settle it",
            {"acknowledge", "evidence", "reframe", "check_back"},
            "removes_doubt",
        ),
    ],
)
def test_assess_rebuttal(pack, rid, answer, met, verdict):
    result = assess_rebuttal(answer, by_id(pack, rid))
    assert {k for k, c in result.criteria.items() if c.met} == met
    assert all((c.evidence is not None) == c.met for c in result.criteria.values())
    for c in result.criteria.values():
        if c.met:  # the evidence is the person's own words
            assert c.evidence in answer.lower().replace(".", "").replace(",", "")
    assert result.verdict == verdict


def test_the_tip_names_the_most_important_gap(pack):
    r = by_id(pack, "no_management")
    assert assess_rebuttal("i understand the concern", r).tip == TIPS["evidence"]
    assert assess_rebuttal("in my last role i led a team of four", r).tip == TIPS["acknowledge"]
    assert assess_rebuttal("that's fair in my last role i led a team of four", r).tip == TIPS["reframe"]
    good = assess_rebuttal("that's fair in my last role i led a team of four and i'd do the same for your team", r)
    assert good.tip == TIPS["check_back"]


def test_brushing_a_concern_off_is_never_enough(pack):
    r = by_id(pack, "no_management")
    answer = "that doesn't matter in my last role i led a team of four and i'd do the same for your team does that help"
    result = assess_rebuttal(answer, r)
    assert result.dismissive.met and result.verdict == "partly" and result.tip == TIPS["dismissive"]


def test_interviewer_answers_questions_then_raises_a_reservation(pack):
    questions = find_questions("what does success look like in this role and what are the next steps "
                               "and do you have any reservations about me")
    reply = interviewer_reply(pack, questions, rng=random.Random(3), style="skeptical")
    assert [line.kind for line in reply.lines] == ["answer", "next_steps", "reservation"]
    assert "success" in reply.lines[0].text.lower()
    assert reply.lines[1].text in pack.styles["skeptical"].next_steps
    assert reply.reservation is not None and reply.reservation.text_for("skeptical") in reply.lines[-1].text


def test_interviewer_does_not_repeat_reservations(pack):
    questions = find_questions("do you have any reservations about me")
    used = {r.id for r in pack.reservations[1:]}
    assert interviewer_reply(pack, questions, rng=random.Random(0), used=used).reservation == pack.reservations[0]
    none_left = interviewer_reply(pack, questions, rng=random.Random(0), used={r.id for r in pack.reservations})
    assert [line.kind for line in none_left.lines] == ["no_reservation"] and none_left.reservation is None


def test_no_questions_no_reply(pack):
    assert interviewer_reply(pack, [], rng=random.Random(0)).lines == ()


MINIMAL = """
prompts = ["Any questions?"]
[items.next_steps]
title = "t"
description = "d"
phrases = ["what happens next"]
praise = "p"
tip = "t"
example = "e"
"""
STYLE = """
[interviewer.warm]
raise = "{raise_}"
no_reservation = "n"
next_steps = ["soon"]
answers = ["a"]
after_strong = ["s"]
after_weak = ["w"]
retry_offer = "again?"
"""


def write(tmp_path, text):
    path = tmp_path / "pack.toml"
    path.write_text(text)
    return path


def test_packs_without_role_play_still_load(tmp_path):
    pack = load_pack(write(tmp_path, MINIMAL))
    assert (pack.styles, pack.reservations, pack.interviewer_answers) == ({}, (), ())
    assert interviewer_reply(pack, find_questions("what are the next steps"), rng=random.Random(0)).lines == ()


@pytest.mark.parametrize(
    "extra, message",
    [
        (STYLE.replace("{raise_}", "no placeholder"), "interviewer.warm.raise: must contain {reservation}"),
        (
            STYLE.replace("{raise_}", "x {reservation}").replace('next_steps = ["soon"]', "next_steps = []"),
            "interviewer.warm.next_steps: must be a non-empty list",
        ),
        ('[[reservations]]\nid = "a"\ntext = "t"\n', "reservations[1].example: must be a non-empty string"),
        (
            '[[reservations]]\nid = "a"\ntext = "t"\nexample = "e"\n'
            '[[reservations]]\nid = "a"\ntext = "t"\nexample = "e"\n',
            "reservations[2].id: duplicate id 'a'",
        ),
        (
            '[[reservations]]\nid = "a"\ntext = "t"\nexample = "e"\ngrumpy = "x"\n',
            "reservations[1].grumpy: unknown field",
        ),
        ('[[interviewer_answers]]\ntext = "t"\n', "interviewer_answers[1].about: must be a non-empty list"),
        ('interviewer = "warm"\n', "interviewer: must be a table"),
    ],
)
def test_role_play_errors_name_file_and_field(tmp_path, extra, message):
    # Top-level keys must precede tables in TOML: put plain keys first.
    text = MINIMAL + extra if extra.lstrip().startswith("[") else extra + MINIMAL
    path = write(tmp_path, text)
    with pytest.raises(PackError) as err:
        load_pack(path)
    assert str(err.value).startswith(f"{path}: {message}")
