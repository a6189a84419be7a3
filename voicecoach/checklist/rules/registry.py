"""The rule registry: what each checklist item adds to the generic phrase-bank scoring, registered by its id.

An item's file in rules/ ends with one `register(ItemRules(ID, ...))`. The matcher calls the hooks by item id:

- vetoes reject a bank phrase's match of that item in a clause ("what's next for the brand" is not a next step);
- sound skips reject a phrase of that item heard by its sound (misheard words), and the sound-alike cutoff says
  how close the sound must be (None: the item is not heard by sound);
- a question rule takes a question no bank phrase matched ("do you think I'm ready?" asks for reservations);
- additions find the item by its wording where no bank phrase matched ("I want it.", "I said three years, but it
  was four").

Hooks are pure functions of the small frozen contexts below: they read the answer and return a verdict. The matcher
runs them in a fixed order: vetoes on each phrase match; then, on recognized text, phrases heard by their sound;
then the questions no phrase claimed, each given to the first question rule (in the checklist's order) that takes
it; then each uncovered item's additions."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

from voicecoach.checklist.clauses import Clause
from voicecoach.checklist.words import Token

QUESTION_SCORE = 62.0
"""Score (0-100) of a question an item's question rule takes: just over the matcher's threshold of 60."""
WORDING_SCORE = 70.0
"""Score of an item an addition found by its wording (a correction, a blunt want) that no phrase matched."""


@dataclass(frozen=True)
class MatchContext:
    """One bank phrase matched in an answer, as the item's vetoes and sound skips see it."""

    tokens: Sequence[Token]
    """The whole answer."""
    clause: Clause
    """The clause the match is in (for a phrase heard by its sound, the clause where the sound starts)."""
    lo: int
    """First token of the matched stretch."""
    hi: int
    """Token after the last."""
    phrase: tuple[str, ...]
    """The bank phrase's words: ("i", "would", "love", "to", "work", "here")."""
    heard: bool
    """Whether the answer looks like a recognizer's (lower case, no punctuation): typed text is not misheard."""
    hits: tuple[int, ...] = ()
    """Positions in lo..hi of words some bank phrase uses (empty for a phrase heard by its sound)."""
    others_doing: bool = False
    """Whether the answer gives one of the phrase's verbs to someone else: "you explained it well" for "I can
    explain" (the matcher rejects that in a statement; in a question it is for the item to say)."""


@dataclass(frozen=True)
class QuestionContext:
    """A direct question of the answer that no other item's bank phrase matched, as question rules see it."""

    tokens: Sequence[Token]
    clauses: Sequence[Clause]
    index: int
    """Which clause of `clauses` is the question."""
    heard: bool
    uncovered: frozenset[str]
    """Items of the pack that no match had covered when the questions were first looked at."""
    claimed: frozenset[int]
    """Indices of clauses that another item's phrase matched, or an earlier question rule took for its item."""
    banks: tuple[frozenset[str], ...]
    """For each token of the question, the items whose bank phrases use its word (or a near spelling of it)."""

    @property
    def clause(self) -> Clause:
        return self.clauses[self.index]

    @property
    def earlier(self) -> Clause | None:
        """The clause before the question, if any."""
        return self.clauses[self.index - 1] if self.index else None

    @property
    def words(self) -> list[str]:
        return [t.word for t in self.tokens[self.clause.start : self.clause.end]]


@dataclass(frozen=True)
class Take:
    """A question rule's decision: the question counts towards an item (when the pack has it)."""

    item: str
    score: float = QUESTION_SCORE
    claim: bool = False
    """Whether the clause is then the item's, so a question joined to it ("..., or ...") stays the item's too."""


@dataclass(frozen=True)
class AnswerContext:
    """The whole answer, as additions see it."""

    text: str
    """The answer's text, spaces collapsed (typed text keeps its capitals: names are told by them)."""
    tokens: Sequence[Token]
    clauses: Sequence[Clause]
    heard: bool


@dataclass(frozen=True)
class Found:
    """What an addition found: the stretch of tokens that shows its item."""

    lo: int
    hi: int
    clause: Clause | None = None
    """The clause to quote from; None: the stretch itself."""
    score: float = WORDING_SCORE


Veto = Callable[[MatchContext], bool]
"""Whether a match of the item is not what it seems: True rejects it."""
QuestionRule = Callable[[QuestionContext], Take | None]
"""Which item a question counts towards, or None to leave it to the next rule."""
Addition = Callable[[AnswerContext], Found | None]
"""Where the answer shows the item in words no phrase bank can list, or None."""


@dataclass(frozen=True)
class ItemRules:
    """What one checklist item adds to the generic scoring (everything optional)."""

    id: str
    vetoes: tuple[Veto, ...] = ()
    sound_cutoff: float | None = None
    """partial_ratio (0-100) on phone strings at which a phrase heard by its sound covers the item, where the words
    missed it; None: not heard by sound. The checklist's were chosen on the recognized copies of dev, dev-b and
    dev-c (checked on dev-d's and dev-e's)."""
    sound_skips: tuple[Veto, ...] = ()
    claims: bool = True
    """Whether a clause the item's phrase matched is the item's, so no question rule takes it as a new question
    (False for an item whose phrases are any question about the job, which may still prove to be another's)."""
    question_rule: QuestionRule | None = None
    additions: tuple[Addition, ...] = ()
    """Run, in this order, only while the item is in the pack and still uncovered; the first find counts."""


RULES: dict[str, ItemRules] = {}
"""Each registered item's rules by id, in the order their files registered them (the checklist's order)."""


def register(rules: ItemRules) -> ItemRules:
    """Add one item's rules; an id registers once."""
    if rules.id in RULES:
        raise ValueError(f"checklist item {rules.id!r} registered twice")
    RULES[rules.id] = rules
    return rules


def question_rules() -> list[tuple[str, QuestionRule]]:
    """Every item's question rule, in the checklist's order: a question goes to the first that takes it."""
    return [(r.id, r.question_rule) for r in RULES.values() if r.question_rule is not None]
