"""Words of an answer for matching: tokens with their character spans, normalised and stemmed."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

FILLERS = frozenset({"um", "umm", "uh", "uhh", "uhm", "er", "erm", "ah", "hmm", "hm", "mm", "mhm"})
"""Hesitation sounds; pocketsphinx keeps them, so they must not break a phrase apart."""

STOPWORDS = frozenset(
    """a an the to of in on at for with about from by as and or but so if that this these those
    it its is are be been being am was were do does did have has had will would shall should can
    could may might must any anything some something there here just really very also then than
    up out into over too quite all much more most such own one ones get got go going well okay ok
    yeah yes oh like actually basically probably maybe guess think kind sort bit lot
    tell know ask asking wonder wondering curious please""".split()
)
"""Words that carry little meaning on their own; they still count a little in a phrase."""

PRONOUN_GROUPS = {
    "you": ("you", "your", "yours", "yourself", "yourselves", "ya"),
    "i": ("i", "me", "my", "mine", "myself"),
    "we": ("we", "us", "our", "ours", "ourselves"),
}

SYNONYMS = {
    "concern": "concern concerns reservation reservations worry worries worried worrying doubt doubts "
    "hesitation hesitations hesitancy hesitate hesitant misgiving misgivings apprehension apprehensions "
    "qualm qualms pause reluctance reluctant unsure uncertain uncertainty uncertainties",
    "role": "role roles position positions job jobs opportunity opportunities post vacancy opening",
    "company": "company companies organisation organization organisations organizations firm",
    "excite": "excited exciting excite thrilled thrill eager keen enthusiastic delighted pumped stoked psyched hyped buzzing",
    "timeline": "timeline timelines timeframe timeframes timescale timescales timetable timetables schedule timing",
    "step": "step steps stage stages round rounds phase phases",
    "clarify": "clarify clarifies clarified clarification clarifying explain explained explaining "
    "elaborate elaborating",
    "address": "address addressing addressed tackle tackling",
    "hire": "hire hires hired hiring recruit recruiting recruitment recruited",
    "challenge": "challenge challenges challenging obstacle obstacles difficulty difficulties hurdle hurdles",
    "success": "success successful succeed succeeding thrive thriving excel",
    "culture": "culture cultures environment atmosphere vibe",
    "team": "team teams group department departments squad crew crews",
    "background": "background backgrounds experience experiences qualification qualifications skill "
    "skills skillset profile resume cv candidacy application",
    "fit": "fit fits fitting suited suitable match",
    "gap": "gap gaps weak weaker weakest weakness weaknesses shortcoming shortcomings",
    "growth": "growth grow growing develop development progression advance advancement career",
    "decision": "decision decisions decide deciding decided",
    "hear": "hear hearing heard",
    "next": "next following",
    "expect": "expect expecting anticipate",
    "give": "give gives gave given giving",
    "say": "say says said saying",
    "make": "make makes made making",
    "see": "see sees saw seen seeing",
    "feel": "feel feels felt feeling",
    "take": "take takes took taken taking",
    "come": "come comes came coming",
    "tell": "tell tells told telling",
    "think": "think thinks thought thinking",
    "want": "want wants wanted wanting wanna",
    "test": "test tests exam exams examination examinations",
    "i": "mi",  # "mi" for I/me/my in Caribbean and West African Englishes
    "asked": "asked",  # apart from "ask": "you asked about my ..." is not "can I ask about ..."
    "happened": "happened",  # apart from "happen": "what happened to the last person" is not "what happens now"
}
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


# Contractions, with and without the apostrophe (typed text and recognizers drop it).
_CONTRACTIONS = {
    "can't": ("can", "not"), "cant": ("can", "not"), "cannot": ("can", "not"),
    "won't": ("will", "not"), "shan't": ("shall", "not"),
    "i'm": ("i", "am"), "im": ("i", "am"), "let's": ("let", "us"), "lets": ("let", "us"),
    "dont": ("do", "not"), "doesnt": ("does", "not"), "didnt": ("did", "not"), "isnt": ("is", "not"),
    "arent": ("are", "not"), "wasnt": ("was", "not"), "werent": ("were", "not"),
    "havent": ("have", "not"), "hasnt": ("has", "not"), "hadnt": ("had", "not"),
    "wouldnt": ("would", "not"), "couldnt": ("could", "not"), "shouldnt": ("should", "not"),
    "youre": ("you", "are"), "ive": ("i", "have"), "youve": ("you", "have"), "youd": ("you", "would"),
    "whats": ("what", "is"), "thats": ("that", "is"), "theres": ("there", "is"), "hows": ("how", "is"),
    "wheres": ("where", "is"), "whos": ("who", "is"), "ill": ("i", "will"), "whens": ("when", "is"),
    "wont": ("will", "not"), "youll": ("you", "will"), "theyll": ("they", "will"), "itll": ("it", "will"),
    "theyre": ("they", "are"), "weve": ("we", "have"),
}
_SUFFIXES = (("n't", ("not",)), ("'re", ("are",)), ("'ve", ("have",)), ("'ll", ("will",)), ("'d", ("would",)),
             ("'m", ("am",)), ("'s", ("is",)))
_IS_AFTER = frozenset({"it", "that", "there", "what", "here", "where", "who", "how", "he", "she", "when", "why"})


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


def tokenize(text: str) -> list[Token]:
    """Tokens of a text with character spans; fillers dropped, contractions split."""
    tokens: list[Token] = []
    last_end = 0
    pending_break = True
    for match in _WORD.finditer(text):
        gap = text[last_end : match.start()]
        pending_break = pending_break or bool(_HARD_BREAK.search(gap))
        if tokens and "?" in gap:
            tokens[-1] = _with_question_mark(tokens[-1])
        last_end = match.end()
        forms = expand(match.group())
        if forms[0] in FILLERS:
            continue
        comma = "," in gap
        for i, form in enumerate(forms):
            first = i == 0
            tokens.append(Token(form, canonical(form), match.start(), match.end(), pending_break and first,
                                comma_before=comma and first))
        pending_break = False
    if tokens and "?" in text[last_end:]:
        tokens[-1] = _with_question_mark(tokens[-1])
    return _without_restarts(_without_set_off_fillers(tokens))


_SET_OFF_FILLERS = (("like",), ("you", "know"), ("i", "mean"), ("sort", "of"), ("kind", "of"), ("basically",))


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
