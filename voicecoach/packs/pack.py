"""Prompt packs: the interviewer's closing prompts and the close checklist, loaded from TOML."""

from __future__ import annotations

import re
import string
import tomllib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from voicecoach.checklist.rules import RULES
from voicecoach.shipped import shipped_dir

CHECKLIST_IDS = tuple(RULES)
"""The public ids of the close checklist; the default pack defines all five, in this order (the
rule files' order, rules/__init__.py)."""

PROMPTS_DIR = shipped_dir("prompts", "prompts")
"""The packs that come with voicecoach, found by name: the repository's prompts/, installed as voicecoach/prompts/."""
DEFAULT_PACK = "closing"

PLACEHOLDERS = {"praise": ("evidence",), "raise": ("reservation",)}
"""The pack fields filled in with str.format, and the one placeholder each takes (coach.py fills a covered item's praise
with {evidence}, roleplay.py a style's raise with {reservation}); braces are written {{ and }} there. Every other
spoken field is said as written, so a {placeholder} in it is a mistake."""


class PackError(ValueError):
    """A pack that cannot be used; the message names the file and the field."""


@dataclass(frozen=True)
class ChecklistItem:
    """One thing a strong close does."""

    id: str
    title: str
    label: str
    """A few words for running speech ("next steps")."""
    description: str
    phrases: tuple[str, ...]
    """Example phrasings the matcher compares the answer with."""
    praise: str
    """Said when covered; may quote the person with {evidence}."""
    tip: str
    """Said when missed: what to do."""
    example: str
    """Said when missed: a sentence they could say instead."""


@dataclass(frozen=True)
class InterviewerStyle:
    """How the role-play interviewer talks: warm, rushed, skeptical..."""

    name: str
    description: str
    raise_template: str
    """Says a reservation; "{reservation}" is replaced by its text."""
    no_reservation: str
    """Said when asked about reservations and none is left to raise."""
    next_steps: tuple[str, ...]
    """Plausible timelines, said when asked about next steps."""
    answers: tuple[str, ...]
    """Short answers to a question no `interviewer_answers` topic fits."""
    after_strong: tuple[str, ...]
    """Said after a rebuttal that removed the doubt."""
    after_weak: tuple[str, ...]
    """Said after a rebuttal that did not."""
    retry_offer: str


@dataclass(frozen=True)
class Reservation:
    """A doubt the interviewer can raise about the candidate."""

    id: str
    text: str
    """The doubt, worded to follow the style's raise template."""
    by_style: dict[str, str]
    """Other wordings for some styles (style name -> text)."""
    reframe: tuple[str, ...]
    """Words that tie an answer to this doubt back to the role."""
    example: str
    """An answer that removes the doubt."""

    def text_for(self, style: str) -> str:
        return self.by_style.get(style, self.text)


@dataclass(frozen=True)
class InterviewerAnswer:
    """A short answer the interviewer gives to a question about one topic."""

    about: tuple[str, ...]
    """Words or phrases of a question that call for this answer."""
    text: str


@dataclass(frozen=True)
class ClosingPack:
    """A prompt pack: closing prompts and the checklist, most important item first."""

    name: str
    path: Path
    prompts: tuple[str, ...]
    items: tuple[ChecklistItem, ...]
    styles: dict[str, InterviewerStyle] = field(default_factory=dict)
    """Role-play interviewer styles by name; empty when the pack has no [interviewer.*] tables."""
    reservations: tuple[Reservation, ...] = ()
    interviewer_answers: tuple[InterviewerAnswer, ...] = ()
    drills: dict[str, tuple[str, ...]] = field(default_factory=dict)
    """Prompt -> the checklist items it gives a natural opening to, for `practice --drill` (optional per prompt)."""

    def invites_questions(self, prompt: str) -> bool:
        """The prompt asks for the person's questions: it drills an item covered by asking (ASKED_ITEMS), or, where
        the pack gives it no drills, its words ask for questions ("Do you have any questions for us?")."""
        drills = self.drills.get(prompt)
        if drills:
            return any(item in ASKED_ITEMS for item in drills)
        return _ASKS_FOR_QUESTIONS.search(prompt) is not None

    def item(self, item_id: str) -> ChecklistItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


ASKED_ITEMS = ("good_questions", "next_steps", "reservations")
"""Checklist items a person covers by asking the interviewer something."""
_ASKS_FOR_QUESTIONS = re.compile(r"\b(questions?|ask)\b", re.IGNORECASE)


