"""What a clause is about: the job or the speaker, the business's next step or the hiring's, a thing or the
candidate, leave to do something, or a follow-up to the question before it."""

from __future__ import annotations

from voicecoach.checklist.clauses import AUXILIARIES, WH_WORDS, Clause, past_openers
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.rules.next_steps import PROCESS
from voicecoach.checklist.negation import NEGATORS
from voicecoach.checklist.words import PRONOUN_GROUPS, STOPWORDS, Token, find_phrase

META = LEXICON.words("topics.meta")
"""Words that say nothing about the job in a question ("can I ask a question?", "does that make sense?")."""


def about_speaker(tokens: list[Token], clause: Clause) -> bool:
    """Whether a question is about the speaker ("anything about my background"), not about the job."""
    for pos in range(clause.start + 1, clause.end):
        prev = tokens[pos - 1].word
        if prev == "about" and tokens[pos].word == "me":
            return True
        if prev == "my" and tokens[pos].key == "background":
            return True
    return False


def judges_speaker(tokens: list[Token], clause: Clause) -> bool:
    """Whether a question asks the listener to judge the speaker: "do you think I'm ready for it?", "how far off
    that am I?", "what would make you pick somebody other than me?" (the reservations question in other words)."""
    words = [t.word for t in tokens[clause.start : clause.end]]
    asked_of_self = find_phrase(words, 0, len(words), (("am", "i"), ("did", "i"))) is not None
    if not clause.is_question or not _FIRST_PERSON.intersection(words):
        return False
    if find_phrase(words, 0, len(words), _HELD_AGAINST) is not None:
        return True  # "is the fact I've not done payroll going to count against me?": nobody else holds it
    if find_phrase(words, 0, len(words), _A_PROBLEM) is not None and "if" not in words:
        return True  # "would my age be a problem?" (not "would it be a problem if I started in May?")
    if not ("you" in words or asked_of_self):
        return False  # "how did I come across?", "how far off that am I?": the listener is asked all the same
    return bool(_JUDGED.intersection(words)) or find_phrase(words, 0, len(words), _JUDGED_PHRASES) is not None


_FIRST_PERSON = LEXICON.words("topics.first_person")
_JUDGED = LEXICON.words("topics.judged")
_JUDGED_PHRASES = LEXICON.phrases("topics.judged_phrases")
_A_PROBLEM = LEXICON.phrases("topics.a_problem")
_HELD_AGAINST = LEXICON.phrases("topics.held_against")


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


_SPEAKERS_WORDS = LEXICON.words("topics.speakers_words")


def doubt_about_a_thing(tokens: list[Token], clause: Clause) -> bool:
    """Whether a concerns question is about something else: "any concerns about the new timetable for the drivers?"."""
    words = [t.word for t in tokens[clause.start : clause.end]]
    if _SPEAKERS_WORDS.intersection(words):
        return False
    return any(w == "about" and words[k + 1 : k + 2] in (["the"], ["your"], ["this"], ["that"]) for k, w in enumerate(words))


def follows_up(words: list[str]) -> bool:
    """Whether a question only carries on the one before: "is it from day one?", "you, or the recruiter?"."""
    start = past_openers(words)
    if words[start] in AUXILIARIES and words[start + 1 : start + 2] in (["it"], ["that"], ["this"], ["they"]):
        return True
    return not any(w in AUXILIARIES or w in WH_WORDS for w in words)


_LEAVE = LEXICON.phrases("topics.leave")
_ASKING = LEXICON.words("asking.finding_out")


def asks_leave(words: list[str]) -> bool:
    """Whether a question only asks leave to do something ("can I grab a glass of water?"), not about the job."""
    start = past_openers(words)
    return any(tuple(words[start : start + len(p)]) == p for p in _LEAVE) and not _ASKING.intersection(words)


def small_talk(words: list[str]) -> bool:
    """Whether a question is small talk about the day, not about the job: "Did you have far to come in this
    morning?", "Where's the nearest bus stop?", "Is the Christmas do as good as everyone says?"."""
    return find_phrase(words, 0, len(words), _SMALL_TALK) is not None


_SMALL_TALK = LEXICON.phrases("topics.small_talk")


def is_content(word: str) -> bool:
    return not (word in STOPWORDS or word in AUXILIARIES or word in WH_WORDS or word in META
                or word in NEGATORS or any(word in forms for forms in PRONOUN_GROUPS.values()))


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
