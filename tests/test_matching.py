"""Checklist matching: the hard cases of coaching-facts.md, recognizer-style text, and the corpus floors."""

from __future__ import annotations

from pathlib import Path

import pytest

from voicecoach.bench.corpus import DATA_DIR, SETS, load_answers, macro_f1, score_items, written_part
from voicecoach.checklist.clauses import split_clauses
from voicecoach.checklist.matcher import Matcher
from voicecoach.checklist.words import tokenize
from voicecoach.packs.pack import CHECKLIST_IDS, load_pack, parse_pack


@pytest.fixture(scope="module", params=[False, True], ids=["rules", "learned"])
def matcher(request: pytest.FixtureRequest) -> Matcher:
    """The rules alone, and the rules revised by the learned layer (what the product runs)."""
    return Matcher(load_pack(), learned=request.param)


# (answer, the ids it covers), from the team's dev part of hard cases: coaching-facts.md's, each rule's, and each
# rule's negative twin, with a note saying which. Every id not listed must be missed.
HARD_CASES = [(a.text, sorted(a.labels)) for a in load_answers(DATA_DIR / SETS["dev-cases"])]


@pytest.mark.parametrize("text,expected", HARD_CASES, ids=[t[:50] for t, _ in HARD_CASES])
def test_hard_cases(matcher: Matcher, text: str, expected: list[str]) -> None:
    assessment = matcher.assess(text)
    assert sorted(assessment.covered) == sorted(expected)
    assert sorted(assessment.missed) == sorted(set(CHECKLIST_IDS) - set(expected))


@pytest.mark.parametrize("text,expected", HARD_CASES, ids=[t[:50] for t, _ in HARD_CASES])
def test_evidence_is_words_of_the_answer(matcher: Matcher, text: str, expected: list[str]) -> None:
    assessment = matcher.assess(text)
    for verdict in assessment.items.values():
        if verdict.covered:
            assert verdict.evidence and verdict.evidence in assessment.transcript
            if verdict.confidence is None:
                assert 0 < verdict.score <= 100
            else:
                assert 0 < verdict.confidence <= 1
        else:
            assert verdict.evidence is None


def test_verdicts_follow_pack_order(matcher: Matcher) -> None:
    assessment = matcher.assess("What happens next? I really want this job.")
    assert list(assessment.items) == list(CHECKLIST_IDS)
    assert assessment.covered == ["want_the_job", "next_steps"]


def test_evidence_quotes_the_clause_not_the_whole_answer(matcher: Matcher) -> None:
    text = "Thanks for your time today. I'd love to join the team. So what happens next?"
    assessment = matcher.assess(text)
    assert assessment.items["next_steps"].evidence == "what happens next"
    assert assessment.items["want_the_job"].evidence == "I'd love to join the team"


def test_empty_and_filler_only_answers_cover_nothing(matcher: Matcher) -> None:
    for text in ("", "   ", "um uh hmm", "uh um er ah"):
        assessment = matcher.assess(text)
        assert assessment.covered == []


def test_a_users_own_pack_gets_the_same_generic_rules(tmp_path: Path) -> None:
    data = {
        "name": "mine",
        "prompts": ["Anything else?"],
        "items": {
            "ask_about_budget": {
                "title": "t", "description": "d", "praise": "p", "tip": "t", "example": "e",
                "phrases": ["what is the budget for this project", "how much funding does the project have"],
            },
            "thank_them": {
                "title": "t", "description": "d", "praise": "p", "tip": "t", "example": "e",
                "phrases": ["thank you for your time"],
            },
        },
    }
    mine = Matcher(parse_pack(data, tmp_path / "mine.toml"))
    assert mine.assess("um so whats the budget for the project").covered == ["ask_about_budget"]
    # a statement about the budget does not ask about it
    assert mine.assess("The budget for my project is fine.").covered == []
    assert mine.assess("Thanks so much for your time today.").covered == ["thank_them"]


CLAUSES = [
    ("i really want this job what are the next steps", ["i really want this job", "what are the next steps"]),
    ("no i think thats it", ["no i think thats it"]),
    ("how many vacation days do you offer", ["how many vacation days do you offer"]),
    ("i love what you build and do you have any concerns", ["i love what you build", "and do you have any concerns"]),
]


@pytest.mark.parametrize("text,asks", [
    ("what software does the estimating team use", "direct"),
    ("which bit of the job do people usually find hardest", "direct"),
    ("which bit of the job people find hardest is the paperwork", ""),
    ("And after this, is there another interview", "direct"),
    ("Before that, there was a gap in my CV", ""),
    ("what concerns do you have", "direct"),
    ("what i liked most was the team", ""),
    ("i need to know i'll be home by six", ""),
    ("i need to know when you'll decide", "request"),
    ("i'd be interested in how the practice splits the work", "request"),
    ("i'd be interested in cycling to work", ""),
])
def test_questions_told_from_wording(text: str, asks: str) -> None:
    assert [c.question for c in split_clauses(tokenize(text))] == [asks]


