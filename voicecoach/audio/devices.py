"""Sound devices through sounddevice (PortAudio): opening them and saying clearly why one is missing."""

from __future__ import annotations

import contextlib
import os

CHECK_DEVICES = "`voicecoach devices`"
"""Where every device message sends the person: the list of what PortAudio sees now."""


class DeviceError(RuntimeError):
    """A sound device that cannot be used; the message says what happened, then what to do.

    `problem` is the first part alone (no colon in it), for a one-line note such as
    "no microphone found (the microphone could not be opened)".
    """

    def __init__(self, problem: str, advice: str = ""):
        super().__init__(f"{problem}: {advice}" if advice else problem)
        self.problem = problem
        self.advice = advice


PORTAUDIO_PROBLEMS = {
    -9996: ("is not there any more", "plug it back in (or pick another with {option}), then " + CHECK_DEVICES),
    -9993: ("could not be opened (unplugged, or its configuration changed)",
            "plug the headset back in and check the cable, then " + CHECK_DEVICES),
    -9985: ("is in use by another program", "close that program, or pick another with {option}; see " + CHECK_DEVICES),
    -9999: ("failed in the sound system", "plug the headset back in and check the cable, then " + CHECK_DEVICES),
    -9998: ("does not take one channel (mono)", "pick another with {option}; see " + CHECK_DEVICES),
    -9997: ("does not take the sample rate voicecoach needs", "pick another with {option}; see " + CHECK_DEVICES),
    -9994: ("does not take 16-bit samples", "pick another with {option}; see " + CHECK_DEVICES),
    -9987: ("did not answer in time", "check the headset cable, then " + CHECK_DEVICES),
}  # fmt: skip
"""PortAudio's PaErrorCode -> (what happened to the device, what the person can do). -9993 is what ALSA's
failed open becomes (PortAudio reports every failed ALSA open but "busy" as an illegal device combination)."""

ROLES = {
    "input": ("the microphone", "--input-device", ""),
    "output": ("the speaker", "--output-device", " (or practise with --speak-to DIR or --no-voice)"),
}
"""A device kind -> how messages name it, the option that picks another, and how to practise without it."""


def portaudio_error(exc: Exception, kind: str) -> DeviceError:
    """A sounddevice.PortAudioError in the person's words: what happened to the device and what to do.

    PortAudioError("Error opening RawInputStream: Illegal combination of I/O devices", -9993), "input" ->
    "the microphone could not be opened (unplugged, or its configuration changed): plug the headset back in ..."
    """
    name, option, without = ROLES[kind]
    code = exc.args[1] if len(exc.args) > 1 else None
    if code in PORTAUDIO_PROBLEMS:
        problem, advice = PORTAUDIO_PROBLEMS[code]
        return DeviceError(f"{name} {problem}", advice.format(option=option) + without)
    problem = f"{name} failed (sound system error {code})" if code else f"{name} failed"
    return DeviceError(problem, f"check the headset cable, then {CHECK_DEVICES}{without}")


@contextlib.contextmanager
def quiet_stderr():
    """Sends what C libraries print to stderr to /dev/null meanwhile: ALSA and PortAudio print their own debugging
    lines ("ALSA lib pcm_file.c:935 ...", "Expression 'ret' failed in ...") when a device fails to open, and the
    person should read one line of ours instead. Only around short calls made while nothing else prints."""
    try:
        saved = os.dup(2)
    except OSError:
        yield
        return
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)
        os.close(devnull)
        yield
    finally:
        os.dup2(saved, 2)
        os.close(saved)


def sounddevice():
    """Import sounddevice, turning a missing PortAudio into a one-line fix."""
    try:
        import sounddevice as sd
    except OSError:
        raise DeviceError(
            "PortAudio is not installed (sounddevice needs it): run scripts/setup, "
            "or install it yourself (Debian/Ubuntu: sudo apt-get install libportaudio2)"
        ) from None
    return sd


def pick_device(spec: str | int | None, kind: str) -> int | None:
    """An input or output device by index or by (part of its) name; None is the default."""
    sd = sounddevice()
    devices = sd.query_devices()
    channels = "max_input_channels" if kind == "input" else "max_output_channels"
    usable = [(i, d) for i, d in enumerate(devices) if d[channels] > 0]
    if spec is None or spec == "":
        default = sd.default.device[0 if kind == "input" else 1]
        if default is None or default < 0:
            if not usable:
                raise DeviceError(f"no {kind} device found")
            return usable[0][0]
        return default
    if isinstance(spec, int) or str(spec).isdigit():
        index = int(spec)
        if not any(i == index for i, _ in usable):
            raise DeviceError(f"no {kind} device with index {index}: see `voicecoach devices`")
        return index
    matches = [i for i, d in usable if str(spec).lower() in d["name"].lower()]
    exact = [i for i, d in usable if str(spec).lower() == d["name"].lower()]
    if exact:
        return exact[0]
    if not matches:
        raise DeviceError(f"no {kind} device named {spec!r}: see `voicecoach devices`")
    return matches[0]


def list_devices() -> list[dict]:
    """Every device PortAudio sees, with which way it goes."""
    sd = sounddevice()
    default_in, default_out = sd.default.device
    rows = []
    for index, device in enumerate(sd.query_devices()):
        rows.append(
            {
                "index": index,
                "name": device["name"],
                "inputs": device["max_input_channels"],
                "outputs": device["max_output_channels"],
                "default_rate": device["default_samplerate"],
                "default_input": index == default_in,
                "default_output": index == default_out,
            }
        )
    return rows
