"""``waivers.yaml``: complete, approved by someone else, bounded, inclusive expiry."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ibpaudit.errors import ConfigError
from ibpaudit.waivers import load_waivers

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
