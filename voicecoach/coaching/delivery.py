"""Delivery analysis of one answer: pace, fillers, hedges, long pauses, length and trailing off."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.words import FILLERS, plain_words
from voicecoach.transcript import Transcript

# Defaults from docs coaching-facts.md ("Delivery figures"); every one is a keyword option.
LONG_PAUSE_S = 1.2
"""A gap between words longer than this reads as uncertainty."""
CLAUSE_PAUSE_S = 0.3
"""A gap at least this long starts a new clause (where "so"/"like" can be fillers) in unpunctuated text."""
PACE_WPM = (100.0, 165.0)
"""Comfortable speaking pace (Microsoft Speaker Coach)."""
FILLER_RATE = (2.0, 5.0)
"""Fillers per 100 words: under the first is excellent, over the second needs work."""
BUDGET_S = (60.0, 90.0)
"""Length of the whole close."""

FILLER_WORDS = FILLERS | LEXICON.words("fillers.anywhere")
"""Single words that are fillers wherever they stand: the hesitation sounds, "basically", "actually"."""

HEDGES = LEXICON.strings("delivery.hedges")
"""Phrases that weaken a close; longer ones first so "i think maybe" is one hedge, not two."""

TRAILING = LEXICON.strings("delivery.trailing")
"""Endings that trail off instead of finishing (fillers and hedges at the very end count too)."""

# After a form of "be", "like" is a comparison or quotation when a noun phrase follows ("it's like a family").
_BE = LEXICON.words("delivery.be")
_DETERMINERS = LEXICON.words("delivery.determiners")
_SO_MEANINGFUL_NEXT = LEXICON.words("delivery.so_meaningful_next")
_KIND_LITERAL_BEFORE = LEXICON.words("delivery.kind_literal_before")
_YOU_KNOW_LITERAL_BEFORE = LEXICON.words("delivery.you_know_literal_before")
_YOU_KNOW_LITERAL_NEXT = LEXICON.words("delivery.you_know_literal_next")
_I_MEAN_LITERAL_BEFORE = LEXICON.words("delivery.i_mean_literal_before")
_I_MEAN_LITERAL_NEXT = LEXICON.words("delivery.i_mean_literal_next")

_CLAUSE_END = re.compile(r"[.,;:!?\u2014-]\s*$")


@dataclass(frozen=True)
class SpokenWord:
    """One spoken word with what surrounds it."""

    text: str
    start: float | None
    end: float | None
    clause_start: bool
    """First word, after punctuation, or after a pause of at least CLAUSE_PAUSE_S."""
    clause_end: bool
    """Last word, or followed by punctuation."""


@dataclass(frozen=True)
class Fillers:
    """Filler words in an answer."""

    count: int | None
    """None when the recognizer drops fillers: zero would be a lie."""
    per_100_words: float | None
    which: dict[str, int]
    """Filler -> times said, most frequent first (partial when not trusted: um/uh are missing)."""
    trusted: bool
    """Whether fillers were counted: the recognizer was measured to keep um/uh (`voicecoach bench fillers`)."""
    rating: str | None = None
    """"excellent", "good" or "needs work" against FILLER_RATE; None when untrusted or no words."""
    at_least: bool = False
    """The count is a floor: heard from speech by a recognizer that keeps most fillers, not all (Whisper with its
    filler prompt kept 73 of 120 planted, `voicecoach bench fillers`); False for typed text, counted exactly."""


@dataclass(frozen=True)
class Pause:
    """A silence between two words."""

    after: str
    """The word before the pause."""
    at_s: float
    """Seconds from the start of the answer."""
    length_s: float


@dataclass(frozen=True)
class Delivery:
    """How an answer was said."""

    words: int
    wpm: float | None
    """Words per minute over speaking time (long pauses left out); None without word timings."""
    duration_s: float | None
    """Length of the answer's audio; None for typed text."""
    speaking_s: float | None
    """First word start to last word end, minus long pauses."""
    fillers: Fillers
    hedges: tuple[str, ...]
    """Hedging phrases in the order said."""
    long_pauses: tuple[Pause, ...] | None
    """Pauses longer than the threshold; None without word timings."""
    pace: str | None
    """"slow", "ok" or "fast" against PACE_WPM."""
    length: str | None
    """"short", "ok" or "long" against the budget; None without a duration."""
    trailing_off: str | None
    """The words the answer trailed off on, or None when it ended cleanly."""

    @property
    def longest_pause_s(self) -> float | None:
        if self.long_pauses is None:
            return None
        return max((p.length_s for p in self.long_pauses), default=0.0)

    def to_json(self) -> dict:
        """The `assess --json` "delivery" object."""
        return {
            "words": self.words,
            "wpm": self.wpm,
            "duration_s": self.duration_s,
            "fillers": {
                "count": self.fillers.count,
                "per_100_words": self.fillers.per_100_words,
                "which": dict(self.fillers.which),
            },
            "hedges": list(self.hedges),
            "long_pauses": {
                "count": None if self.long_pauses is None else len(self.long_pauses),
                "longest_s": self.longest_pause_s,
            },
            "fillers_trusted": self.fillers.trusted,
            "fillers_counted": self.fillers.trusted,
            "fillers_at_least": self.fillers.at_least,
            "filler_rating": self.fillers.rating,
            "speaking_s": self.speaking_s,
            "pace": self.pace,
            "length": self.length,
            "trailing_off": self.trailing_off,
        }


