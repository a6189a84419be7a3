"""want_the_job: the candidate says plainly that they really want this job."""

from __future__ import annotations

ID = "want_the_job"
"""This item's id in the close checklist (a public contract)."""
