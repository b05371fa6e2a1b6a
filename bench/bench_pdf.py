"""How long the PDFs take: each printable alone, all four cold and warm, and one decision record.

Prints times only, never asserts (the machines are shared and noisy). The site build calls
write_printables once: cold (nothing cached) it renders the four in parallel worker processes;
warm (the same inputs as last time) it takes them from the cache of printables.
"""

from __future__ import annotations

import datetime
import os
import tempfile
import time
from pathlib import Path

from justculture import load_spec
from justculture.engine import evaluate
from justculture.render import pdf
from justculture.render.renderer import Renderer

GUIDE_ANSWERS = {"1a": "no", "2a": "no", "2b": "no", "2c": "no", "3a": "no"}


def main() -> None:
    spec = load_spec()
    renderer = Renderer()
    pdf.pdf_bytes("<p>Warm up WeasyPrint and fontconfig.</p>")
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder)
        alone = 0.0
        for printable in pdf.PRINTABLES:
            html = renderer.render(
                printable.template, **pdf._printable_context(spec, printable.document)
            )
            started = time.perf_counter()
            pdf.pdf_bytes(html)
            elapsed = time.perf_counter() - started
            alone += elapsed
            print(f"{printable.filename}, alone: {elapsed:,.2f} s")
        print(f"the four one after another: {alone:,.2f} s")

        started = time.perf_counter()
        written = pdf.write_printables(spec, out / "cold", renderer, cache_dir=out / "cache")
        cold = time.perf_counter() - started
        sizes = ", ".join(f"{path.name} {path.stat().st_size / 1024:,.0f} KiB" for path in written)
        workers = min(len(pdf.PRINTABLES), os.cpu_count() or 1)
        print(f"write_printables, cold ({workers} workers): {cold:,.2f} s ({sizes})")
        started = time.perf_counter()
        pdf.write_printables(spec, out / "warm", renderer, cache_dir=out / "cache")
        warm = time.perf_counter() - started
        print(f"write_printables, warm (from the cache): {warm:,.2f} s")

        result = evaluate(spec, "just-culture-guide", GUIDE_ANSWERS)
        started = time.perf_counter()
        record = pdf.write_record_pdf(
            spec,
            result,
            {"decision": "Informal"},
            out / "r.pdf",
            renderer,
            today=datetime.date(2026, 1, 1),
        )
        elapsed = time.perf_counter() - started
        print(f"write_record_pdf: {elapsed:,.2f} s ({record.stat().st_size / 1024:,.0f} KiB)")


if __name__ == "__main__":
    main()
