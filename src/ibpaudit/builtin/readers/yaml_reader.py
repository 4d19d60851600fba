"""YAML evidence: registers (a list of rows, or rows under a key named after the
register), attestations, ``organisatie.yaml`` and ``.meta.yaml`` sidecars (mappings)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ibpaudit import readers
from ibpaudit.errors import EvidenceError
from ibpaudit.model import Evidence, EvidenceFile, Limits, Location, Problem, Record, text
from ibpaudit.values import canonical_column, normalise_name
from ibpaudit.yamlio import load_yaml

SUFFIXES = frozenset({".yaml", ".yml"})
# Keys under which a YAML register may keep its rows, besides the register's own name.
ROW_KEYS = frozenset({"rijen", "rows", "records", "registraties", "items"})


def _rows_key(data: Mapping[str, Any], stem: str) -> str | None:
    wanted = {normalise_name(stem), *ROW_KEYS}
    for key, value in data.items():
        if normalise_name(str(key)) in wanted and isinstance(value, list):
            return str(key)
    return None


def _line(item: object, fallback: int | None) -> int | None:
    return getattr(item, "line", None) or fallback


def _records(
    items: Sequence[Any], file: EvidenceFile, limits: Limits, parent_line: int | None
) -> tuple[tuple[str, ...], tuple[Record, ...], list[Problem]]:
    if len(items) > limits.max_rows:
        raise EvidenceError.of(
            text(
                "{f}: meer dan {n} rijen; splits het register",
                "{f}: more than {n} rows; split the register",
                f=file.path,
                n=limits.max_rows,
            )
        )
    columns: dict[str, None] = {}
    records: list[Record] = []
    problems: list[Problem] = []
    for number, item in enumerate(items, start=1):
        location = Location(file.path, file.sha256, line=_line(item, parent_line))
        if not isinstance(item, Mapping):
            problems.append(
                Problem(
                    text(
                        "item {n} is geen rij met kolommen (kolom: waarde) maar '{v}'",
                        "item {n} is not a row of columns (column: value) but '{v}'",
                        n=number,
                        v=item,
                    ),
                    location,
                )
            )
            continue
        values: dict[str, Any] = {}
        keys: dict[str, str] = {}
        for k, v in item.items():
            name = canonical_column(str(k)) or str(k)
            if name in keys:
                # As with two CSV headers: silently keeping one value could pass a check.
                raise EvidenceError.of(
                    text(
                        "{f}:{line}: de sleutels '{a}' en '{b}' betekenen allebei '{name}'; "
                        "hernoem of verwijder er een",
                        "{f}:{line}: keys '{a}' and '{b}' both mean '{name}'; rename or remove one",
                        f=file.path,
                        line=location.line,
                        a=keys[name],
                        b=k,
                        name=name,
                    )
                )
            keys[name] = str(k)
            values[name] = readers.clean(v)
        columns.update(dict.fromkeys(values))
        records.append(Record(values, location))
    return tuple(columns), tuple(records), problems


def _sidecar_stem(path: Path) -> str:
    name = path.name
    for suffix in (".meta.yaml", ".meta.yml"):
        if name.endswith(suffix):
            return name[: -len(suffix)]
    return path.stem


def read(path: Path, file: EvidenceFile, limits: Limits) -> Evidence:
    content = readers.contents(path, file)
    data = load_yaml(content, file.path, min(limits.max_yaml_bytes, limits.max_file_bytes))
    if data is None:
        raise EvidenceError.of(
            text(
                "{f}: is leeg; vul het in of verwijder het",
                "{f}: is empty; fill it in or remove it",
                f=file.path,
            )
        )
    if isinstance(data, list):
        columns, records, problems = _records(data, file, limits, 1)
        return Evidence(
            file,
            "yaml",
            columns=columns,
            records=records,
            problems=tuple(problems),
            metadata_line=1,
            table=True,
        )
    if not isinstance(data, Mapping):
        raise EvidenceError.of(
            text(
                "{f}: verwacht 'sleutel: waarde'-regels of een lijst van rijen, maar vond '{data}'",
                "{f}: expected a mapping (key: value) or a list of rows, found '{data}'",
                f=file.path,
                data=data,
            )
        )
    key = _rows_key(data, _sidecar_stem(path).split(".")[0])
    metadata = {k: v for k, v in data.items() if k != key}
    if key is None:
        return Evidence(
            file,
            "yaml",
            metadata=readers.canonical_metadata(metadata, file),
            metadata_line=_line(data, 1),
        )
    columns, records, problems = _records(data[key], file, limits, _line(data, 1))
    return Evidence(
        file,
        "yaml",
        metadata=readers.canonical_metadata(metadata, file),
        columns=columns,
        records=records,
        problems=tuple(problems),
        metadata_line=_line(data, 1),
        table=True,
    )


ibpaudit_read_evidence = readers.by_suffix(SUFFIXES, read)
