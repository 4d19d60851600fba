"""Load frameworks, controls and reference data, each validated before anything runs.

A catalog folder holds ``frameworks/*.yaml``, ``reference/*.yaml`` and control files
(``*.yaml`` anywhere else). Folders come in the order the plugins return them; a
control in a later folder replaces one with the same ID (a board's override).
"""

from __future__ import annotations

import functools
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jsonschema

from ibpaudit.catalog import conditions
from ibpaudit.model import (
    Catalog,
    CatalogProblem,
    Change,
    CheckSpec,
    CheckType,
    Control,
    Domain,
    Framework,
    Norm,
    Override,
    Status,
    Text,
)
from ibpaudit.values import ValueParseError, parse_duration
from ibpaudit.yamlio import YamlError, load_yaml_file

FRAMEWORKS = "frameworks"
REFERENCE = "reference"
_SKIP = frozenset({FRAMEWORKS, REFERENCE, "tests", "cases"})
_DURATION_KEYS = frozenset({"max_age", "within", "plus", "minus"})


@cache
@functools.cache
def load_schema(name: str) -> dict[str, Any]:
    """A packaged JSON Schema, read once per process (treat the result as read-only)."""
    data = resources.files("ibpaudit").joinpath("schemas", f"{name}.schema.json").read_text()
    return json.loads(data)  # type: ignore[no-any-return]


# One validator per schema object: building one resolves the schema's $refs, which costs
# more than validating a control with it. The schema is kept to pin its id.
_VALIDATORS: dict[int, tuple[Mapping[str, Any], jsonschema.Draft202012Validator]] = {}


def _validator(schema: Mapping[str, Any]) -> jsonschema.Draft202012Validator:
    cached = _VALIDATORS.get(id(schema))
    if cached is None:
        validator = jsonschema.Draft202012Validator(
            schema, format_checker=jsonschema.Draft202012Validator.FORMAT_CHECKER
        )
        cached = _VALIDATORS[id(schema)] = (schema, validator)
    return cached[1]


def _stringify_keys(value: Any) -> Any:
    """YAML gives ``2:`` as an int key; JSON Schema speaks of strings."""
    if isinstance(value, Mapping):
        return {str(k): _stringify_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_keys(v) for v in value]
    return value


def schema_errors(schema: Mapping[str, Any], data: Any, prefix: str = "") -> list[str]:
    """One line per schema violation, each starting with its place in the file."""
    errors = sorted(_validator(schema).iter_errors(data), key=lambda e: list(e.absolute_path))
    lines = []
    for error in errors:
        place = prefix + "".join(
            f"[{p}]" if isinstance(p, int) else f".{p}" for p in error.absolute_path
        )
        best = jsonschema.exceptions.best_match([error])
        lines.append(f"{place.lstrip('.') or '(top)'}: {best.message}")
    return lines


def label_for(path: Path, base: Path, root: Path | None) -> str:
    """How a catalog file is named in messages: dossier-relative, or ``ibpaudit:...``."""
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return f"ibpaudit:controls/{path.relative_to(base).as_posix()}"


def _semantic_errors(params: Mapping[str, Any], where: str) -> list[str]:
    errors: list[str] = []
    for key, value in params.items():
        if key in ("where", "require"):
            for i, cond in enumerate(conditions.as_list(value)):
                errors += conditions.validate(cond, f"{where}.{key}[{i}]")
        elif key in _DURATION_KEYS and isinstance(value, str):
            try:
                parse_duration(value)
            except ValueParseError as exc:
                errors.append(f"{where}.{key}: {exc}")
        elif isinstance(value, Mapping):
            errors += _semantic_errors(value, f"{where}.{key}")
    return errors


def check_spec_errors(spec: CheckSpec, check_types: Mapping[str, CheckType]) -> list[str]:
    """Validate one check's parameters against its type's schema (unknown types too)."""
    where = f"levels.{spec.level}[{spec.index}]"
    check_type = check_types.get(spec.type)
    if check_type is None:
        known = ", ".join(sorted(check_types)) or "none"
        return [f"{where}.check: unknown check type '{spec.type}' (known: {known})"]
    errors = schema_errors(check_type.schema, _stringify_keys(dict(spec.params)), where)
    return errors or _semantic_errors(spec.params, where)


