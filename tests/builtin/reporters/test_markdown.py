"""The built-in Markdown summary for CI job pages: what a board sees on its GitHub job
page, rendered with GitHub's own Markdown library (cmark-gfm), never over GitHub's 1 MiB
step-summary limit, and showing hostile evidence text as text."""

from __future__ import annotations

import copy
import json
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options

from builtin.reporters.reporters_support import (
    EXAMPLE_BOARD,
    control,
    controls_by_status,
    results_schema,
    strip_optional,
)
from ibpaudit.builtin.reporters.markdown import summary as markdown
from ibpaudit.cli import main
from ibpaudit.model import Lang, ReportOptions

GITHUB_LIMIT = 1_048_576  # bytes; GitHub refuses a larger step summary
WAIVED = "PR.07-bewaartermijnen"
HOSTILE = (
    '<script>alert(1)</script><img src=x onerror="alert(2)"> **vet** [klik](javascript:x) '
    "`x` | ~~weg~~ $x$ #1 &lt;b&gt;"
)
# The only elements the summary itself makes; anything else came from the evidence.
OWN_TAGS = {"h2", "h3", "p", "table", "thead", "tbody", "tr", "th", "td", "code", "ul", "li"}


@dataclass
class Page:
    """What GitHub shows: the elements cmark-gfm makes of the summary and the visible text."""

    tags: list[str] = field(default_factory=list)
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags.append(tag)
        if tag == "tr":
            self.page.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None:
            self.page.rows[-1].append(squash("".join(self.cell)))
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.page.text += data
        if self.cell is not None:
            self.cell.append(data)


def squash(text: str) -> str:
    return " ".join(text.split())


def show(summary: str) -> Page:
    """The summary as GitHub renders it (raw HTML allowed, as in a step summary)."""
    parser = _Parser()
    parser.feed(
        cmarkgfm.github_flavored_markdown_to_html(summary, options=Options.CMARK_OPT_UNSAFE)
    )
    parser.close()
    parser.page.text = squash(parser.page.text)
    return parser.page


def render(document: dict[str, Any], lang: Lang | None = None) -> str:
    options = ReportOptions() if lang is None else ReportOptions(lang=lang)
    return markdown.render(document, options).decode("utf-8")


def set_exit_code(document: dict[str, Any], code: int) -> None:
    """As the engine writes it: in the summary and, when there is one, in the gate."""
    document["summary"]["exit_code"] = code
    if "gate" in document:
        document["gate"]["exit_code"] = code


def first_finding(c: dict[str, Any]) -> dict[str, Any]:
    return next(f for k in c["checks"] for f in k["findings"] if f["status"] != "passed")


def test_board_as_of_verdict_and_counts(example: dict[str, Any]) -> None:
    page = show(render(example))
    s = example["summary"]

    assert page.tags[0] == "h2"
    assert page.text.startswith("IBP-audit: Stichting Voorbeeldscholen ❌ Niet alle maatregelen")
    assert "Peildatum 2026-11-23 · doelniveau 3 · 90/94 normen op doelniveau" in page.text
    header, counts = page.rows[0], page.rows[1]
    assert header == ["✅ geslaagd", "❌ gefaald", "⚠️ fout", "⏭️ overgeslagen", "🟡 ontheffing"]
    assert counts == [str(s[k]) for k in ("passed", "failed", "error", "skipped", "waived")]
    assert counts == ["90", "2", "0", "1", "1"]


def test_failed_controls_with_their_first_finding_and_its_file_and_line(
    example: dict[str, Any],
) -> None:
    failed = controls_by_status(example, "failed")
    page = show(render(example))

    open_rows = [r for r in page.rows if r and r[0] == "❌"]
    assert len(open_rows) == len(failed) == 2
    gb02, pv02 = open_rows
    finding = first_finding(control(example, "GB.02-datalekken"))
    assert gb02 == [
        "❌",
        "GB.02-datalekken Datalekken geregistreerd en binnen 72 uur gemeld bij de Autoriteit "
        "Persoonsgegevens",
        "2/3",
        squash(finding["message"]["nl"]),
        f"registers/datalekken.yaml:{finding['location']['line']}",
    ]
    assert gb02[4] == "registers/datalekken.yaml:3"
    assert pv02[3].endswith("(+1 meer)")  # PV.P02 has two findings; only the first is shown
    assert pv02[4] == "registers/verwerkersovereenkomsten.csv:5"


