"""`python -m voicecoach.bench.train_layer`: train the learned layer on the dev corpus and write its weights.

Every dev part, typed and recognized, is assessed once by the rules alone (`Matcher(learned=False)`), and so
is each typed answer as a recognizer that heard every word right would give it (lower case, no punctuation):
the heard copies of the corpus are all misheard by a third, real speech often less. Per item, an L2 logistic
regression (scikit-learn) learns from the verdicts and the words. The penalty and the probability from which
an item counts are chosen by cross-validation over whole writers: a writer's typed
part and its recognized copy always fall in the same fold, so each choice is scored on writers it did not
see. Held-out parts are never read. `--loo` instead prints leave-one-writer-out figures: each dev writer
scored by a layer trained, penalty and thresholds included, without them.

Needs scikit-learn (`pip install -e ".[train]"`); running the layer needs numpy only.
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from voicecoach.bench.corpus import DATA_DIR, SETS, ItemScore, load_answers, written_part
from voicecoach.checklist.heard import looks_heard
from voicecoach.checklist.layer import DENSE, SLOTS, WEIGHTS, Layer, features, pack_digest
from voicecoach.checklist.matcher import Matcher
from voicecoach.packs.pack import load_pack

PENALTIES = (1e-6, 3e-6, 1e-5)
"""L2 penalties tried, per answer (scikit-learn's C is 1 / (penalty x answers))."""
THRESHOLDS = tuple(round(t, 3) for t in np.arange(0.05, 0.951, 0.025))
FOLDS = 3
DENSE_SCALE = 10.0
"""The matcher's verdicts and scores are scaled up before fitting, so they carry 1/100 of the words' penalty:
the layer should lean on them unless the words say otherwise."""


@dataclass
class Corpus:
    """The dev answers as the layer sees them: a feature row, the labels, and whose writing it is."""

    ids: tuple[str, ...]
    rows: list[tuple[np.ndarray, np.ndarray]]
    labels: np.ndarray
    """(answers, items) booleans."""
    writers: np.ndarray
    """Writer index per answer: a part and its recognized copy share one."""
    writer_names: list[str]
    heard: np.ndarray
    """Whether each answer looks heard (lower case, no punctuation)."""
    part_of: np.ndarray
    """The corpus part of each answer."""
    pack: str
    scored: np.ndarray
    """Whether each row is an answer as it was written or heard, so that choices are scored on it; the typed
    answers' copies as heard right only train."""


def dev_parts() -> list[str]:
    return [name for name in SETS if name.startswith("dev")]


def heard_right(text: str) -> str:
    """Typed text as a recognizer that heard every word right would give it: "Sixty-three, I'd say." ->
    "sixty three i'd say"."""
    return " ".join(re.sub(r"[^\w']+", " ", text.lower().replace("’", "'").replace("`", "'")).split())


def build_corpus(parts: list[str] | None = None, sounds: bool = True) -> Corpus:
    """Assess each dev answer by the rules alone and keep its features (without the phone n-grams: sounds=False).
    A writer's typed answer is also kept as heard right (see `heard_right`), unscored; the hard cases are not."""
    pack = load_pack(None)
    matcher = Matcher(pack, learned=False)
    ids = tuple(item.id for item in pack.items)
    parts = parts or dev_parts()
    names = list(dict.fromkeys(written_part(p) for p in parts))
    rows, labels, writers, heard, part_of, scored = [], [], [], [], [], []
    for part in parts:
        for answer in load_answers(DATA_DIR / SETS[part]):
            text = " ".join(answer.text.split())
            versions = [(text, True)]
            if part == written_part(part) and part != "dev-cases" and not looks_heard(text):
                versions.append((heard_right(text), False))
            for version, as_given in versions:
                heard.append(looks_heard(version))
                part_of.append(part if as_given else f"{part} (heard right)")
                scored.append(as_given)
                rows.append(features(matcher.assess(version), ids, heard[-1],
                                     matcher.pronunciations if sounds else None))
                labels.append([i in answer.labels for i in ids])
                writers.append(names.index(written_part(part)))
    return Corpus(ids, rows, np.array(labels, dtype=bool), np.array(writers), names,
                  np.array(heard), np.array(part_of), pack_digest(pack), np.array(scored))


def fingerprint(corpus: Corpus) -> str:
    """A hash of everything the weights were fitted to: banks, features and labels, row by row."""
    h = hashlib.sha256(corpus.pack.encode())
    for (slots, values), labels in zip(corpus.rows, corpus.labels):
        h.update(slots.astype(np.int64).tobytes())
        h.update(np.round(values, 6).tobytes())
        h.update(labels.tobytes())
    return h.hexdigest()


def design_matrix(corpus: Corpus):
    """The rows as one sparse matrix, the matcher's columns scaled (see DENSE_SCALE)."""
    from scipy.sparse import csr_matrix

    indptr = np.cumsum([0] + [len(s) for s, _ in corpus.rows])
    slots = np.concatenate([s for s, _ in corpus.rows])
    values = np.concatenate([v for _, v in corpus.rows])
    values = np.where(slots < DENSE, values * DENSE_SCALE, values)
    return csr_matrix((values, slots, indptr), shape=(len(corpus.rows), SLOTS))


def fit(x, y: np.ndarray, penalty: float):
    """One item's regression: (weights per column of x, intercept)."""
    from sklearn.linear_model import LogisticRegression

    model = LogisticRegression(C=1.0 / (penalty * x.shape[0]), solver="newton-cg", max_iter=200)
    model.fit(x, y)
    return model.coef_[0], float(model.intercept_[0])


def _predict(x, fitted) -> np.ndarray:
    w, b = fitted
    return 1.0 / (1.0 + np.exp(-(x @ w + b)))


def f1(truth: np.ndarray, found: np.ndarray) -> float:
    return ItemScore("", int(np.sum(truth & found)), int(np.sum(~truth & found)), int(np.sum(truth & ~found))).f1


def best_threshold(y: np.ndarray, chance: np.ndarray) -> tuple[float, float]:
    """(threshold, F1) of the threshold with the best F1."""
    scores = [(f1(y, chance >= t), t) for t in THRESHOLDS]
    score, threshold = max(scores, key=lambda st: (st[0], -st[1]))
    return threshold, score


def choose(x, y: np.ndarray, writers: np.ndarray, heard: np.ndarray,
           scored: np.ndarray) -> tuple[float, list[float], float]:
    """(penalty, [typed threshold, heard threshold], mean F1): the best out-of-fold F1 over folds of whole
    writers, on the scored rows, with the threshold chosen for typed and heard answers apart."""
    order = {w: j % FOLDS for j, w in enumerate(np.unique(writers))}
    fold = np.array([order[w] for w in writers])
    best = (-1.0, PENALTIES[0], [0.5, 0.5])
    for penalty in PENALTIES:
        chance = np.zeros(len(y))
        for j in range(FOLDS):
            train = fold != j
            chance[~train] = _predict(x[~train], fit(x[train], y[train], penalty))
        picked = [best_threshold(y[scored & (heard == kind)], chance[scored & (heard == kind)])
                  for kind in (False, True)]
        score = float(np.mean([s for _, s in picked]))
        if score > best[0] + 1e-9:
            best = (score, penalty, [t for t, _ in picked])
    return best[1], best[2], best[0]


def train(corpus: Corpus, keep: np.ndarray | None = None, report=None) -> Layer:
    """The layer fitted to the answers in keep (default all), penalty and thresholds chosen inside them."""
    x_all = design_matrix(corpus)
    keep = np.ones(len(corpus.rows), dtype=bool) if keep is None else keep
    x, writers, heard, scored = x_all[keep], corpus.writers[keep], corpus.heard[keep], corpus.scored[keep]
    # Only the columns some kept answer uses are fitted: a column of zeros gets a weight of exactly zero under an L2
    # penalty, and the solver's vector work over all 2^18 + 2^17 slots (most of them empty) took minutes.
    used = np.union1d(np.arange(DENSE), np.unique(x.indices))
    x = x[:, used]
    n_items = len(corpus.ids)
    weights = np.zeros((x_all.shape[1], n_items))
    intercepts, thresholds = np.zeros(n_items), np.zeros((2, n_items))
    for k, item_id in enumerate(corpus.ids):
        y = corpus.labels[keep, k]
        penalty, thresholds[:, k], score = choose(x, y, writers, heard, scored)
        w, intercepts[k] = fit(x, y, penalty)
        w[:DENSE] *= DENSE_SCALE  # back to the unscaled features the layer sees (used starts with the DENSE slots)
        weights[used, k] = w
        if report:
            report(f"{item_id:<16} penalty {penalty:g}  thresholds typed {thresholds[0, k]:.3f} heard "
                   f"{thresholds[1, k]:.3f}  cross-validated F1 {score:.3f}")
    return Layer(corpus.ids, weights.astype(np.float32), intercepts, thresholds, corpus.pack, fingerprint(corpus))


def leave_one_writer_out(corpus: Corpus, report, only: list[str] | None = None) -> None:
    """Each writer's parts (or only those named) scored by the rules alone and by a layer trained without them."""
    n_items = len(corpus.ids)
    rules = np.array([values[:n_items] > 0.5 for _, values in corpus.rows])
    for w, name in enumerate(corpus.writer_names):
        if only and name not in only:
            continue
        layer = train(corpus, keep=corpus.writers != w)
        mine = (corpus.writers == w) & corpus.scored
        found = np.array([layer.probabilities(*corpus.rows[i]) >= layer.thresholds[int(corpus.heard[i])]
                          for i in np.flatnonzero(mine)])
        for part in dict.fromkeys(corpus.part_of[mine]):
            rows = corpus.part_of[mine] == part
            truth = corpus.labels[mine][rows]
            before = np.mean([f1(truth[:, k], rules[mine][rows][:, k]) for k in range(n_items)])
            after = np.mean([f1(truth[:, k], found[rows][:, k]) for k in range(n_items)])
            report(f"{part:<20} rules {before:.3f}  with layer {after:.3f}  ({after - before:+.3f})")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m voicecoach.bench.train_layer", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=WEIGHTS, help=f"weights file to write (default: {WEIGHTS})")
    parser.add_argument("--loo", action="store_true", help="print leave-one-writer-out figures; write nothing")
    parser.add_argument("--writer", action="append", choices=sorted({written_part(p) for p in dev_parts()}),
                        help="with --loo: only this writer (repeatable; default: every dev writer)")
    parser.add_argument("--without-sounds", action="store_true",
                        help="with --loo: leave out the phone n-grams, to measure what they add")
    args = parser.parse_args(argv)
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print('error: training needs scikit-learn: .venv/bin/pip install -e ".[train]"', file=sys.stderr)
        return 2
    if args.without_sounds and not args.loo:
        print("error: --without-sounds measures (with --loo); the shipped layer always has its sounds", file=sys.stderr)
        return 2
    corpus = build_corpus(sounds=not args.without_sounds)
    given = corpus.part_of[corpus.scored]
    print(f"{len(given)} dev answers from {len(corpus.writer_names)} writers ({len(set(given))} parts), and "
          f"{np.sum(~corpus.scored)} typed answers as heard right")
    if args.loo:
        leave_one_writer_out(corpus, print, args.writer)
        return 0
    layer = train(corpus, report=print)
    layer.save(args.out)
    print(f"wrote {args.out} (fingerprint {layer.fingerprint[:12]})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
