"""A ``junit.xml`` for a run that stopped before evaluation (a configuration, catalog or
waiver error, exit 2): one test case in *error* naming the problem, so CI shows why
there are no results instead of a green build with nothing in it."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from xml.etree import ElementTree

from ibpaudit import __version__, inert

JUNIT_FILE = "junit.xml"


def render(message: str) -> bytes:
    suites = ElementTree.Element(
        "testsuites", name="ibpaudit", time="0", tests="1", failures="0", errors="1"
    )
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name="ibpaudit: configuration",
        skipped="0",
        time="0",
        timestamp=datetime.now(UTC).isoformat(timespec="seconds"),
        tests="1",
        failures="0",
        errors="1",
    )
    properties = ElementTree.SubElement(suite, "properties")
    ElementTree.SubElement(properties, "property", name="ibpaudit_version", value=__version__)
    case = ElementTree.SubElement(
        suite, "testcase", name="ibpaudit configuration", classname="ibpaudit", time="0"
    )
    error = ElementTree.SubElement(case, "error", message=message, type="configuration")
    error.text = message
    ElementTree.indent(suites)
    body: bytes = ElementTree.tostring(suites, encoding="utf-8", xml_declaration=True)
    return body


def write(folder: Path, message: str) -> Path | None:
    """Write the report into ``folder``; a folder that cannot be written to is left alone
    (the message is printed on stderr in any case)."""
    from ibpaudit.engine import write_atomically  # never through a link, never half

    target = folder / JUNIT_FILE
    try:
        folder.mkdir(parents=True, exist_ok=True)
        write_atomically(target, render(inert.one_line(message)))
    except OSError:
        return None
    return target
