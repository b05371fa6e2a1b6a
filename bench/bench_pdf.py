"""How long the PDFs take: all four printables, and one decision record, measured in one run.

Prints times only, never asserts (the machines are shared and noisy). The site build calls
write_printables once, so its time is what a build adds.
"""

from __future__ import annotations

import datetime
import tempfile
import time
from pathlib import Path

from justculture import load_spec
from justculture.engine import evaluate
from justculture.render.pdf import write_printables, write_record_pdf
from justculture.render.renderer import Renderer

GUIDE_ANSWERS = {"1a": "no", "2a": "no", "2b": "no", "2c": "no", "3a": "no"}


def main() -> None:
    spec = load_spec()
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        started = time.perf_counter()
        written = write_printables(spec, out, Renderer())
        printables = time.perf_counter() - started
        sizes = ", ".join(f"{path.name} {path.stat().st_size / 1024:,.0f} KiB" for path in written)
        print(f"write_printables: {printables:,.2f} s ({sizes})")
        result = evaluate(spec, "just-culture-guide", GUIDE_ANSWERS)
        started = time.perf_counter()
        record = write_record_pdf(
            spec,
            result,
            {"decision": "Informal"},
            out / "r.pdf",
            Renderer(),
            today=datetime.date(2026, 1, 1),
        )
        elapsed = time.perf_counter() - started
        print(f"write_record_pdf: {elapsed:,.2f} s ({record.stat().st_size / 1024:,.0f} KiB)")


if __name__ == "__main__":
    main()
