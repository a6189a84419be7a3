"""The English word classes and vocabularies, read once from lexicon.toml; modules name the entries they use."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.toml"
"""The shipped lexicon: one TOML table per module that reads English, plus the shared fillers and asking words."""


@dataclass(frozen=True)
class Lexicon:
    """Named entries of a TOML data file, looked up by dotted key ("words.stopwords") and shaped for the code."""

    data: dict[str, Any]
    source: str = "<memory>"
    """Where the data came from, for error messages."""

    @classmethod
    def load(cls, path: Path) -> Lexicon:
        """Read a TOML file (UTF-8)."""
        with path.open("rb") as f:
            return cls(tomllib.load(f), str(path))

    def raw(self, key: str) -> Any:
        """The entry as TOML gives it: "clauses.wh_words" is the wh_words entry of the [clauses] table."""
        node: Any = self.data
        for part in key.split("."):
            if not isinstance(node, dict) or part not in node:
                raise KeyError(f"{key!r} is not in {self.source}")
            node = node[part]
        return node

    def sequence(self, key: str) -> tuple[str, ...]:
        """Words in the order written: a string split on white space, or an array of strings."""
        value = self.raw(key)
        return tuple(value.split()) if isinstance(value, str) else tuple(value)

    def words(self, key: str) -> frozenset[str]:
        """A set of words: "a an the" -> {"a", "an", "the"}."""
        return frozenset(self.sequence(key))

    def phrases(self, key: str) -> tuple[tuple[str, ...], ...]:
        """Phrases as word tuples, in the order written: ["tell me", "let me know"] -> (("tell", "me"), ...)."""
        return tuple(tuple(phrase.split()) for phrase in self.raw(key))

    def strings(self, key: str) -> tuple[str, ...]:
        """An array of strings as a tuple, each kept whole ("i think maybe", a regular expression)."""
        return tuple(self.raw(key))

    def table(self, key: str) -> dict[str, Any]:
        """A table as a dict, in the order written (its values as TOML gives them)."""
        return dict(self.raw(key))

    def text(self, key: str) -> str:
        """One string entry."""
        value = self.raw(key)
        if not isinstance(value, str):
            raise TypeError(f"{key!r} in {self.source} is not a string")
        return value


LEXICON = Lexicon.load(LEXICON_FILE)
"""The shipped lexicon, read once at import."""
