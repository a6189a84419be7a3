"""`voicecoach export`: every saved session as JSON (whole) or CSV (one row per round)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import IO

from voicecoach.store.schema import SCHEMA_VERSION
from voicecoach.store.store import Store

CSV_COLUMNS = ("session", "session_started", "round", "attempt", "round_started", "prompt", "transcript", "assessed",
               "complete", "covered", "missed", "wpm", "fillers_per_100_words", "long_pauses", "questions",
               "reservation", "rebuttal_verdict", "feedback", "audio")  # fmt: skip
"""The CSV's header; `covered` and `missed` are item ids joined by spaces."""


def _sessions_oldest_first(store: Store) -> Iterator[tuple]:
    for s in reversed(store.sessions()):
        yield s, store.rounds(s.id)


def export_json(store: Store, out: IO[str]) -> int:
    """Write {"schema", "sessions": [{..., "rounds": [...]}]}, oldest session first; the number of sessions."""
    sessions = []
    for s, rounds in _sessions_oldest_first(store):
        sessions.append({
            "id": s.id, "started": s.started.isoformat(), "ended": s.ended.isoformat() if s.ended else None,
            "pack": s.pack, "recognizer": s.recognizer, "rounds_planned": s.rounds_planned,
            "rounds": [r.to_json() for r in rounds],
        })  # fmt: skip
    json.dump({"schema": SCHEMA_VERSION, "sessions": sessions}, out, ensure_ascii=False, indent=1)
    out.write("\n")
    return len(sessions)


def export_csv(store: Store, out: IO[str]) -> int:
    """Write one CSV row per round, oldest first; the number of sessions."""
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    n = 0
    for s, rounds in _sessions_oldest_first(store):
        n += 1
        for r in rounds:
            d = r.delivery or {}
            writer.writerow([
                s.id, s.started.isoformat(), r.number, r.attempt, r.started.isoformat(), r.prompt, r.transcript or "",
                int(r.assessed), int(r.complete), " ".join(r.covered), " ".join(r.missed), d.get("wpm") or "",
                _fillers(d),
                (d.get("long_pauses") or {}).get("count") if d.get("long_pauses") else "",
                len(r.questions), (r.reservation or {}).get("id", ""), (r.rebuttal or {}).get("verdict", ""),
                r.feedback_spoken or "", str(r.audio_path) if r.audio_path else "",
            ])  # fmt: skip
    return n


def _fillers(delivery: dict):
    """Fillers per 100 words for the CSV: "not counted" when the recognizer drops um/uh, empty without words."""
    if not delivery.get("fillers_trusted", True):
        return "not counted"
    per_100 = (delivery.get("fillers") or {}).get("per_100_words")
    return "" if per_100 is None else per_100
