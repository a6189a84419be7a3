"""Where the files shipped beside the code live: inside the package when installed, at the top of a checkout otherwise.

The repository keeps prompts/, audio/demo/ and tests/data/ at its top level; pyproject.toml's package-dir copies them
into the wheel as voicecoach/prompts/, voicecoach/demo/ and voicecoach/bench/data/. A source checkout and an editable
install (`pip install -e .`) have no such copies, so the top-level folders are used there.
"""

from __future__ import annotations

from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
"""The voicecoach package folder: site-packages/voicecoach when installed, the checkout's voicecoach/ otherwise."""


def shipped_dir(in_package: str, in_checkout: str) -> Path:
    """The installed copy of a data folder if there is one, else the checkout's: shipped_dir("demo", "audio/demo")."""
    installed = PACKAGE_DIR / in_package
    # A plain path, not importlib.resources: an editable install cannot import these data packages (setuptools maps
    # them only through a sys.path placeholder the parent package never sees), and a checkout has no install at all.
    return installed if installed.is_dir() else PACKAGE_DIR.parent / in_checkout
