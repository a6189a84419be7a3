"""Drills: the Leitner boxes per closing move from stored verdicts, the prompts and the feedback they pick, and
`practice --drill` on a stored history."""

from __future__ import annotations

import json
import os
import re
import time
from pathlib import Path

import pytest

from helpers import run_cli, speak
from voicecoach.checklist.matcher import Matcher
from voicecoach.coaching.assess import assess_answer, word_feedback
from voicecoach.coaching.drill import (
    INTERVAL_SESSIONS,
    TOP_BOX,
    RoundVerdicts,
    describe,
    drill_prompts,
    focus_on,
    history_from_outcomes,
    move_states,
    plan_drill,
)
from voicecoach.transcript import Transcript

IDS = ("want_the_job", "reservations", "clarify_doubts", "next_steps", "good_questions")


def sessions(*rounds_per_session: list[dict[str, bool]]) -> list[RoundVerdicts]:
    """A history: sessions in order, each a list of rounds, each {item: covered} (items not named: covered)."""
    return [RoundVerdicts(str(n), {i: r.get(i, True) for i in IDS}) for n, rounds in enumerate(rounds_per_session)
            for r in rounds]  # fmt: skip


NEXT_STEPS_ALWAYS_MISSED = sessions(*[[{"next_steps": False, "want_the_job": n % 2 == 0}] * 2 for n in range(4)])
"""Four sessions of two rounds: next_steps never covered, want_the_job covered every other session."""


def test_a_move_always_missed_is_drilled_first() -> None:
    plan = plan_drill(NEXT_STEPS_ALWAYS_MISSED, IDS)
    assert plan.moves[0] == "next_steps"
    assert plan.state("next_steps").box == 0 and plan.state("next_steps").recent_miss_share == 1.0


def test_the_drill_asks_the_prompts_for_its_move_first_and_makes_it_the_top_fix(pack) -> None:
    plan = plan_drill(NEXT_STEPS_ALWAYS_MISSED, IDS)
    prompts = drill_prompts(pack, plan.moves)
    drilling = [p for p in pack.prompts if "next_steps" in pack.drills.get(p, ())]
    assert len(drilling) >= 2 and list(prompts[: len(drilling)]) == drilling
    assert sorted(prompts) == sorted(pack.prompts)  # every prompt still comes, in the end
    coaching = assess_answer(Matcher(pack), Transcript.from_text("Thank you, it was nice to meet you."))
    assert coaching.assessment.missed[0] == "want_the_job"  # without the drill, the first item missed is the fix
    plain = word_feedback(coaching, pack).feedback
    drilled = word_feedback(focus_on(coaching, plan.moves), pack).feedback
    assert plain.top_fix == "want_the_job" and drilled.top_fix == "next_steps"
    assert pack.item("next_steps").example in drilled.spoken
    assert focus_on(coaching, plan.moves).assessment.items == coaching.assessment.items  # same verdicts, new order


def test_a_move_covered_five_times_in_a_row_recedes() -> None:
    both = {"want_the_job": False, "next_steps": False}
    missed_then = sessions([both], [both])
    assert plan_drill(missed_then, IDS).moves == ("want_the_job", "next_steps")
    covered_since = missed_then + sessions(*[[{"next_steps": False}]] * 5)  # five sessions of one round each
    covered_since = [RoundVerdicts(f"later-{n}", r.covered) for n, r in enumerate(covered_since[2:])]
    history = missed_then + covered_since
    state = move_states(history, IDS)[0]
    assert state.item == "want_the_job" and state.box == TOP_BOX and not state.due
    assert plan_drill(history, IDS).moves == ("next_steps",)
    # it recedes, it does not vanish: in the sixteenth session it is checked again
    padding = [RoundVerdicts(f"pad-{n}", {"next_steps": False}) for n in range(16 - 7 - 1)]
    assert "want_the_job" in plan_drill(history + padding, IDS).moves


@pytest.mark.parametrize("covered_in_a_row, due_in_sessions", [(0, [1, 2, 3, 4]), (1, [1, 2, 3, 4]), (2, [2, 4]),
                                                               (3, [4, 8]), (4, [8, 16]), (5, [16, 32]), (9, [16])])
