"""End of answer: thinking pauses are waited through, real endings are heard, words steer the wait."""

import pytest

from helpers import speak
from voicecoach.audio.pcm import frames, load_wav, silence
from voicecoach.turn.commands import asks_for_time, says_finished
from voicecoach.turn.end_of_answer import AnswerListener, AnswerOver, SegmentReady, SpeechStarted, TurnRules


def listen(pcm: bytes, rules: TurnRules = TurnRules()):
    listener = AnswerListener(rules)
    happened = []
    for frame in frames(pcm, listener.frame_bytes):
        happened += listener.feed(frame)
        if listener.over:
            break
    happened += listener.close()
    return listener, happened


@pytest.fixture(scope="module")
def sentence():
    return load_wav(speak("I really want this job and I look forward to working with your team.", pad_s=0.0))


@pytest.mark.parametrize("pause_s", [0.6, 1.0, 1.3])
def test_a_thinking_pause_does_not_end_the_answer(sentence, pause_s):
    listener, happened = listen(sentence + silence(pause_s) + sentence + silence(3.0))
    segments = [h for h in happened if isinstance(h, SegmentReady)]
    over = [h for h in happened if isinstance(h, AnswerOver)]
    assert len(over) == 1 and over[0].reason == "silence"
    # both halves belong to one answer, and the end came after the second one
    assert over[0].t > 2 * len(sentence) / 32000 + pause_s
    assert sum(len(s.pcm) for s in segments) >= 2 * len(sentence) * 0.8


@pytest.mark.parametrize("end_silence_s", [1.5, 2.5])
def test_the_answer_ends_after_the_configured_silence(sentence, end_silence_s):
    speech_s = len(sentence) / 32000
    _, happened = listen(sentence + silence(6.0), TurnRules(end_silence_s=end_silence_s))
    over = next(h for h in happened if isinstance(h, AnswerOver))
    assert over.reason == "silence"
    # speech ends a little before the file's padding; the VAD needs ~0.3 s to see it
    assert speech_s - 0.6 + end_silence_s <= over.t <= speech_s + end_silence_s + 0.5


def test_silence_alone_is_no_answer():
    _, happened = listen(silence(5.0), TurnRules(no_answer_s=3.0))
    assert [type(h) for h in happened] == [AnswerOver] and happened[0].reason == "no_answer"


def test_a_long_answer_is_capped(sentence):
    _, happened = listen(sentence * 4, TurnRules(max_answer_s=5.0))
    assert isinstance(happened[0], SpeechStarted)
    assert happened[-1].reason == "max_length" and happened[-1].t == pytest.approx(5.0, abs=0.05)
    assert isinstance(happened[-2], SegmentReady)


def test_hold_waits_longer_and_speech_resets_it(sentence):
    rules = TurnRules(end_silence_s=1.5, hold_silence_s=4.0)
    listener = AnswerListener(rules)
    pcm = sentence + silence(3.0) + sentence + silence(6.0)
    held_once = False
    for frame in frames(pcm, listener.frame_bytes):
        for h in listener.feed(frame):
            if isinstance(h, SegmentReady) and not held_once:
                listener.hold()  # as if the first segment said "let me think"
                held_once = True
        if listener.over:
            break
    speech_s = len(sentence) / 32000
    assert listener.over.reason == "silence"
    assert listener.over.t > 2 * speech_s + 3.0  # the 3 s pause did not end it
    assert listener.over.t < 2 * speech_s + 3.0 + 2.3  # the second ending used the normal wait


@pytest.mark.parametrize(
    "text, hold, finished",
    [
        ("let me think", True, False),
        ("um give me a second", True, False),
        ("hold on", True, False),
        ("so yeah that's all", False, True),
        ("i think i'm done", False, True),
        ("that's it thank you", False, True),
        ("that's all the questions i had and also", False, False),
        ("i really want this job", False, False),
        ("what are the next steps", False, False),
    ],
)
def test_words_that_steer_the_turn(text, hold, finished):
    assert asks_for_time(text) is hold
    assert says_finished(text) is finished
