"""JUnit XML for CI: valid against the Surefire XSD that pytest checks its own output with,
one stable test case per control, statuses mapped one-to-one (failed, error, skipped and waived)."""

from __future__ import annotations

import copy
import xml.etree.ElementTree as ET
from typing import Any

import pytest
import xmlschema

from builtin.reporters.reporters_support import (
    ERROR_CONTROL,
    HOSTILE_BOARD,
    HOSTILE_PRODUCT,
    ILLEGAL_XML,
    PROJECT,
    SKIP_REASON,
    SKIPPED_CONTROL,
    control,
    controls_by_status,
)
from ibpaudit import inert
from ibpaudit.builtin.reporters import junit
from ibpaudit.model import Lang, Location, ReportOptions

XSD = PROJECT / "tests" / "schemas" / "junit-10.xsd"
WAIVED_CONTROL = "PR.07-bewaartermijnen"


@pytest.fixture(scope="module")
def xsd() -> xmlschema.XMLSchema:
    return xmlschema.XMLSchema(XSD)


def options(lang: Lang | None) -> ReportOptions:
    """``None``: the default options, whatever their language is."""
    return ReportOptions() if lang is None else ReportOptions(lang=lang)


def render(document: dict[str, Any], lang: Lang | None = None) -> bytes:
    return junit.render(document, options(lang))


def cases(xml: bytes) -> list[ET.Element]:
    return ET.fromstring(xml).findall("./testsuite/testcase")


def case_of(xml: bytes, control_id: str) -> ET.Element:
    (found,) = [c for c in cases(xml) if c.get("name", "").startswith(f"{control_id} ")]
    return found


def only_child(case: ET.Element, tag: str) -> ET.Element:
    """The one verdict element of a case; no other verdict beside it."""
    verdicts = [child for child in case if child.tag in ("failure", "error", "skipped")]
    assert [v.tag for v in verdicts] == [tag]
    return verdicts[0]


@pytest.mark.parametrize("lang", ["nl", "en"])
def test_output_validates_against_the_junit_xsd(
    document: dict[str, Any], lang: Lang, xsd: xmlschema.XMLSchema
) -> None:
    xml = render(document, lang)

    xsd.validate(xml.decode("utf-8"))
    assert xml.startswith(b"<?xml version='1.0' encoding='utf-8'?>\n<testsuites")


def test_one_case_per_control_named_by_id_and_title(document: dict[str, Any]) -> None:
    control_cases = [c for c in cases(render(document)) if c.get("classname") != "ibpaudit"]

    assert [c.get("name") for c in control_cases] == [
        f"{c['id']} {c['title']['nl']}" for c in document["controls"]
    ]


def test_classname_follows_the_domain(document: dict[str, Any]) -> None:
    domains = {d["id"]: d["title"]["nl"] for d in document["domains"]}
    control_cases = [c for c in cases(render(document)) if c.get("classname") != "ibpaudit"]

    assert [c.get("classname") for c in control_cases] == [
        f"{c['domain']}.{domains[c['domain']]}" for c in document["controls"]
    ]


def test_names_never_carry_a_message_and_stay_stable_between_runs(
    example: dict[str, Any], troubled: dict[str, Any]
) -> None:
    """The troubled run has other statuses, reasons and findings for the same controls:
    CI trend views must still see the same test cases."""
    example_names = [c.get("name") for c in cases(render(example))]
    troubled_names = [c.get("name") for c in cases(render(troubled))]

    assert troubled_names[: len(example_names)] == example_names
    messages = [
        text
        for doc in (example, troubled)
        for c in doc["controls"]
        for text in [
            *(c["reason"].values() if c["reason"] else ()),
            *(f["message"]["nl"] for k in c["checks"] for f in k["findings"]),
        ]
    ]
    assert messages
    assert not [m for m in messages for name in troubled_names if m in str(name)]


def test_names_are_unique(document: dict[str, Any]) -> None:
    names = [c.get("name") for c in cases(render(document))]

    assert len(names) == len(set(names)) == len(document["controls"]) + len(document["problems"])


