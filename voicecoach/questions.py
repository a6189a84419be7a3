"""The questions a candidate asked in a close, what kind each is, and how good the set is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz, utils

QUESTION_AIM = (2, 3)
"""The usual advice: two or three prepared questions (coaching-facts.md)."""
REPEAT_SIMILARITY = 85.0
"""rapidfuzz token_sort_ratio at or above which two questions count as the same question."""

KINDS = ("reservation", "process", "compensation", "specific", "generic")

# Words that open a direct question, with the words allowed right after them (None: any).
# Inversion ("what is", "how do", "can you") is what tells a question from "I know what
# success means" in text without a question mark.
_AUX = frozenset("is are was were do does did will would can could should shall may might has have had".split())
_YOU_I = frozenset("you i we".split())
_SUBJECTS = frozenset("i i'm i'd i've we we're you you're they he she it that".split())
_OPENERS: dict[str, frozenset[str] | None] = {
    # "what tools do you use": its inversion may come later; "what I bring" is a statement.
    "what": frozenset(),
    "what's": None,
    "how": _AUX | frozenset("many much long soon often big quickly far".split()),
    "how's": None,
    "when": _AUX,
    "where": _AUX,
    "where's": None,
    "why": _AUX,
    "do": _YOU_I,
    "did": _YOU_I,
    "can": _YOU_I,
    "could": _YOU_I,
    "would": _YOU_I,
    "have": _YOU_I,
    "may": frozenset({"i"}),
    "should": frozenset({"i"}),
}
# Openers that also start relative clauses and statements ("the person who is", "the
# process is the same"): a question only at a boundary (start, or after a lead-in word).
_BOUNDARY_OPENERS: dict[str, frozenset[str] | None] = {
    "who": _AUX | frozenset({"else"}),
    "who's": None,
    "which": None,
    "is": frozenset("there it this that the your my anyone everyone".split()),
    "are": frozenset("there you the your we they".split()),
    "does": frozenset("the this that your it anyone everyone".split()),
    "will": frozenset("i there the you this we it".split()),
    "has": frozenset("the this your anyone".split()),
}
# Indirect questions: "I was wondering what ...", "tell me about ...".
_INDIRECT = (
    "i was wondering",
    "i'm wondering",
    "i wonder",
    "i'm curious",
    "i am curious",
    "i'd like to know",
    "i would like to know",
    "i'd love to know",
    "i would love to know",
    "i'd love to hear",
    "i'd like to ask",
    "i would like to ask",
    "can you tell me",
    "could you tell me",
    "tell me about",
    "tell me more",
    "what i'd like to know",
    "what i would like to know",
)
# Words after which a question word is embedded in a statement, not opening a question.
_EMBEDDING = frozenset(
    "know knew understand understood see saw sure learned learn heard remember decide exactly "
    "about on of in to that's is that what how when where i you we they it there this can "
    "could would will should must wondering wonder curious ask asking hear tell me".split()
)
# Words that may sit between a clause boundary and a question ("and also what ...").
_LEAD_INS = frozenset(
    "and also so um uh er ah hmm okay ok well then yes yeah great thanks right one another "
    "last lastly finally first second next question my but".split()
)
# Statement openers that end an unpunctuated question ("... look like i really want this job").
_STATEMENT_STARTS = (
    *(f"i {verb}" for verb in "really am want have know think feel believe hope love look enjoyed appreciate just also definitely".split()),
    *(f"i'm {word}" for word in "really very so excited keen confident sure looking".split()),
    "i've",
    "i'd love to join",
    "thank you",
    "thanks",
    "that's all",
    "that is all",
    "that's everything",
    "so yeah",
    "anyway",
)
_QUESTION_STOPPERS = frozenset("can could would should do did will may might shall if what how when where why whether think".split())

# Kind cues, checked in this order: the first kind whose pattern matches wins.
_KIND_PATTERNS = (
    (
        "reservation",
        r"reservations?|concerns?|hesitat\w*|give[s]? you pause|doubts?|worr(?:y|ies)|"
        r"gaps? in my|stop you from|hold you back|holding you back|"
        r"(?:my|me as a) (?:fit|candidacy|background)|about me|about my (?:background|experience|profile)",
    ),
    (
        "process",
        r"next steps?|timeline|time line|hear back|hear from you|decision|next stage|next round|"
        r"interview process|hiring process|the process|what happens next|what happens now|"
        r"where do we go from here|how many rounds|when (?:will|would|can|could) (?:i|you|we)",
    ),
    (
        "compensation",
        r"salary|salaries|pay|paid|compensation|vacation|holidays?|time off|pto|perks?|benefits?|"
        r"bonus(?:es)?|equity|stock|pension|401k|insurance|raises?|overtime|how much",
    ),
    (
        "specific",
        r"role|position|this job|team|teams|"
        r"the company|your company|the product|your product|products|customers?|clients?|projects?|"
        r"roadmap|strategy|launch|first (?:\w+ )?(?:days|months|year)|success|challenges?|culture|"
        r"manager|report to|day to day|typical day|stack|tools|goals?|mission|"
        r"i read|i saw|i noticed|you mentioned|you said|earlier|recent|working here|work here",
    ),
)
_KIND_RES = tuple((kind, re.compile(rf"\b(?:{pattern})\b")) for kind, pattern in _KIND_PATTERNS)
_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


@dataclass(frozen=True)
class Question:
    """One question the candidate asked."""

    text: str
    """The words of the question as said (typed punctuation kept)."""
    kind: str
    """One of KINDS: "reservation", "process", "compensation", "specific" or "generic"."""


@dataclass(frozen=True)
class QuestionQuality:
    """How good the candidate's set of questions was."""

    count: int
    aim: tuple[int, int]
    specific: int
    generic: int
    compensation_first: bool
    """Salary, vacation or perks was the first question asked."""
    compensation_only: bool
    """The only kind of question was about salary, vacation or perks."""
    repeated: tuple[tuple[Question, Question], ...]
    """Pairs of questions that ask the same thing."""

    @property
    def flags(self) -> tuple[str, ...]:
        """Problems, most serious first: "no_questions", "compensation_only", "compensation_first", "repeated", "too_few", "too_many"."""
        out = []
        if self.count == 0:
            out.append("no_questions")
        if self.compensation_only:
            out.append("compensation_only")
        elif self.compensation_first:
            out.append("compensation_first")
        if self.repeated:
            out.append("repeated")
        if 0 < self.count < self.aim[0]:
            out.append("too_few")
        if self.count > self.aim[1]:
            out.append("too_many")
        return tuple(out)

    def to_json(self) -> dict:
        return {
            "count": self.count,
            "aim": list(self.aim),
            "specific": self.specific,
            "generic": self.generic,
            "compensation_first": self.compensation_first,
            "compensation_only": self.compensation_only,
            "repeated": [[a.text, b.text] for a, b in self.repeated],
            "flags": list(self.flags),
        }


