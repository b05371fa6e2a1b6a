"""100 trust editions in one command against one base `justculture build`, in the same run.

Generates 100 different valid profiles (names, local role titles, contacts, policy links, an
accent colour, one altered and one excluded principle with its reason, a local principle, a
scenario left out), then times `justculture build --profile FOLDER --out OUT` (one command:
the base spec loaded once, editions built in parallel worker processes) and a base
`justculture build`, each as a separate process, with one cache of printables shared by both
(empty at the start, so the base build renders its PDFs as every edition must). Then, in this
process, where one edition's time goes: loading the spec, reading and tailoring a profile, the
Word documents, the PDFs (the four printables and the report, rendered without the cache) and
the rest of the build (pages and mkdocs). Prints figures only; never asserts (machines are
shared and noisy). Target: 100 editions in at most 50 base builds on 2 cores.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

EDITIONS = int(os.environ.get("JUSTCULTURE_BENCH_EDITIONS", "100"))
TARGET_RATIO = 50
ROLES = ("Chief Nurse", "Director of Nursing", "Medical Director", "Chief Medical Officer")
COLOURS = ("#005EB8", "#003087", "#330072", "#00539B", "#7C2855", "#006747")
EXECUTABLE = Path(sys.executable).with_name("justculture")


def profile_text(index: int, principles: list[dict[str, Any]], scenarios: list[str]) -> str:
    """One valid profile, different from the others in every part a trust can set."""
    altered = principles[index % len(principles)]
    excluded = principles[(index + 7) % len(principles)]
    after = principles[(index + 3) % len(principles)]
    if after["id"] == excluded["id"]:
        after = principles[(index + 4) % len(principles)]
    base_text = " ".join(str(altered["text"]).split())
    return f"""\
kind: profile
id: trust-{index:03d}
base: {{justculture: 1.0.0}}
organisation:
  name: "Benchmark Trust {index:03d} NHS Foundation Trust"
  short_name: "Trust {index:03d}"
  website: https://trust{index:03d}.example.nhs.uk/
  accent_colour: "{COLOURS[index % len(COLOURS)]}"
parameters:
  contacts:
    hr: {{name: "HR team {index}", email: hr{index}@trust.example.nhs.uk}}
    freedom-to-speak-up: {{name: "Guardian {index}", phone: "01632 960 {index:03d}"}}
  roles:
    nursing-midwifery: "{ROLES[index % 2]} {index}"
    medical: "{ROLES[2 + index % 2]} {index}"
  policies:
    disciplinary: {{link: "https://trust{index:03d}.example.nhs.uk/policies/disciplinary"}}
    capability: {{link: "https://trust{index:03d}.example.nhs.uk/policies/capability"}}
    incident-response: {{link: "https://trust{index:03d}.example.nhs.uk/policies/psirf"}}
charter:
  principles:
    {altered["id"]}:
      action: alter
      text: "{base_text} Trust {index:03d} reviews this each year."
      base_text: "{base_text}"
      reason: "Agreed by the board of trust {index:03d}."
    {excluded["id"]}:
      action: exclude
      reason: "Covered by another policy of trust {index:03d}."
  add:
    - id: L01
      after: {after["id"]}
      text: "Trust {index:03d} offers every person involved a named contact."
      reason: "Asked for by staff of trust {index:03d}."
scenarios:
  exclude: [{scenarios[index % len(scenarios)]}]
"""


def write_profiles(folder: Path) -> None:
    from justculture import load_spec

    spec = load_spec()
    principles = [p for p in spec.documents["charter"]["principles"] if '"' not in p["text"]]
    scenarios = sorted(spec.ids_of_kind("scenario"))
    for index in range(EDITIONS):
        path = folder / f"trust-{index:03d}.yaml"
        path.write_text(profile_text(index, principles, scenarios), encoding="utf-8")


def timed_command(arguments: list[str], env: dict[str, str]) -> float:
    start = time.perf_counter()
    done = subprocess.run(
        [str(EXECUTABLE), *arguments], env=env, capture_output=True, text=True, check=False
    )
    elapsed = time.perf_counter() - start
    if done.returncode != 0:
        print(done.stderr[-2000:], file=sys.stderr)
        raise SystemExit(f"justculture {' '.join(arguments[:2])} failed ({done.returncode})")
    return elapsed


def timed(action: Callable[[], object], repeat: int = 1) -> float:
    start = time.perf_counter()
    for _ in range(repeat):
        action()
    return (time.perf_counter() - start) / repeat


def stages(profiles: Path, work: Path) -> dict[str, float]:
    """Where one edition's time goes, measured in this process."""
    from justculture import load_spec
    from justculture.build import build_site
    from justculture.render.docx import charter_docx, checklist_docx
    from justculture.render.edition_site import use_edition
    from justculture.render.pdf import PRINTABLES, _printable_context, pdf_bytes
    from justculture.render.renderer import Renderer
    from justculture.render.tailoring import report_html
    from justculture.tailor import read_profile, tailor

    found: dict[str, float] = {}
    found["load and validate the base spec (once per command)"] = timed(load_spec)
    base = load_spec()
    paths = sorted(profiles.glob("*.yaml"))
    found["read and tailor one profile"] = timed(
        lambda: [tailor(base, read_profile(path)) for path in paths]
    ) / len(paths)
    edition, report = tailor(base, read_profile(paths[0]))
    found["Word charter and checklist"] = timed(
        lambda: (charter_docx(edition, report.edition), checklist_docx(edition, report.edition))
    )
    renderer = Renderer()
    use_edition(renderer, report.edition)
    htmls = [
        renderer.render(item.template, **_printable_context(edition, item.document))
        for item in PRINTABLES
    ]
    htmls.append(report_html(base, report, renderer))
    found["PDFs: 4 printables and the report (no cache, one process)"] = timed(
        lambda: [pdf_bytes(html) for html in htmls]
    )
    total = timed(lambda: build_site(work / "one", spec=base, profile=paths[1]))
    found["one whole edition build (cold cache)"] = total
    return found


def main() -> None:
    with tempfile.TemporaryDirectory(prefix="bench-editions-") as folder:
        work = Path(folder)
        profiles = work / "profiles"
        profiles.mkdir()
        write_profiles(profiles)
        env = {**os.environ, "JUSTCULTURE_CACHE_DIR": str(work / "cache")}
        base_cold = timed_command(["build", "--out", str(work / "base")], env)
        editions = timed_command(
            ["build", "--profile", str(profiles), "--out", str(work / "editions")], env
        )
        base_warm = timed_command(["build", "--out", str(work / "base")], env)
        built = sum(
            1 for entry in (work / "editions").iterdir() if (entry / "index.html").is_file()
        )
        print(f"cores: {os.cpu_count()}; editions built: {built} of {EDITIONS}")
        print(f"one base build: {base_cold:.1f} s cold (renders its PDFs), {base_warm:.1f} s warm")
        print(f"{EDITIONS} editions in one command: {editions:.1f} s wall")
        print(f"  {editions / EDITIONS:.2f} s per edition")
        print(
            f"  ratio to one cold base build: {editions / base_cold:.1f}x (target <= {TARGET_RATIO}x)"
        )
        print(f"  ratio to one warm base build: {editions / base_warm:.1f}x")
        os.environ["JUSTCULTURE_CACHE_DIR"] = str(work / "stage-cache")
        print("Per stage, one edition, in one process:")
        for name, seconds in stages(profiles, work).items():
            print(f"  {name}: {seconds:.3f} s")


if __name__ == "__main__":
    main()