def test_waived_controls_with_reason_approver_and_expiry(example: dict[str, Any]) -> None:
    waiver = control(example, WAIVED)["waiver"]
    page = show(render(example))

    (row,) = [r for r in page.rows if r and r[0] == WAIVED]
    finding = control(example, WAIVED)["checks"]
    first = next(f for c in finding for f in c["findings"] if f["status"] != "passed")
    assert row[:4] == [WAIVED, squash(waiver["reason"]), "M. de Vries (bestuurder)",
                       "2027-01-31 (nog 69 dag(en))"]  # fmt: skip
    # A waived control still runs: what it found is shown, with where.
    assert row[4] == f"{squash(first['message']['nl'])} (registers/bewaartermijnen.csv:7)"
    for c in example["controls"]:
        if c["status"] in ("passed", "skipped"):
            assert c["id"] not in page.text


@pytest.mark.parametrize(
    ("days", "state", "warning"),
    [
        (30, "active", "ontheffing voor PR.07-bewaartermijnen verloopt over 30 dag(en), op "
                       "2027-01-31"),
        (1, "active", "ontheffing voor PR.07-bewaartermijnen verloopt over 1 dag(en), op "
                      "2027-01-31"),
        (0, "active", "ontheffing voor PR.07-bewaartermijnen verloopt vandaag (2027-01-31)"),
        (31, "active", None),
        (-3, "expired", "ontheffing voor PR.07-bewaartermijnen is verlopen op 2027-01-31 en "
                        "dekt niets meer"),
    ],
)  # fmt: skip
def test_a_warning_for_waivers_that_expire_within_30_days(
    example: dict[str, Any], days: int, state: str, warning: str | None
) -> None:
    example["waivers"][0].update(days_left=days, state=state)

    page = show(render(example))

    if warning is None:
        assert "Let op" not in page.text and "verloopt" not in page.text
    else:
        assert f"Let op {'⏳' if state == 'active' else '⛔'} {warning}" in page.text


def test_days_left_is_computed_when_the_document_lacks_it(example: dict[str, Any]) -> None:
    del example["waivers"][0]["days_left"]
    example["waivers"][0]["expires"] = "2026-12-01"  # 8 days after the as-of date

    assert "verloopt over 8 dag(en), op 2026-12-01" in show(render(example)).text


def test_english(example: dict[str, Any]) -> None:
    example["waivers"][0]["days_left"] = 5
    page = show(render(example, "en"))

    assert page.text.startswith("IBP audit: Stichting Voorbeeldscholen ❌ Not all controls pass.")
    assert "As of 2026-11-23 · target level 3 · 90/94 norms at target" in page.text
    assert "waiver for PR.07-bewaartermijnen expires in 5 day(s), on 2027-01-31" in page.text
    assert ["", "Control", "Level", "First finding", "Where"] in page.rows
    gb02 = first_finding(control(example, "GB.02-datalekken"))
    assert squash(gb02["message"]["en"]) in page.text
    for dutch in ("Peildatum", "gefaald", "Maatregel", "Goedgekeurd", "Let op"):
        assert dutch not in page.text


def test_hostile_evidence_text_is_shown_as_text_never_as_markup(
    example: dict[str, Any],
) -> None:
    """GitHub renders HTML in step summaries: <script>, <img>, links and emphasis from the
    evidence must reach the page as the characters the evidence holds."""
    example["board"]["name"] = f"Stichting {HOSTILE}"
    gb02 = control(example, "GB.02-datalekken")
    gb02["id"] = f"GB.02`{HOSTILE}"
    gb02["title"]["nl"] = f"Titel {HOSTILE}"
    finding = first_finding(gb02)
    finding["message"]["nl"] = f"Bevinding {HOSTILE}\nop een\tnieuwe regel\x1b[31m"
    finding["location"]["path"] = f"registers/`{HOSTILE}``.yaml"
    waiver = control(example, WAIVED)["waiver"]
    waiver["reason"] = f"Reden {HOSTILE}"
    waiver["approved_by"] = f"Goedkeurder {HOSTILE}"
    example["problems"] = [
        {"kind": "plugin", "source": f"plugins/{HOSTILE}.py", "message": {"nl": HOSTILE, "en": ""}}
    ]

    summary = render(example)
    page = show(summary)

    assert set(page.tags) <= OWN_TAGS
    assert page.tags.count("h2") == 1
    assert page.text.startswith(f"IBP-audit: Stichting {squash(HOSTILE)} ")
    (gb02_row,) = [r for r in page.rows if r and r[1].startswith("GB.02`")]
    assert gb02_row == [
        "❌",
        f"GB.02`{HOSTILE} Titel {HOSTILE}",
        "2/3",
        f"Bevinding {HOSTILE} op een nieuwe regel [31m",
        f"registers/`{HOSTILE}``.yaml:3",
    ]
    (waiver_row,) = [r for r in page.rows if r and r[0] == WAIVED]
    assert waiver_row[1:3] == [f"Reden {HOSTILE}", f"Goedkeurder {HOSTILE}"]
    assert f"plugins/{HOSTILE}.py: {HOSTILE}" in page.text
    assert "\x1b" not in summary


