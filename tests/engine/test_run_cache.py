"""``RunCache.school_of``: the school a register row names, looked up once per distinct
text (a register of 100,000 rows names a handful of schools)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ibpaudit import testing
from ibpaudit.dossier import Dossier, schools
from ibpaudit.dossier.config import load_config
from ibpaudit.engine import plugins
from ibpaudit.engine.run_cache import RunCache
from ibpaudit.model import Limits, Location, School

SCHOOLS = """scholen:
  - {brin: 00AA, naam: De Klimop}
  - {brin: 00AB, naam: Het Kompas}
"""
APPS = (
    "applicatie;school\n"
    "LAS;00AA\n"  # row 2
    "Rekenen;Het Kompas\n"  # row 3
    "Bord;alle\n"  # row 4: the whole board
    "Taal;00AA, 00AB\n"  # row 5: two schools
    "Klok;\n"  # row 6
    "Mail;00AA\n"  # row 7: a text seen before
    "Kaart;00ZZ\n"  # row 8: no school of this board
)
LIST_REGISTER = """applicaties:
  - {applicatie: LAS, scholen: [00AB]}
  - {applicatie: Bord, scholen: [00AA, 00AB]}
"""


class CountingIndex(schools.SchoolIndex):
    """The real index, counting how often a cell is looked up."""

    def __init__(self, found: tuple[School, ...]) -> None:
        super().__init__(found)
        self.looked_up: list[Any] = []

    def of_value(self, value: Any) -> tuple[School, ...] | None:
        self.looked_up.append(value)
        return super().of_value(value)


def _cache(root: Path, files: dict[str, str]) -> RunCache:
    testing.write_dossier(root, {"organisatie.yaml": SCHOOLS, **files})
    dossier = Dossier.load(root, load_config(root), plugins.build(root), Limits())
    cache = RunCache(dossier)
    cache.index = CountingIndex(cache.schools)
    return cache


def test_a_row_naming_one_school_gives_its_brin(tmp_path: Path) -> None:
    cache = _cache(tmp_path, {"registers/applicaties.csv": APPS})
    path = "registers/applicaties.csv"

    found = [cache.school_of(Location(path, row=row)) for row in range(2, 9)]

    assert found == ["00AA", "00AB", None, None, None, "00AA", None]
    assert cache.school_of(Location(path, row=99)) is None  # no such row
    assert cache.school_of(Location(path)) is None  # the file, not a row
    assert cache.school_of(None) is None


def test_each_distinct_text_is_looked_up_once(tmp_path: Path) -> None:
    cache = _cache(tmp_path, {"registers/applicaties.csv": APPS})
    path = "registers/applicaties.csv"

    for _ in range(3):
        for row in range(2, 9):
            cache.school_of(Location(path, row=row))

    assert isinstance(cache.index, CountingIndex)
    looked_up = cache.index.looked_up
    assert sorted(looked_up) == sorted({"00AA", "Het Kompas", "alle", "00AA, 00AB", "00ZZ"})


def test_a_yaml_list_of_schools_is_read_as_before(tmp_path: Path) -> None:
    cache = _cache(tmp_path, {"registers/applicaties.yaml": LIST_REGISTER})
    ev = cache.dossier.get("registers/applicaties.yaml")
    assert ev is not None
    first, second = (r.location for r in ev.records)

    assert cache.school_of(first) == "00AB"
    assert cache.school_of(second) is None  # two schools: none in particular


def test_only_a_table_with_a_school_column_can_name_a_school(tmp_path: Path) -> None:
    cache = _cache(
        tmp_path,
        {
            "registers/applicaties.csv": APPS,
            "registers/datalekken.csv": "kenmerk;ontdekt_op\nDL-1;01-01-2026\n",
        },
    )

    assert cache.names_schools("registers/applicaties.csv")
    assert not cache.names_schools("registers/datalekken.csv")
    assert not cache.names_schools("registers/bestaat-niet.csv")
    assert cache.school_of(Location("registers/datalekken.csv", row=2)) is None
