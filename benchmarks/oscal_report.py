"""Size and speed of the OSCAL assessment results for a dossier with many findings, run on
demand.

    python benchmarks/oscal_report.py [--findings 0,1000,10000] [--repeat 3]

Starts from the example board's real results document and spreads N findings over 60
controls as ``benchmarks/html_report.py`` does. For each N it measures ``size_mb`` (the
file), ``render_s`` (``assessment.render``, median of the repeats) and ``trestle_s``
(compliance-trestle's ``AssessmentResults.parse_obj`` on the document, as an auditor's
tooling loads it). Prints the medians as JSON.
"""

from __future__ import annotations

import argparse
import json
import statistics
import time
from typing import Any

from html_report import example_document, with_findings
from trestle.oscal.assessment_results import AssessmentResults

from ibpaudit.builtin.reporters.oscal import assessment
from ibpaudit.model import ReportOptions


def measure(document: dict[str, Any], repeat: int) -> dict[str, float]:
    renders, loads = [], []
    body = b""
    for _ in range(repeat):
        start = time.perf_counter()
        body = assessment.render(document, ReportOptions(lang="nl"))
        renders.append(time.perf_counter() - start)
        parsed = json.loads(body)["assessment-results"]
        start = time.perf_counter()
        AssessmentResults.parse_obj(parsed)
        loads.append(time.perf_counter() - start)
    return {
        "size_mb": round(len(body) / 1e6, 2),
        "render_s": round(statistics.median(renders), 3),
        "trestle_s": round(statistics.median(loads), 3),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--findings", default="0,1000,10000")
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    base = example_document()
    out = {
        str(n): measure(with_findings(base, n), args.repeat)
        for n in (int(x) for x in args.findings.split(","))
    }
    print(json.dumps(out, indent=1))


if __name__ == "__main__":
    main()