def test_the_leitner_schedule(covered_in_a_row: int, due_in_sessions: list[int]) -> None:
    """A move in box b is due in the sessions numbered by multiples of INTERVAL_SESSIONS[b]; a miss resets it."""
    rounds = [{"next_steps": False}] + [{}] * covered_in_a_row
    base = sessions(*[[r] for r in rounds])
    for coming in range(len(base) + 1, 33):
        # sessions that judged nothing of it
        history = base + [RoundVerdicts(f"x{n}", {}) for n in range(coming - 1 - len(base))]
        due = move_states(history, IDS)[IDS.index("next_steps")].due
        assert due == (coming % INTERVAL_SESSIONS[min(covered_in_a_row, TOP_BOX)] == 0), coming
        if coming in due_in_sessions:
            assert due


def test_a_miss_sends_a_move_back_to_box_zero() -> None:
    history = sessions(*[[{}]] * 5, [{"good_questions": False}])
    assert move_states(history, IDS)[IDS.index("good_questions")].box == 0
    assert plan_drill(history, IDS).moves == ("good_questions",)


def test_recent_misses_weigh_more() -> None:
    both = {"reservations": False, "clarify_doubts": False}
    # both in box 0 with three misses each; clarify_doubts' misses are the recent ones, so it goes first (against the
    # pack's order, which would put reservations first on a tie)
    history = sessions([{"reservations": False}] * 2, [{}] * 2, [{"clarify_doubts": False}] * 2, [both])
    s = move_states(history, IDS)
    assert s[IDS.index("reservations")].misses == s[IDS.index("clarify_doubts")].misses == 3
    assert s[IDS.index("reservations")].recent_miss_share < s[IDS.index("clarify_doubts")].recent_miss_share
    assert plan_drill(history, IDS).moves == ("clarify_doubts", "reservations")


def test_what_the_drill_says_at_the_start(pack) -> None:
    lines = describe(plan_drill(NEXT_STEPS_ALWAYS_MISSED, IDS), pack)
    assert lines[0].startswith("Drill: the next steps")
    assert "Learn the next steps: missed in 8 of 8 stored rounds" in lines[1]
    assert describe(plan_drill([], IDS), pack)[0].startswith("Drill: no stored rounds yet")
    once = describe(plan_drill(sessions([{"reservations": False, "next_steps": False}], [{"next_steps": False}]), IDS),
                    pack)
    assert once[2] == ("  Ask about their reservations: missed in 1 of 2 stored rounds; covered the last round, "
                       "so drilled every session (box 1 of 5).")
    doubts = describe(plan_drill(sessions([{"clarify_doubts": False}]), IDS), pack)
    assert doubts[0].endswith("The interviewer will raise a concern each round, asked or not: answer it.")
    assert "raise a concern" not in lines[0]
    rested = describe(plan_drill(sessions(*[[{}]] * 5), IDS), pack)
    assert rested == ["Drill: every move has been covered lately and none is due this session: a normal session."]


def test_history_from_the_stores_outcomes() -> None:
    from voicecoach.store import ItemOutcome

    outcomes = [ItemOutcome(1, 10, 0.0, "2026-12-01", "next_steps", False),
                ItemOutcome(1, 10, 0.0, "2026-12-01", "want_the_job", True),
                ItemOutcome(2, 11, 9.0, "2026-12-02", "next_steps", True)]  # fmt: skip
    assert history_from_outcomes(outcomes) == [RoundVerdicts("1", {"next_steps": False, "want_the_job": True}),
                                               RoundVerdicts("2", {"next_steps": True})]  # fmt: skip


# ---------------------------------------------------------------- the CLI


def store_history(home: Path, covered: dict[str, bool], n_sessions: int = 3) -> None:
    """Sessions saved through the store's write API, each round with these verdicts."""
    from voicecoach.store import Store

    with Store.open(home) as store:
        for s in range(n_sessions):
            ts = time.time() - 3600 * (n_sessions - s)
            sid = store.begin_session(pack="closing", recognizer="sphinx", rounds_planned=1, ts=ts)
            rid = store.start_round(sid, number=1, attempt=1, prompt="Do you have any questions for us?", ts=ts)
            items = {i: {"covered": covered.get(i, True), "score": 0.0, "confidence": None, "evidence": None}
                     for i in IDS}
            store.save_assessment(rid, transcript="...", words=[], answer_s=None, keeps_fillers=None, items=items,
                                  delivery={"words": 1}, questions=[])
            store.end_session(sid, ts=ts + 60)