def parse_control(data: Mapping[str, Any], label: str) -> Control:
    checks = []
    for level_key, items in data["levels"].items():
        for index, item in enumerate(items):
            params = {k: v for k, v in item.items() if k not in ("check", "description")}
            description = Text.of(item["description"]) if "description" in item else None
            checks.append(CheckSpec(int(level_key), index, item["check"], params, description))
    checks.sort(key=lambda c: (c.level, c.index))
    return Control(
        id=data["id"],
        norm=data["norm"],
        title=Text.of(data["title"]),
        description=Text.of(data["description"]) if "description" in data else None,
        severity=data["severity"],
        tags=tuple(data.get("tags", ())),
        checks=tuple(checks),
        path=label,
        sectors=tuple(data.get("sectors", ("po", "vo"))),
        scope=data.get("scope", "board"),
        personal_columns=tuple(data.get("personal_columns", ())),
        max_evidence_age=data.get("max_evidence_age"),
        stale_status=Status(data.get("stale", "error")),
    )


def parse_framework(data: Mapping[str, Any], label: str) -> Framework:
    return Framework(
        id=data["id"],
        title=Text.of(data["title"]),
        version=str(data["version"]),
        target_level=data["target_level"],
        maturity_scale={s["level"]: Text.of(s["name"]) for s in data["maturity_scale"]},
        domains=tuple(
            Domain(
                d["id"],
                d["number"],
                d["part"],
                Text.of(d["title"]),
                d.get("prefix_source", "provisional"),
            )
            for d in data["domains"]
        ),
        norms=tuple(
            Norm(
                id=n["id"],
                domain=n["domain"],
                title=Text.of(n["title"]),
                source=n["source"],
                reference=n.get("reference"),
                summary=Text.of(n["summary"]) if "summary" in n else None,
                levels={int(k): Text.of(v) for k, v in n.get("levels", {}).items()},
            )
            for n in data["norms"]
        ),
        sources=tuple(data.get("sources", ())),
        path=label,
    )


def _framework_errors(data: Mapping[str, Any]) -> list[str]:
    errors = schema_errors(load_schema("framework"), _stringify_keys(data))
    if errors:
        return errors
    domains = {d["id"] for d in data["domains"]}
    seen: set[str] = set()
    for i, norm in enumerate(data["norms"]):
        if norm["id"] in seen:
            errors.append(f"norms[{i}].id: duplicate norm '{norm['id']}'")
        seen.add(norm["id"])
        if norm["domain"] not in domains:
            errors.append(f"norms[{i}].domain: unknown domain '{norm['domain']}'")
        elif not norm["id"].startswith(norm["domain"] + "."):
            errors.append(f"norms[{i}].id: '{norm['id']}' does not start with its domain")
    return errors


def _yaml_files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())


