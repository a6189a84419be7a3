"""The store: every practice round saved on this machine, for history, progress, export, reports and drills.

Where: SQLite `voicecoach.db` in the user data folder (`voicecoach.store.paths`; `VOICECOACH_HOME` moves it),
folder mode 0700, WAL mode, schema versioned by `PRAGMA user_version` (`schema.MIGRATIONS`). The answers' audio
is FLAC in `audio/<session id>/`, written while the person speaks; reports go in `reports/`.

Writing: `recorder.StoreRecorder` is a listener on the session's events (the session does not know it exists);
the CLI also wraps the answer source and the recognizer (`recorder.RecordingSource`, `recorder.TimingRecognizer`)
so it gets each answer's audio and word timings without a change to the session or the listening turn.

Reading (a stable API; reports and drills build on it):

    with Store.open(create=False) or nothing:       # None when nothing is saved yet
        store.count_sessions() -> int
        store.sessions(limit=None, offset=0) -> list[SessionRecord]   # newest first
        store.session(id) -> SessionRecord | None;  store.last_session() -> SessionRecord | None
        store.rounds(session_id) -> list[RoundRecord]                  # in the order asked, cut-off ones too
        store.item_outcomes(since_day=None) -> list[ItemOutcome]       # every verdict, oldest first (drills)
        store.session_figures() -> list[SessionFigures]                # per session: covered share, delivery (charts)
    progress.progress(store, now=None) -> Progress                     # what `voicecoach progress` prints
    paths.data_dir(), paths.reports_dir(), paths.report_path(session_id), paths.config_path()

`SessionRecord`, `RoundRecord`, `ItemOutcome` and `SessionFigures` (records.py) are frozen dataclasses; a
RoundRecord's `items` is `{item_id: {"covered", "score", "confidence", "evidence"}}` in the pack's order and its
`delivery` the `assess --json` delivery object. A database that is damaged or from a newer voicecoach raises
`StoreError` (one line, exit 2) and is never written to.
"""

from voicecoach.store.paths import config_path, data_dir, report_path, reports_dir
from voicecoach.store.records import ItemOutcome, RoundRecord, SessionFigures, SessionRecord
from voicecoach.store.schema import SCHEMA_VERSION, StoreError
from voicecoach.store.store import Store

__all__ = [
    "SCHEMA_VERSION", "ItemOutcome", "RoundRecord", "SessionFigures", "SessionRecord", "Store", "StoreError",
    "config_path", "data_dir", "report_path", "reports_dir",
]  # fmt: skip
