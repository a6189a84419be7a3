"""The learned layer: per checklist item, a logistic regression that revises the matcher's verdict.

Its inputs are the matcher's own verdicts and scores, whether the text looks heard (lower case, no
punctuation), the answer's words and word pairs, hashed, and its sounds: runs of four phones in the recognizer's
own pronouncing dictionary, hashed, so that a misheard word still shares most of its sound with the word said.
It is trained on the dev corpus, typed and recognized (`python -m voicecoach.bench.train_layer`), and earns its
place on recognized text: there a misheard phrase often still leaves words and sounds that go with an item ("the
firing process") that no rule can list.

The weights file is tied to the matcher and corpus it was trained on by a fingerprint of its training
inputs; tests/test_layer.py fails when the two drift apart. Inference is numpy only: a few dozen lookups.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from voicecoach.checklist.clauses import LEADING_WORDS, LONGEST_QUOTE, split_clauses
from voicecoach.checklist.soundalike import sound_of
from voicecoach.checklist.words import FILLERS, tokenize

if TYPE_CHECKING:
    from voicecoach.checklist.verdicts import Assessment
    from voicecoach.packs.pack import ClosingPack

WEIGHTS = Path(__file__).resolve().parent / "data" / "layer.npz"
HASH_BITS = 18
SOUND_BITS = 17
"""Slots for the phone n-grams, after the words' slots: a space of their own, so no sound shares a word's slot."""
SOUND_GRAM = 4
"""Phones per n-gram. Chosen by cross-validation over dev writers (typed and heard): 4 beat 3 and 5."""
SOUND_WEIGHT = 1.0
"""The phone n-grams' share beside the words' (each block scaled to this length); 1 beat 0.5 and 1.5."""
DENSE = 22
"""Feature slots before the hashed words: per item the matcher's verdict and score, then whether the text looks
heard, then per item heard x verdict and heard x score (the matcher is trusted less on misheard text), then the
answer's length."""
SLOTS = DENSE + (1 << HASH_BITS) + (1 << SOUND_BITS)
"""All feature slots: the dense ones, the hashed words, the hashed sounds."""
# Its own word pattern, not words.word_spans: the weights were trained on these words (apostrophes dropped, a
# backtick counts as one), and the fingerprint test ties them to it.
_WORD = re.compile(r"[a-z0-9'’`]+", re.IGNORECASE)
_APOSTROPHES = str.maketrans("", "", "'’`")


@dataclass(frozen=True)
class WrittenWord:
    """One written word of the answer, as the layer sees it, with its span in the text."""

    text: str
    start: int
    end: int


def words_of(text: str) -> list[WrittenWord]:
    """Lower-cased words without apostrophes ("I'd" -> "id"), so typed and heard text look alike."""
    found = []
    for m in _WORD.finditer(text):
        word = m.group().lower().translate(_APOSTROPHES)
        if word:
            found.append(WrittenWord(word, m.start(), m.end()))
    return found


def bucket(feature: str) -> int:
    """The hashed slot of a word feature (CRC-32: stable across runs, machines and Python versions)."""
    return DENSE + (zlib.crc32(feature.encode("utf-8")) & ((1 << HASH_BITS) - 1))


def sound_buckets(text: str, words: list[WrittenWord], say: dict[str, str]) -> list[list[int]]:
    """For each word, the slots of the phone n-grams that start in it, in the recognizer's own pronunciations.

    The phones run on across word boundaries, so "necks steps" and "next steps" share most of their n-grams, and
    so do "firing process" and "hiring process". Hesitation sounds are left out; a word the dictionary lacks
    (typed digits, names) breaks the run."""
    slots: list[list[int]] = [[] for _ in words]
    run: list[str] = []  # the words' sounds since the last break, one letter per phone
    owner: list[int] = []  # for each of those phones, the word it belongs to
    offset = DENSE + (1 << HASH_BITS)
    mask = (1 << SOUND_BITS) - 1

    def flush() -> None:
        sounds = "".join(run)
        for i in range(len(sounds) - SOUND_GRAM + 1):
            slots[owner[i]].append(offset + (zlib.crc32(sounds[i : i + SOUND_GRAM].encode("utf-8")) & mask))
        run.clear()
        owner.clear()

    for k, word in enumerate(words):
        if word.text in FILLERS:
            continue
        spelled = text[word.start : word.end].lower().replace("’", "'").replace("`", "'")
        sound = sound_of(spelled, say)
        if sound is None:
            flush()
        else:
            run.append(sound)
            owner.extend([k] * len(sound))
    flush()
    return slots


