"""`python -m voicecoach.bench NAME [options]`: the same as `voicecoach bench NAME`."""

import sys

from voicecoach.cli import main

sys.exit(main(["bench", *sys.argv[1:]]))