def test_practice_drill_on_a_history_that_always_misses_next_steps(tmp_path: Path, pack) -> None:
    home = tmp_path / "home"
    store_history(home, {"next_steps": False}, n_sessions=4)  # the others in box 4: not due in session 5
    events = tmp_path / "events.jsonl"
    answer = speak("Thank you, it was really nice to meet you all.")
    env = {**os.environ, "VOICECOACH_HOME": str(home)}
    done = run_cli("practice", "--drill", "--answers", str(answer), "--no-voice", "--events", str(events), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Drill: the next steps.\n  Learn the next steps: missed in 4 of 4 stored rounds")
    lines = [json.loads(line) for line in events.read_text().splitlines()]
    asked = next(e["text"] for e in lines if e["event"] == "prompt_start")
    assert "next_steps" in pack.drills[asked]
    feedback = next(e["text"] for e in lines if e["event"] == "feedback_start")
    assert pack.item("next_steps").example in feedback


def test_practice_drill_with_nothing_stored_is_a_normal_session(tmp_path: Path) -> None:
    env = {**os.environ, "VOICECOACH_HOME": str(tmp_path / "empty")}
    done = run_cli("practice", "--drill", "--answers", str(speak("I really want this job.")), "--no-voice", env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Drill: no stored rounds yet")


# ---------------------------------------------------------------- the pack's drills field

ITEM = """
[items.next_steps]
title = "Learn the next steps"
description = "d"
phrases = ["what happens next"]
praise = "p"
tip = "t"
example = "e"
"""


@pytest.mark.parametrize("prompts, error", [
    ('["Any questions?"]', None),
    ('[{ text = "Any questions?", drills = ["next_steps"] }, "Anything else?"]', None),
    ('[{ text = "Any questions?", drills = ["next_step"] }]', "prompts[1].drills: no checklist item 'next_step'"),
    ('["Hi", { text = "Any questions?", drills = "next_steps" }]', "prompts[2].drills: must be a list"),
    ('[{ drills = ["next_steps"] }]', "prompts[1]: must be a non-empty string or a table"),
])  # fmt: skip
def test_a_prompt_names_the_moves_it_drills(tmp_path: Path, prompts: str, error: str | None) -> None:
    from voicecoach.packs.pack import PackError, load_pack

    path = tmp_path / "mine.toml"
    path.write_text(f"prompts = {prompts}\n{ITEM}")
    if error:
        with pytest.raises(PackError, match=re.escape(error)):
            load_pack(path)
        return
    pack = load_pack(path)
    assert pack.prompts[0] == "Any questions?"
    assert pack.drills == ({"Any questions?": ("next_steps",)} if "drills" in prompts else {})


@pytest.mark.slow  # about 30 s: three practice sessions with the real recognizer, then the drill
def test_three_real_sessions_then_the_drill(tmp_path: Path, pack) -> None:
    """Three sessions on the demo answers that never ask about the next steps: the drill names and asks it first."""
    from helpers import ROOT

    env = {**os.environ, "VOICECOACH_HOME": str(tmp_path / "home")}
    demo = ROOT / "audio" / "demo"
    for n in (1, 3, 4):  # the demo's second answer is a voice command ("again"), not an answer
        # without role-play, so each single answer is a whole round (no reservation is raised to answer)
        done = run_cli("practice", "--no-voice", "--no-roleplay", "--answers", str(demo / f"answer-{n}.wav"), env=env)
        assert done.returncode == 0, done.stderr
    events = tmp_path / "events.jsonl"
    answer = str(demo / "answer-1.wav")
    done = run_cli("practice", "--drill", "--no-voice", "--answers", answer, "--events", str(events), env=env)
    assert done.returncode == 0, done.stderr
    assert done.stdout.startswith("Drill: the next steps and wanting the job.\n"
                                  "  Learn the next steps: missed in 3 of 3 stored rounds, including the last")
    asked = next(json.loads(line)["text"] for line in events.read_text().splitlines() if '"prompt_start"' in line)
    assert "next_steps" in pack.drills[asked]