def word_buckets(words: list[str]) -> list[list[int]]:
    """For each word, the slots it brings: itself, the pair it starts, and for the first word its opening."""
    slots = []
    for i, w in enumerate(words):
        mine = [bucket(w)]
        if i + 1 < len(words):
            mine.append(bucket(f"{w} {words[i + 1]}"))
        if i == 0:
            mine.append(bucket(f"<s> {w}"))
        slots.append(mine)
    return slots


def features(assessment: Assessment, ids: tuple[str, ...], heard: bool,
             say: dict[str, str] | None = None) -> tuple[np.ndarray, np.ndarray]:
    """The answer's feature vector as (slots, values): the matcher's verdict per item, then its words, then its
    sounds when the recognizer's pronunciations (say) are given."""
    n = len(ids)
    dense = np.zeros(DENSE)
    dense[:n] = [assessment.items[i].covered for i in ids]
    dense[n : 2 * n] = [assessment.items[i].score / 100.0 for i in ids]
    dense[2 * n] = float(heard)
    dense[2 * n + 1 : 4 * n + 1] = dense[: 2 * n] * float(heard)
    found = words_of(assessment.transcript)
    words = [w.text for w in found]
    dense[4 * n + 1] = np.log1p(len(words)) / 5.0
    hashed = sorted({s for slots in word_buckets(words) for s in slots})
    sounds = sorted({s for slots in sound_buckets(assessment.transcript, found, say) for s in slots}) if say else []
    slots = np.concatenate([np.arange(DENSE), np.array(hashed + sounds, dtype=np.int64)])
    # unit length: a long answer is not more likely to cover an item just for having more words
    values = np.concatenate([dense, np.full(len(hashed), 1.0 / np.sqrt(max(1, len(hashed)))),
                             np.full(len(sounds), SOUND_WEIGHT / np.sqrt(max(1, len(sounds))))])
    return slots, values


