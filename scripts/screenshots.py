"""Screenshots of the HTML report for a reviewer: the example board's overview, its trend
and one norm (GB.02, below target), in Dutch and in English, taken in headless Chromium.

    python scripts/screenshots.py [--out DIR] [--norm GB.02]

The example board is audited at two earlier as-of dates first, so the trend section has
something to show. Writes the reports and the PNG files to DIR (default: screenshots/,
not committed) and prints their paths. Needs Chromium (IBPAUDIT_CHROMIUM, default
/usr/bin/chromium) and Playwright (the test extra).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

from ibpaudit.builtin.reporters import html
from ibpaudit.cli import main
from ibpaudit.model import Lang, ReportOptions

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE_BOARD = PROJECT / "evidence"
EARLIER = ("2025-01-15", "2026-03-01")
CHROMIUM = Path(os.environ.get("IBPAUDIT_CHROMIUM", "/usr/bin/chromium"))


def audit(output: Path, *extra: str) -> dict[str, object]:
    code = main(["run", str(EXAMPLE_BOARD), "-o", str(output), "-q", "-f", "json", *extra])
    if code not in (0, 1):
        raise SystemExit(f"screenshots: auditing the example board failed (exit {code})")
    document: dict[str, object] = json.loads((output / "results.json").read_text("utf-8"))
    return document


def write_reports(out: Path, work: Path) -> dict[Lang, Path]:
    history = work / "history"
    history.mkdir()
    for as_of in EARLIER:
        document = audit(work / as_of, "--as-of", as_of)
        (history / f"results-{as_of}.json").write_text(json.dumps(document), "utf-8")
    current = audit(work / "now")
    reports: dict[Lang, Path] = {}
    for lang in ("nl", "en"):
        path = out / f"report-{lang}.html"
        options = ReportOptions(lang=lang, extra={"history": history})
        path.write_bytes(html.render(current, options))
        reports[lang] = path
    return reports


def shoot(reports: dict[Lang, Path], out: Path, norm: str) -> list[Path]:
    written: list[Path] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            for lang, report in reports.items():
                page = browser.new_page(viewport={"width": 1280, "height": 900})
                page.goto(report.as_uri(), wait_until="load")
                # The overview: from the top of the page to the end of "at a glance".
                bottom = page.evaluate(
                    "() => document.querySelector('#overview').getBoundingClientRect().bottom"
                    " + window.scrollY"
                )
                overview = out / f"overview-{lang}.png"
                page.screenshot(
                    path=overview,
                    full_page=True,
                    clip={"x": 0, "y": 0, "width": 1280, "height": bottom},
                )
                trend = out / f"trend-{lang}.png"
                page.locator("#trend").screenshot(path=trend)
                one = page.locator(f'details[id="norm-{norm}"]')
                one.evaluate("element => { element.open = true; }")
                shown = out / f"norm-{norm}-{lang}.png"
                one.screenshot(path=shown)
                written += [overview, trend, shown]
                page.close()
        finally:
            browser.close()
    return written


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--out", type=Path, default=PROJECT / "screenshots")
    parser.add_argument("--norm", default="GB.02", help="the norm to show open (default GB.02)")
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"screenshots: {CHROMIUM} is missing; set IBPAUDIT_CHROMIUM", file=sys.stderr)
        return 2
    out: Path = args.out
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="ibpaudit-screenshots-") as work:
        reports = write_reports(out, Path(work))
    for path in [*reports.values(), *shoot(reports, out, args.norm)]:
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
