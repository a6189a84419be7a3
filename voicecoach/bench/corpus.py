"""The labelled closing answers in tests/data: reading them and scoring a matcher on them."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).resolve().parent.parent.parent / "tests" / "data"
SETS = {
    "heldout": "answers-heldout.jsonl",
    "heldout-recognized": "answers-heldout-recognized.jsonl",
    "heldout-b": "answers-heldout-b.jsonl",
    "heldout-b-recognized": "answers-heldout-b-recognized.jsonl",
    "heldout-c": "answers-heldout-c.jsonl",
    "heldout-c-recognized": "answers-heldout-c-recognized.jsonl",
    "heldout-d": "answers-heldout-d.jsonl",
    "heldout-d-recognized": "answers-heldout-d-recognized.jsonl",
    "heldout-e": "answers-heldout-e.jsonl",
    "heldout-e-recognized": "answers-heldout-e-recognized.jsonl",
    "heldout-f": "answers-heldout-f.jsonl",
    "heldout-f-recognized": "answers-heldout-f-recognized.jsonl",
    "dev": "answers-dev.jsonl",
    "dev-recognized": "answers-dev-recognized.jsonl",
    "dev-b": "answers-dev-b.jsonl",
    "dev-b-recognized": "answers-dev-b-recognized.jsonl",
    "dev-c": "answers-dev-c.jsonl",
    "dev-c-recognized": "answers-dev-c-recognized.jsonl",
    "dev-d": "answers-dev-d.jsonl",
    "dev-d-recognized": "answers-dev-d-recognized.jsonl",
    "dev-e": "answers-dev-e.jsonl",
    "dev-e-recognized": "answers-dev-e-recognized.jsonl",
    "dev-f": "answers-dev-f.jsonl",
    "dev-f-recognized": "answers-dev-f-recognized.jsonl",
    "dev-g": "answers-dev-g.jsonl",
    "dev-g-recognized": "answers-dev-g-recognized.jsonl",
    "dev-g-recognized-2": "answers-dev-g-recognized-2.jsonl",
    "dev-h": "answers-dev-h.jsonl",
    "dev-h-recognized": "answers-dev-h-recognized.jsonl",
    "dev-h-recognized-2": "answers-dev-h-recognized-2.jsonl",
    "dev-i": "answers-dev-i.jsonl",
    "dev-i-recognized": "answers-dev-i-recognized.jsonl",
    "dev-i-recognized-2": "answers-dev-i-recognized-2.jsonl",
    "dev-j": "answers-dev-j.jsonl",
    "dev-j-recognized": "answers-dev-j-recognized.jsonl",
    "dev-j-recognized-2": "answers-dev-j-recognized-2.jsonl",
    "dev-k": "answers-dev-k.jsonl",
    "dev-k-recognized": "answers-dev-k-recognized.jsonl",
    "dev-k-recognized-2": "answers-dev-k-recognized-2.jsonl",
    "dev-l": "answers-dev-l.jsonl",
    "dev-l-recognized": "answers-dev-l-recognized.jsonl",
    "dev-l-recognized-2": "answers-dev-l-recognized-2.jsonl",
    "dev-m": "answers-dev-m.jsonl",
    "dev-m-recognized": "answers-dev-m-recognized.jsonl",
    "dev-m-recognized-2": "answers-dev-m-recognized-2.jsonl",
    "dev-n": "answers-dev-n.jsonl",
    "dev-n-recognized": "answers-dev-n-recognized.jsonl",
    "dev-n-recognized-2": "answers-dev-n-recognized-2.jsonl",
    "dev-o": "answers-dev-o.jsonl",
    "dev-o-recognized": "answers-dev-o-recognized.jsonl",
    "dev-o-recognized-2": "answers-dev-o-recognized-2.jsonl",
    "dev-p": "answers-dev-p.jsonl",
    "dev-p-recognized": "answers-dev-p-recognized.jsonl",
    "dev-p-recognized-2": "answers-dev-p-recognized-2.jsonl",
    "dev-q": "answers-dev-q.jsonl",
    "dev-q-recognized": "answers-dev-q-recognized.jsonl",
    "dev-q-recognized-2": "answers-dev-q-recognized-2.jsonl",
    "dev-r": "answers-dev-r.jsonl",
    "dev-r-recognized": "answers-dev-r-recognized.jsonl",
    "dev-r-recognized-2": "answers-dev-r-recognized-2.jsonl",
    "dev-s": "answers-dev-s.jsonl",
    "dev-s-recognized": "answers-dev-s-recognized.jsonl",
    "dev-s-recognized-2": "answers-dev-s-recognized-2.jsonl",
    "dev-t": "answers-dev-t.jsonl",
    "dev-t-recognized": "answers-dev-t-recognized.jsonl",
    "dev-t-recognized-2": "answers-dev-t-recognized-2.jsonl",
    "dev-u": "answers-dev-u.jsonl",
    "dev-u-recognized": "answers-dev-u-recognized.jsonl",
    "dev-u-recognized-2": "answers-dev-u-recognized-2.jsonl",
    "dev-v": "answers-dev-v.jsonl",
    "dev-v-recognized": "answers-dev-v-recognized.jsonl",
    "dev-v-recognized-2": "answers-dev-v-recognized-2.jsonl",
    "dev-w": "answers-dev-w.jsonl",
    "dev-w-recognized": "answers-dev-w-recognized.jsonl",
    "dev-w-recognized-2": "answers-dev-w-recognized-2.jsonl",
    "dev-x": "answers-dev-x.jsonl",
    "dev-x-recognized": "answers-dev-x-recognized.jsonl",
    "dev-x-recognized-2": "answers-dev-x-recognized-2.jsonl",
    "dev-y": "answers-dev-y.jsonl",
    "dev-y-recognized": "answers-dev-y-recognized.jsonl",
    "dev-y-recognized-2": "answers-dev-y-recognized-2.jsonl",
    "dev-z": "answers-dev-z.jsonl",
    "dev-z-recognized": "answers-dev-z-recognized.jsonl",
    "dev-z-recognized-2": "answers-dev-z-recognized-2.jsonl",
    "dev-aa": "answers-dev-aa.jsonl",
    "dev-aa-recognized": "answers-dev-aa-recognized.jsonl",
    "dev-aa-recognized-2": "answers-dev-aa-recognized-2.jsonl",
    "dev-ab": "answers-dev-ab.jsonl",
    "dev-ab-recognized": "answers-dev-ab-recognized.jsonl",
    "dev-ab-recognized-2": "answers-dev-ab-recognized-2.jsonl",
    "dev-ac": "answers-dev-ac.jsonl",
    "dev-ac-recognized": "answers-dev-ac-recognized.jsonl",
    "dev-ac-recognized-2": "answers-dev-ac-recognized-2.jsonl",
    "dev-ad": "answers-dev-ad.jsonl",
    "dev-ad-recognized": "answers-dev-ad-recognized.jsonl",
    "dev-ad-recognized-2": "answers-dev-ad-recognized-2.jsonl",
    "dev-ae": "answers-dev-ae.jsonl",
    "dev-ae-recognized": "answers-dev-ae-recognized.jsonl",
    "dev-ae-recognized-2": "answers-dev-ae-recognized-2.jsonl",
    "dev-af": "answers-dev-af.jsonl",
    "dev-af-recognized": "answers-dev-af-recognized.jsonl",
    "dev-af-recognized-2": "answers-dev-af-recognized-2.jsonl",
    "dev-ag": "answers-dev-ag.jsonl",
    "dev-ag-recognized": "answers-dev-ag-recognized.jsonl",
    "dev-ag-recognized-2": "answers-dev-ag-recognized-2.jsonl",
    "dev-ah": "answers-dev-ah.jsonl",
    "dev-ah-recognized": "answers-dev-ah-recognized.jsonl",
    "dev-ah-recognized-2": "answers-dev-ah-recognized-2.jsonl",
    "dev-ai": "answers-dev-ai.jsonl",
    "dev-ai-recognized": "answers-dev-ai-recognized.jsonl",
    "dev-ai-recognized-2": "answers-dev-ai-recognized-2.jsonl",
    "dev-aj": "answers-dev-aj.jsonl",
    "dev-aj-recognized": "answers-dev-aj-recognized.jsonl",
    "dev-aj-recognized-2": "answers-dev-aj-recognized-2.jsonl",
    "dev-ak": "answers-dev-ak.jsonl",
    "dev-ak-recognized": "answers-dev-ak-recognized.jsonl",
    "dev-ak-recognized-2": "answers-dev-ak-recognized-2.jsonl",
    "dev-cases": "answers-dev-cases.jsonl",
}
"""Corpus parts by name (tests/data/README.md says who wrote each): tune on dev parts only; "-recognized" is a
part as the default recognizer heard it spoken, "-recognized-2" the same part spoken again in other voices."""


def written_part(part: str) -> str:
    """The written part a part was made from, whose writer it shares: "dev-b-recognized-2" -> "dev-b"."""
    return part.split("-recognized")[0]


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
