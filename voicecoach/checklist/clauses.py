"""Clauses of an answer, found from wording as well as punctuation, and whether each is a question."""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.words import STOPWORDS, Token

WH_WORDS = LEXICON.words("clauses.wh_words")
"""Question words; "whether" is here because pocketsphinx often hears "what are the" as "whether the"."""
AUXILIARIES = LEXICON.words("clauses.auxiliaries")
"""Auxiliary verbs that open a direct question ("do you ...", "is there ...")."""
SUBJECTS = LEXICON.words("clauses.subjects")
"""Words that can follow an auxiliary as its subject in a question ("is there", "can anyone")."""
_WH_FOLLOWERS = AUXILIARIES | LEXICON.words("clauses.wh_followers")
_EMBEDDING = LEXICON.words("clauses.embedding")
_INDIRECT = LEXICON.phrases("clauses.indirect")
_KNOWING = LEXICON.words("clauses.knowing")
_SAID = tuple([word] for word in LEXICON.sequence("clauses.said_after"))
_INVERTED = LEXICON.phrases("clauses.inverted")
LEADING_WORDS = LEXICON.words("clauses.leading_words")
"""Words a quote of the answer leaves off at its start ("and so I'd love ..." -> "I'd love ...")."""
LONGEST_QUOTE = 24
"""Words at most in a quote of the answer given as evidence; a longer clause is quoted by its best stretch."""
DISCOURSE = LEXICON.words("clauses.discourse")
"""Words that open a clause without saying anything yet ("so", "okay", "one last thing")."""
_CONJUNCTIONS = LEXICON.words("clauses.conjunctions")


@dataclass(frozen=True)
class Clause:
    """A run of tokens that says one thing."""

    start: int
    """Index of the first token in the answer's token list."""
    end: int
    """Index after the last token."""
    question: str
    """How it asks: "direct" ("what happens next"), "request" ("I'd like to know ..."),
    "conditional" ("if you have any concerns ..."), or "" for a statement."""

    @property
    def is_question(self) -> bool:
        return bool(self.question)


def past_openers(words: list[str], skip: frozenset[str] = DISCOURSE) -> int:
    """Where a clause's words start saying something: past "so", "and", "okay" (its last word at the latest)."""
    start = 0
    while start < len(words) - 1 and words[start] in skip:
        start += 1
    return start


def split_clauses(tokens: list[Token]) -> list[Clause]:
    """Clauses from punctuation where there is some, and from wording where there is none."""
    cuts = [0]
    for i in range(1, len(tokens)):
        if tokens[i].boundary_before or tokens[i - 1].question_mark_after or _starts_clause(tokens, i):
            if i - cuts[-1] >= 2 or tokens[i].boundary_before:
                cuts.append(i)
    cuts.append(len(tokens))
    clauses = []
    for start, end in zip(cuts, cuts[1:]):
        if end > start:
            clauses.append(Clause(start, end, question_form(tokens[start:end])))
    return clauses


def _starts_clause(tokens: list[Token], i: int) -> bool:
    word = tokens[i].word
    prev = tokens[i - 1].word
    nxt = tokens[i + 1].word if i + 1 < len(tokens) else ""
    if tokens[i].comma_before and word in _AFTER_COMMA:
        # "If there's anything you're not sure about, I can explain": the comma ends the condition.
        return True
    if word in _CONJUNCTIONS:
        # "the team and the company" stays whole; "and I", "but what", "so is there" split.
        return word in ("but", "because", "although", "though") or nxt in SUBJECTS or nxt in WH_WORDS \
            or nxt in AUXILIARIES or nxt in _CONJUNCTIONS \
            or nxt in ("also", "then", "finally", "lastly", "let", "please")
    if prev in _CONJUNCTIONS or prev in WH_WORDS:
        return False
    if word in ("i", "we") and nxt in ("can", "will", "would", "could", "am", "are") \
            and prev not in _NO_SPLIT_BEFORE_I \
            and any(t.word == "if" for t in tokens[max(0, i - 10) : i - 1]):
        # "if there's something you're not sure about I can explain": the condition ends without its comma
        return True
    if word == "to" and [t.word for t in tokens[i + 1 : i + 4]] in (["you", "have", "any"], ["you", "see", "any"]):
        # recognizers hear "do you have any" as "to you have any": still a new question
        return True
    if word in _RELATIVES and prev not in _ASKING_BEFORE and not (
            prev in STOPWORDS or prev in DISCOURSE or prev in _CONJUNCTIONS or prev in AUXILIARIES):
        # "moving to the city, which should happen soon", "a manager who was great": a relative clause
        return False
    if word in WH_WORDS:
        return (nxt in _WH_FOLLOWERS or word == "whether" and nxt == "the") and prev not in _EMBEDDING
    if word in AUXILIARIES and nxt in (_AUX_SUBJECTS_BE if word in _BE else _AUX_SUBJECTS):
        # "do you ..." after a statement; not "I do", "what do you", "to be", "not", and not
        # "how many days do you offer", whose wh-word is still waiting for its verb.
        if prev in SUBJECTS or prev in AUXILIARIES or prev in ("to", "not", "that", "it", "which", "who", "if",
                                                               "whether"):
            return False
        return not _open_wh_question(tokens, i)
    return False