def test_every_table_row_keeps_its_columns(example: dict[str, Any]) -> None:
    for c in example["controls"][:5]:
        c["status"] = "failed"
        c["title"]["nl"] = "a | b || c \\| d"
    page = show(render(example))

    tables = [r for r in page.rows if r]
    assert {len(r) for r in tables if r[0] in ("❌", "")} == {5}
    assert [r[1].endswith("a | b || c \\| d") for r in tables if r[0] == "❌"].count(True) == 5


def test_errors_and_problems_are_listed(example: dict[str, Any]) -> None:
    target = control(example, "GO.01-strategie")
    target["status"] = "error"
    target["level_reached"] = None
    for check in target["checks"]:
        check["findings"] = []
    target["checks"][0]["findings"] = [
        {"status": "error", "message": {"nl": "bestand onleesbaar", "en": "file unreadable"}}
    ]
    example["problems"] = [
        {"kind": "plugin", "source": "kapot", "message": {"nl": "plugin kapot", "en": "broken"}}
    ]
    set_exit_code(example, 2)

    page = show(render(example))

    assert "⚠️ Fouten in het bewijs of de configuratie: de uitslag is onvolledig." in page.text
    assert "Problemen kapot: plugin kapot" in page.text
    (row,) = [r for r in page.rows if r and r[1].startswith("GO.01-strategie ")]
    assert row[0] == "⚠️" and row[2] == "–/3" and row[3:] == ["bestand onleesbaar", ""]


def test_all_pass(example: dict[str, Any]) -> None:
    for c in example["controls"]:
        c["status"] = "passed"
    example["summary"].update(passed=len(example["controls"]), failed=0, skipped=0, waived=0)
    set_exit_code(example, 0)

    page = show(render(example))

    assert "✅ Alle maatregelen voldoen." in page.text
    assert page.text.endswith(
        "Maatregelen die niet voldoen Alle maatregelen voldoen of zijn ontheven."
    )


def test_a_document_with_only_the_required_keys(example: dict[str, Any]) -> None:
    schema = results_schema()
    strip_optional(example, schema, schema)
    assert "waivers" not in example

    page = show(render(example))

    assert set(page.tags) <= OWN_TAGS
    assert next(r for r in page.rows if r and r[0] == "❌")[4] == ""  # no location: no place
    (row,) = [r for r in page.rows if r and r[0] == WAIVED]
    assert row[:4] == [WAIVED, "–", "–", "–"]
    assert "(" not in row[4].rsplit(")", 1)[-1]  # a finding without a location has no place
    assert "None" not in page.text


def test_20000_failures_stay_under_githubs_limit(example: dict[str, Any]) -> None:
    """A synthetic document with 20,000 failed controls, each with a long finding full of
    characters that escaping makes longer: rows stop in time, and the last line says how
    many more there are."""
    template = control(example, "GB.02-datalekken")
    controls = []
    for number in range(20_000):
        c = copy.deepcopy(template)
        c["id"] = f"GB.02-datalekken-{number:05d}"
        first_finding(c)["message"]["nl"] = "<&>|*_" * 200
        controls.append(c)
    example["controls"] = [*controls, control(example, WAIVED)]
    example["summary"].update(controls=20_001, failed=20_000, passed=0)

    body = markdown.render(example, ReportOptions())
    summary = body.decode("utf-8")
    lines = summary.splitlines()

    assert len(body) < GITHUB_LIMIT
    assert len(body) > GITHUB_LIMIT - 64 * 1024  # the room is used, not wasted
    shown = sum(1 for line in lines if line.startswith("| ❌ | `GB.02-datalekken-"))
    assert 0 < shown < 20_000
    assert f"… nog {20_000 - shown}, zie het rapport-artifact" in lines
    assert lines[-1] == "… nog 1, zie het rapport-artifact"  # the waiver table had no room
    assert show(summary).rows[-1] == [
        "Maatregel",
        "Reden",
        "Goedgekeurd door",
        "Verloopt op",
        "Eerste bevinding",
    ]


def test_one_huge_text_is_cut(example: dict[str, Any]) -> None:
    first_finding(control(example, "GB.02-datalekken"))["message"]["nl"] = "x" * 100_000

    (row,) = [r for r in show(render(example)).rows if r and r[0] == "❌" and "GB.02" in r[1]]
    assert row[3] == "x" * (markdown.CELL_MAX - 1) + "…"


def test_builtin_plugin_writes_summary_md_and_can_be_disabled(tmp_path: Path) -> None:
    out = tmp_path / "out"

    code = main(["run", str(EXAMPLE_BOARD), "-o", str(out), "-q", "--format", "json,markdown"])

    assert code == 1
    document = json.loads((out / "results.json").read_text(encoding="utf-8"))
    plugin = {"name": "markdown_summary", "version": document["tool"]["version"],
              "origin": "builtin"}  # fmt: skip
    assert plugin in document["plugins"]
    assert (out / "summary.md").read_bytes() == markdown.render(document, ReportOptions())

    disabled = main(["run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "x"), "-q",
                     "--format", "markdown", "--disable-plugin", "markdown_summary"])  # fmt: skip
    assert disabled == 4  # a usage error: with the plugin disabled, markdown is no format
    assert not (tmp_path / "x" / "summary.md").exists()