def question_kind(text: str) -> str:
    """Classify one question: reservation, process, compensation, specific or generic."""
    lowered = " ".join(_TOKEN.findall(text.lower().replace("\u2019", "'")))
    for kind, pattern in _KIND_RES:
        if pattern.search(lowered):
            return kind
    return "generic"


def find_questions(text: str) -> list[Question]:
    """The questions in an answer, typed (with "?") or recognised (no punctuation, lower case)."""
    questions = []
    # Typed text: each sentence is a unit; one ending in "?" is a question as a whole.
    for sentence in re.findall(r"[^.!?]+[.!?]*", text.replace("\u2019", "'")):
        sentence = sentence.strip()
        if not sentence:
            continue
        bodies = _spoken_questions(sentence)
        if not bodies and sentence.endswith("?"):
            bodies = [sentence]  # "Any thoughts on that?": a question mark is proof enough
        questions.extend(Question(body, question_kind(body)) for body in bodies)
    return questions


def _norm(word: str) -> str:
    found = _TOKEN.findall(word.lower())
    return found[0] if found else ""


def _starts(norm: Sequence[str]) -> list[int]:
    """Indices where a question opens in unpunctuated words."""
    starts: list[int] = []
    awaiting_aux = False  # "how much vacation ..." still needs its "do you"
    i = 0
    while i < len(norm):
        if awaiting_aux and norm[i] in _AUX and norm[i - 1] not in _LEAD_INS:
            awaiting_aux = False  # "how much vacation do you get" is one question
            i += 1
            continue
        if not _opens_question(norm, i):
            i += 1
            continue
        starts.append(i)
        after = norm[i + 1] if i + 1 < len(norm) else ""
        awaiting_aux = norm[i] in ("what", "how", "which") and after not in _AUX
        # Skip an indirect opener so "can you tell me what" stays one question.
        i += next((len(p.split()) for p in _INDIRECT if " ".join(norm[i : i + len(p.split())]) == p), 1)
    return starts


