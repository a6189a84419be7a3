"""want_the_job: the candidate says plainly that they really want this job.

Its own rules: a liking told of the past or a want for some other job like this one is not wanting this job, and
a short whole statement ("I want it.", "Sign me up.") or a glad "I'd be happy to start here" wants it though no
phrase bank can weigh it."""

from __future__ import annotations

from collections.abc import Sequence

from voicecoach.checklist.clauses import DISCOURSE, Clause, past_openers
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.negation import WANTS, negated_at, wants_to_say
from voicecoach.checklist.rules.registry import AnswerContext, Found, ItemRules, MatchContext, register
from voicecoach.checklist.words import Token, find_phrase

ID = "want_the_job"
"""This item's id in the close checklist (a public contract)."""

DESIRES = WANTS | LEXICON.words("negation.likes")
"""Verbs of wanting or liking, which want to say or ask something in "I'd like to know about the pension"."""
_LIKED = LEXICON.words("negation.liked")
_SOME_JOB = LEXICON.words("negation.some_job")

_BLUNT_WANTS = frozenset(tuple(said.split()) for said in (
    "i want it", "i want this", "i want in", "sign me up", "i want this one", "i am in", "i want the job",
    "i would take it", "count me in", "up for it", "where do i sign", "i want to work here",
    "i want to work for you", "i want to work with you", "i am up for this", "i am up for it",
    "i would be up for it", "i would be up for this", "this is the one", "i would like this", "i would love this",
    "i would like this one", "i would love this one", "i am after this one", "i would rather be here",
    "i would rather come here", "when can i sign", "i hope it is me", "i hope you pick me", "i hope you choose me",
    "i hope i get it", "i hope i get this", "i hope i get this one", "i hope to be selected", "i would accept",
    "i would accept it",
))
"""Whole statements that want the job in three to six words (contractions expanded: "I'd" is "i would")."""
_WANT_OPENERS = DISCOURSE | {"because", "cause", "aye", "look", "listen"}
_WANT_FILLERS = frozenset({"really", "honestly", "properly", "just", "totally", "much", "well", "basically",
                           "definitely", "absolutely"})
_CHOOSING_THIS = tuple(tuple(said.split()) for said in (
    "i would prefer this to anything", "i would prefer this one", "i would prefer this over", "i would pick this one",
    "i would choose this one", "i would turn it down for this", "id turn it down for this",
    "i would turn that down for this", "i would turn them down for this", "i would take this over",
))
"""This job chosen over others ("I'd take this over the Accenture offer"), anywhere in a statement."""
_VOCATIVES = frozenset({"chef", "mate", "sir", "madam", "maam", "boss", "guys", "folks", "everyone", "all"})
_TRAILING = frozenset({"seriously", "then", "tomorrow", "today", "straight", "away", "straightaway", "immediately",
                       "do", "i"})
"""Words that may end a whole-statement want: "count me in, seriously", "I'd take it tomorrow", "I'd take it
straight away", "I hope it's me, I really do"."""
_WANTING = frozenset({"want", "love", "like", "happy", "glad", "keen", "proud", "honoured", "honored", "thrilled",
                      "delighted"})
"""Feelings that want the job when they go with doing it for the listener: "I'd be honoured to drive for you"."""
_WORKING = frozenset({"work", "start", "join"})
"""Doing the job itself, which wants it when gladly done here: "I'd be happy to start here"."""
_SOMEDAY = frozenset({"someday", "eventually", "future", "later"})
"""Words that put working here off to another time: "I want to work here eventually"."""
_SOMEDAY_PAIRS = frozenset({("one", "day"), ("some", "day"), ("few", "years"), ("couple", "years"), ("of", "years")})
"""Word pairs that put it off too ("one day", "in a few years"), where "from day one" and "for years" do not."""


def liked_before(tokens: Sequence[Token], phrase: Sequence[str], lo: int, hi: int) -> bool:
    """Whether the answer tells of a liking in the past where the phrase (its words) wants: "I've always loved
    working with kids" is not "I'd love to work here"."""
    return not _LIKED.intersection(phrase) and any(t.word in _LIKED for t in tokens[lo:hi])


def wants_another(tokens: Sequence[Token], lo: int, hi: int) -> bool:
    """Whether a want is for some job like this one: "I'll be applying for more roles like this one", "I want to be in
    a job like this one day" (not "I want this one")."""
    words = [t.word for t in tokens[lo:hi]]
    return any(w in _SOME_JOB and words[k + 1 : k + 3] == ["like", "this"] for k, w in enumerate(words))


