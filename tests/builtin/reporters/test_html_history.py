"""The trend section: earlier results documents from ``--history DIR`` (real runs of the
example board at earlier as-of dates), read tolerantly and shown per domain and per norm."""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from builtin.reporters.reporters_support import EXAMPLE_BOARD, parse_html, squash
from ibpaudit.builtin.reporters import html
from ibpaudit.builtin.reporters.html.history import SCHEMA_VERSIONS, load_history
from ibpaudit.cli import build_parser, main
from ibpaudit.engine import plugins
from ibpaudit.errors import UsageError
from ibpaudit.model import ReportOptions
from ibpaudit.results.document import SCHEMA_VERSION

EARLIER = ("2025-01-15", "2026-03-01")


def run_example(as_of: str, output: Path) -> dict[str, Any]:
    code = main(["run", str(EXAMPLE_BOARD), "-o", str(output), "-q", "-f", "json",
                 "--as-of", as_of])  # fmt: skip
    assert code == 1
    document: dict[str, Any] = json.loads((output / "results.json").read_text(encoding="utf-8"))
    return document


@pytest.fixture(scope="module")
def earlier(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, Any]]:
    """The example board audited at two earlier dates: its dossier grew since."""
    root = tmp_path_factory.mktemp("earlier")
    return {as_of: run_example(as_of, root / as_of) for as_of in EARLIER}


@pytest.fixture
def history_dir(tmp_path: Path, earlier: dict[str, dict[str, Any]]) -> Path:
    folder = tmp_path / "history"
    folder.mkdir()
    for as_of, document in earlier.items():
        (folder / f"results-{as_of}.json").write_text(json.dumps(document), encoding="utf-8")
    return folder


def test_reads_the_versions_the_engine_writes() -> None:
    assert SCHEMA_VERSION in SCHEMA_VERSIONS


def test_earlier_audits_in_date_order_with_this_one(
    history_dir: Path, earlier: dict[str, dict[str, Any]], example: dict[str, Any]
) -> None:
    # File names sort the other way round than the as-of dates.
    (history_dir / f"results-{EARLIER[0]}.json").rename(history_dir / "z-oldest.json")

    history = load_history(history_dir, example)

    assert [a.as_of for a in history.audits] == [*EARLIER, example["run"]["as_of"]]
    assert [a.current for a in history.audits] == [False, False, True]
    assert history.skipped == ()
    first = earlier[EARLIER[0]]
    assert history.domain_levels("GO")[0] == next(
        d["level_reached"] for d in first["domains"] if d["id"] == "GO"
    )
    levels = history.norm_levels("GO.01")
    assert levels == tuple(
        next(n["level_reached"] for n in doc["norms"] if n["id"] == "GO.01")
        for doc in (*earlier.values(), example)
    )
    assert levels[0] is not None and levels[-1] is not None and levels[0] < levels[-1]
    assert history.change(levels) == levels[-1] - levels[-2]
    at_target = [a.norms_at_target for a in history.audits]
    assert at_target == sorted(at_target) and at_target[0] < at_target[-1]


def test_files_it_cannot_use_are_named_not_fatal(
    history_dir: Path, example: dict[str, Any], earlier: dict[str, dict[str, Any]]
) -> None:
    (history_dir / "broken.json").write_text('{"schema_version": "1", ', encoding="utf-8")
    (history_dir / "future.json").write_text('{"schema_version": "99"}', encoding="utf-8")
    (history_dir / "list.json").write_text("[1, 2]", encoding="utf-8")
    (history_dir / "latin1.json").write_bytes(b'{"x": "\xe9"}')
    no_norms = copy.deepcopy(earlier[EARLIER[0]])
    del no_norms["norms"]
    (history_dir / "no-norms.json").write_text(json.dumps(no_norms), encoding="utf-8")
    bad_level = copy.deepcopy(earlier[EARLIER[0]])
    bad_level["norms"][3]["level_reached"] = "hoog"
    (history_dir / "bad-level.json").write_text(json.dumps(bad_level), encoding="utf-8")
    other = copy.deepcopy(earlier[EARLIER[0]])
    other["board"]["name"] = "Stichting Elders"
    (history_dir / "other-board.json").write_text(json.dumps(other), encoding="utf-8")
    (history_dir / "same-again.json").write_text(json.dumps(example), encoding="utf-8")
    (history_dir / "notes.txt").write_text("not looked at", encoding="utf-8")

    history = load_history(history_dir, example)

    assert [a.as_of for a in history.audits] == [*EARLIER, example["run"]["as_of"]]
    reasons = {s.source: s.reason.en for s in history.skipped}
    assert reasons == {
        "bad-level.json": reasons["bad-level.json"],
        "broken.json": "not valid JSON (line 1, column 25)",
        "future.json": 'schema_version "99" is not supported (supported: 1)',
        "latin1.json": "not JSON text",
        "list.json": "not an ibpaudit results document (schema_version is missing)",
        "no-norms.json": "invalid results document at /: 'norms' is a required property",
        "other-board.json": "audit of another board (Stichting Elders)",
        "same-again.json": "the same audit as another file or as this audit",
    }
    assert reasons["bad-level.json"].startswith("invalid results document at norms/3/level_reached")


