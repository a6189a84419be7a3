"""The store: every practice round in SQLite, read back for history, progress, export, reports and drills.

Writes come from the session's events (voicecoach.store.recorder); each is one short transaction, so a
kill loses nothing that was committed. Reads are the public API in the package docstring.
"""

from __future__ import annotations

import json
import os
import sqlite3
import time
from pathlib import Path

from voicecoach.store.paths import data_dir, db_path, make_private_dir
from voicecoach.store.records import ItemOutcome, RoundRecord, SessionFigures, SessionRecord, loads, local_time
from voicecoach.store.schema import StoreError, connect, damaged, delivery_figures, item_rows

_SESSION_SQL = """
    SELECT s.id, s.started_ts, s.day, s.pack, s.recognizer, s.rounds_planned, s.ended_ts,
           (SELECT COUNT(*) FROM rounds r WHERE r.session_id = s.id AND r.assessed = 1),
           (SELECT group_concat(item_id) FROM (SELECT item_id FROM items i
                                              WHERE i.session_id = s.id AND i.covered = 1 GROUP BY item_id)),
           (SELECT COUNT(*) FROM rounds r WHERE r.session_id = s.id AND r.assessed = 0 AND r.audio_path IS NOT NULL)
    FROM sessions s
"""


def day_of(ts: float) -> str:
    """The local date of a time, YYYY-MM-DD: how days are counted for streaks and windows."""
    return time.strftime("%Y-%m-%d", time.localtime(ts))


