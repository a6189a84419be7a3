"""Progress across sessions, per closing move and in delivery: what `voicecoach progress` shows.

Counted in SQL over item_days (one row per move and day practised, kept by triggers) and a covering index of
the rounds' delivery figures, so it stays fast with thousands of sessions.
Windows are local calendar days: "7 days" is today and the six before it.
"""

from __future__ import annotations

import json
import time
from dataclasses import dataclass

from voicecoach.store.store import Store, day_of

WINDOWS = (7, 30)
"""The windows, in days, that progress is shown over (and over all time)."""
FLAT_POINTS = 5.0
"""A change in covered share under this many percentage points is shown as steady."""


@dataclass(frozen=True)
class Share:
    """How many of a move's rounds covered it."""

    covered: int
    rounds: int

    @property
    def share(self) -> float | None:
        """0-1, or None without rounds."""
        return self.covered / self.rounds if self.rounds else None


@dataclass(frozen=True)
class ItemProgress:
    """One closing move over time."""

    item_id: str
    last_7: Share
    last_30: Share
    all: Share
    trend: float | None
    """Percentage points: the last 7 days' share minus the share before them; None without both."""


@dataclass(frozen=True)
class DeliveryProgress:
    """One delivery figure's average per round over the windows."""

    name: str
    """"wpm", "fillers_per_100" or "long_pauses"."""
    last_7: float | None
    last_30: float | None
    all: float | None
    trend: float | None
    """The last 7 days' average minus the average before them."""
    counted: int
    """Rounds where it was measured (fillers are not counted with a recognizer that drops them)."""
    rounds: int
    """Assessed rounds in all."""


@dataclass(frozen=True)
class Progress:
    """Everything `voicecoach progress` shows."""

    today: str
    sessions: int
    rounds: int
    days_practised: int
    streak: int
    """Days practised in a row, up to today (or up to yesterday, when today has no practice yet)."""
    practised_today: bool
    items: tuple[ItemProgress, ...]
    delivery: tuple[DeliveryProgress, ...]


def _days_before(today: str, n: int) -> str:
    """The local date n days before today (YYYY-MM-DD)."""
    t = time.mktime(time.strptime(today, "%Y-%m-%d")) + 12 * 3600  # noon: daylight saving cannot skip a day
    return day_of(t - n * 86400)


def progress(store: Store, *, now: float | None = None) -> Progress:
    """Progress over every saved session, as of now (seconds since the epoch; default: the clock)."""
    today = day_of(time.time() if now is None else now)
    d7, d30 = _days_before(today, 6), _days_before(today, 29)
    db = store.db
    items = []
    for item_id, cov, n, cov7, n7, cov30, n30 in db.execute(
        """SELECT item_id, SUM(covered), SUM(rounds), SUM(covered * (day >= ?1)), SUM(rounds * (day >= ?1)),
                  SUM(covered * (day >= ?2)), SUM(rounds * (day >= ?2))
           FROM item_days WHERE rounds > 0 GROUP BY item_id""", (d7, d30)
    ):  # fmt: skip
        before = Share(cov - cov7, n - n7)
        trend = None if not n7 or not before.rounds else 100 * (cov7 / n7 - before.share)
        items.append(ItemProgress(item_id, Share(cov7, n7), Share(cov30, n30), Share(cov, n), trend))
    order = _pack_order(store)
    items.sort(key=lambda i: (order.get(i.item_id, len(order)), i.item_id))

    names = ("wpm", "fillers_per_100", "long_pauses")
    columns = ", ".join(f"""AVG(CASE WHEN s.day >= ?1 THEN r.{n} END), AVG(CASE WHEN s.day >= ?2 THEN r.{n} END),
                            AVG(r.{n}), AVG(CASE WHEN s.day < ?1 THEN r.{n} END), COUNT(r.{n})""" for n in names)
    figures = db.execute(f"""SELECT COUNT(*), {columns} FROM rounds r JOIN sessions s ON s.id = r.session_id
                             WHERE r.assessed = 1""", (d7, d30)).fetchone()  # fmt: skip
    delivery = []
    for k, name in enumerate(names):
        a7, a30, a_all, before, counted = figures[1 + 5 * k : 6 + 5 * k]
        trend = None if a7 is None or before is None else a7 - before
        delivery.append(DeliveryProgress(name, a7, a30, a_all, trend, counted, figures[0]))

    days = [d for (d,) in db.execute("""
        SELECT DISTINCT s.day FROM sessions s
        WHERE EXISTS (SELECT 1 FROM rounds r WHERE r.session_id = s.id AND r.assessed = 1) ORDER BY s.day DESC""")]
    streak, expected = 0, today if days and days[0] == today else _days_before(today, 1)
    for day in days:
        if day != expected:
            break
        streak += 1
        expected = _days_before(day, 1)
    sessions, rounds = db.execute(
        "SELECT COUNT(DISTINCT session_id), COUNT(*) FROM rounds WHERE assessed = 1").fetchone()  # fmt: skip
    return Progress(today, sessions, rounds, len(days), streak, bool(days) and days[0] == today, tuple(items),
                    tuple(delivery))  # fmt: skip


def _pack_order(store: Store) -> dict[str, int]:
    """Item ids in the pack's order, read from the newest assessed round's verdicts."""
    row = store.db.execute("SELECT items_json FROM rounds WHERE assessed ORDER BY id DESC LIMIT 1").fetchone()
    return {item_id: n for n, item_id in enumerate(json.loads(row[0]) if row else {})}
