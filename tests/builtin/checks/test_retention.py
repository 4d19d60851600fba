"""``retention``: retention periods against the catalog's legal reference data."""

from __future__ import annotations

from ibpaudit.model import Status
from support import Judge, messages

SCHEDULE = (
    "categorie;bewaartermijn\n"
    "Leerlingdossier;P2Y\n"
    "Personeelsdossier;2 jaar\n"
    "Salarisadministratie;P7Y\n"
)
REQUIRED = {"required": ["leerlingdossier", "personeelsdossier", "salarisadministratie"]}


def test_lawful_schedule_passes(judge: Judge) -> None:
    outcome = judge({"registers/bewaartermijnen.csv": SCHEDULE}, "retention", REQUIRED)
    assert outcome.findings == ()


def test_camera_footage_beyond_four_weeks_fails_on_its_cell(judge: Judge) -> None:
    schedule = SCHEDULE + "Camerabeelden;P8W\n"
    outcome = judge({"registers/bewaartermijnen.csv": schedule}, "retention", REQUIRED)
    (finding,) = outcome.findings
    assert finding.status is Status.FAILED
    assert finding.location is not None
    assert (finding.location.row, finding.location.column) == (5, "bewaartermijn")
    assert "8 weeks" in finding.message.en and "4 weeks" in finding.message.en


def test_payroll_shorter_than_seven_years_fails(judge: Judge) -> None:
    schedule = SCHEDULE.replace("Salarisadministratie;P7Y", "Payroll;P5Y")
    outcome = judge({"registers/bewaartermijnen.csv": schedule}, "retention", REQUIRED)
    assert outcome.status is Status.FAILED
    assert "shorter than the minimum" in messages(outcome)[0]


def test_missing_required_category_fails(judge: Judge) -> None:
    schedule = "categorie;bewaartermijn\nLeerlingdossier;P2Y\n"
    outcome = judge({"registers/bewaartermijnen.csv": schedule}, "retention", REQUIRED)
    assert sorted(m.split("'")[1] for m in messages(outcome)) == [
        "personeelsdossier",
        "salarisadministratie",
    ]


def test_unreadable_period_is_an_error(judge: Judge) -> None:
    schedule = SCHEDULE + "Camerabeelden;vier weken\n"
    outcome = judge({"registers/bewaartermijnen.csv": schedule}, "retention", REQUIRED)
    assert outcome.status is Status.ERROR
    assert "vier weken" in messages(outcome, Status.ERROR)[0]