class Store:
    """The saved sessions in one data folder; `Store.open()` for the person's own, `Store.open(folder)` for another."""

    def __init__(self, db: sqlite3.Connection, folder: Path):
        self.db = db
        self.folder = folder
        """The data folder (audio paths in the database are relative to it)."""

    @classmethod
    def open(cls, folder: Path | None = None, *, create: bool = True) -> Store | None:
        """The store in folder (default: the data folder); None when create=False and nothing is saved yet."""
        folder = folder or data_dir()
        path = db_path(folder)
        if not create and not path.exists():
            return None
        try:
            make_private_dir(folder)
        except OSError as exc:
            raise StoreError(f"{folder}: cannot make the data folder ({exc.strerror})") from None
        store = cls(connect(path), folder)
        if os.name == "posix":
            os.chmod(path, 0o600)
        return store

    def close(self) -> None:
        self.db.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, kind, exc, tb) -> None:
        self.close()
        if isinstance(exc, sqlite3.OperationalError) and "locked" in str(exc):
            raise StoreError(f"{db_path(self.folder)}: busy ({exc}); another voicecoach is writing to it") from None
        if isinstance(exc, sqlite3.DatabaseError):
            raise damaged(db_path(self.folder), exc) from None

    # ------------------------------------------------------------ reading

    def count_sessions(self) -> int:
        return self.db.execute("SELECT COUNT(*) FROM sessions").fetchone()[0]

    def sessions(self, *, limit: int | None = None, offset: int = 0) -> list[SessionRecord]:
        """Sessions newest first (all when limit is None)."""
        rows = self.db.execute(_SESSION_SQL + " ORDER BY s.started_ts DESC, s.id DESC LIMIT ? OFFSET ?",
                               (-1 if limit is None else limit, offset)).fetchall()
        return [self._session(row) for row in rows]

    def session(self, session_id: int) -> SessionRecord | None:
        row = self.db.execute(_SESSION_SQL + " WHERE s.id = ?", (session_id,)).fetchone()
        return self._session(row) if row else None

    def last_session(self) -> SessionRecord | None:
        """The newest session."""
        found = self.sessions(limit=1)
        return found[0] if found else None

    def rounds(self, session_id: int) -> list[RoundRecord]:
        """A session's rounds in the order asked, cut-off ones included (`assessed` False)."""
        rows = self.db.execute("SELECT * FROM rounds WHERE session_id = ? ORDER BY number, id", (session_id,))
        names = [d[0] for d in rows.description]
        return [self._round(dict(zip(names, row))) for row in rows.fetchall()]

    def item_outcomes(self, *, since_day: str | None = None) -> list[ItemOutcome]:
        """Every checklist verdict of every assessed round, oldest first (since a local date YYYY-MM-DD)."""
        rows = self.db.execute("""
            SELECT i.session_id, i.round_id, r.started_ts, i.day, i.item_id, i.covered
            FROM items i JOIN rounds r ON r.id = i.round_id
            WHERE i.day >= ? ORDER BY r.started_ts, r.id""", (since_day or "",)).fetchall()
        return [ItemOutcome(s, r, ts, day, item, bool(c)) for s, r, ts, day, item, c in rows]

    def session_figures(self) -> list[SessionFigures]:
        """Per session with assessed rounds, oldest first: covered share per item and delivery averages."""
        shares: dict[int, dict[str, float]] = {}
        for session_id, item_id, share in self.db.execute(
            "SELECT session_id, item_id, AVG(covered) FROM items GROUP BY session_id, item_id"
        ):
            shares.setdefault(session_id, {})[item_id] = share
        rows = self.db.execute("""
            SELECT s.id, s.started_ts, s.day, COUNT(r.id), AVG(r.wpm), AVG(r.fillers_per_100), AVG(r.long_pauses)
            FROM sessions s JOIN rounds r ON r.session_id = s.id AND r.assessed
            GROUP BY s.id ORDER BY s.started_ts, s.id""").fetchall()
        return [SessionFigures(i, ts, day, n, shares.get(i, {}), wpm, fillers, pauses)
                for i, ts, day, n, wpm, fillers, pauses in rows]  # fmt: skip

    def _session(self, row) -> SessionRecord:
        i, started, day, pack, recognizer, planned, ended, rounds, covered, unfinished = row
        return SessionRecord(
            id=i, started=local_time(started), day=day, pack=pack, recognizer=recognizer, rounds_planned=planned,
            ended=local_time(ended) if ended else None, rounds=rounds,
            covered=tuple(covered.split(",")) if covered else (), unfinished=unfinished,
        )  # fmt: skip

    def _round(self, r: dict) -> RoundRecord:
        return RoundRecord(
            id=r["id"], session_id=r["session_id"], number=r["number"], attempt=r["attempt"],
            started=local_time(r["started_ts"]), prompt=r["prompt"], transcript=r["transcript"],
            words=tuple(tuple(w) for w in loads(r["words_json"], [])), answer_s=r["answer_s"],
            keeps_fillers=None if r["keeps_fillers"] is None else bool(r["keeps_fillers"]),
            items=loads(r["items_json"], {}), delivery=loads(r["delivery_json"]),
            questions=tuple(loads(r["questions_json"], [])), interviewer=tuple(loads(r["interviewer_json"], [])),
            reservation=loads(r["reservation_json"]), rebuttal=loads(r["rebuttal_json"]),
            feedback_spoken=r["feedback_spoken"], feedback_printed=tuple(loads(r["feedback_printed_json"], [])),
            audio_path=self.folder / r["audio_path"] if r["audio_path"] else None,
            rebuttal_audio_path=self.folder / r["rebuttal_audio_path"] if r["rebuttal_audio_path"] else None,
            assessed=bool(r["assessed"]), complete=bool(r["complete"]),
        )  # fmt: skip

    # ------------------------------------------------------------ writing (the recorder's side)

    def begin_session(self, *, pack: str, recognizer: str, rounds_planned: int, ts: float | None = None) -> int:
        """A new session; its id."""
        ts = time.time() if ts is None else ts
        cur = self.db.execute(
            "INSERT INTO sessions (started_ts, day, pack, recognizer, rounds_planned) VALUES (?, ?, ?, ?, ?)",
            (ts, day_of(ts), pack, recognizer, rounds_planned),
        )
        return cur.lastrowid

    def end_session(self, session_id: int, ts: float | None = None) -> None:
        ended = time.time() if ts is None else ts
        self.db.execute("UPDATE sessions SET ended_ts = ? WHERE id = ?", (ended, session_id))

    def start_round(self, session_id: int, *, number: int, attempt: int, prompt: str, audio_path: Path | None = None,
                    ts: float | None = None) -> int:  # fmt: skip
        """A round whose answer is being heard (not assessed, not complete); its id."""
        cur = self.db.execute(
            """INSERT INTO rounds (session_id, number, attempt, started_ts, prompt, audio_path)
               VALUES (?, ?, ?, ?, ?, ?)""",
            (session_id, number, attempt, time.time() if ts is None else ts, prompt, self._relative(audio_path)),
        )
        return cur.lastrowid

    def drop_round(self, round_id: int) -> None:
        """A round that turned out to be a voice command, not an answer."""
        self.db.execute("DELETE FROM rounds WHERE id = ?", (round_id,))

    def save_assessment(self, round_id: int, *, transcript: str, words: list, answer_s: float | None,
                        keeps_fillers: bool | None, items: dict, delivery: dict, questions: list) -> None:  # fmt: skip
        """The answer judged: its verdicts, delivery and questions, with its items rows, in one transaction."""
        session_id, day = self.db.execute(
            "SELECT r.session_id, s.day FROM rounds r JOIN sessions s ON s.id = r.session_id WHERE r.id = ?",
            (round_id,),
        ).fetchone()
        with self._transaction():
            self.db.execute(
                """UPDATE rounds SET transcript = ?, words_json = ?, answer_s = ?, keeps_fillers = ?, items_json = ?,
                   delivery_json = ?, questions_json = ?, wpm = ?, fillers_per_100 = ?, long_pauses = ?, assessed = 1
                   WHERE id = ?""",
                (transcript, json.dumps(words), answer_s, None if keeps_fillers is None else int(keeps_fillers),
                 json.dumps(items), json.dumps(delivery), json.dumps(questions), *delivery_figures(delivery), round_id),
            )  # fmt: skip
            self.db.execute("DELETE FROM items WHERE round_id = ?", (round_id,))
            self.db.executemany("INSERT INTO items VALUES (?, ?, ?, ?, ?, ?, ?)",
                                item_rows(round_id, session_id, day, items))

    def update_item(self, round_id: int, item_id: str, *, covered: bool, evidence: str | None) -> None:
        """A verdict changed after the assessment (a rebuttal that removes doubt)."""
        (items_json,) = self.db.execute("SELECT items_json FROM rounds WHERE id = ?", (round_id,)).fetchone()
        items = loads(items_json, {})
        items[item_id] = {**items.get(item_id, {}), "covered": covered, "evidence": evidence}
        with self._transaction():
            self.db.execute("UPDATE rounds SET items_json = ? WHERE id = ?", (json.dumps(items), round_id))
            self.db.execute("UPDATE items SET covered = ?, evidence = ? WHERE round_id = ? AND item_id = ?",
                            (int(covered), evidence, round_id, item_id))

    def update_round(self, round_id: int, **columns) -> None:
        """Set columns of a round: JSON ones (`*_json`) are given as data; paths as absolute paths."""
        values = []
        for name, value in columns.items():
            if name.endswith("_json"):
                value = json.dumps(value)
            elif name.endswith("_path"):
                value = self._relative(value)
            values.append(value)
        assignments = ", ".join(f"{name} = ?" for name in columns)  # names come from the recorder, never the person
        self.db.execute(f"UPDATE rounds SET {assignments} WHERE id = ?", (*values, round_id))

    def round_columns(self, round_id: int, *names: str) -> tuple:
        return self.db.execute(f"SELECT {', '.join(names)} FROM rounds WHERE id = ?", (round_id,)).fetchone()

    def _relative(self, path: Path | None) -> str | None:
        if path is None:
            return None
        try:
            return str(Path(path).relative_to(self.folder))
        except ValueError:
            return str(path)

    def _transaction(self):
        return _Transaction(self.db)


class _Transaction:
    """BEGIN ... COMMIT, or ROLLBACK on an exception (the connection is in autocommit mode)."""

    def __init__(self, db: sqlite3.Connection):
        self.db = db

    def __enter__(self) -> None:
        self.db.execute("BEGIN IMMEDIATE")

    def __exit__(self, kind, exc, tb) -> None:
        self.db.execute("ROLLBACK" if kind else "COMMIT")
