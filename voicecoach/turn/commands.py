"""Words that steer a turn: "let me think" buys time, "that's all" ends the answer, "skip" is a command."""

from __future__ import annotations

from dataclasses import dataclass

from rapidfuzz import fuzz

from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.words import FILLERS, plain_words

HOLD_PHRASES = LEXICON.strings("commands.hold")
"""Asking for a moment to think: "let me think", "hold on"."""
FINISH_PHRASES = LEXICON.strings("commands.finish")
"""Saying the answer is over: "that's all", "I'm done"."""
TAIL_WORDS = 6
"""Only the end of a segment is searched: "that's all I wanted to say" ends an answer, "that's all the
questions I had, and also ..." does not end with it."""


def _ends_with(text: str, phrases: tuple[str, ...], cutoff: float) -> bool:
    # Pieces between spaces, punctuation kept, not plain_words: "not sold on?" must not end with "hold on".
    tail = " ".join(text.lower().split()[-TAIL_WORDS:])
    return any(fuzz.partial_ratio(p, tail, score_cutoff=cutoff) for p in phrases)


def asks_for_time(segment_text: str, *, cutoff: float = 86.0) -> bool:
    """The person asked for a moment to think."""
    return _ends_with(segment_text, HOLD_PHRASES, cutoff)


def says_finished(segment_text: str, *, cutoff: float = 90.0) -> bool:
    """The person said their answer is over."""
    return _ends_with(segment_text, FINISH_PHRASES, cutoff)


# ---------------------------------------------------------------- voice commands


@dataclass(frozen=True)
class Command:
    """A voice command heard in one speech segment."""

    name: str
    """One of COMMAND_NAMES."""
    matched_text: str
    """The command phrase the segment matched, e.g. "try again"."""
    score: float
    """rapidfuzz similarity of the segment to that phrase, 0-100."""


COMMAND_PHRASES: dict[str, tuple[str, ...]] = {
    name: tuple(phrases) for name, phrases in LEXICON.table("commands.phrases").items()
}
"""Phrasings of each command, lower case as the recognizer writes them; the order of the keys breaks ties."""

COMMAND_NAMES = tuple(COMMAND_PHRASES)

MISHEARD: dict[str, str] = LEXICON.table("commands.misheard")
"""Whole-segment mishearings of one-word commands by pocketsphinx's general model; a single word
differs too much in letters for a similarity score to forgive it without also hearing "shop" as "stop"."""

POLITE_LEADS = FILLERS | LEXICON.words("commands.polite_leads")
POLITE_TAILS = LEXICON.words("commands.polite_tails")
"""Words around a command that do not change it ("okay, skip please"); stripped before matching."""

MAX_COMMAND_WORDS = 7
"""A segment longer than this is an answer, not a command (the longest phrase has 5 words)."""

STRICTER: dict[str, float] = {"stop": 3.0}
"""Extra similarity some commands need: a false "stop" ends the practice ("most of the session" once
scored 85.7 against "stop the session"), a missed one is only said again."""

HELP_PHRASES = LEXICON.strings("commands.help_phrases")
"""One phrasing per command, the one heard best: one-word "pause", "help", "quit" and "score" are often misheard."""

COMMAND_HELP = f"You can say: {', '.join(HELP_PHRASES[:-1])}, or {HELP_PHRASES[-1]}."


def _command_core(segment_text: str) -> str:
    """The segment lower-cased, without punctuation or the politeness around a command."""
    words = plain_words(segment_text)
    if words[-2:] == ["thank", "you"]:
        words = words[:-2]
    while words and words[0] in POLITE_LEADS:
        words = words[1:]
    while words and words[-1] in POLITE_TAILS:
        words = words[:-1]
    return " ".join(words)


def parse_command(segment_text: str, *, score_cutoff: float = 85.0, word_cutoff: float = 85.0) -> Command | None:
    """The command a speech segment is, or None when it is (part of) an answer.

    The whole segment, less politeness, must be close to a whole command phrase: fuzz.ratio,
    not a partial match, so "I'd like to stop by" and "what are the next steps" stay answers.
    """
    core = _command_core(segment_text)
    if not core or len(core.split()) > MAX_COMMAND_WORDS:
        return None
    if core in MISHEARD:
        return Command(MISHEARD[core], MISHEARD[core], 100.0)
    best: Command | None = None
    for name, phrases in COMMAND_PHRASES.items():
        for phrase in phrases:
            # one-word phrases differ from ordinary words by a letter ("stop"/"shop", "next"/"text"),
            # so they get their own cutoff; at 85 only longer words bend ("continued", "resumed")
            cutoff = (word_cutoff if " " not in phrase else score_cutoff) + STRICTER.get(name, 0.0)
            score = fuzz.ratio(core, phrase, score_cutoff=cutoff)
            if score and (best is None or score > best.score):
                best = Command(name, phrase, score)
    return best
