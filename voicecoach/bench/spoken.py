"""Spoken closing answers for benchmarks, made with flite and cached (flite is deterministic)."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

from voicecoach.audio.pcm import load_wav, silence

CACHE = Path(tempfile.gettempdir()) / "voicecoach-bench-audio"

CLOSING_SENTENCES = (
    "Thank you for taking the time to talk with me today.",
    "I really want this job and I look forward to working with your team.",
    "Is there anything about my background that gives you pause about hiring me?",
    "I led a team of four engineers on my last project and we shipped on time.",
    "What does success look like in the first six months for this role?",
    "How would you describe the culture of the team I would be joining?",
    "I want to make sure there is no doubt about my experience with customers.",
    "What are the next steps in the hiring process?",
    "When can I expect to hear back from you about a decision?",
    "I read about your new product launch and I would love to help it grow.",
    "What are the biggest challenges the team is facing this year?",
    "I am very excited about this role and the people I met today.",
)
VOICES = ("slt", "rms", "awb", "kal16")


def sentence_wav(text: str, voice: str) -> bytes:
    """A flite voice (or "espeak": espeak-ng en-us) saying one sentence, 16 kHz mono int16, its own silences trimmed."""
    tool = "espeak-ng" if voice == "espeak" else "flite"
    if not (shutil.which(tool) and shutil.which("sox")):
        raise RuntimeError(f"benchmarks speak their answers with {tool} and sox: run scripts/setup")
    CACHE.mkdir(parents=True, exist_ok=True)
    out = CACHE / f"{voice}-{hashlib.sha1(text.encode()).hexdigest()[:12]}.wav"
    if not out.exists():
        # names of this process's own: the benchmarks' worker processes may render the same sentence at once
        raw, tmp = out.with_suffix(f".{os.getpid()}.raw.wav"), out.with_suffix(f".{os.getpid()}.tmp.wav")
        if voice == "espeak":
            subprocess.run(["espeak-ng", "-v", "en-us", "-w", str(raw), text], check=True)
        else:
            subprocess.run(["flite", "-voice", voice, "-t", text, "-o", str(raw)], check=True)
        trim = ["silence", "1", "0.02", "0.5%", "reverse", "silence", "1", "0.02", "0.5%", "reverse"]
        subprocess.run(["sox", str(raw), "-r", "16000", "-c", "1", "-b", "16", str(tmp), *trim], check=True)
        tmp.rename(out)  # whole files only, so a parallel run never reads half a WAV
        raw.unlink()
    return load_wav(out)


def spoken_answer(length_s: float, *, voice: str = "slt", lead_s: float = 0.5,
                  pauses_s=(0.6, 0.9, 1.2)) -> tuple[bytes, str]:
    """About length_s seconds of closing sentences with thinking pauses between them; (pcm, reference text)."""
    pcm, said, i = silence(lead_s), [], 0
    while len(pcm) / 32000 < length_s - 1.5:
        sentence = CLOSING_SENTENCES[i % len(CLOSING_SENTENCES)]
        pcm += sentence_wav(sentence, voice) + silence(pauses_s[i % len(pauses_s)])
        said.append(sentence)
        i += 1
    return pcm, " ".join(said)
