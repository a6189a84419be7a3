"""`python -m voicecoach.bench.matching`: checklist matching precision, recall, F1 and speed."""

from __future__ import annotations

import argparse
import json
import os
import sys
import time

from voicecoach.bench.corpus import DATA_DIR, SETS, ItemScore, load_answers, macro_f1, score_items
from voicecoach.checklist.matcher import Matcher
from voicecoach.packs.pack import load_pack

REPORT_ORDER = tuple(SETS)
"""Held-out parts first, then the dev parts, each followed by its recognized copy."""


def run(pack_name: str | None = None, sets: tuple[str, ...] = REPORT_ORDER, show_errors: bool = False) -> dict:
    """Figures per corpus part: per-item counts and rates, macro-F1 and matching time per answer."""
    _pin_to_one_core()
    pack = load_pack(pack_name)
    matcher = Matcher(pack)
    ids = [item.id for item in pack.items]
    report: dict = {"pack": pack.name, "learned_layer": matcher.layer is not None, "sets": {}}
    for name in sets:
        path = DATA_DIR / SETS[name]
        if not path.is_file():
            report["sets"][name] = {"missing": str(path)}
            continue
        answers = load_answers(path)
        for answer in answers[:20]:  # warm the matcher's word lookup like a session would
            matcher.assess(answer.text)
        started = time.process_time()  # assess(), in two steps so the rules' own verdicts are kept
        rules_verdicts = [matcher.by_rules(a.text) for a in answers]
        verdicts = [matcher.revise(v) for v in rules_verdicts]
        elapsed = time.process_time() - started
        found = [frozenset(v.covered) for v in verdicts]
        truth = [a.labels for a in answers]
        scores = score_items(ids, truth, found)
        by_rules = score_items(ids, truth, [frozenset(v.covered) for v in rules_verdicts])
        entry = {
            "answers": len(answers),
            "macro_f1": round(macro_f1(scores), 3),
            "rules_macro_f1": round(macro_f1(by_rules), 3),
            "ms_per_answer": round(1000 * elapsed / max(1, len(answers)), 3),
            "items": {s.id: _item_figures(s) for s in scores},
        }
        if show_errors:
            entry["errors"] = [
                {"text": a.text, "labels": sorted(a.labels), "found": sorted(f),
                 "evidence": {i: f"{v.items[i].evidence} <- {v.items[i].phrase}" for i in sorted(f ^ a.labels)
                              if v.items[i].evidence}}
                for a, f, v in zip(answers, found, verdicts) if f != a.labels
            ]
        report["sets"][name] = entry
    return report


def _item_figures(s: ItemScore) -> dict:
    return {"precision": round(s.precision, 3), "recall": round(s.recall, 3), "f1": round(s.f1, 3),
            "tp": s.true_pos, "fp": s.false_pos, "fn": s.false_neg}


def _pin_to_one_core() -> None:
    # The target is per answer on one core; pinning keeps the timing honest on a busy machine.
    if hasattr(os, "sched_setaffinity"):
        try:
            os.sched_setaffinity(0, {min(os.sched_getaffinity(0))})
        except OSError:
            pass


def format_report(report: dict) -> str:
    """The report as aligned text."""
    lines = [f"checklist matching, pack {report['pack']!r}"]
    if report["learned_layer"]:
        lines.append("rules + learned layer; 'rules alone' is the matcher before the layer. "
                     "The dev parts are the layer's")
        lines.append("training data, so their figures show its fit: "
                     "`python -m voicecoach.bench.train_layer --loo` scores each")
        lines.append("dev writer with a layer trained without them.")
    for name, entry in report["sets"].items():
        lines.append("")
        if "missing" in entry:
            lines.append(f"{name}: no corpus at {entry['missing']}")
            continue
        lines.append(f"{name}: {entry['answers']} answers, macro-F1 {entry['macro_f1']:.3f} "
                     f"(rules alone {entry['rules_macro_f1']:.3f}), {entry['ms_per_answer']:.2f} ms per answer")
        lines.append(f"  {'item':<16}{'precision':>10}{'recall':>8}{'F1':>7}{'tp':>5}{'fp':>5}{'fn':>5}")
        for item_id, f in entry["items"].items():
            lines.append(f"  {item_id:<16}{f['precision']:>10.3f}{f['recall']:>8.3f}{f['f1']:>7.3f}"
                         f"{f['tp']:>5}{f['fp']:>5}{f['fn']:>5}")
        for err in entry.get("errors", []):
            lines.append(f"  ! want {err['labels']} got {err['found']}: {err['text']}")
            for item_id, ev in err["evidence"].items():
                lines.append(f"      {item_id}: {ev!r}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    """Print the matching benchmark; returns a process exit code."""
    parser = argparse.ArgumentParser(prog="voicecoach bench matching", description=__doc__)
    parser.add_argument("--pack", default=None, help="prompt pack name or path (default: closing)")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--set", dest="sets", action="append", choices=list(SETS),
                        help="corpus part to run (repeatable; default: all)")
    parser.add_argument("--errors", action="store_true", help="list the answers the matcher got wrong")
    args = parser.parse_args(argv)
    report = run(args.pack, tuple(args.sets or REPORT_ORDER), show_errors=args.errors)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    return 0


if __name__ == "__main__":
    from voicecoach.cli import main as cli_main  # one place turns a closed pipe or bad input into a quiet exit

    sys.exit(cli_main(["bench", "matching", *sys.argv[1:]]))
