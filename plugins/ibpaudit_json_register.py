"""Example ibpaudit reader plugin: registers kept as JSON, as many school systems export
them (a list of objects, one per row, or such a list under ``"rows"``).

``registers/verwerkersovereenkomsten.json``::

    [
      {"leverancier": "Leerling BV", "product": "Cijfers", "ondertekend_op": "2025-09-01"},
      {"leverancier": "Rooster NV", "product": "Rooster", "ondertekend_op": "2025-10-15"}
    ]

Every check that reads a register (``register``, ``cross_reference``, ...) can then use
it like a CSV or Excel register: column names are mapped to the evidence contract's
(``Leverancier`` and ``supplier`` become ``leverancier``), a finding names the row, and
the readers' safety limits hold. Rows are numbered from 1 in the order of the list.
"""

from __future__ import annotations

import json
from pathlib import Path

from ibpaudit import Evidence, EvidenceError, EvidenceFile, Limits, readers


def read(path: Path, file: EvidenceFile, limits: Limits) -> Evidence:
    content = readers.decode(readers.contents(path, file), file)
    try:
        data = json.loads(content)
    except json.JSONDecodeError as exc:
        raise EvidenceError(f"{file.path}:{exc.lineno}: not valid JSON ({exc.msg})") from None
    except RecursionError:
        raise EvidenceError(f"{file.path}: nested too deeply to be a register") from None
    rows = data.get("rows") if isinstance(data, dict) else data
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise EvidenceError(
            f"{file.path}: a JSON register is a list of objects (one per row), "
            'or such a list under "rows"'
        )
    names = list(dict.fromkeys(str(key) for row in rows for key in row))
    headers = readers.canonical_headers(names, file, 1)
    cells = ((number, None, [row.get(n) for n in names]) for number, row in enumerate(rows, 1))
    records, problems = readers.build_rows(headers, cells, file, limits)
    return Evidence(
        file=file,
        reader="json",
        columns=tuple(h for h in headers if h is not None),
        records=records,
        problems=tuple(problems),
        table=True,
    )


ibpaudit_read_evidence = readers.by_suffix({".json"}, read)
