"""The HTML report as a parser reads it: one self-contained, escaped file in the board's
language with a strict Content-Security-Policy, showing the whole results document: the
overview and chart, every norm with its checks per level, findings and evidence, the growth
path, waivers, attestations and the integrity annex. (In a real browser:
test_html_browser.py; the trend: test_html_history.py.)"""

from __future__ import annotations

import base64
import hashlib
import re
import shutil
import subprocess
from datetime import date
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from builtin.reporters.reporters_support import (
    EXAMPLE_BOARD,
    HOSTILE,
    HOSTILE_BOARD,
    HOSTILE_PRODUCT,
    Page,
    control,
    parse_html,
    results_schema,
    squash,
    strip_optional,
)
from ibpaudit import inert
from ibpaudit.builtin.reporters import html, junit
from ibpaudit.builtin.reporters.html import pdf
from ibpaudit.builtin.reporters.html.formatting import percent
from ibpaudit.builtin.reporters.html.page import asset
from ibpaudit.model import Lang, ReportOptions

URL_ATTRIBUTES = {
    "src", "href", "action", "formaction", "poster", "data", "srcset", "background",
    "cite", "longdesc", "manifest", "ping", "xlink:href", "codebase", "archive", "icon",
}  # fmt: skip
EXTERNAL = re.compile(r"^\s*(https?:|//|\\\\)", re.IGNORECASE)
CSS_URL = re.compile(r"url\(\s*(['\"]?)(.*?)\1\s*\)", re.IGNORECASE | re.DOTALL)


def options(lang: Lang | None) -> ReportOptions:
    """``None``: the default options, whatever their language is."""
    return ReportOptions() if lang is None else ReportOptions(lang=lang)


def render(document: dict[str, Any], lang: Lang | None = None) -> Page:
    return parse_html(html.render(document, options(lang)))


def norm_details(page: Page) -> list[Any]:
    return page.with_class("details", "norm")


def sha256_source(content: str) -> str:
    digest = hashlib.sha256(content.encode("utf-8")).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"


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
    assert not page.find("img") and not page.find("image")
    assert [e for e in page.find("script") if "src" in e.attrs] == []
    css = [e.text for e in page.find("style")] + [
        e.attrs["style"] or "" for e in page.elements if "style" in e.attrs
    ]
    css_urls = [m.group(2) for block in css for m in CSS_URL.finditer(block)]
    assert css_urls == []
    assert "@import" not in "".join(css)
    # SVG paint may only point into the page itself (the patterns for below target, waived).
    paints = {e.attrs.get("fill") or "" for e in page.elements} - {""}
    assert {p for p in paints if "url(" in p} <= {"url(#hatch)", "url(#waived)"}
    assert not re.search(r"(src|href|action)\s*=\s*[\"']?\s*(https?:|//)", page.raw, re.I)


def test_content_security_policy_allows_only_its_own_style_and_script(
    example: dict[str, Any],
) -> None:
    page = render(example)
    (meta,) = [
        e
        for e in page.find("meta")
        if (e.attrs.get("http-equiv") or "").lower() == "content-security-policy"
    ]
    directives = {
        d.split()[0]: d.split()[1:] for d in (meta.attrs["content"] or "").split(";") if d.strip()
    }
    (style,) = page.find("style")
    (script,) = page.find("script")

    assert directives["default-src"] == ["'none'"]
    assert directives["style-src"] == [sha256_source(style.text)]
    assert directives["script-src"] == [sha256_source(script.text)]
    assert directives["img-src"] == ["'none'"]
    assert directives["form-action"] == ["'none'"] and directives["base-uri"] == ["'none'"]
    assert "unsafe" not in (meta.attrs["content"] or "")
    for name in ("connect-src", "font-src", "frame-src", "child-src", "object-src"):
        assert name not in directives, name  # default-src 'none' covers them
    # The inlined files are the package's own, byte for byte.
    templates = files("ibpaudit.builtin.reporters.html").joinpath("templates")
    assert style.text == templates.joinpath("report.css").read_text(encoding="utf-8")
    assert script.text == templates.joinpath("report.js").read_text(encoding="utf-8")
    # A CSP meta only covers what comes after it: it must precede every style and script.
    first_content = min(
        page.elements.index(e) for e in page.elements if e.tag in ("style", "script", "link")
    )
    assert page.elements.index(meta) < first_content
    # Inline style attributes would need 'unsafe-inline'; there are none.
    assert [e.tag for e in page.elements if "style" in e.attrs] == []


