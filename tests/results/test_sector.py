"""The board beside its sector (``ibpaudit run --sector``): the percentile rule, and the
sector's figures per norm in results.json (schema-valid) and in the HTML report."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ibpaudit.cli import main
from ibpaudit.errors import ExitCode
from ibpaudit.results.sector import percentile
from ibpaudit.schemas import load_schema, schema_errors
from support import EXAMPLE_BOARD


@pytest.mark.parametrize(
    ("level", "levels", "expected"),
    [
        (3, {"1": 0, "3": 10}, 50),  # everyone level with the board
        (4, {"2": 5, "4": 5}, 75),  # half below, half level
        (1, {"1": 1, "5": 9}, 5),
        (5, {"1": 9, "5": 1}, 95),
        (0, {"0": 0, "2": 4}, 0),  # below everyone
        (5, {"2": 4}, 100),  # above everyone
    ],
)
def test_percentile_is_the_mid_rank(level: int, levels: dict[str, int], expected: int) -> None:
    assert percentile(level, levels) == expected


def _sector(tmp_path: Path, norms: list[dict[str, object]]) -> Path:
    path = tmp_path / "sector.json"
    document = {
        "schema_version": "1",
        "tool": {"name": "ibpaudit", "version": "0"},
        "min_boards": 5,
        "named": False,
        "boards": {"total": 6, "audited": 6, "not_audited": 0, "sectors": {"po": 6}},
        "as_of": ["2026-11-23"],
        "catalog_versions": ["2024"],
        "mixed_catalog_versions": False,
        "norms": norms,
        "domains": [],
        "lagging": [],
        "trend": [],
    }
    assert schema_errors(load_schema("sector"), document) == []
    path.write_text(json.dumps(document), encoding="utf-8")
    return path


def test_run_with_sector_adds_median_and_percentile(tmp_path: Path) -> None:
    example = json.loads(
        (Path(__file__).parents[1] / "golden" / "example-board-results.json").read_text("utf-8")
    )
    first, second = example["norms"][0], example["norms"][1]
    level = first["level_reached"] or 0
    figures = {
        "id": first["id"],
        "domain": first["domain"],
        "title": first["title"],
        "boards": 8,
        "too_few_boards": False,
        "levels": {"1": 4, str(level): 4} if level != 1 else {"1": 4, "5": 4},
        "at_target": 0.5,
        "median": 2.5,
    }
    few = {
        "id": second["id"],
        "domain": second["domain"],
        "title": second["title"],
        "boards": None,
        "too_few_boards": True,
        "levels": None,
        "at_target": None,
        "median": None,
    }
    sector = _sector(tmp_path, [figures, few])
    out = tmp_path / "reports"

    code = main(["run", str(EXAMPLE_BOARD), "--output", str(out), "--sector", str(sector), "-q"])

    assert code in (ExitCode.PASSED, ExitCode.FAILED)
    results = json.loads((out / "results.json").read_text(encoding="utf-8"))
    assert schema_errors(load_schema("results"), results) == []
    norms = {n["id"]: n for n in results["norms"]}
    expected = percentile(level, figures["levels"])  # type: ignore[arg-type]
    assert norms[first["id"]]["sector"] == {
        "too_few_boards": False,
        "boards": 8,
        "median": 2.5,
        "at_target": 0.5,
        "percentile": expected,
    }
    assert norms[second["id"]]["sector"] == {"too_few_boards": True}
    assert all("sector" not in n for i, n in norms.items() if i not in (first["id"], second["id"]))
    page = (out / "report.html").read_text(encoding="utf-8")
    assert f"mediaan niveau 2,5; dit bestuur staat op percentiel {expected}" in page
    assert "Sector: te weinig besturen voor een vergelijking" in page


def test_a_file_that_is_no_sector_document_is_named(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "results.json"
    wrong.write_text(json.dumps({"schema_version": "1"}), encoding="utf-8")

    argv = ["run", str(EXAMPLE_BOARD), "--output", str(tmp_path / "r"), "--sector", str(wrong)]
    assert main(argv) == ExitCode.EVIDENCE_ERROR
    dutch = capsys.readouterr().err
    assert f"{wrong}: geen sectordocument: " in dutch
    assert dutch.strip().endswith("geef de sector.json die 'ibpaudit sector' schreef")
    assert main([*argv, "--lang", "en"]) == ExitCode.EVIDENCE_ERROR
    english = capsys.readouterr().err
    assert f"{wrong}: not a sector document: " in english
    assert english.strip().endswith("pass the sector.json that 'ibpaudit sector' wrote")


def test_a_sector_file_that_is_no_json_is_named_in_both_languages(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    wrong = tmp_path / "sector.json"
    wrong.write_bytes(b"{\xff")
    argv = ["run", str(EXAMPLE_BOARD), "--output", str(tmp_path / "r"), "--sector", str(wrong)]
    assert main(argv) == ExitCode.EVIDENCE_ERROR
    assert f"{wrong}: geen geldige JSON; " in capsys.readouterr().err
    assert main([*argv, "--lang", "en"]) == ExitCode.EVIDENCE_ERROR
    assert f"{wrong}: not valid JSON; " in capsys.readouterr().err