def load(
    dirs: Iterable[Path],
    check_types: Mapping[str, CheckType],
    root: Path | None = None,
    strict_types: bool = False,
    refuse_overrides: bool = False,
) -> Catalog:
    """Read every catalog folder; files that fail validation become catalog problems.

    Unknown check types are left for the engine to report per control (the plugin that
    offers them may have failed to load) unless ``strict_types`` is set. A control or
    reference file that replaces one of an earlier folder (a board's override) is
    recorded with what it changes; with ``refuse_overrides`` the earlier one is kept.
    """
    frameworks: list[Framework] = []
    controls: dict[str, Control] = {}
    reference: dict[str, Mapping[str, Any]] = {}
    problems: list[CatalogProblem] = []
    overrides: list[Override] = []
    # ID -> (folder number, label, raw data) of what is in force, to describe overrides.
    raw: dict[tuple[str, str], tuple[int, str, Any]] = {}

    def replaced(kind: str, key: str, number: int, label: str, data: Any) -> bool:
        """Record ``data`` as in force, or as an override of an earlier folder's file;
        False when the override is refused and the earlier file stays in force."""
        before = raw.get((kind, key))
        if before is not None and before[0] < number:
            allowed = not refuse_overrides
            overrides.append(
                Override(kind, key, label, before[1], describe_changes(before[2], data), allowed)
            )
            if not allowed:
                return False
        raw[(kind, key)] = (number, label, data)
        return True

    def read(path: Path, label: str) -> Any:
        try:
            return load_yaml_file(path, label, 5 * 1024 * 1024)
        except YamlError as exc:
            problems.append(CatalogProblem(label, str(exc)))
            return None

    for number, base in enumerate(dirs):
        if not base.is_dir():
            continue
        for path in _yaml_files(base / FRAMEWORKS):
            label = label_for(path, base, root)
            data = read(path, label)
            if data is None:
                continue
            errors = _framework_errors(data) if isinstance(data, Mapping) else ["not a mapping"]
            if errors:
                problems += [
                    CatalogProblem(label, f"invalid framework {label}: {e}") for e in errors
                ]
            else:
                frameworks.append(parse_framework(data, label))
        for path in _yaml_files(base / REFERENCE):
            label = label_for(path, base, root)
            data = read(path, label)
            if isinstance(data, Mapping) and isinstance(data.get("id"), str):
                if replaced(REFERENCE, data["id"], number, label, data):
                    reference[data["id"]] = data
            elif data is not None:
                problems.append(CatalogProblem(label, f"{label}: reference data needs an 'id'"))
        for path in sorted(base.rglob("*.y*ml")):
            rel_parts = path.relative_to(base).parts
            if rel_parts[0] in _SKIP or any(p.startswith((".", "_")) for p in rel_parts):
                continue
            label = label_for(path, base, root)
            data = read(path, label)
            if data is None:
                continue
            data = _stringify_keys(data)
            errors = schema_errors(load_schema("control"), data)
            if not errors and "max_evidence_age" in data:
                try:
                    parse_duration(data["max_evidence_age"])
                except ValueParseError as exc:
                    errors.append(f"max_evidence_age: {exc.text.en}")
            if not errors:
                control = parse_control(data, label)
                for spec in control.checks:
                    if spec.type in check_types or strict_types:
                        errors += check_spec_errors(spec, check_types)
            if errors:
                problems += [CatalogProblem(label, f"invalid control {label}: {e}") for e in errors]
                continue
            if replaced("control", control.id, number, label, data):
                controls[control.id] = control
    known_norms = {n.id for fw in frameworks for n in fw.norms}
    for control in list(controls.values()):
        if frameworks and control.norm not in known_norms:
            problems.append(
                CatalogProblem(
                    control.path,
                    f"invalid control {control.path}: norm: '{control.norm}' is in no framework",
                )
            )
            del controls[control.id]
    ordered = sorted(controls.values(), key=lambda c: (c.norm, c.id))
    return Catalog(tuple(frameworks), tuple(ordered), reference, tuple(problems), tuple(overrides))


_SHOWN = 120  # characters of one value in a change; the file holds the rest


def _shown(value: Any) -> str:
    if value is _ABSENT:
        return "-"
    shown = json.dumps(value, ensure_ascii=False, default=str, sort_keys=True)
    if isinstance(value, str):
        shown = value
    return shown if len(shown) <= _SHOWN else shown[: _SHOWN - 1] + "…"


_ABSENT = object()


def describe_changes(shipped: Any, board: Any, path: str = "") -> tuple[Change, ...]:
    """Every leaf value that differs between two parsed YAML documents, in order."""
    if isinstance(shipped, Mapping) and isinstance(board, Mapping):
        changes: list[Change] = []
        for key in [*shipped, *(k for k in board if k not in shipped)]:
            where = f"{path}.{key}" if path else str(key)
            changes += describe_changes(shipped.get(key, _ABSENT), board.get(key, _ABSENT), where)
        return tuple(changes)
    if isinstance(shipped, list) and isinstance(board, list) and len(shipped) == len(board):
        return tuple(
            change
            for index, (old, new) in enumerate(zip(shipped, board, strict=True))
            for change in describe_changes(old, new, f"{path}[{index}]")
        )
    if shipped == board and type(shipped) is type(board):
        return ()
    return (Change(path or "(file)", _shown(shipped), _shown(board)),)
