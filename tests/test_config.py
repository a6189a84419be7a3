"""The config file: defaults set once, overridden by the command line; `voicecoach config` says where each came from."""

import pytest

from helpers import run_cli
from voicecoach.cli import main, parse_args
from voicecoach.config import CONFIG_KEYS, DEFAULTS
from voicecoach.store import Store


@pytest.fixture
def config_file(voicecoach_home):
    voicecoach_home.mkdir(exist_ok=True)
    return voicecoach_home / "config.toml"


def _shown(capsys) -> dict[str, tuple[str, str]]:
    """`voicecoach config`'s lines as {key: (value, source)}."""
    rows = {}
    for line in capsys.readouterr().out.splitlines()[1:]:
        key, rest = line.split("=", 1)
        value, source = rest.rsplit("  ", 1)
        rows[key.strip()] = (value.strip(), source.strip())
    return rows


def test_the_command_line_beats_the_config_file_which_beats_the_default(config_file, capsys):
    config_file.write_text('rate = 120\nrounds = 5\ninput_device = "USB headset"\noutput_device = 3\n')
    assert main(["config", "--rate", "140"]) == 0
    shown = _shown(capsys)
    assert shown["rate"] == ("140", "command line")
    assert shown["rounds"] == ("5", "config file")
    assert shown["input_device"] == ("USB headset", "config file") and shown["output_device"] == ("3", "config file")
    assert shown["recognizer"] == (DEFAULTS.recognizer, "default")
    assert shown["end_silence"] == (str(DEFAULTS.turn.end_silence_s), "default")
    assert list(shown) == list(CONFIG_KEYS)


def test_giving_the_default_value_on_the_command_line_still_wins(config_file):
    config_file.write_text("rate = 120\n")
    args = parse_args(["practice", "--rate", str(DEFAULTS.rate_wpm)])
    assert args.rate == DEFAULTS.rate_wpm and args.settings_sources["rate"] == "command line"


def test_practice_takes_its_settings_from_the_config_file(config_file):
    config_file.write_text('rounds = 4\nend_silence = 2.5\nvoice = "en-gb"\ninterviewer_style = "warm"\n')
    args = parse_args(["practice", "--demo", "--end-silence", "1.0"])
    assert (args.rounds, args.end_silence, args.voice, args.interviewer_style) == (4, 1.0, "en-gb", "warm")
    assert args.max_answer == DEFAULTS.turn.max_answer_s and args.rate == DEFAULTS.rate_wpm
    assert parse_args(["practice"]).input_device is None  # not set anywhere: the system's microphone


def test_a_session_runs_with_the_config_files_rounds(config_file):
    config_file.write_text("rounds = 1\n")
    done = run_cli("practice", "--demo", "--no-voice")
    assert done.returncode == 0, done.stderr
    with Store.open(create=False) as store:
        assert [s.rounds for s in store.sessions()] == [1]


def test_without_a_config_file_nothing_changes(voicecoach_home):
    args = parse_args(["practice"])
    assert set(args.settings_sources.values()) == {"default"}
    assert (args.rounds, args.rate, args.recognizer) == (None, DEFAULTS.rate_wpm, DEFAULTS.recognizer)


@pytest.mark.parametrize("content, says", [
    ("roundz = 2\n", "roundz: not a setting"),
    ("rounds = 0\n", "rounds: must be a whole number of rounds, 1 or more, not 0"),
    ('rounds = "five"\n', "rounds: must be a whole number"),
    ("rate = true\n", "rate: must be a whole number of words per minute"),
    ("end_silence = 0.1\n", "end_silence: must be seconds, over 0.3"),
    ('recognizer = "nope"\n', "recognizer: must be one of sphinx"),
    ('voice = ""\n', "voice: must be a voice name"),
    ("rounds = \n", "not valid TOML"),
])  # fmt: skip
def test_a_bad_config_file_gets_one_line_naming_the_file_and_the_key(config_file, capsys, content, says):
    config_file.write_text(content)
    assert main(["practice", "--demo", "--no-voice"]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"voicecoach: {config_file}: ") and says in err and err.count("\n") == 1


def test_a_bad_config_file_does_not_stop_the_commands_that_do_not_use_it(config_file, capsys):
    config_file.write_text("this is not toml\n")
    assert main(["history"]) == 0
    assert "No sessions saved yet" in capsys.readouterr().out


def test_the_config_file_is_beside_the_data_when_voicecoach_home_is_set(voicecoach_home, capsys):
    assert main(["config"]) == 0
    assert capsys.readouterr().out.startswith(f"config file: {voicecoach_home / 'config.toml'} (none yet")
