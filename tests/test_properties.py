"""Bad input found by hypothesis: packs, CLI arguments, audio files and assessed text never give a traceback.

Whatever comes in, voicecoach either works or says in one line what is wrong and exits 2. The examples are
derandomized and no example database is kept, so the run is the same everywhere (CI included);
`HYPOTHESIS_PROFILE=explore` draws fresh, more numerous examples, to hunt for new failures by hand.
"""

from __future__ import annotations

import io
import json
import math
import os
import struct
import sys
from pathlib import Path

import numpy as np
import pytest
import soundfile
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from helpers import run_cli
from voicecoach.audio.pcm import SAMPLE_WIDTH, AudioFileError, load_wav
from voicecoach.cli import main
from voicecoach.cli_types import END_SILENCE_S, MAX_ANSWER_S, MAX_ROUNDS, RATE_WPM
from voicecoach.packs.pack import PROMPTS_DIR, PackError, load_pack, parse_pack

settings.register_profile(
    "ci", max_examples=25, derandomize=True, database=None, deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)  # fmt: skip
settings.register_profile("explore", parent=settings.get_profile("ci"), max_examples=500, derandomize=False)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


def one_line_error(err: str) -> None:
    """What every refusal looks like: exactly one line, no traceback."""
    assert err.count("\n") == 1 and err.endswith("\n"), err
    assert "Traceback" not in err and "usage:" not in err, err


# ---------------------------------------------------------------- packs

GOOD_PACK = {
    "prompts": ["Any questions for us?"],
    "items": {
        "next_steps": {
            "title": "Learn the next steps", "description": "d", "phrases": ["what happens next"],
            "praise": 'You asked: "{evidence}".', "tip": "Ask what happens next.",
            "example": "What are the next steps?",
        },
        "my_own_item": {
            "title": "Thank them", "description": "d", "phrases": ["thank you for your time"],
            "praise": "You thanked them.", "tip": "Thank them.", "example": "Thank you for your time.",
        },
    },
    "interviewer": {
        "warm": {
            "raise": "One thing: {reservation}", "no_reservation": "None.", "next_steps": ["Soon."],
            "answers": ["Yes."],
            "after_strong": ["Good."], "after_weak": ["Hm."], "retry_offer": "Again?",
        },
    },
    "reservations": [{"id": "junior", "text": "you are junior", "example": "I led a team.", "warm": "you seem junior"}],
    "interviewer_answers": [{"about": ["team"], "text": "Five people."}],
}
"""A small pack that loads; the pack tests change one part of it at a time."""

braces = st.text(alphabet=st.sampled_from(list("{}evidnc:!0 reservation[]{}")), max_size=20)
pack_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20) | braces,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=8), inner, max_size=3),
    max_leaves=8,
)


def paths_in(data, prefix=()):
    """Every key path inside nested dicts and lists."""
    if isinstance(data, dict):
        items = data.items()
    elif isinstance(data, list):
        items = enumerate(data)
    else:
        return
    for key, value in items:
        yield (*prefix, key)
        yield from paths_in(value, (*prefix, key))


ALL_PATHS = list(paths_in(GOOD_PACK))


@st.composite
def changed_packs(draw):
    """GOOD_PACK with a few of its parts replaced by anything, or deleted."""
    data = json.loads(json.dumps(GOOD_PACK))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from(ALL_PATHS))
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
            if draw(st.booleans()) and isinstance(parent, dict):
                parent.pop(path[-1], None)
            else:
                parent[path[-1]] = draw(pack_values)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier change removed the way there
    return data


def use_every_text(pack) -> None:
    """Say everything a session can say from the pack: every item praised and missed, every reservation raised."""
    from voicecoach.checklist.verdicts import Assessment, ItemVerdict
    from voicecoach.coaching.coach import coach, coaching_feedback
    from voicecoach.coaching.roleplay import raise_reservation
    from voicecoach.transcript import Transcript

    for covered in (True, False):
        for item in pack.items:
            verdicts = {i.id: ItemVerdict(i.id, covered and i is item, 80.0, "I want {this} job") for i in pack.items}
            assessment = Assessment("I want {this} job", verdicts)
            coaching_feedback(coach(assessment, Transcript.from_text(assessment.transcript)), pack)
    for reservation in pack.reservations:
        for style in [None, *pack.styles]:
            raise_reservation(pack, reservation, style=style)


