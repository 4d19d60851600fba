"""``waivers.yaml``: complete, approved by someone else, bounded, inclusive expiry."""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pytest

from ibpaudit.dossier.waivers import horizon, load_waivers
from ibpaudit.errors import ConfigError
from ibpaudit.model import Waiver
from ibpaudit.values import Duration

WAIVER = """\
ontheffingen:
  - control: PR.07-bewaartermijnen
    reden: Nieuwe recorder is besteld; tot dan 8 weken.
    aangevraagd_door: R. Jansen
    goedgekeurd_door: M. de Vries
    goedgekeurd_op: 2026-10-01
    verloopt_op: 2027-01-31
"""
CONTROLS = ["PR.07-bewaartermijnen", "GO.02-beleid"]


def write(tmp_path: Path, content: str) -> Path:
    (tmp_path / "waivers.yaml").write_text(content, encoding="utf-8")
    return tmp_path


def test_valid_waiver_is_active_through_its_expiry_day(tmp_path: Path) -> None:
    (waiver,) = load_waivers(write(tmp_path, WAIVER), CONTROLS)
    assert waiver.active(date(2027, 1, 31))
    assert not waiver.active(date(2027, 2, 1))
    assert waiver.location.line == 2
    assert waiver.to_json(date(2027, 1, 30), used=True)["days_left"] == 1
    assert waiver.to_json(date(2027, 2, 1), used=True)["state"] == "expired"


def test_english_keys_and_plain_list_are_accepted(tmp_path: Path) -> None:
    english = (
        "- control: GO.02-beleid\n  reason: Accepted until the new policy is adopted.\n"
        "  requested_by: Officer A\n  approved_by: Board member B\n  approved_on: 2026-01-01\n"
        "  expires: 2026-06-30\n"
    )
    (waiver,) = load_waivers(write(tmp_path, english), CONTROLS)
    assert waiver.approved_by == "Board member B"


def test_no_file_means_no_waivers(tmp_path: Path) -> None:
    assert load_waivers(tmp_path, CONTROLS) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (("goedgekeurd_door: M. de Vries", "goedgekeurd_door: R. Jansen"), "own requester"),
        (("PR.07-bewaartermijnen", "XX.99-onbekend"), "unknown control 'XX.99-onbekend'"),
        (("verloopt_op: 2027-01-31", "verloopt_op: 2026-09-01"), "expires before"),
        (("verloopt_op: 2027-01-31", "verloopt_op: 2028-01-31"), "more than 1 year"),
        (("verloopt_op: 2027-01-31", "verloopt_op: 31-13-2027"), "not a valid date"),
        (("    goedgekeurd_op: 2026-10-01\n", ""), "goedgekeurd_op"),
        (("reden: Nieuwe recorder is besteld; tot dan 8 weken.", "reden: kort"), "reden"),
    ],
)
def test_invalid_waiver_stops_the_run_naming_file_and_line(
    tmp_path: Path, change: tuple[str, str], expected: str
) -> None:
    with pytest.raises(ConfigError) as info:
        load_waivers(write(tmp_path, WAIVER.replace(*change)), CONTROLS)
    message = str(info.value)
    assert message.startswith("waivers.yaml:")
    assert expected in message


def test_yaml_error_in_waivers_names_the_place(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"waivers\.yaml:\d+:\d+"):
        load_waivers(write(tmp_path, "ontheffingen: [\n"), CONTROLS)


def waiver_file(**fields: str) -> str:
    """One waiver with the fields of WAIVER, some replaced or (value '') left out."""
    values = {
        "control": "PR.07-bewaartermijnen",
        "reden": "Nieuwe recorder is besteld; tot dan 8 weken.",
        "aangevraagd_door": "R. Jansen",
        "goedgekeurd_door": "M. de Vries",
        "goedgekeurd_op": "2026-10-01",
        "verloopt_op": "2027-01-31",
    }
    values.update(fields)
    lines = [f"    {key}: '{value}'" for key, value in values.items() if value != ""]
    return "ontheffingen:\n  - " + "\n".join(lines)[4:] + "\n"