def resolve_pack_path(name_or_path: str | Path | None) -> Path:
    """A pack given by name (a file in prompts/) or by path."""
    if name_or_path is None:
        name_or_path = DEFAULT_PACK
    candidate = Path(name_or_path).expanduser()
    if candidate.suffix == ".toml" or candidate.exists() or "/" in str(name_or_path):
        return candidate
    return PROMPTS_DIR / f"{name_or_path}.toml"


def load_pack(name_or_path: str | Path | None = None) -> ClosingPack:
    """Read and check a pack; raises PackError naming the file and field on any problem."""
    path = resolve_pack_path(name_or_path)
    if path.is_dir():
        raise PackError(f"{path}: a folder, not a pack file (a pack is one .toml file)")
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PROMPTS_DIR.glob("*.toml"))) or "none"
        raise PackError(f"{path}: no such pack file (packs in {PROMPTS_DIR}: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: not valid TOML ({exc})") from None
    except OSError as exc:
        raise PackError(f"{path}: cannot read the pack ({exc.strerror})") from None
    return parse_pack(data, path)


def placeholder_problem(value: str, allowed: tuple[str, ...]) -> str | None:
    """What is wrong with the {placeholders} of one pack text, or None; `allowed` is empty for text said as written.

    >>> placeholder_problem('You said "{evidnce}".', ("evidence",))
    'unknown placeholder {evidnce} (this field takes {evidence}; write {{ and }} for a brace)'
    """
    named = ", ".join("{" + a + "}" for a in allowed)
    takes = f"this field takes {named}" if allowed else "this field is said as written"
    if not allowed:
        # said as written: stray braces are harmless, but a whole {word} is a placeholder that will never be filled
        for name in re.findall(r"\{([^{}]*)\}", value):
            return f"placeholder {{{name}}} is never filled in ({takes}; {_fields_taking()})"
        return None
    try:
        parts = list(string.Formatter().parse(value))
    except ValueError:  # "{evidence" or a lone "}": str.format would fail the same way mid-session
        opened = _unclosed(value)
        bad = f"unclosed placeholder {opened!r}" if opened else "a lone }"
        return f"{bad} ({takes}; write {{{{ and }}}} for a brace)"
    for _, name, spec, conversion in parts:
        if name is None:
            continue
        if name not in allowed or spec or conversion:
            shown = "{" + name + (f"!{conversion}" if conversion else "") + (f":{spec}" if spec else "") + "}"
            return f"unknown placeholder {shown} ({takes}; write {{{{ and }}}} for a brace)"
    return None


def _unclosed(value: str) -> str | None:
    """The text from a "{" that is never closed ("{evidence" in 'You said {evidence.'), or None."""
    i = 0
    while i < len(value):
        if value.startswith(("{{", "}}"), i):
            i += 2
        elif value[i] == "{":
            ends = [j for j in (value.find("{", i + 1), value.find("}", i + 1)) if j >= 0]
            if not ends or value[min(ends)] == "{":  # the string ends, or another placeholder opens, first
                return value[i : min(ends + [len(value), i + 24])].rstrip()
            i = min(ends) + 1
        else:
            i += 1
    return None


def _fields_taking() -> str:
    return ", ".join(f"{field} takes {{{names[0]}}}" for field, names in PLACEHOLDERS.items())


