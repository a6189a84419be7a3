"""A pack's phrase banks, parsed: each phrase's words weighted by how well they tell the items apart, indexed by
word, with the lookup that finds which bank words an answer's word stands for (near spellings of misheard words)."""

from __future__ import annotations

import math
from collections.abc import Collection
from dataclasses import dataclass

from rapidfuzz import fuzz, process

from voicecoach.checklist.clauses import AUXILIARIES, WH_WORDS, split_clauses
from voicecoach.checklist.negation import NEGATORS, PERSONS, agent_at, owned_by_speaker
from voicecoach.checklist.topics import is_content
from voicecoach.checklist.words import PRONOUN_GROUPS, STOPWORDS, SYNONYMS, Token, tokenize
from voicecoach.packs.pack import ClosingPack

CONTENT_FLOOR = 0.65
"""Words weighing more than this carry meaning (not stopwords, pronouns or wh-words)."""
_STOP_WEIGHT = 0.25
_PRONOUN_WEIGHT = 0.6
_WH_WEIGHT = 0.6
_PRONOUNS = frozenset(PRONOUN_GROUPS)


@dataclass(frozen=True)
class Phrase:
    """One bank phrase, parsed and weighted."""

    item: int
    """Index of its item in the pack."""
    text: str
    keys: tuple[str, ...]
    weights: dict[str, float]
    total: float
    asks: bool
    denies: bool
    owned: frozenset[str]
    indefinite: frozenset[str]
    """Keys the phrase itself says with "a"/"an"/"some" ("accept an offer"), so "a job" may match them."""
    agents: dict[str, str]
    """Who does each of the phrase's words, where its subject says so: "speaker" ("I can explain") or "listener"."""
    tokens: list[Token]
    words: tuple[str, ...]
    span: int
    function_only: bool
    """No word of the phrase carries meaning on its own ("how did I do?"): it must be there whole."""
    content: float
    """Weight of the words that carry meaning (not stopwords, pronouns or wh-words)."""
    whose: dict[str, str]
    """Person ("i" or "you") just before a meaning-carrying word: "put *your* mind at ease", "where do *I* stand"."""


class PhraseBank:
    """Every phrase of a pack's items, weighted and indexed by word key; build once per pack."""

    fuzzy_min_letters = 6
    """Shorter words are not looked up by spelling: too many of them are one letter apart ("sorry", "worry")."""
    fuzzy_length_change = 1
    """Letters a misheard word may gain or lose against the pack word it stands for."""

    def __init__(self, pack: ClosingPack, known: Collection[str]):
        """known: the words the recognizer's dictionary knows (a typed word it knows was meant as written)."""
        self.known = known
        parsed = [[tokenize(p) for p in item.phrases] for item in pack.items]
        items_with_key: dict[str, set[int]] = {}
        for i, phrases in enumerate(parsed):
            for toks in phrases:
                for t in toks:
                    items_with_key.setdefault(t.key, set()).add(i)
        self.phrases: list[Phrase] = []
        self.index: dict[str, list[int]] = {}
        """Word key -> the phrases that use it."""
        for i, (item, phrases) in enumerate(zip(pack.items, parsed)):
            for text, toks in zip(item.phrases, phrases):
                if toks:
                    weights = {t.key: _weight(t, len(items_with_key[t.key])) for t in toks}
                    for key in weights:
                        self.index.setdefault(key, []).append(len(self.phrases))
                    self.phrases.append(_parse(i, text, toks, weights))
        self.items_of_key = {key: frozenset(self.phrases[p].item for p in found) for key, found in self.index.items()}
        """Word key -> the items whose phrases use it."""
        # Surface forms the fuzzy lookup may land on: the pack's words and the synonym lists.
        self._surfaces: dict[str, str] = {}
        for toks in (t for phrases in parsed for t in phrases):
            for t in toks:
                if len(t.word) >= 5:
                    self._surfaces.setdefault(t.word, t.key)
        for words in SYNONYMS.values():
            for w in words.split():
                key = tokenize(w)[0].key
                if key in self.index and len(w) >= 5:
                    self._surfaces.setdefault(w, key)
        self._surface_list = list(self._surfaces)
        self._lookup: dict[tuple[str, str, bool], tuple[str, ...]] = {}

    def keys_of(self, token: Token, heard: bool) -> tuple[str, ...]:
        """Phrase keys a token stands for: its own key, or near spellings ("firing" for "hiring"). In typed text
        (heard False) a word the dictionary knows was meant: a near spelling must be the same word's other form
        ("decides", "decisions"), not another word ("learning" is not "leaving")."""
        cached = self._lookup.get((token.word, token.key, heard))
        if cached is not None:
            return cached
        keys: tuple[str, ...] = (token.key,) if token.key in self.index else ()
        if not keys and len(token.word) >= self.fuzzy_min_letters and token.word not in STOPWORDS:
            # Long words share many letters by chance ("certification", "clarification"): ask for more.
            cutoff = 80 if len(token.word) < 10 else 88
            found = process.extract(token.word, self._surface_list, scorer=fuzz.ratio, score_cutoff=cutoff, limit=3)
            # a misheard word keeps about its length ("firing" for "hiring"); "seemed" is not "esteemed"
            typed_word = not heard and token.word in self.known
            keys = tuple(dict.fromkeys(self._surfaces[s] for s, _, _ in found
                                       if abs(len(s) - len(token.word)) <= self.fuzzy_length_change
                                       and not (typed_word and s[:4] != token.word[:4])))
        self._lookup[(token.word, token.key, heard)] = keys
        return keys


