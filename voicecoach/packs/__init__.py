"""Prompt packs: the interviewer's prompts, the checklist's phrase banks and feedback lines, from TOML."""
