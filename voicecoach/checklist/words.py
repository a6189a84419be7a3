"""Words of an answer for matching: tokens with their character spans, normalised and stemmed."""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from voicecoach.checklist.lexicon import LEXICON

FILLERS = LEXICON.words("fillers.hesitations")
"""Hesitation sounds ("um", "er", "hmm"); pocketsphinx keeps them, so they must not break a phrase apart."""

STOPWORDS = LEXICON.words("words.stopwords")
"""Words that carry little meaning on their own; they still count a little in a phrase."""

PRONOUN_GROUPS = {person: tuple(forms.split()) for person, forms in LEXICON.table("words.pronoun_groups").items()}
"""Pronoun forms folded into one matching key per person: "you" -> ("you", "your", ...)."""

SYNONYMS = {canon: " ".join(words.split()) for canon, words in LEXICON.table("words.synonyms").items()}
"""Plain English near-synonyms folded into one token, so a pack's phrase covers its paraphrases."""


_VOWELS = frozenset("aeiouy")


def stem(word: str) -> str:
    """A crude suffix-stripping stem: concerns -> concern, hiring -> hir, hire -> hir."""
    if len(word) <= 3:
        return word
    if word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    for suffix in ("ing", "ed"):
        if word.endswith(suffix) and len(word) - len(suffix) >= 3:
            word = word[: -len(suffix)]
            if len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsz" and word[-1] not in _VOWELS:
                word = word[:-1]  # stopping -> stop, planned -> plan
            break
    if word.endswith("e") and len(word) > 3:
        word = word[:-1]
    return word


_CANON: dict[str, str] = {}
for _canon, _words in SYNONYMS.items():
    for _w in _words.split():
        _CANON[_w] = _canon
for _canon, _words in PRONOUN_GROUPS.items():
    for _w in _words:
        _CANON[_w] = _canon


def canonical(word: str) -> str:
    """The matching key of a lower-case word: synonym group, pronoun group, or stem."""
    found = _CANON.get(word)
    if found is not None:
        return found
    stemmed = stem(word)
    return _CANON.get(stemmed, stemmed)


_CONTRACTIONS = {word: tuple(forms.split()) for word, forms in LEXICON.table("words.contractions").items()}
_SUFFIXES = tuple((ending, (form,)) for ending, form in LEXICON.table("words.contraction_endings").items())
_IS_AFTER = LEXICON.words("words.is_after")


def expand(word: str) -> tuple[str, ...]:
    """Lower-case word forms, with contractions split: don't -> do not, what's -> what is."""
    word = word.lower().replace("\u2019", "'")
    if word in _CONTRACTIONS:
        return _CONTRACTIONS[word]
    for suffix, tail in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix):
            head = word[: -len(suffix)]
            if suffix == "'s":
                # "company's" is a possessive, "what's" is "what is".
                return (head, "is") if head in _IS_AFTER else (head,)
            return (head, *tail)
    return (word.strip("'"),)


@dataclass(frozen=True)
class Token:
    """One word form of the answer and where its word sits in the text."""

    word: str
    """Lower case, contraction split (\"don't\" gives do + not, both with the same span)."""
    key: str
    """Matching key: synonym group, pronoun group or stem."""
    start: int
    """Character offset of the whole written word in the text."""
    end: int
    boundary_before: bool = False
    """True when sentence punctuation (. ? ! ;) comes before this word."""
    question_mark_after: bool = False
    """True when a question mark follows this word."""
    comma_before: bool = False
    """True when a comma comes before this word."""


_WORD = re.compile(r"[A-Za-z0-9]+(?:['\u2019][A-Za-z]+)*")
_HARD_BREAK = re.compile(r"[.!;:]|\?|\s-\s|\u2014")


def word_spans(text: str) -> Iterator[tuple[str, int, int]]:
    """The written words of a text as typed, with their character spans: the one place that says what a word is.

    Letters and digits, with apostrophes inside ("don't", "y'all'd"); punctuation, dashes and symbols separate them.
    """
    for match in _WORD.finditer(text):
        yield match.group(), match.start(), match.end()


def plain_words(text: str) -> list[str]:
    """The written words of a text, lower case, with straight apostrophes: "Don\u2019t STOP!" -> ["don't", "stop"]."""
    # Lower case first: "\u0130" (dotted capital I) lower-cases to two characters, "i" and a combining dot.
    return [word.replace("\u2019", "'") for word, _, _ in word_spans(text.lower())]


def tokenize(text: str) -> list[Token]:
    """Tokens of a text with character spans; fillers dropped, contractions split."""
    tokens: list[Token] = []
    last_end = 0
    pending_break = True
    for written, start, end in word_spans(text):
        gap = text[last_end:start]
        pending_break = pending_break or bool(_HARD_BREAK.search(gap))
        if tokens and "?" in gap:
            tokens[-1] = _with_question_mark(tokens[-1])
        last_end = end
        forms = expand(written)
        if forms[0] in FILLERS:
            continue
        comma = "," in gap
        for i, form in enumerate(forms):
            first = i == 0
            tokens.append(Token(form, canonical(form), start, end, pending_break and first,
                                comma_before=comma and first))
        pending_break = False
    if tokens and "?" in text[last_end:]:
        tokens[-1] = _with_question_mark(tokens[-1])
    return _without_restarts(_without_set_off_fillers(tokens))


_SET_OFF_FILLERS = LEXICON.phrases("fillers.set_off")


def _without_set_off_fillers(tokens: list[Token]) -> list[Token]:
    """Drop fillers between commas, and their commas: "when do you think you'll, like, let people know"."""
    out: list[Token] = []
    i = 0
    while i < len(tokens):
        for filler in _SET_OFF_FILLERS:
            n = len(filler)
            after = i + n
            if (tokens[i].comma_before and after < len(tokens) and tokens[after].comma_before
                    and tuple(t.word for t in tokens[i:after]) == filler and out):
                nxt = tokens[after]
                out.append(Token(nxt.word, nxt.key, nxt.start, nxt.end, nxt.boundary_before, nxt.question_mark_after))
                i = after + 1
                break
        else:
            out.append(tokens[i])
            i += 1
    return out


def _without_restarts(tokens: list[Token]) -> list[Token]:
    """Drop the first try of a false start: "what's the what's the timeline" -> "what's the timeline"."""
    out: list[Token] = []
    for token in tokens:
        out.append(token)
        for n in (3, 2, 1):
            if len(out) >= 2 * n and [t.word for t in out[-2 * n : -n]] == [t.word for t in out[-n:]] \
                    and out[-n].start != out[-n - 1].start:
                again = out[-n:]
                del out[-2 * n :]
                out.extend(again)
                break
    return out


def _with_question_mark(token: Token) -> Token:
    return Token(token.word, token.key, token.start, token.end, token.boundary_before, True, token.comma_before)


def phrase_keys(phrase: str) -> list[str]:
    """Matching keys of a pack phrase, in order, fillers dropped."""
    return [t.key for t in tokenize(phrase)]


def at_phrase(words: Sequence[str], i: int, pattern: tuple[str, ...]) -> bool:
    """Whether the words from position i on begin with the pattern."""
    return tuple(words[i : i + len(pattern)]) == pattern


def find_phrase(words: Sequence[str], lo: int, hi: int, patterns: Sequence[tuple[str, ...]]) -> int | None:
    """The first position in lo..hi-1 where one of the patterns begins, or None."""
    for i in range(lo, hi):
        if any(at_phrase(words, i, p) for p in patterns):
            return i
    return None
