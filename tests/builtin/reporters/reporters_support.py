"""Real dossiers and results documents for the reporter tests (fixtures in conftest.py).

``example`` is the bundled example board as it is (passed, failed and waived controls).
``troubled`` is a copy of it that a careless or hostile board could produce: markup and
characters XML cannot carry in its texts, a skipped control, an unreadable register (an
error), a broken control file and a broken local plugin (run problems).
"""

from __future__ import annotations

import json
import shutil
from collections.abc import Mapping
from dataclasses import dataclass, field
from html.parser import HTMLParser
from importlib.resources import files
from pathlib import Path
from typing import Any

from ibpaudit.cli import main
from support import update_config

PROJECT = Path(__file__).resolve().parents[3]
EXAMPLE_BOARD = PROJECT / "evidence"

HOSTILE = '<script>alert(1)</script>" onmouseover="alert(2)'
HOSTILE_BOARD = f"Stichting {HOSTILE}"
HOSTILE_PRODUCT = f"Ouder{HOSTILE}\x0b\x01\x1b|App"
ILLEGAL_XML = ("\x0b", "\x01", "\x1b")
SKIPPED_CONTROL = "ID.05-toegangsreview"
SKIP_REASON = "Geen eigen applicaties met toegangsbeheer | niet van toepassing"
ERROR_CONTROL = "OP.02-back-up-herstel"
PIPED_BREACH = "DL|2026|001"


@dataclass(frozen=True)
class Run:
    code: int
    document: dict[str, Any]
    output: Path


def audit(root: Path, output: Path, *formats: str) -> Run:
    """``ibpaudit run`` in-process; the document is read back from ``results.json``."""
    code = main(["run", str(root), "-o", str(output), "-q", "--format", ",".join(formats)])
    document: dict[str, Any] = json.loads((output / "results.json").read_text(encoding="utf-8"))
    return Run(code, document, output)


def make_troubled_board(target: Path) -> Path:
    shutil.copytree(EXAMPLE_BOARD, target)
    config = target / "ibpaudit.yaml"
    text = config.read_text(encoding="utf-8")
    assert "bestuur: Stichting Voorbeeldscholen\n" in text
    text = text.replace(
        "bestuur: Stichting Voorbeeldscholen\n", f"bestuur: {json.dumps(HOSTILE_BOARD)}\n"
    )
    config.write_text(text, encoding="utf-8")
    update_config(
        target, {"controls": {"overslaan": [{"id": SKIPPED_CONTROL, "reden": SKIP_REASON}]}}
    )

    # A register cell with markup, a pipe and control characters; CSV-quoted because of ".
    register = target / "registers" / "verwerkersovereenkomsten.csv"
    rows = register.read_text(encoding="utf-8")
    quoted = '"' + HOSTILE_PRODUCT.replace('"', '""') + '"'
    assert ";OuderApp;" in rows
    register.write_text(rows.replace(";OuderApp;", f";{quoted};"), encoding="utf-8")

    breaches = target / "registers" / "datalekken.yaml"
    breaches.write_text(
        breaches.read_text(encoding="utf-8").replace(
            "kenmerk: DL-2026-001", f'kenmerk: "{PIPED_BREACH}"'
        ),
        encoding="utf-8",
    )
    # The same register twice: the back-up control cannot be judged (error).
    (target / "registers" / "hersteltests.yaml").write_text(
        "hersteltests:\n  - getest_op: 2026-01-01\n", encoding="utf-8"
    )
    (target / "controls").mkdir()
    (target / "controls" / "kapot.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    (target / "plugins").mkdir()
    (target / "plugins" / "ibpaudit_kapot.py").write_text(
        "raise RuntimeError('kapot')\n", encoding="utf-8"
    )
    return target


def controls_by_status(document: dict[str, Any], status: str) -> list[dict[str, Any]]:
    return [c for c in document["controls"] if c["status"] == status]


def control(document: dict[str, Any], control_id: str) -> dict[str, Any]:
    found: list[dict[str, Any]] = [c for c in document["controls"] if c["id"] == control_id]
    assert len(found) == 1, control_id
    return found[0]


def results_schema() -> dict[str, Any]:
    schema: dict[str, Any] = json.loads(
        files("ibpaudit").joinpath("schemas/results.schema.json").read_text(encoding="utf-8")
    )
    return schema


def strip_optional(instance: Any, schema: Mapping[str, Any], root: Mapping[str, Any]) -> None:
    """Remove, in place, every key the results schema does not require: the leanest
    document a reporter must still render (an older engine or another tool may write it)."""
    ref = schema.get("$ref")
    if isinstance(ref, str):
        target: Any = root
        for part in ref.removeprefix("#/").split("/"):
            target = target[part]
        schema = target
    for branch in schema.get("oneOf", ()):
        if branch.get("type") != "null" and instance is not None:
            strip_optional(instance, branch, root)
    if isinstance(instance, dict) and "properties" in schema:
        required = set(schema.get("required", ()))
        for key in list(instance):
            if key in required:
                strip_optional(instance[key], schema["properties"][key], root)
            else:
                del instance[key]
    elif isinstance(instance, list) and "items" in schema:
        for item in instance:
            strip_optional(item, schema["items"], root)


# -- HTML, as a parser sees it (the HTML reporter's tests) -------------------------------

_VOID_ELEMENTS = frozenset(
    {"meta", "br", "input", "img", "link", "hr", "wbr", "source", "area", "base", "col"}
)
_BREAKS = frozenset({"td", "th", "tr", "li", "br", "p", "div", "dt", "dd", "caption"})


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    parts: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        """Every piece of text inside the element, joined once (a report has thousands)."""
        if len(self.parts) > 1:
            self.parts[:] = ["".join(self.parts)]
        return self.parts[0] if self.parts else ""


@dataclass
class Page:
    """What an HTML parser makes of a report: every element, its attributes and the text
    inside it (entities decoded, as a browser shows it)."""

    raw: str
    elements: list[Element] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.find("body")[0].text

    def find(self, tag: str, **attrs: str) -> list[Element]:
        return [
            e
            for e in self.elements
            if e.tag == tag and all(e.attrs.get(k) == v for k, v in attrs.items())
        ]

    def by_id(self, element_id: str) -> Element:
        (found,) = [e for e in self.elements if e.attrs.get("id") == element_id]
        return found

    def with_class(self, tag: str, name: str) -> list[Element]:
        return [e for e in self.find(tag) if name in self.classes(e)]

    def classes(self, element: Element) -> set[str]:
        return set((element.attrs.get("class") or "").split())


class _HtmlParser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _BREAKS:  # cells and blocks read apart, as a browser shows them
            self.handle_data(" ")
        element = Element(tag, dict(attrs))
        self.page.elements.append(element)
        if tag not in _VOID_ELEMENTS:
            self.open.append(element)

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.elements.append(Element(tag, dict(attrs)))

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.parts.append(data)


def parse_html(body: bytes) -> Page:
    page = Page(body.decode("utf-8"))
    parser = _HtmlParser(page)
    parser.feed(page.raw)
    parser.close()
    return page


def squash(text: str) -> str:
    return " ".join(text.split())
