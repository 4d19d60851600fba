"""Which controls a run covers: ``--only``/``--skip`` by control ID, norm, domain or tag."""

from __future__ import annotations

import pytest

from ibpaudit import engine
from ibpaudit.engine import plugins
from ibpaudit.engine import selection as selecting
from ibpaudit.model import Catalog
from ibpaudit.model.gate import Selection
from support import EXAMPLE_BOARD


@pytest.fixture(scope="module")
def catalog() -> Catalog:
    return engine.load_catalog(plugins.build(EXAMPLE_BOARD), EXAMPLE_BOARD)


def test_selection_by_id_norm_domain_and_tag(catalog: Catalog) -> None:
    def chosen(selection: Selection) -> set[str]:
        return {
            c.id for c in catalog.controls if selection.includes(c, selecting.domain_of(c, catalog))
        }

    everything = chosen(Selection())
    assert len(everything) == len(catalog.controls)
    assert chosen(Selection(only=("GO.02-beleid",))) == {"GO.02-beleid"}
    assert chosen(Selection(only=("go.02",))) == {"GO.02-beleid"}, "selectors ignore case"
    assert chosen(Selection(only=("GB",))) == {c for c in everything if c.startswith("GB.")}
    datalekken = chosen(Selection(only=("datalekken",)))
    assert "GB.02-datalekken" in datalekken and len(datalekken) > 1
    assert chosen(Selection(skip=("datalekken",))) == everything - datalekken
    assert chosen(Selection(only=("GB",), skip=("GB.02",))) == {
        c for c in everything if c.startswith("GB.") and not c.startswith("GB.02")
    }


def test_unknown_selectors_list_close_matches(catalog: Catalog) -> None:
    known = selecting.known_selectors(catalog)
    assert selecting.unknown_selectors(["GO.02", "PV", "privacy", "GO.02-beleid"], known) == []
    (message,) = selecting.unknown_selectors(["GO.2"], known)
    assert "unknown selector 'GO.2'" in message.en and "GO.02" in message.en
    assert "onbekende selectie 'GO.2'" in message.nl and "lijkt op: GO.02" in message.nl
    (message,) = selecting.unknown_selectors(["zzzz"], known)
    assert "close matches" not in message.en and "lijkt op" not in message.nl
