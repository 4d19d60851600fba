"""What ``ibpaudit run`` prints to stderr: one summary line and the controls that need work."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ibpaudit.models import Location

_STATUS = {
    "nl": {
        "passed": "geslaagd",
        "failed": "gefaald",
        "error": "fout",
        "skipped": "overgeslagen",
        "waived": "ontheffing",
    },
    "en": {
        "passed": "passed",
        "failed": "failed",
        "error": "error",
        "skipped": "skipped",
        "waived": "waived",
    },
}
_MAX_FINDINGS = 3


def _location(loc: Mapping[str, Any], lang: str) -> str:
    return Location.from_json(loc).describe(lang)


def finding_line(finding: Mapping[str, Any], lang: str) -> str:
    message = str(finding["message"][lang])
    if "location" in finding:
        return f"{_location(finding['location'], lang)}: {message}"
    return message


def summary_lines(
    document: Mapping[str, Any], written: Sequence[Path], lang: str, quiet: bool = False
) -> Iterator[str]:
    names = _STATUS.get(lang, _STATUS["nl"])
    if not quiet:
        for control in document["controls"]:
            if control["status"] in ("passed", "skipped"):
                continue
            reason = control["reason"][lang] if control.get("reason") else ""
            yield f"{names[control['status']].upper():<13} {control['id']}: {reason}"
            findings = [
                f for c in control["checks"] for f in c["findings"] if f["status"] != "passed"
            ]
            for finding in findings[:_MAX_FINDINGS]:
                yield f"{'':<14}- {finding_line(finding, lang)}"
            if len(findings) > _MAX_FINDINGS:
                more = len(findings) - _MAX_FINDINGS
                yield f"{'':<14}  (+{more} {'meer' if lang == 'nl' else 'more'})"
        for problem in document["problems"]:
            message = str(problem["message"][lang])
            if not message.startswith(str(problem["source"])):
                message = f"{problem['source']}: {message}"
            yield f"{names['error'].upper():<13} {message}"
    s = document["summary"]
    counts = ", ".join(f"{s[k]} {names[k]}" for k in names if s[k])
    if document["problems"]:
        n = len(document["problems"])
        word = (
            ("problem" if n == 1 else "problems")
            if lang == "en"
            else ("probleem" if n == 1 else "problemen")
        )
        counts += f", {n} {word}"
    board = document["board"]["name"]
    label = "controls" if lang == "en" else "maatregelen"
    reports = ", ".join(str(p) for p in written)
    arrow = f" -> {reports}" if reports else ""
    yield f"ibpaudit: {board}: {s['controls']} {label} ({counts}){arrow}"
