"""The store's schema, versioned with `PRAGMA user_version`; each migration is a function, run in order.

`connect(path)` opens (or makes) the database and brings it up to SCHEMA_VERSION in one transaction per
step. A file that is not a database, or one written by a newer voicecoach, raises StoreError with one line
and is left exactly as it was.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Callable
from pathlib import Path


class StoreError(Exception):
    """The store cannot be used as it is (corrupt, newer, unwritable): one line for the person, exit 2."""


def _run(db: sqlite3.Connection, script: str) -> None:
    """Run statements one by one: executescript() would commit the migration's transaction half way."""
    statement = ""
    for line in script.splitlines(keepends=True):
        statement += line
        if sqlite3.complete_statement(statement):
            db.execute(statement)
            statement = ""


def _v1(db: sqlite3.Connection) -> None:
    """Sessions and rounds: each round's verdicts, delivery and questions as JSON."""
    _run(db, """
        CREATE TABLE sessions (
            id INTEGER PRIMARY KEY,
            started_ts REAL NOT NULL,       -- seconds since the epoch
            day TEXT NOT NULL,              -- the local date it began, YYYY-MM-DD
            pack TEXT NOT NULL,
            recognizer TEXT NOT NULL,
            rounds_planned INTEGER NOT NULL,
            ended_ts REAL                   -- NULL: no summary came (killed, or still running)
        );
        CREATE TABLE rounds (
            id INTEGER PRIMARY KEY,
            session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
            number INTEGER NOT NULL,        -- from 1, in the order asked (a retry is a round of its own)
            attempt INTEGER NOT NULL DEFAULT 1,
            started_ts REAL NOT NULL,
            prompt TEXT NOT NULL,
            transcript TEXT,
            words_json TEXT,                -- [[word, start_s, end_s], ...]
            answer_s REAL,
            keeps_fillers INTEGER,
            items_json TEXT,                -- {item_id: {covered, score, confidence, evidence}}
            delivery_json TEXT,             -- the `assess --json` delivery object
            questions_json TEXT,            -- [{text, kind}]
            interviewer_json TEXT,          -- [{text, kind, question}] the interviewer's replies
            reservation_json TEXT,          -- {id, text} the reservation raised
            rebuttal_json TEXT,             -- the rebuttal_assessed event's fields
            feedback_spoken TEXT,
            feedback_printed_json TEXT,     -- [line, ...]
            audio_path TEXT,                -- relative to the data folder
            rebuttal_audio_path TEXT,
            assessed INTEGER NOT NULL DEFAULT 0,
            complete INTEGER NOT NULL DEFAULT 0  -- 1 once the feedback was given; 0 with audio: cut off mid-answer
        );
    """)


def _v2(db: sqlite3.Connection) -> None:
    """One row per checklist verdict and the delivery figures as columns, indexed for progress and history."""
    _run(db, """
        CREATE TABLE items (
            round_id INTEGER NOT NULL REFERENCES rounds(id) ON DELETE CASCADE,
            session_id INTEGER NOT NULL,
            item_id TEXT NOT NULL,
            day TEXT NOT NULL,
            covered INTEGER NOT NULL,
            confidence REAL,
            evidence TEXT,
            PRIMARY KEY (round_id, item_id)
        ) WITHOUT ROWID;
        CREATE INDEX items_by_item_day ON items(item_id, day, covered);
        CREATE INDEX items_by_session ON items(session_id, item_id, covered);
        CREATE INDEX rounds_by_session ON rounds(session_id, number);
        CREATE INDEX sessions_by_time ON sessions(started_ts);
        CREATE INDEX sessions_by_day ON sessions(day);
        ALTER TABLE rounds ADD COLUMN wpm REAL;
        ALTER TABLE rounds ADD COLUMN fillers_per_100 REAL;   -- NULL when the recognizer drops fillers
        ALTER TABLE rounds ADD COLUMN long_pauses INTEGER;
    """)
    rows = db.execute("""SELECT r.id, r.session_id, s.day, r.items_json, r.delivery_json
                         FROM rounds r JOIN sessions s ON s.id = r.session_id WHERE r.assessed""").fetchall()
    for round_id, session_id, day, items_json, delivery_json in rows:
        db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)",
                       item_rows(round_id, session_id, day, json.loads(items_json or "{}")))
        db.execute("UPDATE rounds SET wpm = ?, fillers_per_100 = ?, long_pauses = ? WHERE id = ?",
                   (*delivery_figures(json.loads(delivery_json or "{}")), round_id))


