"""next_steps: the candidate asks what happens next in the hiring and when they will hear.

Its own rules: the hiring process's words (a question about its stages asks for the next steps, not about the
job); what comes next for the business, being on call or another process are not the hiring's next step; and a
question about the hiring's timing or stages is a next-steps question however it is worded."""

from __future__ import annotations

from voicecoach.checklist.clauses import Clause
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.rules.registry import ItemRules, MatchContext, QuestionContext, Take, register
from voicecoach.checklist.topics import is_content, judges_speaker
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
    "today tomorrow week weeks month months friday monday end soon after before new year christmas easter "
    "summer".split()
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


def business_next(tokens: list[Token], clause: Clause) -> bool:
    """Whether a question asks what comes next for the business, not for the hiring: "what's next for the brand
    after the relaunch", "the next phase of the roadmap", "the next step up from analyst"."""
    words = [t.word for t in tokens[clause.start : clause.end]]
    if not clause.is_question:
        return False
    for i, word in enumerate(words):
        j = i + 1 + (words[i + 1 : i + 2] in (["step"], ["steps"], ["phase"], ["stage"], ["move"]))
        if word != "next" or words[j : j + 1] not in (["for"], ["of"], ["in"], ["with"], ["after"], ["up"]) \
                or words[j + 1 : j + 2] in (["you"], ["we"], ["i"], ["they"], ["my"], ["his"], ["her"], ["their"]):
            continue  # "the next step after you've spoken to everyone" is still the hiring's
        named = [w for w in words[j + 1 : j + 5] if is_content(w) and w != "from"]
        if named:
            return not PROCESS.intersection(named)  # "the next step in the (mis)heard hiring process" is the hiring's
    if PROCESS.intersection(words):
        return False
    for i, word in enumerate(words[:-2]):
        if word in ("for", "with", "after", "on") and words[i + 1] in ("the", "your"):
            noun = next((w for w in words[i + 2 : i + 5] if is_content(w)), None)
            if noun is not None and noun not in ("next", "end", "side"):
                return True  # "what's the timeline on the reservoir project" (not "on your end")
    return False


_ANY_PROCESS = LEXICON.words("topics.any_process")
_THE_PROCESS = LEXICON.words("topics.the_process") | _ANY_PROCESS
"""Words before "process" that make it this hiring's: "the process", not "is there a process for it"."""
_JOINING = LEXICON.words("topics.joining")
"""Joining is hiring's: "the process for joining from another department"."""


def other_process(tokens: list[Token], positions: list[int]) -> bool:
    """Whether a "process" at one of these positions is not the hiring's: "what's the deploy process like?" (for
    typed text: a recognizer's "firing process" is still the hiring one)."""
    return any(tokens[pos].word == "process" and _process_of_something(tokens, pos) for pos in positions)


def names_hiring_process(tokens: list[Token], clause: Clause) -> bool:
    """Whether a clause names the hiring process itself: "how far along are you in the process?" (not "the process
    for raising a safety concern", "the deploy process")."""
    return any(tokens[pos].word == "process" and pos > clause.start and tokens[pos - 1].word in _THE_PROCESS
               and not _process_of_something(tokens, pos) for pos in range(clause.start, clause.end))


def _process_of_something(tokens: list[Token], pos: int) -> bool:
    before = tokens[pos - 1].word if pos > 0 else ""
    if is_content(before) and before not in PROCESS and before not in _ANY_PROCESS:
        return True  # "the deploy process"
    if pos + 1 < len(tokens) and tokens[pos + 1].word in ("for", "of", "behind", "when", "if"):
        named = next((t.word for t in tokens[pos + 2 : pos + 5] if is_content(t.word)), None)
        return named is not None and named not in PROCESS and named not in _JOINING  # "for raising a concern"
    return False


def on_call(tokens: list[Token], lo: int, hi: int) -> bool:
    """Whether "call" in tokens[lo:hi] is being on call, the job's hours, not a call about the outcome: "Will I be
    on call at weekends?"."""
    return any(tokens[pos].word == "call" and pos > 0 and tokens[pos - 1].word == "on" for pos in range(lo, hi))


_HIRING_STEPS = DECIDING | HEARING | {"start", "starting", "begin"}
"""Words that keep a judging clause's next step: "... flag to whoever makes the decision?"."""


def only_judges(tokens: list[Token], clause: Clause) -> bool:
    """Whether a clause asks the listener to judge the speaker and names no step of the hiring: "what would you
    need to see from me to feel sure?" (not "... flag to whoever makes the decision?")."""
    words = [t.word for t in tokens[clause.start : clause.end]]
    return judges_speaker(tokens, clause) and not (
        _HIRING_STEPS.intersection(words) or about_stages(tokens, clause.start, clause.end))


def _not_the_hiring(m: MatchContext) -> bool:
    return (business_next(m.tokens, m.clause) or on_call(m.tokens, m.lo, m.hi) or only_judges(m.tokens, m.clause)
            or not m.heard and other_process(m.tokens, m.hits))


def _business_next_heard(m: MatchContext) -> bool:
    # "what happens next for the team now the acquisition's gone through"
    return business_next(m.tokens, m.clause)


def hiring_question(question: QuestionContext) -> Take | None:
    """"When can I start?", "when will you know?", "do I just wait to hear?": the hiring's steps, not the job."""
    words = question.words
    if (asks_start(words) or asks_when_known(words) or only_about_deciding([w for w in words if is_content(w)])
            or names_hiring_process(question.tokens, question.clause)):
        return Take(ID, claim=True)
    return None


RULES = register(ItemRules(ID, vetoes=(_not_the_hiring,), sound_cutoff=70.0, sound_skips=(_business_next_heard,),
                           question_rule=hiring_question))
"""This item's rules, as the matcher finds them by its id."""
