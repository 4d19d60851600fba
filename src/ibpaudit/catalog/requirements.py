"""What a catalog asks of a dossier, as data: every register with the columns the
controls read, every policy-document type with its metadata keys, every attestation.

Derived from the checks' parameters by their conventions (``register``, ``columns``,
``where``/``require`` conditions, ``label``, ``key``, ``column``, message placeholders,
``type``/``document_type`` with ``fields``, ``adopted_by``, ``review``, ``field``;
``id`` with ``roles`` for an attestation), so it works for any catalog, a dossier's own
controls included. A column's kind (date, yes/no, duration, number, text) is inferred
from the operators that read it. ``ibpaudit init`` writes templates from this and
``ibpaudit explain`` shows it.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from ibpaudit.catalog import conditions, describe
from ibpaudit.model import Catalog, CheckSpec, Control, Text
from ibpaudit.values import ValueParseError, canonical_column, parse_duration

DATE, BOOL, DURATION, NUMBER, TEXT = "date", "bool", "duration", "number", "text"
# When operators disagree, the more specific kind wins: a date also tested for empty
# stays a date.
_RANK = {DATE: 4, BOOL: 3, DURATION: 2, NUMBER: 1, TEXT: 0}
_DATE_OPS = frozenset({*conditions.DATE_OPERATORS, "within"})
_PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")

# The parameters a built-in check type reads when a control leaves them out.
CHECK_DEFAULTS: Mapping[str, Mapping[str, Any]] = {
    "retention": {
        "register": "bewaartermijnen",
        "category_column": "categorie",
        "period_column": "bewaartermijn",
    },
    "freshness": {"field": "vastgesteld_op"},
}
# Metadata every policy document carries (the evidence contract), before what checks add.
DOCUMENT_KEYS = ("titel", "type", "versie", "eigenaar")
ATTESTATION_KEYS = ("id", "verklaring", "ondertekend_door", "ondertekend_op", "geldig_tot")


@dataclass(frozen=True, order=True)
class Use:
    """Who reads a register, column, document or attestation: a control at a level."""

    norm: str
    control: str
    level: int


@dataclass(frozen=True)
class Column:
    name: str
    kind: str
    header: str  # the officer's words; canonical_column(header) == name
    values: tuple[str, ...]  # the values a condition names (``in``/``equals``), if any
    used_by: tuple[Use, ...]


@dataclass(frozen=True)
class Register:
    name: str
    columns: tuple[Column, ...]
    used_by: tuple[Use, ...]


@dataclass(frozen=True)
class Document:
    type: str
    keys: tuple[str, ...]  # front-matter keys, the contract's first
    dates: tuple[str, ...]  # the keys among them that hold a date
    adopted_by: tuple[str, ...]
    topics: tuple[str, ...]  # phrases a check wants the text to mention
    used_by: tuple[Use, ...]


@dataclass(frozen=True)
class Attestation:
    id: str
    statement: Text | None
    roles: tuple[str, ...]
    max_age: str | None
    used_by: tuple[Use, ...]


@dataclass(frozen=True)
class Need:
    """What one check reads: a register (with columns and conditions), a document type
    (with keys) or an attestation."""

    kind: str  # register | document | attestation
    name: str
    columns: tuple[str, ...] = ()
    conditions: tuple[Text, ...] = ()  # what each (selected) row or document must meet
    selects: tuple[Text, ...] = ()  # which rows are judged (``where``)
    keys: tuple[str, ...] = ()
    dates: tuple[str, ...] = ()  # the keys that hold a date
    roles: tuple[str, ...] = ()
    max_age: str | None = None
    statement: Text | None = None


@dataclass(frozen=True)
class Requirements:
    registers: tuple[Register, ...]
    documents: tuple[Document, ...]
    attestations: tuple[Attestation, ...]

    def register(self, name: str) -> Register | None:
        return next((r for r in self.registers if r.name == name), None)

    def document(self, doc_type: str) -> Document | None:
        return next((d for d in self.documents if d.type == doc_type), None)


def header_for(column: str) -> str:
    """``ondertekend_op`` → ``Ondertekend op``: a header that the readers map back."""
    words = column.replace("_", " ").strip()
    header = words[:1].upper() + words[1:]
    return header if canonical_column(header) == column else column


def _leaves(condition: Mapping[str, Any]) -> Iterator[Mapping[str, Any]]:
    for key in ("all", "any"):
        for sub in condition.get(key, ()):
            yield from _leaves(sub)
    for key in ("not", "if", "then", "else"):
        if key in condition:
            yield from _leaves(condition[key])
    if "column" in condition:
        yield condition


def _is_duration(value: Any) -> bool:
    if not isinstance(value, str):
        return False
    try:
        parse_duration(value)
    except ValueParseError:
        return False
    return True


def _condition_kinds(condition: Mapping[str, Any]) -> Iterator[tuple[str, str, tuple[str, ...]]]:
    """(column, kind, named values) for every column a condition reads."""
    for leaf in _leaves(condition):
        column = leaf["column"]
        op, value = next((k, v) for k, v in leaf.items() if k != "column")
        ref = value.get("column") if isinstance(value, Mapping) else None
        if op in _DATE_OPS:
            yield column, DATE, ()
            if ref:
                yield ref, DATE, ()
        elif op == "is":
            yield column, BOOL, ()
        elif op in ("at_most", "at_least"):
            kind = DURATION if _is_duration(value) else NUMBER
            yield column, kind, ()
            if ref:
                yield ref, kind, ()
        elif op in ("in", "not_in"):
            yield column, TEXT, tuple(str(v) for v in value) if op == "in" else ()
        elif op == "equals" and not isinstance(value, Mapping):
            yield column, BOOL if isinstance(value, bool) else TEXT, (str(value),)
        else:
            yield column, TEXT, ()
            if ref:
                yield ref, TEXT, ()
    for column in describe.columns(condition):  # anything the walk above missed
        yield column, TEXT, ()


def _placeholders(message: Any) -> set[str]:
    if isinstance(message, Mapping):
        return {name for v in message.values() for name in _PLACEHOLDER.findall(str(v))}
    return set(_PLACEHOLDER.findall(str(message))) if message else set()


def _register_side(
    side: Mapping[str, Any], extra: Iterable[str] = ()
) -> tuple[str, list[tuple[str, str, tuple[str, ...]]], dict[str, list[Text]]]:
    """The columns (with kinds) and conditions (``where``, ``require``) that one
    register-reading parameter set names."""
    found: list[tuple[str, str, tuple[str, ...]]] = []
    described: dict[str, list[Text]] = {"where": [], "require": []}
    for key in ("columns", "label", "key"):
        found += [(c, TEXT, ()) for c in side.get(key, ())]
    for key in ("where", "require"):
        for cond in conditions.as_list(side.get(key)):
            found += list(_condition_kinds(cond))
            described[key].append(describe.describe(cond))
    if "column" in side:
        found.append((side["column"], DATE, ()))
    if "category_column" in side:
        found.append((side["category_column"], TEXT, ()))
    if "period_column" in side:
        found.append((side["period_column"], DURATION, ()))
    found += [(c, TEXT, ()) for c in extra]
    return str(side["register"]), found, described


def needs(spec: CheckSpec) -> list[Need]:
    """What one check reads, by the parameter conventions of the check types."""
    params = {**CHECK_DEFAULTS.get(spec.type, {}), **spec.params}
    out: list[Need] = []
    if isinstance(params.get("register"), str):
        name, found, described = _register_side(params, _placeholders(params.get("message")))
        out.append(_register_need(name, found, described))
    sides = [params[k] for k in ("from", "to") if isinstance(params.get(k), Mapping)]
    for index, side in enumerate(sides):
        if isinstance(side.get("register"), str):
            extra = _placeholders(params.get("message")) if index == 0 else ()
            name, found, described = _register_side(side, extra)
            out.append(_register_need(name, found, described))
    doc_type = params.get("document_type") or (
        params.get("type") if spec.type != "attestation" else None
    )
    if isinstance(doc_type, str) and "register" not in params:
        keys = list(params.get("fields", ()))
        dates: list[str] = []
        if params.get("adopted_by"):
            keys += ["vastgesteld_op", "vastgesteld_door"]
            dates.append("vastgesteld_op")
        if params.get("review"):
            keys.append("volgende_review")
            dates.append("volgende_review")
        if "max_age" in params and "document_type" not in params:
            keys.append("vastgesteld_op")
            dates.append("vastgesteld_op")
        if "document_type" in params:
            keys.append(str(params.get("field", "vastgesteld_op")))
            dates.append(keys[-1])
        rules: list[Text] = []
        for cond in conditions.as_list(params.get("require")):
            for key, kind, _ in _condition_kinds(cond):
                keys.append(key)
                if kind == DATE:
                    dates.append(key)
            rules.append(describe.describe(cond))
        out.append(
            Need(
                "document",
                doc_type,
                columns=tuple(str(p) for p in params.get("contains", ())),
                conditions=tuple(rules),
                keys=tuple(dict.fromkeys(keys)),
                dates=tuple(dict.fromkeys(dates)),
                roles=tuple(params.get("adopted_by", ())),
                max_age=params.get("max_age"),
            )
        )
    if isinstance(params.get("id"), str) and isinstance(params.get("roles"), list):
        out.append(
            Need(
                "attestation",
                params["id"],
                keys=ATTESTATION_KEYS,
                roles=tuple(params["roles"]),
                max_age=params.get("max_age"),
                statement=spec.description,
            )
        )
    return out


def _register_need(
    name: str, found: list[tuple[str, str, tuple[str, ...]]], described: dict[str, list[Text]]
) -> Need:
    return Need(
        "register",
        name,
        columns=tuple(dict.fromkeys(c for c, _, _ in found)),
        conditions=tuple(described["require"]),
        selects=tuple(described["where"]),
    )


def column_kinds(spec: CheckSpec) -> Iterator[tuple[str, str, str, tuple[str, ...]]]:
    """(register, column, kind, values) for every register column one check reads."""
    params = {**CHECK_DEFAULTS.get(spec.type, {}), **spec.params}
    sides: list[tuple[Mapping[str, Any], set[str]]] = []
    if isinstance(params.get("register"), str):
        sides.append((params, _placeholders(params.get("message"))))
    for index, key in enumerate(("from", "to")):
        side = params.get(key)
        if isinstance(side, Mapping) and isinstance(side.get("register"), str):
            sides.append((side, _placeholders(params.get("message")) if index == 0 else set()))
    for side, extra in sides:
        name, found, _ = _register_side(side, extra)
        for column, kind, values in found:
            yield name, column, kind, values


@dataclass
class _Acc:
    kind: str = TEXT
    values: list[str] = field(default_factory=list)
    used_by: set[Use] = field(default_factory=set)


def _use(control: Control, spec: CheckSpec) -> Use:
    return Use(control.norm, control.id, spec.level)


def derive(catalog: Catalog) -> Requirements:
    """Every register, document type and attestation the catalog's controls read."""
    registers: dict[str, dict[str, _Acc]] = {}
    register_users: dict[str, set[Use]] = {}
    documents: dict[str, dict[str, Any]] = {}
    attestations: dict[str, Attestation] = {}
    for control in catalog.controls:
        for spec in control.checks:
            use = _use(control, spec)
            for name, column, kind, values in column_kinds(spec):
                register_users.setdefault(name, set()).add(use)
                acc = registers.setdefault(name, {}).setdefault(column, _Acc())
                if _RANK[kind] > _RANK[acc.kind]:
                    acc.kind = kind
                acc.values += [v for v in values if v not in acc.values]
                acc.used_by.add(use)
            for need in needs(spec):
                if need.kind == "register":
                    register_users.setdefault(need.name, set()).add(use)
                    registers.setdefault(need.name, {})
                elif need.kind == "document":
                    doc = documents.setdefault(
                        need.name,
                        {"keys": [], "dates": [], "roles": [], "topics": [], "users": set()},
                    )
                    doc["keys"] += [k for k in need.keys if k not in doc["keys"]]
                    doc["dates"] += [k for k in need.dates if k not in doc["dates"]]
                    doc["roles"] += [r for r in need.roles if r not in doc["roles"]]
                    doc["topics"] += [t for t in need.columns if t not in doc["topics"]]
                    doc["users"].add(use)
                elif need.kind == "attestation":
                    before = attestations.get(need.name)
                    users = (before.used_by if before else ()) + (use,)
                    attestations[need.name] = Attestation(
                        need.name,
                        (before.statement if before else None) or need.statement,
                        tuple(dict.fromkeys((*(before.roles if before else ()), *need.roles))),
                        need.max_age or (before.max_age if before else None),
                        tuple(sorted(set(users))),
                    )
    return Requirements(
        registers=tuple(
            Register(
                name,
                tuple(
                    Column(
                        column,
                        acc.kind,
                        header_for(column),
                        tuple(acc.values),
                        tuple(sorted(acc.used_by)),
                    )
                    for column, acc in registers[name].items()
                ),
                tuple(sorted(register_users.get(name, ()))),
            )
            for name in sorted(registers)
        ),
        documents=tuple(_document(doc_type, documents[doc_type]) for doc_type in sorted(documents)),
        attestations=tuple(attestations[key] for key in sorted(attestations)),
    )


def _document(doc_type: str, acc: Mapping[str, Any]) -> Document:
    keys = tuple(dict.fromkeys((*DOCUMENT_KEYS, *acc["keys"])))
    return Document(
        doc_type,
        keys,
        tuple(k for k in keys if k in acc["dates"]),
        tuple(acc["roles"]),
        tuple(acc["topics"]),
        tuple(sorted(acc["users"])),
    )


KIND_WORDS: Mapping[str, Text] = {
    DATE: Text("datum", "date"),
    BOOL: Text("ja/nee", "yes/no"),
    DURATION: Text("termijn", "duration"),
    NUMBER: Text("getal", "number"),
    TEXT: Text("tekst", "text"),
}


def example(column: Column, lang: str = "nl") -> str:
    """A value that fits the column, for an example row."""
    if column.kind == DATE:
        return "15-03-2026"
    if column.kind == BOOL:
        return "ja"
    if column.kind == DURATION:
        return "P7Y"
    if column.kind == NUMBER:
        return "1"
    if column.values:
        return column.values[0]
    return "(tekst)" if lang == "nl" else "(text)"