ORGANISATION = """\
rollen:
  bestuurder:
    naam: M. de Vries
  security officer:
    naam: R. Jansen
  fg: S. Yılmaz
"""


# Four eyes: the requester and the approver are compared as people. Roles resolve
# through organisatie.yaml (above); titles, accents, case, punctuation and a role in
# parentheses do not make a second person.
@pytest.mark.parametrize(
    ("requester", "approver", "same"),
    [
        ("R. Jansen", "R. Jansen", True),
        ("R. Jansen (security officer)", "R. Jansen", True),
        ("R. Jansen (security officer)", "R. Jansen (bestuurder)", True),
        ("R. Jansen", "r.jansen", True),
        ("R. Jansen", "Dhr. R. Jansen", True),
        ("Drs. ing. R. Jansen", "R  Jansen", True),
        ("S. Yilmaz", "mevr. S. Yılmaz", True),
        ("M. de Vries", "Mr. M. de Vries", True),
        ("security officer", "R. Jansen", True),
        ("R. Jansen", "Security Officer", True),
        ("bestuurder", "M. de Vries (bestuurder)", True),
        ("(security officer)", "R. Jansen", True),
        ("fg", "S. Yılmaz", True),
        ("R. Jansen (security officer)", "M. de Vries (bestuurder)", False),
        ("security officer", "bestuurder", False),
        ("R. Jansen", "P. Jansen", False),
        ("R. Jansen", "R. Janssen", False),
        ("privacy officer", "R. Jansen", False),  # not a role of this board: a name
        ("fg", "bestuurder", False),
    ],
)
def test_four_eyes_compares_people_not_spellings(
    tmp_path: Path, requester: str, approver: str, same: bool
) -> None:
    (tmp_path / "organisatie.yaml").write_text(ORGANISATION, encoding="utf-8")
    content = waiver_file(aangevraagd_door=requester, goedgekeurd_door=approver)
    write(tmp_path, content)
    if not same:
        (waiver,) = load_waivers(tmp_path, CONTROLS)
        assert (waiver.requested_by, waiver.approved_by) == (requester, approver)
        return
    with pytest.raises(ConfigError) as info:
        load_waivers(tmp_path, CONTROLS)
    message = str(info.value)
    assert message.startswith("waivers.yaml:2: ")
    assert "own requester" in message
    assert approver in message
    assert "\n" not in message


def test_roles_resolve_only_through_organisatie_yaml(tmp_path: Path) -> None:
    write(tmp_path, waiver_file(aangevraagd_door="security officer", goedgekeurd_door="R. Jansen"))
    assert len(load_waivers(tmp_path, CONTROLS)) == 1  # no organisatie.yaml: no roles known
    (tmp_path / "organisatie.yml").write_text(ORGANISATION, encoding="utf-8")
    with pytest.raises(ConfigError, match="own requester"):
        load_waivers(tmp_path, CONTROLS)


@pytest.mark.parametrize(
    "organisation",
    ["rollen: [\n", "- a list\n", "rollen: geen\n", "rollen:\n  security officer: {}\n"],
)
def test_an_unusable_organisatie_yaml_gives_no_roles(tmp_path: Path, organisation: str) -> None:
    (tmp_path / "organisatie.yaml").write_text(organisation, encoding="utf-8")
    write(tmp_path, waiver_file(aangevraagd_door="security officer", goedgekeurd_door="R. Jansen"))
    assert len(load_waivers(tmp_path, CONTROLS)) == 1


