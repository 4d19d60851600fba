"""Size and speed of the HTML report for a dossier with many findings, run on demand.

    python benchmarks/html_report.py [--findings 1000,10000] [--repeat 5]

Starts from the example board's real results document and spreads N findings over the
failing checks of 60 controls (each with a register location and the file's SHA-256), as
a large board with a messy dossier would produce. For each N it measures:
* ``size_mb``: the report's size;
* ``render_s``: ``html.render`` in Python (median of the repeats);
* in headless Chromium (IBPAUDIT_CHROMIUM, default /usr/bin/chromium), a fresh page per
  repeat: ``load_ms`` (navigation start to the end of the load event, from the
  Navigation Timing entry), ``first_paint_ms`` and ``first_contentful_paint_ms`` (Paint
  Timing), ``painted_ms`` (two animation frames after the load event: laid out and
  painted in full), and ``search_ms`` (a word in the search box until the page has filtered and
  laid out, measured in the page; typing waits 120 ms for a pause first).

Prints the medians as JSON and writes them to ``benchmarks/results/html-<date>.json``
(not committed).
"""

from __future__ import annotations

import argparse
import copy
import json
import os
import platform
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from playwright.sync_api import sync_playwright

from ibpaudit.builtin.reporters import html
from ibpaudit.cli import main
from ibpaudit.model import ReportOptions

PROJECT = Path(__file__).resolve().parent.parent
EXAMPLE = PROJECT / "evidence"
CHROMIUM = Path(os.environ.get("IBPAUDIT_CHROMIUM", "/usr/bin/chromium"))
FAILING_CONTROLS = 60

_TIMING = """() => {
  const nav = performance.getEntriesByType("navigation")[0];
  const paint = Object.fromEntries(
    performance.getEntriesByType("paint").map((e) => [e.name, e.startTime]));
  return {load: nav.loadEventEnd, fp: paint["first-paint"],
          fcp: paint["first-contentful-paint"]};
}"""
# After the load event: two animation frames later the page has been laid out and painted.
_SETTLED = """async () => {
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
  return performance.now();
}"""
_SEARCH = """() => {
  const box = document.querySelector("#f-q");
  const start = performance.now();
  box.value = "verwerkersovereenkomst";
  box.dispatchEvent(new Event("change", {bubbles: true}));
  document.body.getBoundingClientRect();  // the layout the filter caused
  return performance.now() - start;
}"""


def example_document() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as out:
        code = main(["run", str(EXAMPLE), "-o", out, "-q", "-f", "json"])
        if code not in (0, 1):
            raise SystemExit(f"the example board did not run (exit {code})")
        document: dict[str, Any] = json.loads((Path(out) / "results.json").read_text("utf-8"))
    return document


def with_findings(base: dict[str, Any], count: int) -> dict[str, Any]:
    """The document with ``count`` findings spread over the last check of 60 controls."""
    document = copy.deepcopy(base)
    evidence = [e for e in document["evidence"] if e["path"].startswith("registers/")]
    targets = [c for c in document["controls"] if c["checks"]][:FAILING_CONTROLS]
    for number in range(count):
        control = targets[number % len(targets)]
        check = control["checks"][-1]
        source = evidence[number % len(evidence)]
        check["status"] = control["status"] = "failed"
        check["findings"].append(
            {
                "status": "failed",
                "message": {
                    "nl": f"Rij {number + 2}: Leverancier {number} B.V. / Product {number}: "
                    "geen getekende verwerkersovereenkomst met privacybijsluiter; niet "
                    "voldaan aan: 'ondertekend_op' is ingevuld",
                    "en": f"Row {number + 2}: Supplier {number} B.V. / Product {number}: "
                    "no signed processor agreement with privacy annex; not met: "
                    "'ondertekend_op' is filled in",
                },
                "location": {
                    "path": source["path"],
                    "sha256": source["sha256"],
                    "row": number + 2,
                    "column": "ondertekend_op",
                },
            }
        )
    failed = {c["id"] for c in targets}
    for norm in document["norms"]:
        if failed & set(norm["controls"]):
            norm["status"] = "failed"
    summary = document["summary"]
    for status in ("passed", "failed", "error", "skipped", "waived"):
        summary[status] = sum(1 for c in document["controls"] if c["status"] == status)
    summary["norms_at_target"] = sum(1 for n in document["norms"] if n["status"] == "passed")
    return document


def median(values: list[float]) -> float:
    return round(statistics.median(values), 1)


def measure(document: dict[str, Any], repeat: int, folder: Path) -> dict[str, Any]:
    renders: list[float] = []
    body = b""
    for _ in range(repeat):
        start = time.perf_counter()
        body = html.render(document, ReportOptions(lang="nl"))
        renders.append(time.perf_counter() - start)
    report = folder / "report.html"
    report.write_bytes(body)
    loads: list[float] = []
    first_paints: list[float] = []
    contentful: list[float] = []
    searches: list[float] = []
    settled: list[float] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=["--no-sandbox"]
        )
        try:
            for _ in range(repeat):
                page = browser.new_page()
                page.goto(report.as_uri(), wait_until="load")
                timing = page.evaluate(_TIMING)
                settled.append(page.evaluate(_SETTLED))
                loads.append(timing["load"])
                first_paints.append(timing["fp"])
                contentful.append(timing["fcp"])
                searches.append(page.evaluate(_SEARCH))
                page.close()
        finally:
            browser.close()
    return {
        "findings": sum(len(k["findings"]) for c in document["controls"] for k in c["checks"]),
        "size_mb": round(len(body) / 1_000_000, 2),
        "render_s": round(statistics.median(renders), 3),
        "load_ms": median(loads),
        "first_paint_ms": median(first_paints),
        "first_contentful_paint_ms": median(contentful),
        "painted_ms": median(settled),
        "search_ms": median(searches),
    }


def run(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="HTML report size and speed")
    parser.add_argument("--findings", default="1000,10000")
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args(argv)
    if not CHROMIUM.exists():
        print(f"html_report: {CHROMIUM} is missing; set IBPAUDIT_CHROMIUM", file=sys.stderr)
        return 2
    base = example_document()
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        for count in (int(n) for n in args.findings.split(",")):
            rows.append(measure(with_findings(base, count), args.repeat, Path(folder)))
    out = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "python": platform.python_version(),
        "machine": platform.machine(),
        "cpus": os.cpu_count(),
        "repeat": args.repeat,
        "results": rows,
    }
    print(json.dumps(out, indent=2))
    results = PROJECT / "benchmarks" / "results"
    results.mkdir(exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y-%m-%dT%H%M%S")
    (results / f"html-{stamp}.json").write_text(json.dumps(out, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(run())