@given(changed_packs())
def test_a_pack_either_loads_and_works_or_names_file_and_field(data):
    path = Path("/packs/changed.toml")
    try:
        pack = parse_pack(data, path)
    except PackError as exc:
        message = str(exc)
        assert message.startswith(f"{path}: ") and "\n" not in message
        return
    use_every_text(pack)


@given(st.sampled_from(["praise", "tip", "example", "title"]), st.text(min_size=1, max_size=30) | braces)
def test_any_text_in_an_item_field_loads_and_is_said_or_is_refused(field, text):
    data = json.loads(json.dumps(GOOD_PACK))
    data["items"]["next_steps"][field] = text
    try:
        pack = parse_pack(data, Path("p.toml"))
    except PackError as exc:
        assert str(exc).startswith(f"p.toml: items.next_steps.{field}: ")
        return
    use_every_text(pack)


@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_pack_file_loads_or_is_refused_in_one_line(tmp_path, content):
    path = tmp_path / "any.toml"
    path.write_bytes(content)
    try:
        load_pack(path)
    except PackError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)


@settings(max_examples=8)
@given(st.sampled_from(["{evidence}", "{nonsense}", "{evidence", "evidence}", "{{evidence}}", "{0}", "{evidence!r}"]))
def test_the_cli_refuses_a_pack_typo_before_assessing(capsys, tmp_path, praise):
    pack = tmp_path / "typo.toml"
    pack.write_text((PROMPTS_DIR / "closing.toml").read_text().replace("{evidence}", praise, 1))
    capsys.readouterr()
    code = main(["assess", "--text", "I really want this job.", "--pack", str(pack)])
    out, err = capsys.readouterr()
    if code == 2:
        one_line_error(err)
        assert "items.want_the_job.praise" in err
    else:
        assert code == 0 and "Feedback: You told them you want the job" in out


# ---------------------------------------------------------------- CLI arguments

numbers_as_typed = st.one_of(
    st.integers(-10**12, 10**12).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.sampled_from(["nan", "inf", "-inf", "NaN", "1e999", "", " ", "0x10", "1_000", "½", "٣", "3.", ".5", "1e-999"]),
    st.text(max_size=6),
)
PRACTICE_NUMBERS = ("--rounds", "--rate", "--end-silence", "--max-answer", "--seed")


@given(st.dictionaries(st.sampled_from(PRACTICE_NUMBERS), numbers_as_typed, min_size=1, max_size=3))
def test_practice_numbers_parse_finite_and_in_range_or_are_refused_in_one_line(capsys, given_numbers):
    from voicecoach.cli import build_parser

    argv = ["practice", "--demo", "--no-voice"]
    for option, value in given_numbers.items():
        argv.append(f"{option}={value}")
    capsys.readouterr()
    try:
        args = build_parser().parse_args(argv)
    except SystemExit as refused:
        assert refused.code == 2
        one_line_error(capsys.readouterr().err)
        return
    assert args.rounds is None or 1 <= args.rounds <= MAX_ROUNDS
    assert RATE_WPM[0] <= args.rate <= RATE_WPM[1] and isinstance(args.rate, int)
    assert math.isfinite(args.end_silence) and END_SILENCE_S[0] < args.end_silence <= END_SILENCE_S[1]
    assert math.isfinite(args.max_answer) and MAX_ANSWER_S[0] <= args.max_answer <= MAX_ANSWER_S[1]


any_argument = st.one_of(
    st.sampled_from(["assess", "practice", "devices", "bench", "--text", "--audio", "--pack", "--json", "--rules-only",
                     "--recognizer", "--model", "--rounds", "--answers", "--speak-to", "--events", "--rate", "-x", "--",
                     "sphinx", "google", "closing", "/", "/dev/null", ".", "nan"]),
    st.text(max_size=12),
)  # fmt: skip