@pytest.mark.parametrize(
    "key",
    [
        "control",
        "reden",
        "aangevraagd_door",
        "goedgekeurd_door",
        "goedgekeurd_op",
        "verloopt_op",
    ],
)
def test_a_waiver_missing_a_key_names_file_line_and_key(tmp_path: Path, key: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_waivers(write(tmp_path, waiver_file(**{key: ""})), CONTROLS)
    message = str(info.value)
    assert message.startswith(f"waivers.yaml:2: waiver misses {key};")
    assert "\n" not in message


# The waiver's own dates: expiry on or after approval, and no later than the horizon
# (inclusive), with calendar months and leap days.
@pytest.mark.parametrize(
    ("months", "approved", "expires", "accepted"),
    [
        (12, "2026-10-01", "2026-10-01", True),  # expires on its approval day
        (12, "2026-10-01", "2026-09-30", False),  # a day before its approval
        (12, "2026-10-01", "2027-10-01", True),  # exactly the horizon
        (12, "2026-10-01", "2027-10-02", False),  # a day past it
        (12, "2026-12-31", "2027-12-31", True),  # December 31st
        (12, "2026-12-31", "2028-01-01", False),
        (12, "2024-02-29", "2025-02-28", True),  # a leap day: one year is 28 February
        (12, "2024-02-29", "2025-03-01", False),
        (12, "2023-03-01", "2024-03-01", True),
        (12, "2023-03-01", "2024-03-02", False),
        (6, "2026-08-31", "2027-02-28", True),  # month end: 31 August + 6 months
        (6, "2026-08-31", "2027-03-01", False),
        (18, "2026-01-15", "2027-07-15", True),
        (18, "2026-01-15", "2027-07-16", False),
        (24, "2026-01-15", "2028-01-15", True),
        (24, "2026-01-15", "2028-01-16", False),
        (1, "2026-01-31", "2026-02-28", True),
        (1, "2026-01-31", "2026-03-01", False),
    ],
)
def test_waiver_dates_at_their_boundaries(
    tmp_path: Path, months: int, approved: str, expires: str, accepted: bool
) -> None:
    content = waiver_file(goedgekeurd_op=approved, verloopt_op=expires)
    write(tmp_path, content)
    if accepted:
        (waiver,) = load_waivers(tmp_path, CONTROLS, horizon(months))
        assert waiver.expires == date.fromisoformat(expires)
        assert waiver.approved_on == date.fromisoformat(approved)
        return
    with pytest.raises(ConfigError, match=r"^waivers\.yaml:2: waiver for 'PR\.07-bewaartermijnen'"):
        load_waivers(tmp_path, CONTROLS, horizon(months))


@pytest.mark.parametrize(
    ("months", "expected"),
    [
        (12, Duration(years=1)),
        (24, Duration(years=2)),
        (132, Duration(years=11)),
        (18, Duration(months=18)),
        (6, Duration(months=6)),
    ],
)
def test_the_horizon_in_months(months: int, expected: Duration) -> None:
    assert horizon(months).iso == expected.iso


@pytest.mark.parametrize(
    ("field", "value", "accepted"),
    [
        ("reden", "x" * 10, True),
        ("reden", "x" * 9, False),
        ("aangevraagd_door", "RJ", True),
        ("aangevraagd_door", "R", False),
        ("goedgekeurd_door", "MV", True),
        ("goedgekeurd_door", "M", False),
        ("control", "", False),
    ],
)
def test_minimum_lengths(tmp_path: Path, field: str, value: str, accepted: bool) -> None:
    content = waiver_file(**{field: value})
    if value == "":
        content = WAIVER.replace("control: PR.07-bewaartermijnen", "control: ''")
    write(tmp_path, content)
    if accepted:
        (waiver,) = load_waivers(tmp_path, CONTROLS)
        assert value in (waiver.reason, waiver.requested_by, waiver.approved_by)
        return
    with pytest.raises(ConfigError, match=rf"^waivers\.yaml:2: waiver 0\.{field}: "):
        load_waivers(tmp_path, CONTROLS)


def test_unknown_keys_are_refused(tmp_path: Path) -> None:
    content = WAIVER + "    opmerking: iets\n"
    with pytest.raises(ConfigError, match=r"^waivers\.yaml:2: waiver 0: "):
        load_waivers(write(tmp_path, content), CONTROLS)


@pytest.mark.parametrize("content", ["", "# nothing yet\n", "ontheffingen: []\n", "waivers: []\n"])
def test_an_empty_waiver_file_means_no_waivers(tmp_path: Path, content: str) -> None:
    assert load_waivers(write(tmp_path, content), CONTROLS) == []


def test_waivers_key_and_english_expiry_alias(tmp_path: Path) -> None:
    content = WAIVER.replace("ontheffingen:", "waivers:").replace("verloopt_op", "expires_on")
    (waiver,) = load_waivers(write(tmp_path, content), CONTROLS)
    assert waiver.expires == date(2027, 1, 31)


@pytest.mark.parametrize(
    ("as_of", "state", "days_left"),
    [
        ("2026-10-01", "active", 122),
        ("2027-01-30", "active", 1),
        ("2027-01-31", "active", 0),
        ("2027-02-01", "expired", -1),
    ],
)
def test_waiver_state_around_its_expiry(as_of: str, state: str, days_left: int) -> None:
    waiver = load_waivers_from_text(WAIVER)
    listed = waiver.to_json(date.fromisoformat(as_of), used=True)
    assert (listed["state"], listed["days_left"]) == (state, days_left)
    assert waiver.to_json(date.fromisoformat(as_of), used=False)["state"] == (
        "unused" if state == "active" else "expired"
    )
    assert listed["location"] == {"path": "waivers.yaml", "line": 2}


def load_waivers_from_text(content: str) -> Waiver:
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        (waiver,) = load_waivers(write(Path(folder), content), CONTROLS)
    return waiver


@pytest.mark.parametrize(
    "content",
    ["ontheffingen: geen\n", "andere_sleutel: []\n", "ontheffingen: {control: x}\n", "42\n"],
)
def test_a_waiver_file_that_is_not_a_list_stops_the_run(tmp_path: Path, content: str) -> None:
    with pytest.raises(ConfigError, match=r"^waivers\.yaml: waiver \(top\): "):
        load_waivers(write(tmp_path, content), CONTROLS)


def test_a_waiver_that_is_not_a_mapping_names_its_place(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"^waivers\.yaml: waiver 0: "):
        load_waivers(write(tmp_path, "ontheffingen:\n  - alleen tekst\n"), CONTROLS)


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("control", "5"),
        ("reden", "12345678901"),
        ("aangevraagd_door", "12"),
        ("goedgekeurd_door", "[M. de Vries, R. Jansen]"),
    ],
)
def test_a_field_that_is_not_text_names_its_place(tmp_path: Path, field: str, value: str) -> None:
    content = re.sub(rf"^( *-? *){field}: .*$", rf"\g<1>{field}: {value}", WAIVER, flags=re.M)
    assert content != WAIVER
    with pytest.raises(ConfigError, match=rf"^waivers\.yaml:2: waiver 0\.{field}: "):
        load_waivers(write(tmp_path, content), CONTROLS)


