"""The fairness monitor in a real browser: monitor.js gives the Python figures on a few hundred
random inputs, the "Check your figures" page works, passes axe at desktop and phone widths and
sends nothing off the machine, and the board report passes axe too."""

from __future__ import annotations

import math
import random
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from browsing import WatchedPage, describe_violations

from justculture.monitor.report import count_text, percent_text, ratio_text
from justculture.monitor.stats import CountRow, CountTable, Settings, figures

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
MONITOR_JS = REPO / "docs" / "assets" / "js" / "monitor.js"
PAGE = "/tools/check-your-figures/"
STAGES = ("entered", "investigated", "suspended", "hearing", "sanctioned", "dismissed")
WIDTHS = (1280, 390)


@pytest.fixture(scope="module")
def monitor_page(browser: Any) -> Iterator[Any]:
    """A blank page holding monitor.js alone."""
    context = browser.new_context()
    page = context.new_page()
    page.set_content(
        "<!doctype html><html lang='en'><head><title>monitor</title></head><body></body></html>"
    )
    page.add_script_tag(path=str(MONITOR_JS))
    yield page
    context.close()


def random_case(rng: random.Random) -> tuple[CountTable, Settings]:
    stages = STAGES[: rng.randint(1, len(STAGES))]
    periods = [f"20{year}-{year + 1}" for year in range(20, 20 + rng.randint(1, 4))]
    groups = ["White", *rng.sample(["Asian", "Black", "Mixed", "Other", "BAME"], rng.randint(1, 3))]
    organisations = rng.choice([[""], ["Trust A"], ["Trust A", "Trust B", "Trust C"]])
    dimensions = rng.choice([["ethnicity"], ["ethnicity", "disability"]])
    rows = []
    for dimension in dimensions:
        names = groups if dimension == "ethnicity" else ["Non-disabled", "Disabled"]
        for organisation in organisations:
            for period in periods:
                for group in names:
                    headcount = rng.choice(
                        [rng.randint(1, 30), rng.randint(30, 3000), rng.randint(3000, 90000)]
                    )
                    counts = [rng.randint(0, min(headcount, rng.choice([5, 40, headcount])))]
                    for _ in stages[1:]:
                        counts.append(rng.randint(0, counts[-1]))
                    rows.append(
                        CountRow(period, group, headcount, tuple(counts), dimension, organisation)
                    )
    settings = Settings(
        {"ethnicity": "White", "disability": "Non-disabled"},
        rng.choice([5, 10, 20]),
        rng.choice([(0.8, 1.25), (0.9, 1.1)]),
    )
    return CountTable(stages, tuple(rows)), settings


def as_js(table: CountTable, settings: Settings) -> list[Any]:
    rows = [
        {"period": r.period, "group": r.group, "headcount": r.headcount, "counts": list(r.counts),
         "dimension": r.dimension, "organisation": r.organisation}
        for r in table.rows
    ]  # fmt: skip
    js_settings = {
        "references": dict(settings.references),
        "threshold": settings.threshold,
        "band": list(settings.band),
    }
    return [{"stages": list(table.stages), "rows": rows}, js_settings]


def close(python: Any, js: Any, where: str = "") -> list[str]:
    """Where the two differ: floats to 1e-12 relative (log and exp may differ in the last bit)."""
    if isinstance(python, float) and isinstance(js, int | float) and not isinstance(js, bool):
        return (
            []
            if math.isclose(python, js, rel_tol=1e-12, abs_tol=1e-300)
            else [f"{where}: {python} != {js}"]
        )
    if isinstance(python, dict) and isinstance(js, dict):
        if set(python) != set(js):
            return [f"{where}: keys {sorted(python)} != {sorted(js)}"]
        return [d for k in python for d in close(python[k], js[k], f"{where}/{k}")]
    if isinstance(python, list) and isinstance(js, list):
        if len(python) != len(js):
            return [f"{where}: {len(python)} items != {len(js)}"]
        return [
            d
            for i, (p, j) in enumerate(zip(python, js, strict=True))
            for d in close(p, j, f"{where}/{i}")
        ]
    if isinstance(python, int) and not isinstance(python, bool) and isinstance(js, float):
        return [] if python == js else [f"{where}: {python} != {js}"]
    return [] if python == js else [f"{where}: {python!r} != {js!r}"]


