"""One module per checklist item, named by its id: the rules particular to that item, registered by its id.

Importing this package registers every item's rules, in the checklist's order (see registry.py)."""

# Not sorted: each import registers its item, and the checklist's order is the order of these imports.
from voicecoach.checklist.rules import want_the_job, reservations, clarify_doubts, next_steps, good_questions  # noqa: F401, I001
from voicecoach.checklist.rules.registry import RULES  # noqa: F401  (every item registered, in this order)
