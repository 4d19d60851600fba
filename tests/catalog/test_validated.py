"""Catalog files outside the dossier are validated once per content; the record lives in
the user's cache folder, which may be missing, corrupt or unwritable."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Any

import pytest

from ibpaudit import catalog as catalog_mod
from ibpaudit.catalog.validated import KnownValid, context_key
from ibpaudit.model import Catalog, CheckType, Text

# Passes the parser (every key it reads is there) but not the schema: 'severity' is no
# severity and 'onbekend' is no key of a control.
INVALID = """\
id: GO.02-kapot
norm: GO.02
title: {nl: Kapot, en: Broken}
severity: enorm
onbekend: ja
levels:
  2:
    - check: document
      type: ibp-beleid
"""
VALID = INVALID.replace("severity: enorm\nonbekend: ja\n", "severity: medium\n")


@pytest.fixture
def shipped(catalog_folder: Callable[[str], Path]) -> Path:
    return catalog_folder(VALID)


def load(dirs: list[Path], check_types: dict[str, CheckType], root: Path | None = None) -> Catalog:
    known = KnownValid.open(check_types, False, root)
    return catalog_mod.load(dirs, check_types, root, known=known)


def entries(cache: Path) -> list[str]:
    files = list((cache / "catalog").glob("*.txt")) if (cache / "catalog").is_dir() else []
    return [line for f in files for line in f.read_text().split()]


def test_valid_files_are_remembered_by_digest(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    first = load([shipped], check_types)
    assert first.problems == ()
    control = shipped / "GO" / "GO.02-eigen.yaml"
    label = catalog_mod.label_for(control, shipped, None)
    assert KnownValid.digest_of(label, control.read_bytes()) in entries(cache)
    assert len(entries(cache)) == 2  # the framework and the control
    again = load([shipped], check_types)
    assert [c.id for c in again.controls] == [c.id for c in first.controls]


def test_a_remembered_file_is_not_validated_again(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    load([shipped], check_types)
    control = shipped / "GO" / "GO.02-eigen.yaml"
    # Put the invalid file's digest in the record, as if it had passed before: the
    # record is trusted, which is what saves the validation time.
    control.write_text(INVALID)
    (entry,) = (cache / "catalog").glob("*.txt")
    digest = KnownValid.digest_of(
        catalog_mod.label_for(control, shipped, None), control.read_bytes()
    )
    entry.write_text(entry.read_text() + f"{digest}\n")
    assert load([shipped], check_types).problems == ()
    # Under other check types (another context) it is validated again.
    fewer = {k: v for k, v in check_types.items() if k != "attestation"}
    assert load([shipped], fewer).problems != ()


def test_a_changed_control_file_is_validated_again(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    assert load([shipped], check_types).problems == ()
    (shipped / "GO" / "GO.02-eigen.yaml").write_text(INVALID)
    problems = load([shipped], check_types).problems
    assert [p.path for p in problems] == ["ibpaudit:controls/GO/GO.02-eigen.yaml"] * len(problems)
    assert any("severity" in str(p.message.get("en")) for p in problems)


def test_deleted_cache_means_validation_again(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    load([shipped], check_types)
    shutil.rmtree(cache)
    (shipped / "GO" / "GO.02-eigen.yaml").write_text(INVALID)
    assert load([shipped], check_types).problems != ()
    assert len(entries(cache)) == 1  # the framework, validated and remembered again


def test_corrupt_cache_is_ignored(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    load([shipped], check_types)
    (entry,) = (cache / "catalog").glob("*.txt")
    entry.write_bytes(b"\x00\xff not a digest\n" + bytes(range(256)))
    (shipped / "GO" / "GO.02-eigen.yaml").write_text(INVALID)
    assert load([shipped], check_types).problems != ()
    assert entries(cache)[-1:] and all(len(e) == 64 for e in entries(cache))


def test_unwritable_cache_is_ignored(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    shipped: Path,
    check_types: dict[str, CheckType],
) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("the cache folder cannot be made below a file\n")
    monkeypatch.setenv("IBPAUDIT_CACHE_DIR", str(blocker / "cache"))
    assert load([shipped], check_types).problems == ()
    (shipped / "GO" / "GO.02-eigen.yaml").write_text(INVALID)
    assert load([shipped], check_types).problems != ()
    assert blocker.read_text().startswith("the cache")


def test_a_dossier_control_is_validated_every_run(
    cache: Path, tmp_path: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    root = tmp_path / "dossier"
    (root / "controls").mkdir(parents=True)
    own = root / "controls" / "eigen.yaml"
    own.write_text(VALID.replace("GO.02-kapot", "GO.02-eigen2"))
    load([shipped, root / "controls"], check_types, root)
    own_digest = KnownValid.digest_of(
        catalog_mod.label_for(own, root / "controls", root), own.read_bytes()
    )
    assert own_digest not in entries(cache)
    # Even a record claiming it valid does not spare a dossier's file its validation.
    own.write_text(INVALID)
    (entry,) = (cache / "catalog").glob("*.txt")
    bad = KnownValid.digest_of(
        catalog_mod.label_for(own, root / "controls", root), own.read_bytes()
    )
    entry.write_text(entry.read_text() + f"{bad}\n")
    problems = load([shipped, root / "controls"], check_types, root).problems
    assert {p.path for p in problems} == {"controls/eigen.yaml"}


def test_no_cache_inside_the_dossier(
    shipped: Path, check_types: dict[str, CheckType], cache_in_dossier: Path
) -> None:
    # cache_in_dossier comes last: the check types are found before the cache is moved.
    root = cache_in_dossier
    assert load([shipped], check_types, root).problems == ()
    assert not (root / ".cache").exists()


def test_the_key_follows_the_check_types_parameters() -> None:
    """Validity depends on each check type's parameter schema: another schema, or
    another check type, is another record; an equal schema made again is the same."""

    def types(schema: Mapping[str, Any], name: str = "document") -> dict[str, CheckType]:
        return {name: CheckType(name, lambda *a: None, schema, Text("d", "d"))}  # type: ignore[arg-type]

    base: dict[str, Any] = {"type": "object", "properties": {"type": {"type": "string"}}}
    key = context_key(types(base), False)
    assert context_key(types({**base}), False) == key
    assert context_key(types({**base, "required": ["type"]}), False) != key
    assert context_key(types(base, "register"), False) != key
    assert context_key(types(base), True) != key
