"""Where a register's header row is: the first of the top rows filled at least half as
wide as the fullest, whatever kind of value a cell holds."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest

from ibpaudit.readers import find_header
from ibpaudit.values import is_empty


@pytest.mark.parametrize(
    ("rows", "header"),
    [
        (
            [
                ["Verwerkersovereenkomsten", "", ""],
                ["leverancier", "product", "datum"],
                ["a", "b", "c"],
            ],
            1,
        ),
        ([["leverancier", "product"], ["a", "b"]], 0),
        (
            [
                [" - ", "\u2013", "\u2014", ""],
                ["x", 3, date(2026, 1, 2), None],
                ["a", "b", "c", "d"],
            ],
            1,
        ),
        ([[math.nan, None, 0], [1.5, "b", []], ["a", "b", "c"]], 1),
        ([["alleen"], ["één"]], 0),
        ([], 0),
    ],
)
def test_the_header_is_the_first_row_filled_wide_enough(rows: list[list[Any]], header: int) -> None:
    assert find_header(rows) == header
    # As is_empty tells a cell, whatever its type:
    top = [sum(not is_empty(c) for c in row) for row in rows[:10]]
    widest = max(top, default=0)
    told = next(
        (
            i
            for i, n in enumerate(top)
            if n >= max(2, (widest + 1) // 2) or (widest == 1 and n == 1)
        ),
        0,
    )
    assert find_header(rows) == told
