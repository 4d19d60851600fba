"""The example board kept as Excel, Word and PDF gives the same verdicts as kept as CSV,
Markdown and YAML: the readers are interchangeable."""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from office import write_docx, write_pdf, write_xlsx
from support import EXAMPLE_BOARD, Cli

_DUTCH_DATE = re.compile(r"^(\d{1,2})-(\d{1,2})-(\d{4})$")


def _cell(value: str) -> Any:
    """What Excel makes of a typed-in value: dd-mm-jjjj becomes a real date cell."""
    match = _DUTCH_DATE.match(value.strip())
    if match:
        day, month, year = (int(g) for g in match.groups())
        return date(year, month, day)
    return value


def _csv_rows(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    try:
        content = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        content = raw.decode("cp1252")
    delimiter = ";" if content.splitlines()[0].count(";") else ","
    return list(csv.reader(io.StringIO(content), delimiter=delimiter))


def convert_to_office(root: Path) -> None:
    """Registers to .xlsx, policies to .docx (one to .pdf), in place."""
    for register in sorted((root / "registers").glob("*.csv")):
        rows = _csv_rows(register)
        data = [rows[0], *([_cell(v) for v in row] for row in rows[1:])]
        write_xlsx(register.with_suffix(".xlsx"), {register.stem.capitalize(): data})
        register.unlink()
    for index, policy in enumerate(sorted((root / "beleid").glob("*.md"))):
        _, front, body = policy.read_text(encoding="utf-8").split("---\n", 2)
        metadata = {k: v for k, v in yaml.safe_load(front).items() if k not in ("title", "titel")}
        title = str(yaml.safe_load(front).get("titel") or yaml.safe_load(front).get("title"))
        paragraphs = [p for p in body.split("\n\n") if p.strip()]
        if index == 0:
            write_pdf(policy.with_suffix(".pdf"), metadata, ["\n".join(paragraphs)], title=title)
        else:
            write_docx(policy.with_suffix(".docx"), metadata, paragraphs, title=title)
        policy.unlink()


def verdicts(document: dict[str, Any]) -> dict[str, Any]:
    return {
        control["id"]: (
            control["status"],
            control["level_reached"],
            [
                (
                    check["status"],
                    sorted(f.get("location", {}).get("row") or 0 for f in check["findings"]),
                )
                for check in control["checks"]
            ],
        )
        for control in document["controls"]
    }


def test_office_formats_give_the_same_verdicts(cli: Cli, tmp_path: Path) -> None:
    plain, office = tmp_path / "plain", tmp_path / "office"
    shutil.copytree(EXAMPLE_BOARD, plain)
    shutil.copytree(EXAMPLE_BOARD, office)
    convert_to_office(office)
    assert not list((office / "registers").glob("*.csv"))
    assert list((office / "beleid").glob("*.docx")) and list((office / "beleid").glob("*.pdf"))

    results = []
    for root in (plain, office):
        out = root.parent / f"out-{root.name}"
        code = cli("run", str(root), "-o", str(out), "--format", "json").code
        document = json.loads((out / "results.json").read_text())
        results.append((code, document))
    (plain_code, plain_doc), (office_code, office_doc) = results
    assert office_code == plain_code
    assert [e["reader"] for e in office_doc["evidence"] if e["path"].endswith(".xlsx")]
    assert {e["reader"] for e in office_doc["evidence"]} >= {"spreadsheet", "word", "pdf"}
    assert verdicts(office_doc) == verdicts(plain_doc)
