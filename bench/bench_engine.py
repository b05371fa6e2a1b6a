"""How fast the engine evaluates one answer set: evaluations per second, measured in one run.

The issue's target is microseconds to a few milliseconds per evaluation. This prints rates and
the ratio to loading the spec, never asserts a time (the machines are shared and noisy).
"""

from __future__ import annotations

import itertools
import time

from justculture import load_spec
from justculture.engine import evaluate

GUIDE_NODES = ("1a", "2a", "2b", "2c", "3a", "3b", "3c", "4a", "4b", "4c", "5a")


def rate(label: str, calls: list[tuple[str, dict[str, str]]], repeat: int, spec: object) -> float:
    started = time.perf_counter()
    for _ in range(repeat):
        for tool, answers in calls:
            evaluate(spec, tool, answers)  # type: ignore[arg-type]
    elapsed = time.perf_counter() - started
    count = repeat * len(calls)
    per_second = count / elapsed
    print(
        f"{label}: {count:,} evaluations, {per_second:,.0f} per second, {elapsed / count * 1e6:,.1f} µs each"
    )
    return elapsed / count


def main() -> None:
    started = time.perf_counter()
    spec = load_spec()
    load_seconds = time.perf_counter() - started
    print(f"load_spec (read, schema and semantic checks): {load_seconds * 1000:,.0f} ms")
    guide = [
        ("just-culture-guide", dict(zip(GUIDE_NODES, values, strict=True)))
        for values in itertools.product(("yes", "no"), repeat=len(GUIDE_NODES))
    ]
    steps = ("3a", "3b", "3c", "3d", "final")
    checklist = [
        ("pre-disciplinary-checklist", {"3": choice, **dict(zip(steps, values, strict=True))})
        for choice in ("i", "ii", "iii")
        for values in itertools.product(("yes", "no"), repeat=len(steps))
    ]
    guide_each = rate("just culture guide, all 2,048 complete answer sets", guide, 5, spec)
    checklist_each = rate("pre-disciplinary checklist, 96 answer sets", checklist, 50, spec)
    print(
        f"ratio: loading the spec once costs as much as {load_seconds / guide_each:,.0f} guide evaluations"
    )
    print(
        f"ratio: a checklist evaluation costs {checklist_each / guide_each:.2f} guide evaluations"
    )


if __name__ == "__main__":
    main()
