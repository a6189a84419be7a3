"""Benchmarks: `voicecoach bench NAME`."""
