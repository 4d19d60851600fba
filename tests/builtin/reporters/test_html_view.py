"""What the HTML report leads with (view.py, labels.py): the norms below target for the
verdict, most severe first; a failed check above the target level as a next step; a domain
whose shortfall is waived drawn as waived; and a legend for every status and provenance
word. On real results documents: the example board's, and copies of it run through the
engine with another target level or more waivers. (In a browser: test_html_browser.py.)"""

from __future__ import annotations

import copy
import itertools
import json
import re
import shutil
from pathlib import Path
from typing import Any

import pytest

from builtin.reporters.reporters_support import (
    EXAMPLE_BOARD,
    HOSTILE,
    Element,
    Page,
    parse_html,
    squash,
)
from ibpaudit.builtin.reporters import html
from ibpaudit.builtin.reporters.html import view
from ibpaudit.builtin.reporters.html.labels import TERMS, term_anchor, term_word
from ibpaudit.cli import main
from ibpaudit.model import Lang, ReportOptions

RANK = {"low": 1, "medium": 2, "high": 3, "critical": 4}
WAIVER = """
  - control: {control}
    reden: Nieuw proces wordt ingericht (test).
    aangevraagd_door: R. Jansen (security officer)
    goedgekeurd_door: M. de Vries (bestuurder)
    goedgekeurd_op: 2026-10-01
    verloopt_op: 2027-01-31
"""


def run(board: Path, output: Path, *extra: str) -> tuple[int, dict[str, Any]]:
    code = main(["run", str(board), "-o", str(output), "-q", "-f", "json", *extra])
    document: dict[str, Any] = json.loads((output / "results.json").read_text(encoding="utf-8"))
    return code, document


