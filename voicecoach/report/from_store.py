"""The store's records turned into a Report: the one place the report knows how rounds are saved.

Reads `voicecoach.store`'s read API only (SessionRecord, RoundRecord, SessionFigures, ItemOutcome); the pack
gives the titles, tips and the sentence to say for missed items.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import datetime

from voicecoach.packs.pack import ClosingPack
from voicecoach.report.model import (
    CoveredItem,
    Delivery,
    Exchange,
    MissedItem,
    ProgressPoint,
    Report,
    ReportRound,
    ReportSession,
)

STARTED_FORMAT = "%Y-%m-%d %H:%M"
"""How a session's start reads in the report."""
CHART_SESSIONS = 60
"""The charts show the latest this many sessions: more points than that would not fit, and the file would grow
with every session ever practised."""
CHART_LABEL_FORMAT = "#{id} %m-%d"
"""A session on a chart's x axis: its id (as `history` shows it) and day, short, so eight of them fit."""


def build_report(store, pack: ClosingPack, sessions: Sequence, *, now: datetime | None = None) -> Report:
    """A report on these stored sessions (SessionRecords), with progress over every stored session."""
    detailed = tuple(report_session(s, store.rounds(s.id), pack) for s in sessions)
    title = "voicecoach report" if len(detailed) != 1 else f"voicecoach report: session {detailed[0].started}"
    return Report(
        sessions=detailed,
        items=tuple((item.id, item.title) for item in pack.items),
        progress=progress_points(store.session_figures()[-CHART_SESSIONS:]),
        title=title,
        generated=f"Made {(now or datetime.now()).strftime(STARTED_FORMAT)}; everything in this file stays on "
                  "this machine.",
    )  # fmt: skip


def report_session(record, rounds: Iterable, pack: ClosingPack) -> ReportSession:
    """One SessionRecord and its RoundRecords as a ReportSession."""
    return ReportSession(
        id=str(record.id),
        started=record.started.strftime(STARTED_FORMAT),
        rounds=tuple(report_round(r, pack) for r in rounds),
        pack=record.pack,
        recognizer=record.recognizer,
    )


def report_round(r, pack: ClosingPack) -> ReportRound:
    """One RoundRecord as a ReportRound: verdicts with evidence, missed items with the sentence to say, role-play."""
    known = {item.id for item in pack.items}
    covered = tuple(
        CoveredItem(i, pack.item(i).title, v.get("evidence"))
        for i, v in r.items.items() if v.get("covered") and i in known
    )  # fmt: skip
    missed = tuple(
        MissedItem(i, pack.item(i).title, pack.item(i).tip, pack.item(i).example)
        for i, v in r.items.items() if not v.get("covered") and i in known
    )  # fmt: skip
    return ReportRound(
        number=r.number, prompt=r.prompt, transcript=r.transcript or "", covered=covered, missed=missed,
        delivery=delivery(r.delivery) if r.delivery else None, roleplay=roleplay(r), feedback=r.feedback_spoken,
        audio=r.audio_path, rebuttal_audio=r.rebuttal_audio_path, attempt=r.attempt, complete=r.assessed,
    )  # fmt: skip


def delivery(d: dict) -> Delivery:
    """The `assess --json` delivery object as report figures; fillers only when the recognizer keeps them."""
    fillers = d.get("fillers") or {}
    pauses = d.get("long_pauses") or {}
    trusted = d.get("fillers_trusted", True)
    return Delivery(
        words=d.get("words") or 0, wpm=d.get("wpm"), duration_s=d.get("duration_s"),
        fillers_per_100=fillers.get("per_100_words") if trusted else None,
        fillers=tuple((fillers.get("which") or {}).items()) if trusted else (),
        hedges=tuple(d.get("hedges") or ()), long_pauses=pauses.get("count"), longest_pause_s=pauses.get("longest_s"),
    )  # fmt: skip


def roleplay(r) -> tuple[Exchange, ...]:
    """The exchange after the answer: the person's questions and the interviewer's replies, the doubt and its answer."""
    lines = []
    for reply in r.interviewer:
        if reply.get("question"):
            lines.append(Exchange("you", reply["question"]))
        lines.append(Exchange("interviewer", reply["text"]))
    if r.reservation:
        lines.append(Exchange("interviewer", r.reservation["text"]))
        if r.rebuttal:
            verdict = (r.rebuttal.get("verdict") or "").replace("_", " ")
            lines.append(Exchange("you", r.rebuttal.get("transcript") or "", note=verdict or None))
    return tuple(lines)


def progress_points(figures: Iterable) -> tuple[ProgressPoint, ...]:
    """SessionFigures (oldest first) as chart points."""
    return tuple(
        ProgressPoint(
            label=datetime.fromtimestamp(f.started).strftime(CHART_LABEL_FORMAT.replace("{id}", str(f.session_id))),
            coverage=dict(f.covered_share),
            wpm=f.wpm, fillers_per_100=f.fillers_per_100, long_pauses=f.long_pauses,
        )
        for f in figures
    )  # fmt: skip

