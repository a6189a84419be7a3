"""The rule registry: one rules file per checklist item, found by its id, and no item id spelled out elsewhere."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

import voicecoach
from voicecoach.checklist import rules as rules_package
from voicecoach.checklist.clauses import split_clauses
from voicecoach.checklist.matcher import Matcher
from voicecoach.checklist.rules import clarify_doubts, good_questions, next_steps, reservations, want_the_job
from voicecoach.checklist.rules.registry import (
    RULES,
    AnswerContext,
    ItemRules,
    QuestionContext,
    Take,
    question_rules,
    register,
)
from voicecoach.checklist.words import tokenize
from voicecoach.packs.pack import CHECKLIST_IDS, load_pack, parse_pack

PACKAGE = Path(voicecoach.__file__).resolve().parent
ITEM_FILES = [m.name for m in pkgutil.iter_modules(rules_package.__path__) if m.name != "registry"]


def test_every_item_has_its_rules_file_registered_by_its_id() -> None:
    assert sorted(ITEM_FILES) == sorted(CHECKLIST_IDS)
    for item_id in CHECKLIST_IDS:
        module = importlib.import_module(f"voicecoach.checklist.rules.{item_id}")
        assert module.ID == item_id and RULES[item_id] is module.RULES


def test_the_checklist_order_is_the_registration_order_and_the_default_packs() -> None:
    assert CHECKLIST_IDS == ("want_the_job", "reservations", "clarify_doubts", "next_steps", "good_questions")
    assert tuple(item.id for item in load_pack().items) == CHECKLIST_IDS
    # a question goes to the first rule that takes it: judging before hiring before a plain question
    assert [item for item, _ in question_rules()] == ["reservations", "next_steps", "good_questions"]


def test_an_id_registers_once() -> None:
    with pytest.raises(ValueError, match="registered twice"):
        register(ItemRules(next_steps.ID))
    assert RULES[next_steps.ID] is next_steps.RULES


def _string_literals(path: Path) -> list[tuple[int, str]]:
    """Every string constant of a module that is not a docstring, with its line."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef))
                  and node.body and isinstance(node.body[0], ast.Expr)}
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings]


def test_no_item_id_is_a_string_literal_outside_the_rules_and_the_packs() -> None:
    # Packs are written by users: code names an item through its rules file (`next_steps.ID`), never by spelling it.
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        where = path.relative_to(PACKAGE).as_posix()
        if where.startswith(("checklist/rules/", "packs/")):
            continue
        found += [f"{where}:{line}: {text!r}" for line, text in _string_literals(path) if text in CHECKLIST_IDS]
    assert not found, "item ids spelled out: " + ", ".join(found)


def test_the_literal_check_sees_a_spelled_out_id(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text('"""Mentions next_steps in a docstring."""\nKIND = "next_steps"\n', encoding="utf-8")
    assert _string_literals(module) == [(2, "next_steps")]


def _pack_of(tmp_path: Path, *ids: str, own: bool = False):
    closing = load_pack()
    items = {i: {"title": "t", "description": "d", "praise": "p", "tip": "t", "example": "e",
                 "phrases": list(closing.item(i).phrases)} for i in ids}
    if own:
        items["ask_about_budget"] = {"title": "t", "description": "d", "praise": "p", "tip": "t", "example": "e",
                                     "phrases": ["what is the budget for the team"]}
    return parse_pack({"name": "mine", "prompts": ["Any questions?"], "items": items}, tmp_path / "mine.toml")


@pytest.mark.parametrize("text, covered", [
    ("What does a typical day look like for the team?", ["good_questions"]),
    ("Do you think I'm ready for it?", []),  # the reservations question in other words, though the pack lacks it
    ("When can I start?", []),  # a next step's question, not one about the job
    ("What is the budget for the team?", ["ask_about_budget"]),
])
def test_a_pack_with_some_items_and_one_of_its_own(tmp_path: Path, text: str, covered: list[str]) -> None:
    matcher = Matcher(_pack_of(tmp_path, good_questions.ID, own=True))
    assert matcher.assess(text).covered == covered


@pytest.mark.parametrize("text, covered, phrase", [
    ("I want it.", ["want_the_job"], None),  # an addition: no bank phrase is that short
    ("What happens next?", ["next_steps"], "what happens next"),
    ("What happens next for the brand after the relaunch?", [], None),  # next_steps' veto, by its id
    ("When can I start?", ["next_steps"], None),  # next_steps' question rule
    ("will i be on call at weekends", [], None),
])
def test_item_rules_follow_their_item_into_a_pack_of_ones_own(tmp_path: Path, text: str, covered: list[str],
                                                              phrase: str | None) -> None:
    assessment = Matcher(_pack_of(tmp_path, want_the_job.ID, next_steps.ID), learned=False).assess(text)
    assert assessment.covered == covered
    assert all(assessment.items[i].phrase == phrase for i in covered)


def _question(text: str, uncovered: frozenset[str] = frozenset(CHECKLIST_IDS)) -> QuestionContext:
    tokens = tokenize(text)
    clauses = split_clauses(tokens)
    return QuestionContext(tokens, clauses, len(clauses) - 1, False, uncovered, frozenset(),
                           tuple(frozenset() for _ in tokens[clauses[-1].start : clauses[-1].end]))


@pytest.mark.parametrize("rule, text, take", [
    (reservations.judging_question, "Do you think I'm ready for it?", Take(reservations.ID)),
    (reservations.judging_question, "When can I start?", None),
    (next_steps.hiring_question, "When can I start?", Take(next_steps.ID, claim=True)),
    (next_steps.hiring_question, "Who decides, and by when?", Take(next_steps.ID, claim=True)),
    (next_steps.hiring_question, "What does the team work on?", None),
    (good_questions.plain_question, "What does a typical week look like for the engineers?",
     Take(good_questions.ID, 62.0 + 16.0)),
    (good_questions.plain_question, "Is there a technical exam after this?", Take(next_steps.ID, claim=True)),
    (good_questions.plain_question, "What's the salary?", None),  # pay and perks are not a prepared question
])
def test_question_rules(rule, text: str, take: Take | None) -> None:
    assert rule(_question(text)) == take


def test_a_plain_question_counts_only_while_its_item_is_uncovered() -> None:
    text = "What does a typical week look like for the engineers?"
    assert good_questions.plain_question(_question(text, frozenset({next_steps.ID}))) is None


@pytest.mark.parametrize("addition, text, quoted", [
    (want_the_job.blunt_want, "Honestly? Sign me up.", "Sign me up"),
    (want_the_job.blunt_want, "I'd be so happy to start here.", "I'd be so happy to start here"),
    (want_the_job.blunt_want, "I'd be happy to start here one day.", None),
    (clarify_doubts.doubt_cleared, "I said three years, but actually it was four.",
     "I said three years, but actually it was four"),
    (clarify_doubts.doubt_cleared, "I said to my wife I'd be home by six.", None),
])
def test_additions_find_their_item_by_its_wording(addition, text: str, quoted: str | None) -> None:
    tokens = tokenize(text)
    found = addition(AnswerContext(text, tokens, split_clauses(tokens), False))
    if quoted is None:
        assert found is None
    else:
        assert text[tokens[found.lo].start : tokens[found.hi - 1].end] == quoted