_OTHERS = LEXICON.words("negation.others")
_WANT_WORDS = DESIRES | _WANTING


def someone_elses(tokens: Sequence[Token], start: int, lo: int, hi: int) -> bool:
    """Whether the want in tokens[lo:hi] is someone else's: "my daughter would love to work here", "my friend said
    she'd love to" (not "I'd love to, and so would my daughter"): the nearest subject before the want is not "I"."""
    want = next((pos for pos in range(lo, hi) if tokens[pos].word in _WANT_WORDS), None)
    if want is None:
        return False
    for pos in range(want - 1, start - 1, -1):
        if tokens[pos].word in ("i", "we"):
            return False
        if tokens[pos].word in _OTHERS:
            return True
    return False


def put_off(tokens: Sequence[Token], clause: Clause, phrase: Sequence[str]) -> bool:
    """Whether a want is put off to another time in its clause: "I'd love to work here one day", "someday I'd love
    to join a team like this"."""
    return not _put_off(list(phrase)) and _put_off([t.word for t in tokens[clause.start : clause.end]])


def _not_this_job(m: MatchContext) -> bool:
    return (liked_before(m.tokens, m.phrase, m.lo, m.hi) or wants_another(m.tokens, m.lo, m.hi)
            or someone_elses(m.tokens, m.clause.start, m.lo, m.hi) or put_off(m.tokens, m.clause, m.phrase))


def _asks_or_liked(m: MatchContext) -> bool:
    # "i'd like to know about the pension" sounds like "I'd love to join"
    return wants_to_say(m.tokens, m.lo, m.hi, DESIRES) or liked_before(m.tokens, m.phrase, m.lo, m.hi)


def blunt_want(answer: AnswerContext) -> Found | None:
    """"I want it." / "Sign me up.": a whole statement that says it, too short for a phrase bank to weigh; or gladly
    doing the job here, or this job chosen over others."""
    tokens = answer.tokens
    for clause in answer.clauses:
        words = [t.word for t in tokens[clause.start : clause.end]]
        start = past_openers(words, _WANT_OPENERS)
        said = tuple(w for w in words[start:] if w not in _WANT_FILLERS)
        while len(said) > 3 and said not in _BLUNT_WANTS and (
                said[-1] in DISCOURSE or said[-1] in _VOCATIVES or said[-1] in _TRAILING):
            said = said[:-1]  # "up for it, yeah", "I want in, chef" (not "this is the one")
        if said in _BLUNT_WANTS and (not clause.is_question or said[0] in ("where", "when")):
            return Found(clause.start + start, clause.end, clause)
        for k in range(len(words) - 3):
            if (_glad_to_do_the_job(words, k) and "i" in words[max(0, k - 5) : k] and not clause.is_question
                    and not negated_at(tokens, clause.start, min(clause.end, clause.start + k + 5))):
                return Found(clause.start + max(0, k - 5), min(clause.end, clause.start + k + 5), clause)
        chosen = find_phrase(words, 0, len(words), _CHOOSING_THIS)
        if chosen is not None and not clause.is_question and not negated_at(tokens, clause.start, clause.end):
            # "I'd turn it down for this", "I'd prefer this to anything else": this job over the others
            return Found(clause.start + chosen, clause.end, clause)
    return None


def _glad_to_do_the_job(words: list[str], k: int) -> bool:
    """Whether words[k:] gladly do the job for the listener ("want to drive for you", "so happy to bake for you")
    or here ("glad to work in this laboratory", "happy to start here"), and not some other time ("one day")."""
    if words[k] not in _WANTING or words[k + 1] != "to":
        return False
    after = words[k + 4] if k + 4 < len(words) else ""  # "happy to start here" may end the clause
    if words[k + 3] in ("for", "with") and after in ("you", "your"):
        return True
    return (words[k + 2] in _WORKING and (words[k + 3] == "here" or after == "this")
            and not _put_off(words[k + 4 :]))


def _put_off(words: list[str]) -> bool:
    """Whether words put something off to another time: "one day", "eventually", "in a couple of years"."""
    return bool(_SOMEDAY.intersection(words)) or any(pair in _SOMEDAY_PAIRS for pair in zip(words, words[1:]))


RULES = register(ItemRules(ID, vetoes=(_not_this_job,), sound_cutoff=72.0, sound_skips=(_asks_or_liked,),
                           additions=(blunt_want,)))
"""This item's rules, as the matcher finds them by its id."""
