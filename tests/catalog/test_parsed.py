"""A catalog file outside the dossier is parsed once per content: its document, lines
included, is kept in the user's cache folder as plain data; a changed, deleted or
damaged record only costs the parsing again."""

from __future__ import annotations

import marshal
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from ibpaudit import catalog as catalog_mod
from ibpaudit.catalog import parsed
from ibpaudit.catalog.validated import KnownValid
from ibpaudit.model import Catalog, CheckType
from ibpaudit.yamlio import load_yaml, load_yaml_file
from support import PROJECT

CONTROL = """\
id: GO.02-eigen
norm: GO.02
title: {nl: Eigen, en: Own}
severity: medium
levels:
  2:
    - check: document
      type: ibp-beleid
"""


@pytest.fixture
def shipped(catalog_folder: Callable[[str], Path]) -> Path:
    return catalog_folder(CONTROL)


def load(dirs: list[Path], check_types: dict[str, CheckType]) -> Catalog:
    return catalog_mod.load(
        dirs, check_types, None, known=KnownValid.open(check_types, False, None)
    )


def record(cache: Path) -> Path:
    (found,) = (cache / "catalog").glob("*.parsed")
    return found


def typed(value: Any) -> Any:
    """The values with their types, mappings as plain mappings, for comparing."""
    if isinstance(value, dict):
        return {k: typed(v) for k, v in value.items()}
    if isinstance(value, list):
        return [typed(v) for v in value]
    return (type(value).__name__, value)


def test_every_shipped_file_comes_back_as_its_data() -> None:
    """Every value as parsed, without the lines (a message parses the file again)."""
    files = sorted((PROJECT / "controls").rglob("*.y*ml"))
    assert len(files) > 100
    for path in files:
        fresh = load_yaml_file(path, path.name, 5 * 1024 * 1024)
        back = parsed.decoded(marshal.loads(marshal.dumps(parsed.encode(fresh))))
        assert typed(back) == typed(fresh), path


def test_a_parsed_file_is_remembered_and_read_back(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    first = load([shipped], check_types)
    control = shipped / "GO" / "GO.02-eigen.yaml"
    digest = KnownValid.digest_of(
        catalog_mod.label_for(control, shipped, None), control.read_bytes()
    )
    assert digest is not None
    remembered = KnownValid.open(check_types, False, None).parsed(digest)
    assert typed(remembered) == typed(load_yaml(CONTROL, "x", 10_000))
    again = load([shipped], check_types)
    assert again == first


def test_a_remembered_document_is_not_parsed_again(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    """The record is trusted for the file whose name and bytes it was made from, which
    is what saves the parsing: a title changed in the record shows."""
    load([shipped], check_types)
    entries = marshal.loads(record(cache).read_bytes())
    for _, data in entries.values():
        if data.get("id") == "GO.02-eigen":
            data["title"]["en"] = "From the record"
    record(cache).write_bytes(marshal.dumps(entries))
    (control,) = load([shipped], check_types).controls
    assert control.title.en == "From the record"


def test_a_changed_file_is_parsed_again(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    load([shipped], check_types)
    path = shipped / "GO" / "GO.02-eigen.yaml"
    path.write_text(CONTROL.replace("en: Own", "en: Changed"))
    (control,) = load([shipped], check_types).controls
    assert control.title.en == "Changed"


def test_a_deleted_record_is_made_again(
    cache: Path, shipped: Path, check_types: dict[str, CheckType]
) -> None:
    first = load([shipped], check_types)
    record(cache).unlink()
    assert load([shipped], check_types) == first
    assert record(cache).stat().st_size > 0


@pytest.mark.parametrize(
    "damage",
    [
        b"\x00\xff not marshal" + bytes(range(256)),
        marshal.dumps(["not", "a", "record"]),
        None,  # every entry's shape broken
    ],
)
def test_a_damaged_record_is_ignored(
    cache: Path, shipped: Path, check_types: dict[str, CheckType], damage: bytes | None
) -> None:
    first = load([shipped], check_types)
    if damage is None:
        entries = marshal.loads(record(cache).read_bytes())
        damage = marshal.dumps({k: (0, "line?", [], None) for k in entries})
    record(cache).write_bytes(damage)
    assert load([shipped], check_types) == first


def test_dates_and_numbers_come_back_as_themselves() -> None:
    text = "a: 2024-01-31\nb: 2024-01-31 10:00:00\nc: [1, 2.5, true, null, '07']\n"
    fresh = load_yaml(text, "x", 1000)
    back = parsed.decoded(marshal.loads(marshal.dumps(parsed.encode(fresh))))
    assert typed(back) == typed(fresh)
    assert type(back["a"]).__name__ == "date" and type(back["b"]).__name__ == "datetime"


def test_what_plain_data_cannot_carry_is_not_remembered() -> None:
    with pytest.raises(parsed.Unsupported):
        parsed.encode(load_yaml("a: !!binary aGFsbG8=\n", "x", 1000))


def test_a_key_is_written_once_however_often_it_recurs() -> None:
    """Keys are written once per record (interned), so a catalog's thousands of ``nl``
    and ``en`` keys cost one string each, read back as one shared string."""
    text = "\n".join(f"k{i}: {{nl: a{i}, en: b{i}}}" for i in range(200))
    document = load_yaml(text, "x", 100_000)
    data = parsed.dumps({"x": parsed.encode(document)})
    assert data.count(b"nl") == 1  # not once per mapping
    back = parsed.decoded(parsed.loads(data)["x"])
    assert back == document
    firsts = [next(iter(back[f"k{i}"])) for i in range(200)]
    assert all(key is firsts[0] for key in firsts)


def test_a_problem_in_a_remembered_file_still_names_its_line(
    cache: Path, catalog_folder: Callable[[str], Path], check_types: dict[str, CheckType]
) -> None:
    """The record holds no lines; a message about a remembered file is made from the
    file's bytes parsed again, so it names the same line as the first run's."""
    folder = catalog_folder(CONTROL.replace("norm: GO.02", "norm: GO.99"))
    first, again = (load([folder], check_types).problems for _ in range(2))
    assert record(cache).stat().st_size > 0  # the second load read the record
    assert [p.line for p in first] == [p.line for p in again] == [2]
    assert [p.message for p in first] == [p.message for p in again]