def best_window(hits: list[tuple[int, str]], phrase: Phrase) -> tuple[float, int, int, float]:
    """The densest stretch of the clause holding the phrase's words: (score 0-100, first, after last, content)."""
    mine = [(pos, key) for pos, key in hits if key in phrase.weights]
    if not mine:
        return 0.0, 0, 0, 0.0
    width = max(6, int(phrase.span * 1.8) + 2)
    best, best_lo, best_hi = 0.0, mine[0][0], mine[0][0] + 1
    counts: dict[str, int] = {}
    got = 0.0
    left = 0
    for _right, (pos, key) in enumerate(mine):
        if counts.get(key, 0) == 0:
            got += phrase.weights[key]
        counts[key] = counts.get(key, 0) + 1
        while pos - mine[left][0] >= width:
            lkey = mine[left][1]
            counts[lkey] -= 1
            if counts[lkey] == 0:
                got -= phrase.weights[lkey]
            left += 1
        if got > best + 1e-9 or (got > best - 1e-9 and pos + 1 - mine[left][0] < best_hi - best_lo):
            best, best_lo, best_hi = got, mine[left][0], pos + 1
    content = sum(phrase.weights[k] for k in {k for p, k in mine if best_lo <= p < best_hi}
                  if phrase.weights[k] > CONTENT_FLOOR)
    return 100.0 * best / phrase.total, best_lo, best_hi, content


def _parse(item: int, text: str, toks: list[Token], weights: dict[str, float]) -> Phrase:
    return Phrase(
        item=item, text=text, keys=tuple(t.key for t in toks), weights=weights,
        total=sum(weights.values()), asks=any(c.is_question for c in split_clauses(toks)),
        denies=any(t.word in NEGATORS for t in toks),
        owned=frozenset(t.key for k, t in enumerate(toks) if owned_by_speaker(toks, k, 0)),
        indefinite=frozenset(t.key for k, t in enumerate(toks) if indefinite(toks, k, 0)),
        agents={t.key: a for k, t in enumerate(toks) if (a := agent_at(toks, k, 0))},
        tokens=toks, words=tuple(t.word for t in toks), span=len(toks),
        function_only=not any(is_content(t.word) for t in toks),
        content=sum(w for w in weights.values() if w > CONTENT_FLOOR),
        whose={t.key: toks[k - 1].key for k, t in enumerate(toks)
               if k and toks[k - 1].key in PERSONS and is_content(t.word)},
    )


def _weight(token: Token, items_sharing: int) -> float:
    if token.key in _PRONOUNS:
        return _PRONOUN_WEIGHT
    if token.word in WH_WORDS:
        return _WH_WEIGHT
    if token.word in STOPWORDS or token.word in AUXILIARIES:
        return _STOP_WEIGHT
    # A word several items use ("role", "team") tells them apart less than one only this item uses.
    return 1.0 / math.sqrt(items_sharing)


def indefinite(tokens: list[Token], i: int, lo: int) -> bool:
    """Whether token i is said of no particular thing: "a job", "an opportunity", "some experience"."""
    return i > lo and tokens[i - 1].word in ("a", "an", "some", "another")
