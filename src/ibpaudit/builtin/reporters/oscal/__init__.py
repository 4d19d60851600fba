"""OSCAL 1.1.2 (NIST's Open Security Controls Assessment Language) for compliance tooling.

``ibpaudit run --format oscal`` writes ``assessment-results.json`` (:mod:`.assessment`),
rendered from the results document alone, so it is redacted and inert exactly as the
JSON report is. ``ibpaudit controls --format oscal`` prints the catalog as ibpaudit models
it (:mod:`.catalog`). The mapping of ibpaudit's concepts to OSCAL is in the README,
section "OSCAL".
"""

from __future__ import annotations

from typing import Any

from ibpaudit import hookimpl
from ibpaudit.model import ReportFormat, ReportOptions, Text

FILENAME = "assessment-results.json"


def render(results: Any, options: ReportOptions) -> bytes:
    """The assessment results (:func:`.assessment.render`), imported when asked for."""
    from ibpaudit.builtin.reporters.oscal import assessment

    return assessment.render(results, options)


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="oscal",
            filename=FILENAME,
            render=render,
            description=Text(
                nl="OSCAL assessment results (voor GRC-tools en auditors, o.a. trestle)",
                en="OSCAL assessment results (for GRC tools and auditors, e.g. trestle)",
            ),
        )
    ]
