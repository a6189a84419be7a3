"""The learned layer: tied to what it was trained on, revising verdicts with evidence, and its trainer."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from voicecoach.bench import train_layer
from voicecoach.checklist.layer import WEIGHTS, Layer, pack_digest, shipped_layer, sound_buckets, words_of
from voicecoach.checklist.matcher import Matcher
from voicecoach.packs.pack import load_pack, parse_pack


@pytest.fixture(scope="module")
def matcher() -> Matcher:
    return Matcher(load_pack())


@pytest.mark.slow
def test_weights_were_trained_on_todays_rules_and_corpus() -> None:
    # Any change to the rules' verdicts, the features or the dev corpus changes the fingerprint: retrain.
    corpus = train_layer.build_corpus()
    assert Layer.load().fingerprint == train_layer.fingerprint(corpus), (
        "the learned layer's weights are stale: run `.venv/bin/python -m voicecoach.bench.train_layer` and commit "
        f"{WEIGHTS.relative_to(WEIGHTS.parents[2])}")


def test_the_fingerprint_sees_one_changed_label() -> None:
    corpus = train_layer.build_corpus(["dev-cases"])
    before = train_layer.fingerprint(corpus)
    corpus.labels[0, 0] = not corpus.labels[0, 0]
    assert train_layer.fingerprint(corpus) != before


def test_a_pack_of_ones_own_is_judged_by_the_rules_alone(tmp_path: Path, matcher: Matcher) -> None:
    closing = load_pack()
    assert shipped_layer(closing, matcher.pronunciations) is not None and Layer.load().pack == pack_digest(closing)
    data = {"name": "mine", "prompts": ["Any questions?"], "items": {"ask_about_budget": {
        "title": "t", "description": "d", "praise": "p", "tip": "t", "example": "e",
        "phrases": ["what is the budget"]}}}
    mine = Matcher(parse_pack(data, tmp_path / "mine.toml"))
    assert mine.layer is None
    assert mine.assess("what's the budget").items["ask_about_budget"].confidence is None


def test_the_layer_adds_what_the_rules_miss_and_quotes_it(matcher: Matcher) -> None:
    text = "well um i'd be made up if you offered me this what are the hours like"  # heard; not in the corpus
    assert "want_the_job" not in matcher.by_rules(text).covered
    verdict = matcher.assess(text).items["want_the_job"]
    assert verdict.covered and verdict.confidence >= 0.5
    assert verdict.evidence == "i'd be made up if you offered me this"
    assert verdict.phrase is None


def test_the_layer_drops_a_false_alarm_of_the_rules(matcher: Matcher) -> None:
    text = "what does success look like in the first two years"  # a question about the job, not the hiring
    assert matcher.by_rules(text).covered == ["next_steps", "good_questions"]
    revised = matcher.assess(text)
    assert revised.covered == ["good_questions"]
    assert revised.items["next_steps"].evidence is None and revised.items["next_steps"].confidence < 0.1


def test_rules_only_matcher_has_no_layer() -> None:
    rules = Matcher(load_pack(), learned=False)
    text = "I'd be made up if you offered me this."
    assert rules.layer is None and rules.assess(text) == rules.by_rules(text)


def test_evidence_is_a_clause_of_at_most_24_words(matcher: Matcher) -> None:
    layer = matcher.layer
    long = ("so yeah i've been thinking about it all the way here on the train and honestly i'd be made up if you "
            "offered me this because it's the kind of place i've wanted to work since i left college years ago")
    k = layer.ids.index("want_the_job")
    quote = layer.evidence(long, k)
    assert quote in long and "made up" in quote and len(quote.split()) <= 24
    assert not quote.startswith(("so ", "and "))
    assert layer.evidence("", k) is None


def test_words_are_read_the_same_typed_and_heard() -> None:
    typed = [w.text for w in words_of("I'd love it — what's next?")]
    assert typed == [w.text for w in words_of("id love it whats next")] == ["id", "love", "it", "whats", "next"]
    text = "Don't stop"
    assert [text[w.start:w.end] for w in words_of(text)] == ["Don't", "stop"]


def test_misheard_words_keep_most_of_their_sounds(matcher: Matcher) -> None:
    say = matcher.pronunciations

    def sounds(text: str) -> set[int]:
        return {s for slots in sound_buckets(text, words_of(text), say) for s in slots}

    # "firing" for "hiring", "necks" for "next": one phone apart, so most of the phone n-grams are shared
    hiring, firing = sounds("what is the hiring process"), sounds("what is the firing process")
    assert len(hiring & firing) >= 0.7 * len(hiring) and hiring != firing
    steps = sounds("what are the next steps")
    assert len(steps & sounds("what are the necks steps")) >= 0.7 * len(steps)
    assert not sounds("what is the hiring process") & sounds("do you have any reservations")
    # apostrophes are read as the dictionary spells them ("i'd" is AY D, "id" is IH D); fillers add nothing
    assert sounds("I'd love it") == sounds("i'd um love it") != sounds("id love it")
    # a word the dictionary lacks breaks the run: no n-gram spans it
    per_word = sound_buckets("go qxzv now", words_of("go qxzv now"), say)
    assert per_word[1] == [] and per_word[0] == []


@pytest.mark.slow
def test_trainer_writes_a_layer_that_loads_back_the_same(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(train_layer, "PENALTIES", (1e-5,))  # one penalty keeps this quick; the choice is not tested
    corpus = train_layer.build_corpus(["dev-b", "dev-c", "dev-d", "dev-e"])
    layer = train_layer.train(corpus)
    assert layer.thresholds.shape == (2, 5) and layer.fingerprint == train_layer.fingerprint(corpus)
    layer.save(tmp_path / "layer.npz")
    again = Layer.load(tmp_path / "layer.npz")
    row = corpus.rows[0]
    assert np.allclose(again.probabilities(*row), layer.probabilities(*row), atol=1e-5)
    assert np.array_equal(again.thresholds, layer.thresholds) and again.ids == layer.ids
    # fitted to its own answers, it agrees with their labels at least as well as the rules it starts from
    found = np.array([again.probabilities(*r) >= again.thresholds[0] for r in corpus.rows])
    rules = np.array([values[:5] > 0.5 for _, values in corpus.rows])
    agree = lambda verdicts: np.mean(verdicts == corpus.labels)  # noqa: E731
    assert agree(found) >= agree(rules)


@pytest.mark.slow
def test_typed_answers_also_train_as_heard_right() -> None:
    assert train_layer.heard_right("Sixty-three, I’d say. Okay?") == "sixty three i'd say okay"
    corpus = train_layer.build_corpus(["dev-b", "dev-b-recognized", "dev-cases"], sounds=False)
    copies = ~corpus.scored
    typed = corpus.part_of == "dev-b"
    assert np.sum(copies) == np.sum(typed & ~corpus.heard) > 0  # one per typed dev-b answer; none of the cases
    assert set(corpus.part_of[copies]) == {"dev-b (heard right)"} and corpus.heard[copies].all()
    # each copy follows its answer, with its labels and writer
    given = np.flatnonzero(copies) - 1
    assert np.array_equal(corpus.labels[given], corpus.labels[copies])
    assert np.array_equal(corpus.writers[given], corpus.writers[copies]) and not corpus.heard[given].any()
