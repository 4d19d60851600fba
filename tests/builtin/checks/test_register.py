"""``register``: present, required columns, row conditions; errors name file, row, column."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from ibpaudit.model import Status
from office import write_xlsx
from support import Judge, messages

BREACHES = (
    "kenmerk;ontdekt_op;meldplichtig;gemeld_ap_op;motivatie_geen_melding\n"
    "DL-1;03-02-2026 09:15;ja;06-02-2026 17:30;\n"
    "DL-2;12-05-2026 14:00;ja;13-05-2026 10:00;\n"
    "DL-3;18-09-2026;nee;;risico klein\n"
)
WITHIN_72H = {
    "register": "datalekken",
    "columns": ["kenmerk", "ontdekt_op"],
    "label": ["kenmerk"],
    "where": {"column": "meldplichtig", "is": True},
    "require": {"column": "gemeld_ap_op", "not_after": {"column": "ontdekt_op", "plus": "PT72H"}},
}


def test_late_notification_fails_on_its_row(judge: Judge) -> None:
    outcome = judge({"registers/datalekken.csv": BREACHES}, "register", WITHIN_72H)
    assert outcome.status is Status.FAILED
    (finding,) = outcome.findings
    assert finding.location is not None
    assert (finding.location.path, finding.location.row) == ("registers/datalekken.csv", 2)
    assert "DL-1" in finding.message.en


def test_notification_at_exactly_72_hours_passes(judge: Judge) -> None:
    rows = (
        "kenmerk;ontdekt_op;meldplichtig;gemeld_ap_op\nDL-1;03-02-2026 09:15;ja;06-02-2026 09:15\n"
    )
    assert judge({"registers/datalekken.csv": rows}, "register", WITHIN_72H).findings == ()


def test_missing_register_fails(judge: Judge) -> None:
    outcome = judge({}, "register", {"register": "datalekken"})
    assert outcome.status is Status.FAILED
    assert "datalekken" in messages(outcome)[0]


def test_missing_column_is_an_error_naming_it(judge: Judge) -> None:
    outcome = judge(
        {"registers/datalekken.csv": "kenmerk;ontdekt_op\nDL-1;01-01-2026\n"},
        "register",
        {"register": "datalekken", "columns": ["kenmerk", "meldplichtig"]},
    )
    assert outcome.status is Status.ERROR
    assert "'meldplichtig'" in messages(outcome)[0]


def test_empty_register_is_flagged_unless_allowed(judge: Judge) -> None:
    files = {"registers/datalekken.yaml": "datalekken: []\n"}
    assert judge(files, "register", {"register": "datalekken"}).status is Status.FAILED
    allowed = judge(files, "register", {"register": "datalekken", "min_rows": 0})
    assert allowed.findings == ()


def test_unreadable_value_is_an_error_with_its_column(judge: Judge) -> None:
    rows = "kenmerk;ontdekt_op;meldplichtig;gemeld_ap_op\nDL-1;31-02-2026;ja;01-03-2026\n"
    outcome = judge({"registers/datalekken.csv": rows}, "register", WITHIN_72H)
    assert outcome.status is Status.ERROR
    (finding,) = outcome.findings
    assert finding.location is not None and finding.location.column == "ontdekt_op"
    assert "31-02-2026" in finding.message.en


def test_two_files_for_one_register_is_an_error(judge: Judge) -> None:
    outcome = judge(
        {
            "registers/datalekken.csv": "kenmerk\nDL-1\n",
            "registers/datalekken.yaml": "- kenmerk: DL-2\n",
        },
        "register",
        {"register": "datalekken"},
    )
    assert outcome.status is Status.ERROR
    assert "more than one file" in messages(outcome)[0]


def test_configured_register_path_wins(judge: Judge) -> None:
    outcome = judge(
        {
            "ibpaudit.yaml": "bewijs:\n  registers:\n    datalekken: privacy/lekken.csv\n",
            "privacy/lekken.csv": "kenmerk\nDL-1\n",
        },
        "register",
        {"register": "datalekken", "columns": ["kenmerk"]},
    )
    assert outcome.findings == ()
    assert outcome.evidence[0].path == "privacy/lekken.csv"


def test_custom_message_fills_in_row_values(judge: Judge) -> None:
    params = {**WITHIN_72H, "message": {"nl": "{kenmerk} te laat", "en": "{kenmerk} too late"}}
    outcome = judge({"registers/datalekken.csv": BREACHES}, "register", params)
    assert messages(outcome) == ["DL-1 too late"]


def _workbook(tmp_path: Path) -> bytes:
    return write_xlsx(
        tmp_path / "privacy.xlsx",
        {
            "Toelichting": [["Registers van de stichting"]],
            "Datalekken": [
                ["Kenmerk", "Ontdekt op", "Meldplichtig", "Gemeld AP op"],
                ["DL-1", datetime(2026, 2, 3, 9, 15), "ja", datetime(2026, 2, 6, 17, 30)],
                ["DL-2", "31-02-2026", "ja", datetime(2026, 3, 1)],
            ],
        },
    ).read_bytes()


def test_sheet_named_in_config_and_cell_provenance(judge: Judge, tmp_path: Path) -> None:
    outcome = judge(
        {
            "ibpaudit.yaml": (
                "bewijs:\n  registers:\n    lekken: registers/privacy.xlsx#Datalekken\n"
            ),
            "registers/privacy.xlsx": _workbook(tmp_path),
        },
        "register",
        {**WITHIN_72H, "register": "lekken"},
    )
    late, unreadable = sorted(outcome.findings, key=lambda f: f.status.value, reverse=True)
    assert late.status is Status.FAILED and "DL-1" in late.message.en
    assert late.location is not None
    assert (late.location.sheet, late.location.row) == ("Datalekken", 2)
    assert unreadable.status is Status.ERROR and unreadable.location is not None
    assert (unreadable.location.sheet, unreadable.location.row) == ("Datalekken", 3)
    assert unreadable.location.column == "ontdekt_op"


def test_a_sheet_named_like_the_register_is_found(judge: Judge, tmp_path: Path) -> None:
    outcome = judge({"registers/privacy.xlsx": _workbook(tmp_path)}, "register", WITHIN_72H)
    assert {f.location.sheet for f in outcome.findings if f.location} == {"Datalekken"}
