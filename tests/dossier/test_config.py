"""``ibpaudit.yaml``: Dutch keys, English aliases, clear errors with a line number."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ibpaudit.dossier.config import load_config
from ibpaudit.errors import ConfigError
from support import EXAMPLE_BOARD


def write(tmp_path: Path, content: str) -> Path:
    (tmp_path / "ibpaudit.yaml").write_text(content, encoding="utf-8")
    return tmp_path


def test_example_board_config() -> None:
    config = load_config(EXAMPLE_BOARD)
    assert config.board == "Stichting Voorbeeldscholen"
    assert (config.sector, config.target_level, config.lang) == ("po", 3, "nl")
    assert config.as_of == date(2026, 11, 23)


def test_english_keys(tmp_path: Path) -> None:
    config = load_config(
        write(
            tmp_path,
            "board: Example Trust\ntarget_level: 4\nlanguage: en\n"
            "controls:\n  skip:\n    - id: GO.02-beleid\n      reason: handled by the trust\n",
        )
    )
    assert (config.board, config.target_level, config.lang) == ("Example Trust", 4, "en")
    assert config.skip == {"GO.02-beleid": "handled by the trust"}


def test_defaults_for_an_empty_file(tmp_path: Path) -> None:
    config = load_config(write(tmp_path, ""))
    assert config.target_level == 3 and config.formats == ("junit", "html", "json")


@pytest.mark.parametrize(
    ("content", "expected"),
    [
        ("doelniveau: 7\n", "ibpaudit.yaml:1: doelniveau"),
        ("bestuur: X\nrapporten:\n  formaat: [html]\n", "ibpaudit.yaml:3: rapporten"),
        ("peildatum: 30-02-2026\n", "ibpaudit.yaml:1: peildatum"),
        ("bestuur: [open\n", "ibpaudit.yaml:2:1: invalid YAML"),
        ("a: 1\na: 2\n", "appears twice"),
    ],
)
def test_errors_name_file_and_line(tmp_path: Path, content: str, expected: str) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, content))
    assert expected in str(info.value)


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ConfigError, match=r"ibpaudit\.yaml"):
        load_config(tmp_path)


def test_fail_on(tmp_path: Path) -> None:
    assert load_config(write(tmp_path, "")).fail_on is None
    config = load_config(write(tmp_path, "falen_bij: [error, 'failed:high']\n"))
    assert config.fail_on is not None
    assert config.fail_on.to_json() == ["failed:high", "error"]
    english = load_config(write(tmp_path, "fail_on: error,regression\n"))
    assert english.fail_on is not None
    assert english.fail_on.to_json() == ["error", "regression"]


def test_fail_on_mistake_names_file_and_line(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "bestuur: X\nfalen_bij: [failed, sometimes]\n"))
    assert str(info.value).startswith("ibpaudit.yaml:2: falen_bij: 'sometimes' is not an outcome")


@pytest.mark.parametrize(
    ("content", "line", "wrong", "meant"),
    [
        ("bestuur: X\ntaall: en\n", 2, "taall", "taal"),
        ("bestur: X\n", 1, "bestur", "bestuur"),
        ("bestuur: X\nrapporten:\n  formaat: [json]\n", 3, "formaat", "formaten"),
        ("bestuur: X\nbewijs:\n\n  registres: {}\n", 4, "registres", "registers"),
    ],
)
def test_an_unknown_key_names_its_line_and_the_key_meant(
    tmp_path: Path, content: str, line: int, wrong: str, meant: str
) -> None:
    (tmp_path / "ibpaudit.yaml").write_text(content, encoding="utf-8")
    with pytest.raises(ConfigError) as caught:
        load_config(tmp_path)
    error = caught.value
    for message in (str(error), error.in_language("en"), error.in_language("nl")):
        assert message.startswith(f"ibpaudit.yaml:{line}: ")
        assert f"'{wrong}'" in message and f"'{meant}'" in message
    assert error.in_language("nl") != error.in_language("en")  # both languages exist
    assert "Additional properties" not in str(error)  # our words, not the validator's


@pytest.mark.parametrize(
    ("written", "level"),
    [
        ("3", 3),
        ("Bepaald", 3),
        ("Gedefinieerd", 3),  # SIVON's naming of the same NBA scale
        ("gedefinieerd", 3),
        ("'niveau 4'", 4),
        ("Beheerst en meetbaar", 4),
        ("Initieel", 1),
        ("Ad hoc", 1),
        ("Continue verbeteren", 5),
        ("Continu verbeteren", 5),
    ],
)
def test_the_target_level_may_be_named(tmp_path: Path, written: str, level: int) -> None:
    assert load_config(write(tmp_path, f"doelniveau: {written}\n")).target_level == level


def test_an_unknown_level_name_lists_the_names_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(ConfigError) as info:
        load_config(write(tmp_path, "bestuur: X\ntarget_level: Uitmuntend\n"))
    assert str(info.value).startswith("ibpaudit.yaml:2: doelniveau: 'Uitmuntend'")
    assert "Gedefinieerd" in str(info.value) and "Beheerst en meetbaar" in str(info.value)
    assert "geen volwassenheidsniveau" in info.value.in_language("nl")
