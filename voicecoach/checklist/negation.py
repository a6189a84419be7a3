"""Negation and perspective: words that turn a matching phrase into its opposite or make it someone else's."""

from __future__ import annotations

from collections.abc import Sequence

from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.words import Token

NEGATORS = LEXICON.words("negation.negators")
"""Words that deny what follows them."""

_POSITIVE_IDIOMS = LEXICON.phrases("negation.positive_idioms")
_DOUBTS = LEXICON.words("negation.doubts")
_OWNERS = LEXICON.words("negation.owners")
_SKIPPABLE = LEXICON.words("negation.skippable")


def negated_at(tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether a denial falls in tokens[lo:hi], ignoring idioms like "can't wait", or an ask left undone
    ("I was going to ask about the next step, but you've told us")."""
    for i in range(lo, hi):
        if tokens[i].word in _ASKING and _left_undone(tokens, i):
            return True
        if tokens[i].word in NEGATORS and not _in_idiom(tokens, i):
            if tokens[i].word == "no" and _is_interjection(tokens, i, lo):
                continue
            return True
    return False


_ASKING = LEXICON.words("asking.raising")
_UNDONE = LEXICON.phrases("negation.undone")


def _left_undone(tokens: list[Token], i: int) -> bool:
    words = [t.word for t in tokens[max(0, i - 3) : i]]
    return any(words[-len(p) :] == list(p) for p in _UNDONE)


def _in_idiom(tokens: list[Token], i: int) -> bool:
    for idiom in _POSITIVE_IDIOMS:
        for k, word in enumerate(idiom):
            if word != tokens[i].word:
                continue
            s = i - k
            if s >= 0 and s + len(idiom) <= len(tokens) and all(tokens[s + j].word == w for j, w in enumerate(idiom)):
                after = tokens[s + len(idiom)].word if s + len(idiom) < len(tokens) else ""
                if idiom[-1] in _DOUBTS and after in ("about", "at", "s", "over", "regarding"):
                    return False  # "I have no doubts about the job" denies a doubt; "no doubt I'd fit in" does not
                return True
    return False


def _is_interjection(tokens: list[Token], i: int, lo: int) -> bool:
    # "No, what happens next?" / "no that's fine": a bare "no" at the start answers the interviewer.
    nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
    return (i == lo or tokens[i].boundary_before) and nxt not in _DENIED_AFTER_NO


_DENIED_AFTER_NO = frozenset("doubt concern concerns one questions reservations question worries issue".split())
"""Words after "no" that make it a denial, not an answer to the interviewer: "no doubt", "no questions"."""


def owned_by_speaker(tokens: list[Token], i: int, lo: int) -> bool:
    """Whether token i is the speaker's own thing: "my next step", "my only concern"."""
    j = i - 1
    while j >= lo and tokens[j].word in _SKIPPABLE and i - j <= 3:
        j -= 1
    return j >= lo and tokens[j].word in _OWNERS


_BETWEEN_SUBJECT_AND_VERB = LEXICON.words("negation.between_subject_and_verb")
_SPEAKERS = LEXICON.words("negation.speakers")
_PASSIVE = LEXICON.words("negation.passive")
_THINGS = LEXICON.words("negation.things")
_LISTENERS = LEXICON.words("negation.listeners")
""""thanks for clarifying" thanks the listener for doing it."""


_THANKING = LEXICON.words("negation.thanking")


def agent_at(tokens: list[Token], i: int, lo: int) -> str:
    """Who does the word at i, judged from the subject just before it: "speaker", "listener" or ""."""
    before = tokens[i - 1].word if i > lo else ""
    if tokens[i].word.endswith("ed") and (before in _PASSIVE or before in _THINGS):
        return "other"  # "everything was explained", "that cleared it up": not the speaker's doing
    words = [t.word for t in tokens[lo:i]]
    thanked = next((k for k, w in enumerate(words) if w in _THANKING), None)
    if thanked is not None and "for" in words[thanked:]:
        return "listener"  # "thank you for taking the time to clarify", "cheers for explaining the rota"
    if tokens[i].word.endswith("ing") and "you" in words and not _SPEAKERS.intersection(words[words.index("you"):]):
        return "listener"  # "you've done a grand job explaining everything"
    j = i - 1
    while j >= lo and i - j <= 4:
        word = tokens[j].word
        if word in _SPEAKERS:
            return "speaker"
        if word in _LISTENERS:
            return "listener"
        if word not in _BETWEEN_SUBJECT_AND_VERB:
            return ""
        j -= 1
    return ""


def someone_else_does(tokens: list[Token], hits: list[tuple[int, str]], weights: dict[str, float],
                      agents: dict[str, str], lo: int, hi: int, start: int) -> bool:
    """Whether the answer gives a phrase's verb (a word of weight 1 in weights) to someone else than its doer in agents
    (the speaker if not given): "you explained it well" is not "I can explain"."""
    for pos, key in hits:
        if lo <= pos < hi and weights.get(key, 0.0) >= 1.0:
            agent = agent_at(tokens, pos, start)
            if agent and agent != agents.get(key, "speaker"):
                return True
    return False


PERSONS = frozenset({"i", "you"})
"""Pronoun groups (words.PRONOUN_GROUPS keys) of the two people in the room."""


def other_person(tokens: list[Token], hits: list[tuple[int, str]], whose: dict[str, str], lo: int, hi: int,
                 start: int) -> bool:
    """Whether the answer puts the other person where a phrase has one (whose: the phrase's person before each
    word): "you've put *my* mind at rest" is not "to put *your* mind at ease", and "where do *you* stand on remote
    work" is not "where do *I* stand"."""
    for pos, key in hits:
        person = whose.get(key)
        if person and lo <= pos < hi and pos > start and tokens[pos - 1].key in PERSONS \
                and tokens[pos - 1].key != person:
            return True
    return False


WANTS = LEXICON.words("negation.wants")
"""Forms of "want": a phrase that wants a thing ("I want this job") is not wanting to say one."""
_SAYING = LEXICON.words("negation.saying")


def wants_to_say(tokens: list[Token], lo: int, hi: int, verbs: frozenset[str]) -> bool:
    """Whether tokens[lo:hi] want or like to say, ask or check something ("I'd like to know", "I want to thank")."""
    return any(tokens[pos].word in verbs and tokens[pos + 1].word == "to" and tokens[pos + 2].word in _SAYING
               for pos in range(lo, min(hi, len(tokens) - 2)))


def wants_to_do_else(tokens: list[Token], phrase: Sequence[str], lo: int, hi: int) -> bool:
    """Whether the answer wants to say or check something where the phrase (its words) wants a thing: "I want to
    thank you both, really" and "I want to make sure I've understood the job" are not "I really want this job"."""
    if not any(w in WANTS and tuple(phrase[k + 1 : k + 2]) != ("to",) for k, w in enumerate(phrase)):
        return False
    return wants_to_say(tokens, lo, hi, WANTS)