@pytest.mark.parametrize("text,expected", CLAUSES)
def test_clauses_without_punctuation(text: str, expected: list[str]) -> None:
    tokens = tokenize(text)
    got = [text[tokens[c.start].start : tokens[c.end - 1].end] for c in split_clauses(tokens)]
    assert got == expected


# Regression floors, below the figures `voicecoach bench matching` prints: a change that makes the matcher
# worse on text it was not tuned on fails here. heldout-b to -f were written by people who never saw the banks.
# (part, floor for the rules alone, floor with the learned layer); the dev part is the layer's training data.
FLOORS = [("heldout", 0.92, 0.98), ("heldout-recognized", 0.82, 0.92), ("heldout-b", 0.86, 0.93),
          ("heldout-b-recognized", 0.68, 0.87), ("heldout-c", 0.86, 0.95), ("heldout-c-recognized", 0.65, 0.87),
          ("heldout-d", 0.86, 0.93), ("heldout-d-recognized", 0.68, 0.86), ("heldout-e", 0.86, 0.95),
          ("heldout-e-recognized", 0.68, 0.87), ("heldout-f", 0.84, 0.92), ("heldout-f-recognized", 0.68, 0.86),
          ("dev", 0.95, 0.97),
          # the same speech heard by faster-whisper, the default recognizer (issue 22; first scored, with the layer,
          # 0.967, 0.938, 0.946, 0.918, 0.965, 0.913; by the rules 0.895, 0.865, 0.847, 0.850, 0.850, 0.828)
          ("heldout-whisper", 0.87, 0.94), ("heldout-b-whisper", 0.83, 0.91), ("heldout-c-whisper", 0.82, 0.92),
          ("heldout-d-whisper", 0.82, 0.89), ("heldout-e-whisper", 0.82, 0.94), ("heldout-f-whisper", 0.80, 0.89)]
ITEM_FLOOR_TYPED = 0.88
ITEM_FLOOR_HEARD = 0.78
"""Per-item F1 floors on the held-out parts, with the learned layer."""


@pytest.mark.parametrize("part,rules_floor,learned_floor", FLOORS)
def test_corpus_macro_f1_stays_above_floor(
    matcher: Matcher, part: str, rules_floor: float, learned_floor: float
) -> None:
    answers = load_answers(DATA_DIR / SETS[part])
    found = [frozenset(matcher.assess(a.text).covered) for a in answers]
    floor = learned_floor if matcher.layer else rules_floor
    scores = score_items(list(CHECKLIST_IDS), [a.labels for a in answers], found)
    assert macro_f1(scores) >= floor
    if matcher.layer and part.startswith("heldout"):
        # issue 3 wants no item under 0.80; these floors catch a slide towards it (lowest in session 12: 0.800 heard)
        item_floor = ITEM_FLOOR_HEARD if written_part(part) != part else ITEM_FLOOR_TYPED
        assert min(s.f1 for s in scores) >= item_floor, [(s.id, round(s.f1, 3)) for s in scores]


def test_corpus_is_big_and_varied_enough() -> None:
    parts = {name: load_answers(DATA_DIR / file) for name, file in SETS.items() if (DATA_DIR / file).is_file()}
    written = {name: answers for name, answers in parts.items() if written_part(name) == name}
    everything = [a for answers in written.values() for a in answers]
    assert len(everything) >= 250
    assert sum(1 for a in everything if not a.labels) >= len(everything) / 4
    assert all(a.labels <= set(CHECKLIST_IDS) for answers in parts.values() for a in answers)
    assert {"heldout-recognized", "heldout-b-recognized", "dev-recognized", "heldout-b-whisper"} <= set(parts)
    for name, heard in parts.items():  # a recognized copy keeps its part's answers and labels, in order
        assert [a.labels for a in heard] == [a.labels for a in written[written_part(name)]], name
    dev_texts = {a.text for name, answers in written.items() if name.startswith("dev") for a in answers}
    heldout_texts = {a.text for name, answers in written.items() if name.startswith("heldout") for a in answers}
    assert not dev_texts & heldout_texts


def test_sound_alike_uses_the_recognizers_pronunciations() -> None:

    from voicecoach.checklist.heard import looks_heard
    from voicecoach.checklist.soundalike import load_pronunciations
    from voicecoach.engines.sphinx import pronouncing_dictionary

    say = load_pronunciations(pronouncing_dictionary())
    # "hiring" and "firing" differ by their first phone only; "hiring" and "process" share nothing
    assert len(say["hiring"]) == len(say["firing"]) and say["hiring"][1:] == say["firing"][1:]
    assert say["hiring"][0] != say["firing"][0]
    assert looks_heard("when might i expect to hear back") and not looks_heard("When might I expect to hear back?")
