"""OSCAL 1.1.2 (NIST's Open Security Controls Assessment Language) for compliance tooling.

``ibpaudit run --format oscal`` writes ``assessment-results.json`` (:mod:`.assessment`),
rendered from the results document alone, so it is redacted and inert exactly as the
JSON report is. ``ibpaudit controls --format oscal`` prints the catalog as ibpaudit models
it (:mod:`.catalog`). The mapping of ibpaudit's concepts to OSCAL is in the README,
section "OSCAL".
"""

from __future__ import annotations

from ibpaudit import hookimpl
from ibpaudit.builtin.reporters.oscal import assessment
from ibpaudit.model import ReportFormat, Text


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="oscal",
            filename=assessment.FILENAME,
            render=assessment.render,
            description=Text(
                nl="OSCAL assessment results (voor GRC-tools en auditors, o.a. trestle)",
                en="OSCAL assessment results (for GRC tools and auditors, e.g. trestle)",
            ),
        )
    ]
