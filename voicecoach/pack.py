"""Prompt packs: the interviewer's closing prompts and the close checklist, loaded from TOML."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

CHECKLIST_IDS = ("want_the_job", "reservations", "clarify_doubts", "next_steps", "good_questions")
"""The public ids of the close checklist; the default pack defines all five, in this order."""

PROMPTS_DIR = Path(__file__).resolve().parent.parent / "prompts"
DEFAULT_PACK = "closing"


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
class ClosingPack:
    """A prompt pack: closing prompts and the checklist, most important item first."""

    name: str
    path: Path
    prompts: tuple[str, ...]
    items: tuple[ChecklistItem, ...]

    def item(self, item_id: str) -> ChecklistItem:
        for item in self.items:
            if item.id == item_id:
                return item
        raise KeyError(item_id)


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
    if not path.is_file():
        known = ", ".join(sorted(p.stem for p in PROMPTS_DIR.glob("*.toml"))) or "none"
        raise PackError(f"{path}: no such pack file (packs in {PROMPTS_DIR}: {known})")
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise PackError(f"{path}: not valid TOML ({exc})") from None
    return parse_pack(data, path)


def parse_pack(data: dict, path: Path) -> ClosingPack:
    """Build a pack from parsed TOML, checking every field."""

    def fail(field: str, problem: str) -> PackError:
        return PackError(f"{path}: {field}: {problem}")

    def text(table: dict, key: str, where: str) -> str:
        value = table.get(key)
        if not isinstance(value, str) or not value.strip():
            raise fail(f"{where}.{key}", "must be a non-empty string")
        return value.strip()

    def texts(table: dict, key: str, where: str) -> tuple[str, ...]:
        value = table.get(key)
        if not isinstance(value, list) or not value or not all(isinstance(v, str) and v.strip() for v in value):
            raise fail(f"{where}.{key}" if where else key, "must be a non-empty list of strings")
        return tuple(v.strip() for v in value)

    name = data.get("name", path.stem)
    if not isinstance(name, str):
        raise fail("name", "must be a string")
    prompts = texts(data, "prompts", "")
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
    return ClosingPack(name=name, path=path, prompts=prompts, items=tuple(items))
