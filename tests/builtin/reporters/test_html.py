"""The HTML report: one self-contained, escaped file in the board's language, showing the
whole results document; and, in a real browser, a page that loads nothing, breaks no
policy and whose one enhancement (the "only open controls" filter) works."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator
from playwright.sync_api import ConsoleMessage, Dialog, Request, sync_playwright
from playwright.sync_api import Error as PlaywrightError

from builtin.reporters.reporters_support import (
    HOSTILE,
    HOSTILE_BOARD,
    HOSTILE_PRODUCT,
    control,
    results_schema,
    strip_optional,
)
from ibpaudit.builtin.reporters import html, junit
from ibpaudit.cli import main
from ibpaudit.models import Lang, ReportOptions

URL_ATTRIBUTES = {
    "src", "href", "action", "formaction", "poster", "data", "srcset", "background",
    "cite", "longdesc", "manifest", "ping", "xlink:href", "codebase", "archive", "icon",
}  # fmt: skip
EXTERNAL = re.compile(r"^\s*(https?:|//|\\\\)", re.IGNORECASE)
VOID_ELEMENTS = frozenset(
    {"meta", "br", "input", "img", "link", "hr", "wbr", "source", "area", "base", "col"}
)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


@dataclass
class Element:
    tag: str
    attrs: dict[str, str | None]
    text: str = ""


@dataclass
class Page:
    """What an HTML parser makes of the report: every element, its attributes and the
    text inside it (entities decoded, as a browser shows it)."""

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

    def classes(self, element: Element) -> set[str]:
        return set((element.attrs.get("class") or "").split())


class _Parser(HTMLParser):
    def __init__(self, page: Page) -> None:
        super().__init__(convert_charrefs=True)
        self.page = page
        self.open: list[Element] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        element = Element(tag, dict(attrs))
        self.page.elements.append(element)
        if tag not in VOID_ELEMENTS:
            self.open.append(element)

    def handle_endtag(self, tag: str) -> None:
        while self.open:
            if self.open.pop().tag == tag:
                break

    def handle_data(self, data: str) -> None:
        for element in self.open:
            element.text += data


def parse(body: bytes) -> Page:
    page = Page(body.decode("utf-8"))
    parser = _Parser(page)
    parser.feed(page.raw)
    parser.close()
    return page


def options(lang: Lang | None) -> ReportOptions:
    """``None``: the default options, whatever their language is."""
    return ReportOptions() if lang is None else ReportOptions(lang=lang)


def render(document: dict[str, Any], lang: Lang | None = None) -> Page:
    return parse(html.render(document, options(lang)))


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_self_contained_no_external_urls(document: dict[str, Any], lang: Lang) -> None:
    page = render(document, lang)

    urls = [
        (e.tag, name, value or "")
        for e in page.elements
        for name, value in e.attrs.items()
        if name in URL_ATTRIBUTES
    ]
    assert urls, "the report links to its own sections"
    assert [u for u in urls if EXTERNAL.match(u[2])] == []
    assert [u for u in urls if u[1] == "href" and not u[2].startswith("#")] == []
    assert not page.find("link") and not page.find("iframe") and not page.find("object")
    assert [e for e in page.find("script") if "src" in e.attrs] == []
    css = [e.text for e in page.find("style")] + [
        e.attrs["style"] or "" for e in page.elements if "style" in e.attrs
    ]
    css_urls = [m.group(2) for block in css for m in CSS_URL.finditer(block)]
    assert [u for u in css_urls if not u.startswith("data:")] == []
    assert "@import" not in "".join(css)
    assert not re.search(r"(src|href|action)\s*=\s*[\"']?\s*(https?:|//)", page.raw, re.I)


def test_content_security_policy_forbids_everything_external(example: dict[str, Any]) -> None:
    page = render(example)
    (meta,) = [
        e
        for e in page.find("meta")
        if (e.attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    directives = {
        d.split()[0]: d.split()[1:] for d in (meta.attrs["content"] or "").split(";") if d.strip()
    }

    assert directives["default-src"] == ["'none'"]
    assert directives.get("style-src") == ["'unsafe-inline'"]
    assert directives.get("img-src", ["'none'"]) in (["'none'"], ["data:"])
    for name in ("script-src", "connect-src", "font-src", "frame-src", "child-src"):
        assert directives.get(name, ["'none'"]) == ["'none'"], name
    # A CSP meta only covers what comes after it: it must precede every style and script.
    first_content = min(
        page.elements.index(e) for e in page.elements if e.tag in ("style", "script", "link")
    )
    assert page.elements.index(meta) < first_content


def test_markup_in_the_evidence_is_escaped(troubled: dict[str, Any]) -> None:
    assert troubled["board"]["name"] == HOSTILE_BOARD

    page = render(troubled)

    assert HOSTILE not in page.raw
    assert "<script" not in page.raw.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;alert(2)" in page.raw
    assert not page.find("script")
    handlers = [(e.tag, n) for e in page.elements for n in e.attrs if n.startswith("on")]
    assert handlers == []
    # Shown as text, exactly as the board wrote it.
    (h1,) = page.find("h1")
    assert h1.text == HOSTILE_BOARD
    assert HOSTILE_BOARD in page.find("title")[0].text
    shown = HOSTILE_PRODUCT.split("\x0b")[0]
    assert shown in page.text


def test_markup_in_attribute_values_cannot_break_out(example: dict[str, Any]) -> None:
    """Evidence data that ends up inside attributes (a hash, a status class) is escaped
    there too."""
    evidence = example["evidence"][0]
    evidence["sha256"] = '0"><script>alert(3)</script>'
    example["controls"][0]["status"] = 'failed" onclick="alert(4)'

    page = render(example)

    assert not page.find("script")
    assert [(e.tag, n) for e in page.elements for n in e.attrs if n.startswith("on")] == []
    assert [e for e in page.find("td") if e.attrs.get("title") == evidence["sha256"]]


def test_dutch_by_default(example: dict[str, Any]) -> None:
    page = render(example)
    gb02 = control(example, "GB.02-datalekken")

    assert page.find("html")[0].attrs["lang"] == "nl"
    text = squash(page.text)
    for label in ("Samenvatting", "Maatregelen", "Bewijsstukken", "Ontheffingen", "gefaald"):
        assert label in text
    assert gb02["title"]["nl"] in text
    assert "Summary" not in text and "Evidence files" not in text
    assert "23 november 2026" in text  # the peildatum, as Dutch people write it


def test_english_with_lang_en(example: dict[str, Any]) -> None:
    page = render(example, "en")
    gb02 = control(example, "GB.02-datalekken")

    assert page.find("html")[0].attrs["lang"] == "en"
    text = squash(page.text)
    for label in ("Summary", "Controls", "Evidence files", "Waivers", "failed"):
        assert label in text
    assert gb02["title"]["en"] in text
    for dutch in ("Samenvatting", "Bewijsstukken", "Ontheffingen", "gefaald"):
        assert dutch not in text
    assert "23 November 2026" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_part_of_the_document_appears(document: dict[str, Any], lang: Lang) -> None:
    text = squash(render(document, lang).text)

    def shown(value: str) -> bool:
        return squash(value) in text

    for c in document["controls"]:
        assert shown(c["id"]) and shown(c["title"][lang]), c["id"]
    for n in document["norms"]:
        assert shown(n["id"]) and shown(n["title"][lang]), n["id"]
    assert document["waivers"]
    for w in document["waivers"]:
        for key in ("control", "reason", "approved_by", "requested_by"):
            assert shown(w[key]), (w["control"], key)
    for e in document["evidence"]:
        assert shown(e["path"]) and shown(e["sha256"][:16]), e["path"]
    for p in document["problems"]:
        assert shown(p["message"][lang]), p["source"]
    for d in document["domains"]:
        assert shown(d["title"][lang]), d["id"]


def test_failed_and_error_controls_are_open(document: dict[str, Any]) -> None:
    page = render(document)
    details = [e for e in page.find("details") if "control" in page.classes(e)]

    assert len(details) == len(document["controls"])
    opened = {d.attrs["id"]: "open" in d.attrs for d in details}
    by_anchor = {
        d.attrs["id"]: status
        for d in details
        for status in page.classes(d) & {"passed", "failed", "error", "skipped", "waived"}
    }
    assert sorted(by_anchor.values()) == sorted(c["status"] for c in document["controls"])
    assert opened == {a: s in ("failed", "error") for a, s in by_anchor.items()}
    assert any(opened.values()) and not all(opened.values())


def test_the_filter_checkbox_is_there(example: dict[str, Any]) -> None:
    page = render(example)

    (box,) = page.find("input", id="only-open")
    assert box.attrs["type"] == "checkbox"
    css = page.find("style")[0].text
    assert "#only-open:checked" in css


def test_renders_the_leanest_schema_valid_document(example: dict[str, Any]) -> None:
    """Optional keys absent (a finding without a location, a control without reason or
    waiver, no waivers list): the report is still complete, and says nothing of "None"."""
    schema = results_schema()
    strip_optional(example, schema, schema)
    assert "waivers" not in example and "reason" not in example["controls"][0]
    assert Draft202012Validator(schema).is_valid(example)

    text = squash(render(example).text)

    for c in example["controls"]:
        assert c["id"] in text
    assert "None" not in text
    junit.render(example, ReportOptions())  # the JUnit reporter copes too


def test_null_values_are_not_shown_as_none(example: dict[str, Any]) -> None:
    for waiver in [example["waivers"][0], control(example, "PR.07-bewaartermijnen")["waiver"]]:
        waiver["requested_by"] = None
        waiver["approved_on"] = None
    assert Draft202012Validator(results_schema()).is_valid(example)

    text = squash(render(example).text)

    assert "None" not in text
    assert "M. de Vries (bestuurder)" in text


# -- in a real browser -------------------------------------------------------------------

CHROMIUM = Path(os.environ.get("IBPAUDIT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WATCH_CSP = """
window.__violations = [];
document.addEventListener("securitypolicyviolation", (e) => {
  window.__violations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


@dataclass
class Visit:
    """What the page did: every request, every console error or uncaught exception, and
    every alert() that got through."""

    requests: list[str] = field(default_factory=list)
    console: list[str] = field(default_factory=list)
    dialogs: list[str] = field(default_factory=list)

    def on_request(self, request: Request) -> None:
        self.requests.append(request.url)

    def on_console(self, message: ConsoleMessage) -> None:
        if message.type == "error":
            self.console.append(message.text)

    def on_page_error(self, error: PlaywrightError) -> None:
        self.console.append(str(error))

    def on_dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()


@pytest.fixture
def written_report(troubled_board: Path, tmp_path: Path) -> Path:
    """report.html as ``ibpaudit run`` writes it, for the dossier with every status."""
    code = main(["run", str(troubled_board), "-o", str(tmp_path), "--format", "html", "-q"])
    assert code == 2
    return tmp_path / "report.html"


@pytest.mark.browser
def test_report_in_a_real_browser(written_report: Path) -> None:
    if not CHROMIUM.exists():
        pytest.fail(
            f"{CHROMIUM} is missing: the browser tests need Debian's Chromium "
            "(scripts/test.sh installs it; or apt-get install chromium, or point "
            "IBPAUDIT_CHROMIUM at a Chromium binary)"
        )
    url = written_report.as_uri()
    visit = Visit()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        try:
            page = browser.new_page()
            page.on("request", visit.on_request)
            page.on("console", visit.on_console)
            page.on("pageerror", visit.on_page_error)
            page.on("dialog", visit.on_dialog)
            page.add_init_script(WATCH_CSP)
            page.goto(url, wait_until="load")

            assert visit.requests == [url]
            assert visit.console == []
            assert visit.dialogs == []
            assert page.evaluate("window.__violations") == []

            statuses = page.eval_on_selector_all(
                "details.control",
                "els => els.map(e => [[...e.classList].find(c => c !== 'control'), e.open])",
            )
            assert {s for s, _ in statuses} == {"passed", "failed", "error", "skipped", "waived"}
            assert [opened for _, opened in statuses] == [
                s in ("failed", "error") for s, _ in statuses
            ]

            passed = page.locator("details.control.passed")
            failed = page.locator("details.control.failed")
            assert passed.count() >= 1 and failed.count() >= 1
            assert all(passed.nth(i).is_visible() for i in range(passed.count()))

            page.check("#only-open")

            assert not any(passed.nth(i).is_visible() for i in range(passed.count()))
            assert all(failed.nth(i).is_visible() for i in range(failed.count()))
            assert page.locator("details.control.error").is_visible()
            assert page.locator("details.control.waived").is_visible()

            page.uncheck("#only-open")

            assert all(passed.nth(i).is_visible() for i in range(passed.count()))

            # The checks above are not vacuous: the policy is in force and violations
            # are seen. An injected inline script is blocked and reported.
            page.evaluate(
                "() => { const s = document.createElement('script');"
                " s.textContent = 'window.__ran = true'; document.body.append(s); }"
            )
            page.wait_for_function("window.__violations.length > 0")
            assert page.evaluate("window.__ran === undefined")
            assert page.evaluate("window.__violations")[0].startswith("script-src")
        finally:
            browser.close()
