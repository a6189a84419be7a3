"""Rendering ahead: a voice says text it was told to prepare without synthesising it then.

`RenderAhead(render)` wraps a voice's own render function. `prepare(text)` queues the text for a worker
thread, which renders it while the session does something else (listens, assesses, speaks feedback);
`render(text)` returns the prepared audio at once, waits for it when it is being rendered right now, and
otherwise renders it on the spot. One render runs at a time (an engine is not shared across threads), and
`close()` stops the worker: the queue is dropped, and a render under way finishes first.

    ahead = RenderAhead(voice_render)
    ahead.prepare("Do you have any questions for us?")   # returns at once
    ...                                                     # the worker renders meanwhile
    pcm, rate = ahead.render("Do you have any questions for us?")   # no wait
"""

from __future__ import annotations

import threading
from collections import OrderedDict, deque
from collections.abc import Callable

Rendered = tuple[bytes, int]
"""Mono int16 samples and their rate in Hz."""

KEEP = 16
"""Rendered texts kept for another say: a prompt asked again ("again", "repeat") plays at once too."""
CLOSE_TIMEOUT_S = 5.0
"""How long close() waits for a render under way (a long sentence takes about a second on a slow machine)."""


class RenderAhead:
    """A render function with a cache that a worker thread fills ahead of time; thread-safe."""

    def __init__(self, render: Callable[[str], Rendered], *, keep: int = KEEP, name: str = "voice"):
        self._render_now = render
        self._keep = keep
        self._name = name
        self._done: OrderedDict[str, Rendered] = OrderedDict()
        self._failed: dict[str, BaseException] = {}
        self._waiting: deque[str] = deque()
        self._busy: str | None = None
        """The text the worker is rendering now."""
        self._changed = threading.Condition()
        self._engine = threading.Lock()
        """Held for each render: the engine renders one text at a time, whichever thread asks."""
        self._worker: threading.Thread | None = None
        self._closed = False

    def prepare(self, text: str) -> None:
        """Render text in the background, unless it is rendered, queued or being rendered already."""
        with self._changed:
            if self._closed or text in self._done or text in self._waiting or text == self._busy:
                return
            self._failed.pop(text, None)  # tried again
            self._waiting.append(text)
            if self._worker is None:
                self._worker = threading.Thread(target=self._work, name=f"{self._name}-render-ahead", daemon=True)
                self._worker.start()
            self._changed.notify_all()

    def ready(self, text: str) -> bool:
        """Whether text is rendered and waiting to be said."""
        with self._changed:
            return text in self._done

    def render(self, text: str) -> Rendered:
        """The audio of text: prepared, being prepared (waited for), or rendered now on the calling thread."""
        with self._changed:
            while self._busy == text:
                self._changed.wait()
            if text in self._done:
                self._done.move_to_end(text)
                return self._done[text]
            if text in self._failed:
                raise self._failed.pop(text)
            if text in self._waiting:
                self._waiting.remove(text)  # asked for before the worker reached it: render it here, now
        with self._engine:
            rendered = self._render_now(text)
        self._store(text, rendered)
        return rendered

    def _store(self, text: str, rendered: Rendered) -> None:
        with self._changed:
            self._done[text] = rendered
            self._done.move_to_end(text)
            while len(self._done) > self._keep:
                self._done.popitem(last=False)

    def _work(self) -> None:
        while True:
            with self._changed:
                while not self._waiting and not self._closed:
                    self._changed.wait()
                if self._closed:
                    return
                text = self._busy = self._waiting.popleft()
            try:
                with self._engine:
                    rendered = self._render_now(text)
            except Exception as exc:  # kept for the say that wants this text, which raises it
                with self._changed:
                    self._failed[text] = exc
            else:
                self._store(text, rendered)
            finally:
                with self._changed:
                    self._busy = None
                    self._changed.notify_all()

    def close(self) -> None:
        """Stop the worker: what is queued is dropped; a render under way is waited for (up to CLOSE_TIMEOUT_S)."""
        with self._changed:
            self._closed = True
            self._waiting.clear()
            self._changed.notify_all()
            worker = self._worker
        if worker is not None:
            worker.join(CLOSE_TIMEOUT_S)
