"""`voicecoach forget`: remove a session, or everything, with every trace (rows, audio, reports), and say what went."""

from __future__ import annotations

import shutil
from pathlib import Path

from voicecoach.store.paths import DB_NAME, audio_dir, data_dir, report_path, reports_dir
from voicecoach.store.store import Store


def _files_in(folder: Path) -> int:
    return sum(1 for p in folder.rglob("*") if p.is_file()) if folder.is_dir() else 0


def forget_session(store: Store, session_id: int) -> str | None:
    """Remove one session's rows, audio and report; what was removed, or None when there is no such session."""
    session = store.session(session_id)
    if session is None:
        return None
    (n_rounds,) = store.db.execute("SELECT COUNT(*) FROM rounds WHERE session_id = ?", (session_id,)).fetchone()
    store.db.execute("BEGIN IMMEDIATE")
    store.db.execute("DELETE FROM items WHERE session_id = ?", (session_id,))
    store.db.execute("DELETE FROM rounds WHERE session_id = ?", (session_id,))
    store.db.execute("DELETE FROM sessions WHERE id = ?", (session_id,))
    store.db.execute("COMMIT")
    folder = audio_dir(session_id, store.folder)
    n_audio = _files_in(folder)
    shutil.rmtree(folder, ignore_errors=True)
    report = report_path(session_id, store.folder)
    had_report = report.exists()
    report.unlink(missing_ok=True)
    said = f"removed session {session_id} ({session.started:%Y-%m-%d %H:%M}): {n_rounds} round{'s' * (n_rounds != 1)}"
    said += f", {n_audio} audio file{'s' * (n_audio != 1)}"
    return said + (f", its report {report}" if had_report else "")


def forget_all(folder: Path | None = None) -> list[str]:
    """Remove the database, every answer's audio and every report in the data folder; a line per thing removed.

    Works on a damaged database too (it is only deleted, never opened), so it is the way out of one.
    """
    folder = folder or data_dir()
    said = []
    db_files = [folder / f"{DB_NAME}{suffix}" for suffix in ("", "-wal", "-shm", "-journal")]
    if db_files[0].exists():
        said.append(f"removed the store {db_files[0]}{_counts(folder)}")
    for path in db_files:
        path.unlink(missing_ok=True)
    for what, path in (("answer audio file", folder / "audio"), ("report file", reports_dir(folder))):
        n = _files_in(path)
        if path.exists():
            shutil.rmtree(path)
            said.append(f"removed {n} {what}{'s' * (n != 1)} in {path}")
    return said or [f"nothing to remove: no sessions saved in {folder}"]


def _counts(folder: Path) -> str:
    """" (N sessions, M rounds)" when the database can be read; empty when it is damaged."""
    try:
        store = Store.open(folder, create=False)
    except Exception:  # a damaged store is exactly what forget --all is for: remove it without reading it
        return " (unreadable)"
    if store is None:
        return ""
    with store:
        (rounds,) = store.db.execute("SELECT COUNT(*) FROM rounds").fetchone()
        return f" ({store.count_sessions()} sessions, {rounds} rounds)"