def texts(data: dict[str, Any]) -> list[str]:
    """Every number of the figures as the report writes it."""
    out = []
    for dimension in data["dimensions"]:
        for cell in dimension["cells"]:
            out.append(count_text(cell["headcount"], data["threshold"]))
            out += [percent_text(value) for value in cell["rates"]]
            for m in cell["measures"]:
                out += [
                    ratio_text(m["ratio"]),
                    ratio_text(m["low"]),
                    ratio_text(m["high"]),
                    percent_text(m["rate"]),
                ]
        for row in dimension["spread"]:
            out += [ratio_text(row["mean"]), ratio_text(row["median"])]
    return out


TEXTS_JS = """(data) => {
  const M = window.JustCultureMonitor, out = [];
  for (const d of data.dimensions) {
    for (const c of d.cells) {
      out.push(M.countText(c.headcount, data.threshold));
      for (const r of c.rates) out.push(M.percentText(r));
      for (const m of c.measures) out.push(M.ratioText(m.ratio), M.ratioText(m.low), M.ratioText(m.high), M.percentText(m.rate));
    }
    for (const s of d.spread) out.push(M.ratioText(s.mean), M.ratioText(s.median));
  }
  return out;
}"""


def test_the_browser_gives_the_python_figures_on_random_counts(monitor_page: Any) -> None:
    rng = random.Random(2019)
    cases = [random_case(rng) for _ in range(300)]
    results = monitor_page.evaluate(
        "(cases) => cases.map(([table, settings]) => JustCultureMonitor.figures(table, settings))",
        [as_js(*case) for case in cases],
    )
    differences = []
    for case, js in zip(cases, results, strict=True):
        python = figures(*case)
        differences += close(python, js)
        js_texts = monitor_page.evaluate(TEXTS_JS, js)
        if js_texts != texts(python):
            differences.append(f"texts differ: {texts(python)[:6]} vs {js_texts[:6]}")
    assert not differences, "\n".join(differences[:10])
    # The cases reach zeros, small numbers, every position and several organisations.
    flat = [
        m
        for case in cases
        for d in figures(*case)["dimensions"]
        for c in d["cells"]
        for m in c["measures"]
    ]
    assert {m["position"] for m in flat} >= {"above", "below", "across"}
    assert any(m["corrected"] for m in flat) and any(m["small"] for m in flat)
    assert any(m["ratio"] is None for m in flat)


def test_ties_round_the_same_way_in_both(monitor_page: Any) -> None:
    values = [1.125, 0.005, 2.675, 1.005, 0.125, 12.345]
    js = monitor_page.evaluate(
        "(values) => values.map((v) => [JustCultureMonitor.ratioText(v), JustCultureMonitor.percentText(v / 100)])",
        values,
    )
    assert js == [[ratio_text(v), percent_text(v / 100)] for v in values]


def _open(watched: WatchedPage, url: str) -> None:
    watched.page.goto(url, wait_until="load")
    watched.page.wait_for_load_state("networkidle")


def test_typed_counts_give_the_figures_and_a_chart(site_url: str, watched: WatchedPage) -> None:
    _open(watched, f"{site_url}{PAGE}")
    page = watched.page
    page.fill(
        "#monitor-counts",
        "period,group,headcount,entered\n2016-17,White,912077,11857\n2016-17,BAME,226706,3854\n",
    )
    page.get_by_role("button", name="Work out the figures").click()
    summary = page.locator(".jc-monitor-summary").inner_text()
    assert "BAME staff were 1.31 times as likely as White staff" in summary
    assert "1.7% against 1.3%" in summary
    page.get_by_role("button", name="Try made-up counts").click()
    assert page.locator("svg.jc-trend").count() >= 2
    assert (page.locator("svg.jc-trend title").first.text_content() or "").startswith(
        "Trend chart: Asian staff"
    )
    assert watched.console_errors == []


