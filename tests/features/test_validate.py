"""``ibpaudit validate`` finds exactly what makes ``ibpaudit run`` exit 2: the same engine
judges the dossier, and every problem and every *error* is listed, naming its control."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from ibpaudit.errors import ExitCode
from support import Cli

DPA = "registers/verwerkersovereenkomsten.csv"


def _replace(path: str, old: str, new: str) -> Callable[[Path], None]:
    def change(board: Path) -> None:
        target = board / path
        content = target.read_text(encoding="utf-8")
        assert old in content
        target.write_text(content.replace(old, new, 1), encoding="utf-8")

    return change


def _register_in_two_files(board: Path) -> None:
    register = board / "registers" / "applicaties.csv"
    tsv = register.read_text(encoding="utf-8").replace(";", "\t")
    register.with_suffix(".tsv").write_text(tsv, encoding="utf-8")


def _unreadable_register(board: Path) -> None:
    (board / "registers" / "applicaties.csv").write_text('a;b\n"open;2\n', encoding="utf-8")


def _unknown_check_type(board: Path) -> None:
    (board / "controls").mkdir()
    (board / "controls" / "XX.01-eigen.yaml").write_text(
        "id: XX.01-eigen\nnorm: GO.02\ntitel: Eigen\nernst: low\nniveaus:\n"
        "  2:\n    - check: documnet\n      type: ibp-beleid\n",
        encoding="utf-8",
    )


BREAKAGES = {
    "register in two files": _register_in_two_files,
    "column typo": _replace(DPA, "Ondertekend op", "Ondertekent op"),
    "impossible date": _replace(DPA, "14-08-2025", "31-02-2025"),
    "unreadable register": _unreadable_register,
    "unknown check type": _unknown_check_type,
}


@pytest.mark.parametrize("breakage", list(BREAKAGES), ids=list(BREAKAGES))
def test_validate_fails_exactly_where_run_exits_2(
    cli: Cli, board: Path, tmp_path: Path, breakage: str
) -> None:
    BREAKAGES[breakage](board)
    run = cli("run", str(board), "-o", str(tmp_path / "out"), "--format", "json", "-q")
    document = json.loads((tmp_path / "out" / "results.json").read_text(encoding="utf-8"))
    validate = cli("validate", str(board), "--lang", "en")

    assert run.code == ExitCode.EVIDENCE_ERROR
    assert validate.code == ExitCode.EVIDENCE_ERROR
    assert "Traceback" not in validate.err
    *lines, summary = validate.err.strip().splitlines()
    assert summary.endswith(f"{len(lines)} problem(s)")
    errors = [c["id"] for c in document["controls"] if c["status"] == "error"]
    for control_id in errors:  # every control in error is named, with what is wrong
        assert any(line.startswith(f"{control_id}: ") for line in lines), control_id
    for problem in document["problems"]:
        assert any(problem["source"] in line for line in lines), problem["source"]
    assert errors or document["problems"]


def test_validate_passes_where_run_gives_verdicts_only(cli: Cli, board: Path) -> None:
    """The example board fails two norms (exit 1): verdicts, not problems."""
    validate = cli("validate", str(board))

    assert validate.code == ExitCode.PASSED
    assert validate.err.strip().splitlines()[-1].endswith(" 0 probleem/problemen")


def test_validate_speaks_english_on_request(cli: Cli, board: Path) -> None:
    _replace(DPA, "14-08-2025", "31-02-2025")(board)
    dutch = cli("validate", str(board)).err
    english = cli("validate", str(board), "--lang", "en").err

    assert "geen geldige datum" in dutch and "geen geldige datum" not in english
    assert "31-02-2025" in english
