"""The store in the terminal: the lines `voicecoach history` and `voicecoach progress` print (pure formatting)."""

from __future__ import annotations

from voicecoach.store.progress import FLAT_POINTS, DeliveryProgress, Progress, Share
from voicecoach.store.records import RoundRecord, SessionRecord

DELIVERY_LABELS = {"wpm": "pace (words/min)", "fillers_per_100": "fillers per 100 words",
                   "long_pauses": "pauses over 1.2 s/answer"}  # fmt: skip
"""How each delivery figure is named in the progress table."""


def session_line(s: SessionRecord) -> str:
    """One session on one line: id, date, rounds, moves covered."""
    covered = f"covered {len(s.covered)}: {', '.join(s.covered)}" if s.covered else "covered none"
    cut = f" (cut off; {s.unfinished} answer{'s' * (s.unfinished != 1)} unfinished)" if s.unfinished else ""
    rounds = f"{s.rounds} round{'s' * (s.rounds != 1)}"
    return f"{s.id:>5}  {s.started:%Y-%m-%d %H:%M}  {rounds:<9} {covered}{cut}"


def history_lines(sessions: list[SessionRecord], total: int) -> list[str]:
    """Sessions newest first, one line each, and a note when only the newest are shown."""
    if not total:
        return ["No sessions saved yet: `voicecoach practice` saves each round as it goes."]
    lines = [f"{'id':>5}  {'date':<16}  {'rounds':<9} moves covered", *map(session_line, sessions)]
    if len(sessions) < total:
        lines.append(f"({len(sessions)} newest of {total} sessions; `voicecoach history --all` lists every one)")
    return lines


def session_lines(s: SessionRecord, rounds: list[RoundRecord]) -> list[str]:
    """One session's rounds: the prompt, the answer, each verdict with its evidence, role-play, feedback, audio."""
    lines = [f"Session {s.id}, {s.started:%Y-%m-%d %H:%M}, pack {s.pack}, recognizer {s.recognizer}: "
             f"{s.rounds} round{'s' * (s.rounds != 1)}" + ("" if s.ended else " (no summary: cut off)")]  # fmt: skip
    for r in rounds:
        retry = f" (try {r.attempt})" if r.attempt > 1 else ""
        lines.append(f"Round {r.number}{retry}: {r.prompt}")
        if not r.assessed:
            so_far = f"; audio so far: {r.audio_path}" if r.audio_path else ""
            lines.append(f"  cut off before it was assessed{so_far}")
            continue
        d = r.delivery or {}
        figures = ", ".join(x for x in (f"{r.answer_s:.1f} s" if r.answer_s else "",
                                        f"{d['wpm']:.0f} wpm" if d.get("wpm") else "") if x)  # fmt: skip
        lines.append(f'  answer: "{r.transcript}"' + (f" ({figures})" if figures else ""))
        for item_id, v in r.items.items():
            evidence = f'  "{v["evidence"]}"' if v.get("evidence") else ""
            lines.append(f"  {'✓' if v.get('covered') else '✗'} {item_id}{evidence}")
        if r.reservation:
            verdict = (r.rebuttal or {}).get("verdict", "not answered").replace("_", " ")
            lines.append(f'  reservation: "{r.reservation["text"]}" -> {verdict}')
        if r.feedback_spoken:
            lines.append(f'  feedback: "{r.feedback_spoken}"')
        if r.audio_path:
            lines.append(f"  audio: {r.audio_path}")
    return lines


def _n(count: int, noun: str) -> str:
    return f"{count} {noun}{'s' * (count != 1)}"


def _percent(share: Share) -> str:
    return "-" if share.share is None else f"{100 * share.share:.0f}% ({share.covered}/{share.rounds})"


def _trend(change: float | None, flat: float, unit: str) -> str:
    """"up 12 pts", "down 0.4", "steady" or "-" (no figures to compare)."""
    if change is None:
        return "-"
    if abs(change) < flat:
        return "steady"
    return f"{'up' if change > 0 else 'down'} {abs(change):.{0 if unit else 1}f}{unit}"


def _figure(value: float | None, d: DeliveryProgress) -> str:
    if d.name == "fillers_per_100" and d.rounds and not d.counted:
        return "not counted"
    return "-" if value is None else f"{value:.0f}" if d.name == "wpm" else f"{value:.1f}"


FLAT = {"wpm": (5.0, " wpm"), "fillers_per_100": (0.5, ""), "long_pauses": (0.2, "")}
"""Per delivery figure: the change shown as steady, and its unit."""


def progress_lines(p: Progress) -> list[str]:
    """The progress table: per closing move, delivery, and the streak."""
    if not p.rounds:
        return ["No rounds saved yet: `voicecoach practice` saves each round as it goes."]
    streak = _n(p.streak, "day") + ("" if p.practised_today or not p.streak else " (practise today to keep it)")
    row = "{:<26}{:<16}{:<16}{:<16}{}".format
    head = f"{_n(p.sessions, 'session')}, {_n(p.rounds, 'round')}, on {_n(p.days_practised, 'day')}; streak: {streak}"
    lines = [head, "", row("closing move", "last 7 days", "last 30 days", "all", "trend (7 days vs before)")]
    for i in p.items:
        trend = _trend(i.trend, FLAT_POINTS, " pts")
        lines.append(row(i.item_id, _percent(i.last_7), _percent(i.last_30), _percent(i.all), trend))
    lines += ["", row("delivery (per answer)", "last 7 days", "last 30 days", "all", "trend")]
    for d in p.delivery:
        not_counted = d.name == "fillers_per_100" and not d.counted
        trend = "-" if not_counted else _trend(d.trend, *FLAT[d.name])
        figures = (_figure(d.last_7, d), _figure(d.last_30, d), _figure(d.all, d))
        lines.append(row(DELIVERY_LABELS[d.name], *figures, trend))
        if d.name == "fillers_per_100" and 0 < d.counted < d.rounds:
            lines.append(f"  (fillers counted on {d.counted} of {d.rounds} answers: the other recognizer drops um/uh)")
        elif not_counted:
            lines.append("  (not counted: the recognizer used drops um and uh)")
    return lines
