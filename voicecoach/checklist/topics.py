"""What a clause is about, for several items: whether it asks the listener to judge the speaker, and which of its
words carry meaning."""

from __future__ import annotations

from voicecoach.checklist.clauses import AUXILIARIES, WH_WORDS, Clause
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.negation import NEGATORS
from voicecoach.checklist.words import PRONOUN_GROUPS, STOPWORDS, Token, find_phrase

META = LEXICON.words("topics.meta")
"""Words that say nothing about the job in a question ("can I ask a question?", "does that make sense?")."""


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


def asks_about_speaker(tokens: list[Token], clause: Clause) -> bool:
    """Whether a question asks how the speaker did or would do, of whoever listens: "is there anything I should
    work on?", "was I anywhere near what you're after?", "is the degree thing going to be a problem?" (the
    reservations question, though it need not name the listener)."""
    words = [t.word for t in tokens[clause.start : clause.end]]
    if not clause.is_question or not (_FIRST_PERSON.intersection(words) or _SELF_REVIEW.intersection(words)):
        return False
    return bool(_JUDGED.intersection(words) or _SELF_REVIEW.intersection(words)) or any(
        find_phrase(words, 0, len(words), phrases) is not None
        for phrases in (_JUDGED_PHRASES, _A_PROBLEM, _HELD_AGAINST, _SELF_REVIEW_PHRASES))


_FIRST_PERSON = LEXICON.words("topics.first_person")
_JUDGED = LEXICON.words("topics.judged")
_JUDGED_PHRASES = LEXICON.phrases("topics.judged_phrases")
_A_PROBLEM = LEXICON.phrases("topics.a_problem")
_HELD_AGAINST = LEXICON.phrases("topics.held_against")
_SELF_REVIEW = LEXICON.words("topics.self_review")
_SELF_REVIEW_PHRASES = LEXICON.phrases("topics.self_review_phrases")


def about_hiring(words: list[str]) -> bool:
    """Whether a question's words are about this hiring's outcome and its telling: "are you seeing many people?",
    "when do you decide?", "how long before I hear something?" (next steps in other words, not about the job)."""
    return bool(_HIRING.intersection(words)) or find_phrase(words, 0, len(words), _HIRING_PHRASES) is not None


def about_competition(words: list[str]) -> bool:
    """Whether a question is about the other people going for the job: "how many people applied?"."""
    return bool(_COMPETITION.intersection(words)) or find_phrase(words, 0, len(words), _COMPETITION_PHRASES) is not None


_HIRING = LEXICON.words("topics.hiring")
_HIRING_PHRASES = LEXICON.phrases("topics.hiring_phrases")
_COMPETITION = LEXICON.words("topics.competition")
_COMPETITION_PHRASES = LEXICON.phrases("topics.competition_phrases")


def is_content(word: str) -> bool:
    """Whether a word carries meaning of its own: not a stopword, auxiliary, wh-word, pronoun, negator or one of
    the META words."""
    return not (word in STOPWORDS or word in AUXILIARIES or word in WH_WORDS or word in META
                or word in NEGATORS or any(word in forms for forms in PRONOUN_GROUPS.values()))
