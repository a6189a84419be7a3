"""Sound devices through sounddevice (PortAudio): opening them and saying clearly why one is missing."""

from __future__ import annotations


class DeviceError(RuntimeError):
    """A sound device that cannot be used; the message says what to do instead."""


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
