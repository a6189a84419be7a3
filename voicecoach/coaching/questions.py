"""The questions a candidate asked in a close, what kind each is, and how good the set is."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from rapidfuzz import fuzz, utils

from voicecoach.checklist.clauses import (
    AUXILIARIES,
    DISCOURSE,
    SUBJECTS,
    WH_WORDS,
    Clause,
    question_form,
    split_clauses,
)
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.checklist.rules.good_questions import about_perks
from voicecoach.checklist.rules.next_steps import about_stages
from voicecoach.checklist.words import STOPWORDS, Token, tokenize

QUESTION_AIM = (2, 3)
"""The usual advice: two or three prepared questions (coaching-facts.md)."""
REPEAT_SIMILARITY = 85.0
"""rapidfuzz token_sort_ratio at or above which two questions count as the same question."""

KINDS = ("reservation", "process", "compensation", "specific", "generic")

_KIND_PATTERNS = tuple((kind, "|".join(cues) or None) for kind, cues in LEXICON.table("questions.kind_cues").items())
"""Kind cues, checked in this order: the first kind whose cue matches wins ("compensation" is about_perks)."""
_KIND_RES = tuple((kind, pattern and re.compile(rf"\b(?:{pattern})\b")) for kind, pattern in _KIND_PATTERNS)
_LEAD = (DISCOURSE | LEXICON.words("questions.words.lead_extra")) - frozenset({"please"})
_EMBEDDING = LEXICON.words("questions.words.embedding")
_I_CONTINUES = AUXILIARIES | WH_WORDS | SUBJECTS | LEXICON.words("questions.words.i_continues")
_AND = LEXICON.words("questions.words.and")
_OPENER_ENDS = LEXICON.phrases("questions.words.opener_ends")
_PERSONS = LEXICON.words("questions.words.persons")
_FUNCTION = WH_WORDS | AUXILIARIES | SUBJECTS | _LEAD
_DASH = re.compile(r"\s-\s|\u2014|\u2013")
_DETERMINERS = LEXICON.words("questions.words.determiners")
_VERBS = AUXILIARIES | LEXICON.words("questions.words.verbs_extra")
_ENDINGS = LEXICON.phrases("questions.words.endings")
"""Words that end an unpunctuated question: "what are the next steps thank you"."""


@dataclass(frozen=True)
class Question:
    """One question the candidate asked."""

    text: str
    """The question exactly as typed or heard: a span of the answer, its question mark kept."""
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
        """Problems, most serious first: "no_questions", "compensation_only", "compensation_first", "repeated",
        "too_few", "too_many"."""
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
    return _kind(tokenize(text))


def _kind(tokens: list[Token]) -> str:
    lowered = " ".join(t.word for t in tokens)
    keys = {t.key for t in tokens}
    if "i" in keys and keys & {"concern", "gap"}:
        return "reservation"  # the matcher's synonyms: "anything you're unsure of about my ...", "my weak spots"
    for kind, pattern in _KIND_RES:
        if pattern.search(lowered) if pattern else about_perks(tokens):
            return kind
        if kind == "process" and about_stages(tokens):
            return kind  # "is there a technical exam after this?": the matcher's hiring stages
    return "generic"


def find_questions(text: str) -> list[Question]:
    """The questions in an answer, typed (with "?") or recognised (no punctuation, lower case).

    Built on the checklist matcher's clauses (words.tokenize, clauses.split_clauses): a clause that
    asks directly ("what happens next") or by request ("I'd like to know ...") is a question, joined
    with the next clause where the splitter cut one question in two; a condition ("if you have any
    concerns, ...") is one when it asks about reservations or what follows it asks. The text is the
    span as typed or heard, without its opening "and", "so" or "one last thing".
    """
    tokens = tokenize(text)
    questions = []
    for start, end in _question_spans(text, tokens):
        end = _before_statement(tokens, start, end)
        if len({t.start for t in tokens[start:end]}) >= 2 or tokens[start].word not in STOPWORDS | _FUNCTION:
            # "Timeline?" asks; "Okay?" or "Sorry?" alone does not
            questions.append(Question(_span_text(text, tokens, start, end), _kind(tokens[start:end])))
    return questions


@dataclass
class _Unit:
    """Clauses taken together as one question or statement."""

    start: int
    end: int
    asks: str
    """How it asks, as Clause.question; "" for a statement."""
    condition: bool
    """It opens with "if" ("if you have any concerns ...") or asks by condition."""
    joined: bool = False
    """A condition took the clause that answers it ("..., please let me know")."""


def _question_spans(text: str, tokens: list[Token]) -> list[tuple[int, int]]:
    """Token ranges [start, end) of the questions, from the clauses, joined where one question was split."""
    units: list[_Unit] = []
    for clause in split_clauses(tokens):
        last = units[-1] if units and _same_sentence(text, tokens, clause.start) else None
        if last and (asks := _continues(text, tokens, last, clause)) is not None:
            last.end, last.asks = clause.end, asks
        elif last and not last.joined and tokens[clause.start].word not in _AND and (
                last.condition or last.asks and any(t.word == "if" for t in tokens[last.start : last.end])):
            # a condition and what follows it: "If you have any concerns, please tell me",
            # "if you have any concerns I'd be happy to address them", "let me know if there's anything I can explain"
            if last.condition:
                asks = (clause.question in ("direct", "request")
                        or _kind(tokens[last.start : clause.end]) == "reservation")
                last.asks = "request" if asks else ""
            last.end, last.joined = clause.end, True
        else:
            lead = _after_lead(tokens, clause.start, clause.end)
            condition = clause.question == "conditional" or tokens[lead].word == "if"
            units.append(_Unit(clause.start, clause.end, clause.question, condition))
    spans = (_asking_span(tokens, unit) for unit in units)
    return [span for span in spans if span]


def _continues(text: str, tokens: list[Token], last: _Unit, clause: Clause) -> str | None:
    """How the unit asks with the clause added, when the clause goes on with it rather than asking anew."""
    first = tokens[clause.start]
    lead = _after_lead(tokens, clause.start, clause.end)
    word, nxt = tokens[lead].word, tokens[lead + 1].word if lead + 1 < clause.end else ""
    gap = text[tokens[clause.start - 1].end : first.start]
    if first.word in WH_WORDS and tokens[clause.start - 1].word in _EMBEDDING and not gap.strip() \
            or first.word in ("and", "or") and word in WH_WORDS and nxt in _PERSONS:
        return last.asks  # embedded: "I know what success looks like", "any gaps between my profile and what you need?"
    if clause.question and not last.joined and not tokens[last.end - 1].question_mark_after \
            and all(t.word in _FUNCTION for t in tokens[last.start : last.end]) \
            and last.end - _after_lead(tokens, last.start, last.end) <= 3:
        return clause.question  # a false start: "when would I- when should I expect to hear back?"
    if not last.asks:
        if first.word == "or" and clause.question:
            return clause.question  # "My English, is it okay for this job, or is it a concern for you?"
        # "... and did the school's payroll cover twice.": typed with a full stop, not asked
        typed_statement = clause.question == "direct" and not first.comma_before and word in AUXILIARIES | WH_WORDS \
            and _ends_with(text, tokens[clause.end - 1], ".!")
        return "" if typed_statement else None
    last_lead = _after_lead(tokens, last.start, last.end)
    joins = (
        first.word == "or" or word == "whether"  # "is there a laptop or do I use my own", "..., and whether ..."
        or clause.question == "direct" and not _asks_unmarked(tokens, clause)  # "who decides, and when, roughly?"
        or not clause.question and first.word == "and" and _noun_phrase(tokens[clause.start + 1 : clause.end])
        or _DASH.search(gap) is not None  # "what happens after this — is it a phone call?"
        # "how many weeks of annual leave | do you get": the wh-word still waits for its verb
        or first.word in AUXILIARIES and tokens[last_lead].word in WH_WORDS
        and not any(t.word in _VERBS for t in tokens[last_lead + 1 : last.end])
    )
    return last.asks if joins else None


def _asking_span(tokens: list[Token], unit: _Unit) -> tuple[int, int] | None:
    """The question in a unit, without its opening words, or None when it does not ask."""
    start, end, asks = unit.start, unit.end, unit.asks
    lead = _after_lead(tokens, start, end)
    if not asks and lead + 2 < end and tokens[lead + 1].word in (WH_WORDS | AUXILIARIES) - {"whether"} \
            and tokens[lead].word not in SUBJECTS | AUXILIARIES | STOPWORDS and not tokens[lead + 1].comma_before:
        # a word heard before the question: "ngl what's the timeline", "roughly how long ...", "wait can I ..."
        lead += 1
        asks = question_form(tokens[lead:end])
    if tokens[end - 1].question_mark_after or unit.joined:
        pass
    elif unit.condition:
        # a condition alone asks only about reservations: "and if there's anything that worries you"
        asks = asks if _kind(tokens[start:end]) == "reservation" else ""
    elif asks == "request" and _bare_request(tokens, lead, end):
        asks = ""  # "I was wondering, do you ...": the question comes next; "Please tell me openly."
    elif asks == "direct" and tokens[lead].word in WH_WORDS and lead + 1 < end and tokens[lead + 1].word in _PERSONS:
        # "what I can bring is experience", "when you asked about conflict" are statements;
        # "what I'd like to know is ..." asks
        asks = question_form(tokens[lead + 1 : end])
    return (lead, end) if asks else None


def _same_sentence(text: str, tokens: list[Token], i: int) -> bool:
    """Whether token i goes on the sentence before it: no full stop or question mark between (a dash is fine)."""
    gap = text[tokens[i - 1].end : tokens[i].start]
    return i > 0 and not tokens[i - 1].question_mark_after and not re.search(r"[.!;]", gap)


def _ends_with(text: str, token: Token, marks: str) -> bool:
    """Whether one of marks, and no question mark, follows a token."""
    after = re.match(r"[^\w]*", text[token.end :]).group()
    return any(mark in after for mark in marks) and "?" not in after


def _bare_request(tokens: list[Token], start: int, end: int) -> bool:
    """A request that asks nothing by itself: "I was wondering", "Please tell me openly", "let me know"."""
    words = [t.word for t in tokens[start:end]]
    if any(tuple(words[len(words) - len(e) :]) == e for e in _OPENER_ENDS):
        return True
    for opener in (("tell", "me"), ("let", "me", "know")):
        n = len(opener)
        at = next((i for i in range(len(words) - n + 1) if tuple(words[i : i + n]) == opener), None)
        if at is not None and at <= 2:  # "please tell me", "kindly let me know"
            rest = tokens[start + at + n : end]
            upto = next((i for i, t in enumerate(rest) if t.comma_before), len(rest))
            return upto <= 1
    return False


def _noun_phrase(tokens: list[Token]) -> bool:
    """Whether words are a noun phrase alone, without a verb: "the health insurance"."""
    return bool(tokens) and tokens[0].word in _DETERMINERS and not any(t.word in _VERBS for t in tokens)


def _asks_unmarked(tokens: list[Token], clause: Clause) -> bool:
    """Whether a clause asks by its words, not only by the question mark after it ("and the stockroom?")."""
    words = tokens[clause.start : clause.end]
    words[-1] = replace(words[-1], question_mark_after=False)
    return question_form(words) in ("direct", "request")


def _after_lead(tokens: list[Token], start: int, end: int) -> int:
    """The first token after the words a question opens with ("and", "so", "thank you")."""
    while start < end - 1:
        if tokens[start].word == "thank" and tokens[start + 1].word == "you":
            start += 2
        elif tokens[start].word in _LEAD:
            start += 1
        else:
            break
    return min(start, end - 1)


def _before_statement(tokens: list[Token], start: int, end: int) -> int:
    """Where a question ends: before "thank you" or "I really want this job" after it, and a trailing "and"."""
    if not tokens[end - 1].question_mark_after:
        for i in range(start + 2, end):
            words = tuple(t.word for t in tokens[i:end])
            if any(words[: len(ending)] == ending for ending in _ENDINGS) or words[0] == "i" and len(words) > 1 \
                    and tokens[i - 1].word not in _I_CONTINUES and words[1] not in AUXILIARIES:
                # "... hear back i really want this job"; not "do you think i ...", "the team i would join"
                end = i
                break
    while end - start > 1 and (tokens[end - 1].word in _AND | {"so"} or tokens[end - 1].word == "like"
                               and tokens[end - 2].word in _AND) and not tokens[end - 1].question_mark_after:
        end -= 1  # "what does training look like and like | is there another round"
    return end


def _span_text(text: str, tokens: list[Token], start: int, end: int) -> str:
    """The question as written: from its first word to its last, with a question mark that follows."""
    stop = tokens[end - 1].end
    if tokens[end - 1].question_mark_after:
        stop = text.index("?", stop) + 1
    return text[tokens[start].start : stop]


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
