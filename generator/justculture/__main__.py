"""``python -m justculture``: the same command as ``justculture``."""

import sys

from .cli import main

sys.exit(main())