@pytest.fixture(scope="module")
def strict(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example board against target level 5: most norms fall short."""
    code, document = run(EXAMPLE_BOARD, tmp_path_factory.mktemp("strict"), "--target-level", "5")
    assert code == 1
    return document


@pytest.fixture(scope="module")
def lenient(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """The example board against target level 2: every judged norm reaches it."""
    code, document = run(EXAMPLE_BOARD, tmp_path_factory.mktemp("lenient"), "--target-level", "2")
    assert code == 0
    return document


@pytest.fixture(scope="module")
def all_waived(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A copy of the example board that also waives the two controls below target."""
    board = tmp_path_factory.mktemp("waived") / "board"
    shutil.copytree(EXAMPLE_BOARD, board)
    waivers = board / "waivers.yaml"
    extra = "".join(
        WAIVER.format(control=c) for c in ("GB.02-datalekken", "PV.P02-verwerkersovereenkomsten")
    )
    waivers.write_text(waivers.read_text(encoding="utf-8") + extra, encoding="utf-8")
    code, document = run(board, board.parent / "out")
    assert code == 0
    return document


def render(document: dict[str, Any], lang: Lang) -> Page:
    return parse_html(html.render(document, ReportOptions(lang=lang)))


def severity(document: dict[str, Any], norm_id: str) -> int:
    """The highest severity of the norm's controls that fail or err, from the document."""
    return max(
        RANK[c["severity"]]
        for c in document["controls"]
        if c["norm"] == norm_id and c["status"] in ("failed", "error")
    )


def assert_most_severe_first(document: dict[str, Any], report: view.Report) -> None:
    expected = [n["id"] for n in document["norms"] if n["status"] in ("failed", "error")]
    assert sorted(n.norm["id"] for n in report.below) == sorted(expected)
    keys = [(-severity(document, n.norm["id"]), n.norm["level_reached"]) for n in report.below]
    assert keys == sorted(keys)


def control_part(page: Page, control_id: str) -> list[Element]:
    """The elements of one control's section, up to the next section or norm."""
    start = page.elements.index(page.by_id(f"control-{control_id}"))
    end = next(
        (
            i
            for i in range(start + 1, len(page.elements))
            if page.elements[i].tag in ("section", "details")
        ),
        len(page.elements),
    )
    return page.elements[start:end]


def test_the_verdict_names_the_norms_below_target_most_severe_first(
    example: dict[str, Any],
) -> None:
    report = view.build(example)

    assert_most_severe_first(example, report)
    assert report.banner == report.below and report.banner_more == 0
    cases: tuple[tuple[Lang, str], ...] = (
        ("nl", "2 van de 94 normen"),
        ("en", "2 of the 94 norms"),
    )
    for lang, words in cases:
        page = render(example, lang)
        verdict = page.by_id("verdict")
        assert words in squash(verdict.text)
        start = page.elements.index(verdict)
        links = [
            e.attrs["href"] or ""
            for e in page.elements[start:]
            if e.tag == "a" and (e.attrs.get("href") or "").startswith("#norm-")
        ][: len(report.below)]
        assert links == [f"#{n.anchor}" for n in report.below]
        for link in links:
            target = page.by_id(link[1:])
            assert target.tag == "details" and "norm" in page.classes(target)


def test_more_than_ten_norms_below_target_are_counted_and_linked(
    strict: dict[str, Any],
) -> None:
    report = view.build(strict)
    below = [n for n in strict["norms"] if n["status"] in ("failed", "error")]

    assert len(below) > view.BANNER_NORMS
    assert_most_severe_first(strict, report)
    assert report.banner == report.below[: view.BANNER_NORMS]
    assert report.banner_more == len(below) - view.BANNER_NORMS
    page = render(strict, "nl")
    (more,) = page.with_class("li", "more")
    (link,) = [e for e in page.find("a") if e.attrs.get("href") == "#attention"]
    assert squash(link.text) == f"en {report.banner_more} andere"
    assert more.text.strip() == link.text.strip()
    assert page.by_id("attention").tag == "h3"
    listed = squash(page.by_id("verdict").text)
    assert all(n.norm["id"] in listed for n in report.banner)
    assert not any(f"{n.norm['id']} " in listed for n in report.below[view.BANNER_NORMS :])


def test_when_every_norm_meets_the_target_the_verdict_says_so(
    lenient: dict[str, Any], all_waived: dict[str, Any]
) -> None:
    assert view.build(lenient).below == ()
    assert squash(render(lenient, "en").by_id("verdict").text) == (
        "Every norm meets the target level."
    )
    assert squash(render(lenient, "nl").by_id("verdict").text) == (
        "Alle normen halen het doelniveau."
    )
    # Waivers cover what falls short: met, but the verdict says how many are waived.
    waived = sum(1 for n in all_waived["norms"] if n["status"] == "waived")
    assert waived == 3
    assert view.build(all_waived).below == ()
    assert f"({waived} waived)" in squash(render(all_waived, "en").by_id("verdict").text)


def test_a_failed_check_above_the_target_level_is_a_next_step(
    example: dict[str, Any], strict: dict[str, Any]
) -> None:
    shown: dict[str, dict[tuple[Any, ...], str]] = {}
    for document in (example, strict):
        report = view.build(document)
        controls = {c["id"]: c for c in document["controls"]}
        seen = shown.setdefault(str(document["run"]["target_level"]), {})
        for norm in report.norms:
            for cv in norm.controls:
                target = controls[cv.control["id"]]["target_level"]
                for lv in cv.levels:
                    assert lv.above_target == (lv.level > target)
                    for k in lv.checks:
                        ahead = k.check["status"] == "failed" and k.check["level"] > target
                        assert (k.shown == view.NEXT_LEVEL) == ahead
                        assert k.shown == (view.NEXT_LEVEL if ahead else k.check["status"])
                        for f in k.findings:
                            assert (f.shown == view.NEXT_LEVEL) == (ahead and f.status == "failed")
                        key = (cv.control["id"], lv.level, k.check["index"], k.check.get("school"))
                        seen[key] = k.shown
    # The same check: a next step against target 3, a failure against target 5.
    moved = [key for key, value in shown["3"].items() if value == view.NEXT_LEVEL]
    assert moved
    assert all(shown["5"][key] == "failed" for key in moved)
    assert "failed" in shown["3"].values()  # GB.02's register check is a real failure


def test_a_next_level_check_is_shown_with_the_neutral_badge(example: dict[str, Any]) -> None:
    (go01,) = [c for c in example["controls"] if c["id"] == "GO.01-strategie"]
    assert go01["status"] == "passed"
    (ahead,) = [c for c in go01["checks"] if c["status"] == "failed"]
    assert ahead["level"] > go01["target_level"]
    page = render(example, "en")
    part = control_part(page, "GO.01-strategie")

    badges = [e for e in part if "badge" in page.classes(e)]
    assert len(badges) == 1 + len(go01["checks"])  # the control's own, one per check
    (nxt,) = [b for b in badges if squash(b.text) == "next level"]
    assert page.classes(nxt) == {"badge", "next_level"}
    assert nxt.attrs["href"] == f"#{term_anchor('status', 'next_level')}"
    assert not any("failed" in page.classes(b) for b in badges)
    states = [e for e in part if e.tag == "span" and "state" in page.classes(e)]
    above = [s for s in states if "above-target" in page.classes(s)]
    levels = sorted({c["level"] for c in go01["checks"] if c["level"] > go01["target_level"]})
    reached = ["reached" if lv <= go01["level_reached"] else "not reached" for lv in levels]
    assert [squash(s.text) for s in above] == reached
    assert "not reached" in reached  # the level of the next-level check: styled neutral
    assert {"missed", "above-target"} <= page.classes(above[reached.index("not reached")])


def test_a_domain_whose_shortfall_is_waived_is_drawn_as_waived(
    example: dict[str, Any], all_waived: dict[str, Any]
) -> None:
    states = {d.id: d.state for d in view.build(example).domains}
    assert states["PR"] == "waived"  # PR.07, its only norm, is waived
    assert states["GB"] == "below" and states["GO"] == "at"
    waived = {d.id: d.state for d in view.build(all_waived).domains}
    assert waived["GB"] == waived["PV"] == waived["PR"] == "waived"
    assert "below" not in waived.values()

    page = render(all_waived, "nl")
    bars = {
        e.attrs["class"] for e in page.find("rect") if "bar" in page.classes(e)
    }  # the chart's bars: one class per state
    assert "bar waived" in bars and "bar below" not in bars
    labels = [squash(e.text) for e in page.find("text") if "state" in page.classes(e)]
    assert labels.count("ontheffing") == 3  # said in words, not colour alone
    cells = [e for e in page.find("td") if "domain-state" in page.classes(e)]
    waived_cells = [c for c in cells if "waived" in page.classes(c)]
    assert len(waived_cells) == 3
    assert all(squash(c.text) == "ontheffing" for c in waived_cells)


def test_the_legend_explains_every_word_from_one_table(example: dict[str, Any]) -> None:
    report = view.build(example)
    listed = {(e.kind, e.value) for _, entries in report.legend for e in entries}

    assert listed == {(kind, value) for kind, words in TERMS.items() for value in words}
    langs: tuple[Lang, ...] = ("nl", "en")
    for lang in langs:
        page = render(example, lang)
        legend = page.by_id("legend")
        assert legend.tag == "section"
        assert any(e.attrs.get("href") == "#legend" for e in page.find("a"))
        ids = {e.attrs.get("id") for e in page.elements}
        for kind, value in listed:
            entry = page.by_id(term_anchor(kind, value))
            assert term_word(kind, value, lang) in squash(entry.text)
        # Every status word links to its entry, and every entry it links to exists.
        links = [
            e for e in page.find("a") if "badge" in page.classes(e) or "term" in page.classes(e)
        ]
        assert len(links) > 100
        assert all((link.attrs["href"] or "#")[1:] in ids for link in links)


def test_the_provenance_line_links_its_words_to_the_legend(example: dict[str, Any]) -> None:
    unseen = {n["id"] for n in example["norms"] if "official title not seen" in n["title"]["en"]}
    assert unseen  # BC.02, BC.05, IM.02, IM.03 in today's catalog
    assert {n.norm["id"] for n in view.build(example).norms if n.title_unseen} == unseen
    page = render(example, "nl")
    for norm in example["norms"]:
        start = page.elements.index(page.by_id(f"norm-{norm['id']}"))
        elements = page.elements[start:]  # (Elements compare by value: find by position)
        at = next(i for i, e in enumerate(elements) if "provenance" in page.classes(e))
        line = itertools.takewhile(lambda e: e.tag in ("span", "a"), elements[at + 1 :])
        hrefs = [e.attrs["href"] for e in line if "term" in page.classes(e)]
        expected = [f"#{term_anchor('norm_source', norm['source'])}"]
        if norm["id"] in unseen:
            expected.append(f"#{term_anchor('provenance', 'title_not_seen')}")
        assert hrefs == expected, norm["id"]


def test_an_unknown_status_gets_an_inert_legend_entry(example: dict[str, Any]) -> None:
    document = copy.deepcopy(example)
    document["norms"][0]["source"] = "seen-in-a-dream"
    document["norms"][1]["source"] = HOSTILE
    document["norms"][2]["source"] = "verified"  # a former value: read as what it means now
    report = view.build(document)
    (sources,) = [entries for kind, entries in report.legend if kind == "norm_source"]

    assert [e.value for e in sources if not e.known] == ["seen-in-a-dream", HOSTILE]
    assert [e.value for e in sources if e.known] == list(TERMS["norm_source"])
    assert term_anchor("norm_source", "verified") == term_anchor("norm_source", "id-seen")
    anchors = [e.anchor for _, entries in report.legend for e in entries]
    assert len(set(anchors)) == len(anchors)
    assert all(re.fullmatch(r"legend-[a-z_]+-[A-Za-z][A-Za-z0-9_-]*", a) for a in anchors)

    raw = html.render(document, ReportOptions(lang="en")).decode("utf-8")
    assert HOSTILE not in raw
    page = parse_html(raw.encode("utf-8"))
    for norm, value in ((document["norms"][0], "seen-in-a-dream"), (document["norms"][1], HOSTILE)):
        entry = page.by_id(term_anchor("norm_source", value))
        assert value in entry.text and "unknown" in page.classes(entry)
        details = page.by_id(f"norm-{norm['id']}")
        start = page.elements.index(details)
        link = next(e for e in page.elements[start:] if "term" in page.classes(e))
        assert link.attrs["href"] == f"#{entry.attrs['id']}"
        assert link.text == value


def test_a_norm_that_could_not_be_judged_is_named_too(troubled: dict[str, Any]) -> None:
    errors = [n["id"] for n in troubled["norms"] if n["status"] == "error"]
    assert errors
    report = view.build(troubled)

    assert_most_severe_first(troubled, report)
    assert set(errors) <= {n.norm["id"] for n in report.below}
    verdict = squash(render(troubled, "en").by_id("verdict").text)
    assert (
        f"{len(report.below)} of the 94 norms do not meet the target level or could not be judged"
        in verdict
    )
    assert "the outcome is incomplete" in verdict


def test_every_word_of_the_table_is_in_both_languages() -> None:
    anchors = set()
    for kind, words in TERMS.items():
        for value, term in words.items():
            assert all(w.strip() for w in (*term.word, *term.meaning)), (kind, value)
            assert term_word(kind, value, "nl") == term.word[0]
            assert term_word(kind, value, "en") == term.word[1]
            anchors.add(term_anchor(kind, value))
    assert len(anchors) == sum(len(words) for words in TERMS.values())
    assert term_word("status", "no such value", "en") == "no such value"