def test_the_script_writes_no_markup() -> None:
    """Evidence reaches the page only through the page's escaping (markup.esc): the script
    never parses strings as HTML and never builds URLs."""
    script = asset("report.js")

    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "Function(", "setAttribute", ".href", "location"):  # fmt: skip
        assert sink not in script, sink
    assert "textContent" in script


def test_markup_in_the_evidence_is_escaped(troubled: dict[str, Any]) -> None:
    assert troubled["board"]["name"] == HOSTILE_BOARD

    page = render(troubled)

    assert HOSTILE not in page.raw
    assert "<script>alert" not in page.raw.lower()
    assert "&lt;script&gt;alert(1)&lt;/script&gt;&#34; onmouseover=&#34;alert(2)" in page.raw
    assert len(page.find("script")) == 1  # ours
    handlers = [(e.tag, n) for e in page.elements for n in e.attrs if n.startswith("on")]
    assert handlers == []
    (h1,) = page.find("h1")
    assert h1.text == HOSTILE_BOARD
    assert HOSTILE_BOARD in page.find("title")[0].text
    assert inert.document(HOSTILE_PRODUCT) in page.text  # ␋␁␛: visible, never raw
    for char in ("\x0b", "\x01", "\x1b"):
        assert char not in page.raw


def test_markup_in_attribute_values_cannot_break_out(example: dict[str, Any]) -> None:
    """Evidence data that ends up inside attributes (a path's anchor, a status class, a
    domain filter value) is escaped there too."""
    example["evidence"][0]["path"] = '"><script>alert(3)</script>'
    example["controls"][0]["status"] = 'failed" onclick="alert(4)'
    example["norms"][0]["status"] = 'failed" onclick="alert(5)'
    example["norms"][0]["domain"] = example["domains"][0]["id"] = '"><b onclick="alert(6)">'

    page = render(example)

    assert len(page.find("script")) == 1 and not page.find("b")
    assert [(e.tag, n) for e in page.elements for n in e.attrs if n.startswith("on")] == []
    assert [
        e for e in norm_details(page) if e.attrs.get("data-status") == 'failed" onclick="alert(5)'
    ]
    anchors = [e.attrs["id"] or "" for e in page.elements if "id" in e.attrs]
    assert all(re.fullmatch(r"[A-Za-z0-9_.-]+", a) for a in anchors), anchors


def test_anchors_are_unique_and_every_link_has_a_target(example: dict[str, Any]) -> None:
    page = render(example)

    ids = [e.attrs["id"] for e in page.elements if "id" in e.attrs]
    hrefs = {e.attrs["href"] for e in page.find("a")}
    assert len(ids) == len(set(ids))
    assert {h[1:] for h in hrefs if h} <= set(ids)
    assert "#norm-GB.02" in hrefs  # readable deep links for the norms below target


def test_dutch_by_default(example: dict[str, Any]) -> None:
    page = render(example)
    gb02 = control(example, "GB.02-datalekken")
    total = sum(e["size"] for e in example["evidence"])
    assert total >= 1000

    assert page.find("html")[0].attrs["lang"] == "nl"
    text = squash(page.text)
    for label in ("In één oogopslag", "Normen per domein", "Integriteitsbijlage", "Groeipad",
                  "Ontheffingen", "Verklaringen", "gefaald", "onder doel"):  # fmt: skip
        assert label in text, label
    assert gb02["title"]["nl"] in text
    for english in ("At a glance", "Evidence files", "Growth path", "below target"):
        assert english not in text, english
    assert "23 november 2026" in text  # the peildatum, as Dutch people write it
    assert f"{total:,} bytes".replace(",", ".") in text


