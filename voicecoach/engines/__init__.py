"""Engines at the edges: speech recognizers and voices, behind small protocols."""