def tokens(transcript: Transcript, *, clause_pause_s: float = CLAUSE_PAUSE_S) -> list[SpokenWord]:
    """The answer's words, timed when the recognizer gave timings, with clause boundaries."""
    if transcript.words:
        pieces = [(w.text, w.start, w.end) for w in transcript.words]
    else:
        pieces = [(piece, None, None) for piece in transcript.text.split()]
    out: list[SpokenWord] = []
    boundary = True  # the first word starts a clause
    previous_end: float | None = None
    for raw, start, end in pieces:
        if raw.startswith(("<", "[", "+")):
            continue  # engine markers such as <sil>, [noise], ++um++ are not words
        # One recognizer word at a time, not words.tokenize over the text: each keeps its timing, fillers stay
        # (they are what is counted), contractions stay whole ("don't" is one spoken word), and pocketsphinx's
        # alternate pronunciations ("and(2)") lose their number first.
        found = plain_words(raw.split("(", 1)[0])
        if not found:
            boundary = boundary or bool(_CLAUSE_END.search(raw))
            continue
        if start is not None and previous_end is not None and start - previous_end >= clause_pause_s:
            boundary = True
        for i, text in enumerate(found):
            last = i == len(found) - 1
            ends = last and bool(_CLAUSE_END.search(raw))
            out.append(SpokenWord(text, start, end, boundary and i == 0, ends))
        boundary = bool(_CLAUSE_END.search(raw))
        previous_end = end
    if out:
        out[-1] = SpokenWord(out[-1].text, out[-1].start, out[-1].end, out[-1].clause_start, True)
    return out


def find_fillers(toks: Sequence[SpokenWord], *, filler_words: Collection[str] = FILLER_WORDS) -> list[tuple[int, int]]:
    """Spans (start index, end index exclusive) of filler words and phrases, in order."""
    words = [t.text for t in toks]
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        word = words[i]
        before = words[i - 1] if i > 0 else ""
        after = words[i + 1] if i + 1 < len(words) else ""
        pair = f"{word} {after}"
        width = 0
        if word in filler_words:
            width = 1
        elif pair == "you know":
            if before not in _YOU_KNOW_LITERAL_BEFORE and (toks[i + 1].clause_end
                                                           or _next(words, i + 2) not in _YOU_KNOW_LITERAL_NEXT):
                width = 2
        elif pair == "i mean":
            if before not in _I_MEAN_LITERAL_BEFORE and (toks[i + 1].clause_end
                                                         or _next(words, i + 2) not in _I_MEAN_LITERAL_NEXT):
                width = 2
        elif pair in ("sort of", "kind of"):
            if before not in _KIND_LITERAL_BEFORE:
                width = 2
        elif word == "like" and _like_is_filler(toks, i, filler_words):
            width = 1
        elif word == "so" and _so_is_filler(toks, i):
            width = 1
        if width:
            spans.append((i, i + width))
            i += width
        else:
            i += 1
    return spans


def _next(words: Sequence[str], i: int) -> str:
    return words[i] if i < len(words) else ""


def _like_is_filler(toks: Sequence[SpokenWord], i: int, filler_words: Collection[str]) -> bool:
    """ "like" as a filler ("I'm, like, really keen"), not a verb ("I would like to") or comparison."""
    words = [t.text for t in toks]
    before = words[i - 1] if i > 0 else ""
    after = _next(words, i + 1)
    if toks[i].clause_end and not toks[i].clause_start and before not in _BE:
        return False  # "something I like." / "what it looks like"
    if toks[i].clause_start or before in filler_words or before == "like":
        return after != "to"  # "Like, I ..."; but "... like to" is still the verb
    if before in _BE:  # "I'm like really keen", but "it's like a family" compares
        return after not in _DETERMINERS and after != "to"
    return False  # mid-clause after anything else it is a verb or "such as"