def test_english_with_lang_en(example: dict[str, Any]) -> None:
    page = render(example, "en")
    gb02 = control(example, "GB.02-datalekken")
    total = sum(e["size"] for e in example["evidence"])

    assert page.find("html")[0].attrs["lang"] == "en"
    text = squash(page.text)
    for label in ("At a glance", "Norms by domain", "Integrity annex", "Growth path",
                  "Waivers", "Attestations", "failed", "below target"):  # fmt: skip
        assert label in text, label
    assert gb02["title"]["en"] in text
    for dutch in ("In één oogopslag", "Bewijsstukken", "Ontheffingen", "gefaald", "Groeipad"):
        assert dutch not in text, dutch
    assert "23 November 2026" in text
    assert f"{total:,} bytes" in text


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_every_part_of_the_document_appears(document: dict[str, Any], lang: Lang) -> None:
    text = squash(render(document, lang).text)

    def shown(value: str) -> bool:
        return squash(value) in text

    for c in document["controls"]:
        assert shown(c["id"]) and shown(c["title"][lang]), c["id"]
        for check in c["checks"]:
            if check.get("description"):
                assert shown(check["description"][lang]), (c["id"], check["index"])
            for f in check["findings"]:
                assert shown(f["message"][lang].split("\x0b")[0]), c["id"]
                if "location" in f:
                    assert shown(f["location"]["path"]) and shown(f["location"]["sha256"])
    for n in document["norms"]:
        assert shown(n["id"]) and shown(n["title"][lang]), n["id"]
        for step in (n.get("next_level") or {}).get("checks", ()):
            assert shown(step[lang]), n["id"]
    assert document["waivers"]
    for w in document["waivers"]:
        for key in ("control", "reason", "approved_by", "requested_by"):
            assert shown(w[key]), (w["control"], key)
    for e in document["evidence"]:
        assert shown(e["path"]) and shown(e["sha256"]), e["path"]
    for p in document["problems"]:
        assert shown(p["message"][lang]), p["source"]
    for d in document["domains"]:
        assert shown(d["title"][lang]), d["id"]
    for p in document["plugins"]:
        assert shown(p["name"]) and shown(p["version"])


def test_norms_are_grouped_by_domain_with_their_controls(example: dict[str, Any]) -> None:
    page = render(example)
    details = norm_details(page)

    assert [d.attrs["id"] for d in details] == [
        f"norm-{n['id']}"
        for d in example["domains"]
        for n in example["norms"]
        if n["domain"] == d["id"]
    ]
    norms = {n["id"]: n for n in example["norms"]}
    for element in details:
        norm = norms[(element.attrs["id"] or "").removeprefix("norm-")]
        assert element.attrs["data-domain"] == norm["domain"]
        assert element.attrs["data-status"] == norm["status"]
        assert element.attrs["data-level"] == str(norm["level_reached"] or 0)
        for control_id in norm["controls"]:
            assert control_id in element.text
    # Failed and erroneous norms are open, the rest closed.
    assert {d.attrs["id"] for d in details if "open" in d.attrs} == {
        f"norm-{n['id']}" for n in example["norms"] if n["status"] in ("failed", "error")
    }


def test_each_check_per_level_with_its_verdict(example: dict[str, Any]) -> None:
    page = render(example)
    gb02 = control(example, "GB.02-datalekken")
    start = page.elements.index(page.by_id("control-GB.02-datalekken"))
    table = next(e for e in page.elements[start:] if e.tag == "table")
    rows = squash(table.text)

    assert [int(lv) for lv in re.findall(r"\b(\d) (?:behaald|niet behaald)\b", rows)] == sorted(
        {c["level"] for c in gb02["checks"]}
    )
    assert "2 behaald" in rows and "3 niet behaald" in rows and "4 niet behaald" in rows
    (failed,) = [c for c in gb02["checks"] if c["status"] == "failed"]
    finding = failed["findings"][0]
    assert squash(finding["message"]["nl"]) in rows
    assert "registers/datalekken.yaml, regel 3" in rows
    assert rows.count("geslaagd") == sum(1 for c in gb02["checks"] if c["status"] == "passed")
    assert rows.count("gefaald") == 1


