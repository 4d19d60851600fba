"""Load frameworks, controls and reference data, each validated before anything runs.

A catalog folder holds ``frameworks/*.yaml``, ``reference/*.yaml`` and control files
(``*.yaml`` anywhere else). Folders come in the order the plugins return them; a
control in a later folder replaces one with the same ID (a board's override).
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import os
from collections.abc import Iterable, Mapping
from dataclasses import replace
from pathlib import Path
from typing import Any

from ibpaudit.catalog import conditions
from ibpaudit.catalog.problems import place, problem
from ibpaudit.catalog.validated import KnownValid
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
    text,
)
from ibpaudit.model.provenance import LEGACY_STATUSES
from ibpaudit.schemas import load_schema
from ibpaudit.schemas.phrasing import DocPath, Issue, schema_issues, suggestion
from ibpaudit.values import ValueParseError, parse_duration
from ibpaudit.yamlio import LineDict, YamlError, load_yaml, read_yaml_bytes

FRAMEWORKS = "frameworks"
REFERENCE = "reference"
# A catalog's own test data: never read by an audit, so not part of what a run is made
# from (the run manifest leaves these folders out too).
TEST_FOLDERS = frozenset({"tests", "cases"})
_SKIP = frozenset({FRAMEWORKS, REFERENCE, *TEST_FOLDERS})
_DURATION_KEYS = frozenset({"max_age", "within", "plus", "minus"})
_MAX_BYTES = 5 * 1024 * 1024  # one catalog file


def _stringify_keys(value: Any) -> Any:
    """YAML gives ``2:`` as an int key; JSON Schema speaks of strings."""
    if isinstance(value, Mapping):
        return {str(k): _stringify_keys(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_stringify_keys(v) for v in value]
    return value


def label_for(path: Path, base: Path, root: Path | None) -> str:
    """How a catalog file is named in messages: dossier-relative, or ``ibpaudit:...``."""
    if root is not None and path.is_relative_to(root):
        return path.relative_to(root).as_posix()
    return f"ibpaudit:controls/{path.relative_to(base).as_posix()}"


_CONDITION_KEYS = ("where", "require")


def _semantic_issues(params: Mapping[str, Any], path: DocPath) -> list[Issue]:
    """What the schema cannot say, or says badly: conditions and durations."""
    found: list[Issue] = []
    for key, value in params.items():
        if key in _CONDITION_KEYS:
            if isinstance(value, list):
                for i, cond in enumerate(value):
                    found += conditions.issues(cond, (*path, key, i))
            else:
                found += conditions.issues(value, (*path, key))
        elif key in _DURATION_KEYS and isinstance(value, str):
            try:
                parse_duration(value)
            except ValueParseError as exc:
                found.append(Issue((*path, key), exc.text))
        elif isinstance(value, Mapping):
            found += _semantic_issues(value, (*path, key))
    return found


def check_spec_issues(spec: CheckSpec, check_types: Mapping[str, CheckType]) -> list[Issue]:
    """What is wrong with one check's parameters, by its type's schema (unknown types too).

    Conditions are judged by :func:`conditions.issues` first: where it finds something,
    the schema's vaguer complaint about the same condition is left out.
    """
    at: DocPath = ("levels", str(spec.level), spec.index)
    check_type = check_types.get(spec.type)
    if check_type is None:
        message = text(
            "'{t}' is geen checktype",
            "'{t}' is not a check type",
            t=spec.type,
        )
        hint = suggestion(spec.type, check_types) if check_types else Text("", "")
        return [Issue((*at, "check"), text("{m}{h}", "{m}{h}", m=message, h=hint))]
    semantic = _semantic_issues(spec.params, at)
    judged = {i.path[: len(at) + 1] for i in semantic if i.path[len(at)] in _CONDITION_KEYS}
    found = [
        i
        for i in schema_issues(check_type.schema, dict(spec.params), at)
        if i.path[: len(at) + 1] not in judged
    ]
    return sorted([*semantic, *found], key=lambda i: [str(p) for p in i.path])


def check_spec_errors(spec: CheckSpec, check_types: Mapping[str, CheckType]) -> list[Text]:
    """:func:`check_spec_issues` as messages, each after its place in the control."""
    return [
        text("{p}: {m}", "{p}: {m}", p=place(i.path), m=i.message)
        for i in check_spec_issues(spec, check_types)
    ]


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
                _status(d.get("prefix_source", "provisional")),
            )
            for d in data["domains"]
        ),
        norms=tuple(
            Norm(
                id=n["id"],
                domain=n["domain"],
                title=Text.of(n["title"]),
                source=_status(n["source"]),
                reference=n.get("reference"),
                summary=Text.of(n["summary"]) if "summary" in n else None,
                levels={int(k): Text.of(v) for k, v in n.get("levels", {}).items()},
            )
            for n in data["norms"]
        ),
        sources=tuple(data.get("sources", ())),
        path=label,
        aliases={a["old"]: a["new"] for a in data.get("aliases", ())},
    )


def _status(value: str) -> str:
    """A source status as it is meant today: an earlier value (``verified``) is read as
    what it promised (:data:`LEGACY_STATUSES`), so a board's own framework keeps working
    without claiming more than it showed."""
    return LEGACY_STATUSES.get(value, value)


def _framework_issues(data: Any) -> list[Issue]:
    if not isinstance(data, Mapping):
        return [Issue((), text("geen mapping", "not a mapping"))]
    found = schema_issues(load_schema("framework"), _stringify_keys(data))
    if found:
        return found
    domains = {d["id"] for d in data["domains"]}
    seen: set[str] = set()
    for i, norm in enumerate(data["norms"]):
        norm_id, domain = norm["id"], norm["domain"]
        if norm_id in seen:
            found.append(
                Issue(
                    ("norms", i, "id"),
                    text(
                        "norm '{n}' staat er twee keer in", "norm '{n}' is there twice", n=norm_id
                    ),
                )
            )
        seen.add(norm_id)
        if domain not in domains:
            message = text("domein '{d}' bestaat niet", "domain '{d}' does not exist", d=domain)
            found.append(Issue(("norms", i, "domain"), message))
        elif not norm_id.startswith(domain + "."):
            message = text(
                "'{n}' begint niet met zijn domein '{d}'",
                "'{n}' does not start with its domain '{d}'",
                n=norm_id,
                d=domain,
            )
            found.append(Issue(("norms", i, "id"), message))
    for i, alias in enumerate(data.get("aliases", ())):
        old, new = alias["old"], alias["new"]
        if old in seen:
            message = text(
                "'{o}' is nog een norm van dit raamwerk; een alias verwijst alleen van een "
                "oud ID dat geen norm meer is naar een norm",
                "'{o}' is still a norm of this framework; an alias only leads from an old "
                "ID that is no longer a norm to a norm",
                o=old,
            )
            found.append(Issue(("aliases", i, "old"), message))
        if new not in seen:
            message = text(
                "'{n}' is geen norm van dit raamwerk; een alias moet naar een norm wijzen",
                "'{n}' is not a norm of this framework; an alias must lead to a norm",
                n=new,
            )
            found.append(Issue(("aliases", i, "new"), message))
    return found


def control_issues(
    data: Any, check_types: Mapping[str, CheckType], strict_types: bool = False
) -> list[Issue]:
    """Everything wrong with one control document, each with its place in the file."""
    if not isinstance(data, Mapping):
        return [
            Issue(
                (),
                text(
                    "een maatregel is een mapping met id, norm, title, severity en levels",
                    "a control is a mapping with id, norm, title, severity and levels",
                ),
            )
        ]
    found = schema_issues(load_schema("control"), data)
    if not found and "max_evidence_age" in data:
        try:
            parse_duration(data["max_evidence_age"])
        except ValueParseError as exc:
            found.append(Issue(("max_evidence_age",), exc.text))
    for spec in _specs(data):
        if spec.type in check_types or strict_types:
            found += check_spec_issues(spec, check_types)
    return list(dict.fromkeys(found))


def _specs(data: Mapping[str, Any]) -> list[CheckSpec]:
    """The checks of a control that may fail its schema elsewhere: each that is shaped
    like a check, so that its own problems are reported in the same round."""
    levels = data.get("levels")
    if not isinstance(levels, Mapping):
        return []
    specs = []
    for level, items in levels.items():
        if not (isinstance(level, str) and level.isdigit() and isinstance(items, list)):
            continue
        for index, item in enumerate(items):
            if isinstance(item, Mapping) and isinstance(item.get("check"), str):
                params = {k: v for k, v in item.items() if k not in ("check", "description")}
                specs.append(CheckSpec(int(level), index, item["check"], params, None))
    return specs


def _yaml_files(folder: Path) -> Iterable[Path]:
    return sorted(p for p in folder.glob("*.y*ml") if p.is_file())


def _hidden(name: str) -> bool:
    return name.startswith((".", "_"))


def _control_files(base: Path) -> list[Path]:
    """The control files below ``base`` in path order: what ``base.rglob("*.y*ml")``
    gives, without the top-level folders of frameworks, reference data, tests and
    cases and without anything whose name starts with ``.`` or ``_``. Those folders are
    not entered at all (the shipped catalog's ``cases/`` alone has ~800 folders)."""
    found: list[tuple[tuple[str, ...], Path]] = []
    for top, folders, names in os.walk(base):
        here = Path(top)
        parts = here.relative_to(base).parts
        folders[:] = [d for d in folders if not _hidden(d) and (parts or d not in _SKIP)]
        # rglob gives a matching folder too (reading it is then a problem to report).
        for name in (*names, *folders):
            if not _hidden(name) and fnmatch.fnmatchcase(name, "*.y*ml"):
                found.append(((*parts, name), here / name))
    found.sort()
    return [path for _, path in found]


def load(
    dirs: Iterable[Path],
    check_types: Mapping[str, CheckType],
    root: Path | None = None,
    strict_types: bool = False,
    refuse_overrides: bool = False,
    known: KnownValid | None = None,
) -> Catalog:
    """Read every catalog folder; files that fail validation become catalog problems.

    Unknown check types are left for the engine to report per control (the plugin that
    offers them may have failed to load) unless ``strict_types`` is set. A control or
    reference file that replaces one of an earlier folder (a board's override) is
    recorded with what it changes; with ``refuse_overrides`` the earlier one is kept.

    With ``known``, a file outside the dossier ``root`` whose digest is in it is not
    validated again, and one that passes is added to it; files in the dossier are
    validated every time.
    """
    frameworks: list[Framework] = []
    controls: dict[str, Control] = {}
    reference: dict[str, Mapping[str, Any]] = {}
    problems: list[CatalogProblem] = []
    files: dict[Path, str] = {}  # each file read -> the SHA-256 of its bytes
    # control ID -> its document and bytes, for the line of a problem found later
    sources: dict[str, tuple[Any, bytes, str]] = {}
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

    def read(path: Path, label: str, outside: bool) -> tuple[Any, str | None, bytes]:
        """The parsed file, read once, its digest when its validation may be remembered
        (``outside``: its folder lies outside the dossier), and its bytes; one that was
        parsed before (its digest is remembered) comes from the cache, without its
        lines (see :func:`lined`). The SHA-256 of the bytes read goes into ``files``."""
        try:
            content = read_yaml_bytes(path, label, _MAX_BYTES)
        except YamlError as exc:
            problems.append(CatalogProblem(label, exc.text))
            return None, None, b""
        files[path] = hashlib.sha256(content).hexdigest()
        seen = KnownValid.digest_of(label, content) if known is not None and outside else None
        if known is not None and seen is not None:
            data = known.parsed(seen)
            if data is not None:
                return data, seen, content
        try:
            data = load_yaml(content, label, _MAX_BYTES)
        except YamlError as exc:
            problems.append(CatalogProblem(label, exc.text))
            return None, seen, content
        if known is not None and seen is not None:
            known.keep(seen, data)
        return data, seen, content

    def lined(data: Any, content: bytes, label: str) -> Any:
        """``data`` with the line of every mapping, for a message: a remembered document
        comes without them, so its bytes are parsed again (they parsed before)."""
        if isinstance(data, LineDict) or not isinstance(data, dict):
            return data
        try:
            return load_yaml(content, label, _MAX_BYTES)
        except YamlError:
            return data

    def remembered(seen: str | None) -> bool:
        return known is not None and seen is not None and seen in known

    def remember(seen: str | None) -> None:
        if known is not None and seen is not None:
            known.add(seen)

    dossier = None if root is None else root.resolve()
    for number, base in enumerate(dirs):
        if not base.is_dir():
            continue
        outside = dossier is None or not base.resolve().is_relative_to(dossier)
        for path in _yaml_files(base / FRAMEWORKS):
            label = label_for(path, base, root)
            data, seen, content = read(path, label, outside)
            if data is None:
                continue
            issues = [] if remembered(seen) else _framework_issues(data)
            if issues:
                data = lined(data, content, label)
                problems += [problem(label, data, issue) for issue in issues]
            else:
                remember(seen)
                frameworks.append(parse_framework(data, label))
        for path in _yaml_files(base / REFERENCE):
            label = label_for(path, base, root)
            data, _, content = read(path, label, outside)
            if isinstance(data, Mapping) and isinstance(data.get("id"), str):
                if replaced(REFERENCE, data["id"], number, label, data):
                    reference[data["id"]] = data
            elif data is not None:
                message = text(
                    "referentiegegevens hebben een 'id' nodig", "reference data needs an 'id'"
                )
                problems.append(problem(label, lined(data, content, label), Issue((), message)))
        for path in _control_files(base):
            label = label_for(path, base, root)
            data, seen, content = read(path, label, outside)
            if data is None:
                continue
            # Keys are text already (the loader makes them so); the lines of a problem
            # come from lined().
            if not remembered(seen):
                issues = control_issues(data, check_types, strict_types)
                if issues:
                    data = lined(data, content, label)
                    found = [problem(label, data, issue) for issue in issues]
                    problems += sorted(found, key=lambda p: p.line or 0)
                    continue
                remember(seen)
            control = parse_control(data, label)
            sources[control.id] = (data, content, label)
            if replaced("control", control.id, number, label, data):
                controls[control.id] = control
    known_norms = {n.id for fw in frameworks for n in fw.norms}
    renamed = {old: new for fw in frameworks for old, new in fw.aliases.items()}
    for control in list(controls.values()):
        if control.norm in renamed and control.norm not in known_norms:
            # A board's own control written for a norm that has since moved (PV.P01 ->
            # PR.03) follows the framework's alias table, as diff and history do.
            control = controls[control.id] = replace(control, norm=renamed[control.norm])
        if frameworks and control.norm not in known_norms:
            message = text(
                "norm '{n}' staat in geen enkel raamwerk; kies een norm uit "
                "frameworks/ (ibpaudit controls --coverage toont ze)",
                "norm '{n}' is in no framework; choose a norm from frameworks/ "
                "(ibpaudit controls --coverage lists them)",
                n=control.norm,
            )
            issue = Issue(("norm",), message)
            source = sources.get(control.id)
            problems.append(problem(control.path, source and lined(*source), issue))
            del controls[control.id]
    if known is not None:
        known.save()
    ordered = sorted(controls.values(), key=lambda c: (c.norm, c.id))
    return Catalog(
        tuple(frameworks), tuple(ordered), reference, tuple(problems), tuple(overrides), files
    )


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