def _so_is_filler(toks: Sequence[SpokenWord], i: int) -> bool:
    """ "so" opening a clause ("So, um, ...") or "so yeah"; not "so that", "so much", "I think so"."""
    after = _next([t.text for t in toks], i + 1)
    if after == "yeah":
        return True
    if not toks[i].clause_start:
        return False
    return after not in _SO_MEANINGFUL_NEXT


def find_hedges(words: Sequence[str], *, hedges: Sequence[str] = HEDGES) -> list[tuple[int, int]]:
    """Spans of hedging phrases, longest match first at each word."""
    phrases = sorted((tuple(h.split()) for h in hedges), key=len, reverse=True)
    spans: list[tuple[int, int]] = []
    i = 0
    while i < len(words):
        for phrase in phrases:
            if tuple(words[i : i + len(phrase)]) == phrase:
                spans.append((i, i + len(phrase)))
                i += len(phrase)
                break
        else:
            i += 1
    return spans


def analyse_delivery(
    transcript: Transcript,
    *,
    long_pause_s: float = LONG_PAUSE_S,
    clause_pause_s: float = CLAUSE_PAUSE_S,
    pace_wpm: tuple[float, float] = PACE_WPM,
    filler_rate: tuple[float, float] = FILLER_RATE,
    budget_s: tuple[float, float] = BUDGET_S,
    filler_words: Collection[str] = FILLER_WORDS,
    hedges: Sequence[str] = HEDGES,
    trailing: Sequence[str] = TRAILING,
) -> Delivery:
    """Measure how one answer was said, from the recognizer's words and timings."""
    toks = tokens(transcript, clause_pause_s=clause_pause_s)
    words = [t.text for t in toks]
    n = len(words)
    timed = bool(transcript.words) and bool(toks) and toks[0].start is not None

    filler_spans = find_fillers(toks, filler_words=filler_words)
    which = Counter(" ".join(words[a:b]) for a, b in filler_spans)
    trusted = transcript.keeps_fillers
    count = sum(which.values()) if trusted else None
    per_100 = round(100.0 * count / n, 1) if count is not None and n else None
    rating = None
    if per_100 is not None:
        rating = "excellent" if per_100 < filler_rate[0] else "good" if per_100 <= filler_rate[1] else "needs work"
    heard = transcript.duration_s > 0  # from speech, not typed
    fillers = Fillers(count, per_100, dict(which.most_common()), trusted, rating, at_least=trusted and heard)

    hedge_spans = find_hedges(words, hedges=hedges)
    hedge_list = tuple(" ".join(words[a:b]) for a, b in hedge_spans)

    pauses: tuple[Pause, ...] | None = None
    speaking_s = wpm = pace = None
    if timed:
        pauses = tuple(
            Pause(a.text, round(a.end, 2), round(b.start - a.end, 2))
            for a, b in zip(toks, toks[1:])
            if b.start - a.end > long_pause_s
        )
        # Long pauses are reported on their own; leaving them in would make a thinker look slow.
        speaking_s = round(toks[-1].end - toks[0].start - sum(p.length_s for p in pauses), 2)
        if speaking_s > 0:
            wpm = round(n / speaking_s * 60.0, 1)
            pace = "slow" if wpm < pace_wpm[0] else "fast" if wpm > pace_wpm[1] else "ok"

    duration = transcript.duration_s or (toks[-1].end if timed else None)
    duration = round(duration, 2) if duration else None
    length = None
    if duration is not None:
        length = "short" if duration < budget_s[0] else "long" if duration > budget_s[1] else "ok"

    return Delivery(
        words=n,
        wpm=wpm,
        duration_s=duration,
        speaking_s=speaking_s,
        fillers=fillers,
        hedges=hedge_list,
        long_pauses=pauses,
        pace=pace,
        length=length,
        trailing_off=_trailing_off(words, filler_spans, hedge_spans, trailing),
    )


def _trailing_off(
    words: Sequence[str],
    filler_spans: Sequence[tuple[int, int]],
    hedge_spans: Sequence[tuple[int, int]],
    trailing: Sequence[str],
) -> str | None:
    """The tail the answer trailed off on: a filler, a hedge or a dangling "so yeah"/"and"."""
    if not words:
        return None
    n = len(words)
    for a, b in (*filler_spans, *hedge_spans):
        if b == n:
            return " ".join(words[a:])
    for phrase in sorted((tuple(t.split()) for t in trailing), key=len, reverse=True):
        if len(phrase) <= n and tuple(words[n - len(phrase) :]) == phrase:
            return " ".join(phrase)
    return None