def test_names_stay_unique_when_controls_and_problems_collide(example: dict[str, Any]) -> None:
    """Two copies of a control (same file), and a run problem whose source happens to be
    the name the first copy gets: every case still has its own name."""
    first = example["controls"][0]
    example["controls"].insert(1, copy.deepcopy(first))
    base = f"{first['id']} {first['title']['nl']} ({first['path']})"
    example["problems"] = [
        {"kind": "config", "source": base, "message": {"nl": "x", "en": "x"}},
        {"kind": "config", "source": f"{base} #2", "message": {"nl": "y", "en": "y"}},
    ]

    names = [c.get("name") for c in cases(render(example))]

    assert len(names) == len(example["controls"]) + 2
    assert len(set(names)) == len(names)
    assert names[0] == base


def test_failed_control_is_a_failure_naming_the_evidence_file_and_row(
    document: dict[str, Any],
) -> None:
    xml = render(document)
    failed = controls_by_status(document, "failed")
    assert failed

    for c in failed:
        failure = only_child(case_of(xml, c["id"]), "failure")
        locations = [
            Location(**f["location"]).describe("nl")
            for k in c["checks"]
            for f in k["findings"]
            if f["status"] == "failed" and "location" in f
        ]
        assert locations, c["id"]
        assert failure.text is not None
        for where in locations:
            assert where in failure.text
        assert failure.get("message", "").startswith(locations[0])
        assert "\n" not in failure.get("message", "")
        assert len(failure.get("message", "")) <= junit.MESSAGE_MAX


def test_failure_of_the_example_board_names_file_and_row(example: dict[str, Any]) -> None:
    failure = only_child(case_of(render(example), "PV.P02-verwerkersovereenkomsten"), "failure")

    assert failure.get("type") == "below-target"
    assert "registers/verwerkersovereenkomsten.csv, rij 5" in (failure.text or "")
    assert "Behaald niveau: 2, doelniveau: 3" in (failure.text or "")


def test_error_control_is_an_error(troubled: dict[str, Any]) -> None:
    assert control(troubled, ERROR_CONTROL)["status"] == "error"

    error = only_child(case_of(render(troubled), ERROR_CONTROL), "error")

    assert error.get("type") == "evidence-error"
    assert "registers/hersteltests.csv, registers/hersteltests.yaml" in error.get("message", "")


def test_skipped_control_is_skipped_with_its_reason(troubled: dict[str, Any]) -> None:
    skipped = only_child(case_of(render(troubled), SKIPPED_CONTROL), "skipped")

    assert SKIP_REASON in skipped.get("message", "")
    assert SKIP_REASON in (skipped.text or "")
    assert skipped.get("type") is None


def test_waived_control_is_skipped_with_reason_approver_and_expiry(
    example: dict[str, Any],
) -> None:
    waiver = control(example, WAIVED_CONTROL)["waiver"]
    assert control(example, WAIVED_CONTROL)["status"] == "waived"

    skipped = only_child(case_of(render(example), WAIVED_CONTROL), "skipped")

    message, text = skipped.get("message", ""), skipped.text or ""
    assert skipped.get("type") == "waived"
    # The message is shortened to one line; approver and expiry must survive that.
    assert waiver["approved_by"] in message
    assert waiver["expires"] in message
    assert message.startswith("ontheffing")
    for value in (waiver["reason"], waiver["approved_by"], waiver["expires"]):
        assert value in text
    assert waiver["requested_by"] in text
    # A waived control still shows what it found.
    assert "registers/bewaartermijnen.csv, rij 7, kolom 'bewaartermijn'" in text


def test_waivers_are_listed_on_the_suite(example: dict[str, Any]) -> None:
    out = ET.fromstring(render(example)).find("./testsuite/system-out")

    assert out is not None and out.text is not None
    assert out.text.startswith("Ontheffingen:\n- PR.07-bewaartermijnen: ontheffing")
    assert "aangevraagd door R. Jansen (security officer)" in out.text


