"""The code stays clean under the project's ruff rules (pyproject.toml's [tool.ruff])."""

import subprocess
import sys

import pytest

from helpers import ROOT


@pytest.mark.parametrize("path", ["voicecoach", "tests"])
def test_ruff_finds_nothing(path):
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--no-cache", path],
                          cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stdout + done.stderr
