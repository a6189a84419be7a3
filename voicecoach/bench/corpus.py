"""The labelled closing answers in tests/data: reading them and scoring a matcher on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from voicecoach.shipped import shipped_dir

DATA_DIR = shipped_dir("bench/data", "tests/data")
"""The labelled corpus: the repository's tests/data/, installed as voicecoach/bench/data/ so the benchmarks run
anywhere."""
_PARTS = (
    ("heldout", 1), ("heldout-b", 1), ("heldout-c", 1), ("heldout-d", 1), ("heldout-e", 1), ("heldout-f", 1),
    ("dev", 1), ("dev-b", 1), ("dev-c", 1), ("dev-d", 1), ("dev-e", 1), ("dev-f", 1),
    *((f"dev-{writer}", 2)
      for writer in "g h i j k l m n o p q r s t u v w x y z aa ab ac ad ae af ag ah ai aj ak".split()),
    ("dev-al", 0),
    ("dev-cases", 0),
)
"""Each written part and how many recognized copies of it there are, in corpus order (the layer's rows follow it)."""
WHISPER_PARTS = ("heldout", "heldout-b", "heldout-c", "heldout-d", "heldout-e", "heldout-f")
"""Written parts with a copy heard by faster-whisper (the default recognizer) as well as by pocketsphinx."""
COPIES = {"sphinx": "recognized", "faster-whisper": "whisper"}
"""The suffix of a part's copy as each recognizer heard it ("heldout-b-whisper")."""
SETS = {
    name: f"answers-{name}.jsonl"
    for written, copies in _PARTS
    for name in [
        *[written, f"{written}-recognized", f"{written}-recognized-2"][: copies + 1],
        *([f"{written}-whisper"] if written in WHISPER_PARTS else []),
    ]
}
"""Corpus parts by name (tests/data/README.md says who wrote each): tune on dev parts only; "-recognized" is a
part as pocketsphinx heard it spoken, "-recognized-2" the same part spoken again in other voices, "-whisper"
the same speech as "-recognized" heard by faster-whisper (Whisper tiny.en, the default recognizer)."""


def heard_copy(recognizer: str) -> str:
    """The suffix of a copy heard by this recognizer: "sphinx" -> "recognized", "faster-whisper" -> "whisper"."""
    return COPIES[recognizer]


def written_part(part: str) -> str:
    """The written part a part was made from, whose writer it shares: "dev-b-recognized-2" -> "dev-b",
    "heldout-c-whisper" -> "heldout-c"."""
    return part.split("-recognized")[0].removesuffix("-whisper")


@dataclass(frozen=True)
class LabelledAnswer:
    """One closing answer and the checklist ids a person judged it to cover."""

    text: str
    labels: frozenset[str]


@dataclass(frozen=True)
class ItemScore:
    """Precision, recall and F1 of one checklist item over a corpus part."""

    id: str
    true_pos: int
    false_pos: int
    false_neg: int

    @property
    def precision(self) -> float:
        found = self.true_pos + self.false_pos
        return self.true_pos / found if found else 1.0

    @property
    def recall(self) -> float:
        wanted = self.true_pos + self.false_neg
        return self.true_pos / wanted if wanted else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


def load_answers(path: Path) -> list[LabelledAnswer]:
    """Answers from a JSONL file of {"text": ..., "labels": [...]} lines."""
    answers = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            row = json.loads(line)
            answers.append(LabelledAnswer(row["text"], frozenset(row["labels"])))
    return answers


def score_items(ids: list[str], truth: list[frozenset[str]], found: list[frozenset[str]]) -> list[ItemScore]:
    """Per-item counts of hits, false alarms and misses."""
    scores = []
    for item_id in ids:
        tp = sum(1 for t, f in zip(truth, found) if item_id in t and item_id in f)
        fp = sum(1 for t, f in zip(truth, found) if item_id not in t and item_id in f)
        fn = sum(1 for t, f in zip(truth, found) if item_id in t and item_id not in f)
        scores.append(ItemScore(item_id, tp, fp, fn))
    return scores


def macro_f1(scores: list[ItemScore]) -> float:
    """The mean F1 over items."""
    return sum(s.f1 for s in scores) / len(scores) if scores else 0.0