def test_passed_control_has_no_verdict_element(example: dict[str, Any]) -> None:
    passed = controls_by_status(example, "passed")
    assert passed
    xml = render(example)

    for c in passed:
        case = case_of(xml, c["id"])
        assert [child.tag for child in case] == ["system-out"]


def test_run_problems_become_error_cases(troubled: dict[str, Any]) -> None:
    assert {p["kind"] for p in troubled["problems"]} == {"plugin", "catalog"}

    problem_cases = [c for c in cases(render(troubled)) if c.get("classname") == "ibpaudit"]

    assert [c.get("name") for c in problem_cases] == [p["source"] for p in troubled["problems"]]
    for case, problem in zip(problem_cases, troubled["problems"], strict=True):
        error = only_child(case, "error")
        assert error.get("type") == f"{problem['kind']}-problem"
        assert problem["message"]["nl"] in (error.text or "")
    texts = [only_child(c, "error").text or "" for c in problem_cases]
    assert any(t.startswith("Probleem (catalogus): controls/kapot.yaml") for t in texts)


def test_counts_agree_with_the_cases(document: dict[str, Any]) -> None:
    root = ET.fromstring(render(document))
    (suite,) = root.findall("testsuite")
    all_cases = suite.findall("testcase")

    def count(tag: str) -> int:
        return sum(1 for c in all_cases for child in c if child.tag == tag)

    summary = document["summary"]
    expected = {
        "tests": len(all_cases),
        "failures": count("failure"),
        "errors": count("error"),
    }
    assert expected == {
        "tests": summary["controls"] + len(document["problems"]),
        "failures": summary["failed"],
        "errors": summary["error"] + len(document["problems"]),
    }
    for element in (root, suite):
        assert {key: int(element.get(key, "-1")) for key in expected} == expected
    assert int(suite.get("skipped", "-1")) == count("skipped")
    assert count("skipped") == summary["skipped"] + summary["waived"]


def test_all_five_statuses_are_covered(example: dict[str, Any], troubled: dict[str, Any]) -> None:
    """The documents above really exercise every status and run problems."""
    statuses = {c["status"] for doc in (example, troubled) for c in doc["controls"]}

    assert statuses == {"passed", "failed", "error", "skipped", "waived"}
    assert troubled["problems"]


def test_illegal_xml_characters_are_dropped(troubled: dict[str, Any]) -> None:
    """The engine makes evidence inert, but the reporter renders any results document
    (a hand-made or older one too): raw control characters never reach the XML."""
    findings = [
        f
        for k in control(troubled, "PV.P02-verwerkersovereenkomsten")["checks"]
        for f in k["findings"]
    ]
    shown = inert.document(HOSTILE_PRODUCT)
    assert any(shown in f["message"]["nl"] for f in findings)  # the engine's inert form
    for finding in findings:
        finding["message"]["nl"] = finding["message"]["nl"].replace(shown, HOSTILE_PRODUCT)

    xml = render(troubled)

    for char in ILLEGAL_XML:
        assert char.encode() not in xml
        assert f"&#{ord(char)};".encode() not in xml
        assert f"&#x{ord(char):x};".encode() not in xml.lower()
    clean = HOSTILE_PRODUCT
    for char in ILLEGAL_XML:
        clean = clean.replace(char, "")
    failure = only_child(case_of(xml, "PV.P02-verwerkersovereenkomsten"), "failure")
    assert clean in (failure.text or "")


def test_the_engines_document_shows_control_characters_visibly(
    troubled: dict[str, Any],
) -> None:
    xml = render(troubled)
    failure = only_child(case_of(xml, "PV.P02-verwerkersovereenkomsten"), "failure")

    assert inert.document(HOSTILE_PRODUCT) in (failure.text or "")
    assert "\u241b" in (failure.text or "")  # ␛, where the evidence had an ESC


