"""Sound-alike matching: finding a bank phrase by how it sounds, in the recognizer's own pronunciations.

A recognizer that mishears puts in words that sound like the ones said: "when mike I expect to hear
back" for "when might I expect", "counter you think I stack up" for "how do you think". Spelled, they
share little; as phones (the recognizer's pronouncing dictionary, one character per phone) they are
nearly the same string, which rapidfuzz's partial_ratio finds inside the answer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from rapidfuzz import fuzz, process

from voicecoach.checklist.words import Token

PHONES = ("AA AE AH AO AW AY B CH D DH EH ER EY F G HH IH IY JH K L M N NG OW OY P R S SH T TH UH UW V W Y Z "
          "ZH").split()
"""The 39 phones of the CMU dictionary the bundled en-US model uses."""
_LETTER = {phone: chr(ord("A") + k) if k < 26 else chr(ord("a") + k - 26) for k, phone in enumerate(PHONES)}


@cache
def load_pronunciations(path: Path) -> dict[str, str]:
    """A pronouncing dictionary ("word PH1 PH2 ..." per line) as word -> one letter per phone; first variant only."""
    spelled: dict[str, str] = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            word, _, phones = line.partition(" ")
            if "(" in word or not phones:
                continue  # "read(2)": a second pronunciation
            spelled[word] = "".join(_LETTER.get(p, "") for p in phones.split())
    return spelled


def sound_of(word: str, say: dict[str, str]) -> str | None:
    """A lower-case word's phones, one letter each, or None where the dictionary lacks it ("nurse's" reads as
    "nurse")."""
    return say.get(word) or say.get(word.removesuffix("'s"))


@dataclass(frozen=True)
class SoundMatch:
    """A phrase heard in an answer by its sound."""

    phrase: int
    """Index into the phrases SoundAlike was built with."""
    score: float
    lo: int
    """First token of the answer it lines up with."""
    hi: int
    """Token after the last."""


class SoundAlike:
    """Phrases as phone strings, grouped by item; build once, call `hear` per answer."""

    inside_phrase = 0.5
    """An answer of three or more words shorter than this share of a phrase is not heard inside it."""
    min_phones = 12
    """Shorter phrases sound like too much by chance ("any concerns?"); the word matcher has them."""

    def __init__(self, phrases: list[tuple[int, list[Token]]], pronunciations: dict[str, str]):
        self._say = pronunciations
        self.known = pronunciations.keys()
        """The words the recognizer's dictionary knows."""
        self._by_item: dict[int, tuple[list[int], list[str]]] = {}
        for index, (item, tokens) in enumerate(phrases):
            sounds, _ = self.spell(tokens)
            if len(sounds) >= self.min_phones:
                indices, strings = self._by_item.setdefault(item, ([], []))
                indices.append(index)
                strings.append(sounds)

    def spell(self, tokens: list[Token]) -> tuple[str, list[int]]:
        """The tokens as one phone string, and for each of its letters the token it came from."""
        letters: list[str] = []
        owner: list[int] = []
        for k, token in enumerate(tokens):
            sound = sound_of(token.word, self._say) or ""
            letters.append(sound)
            owner.extend([k] * len(sound))
        return "".join(letters), owner

    def hear(self, spelled: tuple[str, list[int]], item: int, cutoff: float, limit: int = 5) -> list[SoundMatch]:
        """The item's phrases that sound like part of the answer, best first, scoring at least cutoff."""
        sounds, owner = spelled
        indices, strings = self._by_item.get(item, ([], []))
        if not sounds or not strings:
            return []
        found = []
        for _, score, k in process.extract(sounds, strings, scorer=fuzz.partial_ratio, score_cutoff=cutoff,
                                           limit=None):
            if len(sounds) < self.inside_phrase * len(strings[k]) and owner[-1] > 1:
                continue  # the answer found inside a much longer phrase: "i want it" is not "I want to say ..."
            if len(found) == limit:
                break
            where = fuzz.partial_ratio_alignment(strings[k], sounds)
            lo = owner[min(where.dest_start, len(owner) - 1)]
            hi = owner[min(max(where.dest_end - 1, 0), len(owner) - 1)] + 1
            found.append(SoundMatch(indices[k], score, lo, hi))
        return found