def _opens_question(norm: Sequence[str], i: int) -> bool:
    """Whether a question opens at word i: an opener with inversion after it, not embedded."""
    before = norm[i - 1] if i > 0 else ""
    at_boundary = not before or before in _LEAD_INS
    if at_boundary and any(" ".join(norm[i : i + len(p.split())]) == p for p in _INDIRECT):
        return True
    word = norm[i]
    after = norm[i + 1] if i + 1 < len(norm) else ""
    if not after or before in _EMBEDDING:
        return False
    if word in _OPENERS:
        allowed = _OPENERS[word]
    elif word in _BOUNDARY_OPENERS and at_boundary:
        allowed = _BOUNDARY_OPENERS[word]
    else:
        return False
    if word == "what":
        return after not in _SUBJECTS
    return allowed is None or after in allowed


def _spoken_questions(sentence: str) -> list[str]:
    """Questions in a sentence without a question mark, cut at the next question or statement."""
    words = sentence.split()
    norm = [_norm(w) for w in words]
    starts = _starts(norm)
    out = []
    for k, start in enumerate(starts):
        stop = starts[k + 1] if k + 1 < len(starts) else len(words)
        end = _statement_start(norm, start + 2, stop)
        # Drop connecting words the next question or statement began with ("... and").
        while end - 1 > start and norm[end - 1] in _LEAD_INS - {"one", "first", "second", "next", "last"}:
            end -= 1
        out.append(" ".join(words[start:end]).strip(" ,;:.!"))
    return [q for q in out if len(q.split()) >= 2]


def _statement_start(norm: Sequence[str], lo: int, hi: int) -> int:
    """The first index in [lo, hi) where a statement begins, else hi."""
    for j in range(lo, hi):
        if norm[j - 1] in _QUESTION_STOPPERS:
            continue  # "when can i expect", "do you think i would"
        for phrase in _STATEMENT_STARTS:
            n = len(phrase.split())
            if " ".join(norm[j : j + n]) == phrase:
                return j
    return hi


def question_quality(
    questions: Sequence[Question],
    *,
    aim: tuple[int, int] = QUESTION_AIM,
    repeat_similarity: float = REPEAT_SIMILARITY,
) -> QuestionQuality:
    """Judge a set of questions: how many, specific or generic, pay first or only, repeats."""
    repeated = []
    for i, a in enumerate(questions):
        for b in questions[i + 1 :]:
            # token_sort: word order changes ("what are the next steps" / "the next steps, what are they") still match.
            if fuzz.token_sort_ratio(a.text, b.text, processor=utils.default_process) >= repeat_similarity:
                repeated.append((a, b))
    kinds = [q.kind for q in questions]
    return QuestionQuality(
        count=len(questions),
        aim=aim,
        specific=kinds.count("specific"),
        generic=kinds.count("generic"),
        compensation_first=bool(kinds) and kinds[0] == "compensation",
        compensation_only=bool(kinds) and all(k == "compensation" for k in kinds),
        repeated=tuple(repeated),
    )
