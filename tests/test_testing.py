"""The public test harness (``ibpaudit.testing``) tells a plugin author what is wrong in
English (``str()``, as pytest shows it) and in Dutch (``in_language("nl")``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ibpaudit import testing
from ibpaudit.errors import CatalogError, PluginError

AS_OF = date(2026, 11, 23)


def test_parameters_the_schema_refuses_are_named_in_both_languages(tmp_path: Path) -> None:
    with pytest.raises(CatalogError) as raised:
        testing.judge(tmp_path / "d", {}, "register", {"bestaat_niet": 1}, as_of=AS_OF)
    assert str(raised.value).startswith("check 'register': ")
    assert raised.value.in_language("nl").startswith("controle 'register': ")
    assert "bestaat_niet" in str(raised.value)
    assert "bestaat_niet" in raised.value.in_language("nl")


def test_a_plugin_that_cannot_be_used_is_named_in_both_languages(tmp_path: Path) -> None:
    misspelt = tmp_path / "misspelt.py"
    misspelt.write_text(
        "from ibpaudit import hookimpl\n\n\n@hookimpl\ndef ibpaudit_check_type():\n    return []\n",
        encoding="utf-8",
    )
    with pytest.raises(PluginError) as raised:
        testing.judge(
            tmp_path / "d", {}, "register", {"register": "x"}, as_of=AS_OF,
            plugins=[testing.load_plugin(misspelt)],
        )  # fmt: skip
    assert "'ibpaudit_check_type' is not an ibpaudit hook" in str(raised.value)
    assert "'ibpaudit_check_type' is geen hook van ibpaudit" in raised.value.in_language("nl")


def test_a_case_folder_without_its_control_is_named_in_both_languages(tmp_path: Path) -> None:
    (tmp_path / "cases" / "XX.99-onbekend" / "pass").mkdir(parents=True)
    with pytest.raises(CatalogError) as raised:
        testing.run_cases(tmp_path)
    english, dutch = str(raised.value), raised.value.in_language("nl")
    assert english.startswith("cases without a control of that ID: ")
    assert dutch.startswith("testgevallen zonder maatregel met dat ID: ")
    assert "XX.99-onbekend/pass" in english and "XX.99-onbekend/pass" in dutch