def test_a_one_letter_control_id_is_accepted(tmp_path: Path) -> None:
    (waiver,) = load_waivers(write(tmp_path, waiver_file(control="X")), ["X"])
    assert waiver.control == "X"


def test_the_json_of_a_waiver_carries_every_field() -> None:
    waiver = load_waivers_from_text(WAIVER)
    assert waiver.to_json(date(2027, 1, 1), used=True) == {
        "control": "PR.07-bewaartermijnen",
        "reason": "Nieuwe recorder is besteld; tot dan 8 weken.",
        "requested_by": "R. Jansen",
        "approved_by": "M. de Vries",
        "approved_on": "2026-10-01",
        "expires": "2027-01-31",
        "state": "active",
        "days_left": 30,
        "location": {"path": "waivers.yaml", "line": 2},
    }


def test_a_waiver_approved_at_the_end_of_the_calendar_names_its_date(tmp_path: Path) -> None:
    """Approved in 9999: no horizon can be added to it; one line, never a traceback."""
    write(tmp_path, waiver_file(goedgekeurd_op="9999-06-01", verloopt_op="9999-12-31"))

    with pytest.raises(ConfigError) as info:
        load_waivers(tmp_path, CONTROLS, horizon(12))
    assert str(info.value).startswith(
        "waivers.yaml:2: waiver for 'PR.07-bewaartermijnen': goedgekeurd_op: "
    )
    assert "check the approval date" in str(info.value)
