"""Run the ``justculture`` command as a user does: a new process, its streams captured.

Every acceptance test that runs the command uses :func:`run_justculture`, so each run is the
same: the package from this checkout, the shipped spec unless the test names another, and never
a Python traceback in what the user would see.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent


def run_justculture(
    *args: object,
    stdin: str | None = None,
    cwd: Path | None = None,
    missing: Sequence[str] = (),
    timeout: float = 120,
) -> subprocess.CompletedProcess[str]:
    """``justculture ARGS`` in a fresh interpreter; ``missing`` modules behave as not installed.

    A ``None`` entry in ``sys.modules`` makes Python treat a module as not installed, which is
    how a user without an optional extra runs the command.
    """
    environment = {**os.environ, "PYTHONPATH": str(REPO / "generator")}
    environment.pop("JUSTCULTURE_SPEC", None)
    script = (
        "import sys\n"
        f"for name in {list(missing)!r}:\n"
        "    sys.modules[name] = None\n"
        "from justculture.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, *map(str, args)],
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        env=environment,
        timeout=timeout,
        check=False,
    )
    assert "Traceback" not in done.stdout + done.stderr, done.stdout + done.stderr
    return done