_RELATIVES = LEXICON.words("clauses.relatives")
_ASKING_BEFORE = LEXICON.words("asking.before_question_word")
_TAGS = LEXICON.phrases("clauses.tags")
"""Words that end a statement with a question mark without making it a question ("... speaks for itself, you know?")."""
_BE = LEXICON.words("clauses.be")
_NO_SPLIT_BEFORE_I = LEXICON.words("clauses.no_split_before_i")
_AFTER_COMMA = LEXICON.words("clauses.after_comma")
_AUX_SUBJECTS = LEXICON.words("clauses.aux_subjects")
_AUX_SUBJECTS_BE = LEXICON.words("clauses.be_subjects")
_DO = LEXICON.words("clauses.do")
_DETERMINERS = LEXICON.words("clauses.determiners")


def _open_wh_question(tokens: list[Token], i: int) -> bool:
    """Whether a wh-word began this stretch of words and no verb has come since."""
    for j in range(i - 1, max(-1, i - 8), -1):
        word = tokens[j].word
        if word in AUXILIARIES or tokens[j].boundary_before and word not in WH_WORDS:
            return False
        if word in WH_WORDS:
            return True
    return False


def question_form(tokens: list[Token]) -> str:
    """How a clause asks something, judged from its words (and a question mark if present); "" if not."""
    if not tokens:
        return ""
    words = [t.word for t in tokens]
    if tokens[-1].question_mark_after and not (
            len(words) > 3 and any(tuple(words[-len(tag):]) == tag for tag in _TAGS)):
        return "direct"
    start = past_openers(words, DISCOURSE | _CONJUNCTIONS)
    if (start + 2 < len(words) and words[start] not in _EMBEDDING and words[start + 1] in WH_WORDS
            and words[start + 2] in _WH_FOLLOWERS):
        start += 1  # a stray word before the question: "ngl what's the timeline", "honestly how big is the team"
    first = words[start]
    nxt = words[start + 1] if start + 1 < len(words) else ""
    if first in WH_WORDS and (nxt in _WH_FOLLOWERS or nxt in SUBJECTS or nxt in ("to", "we", "i")):
        # "what we ..." alone is a statement fragment unless more follows an auxiliary.
        if nxt in SUBJECTS and nxt not in ("you", "there", "the", "your", "this", "it"):
            after = words[start + 2 : start + 4]
            if any(w in AUXILIARIES for w in after) and not (nxt in ("i", "we") and after[:1] in (["was"], ["were"])):
                # "when will I hear", "what should I prepare"; not "when I was twelve", a statement's clause
                return "direct"
        else:
            return "direct"
    if first in AUXILIARIES and nxt in SUBJECTS:
        return "direct"
    if first in WH_WORDS and any(
        words[j] in AUXILIARIES and words[j + 1] in _AUX_SUBJECTS
        or words[j] in _DO and words[j + 1] in _DETERMINERS for j in range(start + 1, min(start + 7, len(words) - 1))
    ):
        # "what concerns do you have", "which team would I join", "what software does the team use": inversion
        return "direct"
    if any(tokens[j].comma_before and words[j] in AUXILIARIES and words[j + 1] in _AUX_SUBJECTS
           for j in range(start + 1, len(words) - 1)):
        # "and after this, is there another interview": the question starts after a comma
        return "direct"
    if first == "any" and nxt:
        # "Any concerns?", "any idea when ...": a question cut down to its object.
        return "direct"
    for pattern in _INVERTED:
        n = len(pattern)
        if any(tuple(words[i : i + n]) == pattern for i in range(start, len(words) - n + 1)):
            # recognizers drop or mishear the auxiliary ("to you have any ..."), but these stay questions
            return "direct"
    for pattern in _INDIRECT:
        n = len(pattern)
        for i in range(len(words) - n + 1):
            if tuple(words[i : i + n]) == pattern \
                    and not (pattern[-1] in _KNOWING and words[i + n : i + n + 1] in _SAID):
                # "I need to know I'll be home by six" says what they need; "I need to know when" asks
                return "conditional" if pattern[0] in ("if", "whether") else "request"
    return ""
