"""Clauses of an answer, found from wording as well as punctuation, and whether each is a question."""

from __future__ import annotations

from dataclasses import dataclass

from voicecoach.checklist.words import STOPWORDS, Token

WH_WORDS = frozenset({"what", "when", "where", "who", "whom", "whose", "why", "how", "which", "whether"})
"""Question words; "whether" is here because pocketsphinx often hears "what are the" as "whether the"."""
AUXILIARIES = frozenset(
    {"do", "does", "did", "is", "are", "was", "were", "can", "could", "would", "will", "should", "shall",
     "have", "has", "may", "might"}
)
SUBJECTS = frozenset(
    {"you", "i", "we", "they", "there", "the", "this", "that", "it", "he", "she", "your", "my", "our",
     "anyone", "anybody", "someone", "any", "anything", "something", "these", "those", "people", "most"}
)
# Words that may follow a wh-word in a direct question ("what is", "how big", "what kind").
_WH_FOLLOWERS = AUXILIARIES | frozenset(
    {"kind", "sort", "type", "types", "kinds", "else", "many", "much", "long", "soon", "often", "big",
     "large", "quickly", "happens", "happen", "comes", "makes", "made", "would", "next", "qualities",
     "skills", "challenges", "part", "aspect", "aspects", "team", "role", "tools", "sorts", "areas",
     "projects", "problems", "success", "percentage", "time", "stage", "steps"}
)
# A wh-word after one of these opens an embedded clause, not a new question ("I love what you build").
# Only copulas and liking verbs: an embedded "I'd like to know what is next" may split harmlessly,
# because its second part is a question too, and recognizers turn "um" into "on" or "and".
_EMBEDDING = frozenset({"is", "was", "that", "exactly", "like", "love", "loved", "liked", "enjoy", "enjoyed"})
# Openers that make a statement-shaped clause a request for information.
_INDIRECT = (
    ("wondering",), ("wonder",), ("curious",), ("like", "to", "know"), ("love", "to", "know"),
    ("like", "to", "hear"), ("love", "to", "hear"), ("want", "to", "know"), ("wanted", "to", "know"),
    ("like", "to", "ask"), ("wanted", "to", "ask"), ("want", "to", "ask"), ("like", "to", "understand"),
    ("love", "to", "understand"), ("tell", "me"), ("let", "me", "know"), ("walk", "me", "through"),
    ("interested", "to", "know"), ("interested", "to", "hear"), ("interested", "in", "hearing"),
    ("if", "you", "have"), ("if", "you", "had"), ("if", "you", "do", "have"), ("if", "there", "is"),
    ("if", "there", "are"), ("if", "anything"), ("if", "there", "was"), ("if", "you", "are"),
    ("if", "you", "feel"), ("if", "you", "see"), ("if", "you", "think"), ("if", "there", "were"),
    ("question", "is"), ("questions", "is"), ("ask", "about"), ("asking", "about"), ("any", "idea"),
    ("fill", "me", "in"), ("give", "me", "a", "sense"), ("give", "me", "an", "idea"), ("share", "with", "me"),
    ("do", "you", "mind"), ("whether", "you"), ("whether", "there"), ("need", "to", "know"),
    ("keen", "to", "know"), ("keen", "to", "understand"), ("keen", "to", "hear"), ("keen", "to", "learn"),
    ("eager", "to", "know"), ("eager", "to", "hear"), ("eager", "to", "understand"),
    ("interested", "in", "how"), ("interested", "in", "what"), ("interested", "in", "why"),
    ("interested", "in", "whether"), ("interested", "to", "understand"), ("interested", "to", "learn"),
    ("like", "to", "learn"), ("love", "to", "learn"), ("like", "to", "find", "out"), ("love", "to", "find", "out"),
)
_KNOWING = frozenset({"know", "hear", "understand", "learn"})
_SAID = (["i"], ["that"], ["it"], ["we"], ["this"])
_INVERTED = (("you", "have", "any"), ("there", "anything"), ("there", "any"), ("you", "see", "any"))
LEADING_WORDS = frozenset({"and", "but", "so", "also", "well", "okay", "ok", "oh", "then", "just", "now", "yeah",
                           "yes", "right", "alright", "plus", "anyway", "because", "or"})
"""Words a quote of the answer leaves off at its start ("and so I'd love ..." -> "I'd love ...")."""
LONGEST_QUOTE = 24
"""Words at most in a quote of the answer given as evidence; a longer clause is quoted by its best stretch."""
DISCOURSE = frozenset(
    {"and", "but", "so", "also", "well", "okay", "ok", "oh", "then", "just", "now", "lastly", "finally",
     "actually", "right", "yeah", "yes", "no", "sorry", "plus", "anyway", "alright", "great", "thanks",
     "thank", "one", "last", "thing", "first", "second", "secondly", "firstly", "like", "please", "though"}
)
# A new clause starts at these when a subject or question follows: "... and I ...", "but what ...".
_CONJUNCTIONS = frozenset({"and", "but", "so", "also", "because", "plus", "anyway", "though", "although", "or"})


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
            clauses.append(Clause(start, end, question_kind(tokens[start:end])))
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
            or nxt in AUXILIARIES or nxt in _CONJUNCTIONS or nxt in ("also", "then", "finally", "lastly", "let", "please")
    if prev in _CONJUNCTIONS or prev in WH_WORDS:
        return False
    if word in ("i", "we") and nxt in ("can", "will", "would", "could", "am", "are") and prev not in _NO_SPLIT_BEFORE_I \
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


_RELATIVES = frozenset({"which", "who", "whom", "whose"})
_ASKING_BEFORE = frozenset({"question", "questions", "wondering", "wonder", "curious", "ask", "know", "tell", "idea"})
_TAGS = (("you", "know"), ("right",), ("yeah",), ("eh",), ("huh",), ("okay",), ("ok",), ("no",), ("yes",),
         ("is", "it", "not"), ("you", "see"), ("know", "what", "i", "mean"))
"""Words that end a statement with a question mark without making it a question ("... speaks for itself, you know?")."""
_BE = frozenset({"is", "are", "was", "were"})
_NO_SPLIT_BEFORE_I = frozenset({"that", "what", "if", "whether", "where", "when", "how", "why", "which", "who", "as",
                                "than", "think", "feel", "hope", "know", "sure", "believe", "say", "said", "mean"})
_AFTER_COMMA = frozenset({"i", "we", "so", "and", "but", "let", "please", "because", "also"})
_AUX_SUBJECTS = frozenset({"you", "i", "we", "they", "there", "anyone", "anybody", "someone", "people"})
_AUX_SUBJECTS_BE = frozenset({"there", "you"})
_DO = frozenset({"do", "does", "did"})
_DETERMINERS = frozenset({"the", "your", "this", "that", "these", "those", "our", "their"})


def _open_wh_question(tokens: list[Token], i: int) -> bool:
    """Whether a wh-word began this stretch of words and no verb has come since."""
    for j in range(i - 1, max(-1, i - 8), -1):
        word = tokens[j].word
        if word in AUXILIARIES or tokens[j].boundary_before and word not in WH_WORDS:
            return False
        if word in WH_WORDS:
            return True
    return False


def question_kind(tokens: list[Token]) -> str:
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
            if tuple(words[i : i + n]) == pattern and not (pattern[-1] in _KNOWING and words[i + n : i + n + 1] in _SAID):
                # "I need to know I'll be home by six" says what they need; "I need to know when" asks
                return "conditional" if pattern[0] in ("if", "whether") else "request"
    return ""