def test_findings_link_to_their_file_in_the_manifest(example: dict[str, Any]) -> None:
    page = render(example)
    manifest = {
        squash(e.text).split(" ")[1]: e.attrs["id"]
        for e in page.find("tr")
        if (e.attrs.get("id") or "").startswith("file-")
    }
    links = [e for e in page.with_class("a", "sha")]

    assert set(manifest) == {e["path"] for e in example["evidence"]}
    assert links
    sha_of = {e["path"]: e["sha256"] for e in example["evidence"]}
    path_of = {anchor: path for path, anchor in manifest.items()}
    for link in links:
        path = path_of[(link.attrs["href"] or "")[1:]]
        assert squash(link.text) == f"SHA-256 {sha_of[path]}"


def test_growth_path_and_points_of_attention(example: dict[str, Any]) -> None:
    page = render(example, "en")
    gb02 = next(n for n in example["norms"] if n["id"] == "GB.02")
    element = page.by_id("norm-GB.02")

    assert "Level 3 needs:" in squash(element.text)
    assert squash(gb02["next_level"]["text"]["en"]) in squash(element.text)
    overview = squash(page.by_id("overview").text)
    below = [n for n in example["norms"] if n["status"] in ("failed", "error")]
    assert below
    for norm in below:
        assert f"{norm['id']} {norm['title']['en']}" in overview
    top = next(n for n in example["norms"] if n["level_reached"] == 5)
    assert "The highest level is reached." in squash(page.by_id(f"norm-{top['id']}").text)


def test_overview_counts_norms_by_outcome(example: dict[str, Any]) -> None:
    page = render(example, "en")
    tiles = {
        next(iter(page.classes(t) - {"tile"})): squash(t.text)
        for t in page.with_class("div", "tile")
    }
    norms = example["norms"]
    names = {"passed": "at or above target", "failed": "below target", "error": "with errors",
             "waived": "waived", "skipped": "not applicable"}  # fmt: skip

    assert {"passed", "failed", "error", "waived"} <= set(tiles)
    for outcome, text in tiles.items():
        count = sum(1 for n in norms if n["status"] == outcome)
        share = percent(count, len(norms))
        assert text == f"{names[outcome]} {count} {share} of {len(norms)} norms", outcome
    assert tiles["failed"].startswith("below target 2 ")  # the example board's two


def test_chart_shows_every_domain_against_the_target(example: dict[str, Any]) -> None:
    page = render(example, "en")
    (svg,) = [s for s in page.find("svg") if s.attrs.get("aria-labelledby") == "chart-t chart-d"]
    start = page.elements.index(svg)
    inside = page.elements[start : start + 1 + len(page.elements)]
    rects = [e for e in inside if e.tag == "rect" and "bar" in page.classes(e)]
    desc = squash(page.by_id("chart-d").text)
    target = example["run"]["target_level"]

    assert svg.attrs["role"] == "img"
    assert page.by_id("chart-t").text == "Level reached per domain"
    bars = rects[: len(example["domains"])]
    for domain, bar in zip(example["domains"], bars, strict=True):
        level = domain["level_reached"]
        assert f"{domain['id']} {domain['title']['en']}: level {level}, target {target}" in desc
        assert float(bar.attrs["width"] or 0) == 64.0 * (level or 0)
        hatched = bar.attrs["fill"] == "url(#hatch)"
        dotted = bar.attrs["fill"] == "url(#waived)"
        # Below target is hatched, unless waivers cover every norm below it: then dotted.
        assert dotted == (domain["status"] == "waived"), domain["id"]
        assert hatched == ((level or 0) < target and not dotted), domain["id"]
    assert any(d["status"] == "waived" for d in example["domains"])  # PR: not vacuous
    assert f"target {target}" in squash(svg.text)


def test_attestations_are_listed(example: dict[str, Any]) -> None:
    page = render(example, "en")
    section = squash(page.by_id("attestations").text)
    used = [(c, k) for c in example["controls"] for k in c["checks"] if k["check"] == "attestation"]

    assert used
    for c, check in used:
        assert c["id"] in section and squash(check["description"]["en"]) in section
        for e in check["evidence"]:
            assert f"{e['path']}, line {e['line']} · SHA-256 {e['sha256']}" in section


