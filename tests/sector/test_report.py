"""``ibpaudit sector report``: results documents that boards sent in. Each is validated;
a corrupt or foreign file is named and left out (exit 2); the same board twice keeps the
latest run; mixed catalog versions are flagged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from ibpaudit.cli import main
from ibpaudit.errors import ExitCode
from ibpaudit.schemas import load_schema, schema_errors
from sector.sector_support import sector_json, tables


def _sent(local_run: Path, folder: Path) -> list[Path]:
    """Every board's results.json, as boards would send them (one folder each)."""
    paths = []
    for results in sorted((local_run / "boards").glob("*/results.json")):
        target = folder / results.parent.name / "results.json"
        target.parent.mkdir(parents=True)
        shutil.copy(results, target)
        paths.append(target)
    return paths


def _rewrite(path: Path, change: dict[str, Any]) -> None:
    document = json.loads(path.read_text(encoding="utf-8"))
    for dotted, value in change.items():
        *parents, key = dotted.split(".")
        node = document
        for part in parents:
            node = node[part] if not part.isdigit() else node[int(part)]
        node[key] = value
    path.write_text(json.dumps(document), encoding="utf-8")


def test_results_sent_in_give_the_run_s_figures(local_run: Path, tmp_path: Path) -> None:
    _sent(local_run, tmp_path / "sent")
    out = tmp_path / "out"

    assert main(["sector", "report", str(tmp_path / "sent"), "--output", str(out)]) == 0

    # Boards are keyed by the name in their results, not by folder: compare the figures.
    assert sector_json(out) == sector_json(local_run)
    ran = {r[2:] for r in tables(local_run / "sector.duckdb")["controls"]}
    got = {r[2:] for r in tables(out / "sector.duckdb")["controls"]}
    assert got == ran


def test_a_corrupt_or_foreign_file_is_named_and_left_out(
    local_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent = _sent(local_run, tmp_path / "sent")
    corrupt = tmp_path / "sent" / "corrupt.json"
    corrupt.write_bytes(sent[0].read_bytes()[:500])
    foreign = tmp_path / "sent" / "foreign.json"
    foreign.write_text(json.dumps({"name": "package.json", "version": "1.0"}), encoding="utf-8")
    wrong = tmp_path / "sent" / "wrong.json"
    shutil.copy(sent[1], wrong)
    _rewrite(wrong, {"controls.0.status": "splendid"})
    out = tmp_path / "out"

    code = main(
        ["sector", "report", *map(str, [*sent, corrupt, foreign, wrong]), "--output", str(out)]
    )

    assert code == ExitCode.EVIDENCE_ERROR
    err = capsys.readouterr().err
    for path in (corrupt, foreign, wrong):
        assert str(path) in err
    assert len({r[0] for r in tables(out / "sector.duckdb")["boards"]}) == len(sent)


def test_the_same_board_twice_keeps_the_latest_run(local_run: Path, tmp_path: Path) -> None:
    sent = _sent(local_run, tmp_path / "sent")
    later = tmp_path / "later.json"
    shutil.copy(sent[0], later)
    document = json.loads(later.read_text(encoding="utf-8"))
    board = document["board"]["name"]
    _rewrite(later, {"run.started_at": "2099-01-01T00:00:00+00:00", "norms.0.level_reached": None})
    norm = document["norms"][0]["id"]
    out = tmp_path / "out"

    # the later run first, then the earlier one: the earlier one is left out
    assert main(["sector", "report", str(later), *map(str, sent), "--output", str(out)]) == 0

    rows = [r for r in tables(out / "sector.duckdb")["norms"] if r[0] == board and r[2] == norm]
    assert len(rows) == 1 and rows[0][7] is None


def test_mixed_catalog_versions_are_flagged(
    local_run: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    sent = _sent(local_run, tmp_path / "sent")
    _rewrite(sent[0], {"frameworks.0.version": "2019"})
    out = tmp_path / "out"

    assert (
        main(["sector", "report", str(tmp_path / "sent"), "--output", str(out), "--lang", "en"])
        == 0
    )

    sector = sector_json(out)
    assert schema_errors(load_schema("sector"), sector) == []
    assert sector["mixed_catalog_versions"] is True
    assert sector["catalog_versions"] == ["2019", "2024"]
    assert "2019, 2024" in capsys.readouterr().err
    assert "different versions of the framework" in (out / "sector.html").read_text(
        encoding="utf-8"
    )
