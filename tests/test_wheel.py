"""The package as users install it: the wheel's contents, and the built wheel run from another folder in a new venv."""

from __future__ import annotations

import fnmatch
import json
import os
import shutil
import subprocess
import sys
import tomllib
import wave
import zipfile
from pathlib import Path

import pytest

from voicecoach.bench.corpus import DATA_DIR, SETS
from voicecoach.cli import DEMO_DIR
from voicecoach.packs.pack import PROMPTS_DIR

ROOT = Path(__file__).resolve().parent.parent
SETUPTOOLS = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["setuptools"]
SKIP_WHEN_COPYING = (".git", ".venv", "build", "dist", "out", "*.egg-info", "__pycache__", ".pytest_cache")
"""What a checkout may hold that is not the project: left out of the copy the wheel is built from."""
ANSWER = "I really want this job. What are the next steps?"


def test_every_code_folder_is_a_listed_package():
    # setuptools cannot both discover packages and add the mapped data ones, so pyproject lists them by hand
    found = {".".join(p.parent.relative_to(ROOT).parts) for p in (ROOT / "voicecoach").rglob("__init__.py")}
    listed = set(SETUPTOOLS["packages"])
    assert not found - listed, f"add these to [tool.setuptools] packages in pyproject.toml: {sorted(found - listed)}"
    assert listed - found == set(SETUPTOOLS["package-dir"]), "every listed package is a code folder or a mapped one"


def test_each_mapped_data_folder_holds_the_files_its_package_data_ships():
    for package, folder in SETUPTOOLS["package-dir"].items():
        names = [p.name for p in (ROOT / folder).iterdir() if p.is_file()]
        patterns = SETUPTOOLS["package-data"][package]
        assert all(fnmatch.filter(names, pattern) for pattern in patterns), (package, folder, patterns)


def test_a_checkout_uses_its_top_level_folders():
    assert (PROMPTS_DIR, DEMO_DIR, DATA_DIR) == (ROOT / "prompts", ROOT / "audio" / "demo", ROOT / "tests" / "data")


# ---------------------------------------------------------------- the built wheel, installed


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    """The wheel pip builds from a clean copy of this checkout (so no stale build/ folder can leak into it)."""
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(ROOT, source, ignore=shutil.ignore_patterns(*SKIP_WHEN_COPYING))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(work / "dist"), str(source)],
                   check=True, capture_output=True)
    (built,) = (work / "dist").glob("voicecoach-*.whl")
    return built


@pytest.fixture(scope="module")
def installed(wheel, tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with the wheel and its runtime dependencies only (about 25 s on a warm cache)."""
    venv = tmp_path_factory.mktemp("venv") / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "-q", str(wheel)], check=True, capture_output=True)
    return bin_dir


@pytest.fixture()
def elsewhere(tmp_path) -> Path:
    """A folder far from the checkout, to run commands in."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    return folder


def run(bin_dir: Path, cwd: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if k not in ("PYTHONPATH", "VIRTUAL_ENV")}
    return subprocess.run([str(bin_dir / args[0]), *args[1:]], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=600)


@pytest.mark.slow
def test_the_wheel_holds_the_default_pack_the_demo_answers_and_the_whole_corpus(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    assert "voicecoach/prompts/closing.toml" in names
    assert {f"voicecoach/demo/{p.name}" for p in (ROOT / "audio" / "demo").glob("*.wav")} <= names
    assert {f"voicecoach/bench/data/{f}" for f in [*SETS.values(), "commands.jsonl"]} <= names
    assert "voicecoach/checklist/data/layer.npz" in names


@pytest.mark.slow
def test_installed_data_folders_are_inside_the_installed_package(installed, elsewhere):
    script = ("import json, voicecoach; from voicecoach.packs.pack import PROMPTS_DIR;"
              "from voicecoach.cli import DEMO_DIR;"
              "from voicecoach.bench.corpus import DATA_DIR;"
              "print(json.dumps([str(p) for p in (voicecoach.__file__, PROMPTS_DIR, DEMO_DIR, DATA_DIR)]))")
    done = run(installed, elsewhere, "python", "-c", script)
    assert done.returncode == 0, done.stderr
    init, *folders = map(Path, json.loads(done.stdout))
    package = init.parent
    assert ROOT not in package.parents and "site-packages" in package.parts
    assert folders == [package / "prompts", package / "demo", package / "bench" / "data"]


@pytest.mark.slow
def test_assess_from_another_folder(installed, elsewhere):
    done = run(installed, elsewhere, "voicecoach", "assess", "--json", "--text", ANSWER)
    assert done.returncode == 0, done.stderr
    items = json.loads(done.stdout)["items"]
    assert [i for i, v in items.items() if v["covered"]] == ["want_the_job", "next_steps"]


@pytest.mark.slow
def test_an_unknown_pack_names_the_installed_packs(installed, elsewhere):
    done = run(installed, elsewhere, "voicecoach", "assess", "--pack", "nosuch", "--text", ANSWER)
    assert done.returncode == 2
    assert "no such pack file" in done.stderr and "closing" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_the_demo_from_another_folder(installed, elsewhere):
    done = run(installed, elsewhere, "voicecoach", "practice", "--demo", "--no-voice")
    assert done.returncode == 0, done.stderr
    assert "Summary" in done.stdout and "Session over: 3 rounds" in done.stdout


@pytest.mark.slow
def test_the_demo_speaks_to_files_from_another_folder(installed, elsewhere):
    done = run(installed, elsewhere, "voicecoach", "practice", "--demo", "--rounds", "1", "--speak-to", "spoken")
    assert done.returncode == 0, done.stderr
    wavs = sorted((elsewhere / "spoken").glob("*.wav"))
    assert any("prompt" in w.name for w in wavs) and any("feedback" in w.name for w in wavs)
    for path in wavs:
        with wave.open(str(path)) as w:
            assert w.getnframes() > w.getframerate() // 10, f"{path.name} holds under 0.1 s of speech"


@pytest.mark.slow
def test_devices_from_another_folder(installed, elsewhere):
    done = run(installed, elsewhere, "voicecoach", "devices")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip()


@pytest.mark.slow
def test_bench_matching_from_another_folder(installed, elsewhere):
    done = run(installed, elsewhere, "voicecoach", "bench", "matching", "--json", "--set", "heldout",
               "--set", "heldout-recognized")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["learned_layer"] is True
    assert all(entry["answers"] > 50 for entry in report["sets"].values()), report["sets"]


@pytest.mark.slow
def test_bench_commands_reads_its_phrasings_and_answers_when_installed(installed, elsewhere):
    # Speaking them takes flite and a minute; what an install can break is finding the files.
    script = ("from voicecoach.bench.commands import load_commands, answer_segments;"
              "print(len(load_commands()), len(answer_segments()))")
    done = run(installed, elsewhere, "python", "-c", script)
    assert done.returncode == 0, done.stderr
    commands, sentences = map(int, done.stdout.split())
    assert commands > 20 and sentences > 100


@pytest.mark.slow
def test_the_install_holds_no_test_or_training_dependencies(installed, elsewhere):
    for module in ("pytest", "sklearn"):
        done = run(installed, elsewhere, "python", "-c", f"import {module}")
        assert done.returncode != 0 and "ModuleNotFoundError" in done.stderr, module
