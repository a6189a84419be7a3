"""reservations: the candidate asks whether the interviewer has any reservations about them."""

from __future__ import annotations

ID = "reservations"
"""This item's id in the close checklist (a public contract)."""