def test_a_missing_folder_is_a_note_too(tmp_path: Path, example: dict[str, Any]) -> None:
    history = load_history(tmp_path / "gone", example)

    assert [a.current for a in history.audits] == [True]
    assert [s.source for s in history.skipped] == [str(tmp_path / "gone")]


def render(document: dict[str, Any], history: Path | None, lang: str = "nl") -> Any:
    options = ReportOptions(lang="en" if lang == "en" else "nl", extra={"history": history})
    return parse_html(html.render(document, options))


def test_trend_per_domain_and_per_norm(
    history_dir: Path, earlier: dict[str, dict[str, Any]], example: dict[str, Any]
) -> None:
    (history_dir / "broken.json").write_text("{", encoding="utf-8")

    page = render(example, history_dir)

    section = page.by_id("trend")
    tables = [e for e in page.elements[page.elements.index(section) :] if e.tag == "table"][:2]
    domains, norms = (squash(t.text) for t in tables)
    assert "15 januari 2025" in domains and "1 maart 2026" in domains
    assert "23 november 2026 (deze audit)" in domains
    for d in example["domains"]:
        levels = [
            next(x["level_reached"] for x in doc["domains"] if x["id"] == d["id"])
            for doc in (*earlier.values(), example)
        ]
        row = " ".join("–" if level is None else str(level) for level in levels)
        assert f"{d['id']} {d['title']['nl']} {row}" in domains, d["id"]
    for n in example["norms"]:
        assert f"{n['id']} {n['title']['nl']}" in norms
    sparks = [e for e in page.find("svg") if "spark" in page.classes(e)]
    assert len(sparks) == len(example["domains"])
    assert all((s.attrs.get("aria-label") or "").startswith("Niveau per audit: ") for s in sparks)
    assert "broken.json: geen geldige JSON (regel 1, kolom 2)" in squash(section.text)
    # Each norm shows its own course too.
    gb02 = squash(page.by_id("norm-GB.02").text)
    assert "Ontwikkeling: 15 januari 2025:" in gb02


def test_growth_is_marked_with_a_sign_not_only_colour(
    history_dir: Path, example: dict[str, Any]
) -> None:
    page = render(example, history_dir, "en")

    text = squash(page.by_id("trend").text)
    assert "▲ +1" in text or "▲ +2" in text
    ups = [e for e in page.find("span") if "up" in page.classes(e)]
    assert ups and all(e.text.startswith("▲ +") for e in ups)


def test_without_history_the_section_says_how_to_get_one(example: dict[str, Any]) -> None:
    page = render(example, None, "en")

    assert "ibpaudit run --history DIR" in squash(page.by_id("trend").text)
    assert not [e for e in page.find("svg") if "spark" in page.classes(e)]


def test_the_plugin_adds_the_history_option(history_dir: Path, tmp_path: Path) -> None:
    manager = plugins.build(EXAMPLE_BOARD)
    parser = build_parser(extend_run=manager.add_options)

    args = parser.parse_args(["run", str(EXAMPLE_BOARD), "--history", str(history_dir)])

    assert args.history == history_dir
    assert parser.parse_args(["run"]).history is None
    with pytest.raises(UsageError, match="does not exist"):
        parser.parse_args(["run", "--history", str(tmp_path / "missing")])
    blocked = build_parser(extend_run=plugins.build(EXAMPLE_BOARD, ["html"]).add_options)
    with pytest.raises(UsageError, match="unrecognized arguments: --history"):
        blocked.parse_args(["run", "--history", str(history_dir)])


def test_ibpaudit_run_with_history(history_dir: Path, tmp_path: Path) -> None:
    copied = tmp_path / "history-copy"
    shutil.copytree(history_dir, copied)

    code = main(["run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "out"), "-q", "-f", "html",
                 "--history", str(copied)])  # fmt: skip

    assert code == 1
    page = parse_html((tmp_path / "out" / "report.html").read_bytes())
    assert "15 januari 2025" in squash(page.by_id("trend").text)


def test_a_baseline_comparison_is_shown(history_dir: Path, tmp_path: Path) -> None:
    baseline = history_dir / f"results-{EARLIER[1]}.json"
    code = main(["run", str(EXAMPLE_BOARD), "-o", str(tmp_path), "-q", "-f", "json,html",
                 "--lang", "en", "--baseline", str(baseline)])  # fmt: skip
    assert code in (0, 1, 2)
    document = json.loads((tmp_path / "results.json").read_text(encoding="utf-8"))
    compared = document["baseline"]
    assert compared["improvements"]

    section = squash(parse_html((tmp_path / "report.html").read_bytes()).by_id("trend").text)

    assert (
        f"Baseline {baseline} (as of 1 March 2026, SHA-256 {compared['sha256'][:12]}…)" in section
    )
    assert f"Improvements ({len(compared['improvements'])})" in section
    for change in compared["regressions"] + compared["improvements"]:
        assert f"{change['id']}: {change['message']['en']}" in section
