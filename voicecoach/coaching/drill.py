"""Drills: which closing moves to practise next, from the stored verdicts alone, spaced like Leitner boxes.

Each move (checklist item) sits in a box from 0 to 5. Every stored round that covered it moves it up one box, every
round that missed it sends it back to box 0: the box is the move's run of covered rounds, capped at 5. As in
Leitner's schedule, a box says how often its moves are drilled: box b every INTERVAL_SESSIONS[b]-th session (boxes 0
and 1 every session, box 2 every second, box 3 every fourth, box 4 every eighth, box 5 every sixteenth, counting
stored sessions). So a move missed lately comes back at once and keeps coming back, and a move covered five times in
a row recedes to one drill in sixteen sessions, until a miss sends it back to box 0. Among the moves due, the lowest
box goes first, then the larger share of misses (recent rounds weigh more), then the pack's order.

`plan_drill` is pure: rounds of verdicts in, a plan out. `drill_prompts` orders the pack's prompts so the ones that
open the way to the drilled moves (the pack's `drills` field) come first; `focus_on` makes a drilled move the top fix.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, replace

from voicecoach.checklist.rules import clarify_doubts
from voicecoach.coaching.coach import Coaching
from voicecoach.packs.pack import ClosingPack

TOP_BOX = 5
"""A move covered this many rounds in a row is in the top box."""
INTERVAL_SESSIONS = (1, 1, 2, 4, 8, 16)
"""A move in box b is due in every INTERVAL_SESSIONS[b]-th session."""
RECENT_HALF_LIFE = 5
"""Rounds after which a miss counts half as much in the miss share."""
DRILL_MOVES = 2
"""Moves one drill session works on: few, so the feedback keeps coming back to them."""


@dataclass(frozen=True)
class RoundVerdicts:
    """One stored round: the session it was in (any id; rounds of one session are consecutive) and its verdicts."""

    session: str
    covered: Mapping[str, bool]
    """Item id -> covered."""


@dataclass(frozen=True)
class MoveState:
    """Where one move stands after the stored rounds."""

    item: str
    box: int
    rounds: int
    """Rounds that judged this move."""
    misses: int
    recent_miss_share: float
    """Misses over rounds, each round weighted by how recent it is (0-1)."""
    due: bool
    """Drilled in the coming session: its box's interval divides the coming session's number."""

    @property
    def due_in(self) -> int:
        """Sessions until the move is due again (0: now)."""
        return 0 if self.due else INTERVAL_SESSIONS[self.box] - 1


@dataclass(frozen=True)
class DrillPlan:
    """The moves to drill, most urgent first, why, and where every move stands."""

    moves: tuple[str, ...]
    states: tuple[MoveState, ...]

    def state(self, item: str) -> MoveState:
        return next(s for s in self.states if s.item == item)


def history_from_outcomes(outcomes: Iterable) -> list[RoundVerdicts]:
    """The store's item outcomes (oldest first, each with session_id, round_id, item_id, covered) as rounds."""
    rounds: dict[object, tuple[str, dict[str, bool]]] = {}
    for o in outcomes:
        rounds.setdefault(o.round_id, (str(o.session_id), {}))[1][o.item_id] = o.covered
    return [RoundVerdicts(session, covered) for session, covered in rounds.values()]


def move_states(history: Sequence[RoundVerdicts], items: Sequence[str]) -> tuple[MoveState, ...]:
    """Each move's box and miss record after the rounds in history (oldest first)."""
    coming = len(set(r.session for r in history)) + 1  # the number of the session about to start
    states = []
    for item in items:
        judged = [r for r in history if item in r.covered]
        box = 0
        for r in judged:
            box = min(box + 1, TOP_BOX) if r.covered[item] else 0
        n = len(judged)
        weights = [0.5 ** ((n - 1 - k) / RECENT_HALF_LIFE) for k in range(n)]
        missed = sum(w for w, r in zip(weights, judged) if not r.covered[item])
        states.append(
            MoveState(
                item=item, box=box, rounds=n, misses=sum(not r.covered[item] for r in judged),
                recent_miss_share=missed / sum(weights) if weights else 0.0,
                due=n > 0 and coming % INTERVAL_SESSIONS[box] == 0,
            )
        )  # fmt: skip
    return tuple(states)


def plan_drill(history: Sequence[RoundVerdicts], items: Sequence[str], *, moves: int = DRILL_MOVES) -> DrillPlan:
    """The moves that are due, lowest box first, then most missed lately, then the pack's order (items' order)."""
    states = move_states(history, items)
    rank = {item: n for n, item in enumerate(items)}
    due = sorted((s for s in states if s.due), key=lambda s: (s.box, -s.recent_miss_share, rank[s.item]))
    return DrillPlan(moves=tuple(s.item for s in due[:moves]), states=states)


def drill_prompts(pack: ClosingPack, moves: Sequence[str]) -> tuple[str, ...]:
    """The pack's prompts, those that drill the first move first, then the second's...; the rest keep their order."""

    def rank(prompt: str) -> int:
        drills = pack.drills.get(prompt, ())
        return next((n for n, move in enumerate(moves) if move in drills), len(moves))

    return tuple(sorted(pack.prompts, key=rank))


def raises_concerns(moves: Sequence[str]) -> bool:
    """Whether the drill's role-play voices a concern unasked: removing a doubt is practised by answering one,
    so drilling clarify_doubts has the interviewer raise a reservation in every round, asked for or not."""
    return clarify_doubts.ID in moves


def focus_on(coaching: Coaching, moves: Sequence[str]) -> Coaching:
    """The coaching with the drilled moves first in the checklist, so a drilled move missed is the top fix."""
    items = coaching.assessment.items
    ordered = {i: items[i] for i in moves if i in items} | {i: v for i, v in items.items() if i not in moves}
    return replace(coaching, assessment=replace(coaching.assessment, items=ordered))


def describe(plan: DrillPlan, pack: ClosingPack) -> list[str]:
    """What the drill will work on and why, one line each, for the start of the session."""
    if not any(s.rounds for s in plan.states):
        return ["Drill: no stored rounds yet, so this is a normal session; drills start from the next one."]
    if not plan.moves:
        return ["Drill: every move has been covered lately and none is due this session: a normal session."]
    lines = [f"Drill: {' and '.join(pack.item(m).label for m in plan.moves)}."]
    if raises_concerns(plan.moves):
        lines[0] += " The interviewer will raise a concern each round, asked or not: answer it."
    for move in plan.moves:
        s = plan.state(move)
        record = f"missed in {s.misses} of {s.rounds} stored rounds"
        if s.box == 0:
            why = f"{record}, including the last"
        else:
            run = "the last round" if s.box == 1 else f"the last {s.box} in a row"
            every = "every session" if INTERVAL_SESSIONS[s.box] == 1 else f"every {INTERVAL_SESSIONS[s.box]} sessions"
            why = f"{record}; covered {run}, so drilled {every}"
        lines.append(f"  {pack.item(move).title}: {why} (box {s.box} of {TOP_BOX}).")
    resting = [pack.item(s.item).label for s in plan.states if s.rounds and s.item not in plan.moves and s.box >= 2]
    if resting:
        lines.append(f"  Resting (covered several times in a row, back later): {', '.join(resting)}.")
    return lines
