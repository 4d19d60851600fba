"""Errors of signing, the manifest and plugins, in Dutch by default and in English with
--lang en (the officer's words: which file, what is wrong, what to do)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from ibpaudit import CheckType, Text, hookimpl
from ibpaudit.engine import manifest, plugins
from ibpaudit.errors import ConfigError, ExitCode
from support import EXAMPLE_BOARD, Cli


def test_a_file_that_is_no_key_cannot_sign_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    assert shutil.which("ssh-keygen") is not None, "openssh-client is needed for signing"
    not_a_key = tmp_path / "sleutel.txt"
    not_a_key.write_text("dit is geen sleutel\n", encoding="utf-8")

    dutch = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "nl"), "--sign", str(not_a_key))
    assert dutch.code == ExitCode.EVIDENCE_ERROR
    assert dutch.err.startswith(f"ibpaudit: --sign {not_a_key}: ssh-keygen kon niet ondertekenen: ")
    assert dutch.err.strip().endswith("is het een private SSH-sleutel?")

    english = cli("run", str(EXAMPLE_BOARD), "-o", str(tmp_path / "en"), "--sign",
                  str(not_a_key), "--lang", "en")  # fmt: skip
    assert english.err.startswith(f"ibpaudit: --sign {not_a_key}: ssh-keygen could not sign: ")
    assert english.err.strip().endswith("is it a private SSH key?")


def test_a_corrupt_manifest_is_named_in_both_languages(cli: Cli, tmp_path: Path) -> None:
    broken = tmp_path / "manifest.json"
    broken.write_text('{"manifest_version": ', encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        manifest.load(broken)
    assert raised.value.in_language("nl").startswith(f"{broken}: is geen JSON-manifest (")
    assert str(raised.value).startswith(f"{broken}: is not a JSON manifest (")

    dutch = cli("verify", str(broken), str(EXAMPLE_BOARD))
    assert dutch.code == ExitCode.EVIDENCE_ERROR
    assert dutch.err.startswith(f"ibpaudit: {broken}: is geen JSON-manifest (")
    english = cli("verify", str(broken), str(EXAMPLE_BOARD), "--lang", "en")
    assert english.err.startswith(f"ibpaudit: {broken}: is not a JSON manifest (")


def test_a_manifest_without_its_parts_asks_whether_it_was_edited(tmp_path: Path) -> None:
    edited = tmp_path / "manifest.json"
    edited.write_text(json.dumps({"manifest_version": manifest.MANIFEST_VERSION}), encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        manifest.load(edited)
    assert raised.value.in_language("nl") == (
        f"{edited}: het manifest heeft geen 'evidence'; is het bewerkt?"
    )
    assert str(raised.value) == f"{edited}: the manifest has no 'evidence'; was it edited?"


class _BadCheckTypes:
    """A plugin whose check type has no callable evaluate."""

    @hookimpl
    def ibpaudit_check_types(self) -> list[CheckType]:
        broken = CheckType("kapot", None, {}, Text.of("kapot"))  # type: ignore[arg-type]
        return [broken]


def test_a_plugin_problem_is_recorded_in_both_languages() -> None:
    manager = plugins.build(None, extra_plugins=[_BadCheckTypes()], entry_points_too=False)
    assert "kapot" not in manager.check_types()
    (problem,) = manager.problems
    assert problem.plugin == "_BadCheckTypes"
    assert problem.message.nl == (
        "plugin '_BadCheckTypes' faalde in ibpaudit_check_types: een CheckType heeft een "
        "naam en een aanroepbare evaluate nodig"
    )
    assert problem.message.en == (
        "plugin '_BadCheckTypes' failed in ibpaudit_check_types: a CheckType needs a name "
        "and a callable evaluate"
    )
