"""A recognizer built on a thread of its own, so that loading its model overlaps the interviewer's first prompt.

Whisper tiny.en takes about 0.5-1 s to load on an idle 2-core machine (several seconds on a busy one); built
before the session it would all come before the first prompt. Here the session starts at once, and the first
decode waits for the load to finish. The recognizer's name and whether it is offline are read from its class.

Every decode runs on the thread that built the engine, not on the caller's: CTranslate2's OpenMP workers belong
to the thread that made the model, and a Whisper model built on one thread and called from another decoded a
6 s answer with 8.5 s of CPU instead of 0.8 s (measured on this 2-core machine).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor

from voicecoach.engines.protocols import Recognizer, engine_info
from voicecoach.transcript import Transcript


class BackgroundRecognizer:
    """A recognizer whose build and decodes run on one worker thread, from `start()` on; a use waits for the build.

    The practice command starts it once the first prompt is shown (cli.LoadAtFirstPrompt), so that the load (partly
    Python imports, which hold the interpreter's lock) takes nothing from the time to that prompt and runs while
    it is spoken and answered; a use before `start()` starts it. A failed build (a missing package, a damaged
    model) raises its error at each use, as the engine would have raised it when built. `close()` is the worker's
    shutdown path: it waits for a load or decode under way, then ends the thread.
    """

    def __init__(self, build: Callable[[], Recognizer], engine: type):
        info = engine_info(engine)
        self.name, self.offline, self.word_timings = info.name, info.offline, info.word_timings
        self._build = build
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix=f"recognizer-{info.name}")
        self._built: Future[Recognizer] | None = None
        self._lock = threading.Lock()

    def start(self) -> BackgroundRecognizer:
        """Begin loading the model on the worker thread (once; later calls do nothing)."""
        with self._lock:
            if self._built is None:
                self._built = self._worker.submit(self._build)
        return self

    @property
    def loading(self) -> bool:
        """Whether the model is being loaded now."""
        return self._built is not None and not self._built.done()

    def ready(self) -> Recognizer:
        """The built recognizer, once loaded (waits for the load; raises its error if it failed)."""
        return self.start()._built.result()

    def transcribe(self, pcm: bytes, *, offset_s: float = 0.0) -> Transcript:
        engine = self.ready()
        return self._worker.submit(engine.transcribe, pcm, offset_s=offset_s).result()

    def __getattr__(self, name: str):
        # only attributes not set above get here (keeps_fillers, an engine's own): the built engine answers
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.ready(), name)

    def close(self) -> None:
        """Wait for a load or decode under way (a model load cannot be cut short), end the worker thread, and close
        the engine if it has a close()."""
        self._worker.shutdown(wait=True, cancel_futures=True)
        built = self._built
        if built is not None and built.done() and built.exception() is None:
            if close := getattr(built.result(), "close", None):
                close()