@given(st.lists(any_argument, max_size=5))
def test_any_arguments_to_assess_run_or_are_refused_in_one_line(capsys, monkeypatch, argv):
    """`assess` with whatever follows it, stdin empty; other commands only as far as parsing (they start devices)."""
    from voicecoach.cli import build_parser

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(b"")))
    assume("--help" not in argv and "-h" not in argv and "google" not in argv)  # help exits 0; google is online
    capsys.readouterr()
    try:
        args = build_parser().parse_args(["assess", *argv])
        code = main(["assess", *argv])
    except SystemExit as refused:
        assert refused.code == 2
        one_line_error(capsys.readouterr().err)
        return
    out, err = capsys.readouterr()
    if code == 2:
        one_line_error(err)
    else:
        assert code == 0 and args.command == "assess", err
        assert "Traceback" not in err


# ---------------------------------------------------------------- audio files

SUBTYPES = ["PCM_U8", "PCM_S8", "PCM_16", "PCM_24", "PCM_32", "FLOAT", "DOUBLE", "ULAW", "ALAW", "IMA_ADPCM",
            "MS_ADPCM"]


def wav_header(*, tag: int, channels: int, rate: int, bits: int, data_size: int, riff_size: int | None = None) -> bytes:
    """A RIFF/WAVE header with any values in its fmt and data chunks, sense or not."""
    block = channels * max(bits, 8) // 8
    fmt = struct.pack("<HHIIHH", tag, channels, rate, (rate * block) & 0xFFFFFFFF, block & 0xFFFF, bits)
    body = b"WAVE" + b"fmt " + struct.pack("<I", len(fmt)) + fmt + b"data" + struct.pack("<I", data_size)
    return b"RIFF" + struct.pack("<I", (len(body) + data_size if riff_size is None else riff_size) & 0xFFFFFFFF) + body


def loads_or_refuses(path, recognizer=None) -> bytes | None:
    """load_wav's two outcomes: 16 kHz mono int16 that the recognizer takes, or AudioFileError in one line."""
    try:
        pcm = load_wav(path)
    except AudioFileError as exc:
        assert str(exc).startswith(str(path)) and "\n" not in str(exc)
        return None
    assert len(pcm) % SAMPLE_WIDTH == 0 and len(pcm) > 0
    if recognizer is not None:
        recognizer.transcribe(pcm)
    return pcm


@given(st.binary(max_size=2048))
def test_random_bytes_are_refused_in_one_line(tmp_path, content):
    path = tmp_path / "random.wav"
    path.write_bytes(content)
    loads_or_refuses(path)


@given(
    st.integers(0, 0xFFFF) | st.sampled_from([1, 3, 6, 7, 0xFFFE]),
    st.integers(0, 0xFFFF) | st.integers(1, 8),
    st.integers(0, 0xFFFFFFFF) | st.sampled_from([1, 100, 7999, 8000, 11025, 44100, 192000]),
    st.integers(0, 0xFFFF) | st.sampled_from([8, 16, 24, 32, 64]),
    st.binary(max_size=4096),
    st.none() | st.integers(0, 0xFFFFFFFF),
)
def test_any_wav_header_loads_or_is_refused_in_one_line(
    tmp_path, recognizer, tag, channels, rate, bits, data, data_size
):
    path = tmp_path / "header.wav"
    size = len(data) if data_size is None else data_size
    path.write_bytes(wav_header(tag=tag, channels=channels, rate=rate, bits=bits, data_size=size) + data)
    loads_or_refuses(path, recognizer)


@given(st.sampled_from(SUBTYPES), st.integers(1, 6), st.sampled_from([8000, 11025, 22050, 44100, 96000]), st.data())
def test_a_wav_cut_anywhere_loads_or_is_refused_in_one_line(tmp_path, recognizer, subtype, channels, rate, data):
    whole = tmp_path / "whole.wav"
    t = np.arange(int(rate * 0.4)) / rate
    tone = 0.5 * np.sin(2 * np.pi * 300 * t)
    try:
        soundfile.write(whole, np.repeat(tone[:, None], channels, axis=1), rate, subtype=subtype)
    except (soundfile.LibsndfileError, ValueError, RuntimeError):
        assume(False)  # libsndfile cannot write this combination
    content = whole.read_bytes()
    cut = tmp_path / "cut.wav"
    cut.write_bytes(content[: data.draw(st.integers(0, len(content)))])
    loads_or_refuses(cut, recognizer)


