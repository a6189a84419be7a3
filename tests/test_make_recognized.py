"""The recognized copies of the corpus: spoken by flite, heard by the real default recognizer."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from voicecoach.bench.corpus import DATA_DIR, SETS, written_part
from voicecoach.bench.latency import wer
from voicecoach.bench.make_recognized import make_recognized, rendering_for


@pytest.mark.slow
def test_a_copy_is_heard_from_real_speech_and_a_shifted_copy_is_spoken_otherwise(tmp_path: Path) -> None:
    source = tmp_path / "answers.jsonl"
    rows = [{"text": "What are the next steps in the process?", "labels": ["next_steps"]},
            {"text": "I really want this job.", "labels": ["want_the_job"]}]
    source.write_text("".join(json.dumps(r) + "\n" for r in rows))
    copies = {}
    for shift in (0, 1):
        target = tmp_path / f"heard-{shift}.jsonl"
        assert make_recognized(source, target, workers=1, shift=shift) == 2
        copies[shift] = [json.loads(line) for line in target.read_text().splitlines()]
    for shift, heard in copies.items():
        for i, (row, copy) in enumerate(zip(rows, heard)):
            assert copy["labels"] == row["labels"] and copy["written"] == row["text"]
            assert copy["voice"] == rendering_for(i + shift).voice and copy["tempo"] == rendering_for(i + shift).tempo
            assert wer(row["text"], copy["text"]) < 0.5, copy["text"]
            assert copy["text"] == " ".join(w for w, _, _ in copy["words"])
    assert all(a["voice"] != b["voice"] for a, b in zip(copies[0], copies[1]))


def test_second_copies_in_the_corpus_are_spoken_otherwise_than_the_first() -> None:
    seconds = [name for name in SETS if name.endswith("-recognized-2")]
    for name in seconds:
        first = (DATA_DIR / SETS[f"{written_part(name)}-recognized"]).read_text().splitlines()
        second = (DATA_DIR / SETS[name]).read_text().splitlines()
        assert len(first) == len(second), name
        for a, b in zip(map(json.loads, first), map(json.loads, second)):
            assert a["written"] == b["written"] and (a["voice"], a["tempo"]) != (b["voice"], b["tempo"]), name


def test_whisper_copies_hear_the_same_speech_as_the_sphinx_copies() -> None:
    whisper = [name for name in SETS if name.endswith("-whisper")]
    assert len(whisper) == 6
    for name in whisper:
        sphinx = (DATA_DIR / SETS[f"{written_part(name)}-recognized"]).read_text().splitlines()
        heard = (DATA_DIR / SETS[name]).read_text().splitlines()
        assert len(sphinx) == len(heard), name
        words = errors = 0.0
        for a, b in zip(map(json.loads, sphinx), map(json.loads, heard)):
            same = ("written", "labels", "voice", "tempo", "noise", "noise_level")
            assert [a[k] for k in same] == [b[k] for k in same], name
            assert b["text"] == " ".join(w for w, _, _ in b["words"]), name
            n = len(a["written"].split())
            words, errors = words + n, errors + wer(a["written"], b["text"]) * n
        assert errors / words < 0.2, name  # Whisper heard these at 7-12% word error (pocketsphinx 20-35%)