class Layer:
    """Trained weights for one checklist; build once per session, call `revise` per assessment."""

    def __init__(self, ids: tuple[str, ...], weights: np.ndarray, intercepts: np.ndarray, thresholds: np.ndarray,
                 pack: str, fingerprint: str):
        """weights: (SLOTS, items); thresholds: (2, items), the probability from which each item
        counts in typed text (row 0) and in heard text (row 1): the rules are surer of typed words;
        pack: the digest of the phrase banks it was trained on; fingerprint: a hash of its training inputs."""
        self.ids = ids
        self.pack = pack
        self.weights = weights
        self.intercepts = intercepts
        self.thresholds = thresholds
        self.fingerprint = fingerprint
        self.say: dict[str, str] | None = None
        """The recognizer's pronunciations (word -> phones, see soundalike.py), for the phone n-grams."""

    @classmethod
    def load(cls, path: Path = WEIGHTS) -> Layer:
        with np.load(path, allow_pickle=False) as data:
            weights = np.zeros((SLOTS, len(data["ids"])), dtype=np.float32)
            weights[data["slots"]] = data["weights"]
            return cls(tuple(str(i) for i in data["ids"]), weights, data["intercepts"].astype(np.float64),
                       data["thresholds"].astype(np.float64), str(data["pack"]), str(data["fingerprint"]))

    def save(self, path: Path) -> None:
        slots = np.flatnonzero(np.any(self.weights != 0, axis=1)).astype(np.int32)
        path.parent.mkdir(parents=True, exist_ok=True)
        np.savez_compressed(path, ids=np.array(self.ids), slots=slots, weights=self.weights[slots].astype(np.float32),
                            intercepts=self.intercepts, thresholds=self.thresholds,
                            pack=np.array(self.pack), fingerprint=np.array(self.fingerprint))

    def probabilities(self, slots: np.ndarray, values: np.ndarray) -> np.ndarray:
        """Per item, the probability that the answer covers it."""
        z = values @ self.weights[slots] + self.intercepts
        return 1.0 / (1.0 + np.exp(-z))

    def revise(self, assessment: Assessment, heard: bool) -> Assessment:
        """The assessment with each item's verdict decided by the layer, and evidence for what it adds."""
        slots, values = features(assessment, self.ids, heard, self.say)
        chances = self.probabilities(slots, values)
        items = dict(assessment.items)
        for k, item_id in enumerate(self.ids):
            verdict = items[item_id]
            covered = bool(chances[k] >= self.thresholds[int(heard), k])
            confidence = round(float(chances[k]), 3)
            if covered == verdict.covered:
                items[item_id] = replace(verdict, confidence=confidence)
            elif covered:
                quote = self.evidence(assessment.transcript, k)
                items[item_id] = replace(verdict, covered=quote is not None, confidence=confidence, evidence=quote,
                                         phrase=None)
            else:
                items[item_id] = replace(verdict, covered=False, confidence=confidence, evidence=None, phrase=None)
        return replace(assessment, items=items)

    def word_weights(self, text: str, words: list[WrittenWord], k: int) -> np.ndarray:
        """What each word adds to item k's score: its word and word-pair slots, and the phone n-grams starting in it,
        each scaled as in `features`."""
        column = self.weights[:, k]
        by_words = word_buckets([w.text for w in words])
        by_sounds = sound_buckets(text, words, self.say) if self.say else [[] for _ in words]
        words_scale = 1.0 / np.sqrt(max(1, len({s for slots in by_words for s in slots})))
        sounds_scale = SOUND_WEIGHT / np.sqrt(max(1, len({s for slots in by_sounds for s in slots})))
        return np.array([column[mine].sum() * words_scale + column[sounds].sum() * sounds_scale
                         for mine, sounds in zip(by_words, by_sounds)])

    def evidence(self, text: str, k: int) -> str | None:
        """The stretch of the answer whose words weigh most for item k: a clause, or its best 24 words."""
        words = words_of(text)
        if not words:
            return None
        weight = self.word_weights(text, words, k)
        starts = np.array([w.start for w in words])
        tokens = tokenize(text)
        best: tuple[float, int, int] | None = None
        for clause in split_clauses(tokens):
            lo = int(np.searchsorted(starts, tokens[clause.start].start))
            hi = int(np.searchsorted(starts, tokens[clause.end - 1].start, side="right"))
            width = min(LONGEST_QUOTE, hi - lo)
            for a in range(lo, hi - width + 1):
                total = float(weight[a : a + width].sum())
                if best is None or total > best[0]:
                    best = (total, a, a + width)
        if best is None or best[0] <= 0:
            return None
        _, lo, hi = best
        while lo < hi - 1 and (words[lo].text in LEADING_WORDS or words[lo].text in FILLERS):
            lo += 1
        return text[words[lo].start : words[hi - 1].end]


def pack_digest(pack: ClosingPack) -> str:
    """A hash of the pack's checklist ids and phrase banks: the matcher verdicts the layer was trained on."""
    banks = "\n".join(f"{item.id}\t" + "\t".join(item.phrases) for item in pack.items)
    return hashlib.sha256(banks.encode("utf-8")).hexdigest()


def shipped_layer(pack: ClosingPack, say: dict[str, str], path: Path = WEIGHTS) -> Layer | None:
    """The trained layer, if it was trained on this pack's banks; None for a pack of one's own (rules alone).
    say: the recognizer's pronunciations, word -> phones."""
    if not path.is_file():
        return None
    layer = Layer.load(path)
    if layer.pack != pack_digest(pack):
        return None
    layer.say = say
    return layer
