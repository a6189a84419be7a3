"""Interviewer role-play: raise a reservation, answer questions, judge the candidate's rebuttal."""

from __future__ import annotations

import random
import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from voicecoach.checklist.rules import next_steps
from voicecoach.coaching.questions import Question
from voicecoach.packs.pack import ClosingPack, InterviewerStyle, Reservation

PHRASE_SCORE = 88.0
"""rapidfuzz partial_ratio at or above which a cue phrase counts as said (absorbs recognizer slips)."""
EXACT_BELOW = 10
"""Cue phrases shorter than this many characters must match exactly, whole words: fuzzy hits on short ones are noise."""
DEFAULT_STYLE = "warm"

# What removes a doubt (recruiter advice, coaching-facts.md "clarify_doubts"): own the concern,
# prove the opposite with an example, turn it toward the role, and check that it landed.
ACKNOWLEDGE = (
    "that's a fair point",
    "that's a fair worry",
    "that's fair",
    "that's a fair question",
    "fair question",
    "good question",
    "good point",
    "i understand",
    "i can see why",
    "i see why",
    "i see what you mean",
    "you're right",
    "you are right",
    "that's true",
    "it's true",
    "that's right",
    "i hear you",
    "thanks for raising",
    "thank you for raising",
    "i appreciate you raising",
    "that's a reasonable concern",
    "that's a valid concern",
    "i get that",
    "i haven't",
    "i have not",
    "that may be true",
)
EVIDENCE = (
    "for example",
    "for instance",
    "in my last role",
    "in my last job",
    "in my previous role",
    "in my previous job",
    "in my current role",
    "in my current job",
    "at my last company",
    "last year",
    "i was responsible for",
    "certification",
    "certified",
    "course",
)
# "I led", "I've delivered", "I trained": a first-person past action is an example in the making.
_PAST_ACTION = re.compile(
    r"\bi(?:'ve| have)? (?:also |already |recently |successfully )?"
    r"(led|managed|mentored|coached|trained|ran|built|delivered|launched|presented|handled|grew|"
    r"finished|completed|took|learned|learnt|used|did|worked|moved|started|created|taught|won|wrote|"
    r"organised|organized|hired|reduced|increased|saved|improved|negotiated|supervised|designed|"
    r"visited|found|asked|researched|studied|practised|practiced|volunteered|stayed|accepted|arranged)\b"
)
_QUANTITY = re.compile(
    r"\b(?:\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|fifteen|twenty|thirty|fifty|hundred)"
    r"(?: \w+)? (?:years?|months?|weeks?|people|engineers|projects?|clients?|customers|percent|reports|juniors"
    r"|members)\b"
)
ROLE_LINKS = (
    "this role",
    "the role",
    "this position",
    "this job",
    "your team",
    "your company",
    "here",
    "join",
    "what you need",
    "you're looking for",
    "day one",
    "week one",
    "first day",
)
_FORWARD = r"\b(?:i'd|i would|i will|i'll|i can|i could|i want to|i'm|i am|i plan to)\b"
CHECK_BACK = (
    "does that address your concern",
    "does that answer your question",
    "does that answer it",
    "does that address it",
    "does that help",
    "does that make sense",
    "does that reassure you",
    "does that put your mind at ease",
    "does that put your mind at rest",
    "is that helpful",
    "would that work for you",
    "how does that sound",
    "is there anything else i can clarify",
    "have i addressed your concern",
    "did that answer your question",
)
DISMISSIVE = (
    "that's not true",
    "i disagree",
    "that's not a problem",
    "that doesn't matter",
    "it doesn't matter",
    "that's not an issue",
    "that won't be a problem",
    "that's wrong",
    "i don't see why",
    "not a concern",
    "nothing to worry about",
    "you don't need to worry",
)

TIPS = {
    "dismissive": "Don't brush the concern off: call it fair, then show with an example why it needn't worry them.",
    "evidence": "Give one concrete example, with a number if you can, that shows the concern doesn't apply.",
    "acknowledge": "Start by acknowledging the concern, for example: \"That's a fair question.\"",
    "reframe": "Tie your answer back to this role: say what your example means for the job you'd be doing here.",
    "check_back": "Finish by checking back: \"Does that address your concern?\"",
    "done": "Keep that shape: acknowledge, give an example, link it to the role, and check back.",
}
"""One tip per missing criterion, in the order they are given."""


@dataclass(frozen=True)
class Criterion:
    """One thing a good rebuttal does, and the words that show it."""

    met: bool
    evidence: str | None
    """The words of the answer that show it, or None."""


