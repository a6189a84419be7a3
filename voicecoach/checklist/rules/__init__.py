"""One module per checklist item, named by its id: the rules particular to that item."""
