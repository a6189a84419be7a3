"""Delivery analysis: pure tables on typed and timed text, then spoken answers through the real recognizer."""

from __future__ import annotations

import subprocess

import pytest

from helpers import join_with_pauses, speak
from voicecoach.coaching.delivery import analyse_delivery
from voicecoach.transcript import Transcript, Word


def timed(*spec: tuple[str, float, float], keeps_fillers: bool = True, duration_s: float = 0.0) -> Transcript:
    words = tuple(Word(*w) for w in spec)
    duration_s = duration_s or (words[-1].end if words else 0.0)
    return Transcript(" ".join(w.text for w in words), words, keeps_fillers, duration_s)


def evenly(text: str, *, start: float = 0.0, per_word: float = 0.4, gaps: dict[int, float] | None = None) -> Transcript:
    """Words of text one after another, per_word seconds each; gaps[i] seconds of silence before word i."""
    gaps = gaps or {}
    t, spec = start, []
    for i, word in enumerate(text.split()):
        t += gaps.get(i, 0.0)
        spec.append((word, t, t + per_word))
        t += per_word
    return timed(*spec)


@pytest.mark.parametrize(
    "text, which",
    [
        ("I would like to know the next steps", {}),
        ("I'd like to ask about the team", {}),
        ("I was, like, really excited about it", {"like": 1}),
        ("Like, I really want this job", {"like": 1}),
        ("I'm like really keen on this role", {"like": 1}),
        ("It's like a family here", {}),
        ("I know what success looks like.", {}),
        ("So, what are the next steps?", {"so": 1}),
        ("I did it so that we could ship on time", {}),
        ("So far I have enjoyed every interview", {}),
        ("I think so.", {}),
        ("Um, uh, I want this job. Er, hmm.", {"um": 1, "uh": 1, "er": 1, "hmm": 1}),
        ("You know, I really want it", {"you know": 1}),
        ("Do you know when I will hear back?", {}),
        ("I mean, it went well", {"i mean": 1}),
        ("I mean it when I say I want this", {}),
        ("What kind of team is it?", {}),
        ("I kind of want to lead, sort of.", {"kind of": 1, "sort of": 1}),
        ("Basically it was fine, actually.", {"basically": 1, "actually": 1}),
        ("I really want this job, so yeah", {"so": 1}),
    ],
)
def test_fillers_only_in_filler_position(text, which):
    delivery = analyse_delivery(Transcript.from_text(text))
    assert delivery.fillers.which == which
    assert delivery.fillers.count == sum(which.values())


@pytest.mark.parametrize(
    "text, hedges",
    [
        ("I think maybe I could be a good fit", ["i think maybe"]),
        ("I guess I might be interested in the role", ["i guess", "i might be interested"]),
        ("Hopefully I will probably hear back", ["hopefully", "probably"]),
        ("I really want this job and I know I can do it", []),
        ("It is kind of what I want", ["kind of"]),
    ],
)
def test_hedges_in_order(text, hedges):
    assert list(analyse_delivery(Transcript.from_text(text)).hedges) == hedges


@pytest.mark.parametrize(
    "text, tail",
    [
        ("What are the next steps?", None),
        ("I really want this job, so yeah", "so yeah"),
        ("I'd love to join the team and", "and"),
        ("I hope to hear from you, um", "um"),
        ("I could be a good fit, I guess", "i guess"),
        ("I'd bring a lot or something", "or something"),
        ("Thank you so much", None),
    ],
)
def test_trailing_off(text, tail):
    assert analyse_delivery(Transcript.from_text(text)).trailing_off == tail


def test_typed_text_has_no_timing_figures():
    delivery = analyse_delivery(Transcript.from_text("I really want this job. What are the next steps?"))
    figures = (delivery.words, delivery.wpm, delivery.duration_s, delivery.long_pauses, delivery.length)
    assert figures == (10, None, None, None, None)
    assert delivery.to_json()["long_pauses"] == {"count": None, "longest_s": None}


def test_to_json_shape_leads_with_the_issue_keys():
    data = analyse_delivery(evenly("um i really want this job")).to_json()
    assert list(data)[:6] == ["words", "wpm", "duration_s", "fillers", "hedges", "long_pauses"]
    assert list(data["fillers"]) == ["count", "per_100_words", "which"]
    assert list(data["long_pauses"]) == ["count", "longest_s"]
    assert data["fillers"] == {"count": 1, "per_100_words": 16.7, "which": {"um": 1}}


def test_untrusted_recognizer_reports_no_filler_count():
    t = timed(("i", 0.0, 0.2), ("really", 0.2, 0.6), ("want", 0.6, 0.9), ("it", 0.9, 1.0), keeps_fillers=False)
    fillers = analyse_delivery(t).fillers
    assert (fillers.count, fillers.per_100_words, fillers.trusted, fillers.rating) == (None, None, False, None)