@given(
    st.sampled_from(["FLOAT", "DOUBLE"]),
    st.lists(st.floats(allow_nan=True, allow_infinity=True, width=32), min_size=1, max_size=64),
    st.integers(1, 4000),
)
def test_float_samples_of_any_value_load_or_are_refused_in_one_line(tmp_path, recognizer, subtype, values, repeat):
    path = tmp_path / "floats.wav"
    samples = np.tile(np.asarray(values, dtype="float64"), repeat)[:16000]
    soundfile.write(path, samples, 16000, subtype=subtype)
    pcm = loads_or_refuses(path, recognizer)
    if pcm is not None:
        assert np.isfinite(samples).all()  # a NaN or infinity is never turned into sound


@settings(max_examples=10)
@given(st.binary(min_size=0, max_size=4000))
def test_sphinx_takes_any_pcm_even_a_few_bytes(recognizer, pcm):
    heard = recognizer.transcribe(pcm)
    assert heard.duration_s == len(pcm) / 32000


# ---------------------------------------------------------------- assessed text

any_answer = st.one_of(
    st.text(),
    st.text(alphabet=st.characters(min_codepoint=0xDC80, max_codepoint=0xDCFF), max_size=5)  # undecodable argv bytes
    .map(lambda junk: f"I want this job {junk} next steps?"),
    st.text(alphabet=st.sampled_from(list("um uh like I want this job? \t\n.,'\"{}")), max_size=200),
    st.integers(2000, 12000).map(lambda n: ("I really want this job and um " * n)[:n]),
)


@settings(max_examples=15)
@given(any_answer, st.booleans())
def test_any_text_is_assessed_without_a_traceback(capsys, text, as_json):
    capsys.readouterr()
    assert main(["assess", "--text", text, *(["--json"] if as_json else [])]) == 0
    out, err = capsys.readouterr()
    assert err == ""
    if as_json:
        result = json.loads(out)
        assert set(result["items"]) >= {"want_the_job", "next_steps"}
        assert "None" not in result["feedback"]
    else:
        assert out.startswith("Answer: ") and "None" not in out.replace(text, "")


@settings(max_examples=12)
@given(st.binary(max_size=400))
def test_any_bytes_on_stdin_are_assessed_line_by_line(capsys, monkeypatch, content):
    strict = io.TextIOWrapper(io.BytesIO(content), encoding="utf-8")  # as a UTF-8 locale's stdin
    monkeypatch.setattr(sys, "stdin", strict)
    capsys.readouterr()
    assert main(["assess", "--json"]) == 0
    out = capsys.readouterr().out
    assert all(json.loads(line)["transcript"] is not None for line in out.splitlines())


# ---------------------------------------------------------------- a few as a user runs them

STRICT_UTF8 = {**os.environ, "PYTHONIOENCODING": "utf-8:strict"}
"""A UTF-8 locale's streams: they refuse, rather than pass through, what is not UTF-8."""


@pytest.mark.parametrize(
    "args, stdin",
    [
        (["assess", "--text", "I want \udcff this job"], None),  # what a non-UTF-8 argument byte becomes
        (["assess", "--json", "--text", "I want \udcff this job"], None),
        (["assess"], "I want this job\n\udcff\n"),
    ],
)
def test_text_that_is_not_utf8_is_assessed_in_a_strict_utf8_locale(args, stdin):
    done = subprocess_run(args, stdin)
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr and b"want_the_job" in done.stdout or b"Say you want" in done.stdout


def subprocess_run(args: list[str], stdin: str | None):
    """The CLI in its own process with strict UTF-8 streams, arguments and stdin passed as raw bytes."""
    import subprocess

    raw = [os.fsencode(a) for a in args]
    return subprocess.run(
        [sys.executable.encode(), b"-m", b"voicecoach", *raw], capture_output=True, env=STRICT_UTF8, timeout=120,
        input=None if stdin is None else stdin.encode("utf-8", "surrogateescape"), cwd=Path(__file__).parent.parent,
    )  # fmt: skip


def test_a_short_truncated_wav_is_refused_as_a_user_runs_it(tmp_path):
    path = tmp_path / "cut.wav"
    t = np.arange(16000) / 16000
    soundfile.write(path, 0.5 * np.sin(2 * np.pi * 300 * t), 16000, subtype="PCM_16")
    path.write_bytes(path.read_bytes()[:1000])
    done = run_cli("assess", "--audio", str(path))
    assert done.returncode == 2 and "too short to hold an answer" in done.stderr
    one_line_error(done.stderr)