def test_attestations_show_who_signed_in_which_role_and_when(example: dict[str, Any]) -> None:
    """The results document lists every attestation; the report names the signer."""
    signed = {a["path"]: a for a in example["attestations"]}
    rapportage = signed["attestaties/ibp-rapportage-bestuur.yaml"]
    assert rapportage["signed_by"] and rapportage["role"] and rapportage["signed_on"]
    section = squash(render(example, "nl").by_id("attestations").text)
    day = date.fromisoformat(rapportage["signed_on"])
    assert f"{rapportage['signed_by']} ({rapportage['role']}), {day.day} " in section
    assert str(day.year) in section


def test_the_manifest_checks_out_with_sha256sum(example: dict[str, Any], tmp_path: Path) -> None:
    """The annex's list, saved as SHA256SUMS, verifies the dossier with the real tool."""
    if shutil.which("sha256sum") is None:
        pytest.skip("sha256sum (GNU coreutils) is not installed")
    (block,) = render(example).with_class("pre", "sums")
    dossier = tmp_path / "dossier"
    shutil.copytree(EXAMPLE_BOARD, dossier)
    (tmp_path / "SHA256SUMS").write_text(block.text + "\n", encoding="utf-8")

    ok = subprocess.run(
        ["sha256sum", "-c", "--strict", str(tmp_path / "SHA256SUMS")],
        cwd=dossier, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert ok.returncode == 0, ok.stdout + ok.stderr
    assert ok.stdout.count(": OK") == len(example["evidence"])

    changed = dossier / example["evidence"][1]["path"]
    changed.write_bytes(changed.read_bytes() + b"\n")
    bad = subprocess.run(
        ["sha256sum", "-c", str(tmp_path / "SHA256SUMS")],
        cwd=dossier, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert bad.returncode == 1 and f"{example['evidence'][1]['path']}: FAILED" in bad.stdout


def test_sha256sums_escapes_names_the_gnu_way() -> None:
    sums = html.view.sha256sums(
        [{"path": "a b.txt", "sha256": "0" * 64}, {"path": "x\\y\nz", "sha256": "1" * 64}]
    )

    assert sums.splitlines() == [f"{'0' * 64}  a b.txt", f"\\{'1' * 64}  x\\\\y\\nz"]


def test_filters_are_there_for_the_script_and_a_css_fallback_without_it(
    example: dict[str, Any],
) -> None:
    page = render(example)
    (form,) = page.find("form", id="filters")

    assert "hidden" in form.attrs  # shown by the script only
    assert form.attrs["data-count-shown"] == "{shown} van {total} normen zichtbaar"
    names = {e.attrs.get("name") for e in page.elements if e.tag in ("select", "input")}
    assert {"domain", "status", "level", "q"} <= names
    for field in ("f-domain", "f-status", "f-level", "f-q"):
        assert page.find("label", **{"for": field}), field
    domains = [o.attrs["value"] for o in page.elements if o.tag == "option"][1:]
    assert domains[: len(example["domains"])] == [d["id"] for d in example["domains"]]
    count = page.by_id("filter-count")
    assert count.attrs["aria-live"] == "polite" and squash(count.text) == "94 normen"
    # Without JavaScript: a CSS-only checkbox inside <noscript>.
    (box,) = page.find("input", id="only-open")
    assert box.attrs["type"] == "checkbox"
    assert "Alleen normen tonen die het doel niet halen" in page.find("noscript")[0].text
    assert "#only-open:checked" in page.find("style")[0].text


def test_a_control_without_checks_has_no_empty_table(example: dict[str, Any]) -> None:
    skipped = [c for c in example["controls"] if not c["checks"]]
    assert skipped, "the example board skips a control"
    page = render(example, "en")

    for c in skipped:
        section = page.by_id(f"control-{c['id']}")
        assert "No checks were run." in squash(section.text)
        assert c["reason"]["en"] in squash(section.text)


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


def test_a_control_whose_norm_is_not_listed_still_appears(example: dict[str, Any]) -> None:
    gb02 = next(n for n in example["norms"] if n["id"] == "GB.02")
    example["norms"].remove(gb02)

    page = render(example)

    element = page.by_id("norm-GB.02")
    assert "GB.02-datalekken" in element.text and element.attrs["data-status"] == "failed"


def test_results_per_school(example: dict[str, Any]) -> None:
    assert example["schools"], "the example board has school-scoped controls"
    page = render(example, "en")
    overview = squash(page.by_id("overview").text)

    for school in example["schools"]:
        status = {"passed": "passed", "failed": "failed", "error": "error"}[school["status"]]
        assert (
            f"{school['name']} ({school['brin']}) {status} {len(school['controls'])} "
            f"{school['findings']}" in overview
        )
    names = {s["brin"]: s["name"] for s in example["board"]["schools"]}
    scoped = [c for c in example["controls"] if c.get("schools")]
    assert scoped
    for c in scoped:
        section = squash(page.by_id(f"control-{c['id']}").text)
        for school in c["schools"]:
            assert f"{names[school['brin']]} ({school['brin']})" in section


def test_stale_evidence_and_the_gate_are_shown(example: dict[str, Any]) -> None:
    gb02 = control(example, "GB.02-datalekken")
    gb02["stale"] = True
    example["gate"] = {"fail_on": ["failed", "error:high"], "fired": ["failed"], "exit_code": 1}
    assert Draft202012Validator(results_schema()).is_valid(example)

    page = render(example, "en")

    assert "The evidence is older than this control allows." in squash(
        page.by_id("control-GB.02-datalekken").text
    )
    assert "CI gate fails on failed, error:high; hit: failed; exit code 1" in squash(
        page.by_id("integrity").text
    )


def test_the_manifest_shows_the_last_commit_when_known(example: dict[str, Any]) -> None:
    for number, entry in enumerate(example["evidence"]):
        entry["committed"] = f"2026-0{1 + number % 9}-02T10:00:00+00:00" if number % 2 else None
    assert Draft202012Validator(results_schema()).is_valid(example)

    known = squash(render(example, "en").by_id("integrity").text)
    for entry in example["evidence"]:
        entry["committed"] = None
    unknown = squash(render(example, "en").by_id("integrity").text)

    assert "Last commit" in known and "2 February 2026, 10:00 (UTC+00:00)" in known
    assert "Last commit" not in unknown


def test_pdf_without_chromium_is_a_named_error(
    example: dict[str, Any],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    missing = tmp_path / "no-chromium"
    monkeypatch.setenv("IBPAUDIT_CHROMIUM", str(missing))
    report = tmp_path / "report.html"
    report.write_bytes(html.render(example, ReportOptions()))

    monkeypatch.delenv("IBPAUDIT_LANG", raising=False)
    code = pdf.main([str(report)])

    assert code == 2
    assert f"ibpaudit: PDF: geen Chromium op {missing}; installeer het" in capsys.readouterr().err
    assert pdf.main([str(report), "--lang", "en"]) == 2
    assert f"ibpaudit: PDF: no Chromium at {missing}; install it" in capsys.readouterr().err
    assert not (tmp_path / "report.pdf").exists()
    assert pdf.main([str(tmp_path / "gone.html"), "--lang", "en"]) == 2
    assert "gone.html: cannot be read" in capsys.readouterr().err
    assert pdf.main([str(tmp_path / "gone.html")]) == 2
    assert "gone.html: kan niet worden gelezen" in capsys.readouterr().err


def test_a_long_list_of_findings_folds_after_the_first_ten(example: dict[str, Any]) -> None:
    gb02 = control(example, "GB.02-datalekken")
    check = next(k for k in gb02["checks"] if k["status"] == "failed")
    template = check["findings"][0]
    check["findings"] = [
        {**template, "message": {"nl": f"Lek {n}", "en": f"Breach {n}"}} for n in range(23)
    ]

    page = render(example, "en")

    (more,) = page.with_class("details", "more")
    assert squash(more.text).startswith("13 more findings Breach 10 ")
    start = page.elements.index(page.by_id("control-GB.02-datalekken"))
    items = [
        squash(e.text)
        for e in page.elements[start:]
        if e.tag == "li" and squash(e.text).startswith("Breach ")
    ]
    assert [i.split(" ")[1] for i in items] == [str(n) for n in range(23)]
    assert all("registers/datalekken.yaml, line 3 · SHA-256" in i for i in items)
