"""How the site grows with the number of training scenarios: prints, never asserts.

Builds the site from the shipped spec, then from copies of it holding 10 and 100 times its
scenarios (each copy of a scenario gets a new id), and prints for each: pages, bytes per page (the
mean, and the largest page that is not the training index, which lists every scenario by design),
seconds for the build and seconds per scenario. With the training section grouped in the nav, a
page's size should stay flat as scenarios are added; only the index and the page count grow.

    .venv/bin/python bench/bench_scale.py            # 1x, 10x and 100x (100x takes minutes)
    .venv/bin/python bench/bench_scale.py 1 10       # only these factors
"""

from __future__ import annotations

import re
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from justculture.build import build_site
from justculture.locate import locate_spec

FACTORS = (1, 10, 100)
TRAINING_INDEX = Path("training") / "index.html"
_ID_LINE = re.compile(r"^id: *(\S+) *$", re.MULTILINE)
_TITLE_LINE = re.compile(r"^title: *(.+)$", re.MULTILINE)


def scaled_spec(target: Path, factor: int) -> int:
    """Copy the shipped spec to ``target`` with ``factor`` times its scenarios; their number."""
    shutil.copytree(locate_spec(), target)
    originals = sorted((target / "scenarios").glob("*.yaml"))
    for copy in range(2, factor + 1):
        for path in originals:
            text = path.read_text(encoding="utf-8")
            scenario_id = _ID_LINE.search(text)
            if scenario_id is None:
                raise SystemExit(f"{path} has no top-level id line")
            new_id = f"{scenario_id.group(1)}-copy-{copy}"
            text = _ID_LINE.sub(f"id: {new_id}", text, count=1)
            text = _TITLE_LINE.sub(lambda m, n=copy: f"title: {m.group(1)} (copy {n})", text, 1)
            (path.parent / f"{new_id}.yaml").write_text(text, encoding="utf-8")
    return len(originals) * factor


def measure(factor: int, folder: Path) -> None:
    spec = folder / f"spec-{factor}x"
    scenarios = scaled_spec(spec, factor)
    site = folder / f"site-{factor}x"
    started = time.perf_counter()
    build_site(site, spec)
    seconds = time.perf_counter() - started
    sizes = {path.relative_to(site): path.stat().st_size for path in site.rglob("*.html")}
    others = [size for path, size in sizes.items() if path != TRAINING_INDEX]
    print(
        f"{factor:>4}x {scenarios:>6} scenarios {len(sizes):>6} pages "
        f"{statistics.mean(sizes.values()):>10,.0f} bytes/page (mean) "
        f"{max(others):>10,} bytes (largest but the index) "
        f"{sizes.get(TRAINING_INDEX, 0):>10,} bytes (training index) "
        f"{seconds:>8.1f} s {seconds / scenarios:>7.3f} s/scenario",
        flush=True,
    )
    shutil.rmtree(site)
    shutil.rmtree(spec)


def main(argv: list[str]) -> None:
    factors = [int(arg) for arg in argv] or list(FACTORS)
    with tempfile.TemporaryDirectory(prefix="justculture-bench-scale-") as folder:
        for factor in factors:
            measure(factor, Path(folder))


if __name__ == "__main__":
    main(sys.argv[1:])