def item_rows(round_id: int, session_id: int, day: str, items: dict) -> list[tuple]:
    """The items table's rows for one round's verdicts (`{item_id: {covered, confidence, evidence, ...}}`)."""
    return [(round_id, session_id, item_id, day, int(bool(v.get("covered"))), v.get("confidence"), v.get("evidence"))
            for item_id, v in items.items()]  # fmt: skip


def delivery_figures(delivery: dict) -> tuple[float | None, float | None, int | None]:
    """(wpm, fillers per 100 words or None when not counted, long pauses) from a delivery JSON object."""
    fillers = delivery.get("fillers") or {}
    trusted = delivery.get("fillers_trusted", True)
    per_100 = fillers.get("per_100_words") if trusted else None
    return delivery.get("wpm"), per_100, (delivery.get("long_pauses") or {}).get("count")


def _v3(db: sqlite3.Connection) -> None:
    """Progress reads per day, not per round: item_days, kept by triggers; and a covering index of each round's
    state and delivery figures, so progress and history never read the wide rows (a round's JSON columns spill
    to overflow pages, and `assessed` sits after them)."""
    _run(db, """
        CREATE INDEX rounds_figures ON rounds(session_id, assessed, wpm, fillers_per_100, long_pauses);
        CREATE TABLE item_days (
            item_id TEXT NOT NULL,
            day TEXT NOT NULL,
            covered INTEGER NOT NULL,       -- rounds that day that covered the item
            rounds INTEGER NOT NULL,        -- rounds that day that were assessed
            PRIMARY KEY (item_id, day)
        ) WITHOUT ROWID;
        CREATE TRIGGER item_days_insert AFTER INSERT ON items BEGIN
            INSERT INTO item_days VALUES (NEW.item_id, NEW.day, NEW.covered, 1)
            ON CONFLICT (item_id, day) DO UPDATE SET covered = covered + NEW.covered, rounds = rounds + 1;
        END;
        CREATE TRIGGER item_days_delete AFTER DELETE ON items BEGIN
            UPDATE item_days SET covered = covered - OLD.covered, rounds = rounds - 1
            WHERE item_id = OLD.item_id AND day = OLD.day;
        END;
        CREATE TRIGGER item_days_update AFTER UPDATE OF covered ON items BEGIN
            UPDATE item_days SET covered = covered - OLD.covered + NEW.covered
            WHERE item_id = NEW.item_id AND day = NEW.day;
        END;
        INSERT INTO item_days SELECT item_id, day, SUM(covered), COUNT(*) FROM items GROUP BY item_id, day;
    """)


MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1, _v2, _v3)
"""Migration n (from 1) brings a database from version n-1 to n; never edit one that has shipped, add one."""
SCHEMA_VERSION = len(MIGRATIONS)
"""The version this voicecoach writes."""


def damaged(path: Path, exc: sqlite3.Error) -> StoreError:
    """The one line for a database SQLite cannot read."""
    return StoreError(f"{path}: not a voicecoach store or damaged ({exc}); "
                      "move it aside or run `voicecoach forget --all`")


def connect(path: Path, *, upto: int = SCHEMA_VERSION) -> sqlite3.Connection:
    """Open the database at path (made if missing), migrated to `upto` (tests stop early to test migrations)."""
    try:
        # autocommit (transactions are explicit); any thread: the voice may report from its own (callers lock)
        db = sqlite3.connect(path, isolation_level=None, timeout=10.0, check_same_thread=False)
    except sqlite3.Error as exc:
        raise StoreError(f"{path}: cannot open the store ({exc})") from None
    try:
        version = db.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise StoreError(f"{path}: written by a newer voicecoach (schema {version}, this one reads up to "
                             f"{SCHEMA_VERSION}); upgrade voicecoach, or move it aside or run `voicecoach forget --all`"
                             )
        # no integrity check here: it reads the whole file (150 ms at 5,000 sessions); damage found by a query
        # later is reported the same way (Store.__exit__)
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")  # WAL + NORMAL: a crash of the process loses nothing committed
        db.execute("PRAGMA foreign_keys = ON")
        for n in range(version + 1, upto + 1):
            db.execute("BEGIN IMMEDIATE")
            MIGRATIONS[n - 1](db)
            db.execute(f"PRAGMA user_version = {n}")
            db.execute("COMMIT")
    except sqlite3.DatabaseError as exc:
        db.close()
        raise damaged(path, exc) from None
    except BaseException:
        db.close()
        raise
    return db
