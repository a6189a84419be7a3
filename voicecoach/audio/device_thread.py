"""Blocking device calls with a deadline: a stalled sound card must never hang the program or swallow Ctrl-C.

PortAudio's calls can block for ever on a stalled device: Pa_StopStream (and Pa_AbortStream too) joins the
stream's callback thread, which is stuck in a read() that never returns; an ALSA open can wait on a device that
does not answer; a blocking write waits on a speaker that no longer plays. A thread blocked in C never sees
Ctrl-C. So each device's calls run in order on one daemon thread, and the caller waits for each with a timeout
where signals are delivered. A call that misses its deadline leaves that thread stuck with it: the device is
given up for the rest of the run, and the process exits without asking PortAudio to close it.
"""

from __future__ import annotations

import atexit
import queue
import threading
import time
from collections.abc import Callable
from typing import Any

from voicecoach.audio.devices import DeviceError


class DeviceThread:
    """Runs one device's blocking calls in order on its own daemon thread; `call` waits for each with a deadline.

        calls = DeviceThread("microphone")
        stream = calls.call(open_stream, timeout_s=5, stalled=DeviceError("the microphone did not answer"))
        calls.close()  # ends the thread (it ends with the process if a call is stuck)
    """

    def __init__(self, name: str):
        self.name = name
        self.stuck = False
        """A call missed its deadline: the thread is still inside it, and no further call is made."""
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._thread: threading.Thread | None = None

    def call(self, fn: Callable[..., Any], *args, timeout_s: float, stalled: DeviceError) -> Any:
        """fn(*args) on the device thread; its result, its exception, or `stalled` raised when timeout_s pass first.

        Ctrl-C while waiting raises here at once; the call itself goes on, and the next call queues after it.
        """
        if self.stuck:
            raise stalled
        if self._thread is None:
            self._thread = threading.Thread(target=self._run, name=f"voicecoach-{self.name}", daemon=True)
            self._thread.start()
        done = threading.Event()
        outcome: dict[str, Any] = {}
        self._jobs.put((fn, args, done, outcome))
        if not wait_briefly(done, timeout_s):
            self.stuck = True
            skip_portaudio_exit()
            raise stalled
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("result")

    def close(self) -> None:
        """Ends the thread once the calls queued before have run (a stuck thread ends with the process)."""
        if self._thread is not None and not self.stuck:
            self._jobs.put(None)
            self._thread = None

    def _run(self) -> None:
        while (job := self._jobs.get()) is not None:
            fn, args, done, outcome = job
            try:
                outcome["result"] = fn(*args)
            except BaseException as exc:  # handed to the caller, which raises it in its own thread
                outcome["error"] = exc
            done.set()


SLICE_S = 0.1
"""Longest single wait: a signal delivered to another thread (the kernel picks any thread that does not block it)
does not wake a waiting main thread, whose handler runs only when its wait returns."""


def wait_briefly(done: threading.Event, timeout_s: float) -> bool:
    """done.wait(timeout_s) in slices of SLICE_S, so Ctrl-C is handled within one slice whichever thread got it."""
    deadline = time.monotonic() + timeout_s
    while not done.wait(max(0.0, min(SLICE_S, deadline - time.monotonic()))):
        if time.monotonic() >= deadline:
            return False
    return True


def skip_portaudio_exit() -> None:
    """Stops sounddevice from terminating PortAudio at exit: with a stream stuck in a stalled device, Pa_Terminate
    would try to close that stream and hang exactly as stop() did. The operating system frees the device instead."""
    import sounddevice as sd

    handler = getattr(sd, "_exit_handler", None)  # private, so looked up with care: without it, nothing to skip
    if handler is not None:
        atexit.unregister(handler)
