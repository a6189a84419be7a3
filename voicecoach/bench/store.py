"""`voicecoach bench store`: how fast `history` and `progress` answer with thousands of saved sessions.

Fills a temporary VOICECOACH_HOME with N sessions (default 5,000; three rounds each, five verdicts a round,
word timings and delivery as a real round has them, spread over the last year), then times what each
command does after the interpreter has started (open the store, query, format the lines), best of
--runs, and the whole command as a user runs it (`python -m voicecoach history`, interpreter included),
beside `voicecoach --version`, which is the interpreter and the CLI's imports alone.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from voicecoach.checklist.rules import clarify_doubts, good_questions, next_steps, reservations, want_the_job
from voicecoach.store.paths import HOME_VARIABLE
from voicecoach.store.store import Store, day_of

ITEMS = tuple(rule.ID for rule in (want_the_job, reservations, clarify_doubts, next_steps, good_questions))
"""The closing pack's checklist items, in its order."""
TARGET_MS = 300.0
"""The issue's target for `history` and `progress` at 5,000 sessions."""
ROUNDS_PER_SESSION = 3


def fill(folder: Path, sessions: int, *, seed: int = 0, now: float | None = None) -> None:
    """Write `sessions` practice sessions into the store in folder, one a few hours apart going back from now."""
    rng = random.Random(seed)
    now = time.time() if now is None else now
    words = [[f"word{n}", round(0.35 * n, 3), round(0.35 * n + 0.3, 3)] for n in range(60)]
    with Store.open(folder) as store:
        db = store.db
        db.execute("BEGIN")
        for s in range(sessions):
            ts = now - (sessions - s) * 365 * 86400 / max(sessions, 1)
            sid = db.execute(
                """INSERT INTO sessions (started_ts, day, pack, recognizer, rounds_planned, ended_ts)
                   VALUES (?, ?, ?, ?, ?, ?)""",
                (ts, day_of(ts), "closing", "sphinx", ROUNDS_PER_SESSION, ts + 300),
            ).lastrowid
            for n in range(1, ROUNDS_PER_SESSION + 1):
                skill = 0.2 + 0.6 * s / max(sessions, 1)  # people get better: the trend has something to show
                items = {i: {"covered": rng.random() < skill, "score": 50.0, "confidence": 0.5,
                             "evidence": "what are the next steps"} for i in ITEMS}  # fmt: skip
                wpm, fillers, pauses = rng.uniform(110, 190), rng.uniform(0, 8), rng.randint(0, 3)
                delivery = {"words": 60, "wpm": wpm, "fillers": {"count": 2, "per_100_words": fillers, "which": {}},
                            "fillers_trusted": True, "long_pauses": {"count": pauses, "longest_s": 1.6}}  # fmt: skip
                rid = db.execute(
                    """INSERT INTO rounds (session_id, number, attempt, started_ts, prompt, transcript, words_json,
                       answer_s, keeps_fillers, items_json, delivery_json, questions_json, feedback_spoken,
                       feedback_printed_json, audio_path, assessed, complete, wpm, fillers_per_100, long_pauses)
                       VALUES (?, ?, 1, ?, ?, ?, ?, 25.0, 1, ?, ?, '[]', ?, '[]', ?, 1, 1, ?, ?, ?)""",
                    (sid, n, ts + 60 * n, "Do you have any questions for us?", " ".join(w[0] for w in words),
                     json.dumps(words), json.dumps(items), json.dumps(delivery), "Top fix: ask about next steps.",
                     f"audio/{sid}/turn-00{n}.flac", wpm, fillers, pauses),
                ).lastrowid  # fmt: skip
                verdicts = [(rid, sid, i, day_of(ts), int(v["covered"]), 0.5, v["evidence"]) for i, v in items.items()]
                db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)", verdicts)
        db.execute("COMMIT")


def _best_ms(work: Callable[[], object], runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        start = time.perf_counter()
        work()
        best = min(best, time.perf_counter() - start)
    return round(1000 * best, 1)


def _history(limit: int | None) -> Callable[[], list[str]]:
    from voicecoach.store.show import history_lines

    def work() -> list[str]:
        with Store.open(create=False) as store:
            return history_lines(store.sessions(limit=limit), store.count_sessions())

    return work


def _progress() -> list[str]:
    from voicecoach.store.progress import progress
    from voicecoach.store.show import progress_lines

    with Store.open(create=False) as store:
        return progress_lines(progress(store))


def _command_ms(args: Sequence[str], runs: int) -> float:
    """The whole command as a user runs it, interpreter start included (best of runs)."""
    def work() -> None:
        subprocess.run([sys.executable, "-m", "voicecoach", *args], check=True, capture_output=True)

    return _best_ms(work, runs)


def measure(sessions: int, *, runs: int = 5) -> dict:
    """Fill a temporary store with `sessions` sessions and time history and progress on it."""
    before = os.environ.get(HOME_VARIABLE)
    with tempfile.TemporaryDirectory(prefix="voicecoach-bench-store-") as home:
        os.environ[HOME_VARIABLE] = home
        try:
            start = time.perf_counter()
            fill(Path(home), sessions)
            fill_s = time.perf_counter() - start
            result = {
                "sessions": sessions, "rounds": sessions * ROUNDS_PER_SESSION, "fill_s": round(fill_s, 2),
                "db_mb": round(Path(home, "voicecoach.db").stat().st_size / 1e6, 1),
                "history_ms": _best_ms(_history(20), runs), "history_all_ms": _best_ms(_history(None), runs),
                "progress_ms": _best_ms(_progress, runs),
                "history_command_ms": _command_ms(["history"], max(1, runs // 2)),
                "progress_command_ms": _command_ms(["progress"], max(1, runs // 2)),
                "startup_ms": _command_ms(["--version"], max(1, runs // 2)),
                "target_ms": TARGET_MS,
            }  # fmt: skip
        finally:
            if before is None:
                os.environ.pop(HOME_VARIABLE, None)
            else:
                os.environ[HOME_VARIABLE] = before
    return result


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="voicecoach bench store", description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, nargs="+", default=[5000], help="store sizes (default: 5000)")
    parser.add_argument("--runs", type=int, default=5, help="best of this many runs (default %(default)s)")
    parser.add_argument("--json", action="store_true", help="print JSON, one object per store size")
    args = parser.parse_args(argv)
    for n in args.sessions:
        r = measure(n, runs=args.runs)
        if args.json:
            print(json.dumps(r), flush=True)
            continue
        print(f"{n} sessions ({r['rounds']} rounds, {r['db_mb']} MB, filled in {r['fill_s']} s):", flush=True)
        for name, key in (("history (newest 20)", "history_ms"), ("history --all", "history_all_ms"),
                          ("progress", "progress_ms")):  # fmt: skip
            print(f"  {name:<22}{r[key]:>8.1f} ms in process")
        for name, key in (("voicecoach history", "history_command_ms"), ("voicecoach progress", "progress_command_ms")):
            print(f"  {name:<22}{r[key]:>8.1f} ms as a command (interpreter start included)")
        print(f"  {'voicecoach --version':<22}{r['startup_ms']:>8.1f} ms: the interpreter and the CLI's imports alone")
    return 0