@dataclass(frozen=True)
class RebuttalVerdict:
    """How well an answer removed the interviewer's reservation."""

    reservation_id: str
    acknowledge: Criterion
    evidence: Criterion
    reframe: Criterion
    check_back: Criterion
    dismissive: Criterion
    """Met when the answer brushed the concern off ("that doesn't matter")."""
    verdict: str
    """"removes_doubt", "partly" or "leaves_doubt"."""
    tip: str
    """The one thing to do better."""
    better: str
    """A rebuttal that removes this doubt, from the pack."""

    @property
    def criteria(self) -> dict[str, Criterion]:
        return {
            "acknowledge": self.acknowledge,
            "evidence": self.evidence,
            "reframe": self.reframe,
            "check_back": self.check_back,
        }

    def to_json(self) -> dict:
        """For the `rebuttal_assessed` event."""
        return {
            "reservation": self.reservation_id,
            "verdict": self.verdict,
            "criteria": {k: {"met": c.met, "evidence": c.evidence} for k, c in self.criteria.items()},
            "dismissive": {"met": self.dismissive.met, "evidence": self.dismissive.evidence},
            "tip": self.tip,
        }


def _normalise(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: the form the cue lists are written in."""
    # Punctuation goes: recognizer text has none, and typed text should match the same way.
    return " ".join(re.sub(r"[^\w' ]+", " ", text.lower().replace("\u2019", "'")).split())


def words_matching(text: str, phrases: Sequence[str], *, score_cutoff: float = PHRASE_SCORE) -> str | None:
    """The words of text that best match any of phrases, or None; text must be normalised."""
    best, found = 0.0, None
    for phrase in phrases:
        if len(phrase) < EXACT_BELOW:
            match = re.search(rf"(?<![\w']){re.escape(phrase)}(?![\w'])", text)
            if match and 100.0 > best:
                best, found = 100.0, match.group(0)
            continue
        hit = fuzz.partial_ratio_alignment(phrase, text, score_cutoff=score_cutoff)
        if hit is not None and hit.score > best:
            best, found = hit.score, _whole_words(text, hit.dest_start, hit.dest_end, phrase)
    return found


def _whole_words(text: str, start: int, end: int, phrase: str) -> str:
    """The span widened to whole words ("does that answer y") and trimmed of words the phrase lacks."""
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    words, wanted = text[start:end].split(), set(phrase.split())
    while len(words) > 1 and words[0] not in wanted:
        words.pop(0)
    while len(words) > 1 and words[-1] not in wanted:
        words.pop()
    return " ".join(words)


def assess_rebuttal(
    text: str,
    reservation: Reservation,
    *,
    score_cutoff: float = PHRASE_SCORE,
) -> RebuttalVerdict:
    """Judge an answer to a reservation: acknowledge, evidence, reframe toward the role, check back."""
    said = _normalise(text)

    acknowledged = words_matching(said, ACKNOWLEDGE, score_cutoff=score_cutoff)
    example = words_matching(said, EVIDENCE, score_cutoff=score_cutoff)
    if example is None:
        action = _PAST_ACTION.search(said)
        amount = _QUANTITY.search(said)
        example = action.group(0) if action else amount.group(0) if amount else None
    reframed = words_matching(said, ROLE_LINKS, score_cutoff=score_cutoff)
    if reframed is None and reservation.reframe:
        # The doubt's own words, said about the future ("I'd stay for the long term").
        words = "|".join(re.escape(w.lower()) for w in reservation.reframe)
        forward = re.search(rf"{_FORWARD}(?:\W+[\w']+){{0,7}}?\W+(?:{words})\b", said)
        reframed = forward.group(0) if forward else None
    checked = words_matching(said, CHECK_BACK, score_cutoff=score_cutoff)
    if checked is None:
        # Any closing question about whether it landed: "does that settle it?"
        tail = re.search(r"\b(?:does|did|has|have|would|is) (?:that|this|i|it) [\w' ]{0,30}?"
                         r"\b(?:address|answer|help|reassure|concern|work|clear|settle|sense|ease|rest)\w*\b", said)
        checked = tail.group(0) if tail else None
    dismissed = words_matching(said, DISMISSIVE, score_cutoff=score_cutoff)

    criteria = {
        "acknowledge": Criterion(acknowledged is not None, acknowledged),
        "evidence": Criterion(example is not None, example),
        "reframe": Criterion(reframed is not None, reframed),
        "check_back": Criterion(checked is not None, checked),
    }
    met = sum(c.met for c in criteria.values())
    # Evidence is what actually changes a mind; the rest makes it land.
    if criteria["evidence"].met and met >= 3 and dismissed is None:
        verdict = "removes_doubt"
    elif criteria["evidence"].met or met >= 2:
        verdict = "partly"
    else:
        verdict = "leaves_doubt"
    if dismissed is not None:
        tip = TIPS["dismissive"]
    else:
        tip = next((TIPS[k] for k in ("evidence", "acknowledge", "reframe", "check_back") if not criteria[k].met),
                   TIPS["done"])
    return RebuttalVerdict(
        reservation_id=reservation.id,
        dismissive=Criterion(dismissed is not None, dismissed),
        verdict=verdict,
        tip=tip,
        better=reservation.example,
        **criteria,
    )


@dataclass(frozen=True)
class InterviewerLine:
    """One thing the interviewer says, and why."""

    kind: str
    """"answer", "reservation", "no_reservation", or the next steps item's id when it tells the next steps."""
    text: str
    question: str | None = None
    """The candidate's question it answers."""


@dataclass(frozen=True)
class InterviewerReply:
    """What the interviewer says after the candidate's close."""

    lines: tuple[InterviewerLine, ...]
    reservation: Reservation | None
    """The reservation raised (last line): the candidate's next answer is a rebuttal to it."""

    @property
    def text(self) -> str:
        return " ".join(line.text for line in self.lines)


def style_of(pack: ClosingPack, style: str | None) -> InterviewerStyle | None:
    """The named style, else the default, else the pack's first; None when the pack has none."""
    if not pack.styles:
        return None
    if style is not None and style not in pack.styles:
        raise KeyError(f"no interviewer style {style!r} in pack {pack.name} (styles: {', '.join(pack.styles)})")
    return pack.styles.get(style or DEFAULT_STYLE) or next(iter(pack.styles.values()))


def pick_reservation(pack: ClosingPack, *, rng: random.Random, used: Collection[str] = ()) -> Reservation | None:
    """A reservation not raised yet in this session, at random; None when all are used."""
    left = [r for r in pack.reservations if r.id not in used]
    return rng.choice(left) if left else None


def raise_reservation(pack: ClosingPack, reservation: Reservation, *, style: str | None = None) -> str:
    """What the interviewer says to raise a reservation, in its style."""
    chosen = style_of(pack, style)
    name = chosen.name if chosen else DEFAULT_STYLE
    text = reservation.text_for(name)
    return chosen.raise_template.format(reservation=text) if chosen else f"One concern I have is {text}"


def next_steps_answer(pack: ClosingPack, *, rng: random.Random, style: str | None = None) -> str | None:
    """A plausible hiring timeline, in the style; None without role-play content."""
    chosen = style_of(pack, style)
    return rng.choice(chosen.next_steps) if chosen else None


def answer_question(pack: ClosingPack, question: str, *, rng: random.Random, style: str | None = None) -> str | None:
    """A short plausible answer: the pack's answer for the question's topic, else a style's stock answer."""
    said = _normalise(question)
    for answer in pack.interviewer_answers:
        if words_matching(said, [a.lower() for a in answer.about]) is not None:
            return answer.text
    chosen = style_of(pack, style)
    return rng.choice(chosen.answers) if chosen else None


def react_to_rebuttal(pack: ClosingPack, verdict: RebuttalVerdict, *, rng: random.Random,
                      style: str | None = None) -> str | None:
    """The interviewer's reaction to a rebuttal: satisfied only when it removed the doubt."""
    chosen = style_of(pack, style)
    if chosen is None:
        return None
    return rng.choice(chosen.after_strong if verdict.verdict == "removes_doubt" else chosen.after_weak)


def interviewer_reply(
    pack: ClosingPack,
    questions: Sequence[Question],
    *,
    rng: random.Random,
    style: str | None = None,
    asked_reservations: bool = False,
    used: Collection[str] = (),
    max_answers: int = 3,
) -> InterviewerReply:
    """Reply to the candidate's questions in order; a reservation, when asked for, comes last.

    asked_reservations: the matcher found the reservations item even if no question form did
    ("I'd like to hear any concerns you have"). used: reservation ids raised earlier.
    """
    lines: list[InterviewerLine] = []
    answered_process = False
    wants_reservation = asked_reservations
    for question in questions:
        if question.kind == "reservation":
            wants_reservation = True
        elif question.kind == "process":
            if not answered_process:  # one timeline answers "next steps" and "when will I hear"
                text = next_steps_answer(pack, rng=rng, style=style)
                if text:
                    lines.append(InterviewerLine(next_steps.ID, text, question.text))
                answered_process = True
        elif sum(line.kind == "answer" for line in lines) < max_answers:
            text = answer_question(pack, question.text, rng=rng, style=style)
            if text:
                lines.append(InterviewerLine("answer", text, question.text))
    reservation = None
    if wants_reservation:
        reservation = pick_reservation(pack, rng=rng, used=used)
        if reservation is not None:
            lines.append(InterviewerLine("reservation", raise_reservation(pack, reservation, style=style)))
        elif (chosen := style_of(pack, style)) is not None:
            lines.append(InterviewerLine("no_reservation", chosen.no_reservation))
    return InterviewerReply(tuple(lines), reservation)
