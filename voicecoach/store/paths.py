"""Where voicecoach keeps what it saves: the user data folder (platformdirs), or `VOICECOACH_HOME` when set.

Layout of the data folder (mode 0700, made on first use):
    voicecoach.db          the store (SQLite, WAL mode: also voicecoach.db-wal and voicecoach.db-shm)
    audio/<session id>/    each answer's audio as FLAC, written while it is spoken
    reports/               the HTML reports voicecoach wrote (`report_path(session_id)` for one session's)
and the config file: `config.toml` in the user config folder, or in `VOICECOACH_HOME` when set.
"""

from __future__ import annotations

import os
from pathlib import Path

APP = "voicecoach"
HOME_VARIABLE = "VOICECOACH_HOME"
"""The environment variable that moves the data folder and the config file (tests, portable use)."""
DB_NAME = "voicecoach.db"
CONFIG_NAME = "config.toml"
FOLDER_MODE = 0o700
"""Only the person's own account may read their answers."""


def data_dir() -> Path:
    """The data folder: $VOICECOACH_HOME, else the platform's user data folder (~/.local/share/voicecoach...)."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir(APP, appauthor=False))


def config_path() -> Path:
    """The config file: $VOICECOACH_HOME/config.toml, else config.toml in the platform's user config folder."""
    home = os.environ.get(HOME_VARIABLE)
    if home:
        return Path(home).expanduser() / CONFIG_NAME
    import platformdirs

    return Path(platformdirs.user_config_dir(APP, appauthor=False)) / CONFIG_NAME


def db_path(folder: Path | None = None) -> Path:
    """The database file in the data folder."""
    return (folder or data_dir()) / DB_NAME


def audio_dir(session_id: int, folder: Path | None = None) -> Path:
    """The folder of one session's answer audio."""
    return (folder or data_dir()) / "audio" / str(session_id)


def reports_dir(folder: Path | None = None) -> Path:
    """The folder the HTML reports go in; `forget --all` removes it whole."""
    return (folder or data_dir()) / "reports"


def report_path(session_id: int, folder: Path | None = None) -> Path:
    """One session's report (`forget SESSION` removes it): reports/session-<id>.html."""
    return reports_dir(folder) / f"session-{session_id}.html"


def make_private_dir(path: Path) -> Path:
    """Make path (and its parents) if missing, and set it to mode 0700 whatever the umask."""
    path.mkdir(parents=True, exist_ok=True, mode=FOLDER_MODE)
    if os.name == "posix":
        os.chmod(path, FOLDER_MODE)
    return path
