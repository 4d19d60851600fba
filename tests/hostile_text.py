"""A dossier whose register cells hold what anyone's Excel can: terminal escapes, a bell,
line breaks followed by CI runner commands, a right-to-left override, a 200-character URL
and a 100,000-character value. Shared by the console, report and browser tests."""

from __future__ import annotations

import csv
import io
import shutil
from pathlib import Path

from support import EXAMPLE_BOARD

REGISTER = "registers/verwerkersovereenkomsten.csv"
LONG = "Lang" + "x" * 100_000
URL = "https://voorbeeld.example/" + "pad/" * 50
# (supplier, product): every row misses its signature, so each is a finding.
ROWS = (
    ("Kleur B.V.", "\x1b[31mROOD\x1b[0m\x1b]0;titel\x07App"),
    ("Bel B.V.", "Bel\x07\x07App"),
    ("Regel B.V.", "Regel\n::error file=ibpaudit.yaml,line=1::ingebroken"),
    ("Uitvoer B.V.", "Uit\r\n::set-output name=geheim::x\n##[error]oud\n##vso[task.complete]"),
    ("Omkeer B.V.", "Omkeer\u202eppAredluO\u2066x\u2069"),
    ("Lang B.V.", LONG),
    ("Link B.V.", URL),
)
# What must never appear raw in any output.
FORBIDDEN = ("\x1b", "\x07", "\u202e", "\u2066", "\u2069", "\r")


def hostile_board(target: Path) -> Path:
    """A copy of the example board with the hostile rows added to its processor register."""
    shutil.copytree(EXAMPLE_BOARD, target)
    register = target / REGISTER
    text = register.read_text(encoding="utf-8")
    header = next(csv.reader(io.StringIO(text), delimiter=";"))
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\n")
    for supplier, product in ROWS:
        row = dict.fromkeys(header, "")
        row |= {
            "Leverancier": supplier,
            "KvK-nummer": "12345678",
            "Product": product,
            "Verwerkt persoonsgegevens": "ja",
            "Convenant deelnemer": "ja",
            "Modelversie": "4.0",
            "Privacybijsluiter": "nee",
            "Opslaglocatie": "EER",
        }
        writer.writerow(row[h] for h in header)
    register.write_text(text.rstrip("\n") + "\n" + out.getvalue(), encoding="utf-8")
    return target
