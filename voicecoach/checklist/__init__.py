"""The close checklist: which items an answer covers, with the words that show it.

`matcher` scores clauses against each item's phrase bank; `rules/<item_id>.py` holds what is particular to one
item; `words`, `clauses`, `negation`, `topics` and `soundalike` are the English it reads; `layer` is the learned
layer that revises each verdict."""
