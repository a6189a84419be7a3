"""Prompt packs: the default pack keeps the public checklist ids; a bad pack names file and field."""

import pytest

from voicecoach.packs.pack import CHECKLIST_IDS, PackError, load_pack, resolve_pack_path

GOOD_ITEM = """
[items.next_steps]
title = "Learn the next steps"
description = "d"
phrases = ["what happens next"]
praise = "p {evidence}"
tip = "t"
example = "e"
"""


def test_default_pack_has_the_checklist_in_order(pack):
    assert tuple(item.id for item in pack.items) == CHECKLIST_IDS
    assert len(pack.prompts) >= 8
    for item in pack.items:
        assert len(item.phrases) >= 5, item.id
        assert "{evidence}" in item.praise, item.id


def test_pack_by_name_and_by_path(tmp_path):
    path = tmp_path / "mine.toml"
    path.write_text('prompts = ["Any questions?"]\n' + GOOD_ITEM)
    assert load_pack(path).prompts == ("Any questions?",)
    assert load_pack(str(path)).items[0].label == "next steps"
    assert resolve_pack_path("closing").name == "closing.toml"


@pytest.mark.parametrize(
    "text, field",
    [
        ('prompts = "one"\n' + GOOD_ITEM, "prompts"),
        ("prompts = []\n" + GOOD_ITEM, "prompts"),
        ('prompts = ["q"]\n', "items"),
        ('prompts = ["q"]\n' + GOOD_ITEM.replace('title = "Learn the next steps"\n', ""), "items.next_steps.title"),
        ('prompts = ["q"]\n' + GOOD_ITEM.replace('["what happens next"]', "[1, 2]"), "items.next_steps.phrases"),
        ('prompts = ["q"]\n' + GOOD_ITEM.replace('tip = "t"', 'tip = ""'), "items.next_steps.tip"),
        ('prompts = ["q"\n', "not valid TOML"),
    ],
)
def test_malformed_pack_names_file_and_field(tmp_path, text, field):
    path = tmp_path / "bad.toml"
    path.write_text(text)
    with pytest.raises(PackError) as err:
        load_pack(path)
    message = str(err.value)
    assert message.startswith(str(path)) and field in message
    assert "\n" not in message


def test_unknown_pack_lists_the_packs_there_are():
    with pytest.raises(PackError, match="no such pack file.*closing"):
        load_pack("no-such-pack")


ROLEPLAY = """
[interviewer.warm]
raise = "One thing: {reservation}"
no_reservation = "n"
next_steps = ["s"]
answers = ["a"]
after_strong = ["g"]
after_weak = ["w"]
retry_offer = "r"
"""
RAISE = 'raise = "One thing: {reservation}"'


@pytest.mark.parametrize(
    "old, new, field, placeholder",
    [
        ('praise = "p {evidence}"', 'praise = "p {nonsense}"', "items.next_steps.praise", "{nonsense}"),
        ('praise = "p {evidence}"', 'praise = "p {evidence"', "items.next_steps.praise", "{evidence"),
        ('praise = "p {evidence}"', 'praise = "p evidence}"', "items.next_steps.praise", "}"),
        ('praise = "p {evidence}"', 'praise = "p {evidence:d}"', "items.next_steps.praise", "{evidence:d}"),
        ('praise = "p {evidence}"', 'praise = "p {}"', "items.next_steps.praise", "{}"),
        ('tip = "t"', 'tip = "t {evidence}"', "items.next_steps.tip", "{evidence}"),
        ('example = "e"', 'example = "e {name}"', "items.next_steps.example", "{name}"),
        (RAISE, 'raise = "{reservation} {evidence}"', "interviewer.warm.raise", "{evidence}"),
        (RAISE, 'raise = "One {thing: {reservation}"', "interviewer.warm.raise", "{thing"),
        ('next_steps = ["s"]', 'next_steps = ["s", "in {weeks} weeks"]', "interviewer.warm.next_steps[2]", "{weeks}"),
    ],
)
def test_a_placeholder_typo_is_caught_at_load_naming_file_field_and_placeholder(tmp_path, old, new, field, placeholder):
    text = 'prompts = ["q"]\n' + GOOD_ITEM + ROLEPLAY
    assert text.count(old) == 1
    path = tmp_path / "typo.toml"
    path.write_text(text.replace(old, new))
    with pytest.raises(PackError) as err:
        load_pack(path)
    message = str(err.value)
    assert message.startswith(f"{path}: {field}: ") and placeholder in message and "\n" not in message


def test_placeholders_that_are_filled_and_escaped_braces_load(tmp_path):
    path = tmp_path / "fine.toml"
    path.write_text('prompts = ["q"]\n' + GOOD_ITEM.replace("p {evidence}", "{{p}} {evidence}") + ROLEPLAY)
    pack = load_pack(path)
    assert pack.items[0].praise.format(evidence="x") == "{p} x"
    assert pack.styles["warm"].raise_template.format(reservation="r") == "One thing: r"


def test_a_folder_or_unreadable_file_is_not_a_pack(tmp_path):
    with pytest.raises(PackError, match="a folder, not a pack file"):
        load_pack(tmp_path)
    folder = tmp_path / "pack.toml"
    folder.mkdir()
    with pytest.raises(PackError, match="a folder, not a pack file"):
        load_pack(folder)


def test_a_prompt_invites_questions_when_it_drills_an_item_covered_by_asking():
    from voicecoach.packs.pack import load_pack

    pack = load_pack()
    assert pack.invites_questions("Do you have any questions for us?")
    # its words say "question", but its drills (want_the_job, clarify_doubts) ask for no question
    assert not pack.invites_questions("Last question from me: why should we pick you for this role?")
    assert pack.invites_questions("Anything you would like to ask me?")  # no drills: the words decide
    assert not pack.invites_questions("Tell me about your weekend.")
