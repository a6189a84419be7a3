"""The hiring process's own words: a question about its stages asks for the next steps, not about the job."""

from __future__ import annotations

from voicecoach.checklist.words import STOPWORDS, Token

ID = "next_steps"
"""This item's id in the close checklist (a public contract)."""

STAGES = frozenset(
    """interview interviews exam exams examination shortlist shortlisted clearance verification vetting screening
    references referees dbs""".split()
)
"""Stages and checks of hiring: "is there a technical exam after this?", "is there a security clearance step?"."""
_NAMED_STAGES = frozenset("round rounds test tests assessment assessments panel".split())
"""Stages only when they stand alone: "a presentation round", not "round here", "test rigs" or "the assessment team"."""
_OFFER = frozenset("an the any formal written verbal job final".split())
_THEN = frozenset("look looks be is are was come comes happen involve involves include take takes last with after "
                  "before first".split())
"""Words after a stage that do not make it part of a longer name: "what's the road test look like"."""
_NOT_A_STAGE_AFTER = frozenset({"here", "there", "back", "the", "about", "to", "off", "of"})

PROCESS = STAGES | _NAMED_STAGES | frozenset(
    """process hiring hire role position job vacancy post candidate candidates decision stage meeting call
    application applications conversation chat recruitment selection successful today week weeks month months day
    days friday monday deadline us me check checks documents paperwork reference start starting onboarding
    contract offer offers screen year appointment""".split()
)
"""What a next step "for the ..." may name and still be the hiring process's (not "for the brand")."""


DECIDING = frozenset(
    """decision decisions decide decides deciding decided deadline timeline timescale timescales timeframe outcome
    result results feedback shortlist recruiter""".split()
)
"""Words of the hiring decision itself: "Deadline for a decision?", "Who decides, in the end?"."""
_WHEN = frozenset(
    "today tomorrow week weeks month months friday monday end soon after before new year christmas easter summer".split()
)


HEARING = frozenset(
    "email emails mail phone phoned ring rung letter contact contacted hear heard news touch wait".split()
)
"""Words of hearing the outcome: "Do I just wait for an email, or will someone ring me?"."""
_TELLING = frozenset("someone anyone good back".split())


def only_about_deciding(content: list[str]) -> bool:
    """Whether a question's meaning-carrying words are all the hiring decision, its timing and how it is told."""
    return bool(content) and any(w in DECIDING or w in HEARING for w in content) and all(
        w in DECIDING or w in _WHEN or w in HEARING or w in _TELLING for w in content)



_STARTING = frozenset("start starting begin sign".split())
_ASKING_WHEN = frozenset("can could do does would will is shall might".split())
_STARTER = frozenset("i me someone somebody".split())


def asks_start(words: list[str]) -> bool:
    """Whether a question asks when the speaker would start: "When can I start?", "when's the earliest I could
    start?", "how soon would you want me to begin?" (not "what do people find hard when they start")."""
    for k, word in enumerate(words):
        asked = (word == "when" and k + 1 < len(words) and words[k + 1] in _ASKING_WHEN
                 or word in ("soon", "earliest") and k and words[k - 1] in ("how", "the"))
        if asked:
            rest = words[k + 1 : k + 9]
            return any(w in _STARTING and (_STARTER.intersection(rest[max(0, j - 3) : j]) or rest[j - 1] == "the")
                       for j, w in enumerate(rest) if j)
    return False


def about_stages(tokens: list[Token], start: int = 0, end: int | None = None) -> bool:
    """Whether tokens[start:end] name a stage or check of the hiring process."""
    words = [t.word for t in tokens[start:end]]
    for i, word in enumerate(words):
        nxt = words[i + 1] if i + 1 < len(words) else ""
        if word in STAGES or word in ("offer", "offers") and i and words[i - 1] in _OFFER:
            return True
        if word in _NAMED_STAGES and nxt not in _NOT_A_STAGE_AFTER and (nxt in STOPWORDS or nxt in _THEN or not nxt):
            return True
    return False


def asks_when_known(words: list[str]) -> bool:
    """Whether a question asks, in plain words, when the outcome will be known: "When would you know?", "when do
    you think you'll have an answer?", "who's making the call, and by when?", "And after today?", "where to from
    here?", "Are you still seeing people?" (not "when would you know a loaf is proved?", "how far is it from here?"
    or "what happens after this quarter?")."""
    for k, word in enumerate(words):
        if word != "when":
            continue
        end = next((j for j in range(k + 1, min(k + 9, len(words))) if words[j] in _KNOWN), None)
        if end is not None and all(w in _ASKING for w in words[k + 1 : end]) \
                and all(w in _NOTHING_MORE for w in words[end + 1 :]):
            return True
    if any(w == "before" and _BEFORE_DECIDING.intersection(words[k + 1 : k + 4]) for k, w in enumerate(words)):
        return True  # "will I get to meet them before any offer goes out?", "... before you decide?"
    if words[-2:] == ["by", "when"] or len(words) <= 5 and words[-2:] in (["after", "today"], ["after", "this"]):
        return True
    if words[-2:] == ["from", "here"] and all(w in _MOVING_ON for w in words[:-2]):
        return True
    if _FITTING.intersection(words) and (words[-2:] in (["your", w] for w in _TIMELINES)
                                         or words[-4:-1] == ["when", "you", "need"] and words[-1] in _NEEDED):
        return True  # "I could start in May - does that work with your timeline?", "fit with when you need someone?"
    return any(w == "still" and words[k + 1 : k + 2] and words[k + 1] in _SEEING and
               all(x in _OTHERS or x in _NOTHING_MORE for x in words[k + 2 :]) for k, w in enumerate(words))


_FITTING = frozenset("work works fit fits suit suits".split())
_TIMELINES = ("timeline", "timescale", "timescales", "timeframe", "timing", "timings")
_NEEDED = frozenset("someone somebody me them people".split())

_BEFORE_DECIDING = frozenset("decision decisions decide deciding offer offers".split())
_KNOWN = frozenset("know decide hear answer".split())
_ASKING = _ASKING_WHEN | frozenset("""you i we they y'all yall allyuh ya think reckon expect going gonna to be able have
                                   an let me us likely""".split())
_NOTHING_MORE = frozenset("back about it that this then roughly either way yeah out me us for sure by the".split())
_MOVING_ON = frozenset("and so where what how to do we go goes happens happen does it work works now is".split())
_SEEING = frozenset("seeing interviewing meeting".split())
_OTHERS = frozenset("people candidates others other anyone anybody".split())
