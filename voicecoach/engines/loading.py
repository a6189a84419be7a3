"""A recognizer built on a background thread, so that loading its model overlaps the interviewer's first prompt.

Whisper tiny.en takes about 0.5-1 s to load on an idle 2-core machine (several seconds on a busy one); built
before the session it would all come before the first prompt. Here the session starts at once, and the first
call that needs the model (the first speech segment to decode) waits for the load to finish. The recognizer's
name and whether it is offline are read from its class, without the model.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from voicecoach.engines.protocols import Recognizer, engine_info
from voicecoach.transcript import Transcript

CLOSE_WAIT_S = 30.0
"""How long closing waits for a load still running (a model load cannot be cut short; the thread is a daemon, so
a process that ends anyway is not held up by it)."""


class BackgroundRecognizer:
    """A recognizer whose build runs on a thread from `start()`; `transcribe` and any other use wait for it.

    The caller starts it as late as it can before the first prompt, so that the load (much of it Python imports,
    which hold the interpreter's lock) does not slow the session's own setup; a use before `start()` starts it.
    A failed build (a missing package, a damaged model) raises its error at that first use, as the engine would
    have raised it when built. `close()` is the thread's shutdown path: it waits for a load under way.
    """

    def __init__(self, build: Callable[[], Recognizer], engine: type):
        info = engine_info(engine)
        self.name, self.offline, self.word_timings = info.name, info.offline, info.word_timings
        self._build = build
        self._built: Recognizer | None = None
        self._error: BaseException | None = None
        self._thread = threading.Thread(target=self._load, name=f"load-{info.name}", daemon=True)
        self._start_lock = threading.Lock()

    def start(self) -> BackgroundRecognizer:
        """Begin loading the model (once; later calls do nothing)."""
        with self._start_lock:
            if self._thread.ident is None:
                self._thread.start()
        return self

    def _load(self) -> None:
        try:
            self._built = self._build()
        except BaseException as exc:  # handed to the session's thread, which raises it at first use
            self._error = exc

    @property
    def loading(self) -> bool:
        """Whether the model is still being loaded."""
        return self._thread.is_alive()

    def ready(self) -> Recognizer:
        """The built recognizer, once loaded (waits for the load; raises its error if it failed)."""
        self.start()
        self._thread.join()
        if self._error is not None:
            raise self._error
        assert self._built is not None
        return self._built

    def transcribe(self, pcm: bytes, *, offset_s: float = 0.0) -> Transcript:
        return self.ready().transcribe(pcm, offset_s=offset_s)

    def __getattr__(self, name: str):
        # only attributes not set above get here (keeps_fillers, an engine's own): the built engine answers
        if name.startswith("_"):
            raise AttributeError(name)
        return getattr(self.ready(), name)

    def close(self) -> None:
        """Wait (up to CLOSE_WAIT_S) for a load under way; close the engine if it has a close()."""
        if self._thread.ident is not None:
            self._thread.join(CLOSE_WAIT_S)
        if close := getattr(self._built, "close", None):
            close()
