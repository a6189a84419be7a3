"""The lexicon and wording data: the loader, every entry read, the one tokenizer, the one filler list."""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

import voicecoach
from voicecoach.checklist.lexicon import LEXICON, LEXICON_FILE, Lexicon
from voicecoach.checklist.words import FILLERS, plain_words, tokenize, word_spans
from voicecoach.coaching.delivery import FILLER_WORDS, analyse_delivery
from voicecoach.coaching.wording import WORDING, say
from voicecoach.transcript import Transcript
from voicecoach.turn.commands import POLITE_LEADS, parse_command

PACKAGE = Path(voicecoach.__file__).resolve().parent
WORDING_FILE = PACKAGE / "coaching" / "wording.toml"


def _leaf_keys(table: dict, prefix: str = "") -> list[str]:
    keys = []
    for name, value in table.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict) and not any(k in key for k in ("synonyms", "contraction", "pronoun_groups",
                                                                  "misheard", "phrases", "kind_cues")):
            keys += _leaf_keys(value, key + ".")
        else:
            keys.append(key)
    return keys


@pytest.mark.parametrize("path", [LEXICON_FILE, WORDING_FILE], ids=["lexicon", "wording"])
def test_every_entry_is_read_by_the_code(path: Path) -> None:
    source = "\n".join(p.read_text(encoding="utf-8") for p in PACKAGE.rglob("*.py"))
    with path.open("rb") as f:
        keys = _leaf_keys(tomllib.load(f))
    unread = [key for key in keys if f'"{key}"' not in source]
    assert keys and not unread


def test_lookups_shape_the_entries() -> None:
    entries = {"set": "b  a\n  b", "phrases": ["like to know", "tell me"], "table": {"z": "1", "y": "2"}}
    lexicon = Lexicon({"a": entries})
    assert lexicon.words("a.set") == frozenset({"a", "b"})
    assert lexicon.sequence("a.set") == ("b", "a", "b")
    assert lexicon.phrases("a.phrases") == (("like", "to", "know"), ("tell", "me"))
    assert list(lexicon.table("a.table")) == ["z", "y"]  # order kept: code that iterates depends on it
    with pytest.raises(KeyError, match="a.missing"):
        lexicon.words("a.missing")
    with pytest.raises(TypeError):
        lexicon.text("a.phrases")


def test_the_lexicon_is_lower_case() -> None:
    # the tokenizer writes lower case, so an upper-case word would never match
    spoken = {"commands.help_phrases"}  # wording to say, not words to match
    for key in _leaf_keys(LEXICON.data):
        if key in spoken or key.startswith("questions.kind_cues"):
            continue
        value = LEXICON.raw(key)
        text = str(value if not isinstance(value, dict) else list(value.items()))
        assert text == text.lower(), key


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Don\u2019t STOP!", ["don't", "stop"]),
        ("what's next?--the timeline", ["what's", "next", "the", "timeline"]),
        ("y'all'd like it", ["y'all'd", "like", "it"]),
        ("\u0130zmir 2022", ["i", "zmir", "2022"]),  # dotted capital I lower-cases to "i" and a combining dot
        ("", []),
    ],
)
def test_plain_words(text: str, words: list[str]) -> None:
    assert plain_words(text) == words


def test_word_spans_are_the_tokens_spans() -> None:
    text = "Um, I can\u2019t wait \u2014 what's next?"
    spans = [(start, end) for _, start, end in word_spans(text)]
    assert sorted({(t.start, t.end) for t in tokenize(text)}) == spans[1:]  # "um" is dropped, "can't" is two tokens
    assert [text[a:b] for a, b in spans] == ["Um", "I", "can\u2019t", "wait", "what's", "next"]


def test_one_filler_list() -> None:
    assert FILLERS < FILLER_WORDS and FILLERS < POLITE_LEADS
    assert FILLER_WORDS - FILLERS == {"basically", "actually"}


def test_every_hesitation_counts_in_delivery_and_leads_a_command() -> None:
    delivery = analyse_delivery(Transcript.from_text("mhm I would love to join the team hm"))
    assert delivery.fillers.which == {"mhm": 1, "hm": 1}
    command = parse_command("erm, skip please")
    assert command is not None and command.name == "skip"


def test_wording_fills_its_fields() -> None:
    assert say("fix.hedges", hedge="i guess") == 'You hedged with "i guess". Say it plainly: "I want this job."'
    assert say("summary.weakest", n=3, rounds="rounds", label="next steps", covered=1, example="What happens next?") \
        == "Session over: 3 rounds. You covered next steps in 1 of 3. Practise saying: What happens next?"
    with pytest.raises(KeyError):
        say("fix.pauses")  # a field left out is an error, not a sentence with a hole
    assert WORDING.text("spoken.all_covered").endswith("Strong close.")