def test_illegal_characters_in_attributes_and_rare_planes(example: dict[str, Any]) -> None:
    """NUL, a lone surrogate and U+FFFE cannot be written in XML 1.0 at all; characters
    outside the BMP can."""
    example["board"]["name"] = "Stichting\x00 \ud800Noord\ufffe 𝔸"

    root = ET.fromstring(render(example))

    assert root[0].get("name") == "ibpaudit: Stichting Noord 𝔸"


def test_every_character_reads_back_as_written(example: dict[str, Any]) -> None:
    """Markup characters, quotes and the whitespace an XML reader would normalise in an
    attribute (tab, line feed, carriage return) come back from a real parser as they
    were written, in attribute values and in text alike."""
    awkward = "A&B <b>x</b> \"q\" 's'\ttab\r\nline ]]> &amp; é"
    example["board"]["name"] = awkward
    example["waivers"][0]["reason"] = awkward

    root = ET.fromstring(render(example))

    assert root[0].get("name") == f"ibpaudit: {awkward}"
    assert awkward.replace("\r\n", "\n") in (root[0].findtext("system-out") or "")


def test_markup_in_evidence_is_text_not_markup(troubled: dict[str, Any]) -> None:
    root = ET.fromstring(render(troubled))

    assert root[0].get("name") == f"ibpaudit: {HOSTILE_BOARD}"
    assert not root.findall(".//script")


def test_dutch_by_default(example: dict[str, Any]) -> None:
    case = case_of(render(example), "GB.02-datalekken")
    out = case.find("system-out")

    title = control(example, "GB.02-datalekken")["title"]["nl"]
    assert case.get("name") == f"GB.02-datalekken {title}"
    assert out is not None and out.text is not None
    assert "Behaald niveau: 2, doelniveau: 3" in out.text
    assert "Status: gefaald" in out.text
    assert "Level reached" not in out.text


def test_english_with_lang_en(example: dict[str, Any]) -> None:
    xml = render(example, "en")
    gb02 = control(example, "GB.02-datalekken")
    case = case_of(xml, "GB.02-datalekken")
    out = case.find("system-out")
    waived = only_child(case_of(xml, WAIVED_CONTROL), "skipped")

    assert case.get("name") == f"GB.02-datalekken {gb02['title']['en']}"
    domains = {d["id"]: d["title"]["en"] for d in example["domains"]}
    assert case.get("classname") == f"GB.{domains['GB']}"
    assert out is not None and out.text is not None
    assert "Level reached: 2, target level: 3" in out.text
    assert "Status: failed" in out.text
    assert "Behaald niveau" not in out.text
    failure = only_child(case, "failure")
    assert "registers/datalekken.yaml, line 3" in (failure.text or "")
    assert waived.get("message", "").startswith("waived (approved by M. de Vries (bestuurder)")


def test_properties_describe_the_run(example: dict[str, Any]) -> None:
    properties = {
        p.get("name"): p.get("value")
        for p in ET.fromstring(render(example)).findall("./testsuite/properties/property")
    }

    assert properties["board"] == "Stichting Voorbeeldscholen"
    assert properties["as_of"] == example["run"]["as_of"] == "2026-11-23"
    assert properties["target_level"] == "3"
    assert {f"plugin:{p['name']}" for p in example["plugins"]} <= set(properties)


def test_places_described_once_are_still_each_their_own(example: dict[str, Any]) -> None:
    """Evidence named by many checks is described once per render; places that are one
    dictionary key (line 1, 1.0, True) are still written apart."""
    control = next(c for c in example["controls"] if c["status"] == "passed")
    check = control["checks"][0]
    check["evidence"] = [{"path": "a.csv", "line": line} for line in (1, 1.0, True, 1)]

    out = case_of(render(example, "en"), control["id"]).findtext("system-out") or ""

    assert out.count("evidence: a.csv, line 1\n") == 2
    assert out.count("evidence: a.csv, line 1.0\n") == 1
    assert out.count("evidence: a.csv, line True\n") == 1