def test_no_line_breaks_inside_a_row(example: dict[str, Any]) -> None:
    first_finding(control(example, "GB.02-datalekken"))["message"]["nl"] = "a\r\nb\u2028c\x85d"

    lines = render(example).splitlines()

    (row,) = [line for line in lines if line.startswith("| ❌ | `GB.02-datalekken`")]
    assert re.search(r"\| a b c d \|", row)


def test_the_gate_decides_the_verdict(example: dict[str, Any]) -> None:
    """With --fail-on or --baseline the gate's exit code is what CI acts on."""
    example["gate"] = {"fail_on": ["failed:critical"], "fired": [], "exit_code": 0}
    page = show(render(example))
    assert "✅ Geen uitkomst waarop de run faalt (--fail-on); 2 maatregel(en) voldoen nog" in (
        page.text
    )

    example["gate"] = {"fail_on": ["error"], "fired": ["error"], "exit_code": 2}
    assert "⚠️ Fouten in het bewijs" in show(render(example)).text


def test_regressions_since_the_baseline_are_listed_first(example: dict[str, Any]) -> None:
    change = {
        "kind": "newly_failed", "scope": "control", "id": "GO.02-beleid", "norm": "GO.02",
        "severity": "high", "before": {"status": "passed", "level": 5},
        "after": {"status": "failed", "level": 2},
        "message": {"nl": "was geslaagd, nu gefaald", "en": "was passed, now failed"},
        "location": {"path": "beleid/ibp-beleid.md", "line": 1},
        "finding": {"nl": f"datum {HOSTILE}", "en": "date"},
    }  # fmt: skip
    example["baseline"] = {
        "path": "reports/baseline.json", "sha256": "0" * 64, "as_of": "2026-10-01",
        "target_level": 3, "regressions": [change], "improvements": [], "changes": [change],
    }  # fmt: skip

    page = show(render(example))

    assert set(page.tags) <= OWN_TAGS
    assert (
        "Vergeleken met reports/baseline.json (peildatum 2026-10-01): 1 achteruitgang(en), "
        "0 verbetering(en). 📉 Achteruitgang sinds de baseline"
    ) in page.text
    regression = ["GO.02-beleid", "was geslaagd, nu gefaald", f"datum {HOSTILE}",
                  "beleid/ibp-beleid.md:1"]  # fmt: skip
    assert regression in page.rows
    assert page.text.index("GO.02-beleid") < page.text.index("Maatregelen die niet voldoen")


def test_a_real_baseline_run(tmp_path: Path, board: Path) -> None:
    assert main(["run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "old"), "-q", "-f", "json"]) == 1
    policy = board / "beleid" / "ibp-beleid.md"
    text = policy.read_text(encoding="utf-8")
    assert "vastgesteld_op: 2026-03-10\n" in text
    policy.write_text(
        text.replace("vastgesteld_op: 2026-03-10", "vastgesteld_op: 2027-03-10"), encoding="utf-8"
    )

    code = main(["run", str(board), "-o", str(tmp_path / "new"), "-q", "-f", "markdown",
                 "--baseline", str(tmp_path / "old" / "results.json")])  # fmt: skip

    assert code == 1
    page = show((tmp_path / "new" / "summary.md").read_text(encoding="utf-8"))
    regressions = [r for r in page.rows if r and r[-1] == "beleid/ibp-beleid.md:1"]
    assert "GO.02-beleid" in [r[0] for r in regressions]


@pytest.mark.parametrize(
    "bare",
    [
        "https://phish.example/inloggen",
        "HTTP://phish.example",
        "www.phish.example/pad",
        "mailto:iemand@phish.example",
        "iemand@phish.example",
        "xmpp:iemand@phish.example/x",
    ],
)
def test_bare_urls_from_evidence_are_not_made_links(example: dict[str, Any], bare: str) -> None:
    """GitHub links bare URLs, www. and e-mail addresses by itself (GFM autolinks); text
    from evidence must stay text that reads the same."""
    finding = first_finding(control(example, "GB.02-datalekken"))
    finding["message"]["nl"] = f"Zie {bare} voor details"
    html = cmarkgfm.github_flavored_markdown_to_html(
        render(example), options=Options.CMARK_OPT_UNSAFE
    )
    page = show(render(example))

    assert "<a " not in html
    assert f"Zie {bare} voor details" in page.text.replace("\u2060", "")