def test_bad_counts_are_explained_on_the_page(site_url: str, watched: WatchedPage) -> None:
    _open(watched, f"{site_url}{PAGE}")
    page = watched.page
    page.fill("#monitor-counts", "period,group,headcount,entered,Name\n2024,White,10,1,Ann\n")
    page.get_by_role("button", name="Work out the figures").click()
    alert = page.get_by_role("alert").inner_text()
    assert "Row 1, column 32" in alert and "counts for groups of staff only" in alert
    page.fill("#monitor-counts", "period,group,headcount,entered\n2024,White,100,120\n")
    page.get_by_role("button", name="Work out the figures").click()
    assert "120 entered, but the group's headcount is 100" in page.get_by_role("alert").inner_text()


def test_text_from_the_counts_is_shown_as_text(site_url: str, watched: WatchedPage) -> None:
    _open(watched, f"{site_url}{PAGE}")
    page = watched.page
    page.fill(
        "#monitor-counts",
        "period,group,headcount,entered\n2024,White,1000,20\n2024,<img src=x onerror=alert(1)>,500,20\n",
    )
    page.get_by_role("button", name="Work out the figures").click()
    assert page.locator("[data-jc-monitor-results] img").count() == 0
    assert "<img src=x" in page.locator(".jc-monitor-summary").inner_text()


@pytest.mark.parametrize("width", WIDTHS)
def test_the_page_passes_axe_and_sends_nothing(site_url: str, browser: Any, width: int) -> None:
    # bypass_csp lets the test inject axe-core; the page itself runs as served.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    watched = WatchedPage(page)
    page.on("request", lambda request: watched.requests.append(request.url))
    try:
        _open(watched, f"{site_url}{PAGE}")
        page.get_by_role("button", name="Try made-up counts").click()
        page.fill("#monitor-counts", page.input_value("#monitor-counts") + "\n")
        page.get_by_role("button", name="Work out the figures").click()
        page.wait_for_load_state("networkidle")
        violations = watched.axe_violations()
        assert not violations, describe_violations(violations)
        assert watched.foreign_requests() == []
        # After the page loaded, working out the figures fetched nothing at all.
        loaded = [url for url in watched.requests if "monitor.js" in url]
        assert loaded, "monitor.js was not loaded"
    finally:
        context.close()


def test_monitor_js_is_loaded_only_on_its_page(built_site: Path) -> None:
    pages = [p for p in built_site.rglob("*.html") if "monitor.js" in p.read_text(encoding="utf-8")]
    assert [p.relative_to(built_site).as_posix() for p in pages] == [
        "tools/check-your-figures/index.html"
    ]


@pytest.fixture(scope="module")
def report_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("monitor-report")
    examples = REPO / "examples" / "monitor"
    subprocess.run(
        [sys.executable, "-m", "justculture", "monitor", str(examples / "made-up-system.csv"), "--config", str(examples / "monitor.yaml"), "--out", str(out)],
        check=True, capture_output=True, timeout=120,
    )  # fmt: skip
    return out / "fairness-monitor.html"


@pytest.mark.parametrize("width", WIDTHS)
def test_the_board_report_passes_axe(browser: Any, report_file: Path, width: int) -> None:
    # bypass_csp lets the test inject axe-core; the page itself runs as served.
    context = browser.new_context(viewport={"width": width, "height": 900}, bypass_csp=True)
    page = context.new_page()
    try:
        page.goto(report_file.as_uri())
        violations = WatchedPage(page).axe_violations()
        assert not violations, describe_violations(violations)
    finally:
        context.close()
