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


@@FIND@@


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