def parse_pack(data: dict, path: Path) -> ClosingPack:
    """Build a pack from parsed TOML, checking every field."""

    def fail(field: str, problem: str) -> PackError:
        return PackError(f"{path}: {field}: {problem}")

    def text(table: dict, key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{where}.{key}", "must be a non-empty string")
        problem = placeholder_problem(value, PLACEHOLDERS.get(key, ()))
        if problem:
            raise fail(f"{where}.{key}", problem)
        return value.strip()

    def texts(table: dict, key: str, where: str) -> tuple[str, ...]:
        value = table.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(f"{where}.{key}" if where else key, "must be a non-empty list of strings")
        for n, v in enumerate(value, 1):
            problem = placeholder_problem(v, ())
            if problem:
                raise fail(f"{where}.{key}[{n}]" if where else f"{key}[{n}]", problem)
        return tuple(v.strip() for v in value)

    name = data.get("name", path.stem)
    if not isinstance(name, str):
        raise fail("name", "must be a string")
    prompts, drills = _parse_prompts(data, fail)
    items_table = data.get("items")
    if not isinstance(items_table, dict) or not items_table:
        raise fail("items", "must be a table of checklist items ([items.ID])")
    items = []
    for item_id, table in items_table.items():
        where = f"items.{item_id}"
        if not isinstance(table, dict):
            raise fail(where, "must be a table")
        items.append(
            ChecklistItem(
                id=item_id,
                title=text(table, "title", where),
                label=text(table, "label", where) if "label" in table else item_id.replace("_", " "),
                description=text(table, "description", where),
                phrases=texts(table, "phrases", where),
                praise=text(table, "praise", where),
                tip=text(table, "tip", where),
                example=text(table, "example", where),
            )
        )
    for n, moves in enumerate(drills, 1):
        if unknown := [m for m in moves if m not in {item.id for item in items}]:
            raise fail(f"prompts[{n}].drills", f"no checklist item {unknown[0]!r}")
    styles, reservations, answers = _parse_roleplay(data, fail, text, texts)
    return ClosingPack(
        name=name,
        path=path,
        prompts=prompts,
        items=tuple(items),
        styles=styles,
        reservations=reservations,
        interviewer_answers=answers,
        drills={p: d for p, d in zip(prompts, drills) if d},
    )


def _parse_prompts(data: dict, fail: Callable[[str, str], PackError]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The prompts, each a string or a table `{ text = "...", drills = ["ITEM", ...] }`, and what each drills."""
    entries = data.get("prompts")
    if not isinstance(entries, list) or not entries:
        raise fail("prompts", "must be a non-empty list of strings")
    prompts, drills = [], []
    for n, entry in enumerate(entries, 1):
        text, moves = (entry.get("text"), entry.get("drills", [])) if isinstance(entry, dict) else (entry, [])
        if not isinstance(text, str) or not text.strip():
            raise fail(f"prompts[{n}]", "must be a non-empty string or a table with text and drills")
        if not isinstance(moves, list) or not all(isinstance(m, str) for m in moves):
            raise fail(f"prompts[{n}].drills", "must be a list of checklist item ids")
        prompts.append(text.strip())
        drills.append(tuple(moves))
    return tuple(prompts), drills


def _parse_roleplay(
    data: dict, fail: Callable[[str, str], PackError], text: Callable[..., str], texts: Callable[..., tuple[str, ...]]
) -> tuple[dict[str, InterviewerStyle], tuple[Reservation, ...], tuple[InterviewerAnswer, ...]]:
    """The optional role-play sections: [interviewer.STYLE], [[reservations]], [[interviewer_answers]]."""
    styles: dict[str, InterviewerStyle] = {}
    table = data.get("interviewer", {})
    if not isinstance(table, dict):
        raise fail("interviewer", "must be a table of styles ([interviewer.STYLE])")
    for style, entry in table.items():
        where = f"interviewer.{style}"
        if not isinstance(entry, dict):
            raise fail(where, "must be a table")
        template = text(entry, "raise", where)
        if "{reservation}" not in template:
            raise fail(f"{where}.raise", "must contain {reservation}")
        styles[style] = InterviewerStyle(
            name=style,
            description=text(entry, "description", where) if "description" in entry else "",
            raise_template=template,
            no_reservation=text(entry, "no_reservation", where),
            next_steps=texts(entry, "next_steps", where),
            answers=texts(entry, "answers", where),
            after_strong=texts(entry, "after_strong", where),
            after_weak=texts(entry, "after_weak", where),
            retry_offer=text(entry, "retry_offer", where),
        )

    reservations = []
    entries = data.get("reservations", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise fail("reservations", "must be an array of tables ([[reservations]])")
    seen: set[str] = set()
    for n, entry in enumerate(entries, 1):
        where = f"reservations[{n}]"
        rid = text(entry, "id", where)
        if rid in seen:
            raise fail(f"{where}.id", f"duplicate id {rid!r}")
        seen.add(rid)
        by_style = {}
        for key in entry:
            if key in ("id", "text", "reframe", "example"):
                continue
            if key not in styles:
                known = ", ".join(styles) or "none defined"
                raise fail(f"{where}.{key}", f"unknown field (a style override must name a style: {known})")
            by_style[key] = text(entry, key, where)
        reframe = texts(entry, "reframe", where) if "reframe" in entry else ()
        reservations.append(
            Reservation(id=rid, text=text(entry, "text", where), by_style=by_style, reframe=reframe,
                        example=text(entry, "example", where))
        )

    answers = []
    entries = data.get("interviewer_answers", [])
    if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
        raise fail("interviewer_answers", "must be an array of tables ([[interviewer_answers]])")
    for n, entry in enumerate(entries, 1):
        where = f"interviewer_answers[{n}]"
        answers.append(InterviewerAnswer(about=texts(entry, "about", where), text=text(entry, "text", where)))
    return styles, tuple(reservations), tuple(answers)
