"""The close checklist: which items an answer covers, with the words that show it.

`matcher` scores clauses against each item's phrase bank (`bank`: the phrases parsed and weighted) and gives
`verdicts`; `rules/<item_id>.py` holds what is particular to one item, registered by its id (`rules/registry.py`);
`words`, `clauses`, `negation`, `topics`, `heard` and `soundalike` are the English it reads; `layer` is the learned
layer that revises each verdict."""