@pytest.mark.parametrize(
    "gaps, count, longest",
    [
        ({}, 0, 0.0),
        ({3: 1.0}, 0, 0.0),  # a thinking pause under 1.2 s is natural
        ({3: 1.3}, 1, 1.3),
        ({3: 2.0, 6: 3.5}, 2, 3.5),
    ],
)
def test_long_pauses_from_word_gaps(gaps, count, longest):
    delivery = analyse_delivery(evenly("i really want this job what are the next steps", gaps=gaps))
    assert len(delivery.long_pauses) == count
    assert delivery.longest_pause_s == pytest.approx(longest)


def test_wpm_is_over_speaking_time_without_long_pauses():
    # 10 words at 0.4 s = 4 s of speech -> 150 wpm, however long the thinking pause.
    plain = analyse_delivery(evenly("i really want this job what are the next steps"))
    paused = analyse_delivery(evenly("i really want this job what are the next steps", gaps={5: 3.0}))
    assert plain.wpm == paused.wpm == pytest.approx(150.0)
    quick, slow = analyse_delivery(evenly("a b c d", per_word=0.3)), analyse_delivery(evenly("a b c d", per_word=0.9))
    assert (plain.pace, quick.pace, slow.pace) == ("ok", "fast", "slow")


@pytest.mark.parametrize("seconds, verdict", [(30.0, "short"), (75.0, "ok"), (95.0, "long")])
def test_length_against_the_budget(seconds, verdict):
    t = timed(("thank", 0.0, 0.3), ("you", 0.3, 0.5), duration_s=seconds)
    assert analyse_delivery(t).length == verdict


def test_a_pause_makes_so_a_clause_opening_filler():
    # Recognizer text has no commas: a 0.5 s gap before "so" is the only sign a clause begins.
    without = analyse_delivery(evenly("i want this job so what are the next steps"))
    with_gap = analyse_delivery(evenly("i want this job so what are the next steps", gaps={4: 0.5}))
    assert (without.fillers.count, with_gap.fillers.count) == (0, 1)


def test_thresholds_are_options():
    t = evenly("i really want this job", gaps={2: 0.8})
    assert len(analyse_delivery(t).long_pauses) == 0
    assert len(analyse_delivery(t, long_pause_s=0.5).long_pauses) == 1
    assert analyse_delivery(t, budget_s=(1.0, 2.0)).length == "long"


# --- Spoken answers: flite -> sox -> the real pocketsphinx recognizer ---------------------

FILLED = "Thank you. I really want this job, you know, and I think I could basically lead the team from day one."
# After a long silence pocketsphinx hears a lone "So," as "cell": the fillers sit mid-phrase.
QUESTION = "Well, I mean, what are the next steps in the hiring process, so yeah."
CLEAN = ("I would like to thank you for your time today. I am very excited about this role and the team. "
         "What does success look like in the first six months?")


def spoken(recognizer, parts, tmp_path):
    from voicecoach.audio.pcm import load_wav

    wav = join_with_pauses(parts, tmp_path / "answer.wav")
    return recognizer.transcribe(load_wav(wav))


def test_spoken_pause_fillers_and_hedges(recognizer, tmp_path):
    pad = 0.3  # speak() pads each piece with 0.3 s of silence on both sides
    t = spoken(recognizer, [speak(FILLED, pad_s=pad), 2.0, speak(QUESTION, pad_s=pad)], tmp_path)
    delivery = analyse_delivery(t)
    # The inserted 2.0 s plus the padding: one long pause, where it was put.
    assert len(delivery.long_pauses) == 1
    assert 2.0 <= delivery.longest_pause_s <= 2.0 + 2 * pad + 0.3
    assert delivery.long_pauses[0].after in ("one", "day")
    # Known fillers: "you know", "basically", "i mean", "so" (±1: "you know" is sometimes heard as "here now").
    # pocketsphinx drops "um": the count is not given (never a zero), the filler words it heard still are.
    assert delivery.fillers.count is None and not delivery.fillers.trusted
    assert abs(sum(delivery.fillers.which.values()) - 4) <= 1
    assert len({"you know", "basically", "i mean", "so"} & set(delivery.fillers.which)) >= 3
    assert "i think" in delivery.hedges
    assert delivery.trailing_off == "so yeah"
    assert abs(delivery.words - 34) <= 2
    # The pause is left out of speaking time: speaking time < duration - 2 s.
    assert delivery.speaking_s < delivery.duration_s - 2.0


def test_spoken_pace_follows_the_tempo(recognizer, tmp_path):
    wav = speak(CLEAN)
    slow = tmp_path / "slow.wav"
    subprocess.run(["sox", str(wav), str(slow), "tempo", "-s", "0.6"], check=True)
    fast = analyse_delivery(spoken(recognizer, [wav], tmp_path))
    slowed = analyse_delivery(spoken(recognizer, [slow], tmp_path))
    assert abs(fast.words - 30) <= 2 and abs(slowed.words - 30) <= 4  # sox tempo costs the recognizer a few words
    assert not fast.fillers.which and fast.long_pauses == ()
    # flite speaks fast (about 200-240 wpm); at 0.6 tempo that is a comfortable 120-150.
    assert 180 <= fast.wpm <= 260 and fast.pace == "fast"
    assert 0.5 <= slowed.wpm / fast.wpm <= 0.7
    assert slowed.pace == "ok"
