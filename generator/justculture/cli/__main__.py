"""``python -m justculture.cli``: the same command as ``justculture``."""

import sys

from . import main

sys.exit(main())
