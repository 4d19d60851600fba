"""A board's small files known to be valid are not validated again while nothing that
validity depends on changed; every problem is still found on every run."""

from __future__ import annotations

import os
import re
import shutil
from datetime import date
from pathlib import Path

import pytest

from ibpaudit.dossier.config import SCHEMA as CONFIG_SCHEMA
from ibpaudit.dossier.config import load_config
from ibpaudit.errors import ConfigError
from ibpaudit.schemas import remembered
from support import PROBE_START, imported, settled_python

EXAMPLE = Path(__file__).resolve().parents[2] / "evidence"
SCHEMA = {"type": "object", "properties": {"peildatum": {"type": "string"}}}


class Finder:
    """The real problems of ``data``, counting how often they were looked for."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        self.calls = 0

    def __call__(self) -> list[str]:
        self.calls += 1
        return self.problems


@pytest.fixture
def board(tmp_path: Path) -> Path:
    """The dossier the files belong to (beside the cache folder, not around it)."""
    root = tmp_path / "board"
    root.mkdir()
    return root


def _record(cache: Path) -> list[str]:
    """The digests the record holds (a damaged line is not one)."""
    path = cache / "valid" / "board-files.txt"
    lines = path.read_bytes().split() if path.is_file() else []
    return [line.decode() for line in lines if re.fullmatch(rb"[0-9a-f]{64}", line)]


def test_a_pass_is_remembered_and_a_problem_never(cache: Path, board: Path) -> None:
    data = {"peildatum": "2026-11-23"}
    first, second = Finder([]), Finder([])
    assert remembered.unless_known(SCHEMA, data, board, first) == []
    assert remembered.unless_known(SCHEMA, dict(data), board, second) == ()
    assert (first.calls, second.calls) == (1, 0)
    assert len(_record(cache)) == 1
    bad = Finder(["peildatum: expected text"])
    for _ in range(2):  # a failure is looked for again every time
        assert remembered.unless_known(SCHEMA, {"peildatum": 3}, board, bad) == bad.problems
    assert bad.calls == 2
    assert len(_record(cache)) == 1


def test_a_date_is_not_the_text_of_a_date(cache: Path, board: Path) -> None:
    remembered.unless_known(SCHEMA, {"peildatum": "2026-11-23"}, board, Finder([]))
    as_date = Finder(["peildatum: expected text"])
    found = remembered.unless_known(SCHEMA, {"peildatum": date(2026, 11, 23)}, board, as_date)
    assert as_date.calls == 1
    assert found == as_date.problems


def test_another_schema_means_validating_again(cache: Path, board: Path) -> None:
    data = {"peildatum": "2026-11-23"}
    remembered.unless_known(SCHEMA, data, board, Finder([]))
    stricter = {**SCHEMA, "required": ["bestuur"]}
    again = Finder(["bestuur is missing"])
    assert remembered.unless_known(stricter, data, board, again) == again.problems
    assert again.calls == 1


def test_a_damaged_record_only_costs_time(cache: Path, board: Path) -> None:
    record = cache / "valid" / "board-files.txt"
    record.parent.mkdir(parents=True)
    record.write_bytes(b"\x00\xffnot a digest\n" + b"z" * 64 + b"\n")
    remembered._KNOWN.pop(record, None)
    finder = Finder([])
    assert remembered.unless_known(SCHEMA, {"peildatum": "x"}, board, finder) == []
    assert finder.calls == 1
    assert len(_record(cache)) == 1  # the damaged lines are read past
    remembered._KNOWN.pop(record, None)  # as the next process would read it
    again = Finder([])
    remembered.unless_known(SCHEMA, {"peildatum": "x"}, board, again)
    assert again.calls == 0


def test_a_full_record_starts_afresh(
    cache: Path, board: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(remembered, "_MOST", 3)
    for day in range(5):
        remembered.unless_known(SCHEMA, {"peildatum": f"2026-01-0{day + 1}"}, board, Finder([]))
    assert len(_record(cache)) == 2  # three, then afresh with the fourth, and the fifth
    latest = Finder([])
    remembered.unless_known(SCHEMA, {"peildatum": "2026-01-05"}, board, latest)
    assert latest.calls == 0


def test_nothing_is_written_inside_the_dossier(cache_in_dossier: Path) -> None:
    root = cache_in_dossier
    finder = Finder([])
    for _ in range(2):
        remembered.unless_known(SCHEMA, {"peildatum": "x"}, root, finder)
    assert finder.calls == 2
    assert not (root / ".cache").exists()


def test_an_invalid_config_fails_after_a_valid_one_was_remembered(cache: Path, board: Path) -> None:
    root = board
    shutil.copy(EXAMPLE / "ibpaudit.yaml", root / "ibpaudit.yaml")
    assert load_config(root).board == load_config(root).board
    assert len(_record(cache)) == 1
    text = (root / "ibpaudit.yaml").read_text(encoding="utf-8")
    (root / "ibpaudit.yaml").write_text(text + "onbekende_sleutel: 1\n", encoding="utf-8")
    for _ in range(2):
        with pytest.raises(ConfigError, match="onbekende_sleutel"):
            load_config(root)
    assert CONFIG_SCHEMA  # the schema the config is checked against


def test_an_unchanged_board_runs_without_the_validator(cache: Path, tmp_path: Path) -> None:
    """The point of the record: a second run of an unchanged board does not import
    jsonschema at all (the shipped catalog is remembered the same way). Nor does any run
    of a board without mistakes import difflib, which only suggests names, nor a run of a
    board without Office files zipfile (unless jsonschema does)."""
    probe = (
        PROBE_START + "from ibpaudit.cli import main\n"
        "code = main(['run', sys.argv[1], '-o', sys.argv[2], '-q'])\n"
        f"print(code, {imported(('difflib', 'jsonschema', 'zipfile'))})\n"
    )
    env = {**os.environ, "IBPAUDIT_CACHE_DIR": str(cache)}
    env.pop("CI", None)
    # zipfile comes with importlib.metadata too: the second run must find the installed
    # plugins remembered, which needs a path that did not just change (see settled_python).
    python = settled_python(tmp_path / "here", env)
    runs = [python(probe, str(EXAMPLE), str(tmp_path / "out")).split()[-4:] for _ in range(2)]
    assert runs[0][:3] == ["1", "False", "True"]  # the first validates (two controls fail)
    assert runs[1] == ["1", "False", "False", "False"]
