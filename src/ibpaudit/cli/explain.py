"""``ibpaudit explain ID``: what a norm (or control) asks of a dossier, level by level.

The norm's text from the framework, and per maturity level the evidence each check
reads: documents (type, metadata keys), registers (name, columns, the conditions in
plain words, an example row), attestations (statement, signer role, validity).
``--reference`` prints the Markdown reference of every register and document type
(``docs/registers.md`` is this output, kept in step by a test).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from ibpaudit.catalog import requirements as rq
from ibpaudit.errors import UsageError
from ibpaudit.model import Catalog, Control, canonical_control, former_ids, source_status
from ibpaudit.values import ValueParseError, normalise_name, parse_duration


def add_parser(sub: Any) -> argparse.ArgumentParser:
    explain: argparse.ArgumentParser = sub.add_parser(
        "explain",
        help="what evidence a norm or control needs, per maturity level",
        epilog="exit codes: 0 explained, 4 unknown ID or usage error",
    )
    explain.add_argument("id", nargs="?", metavar="ID", help="a norm (PV.P02) or control ID")
    explain.add_argument("--lang", choices=("nl", "en"), default="nl")
    explain.add_argument("--format", choices=("text", "json"), default="text")
    explain.add_argument(
        "--reference",
        action="store_true",
        help="print the Markdown reference of every register and document type",
    )
    explain.add_argument(
        "--dossier", type=Path, metavar="PATH", help="include this dossier's own controls/"
    )
    return explain


def _controls(catalog: Catalog, wanted: str) -> list[Control]:
    key = normalise_name(wanted)
    by_norm = [c for c in catalog.controls if normalise_name(c.norm) == key]
    return by_norm or [c for c in catalog.controls if normalise_name(c.id) == key]


def _duration(value: str | None, lang: str) -> str | None:
    if value is None:
        return None
    try:
        return f"{parse_duration(value).describe(lang)} ({value})"
    except ValueParseError:
        return value


def _need_json(need: rq.Need, reqs: rq.Requirements, lang: str) -> dict[str, Any]:
    out: dict[str, Any] = {"kind": need.kind, "name": need.name}
    if need.kind == "register":
        register = reqs.register(need.name)
        known = {c.name: c for c in register.columns} if register else {}
        cols = [known[c] for c in need.columns if c in known]
        out["columns"] = [{"name": c.name, "header": c.header, "kind": c.kind} for c in cols]
        out["rows"] = [c.get(lang) for c in need.selects]
        out["conditions"] = [c.get(lang) for c in need.conditions]
        out["example"] = {c.header: rq.example(c, lang) for c in cols}
    elif need.kind == "document":
        out["keys"] = list(need.keys)
        out["adopted_by"] = list(need.roles)
        out["topics"] = list(need.columns)
        out["conditions"] = [c.get(lang) for c in need.conditions]
        out["max_age"] = _duration(need.max_age, lang)
    else:
        out["statement"] = need.statement.get(lang) if need.statement else None
        out["roles"] = list(need.roles)
        out["max_age"] = _duration(need.max_age, lang)
    return out


def explain(catalog: Catalog, wanted: str, lang: str) -> dict[str, Any]:
    """The explanation as data (the JSON output; the text is rendered from it)."""
    controls = _controls(catalog, wanted)
    if not controls:  # an ID that has moved (the framework's aliases): the new one
        controls = _controls(catalog, canonical_control(wanted, catalog.aliases()))
    if not controls:
        raise UsageError(
            f"explain: '{wanted}' is no norm or control ID of the catalog (see 'ibpaudit controls')"
        )
    reqs = rq.derive(catalog)
    found = catalog.norm(controls[0].norm)
    norm: dict[str, Any] = {"id": controls[0].norm}
    if found is not None:
        framework, n = found
        status = source_status(n.source)
        norm.update(
            framework=framework.title.get(lang),
            title=n.title.get(lang),
            source=status.id,
            source_label=status.label.get(lang),
            formerly=list(former_ids(n.id, framework.aliases)),
            summary=n.summary.get(lang) if n.summary else None,
            levels={str(k): v.get(lang) for k, v in sorted(n.levels.items())},
        )
    out_controls = []
    for control in controls:
        levels: dict[str, list[dict[str, Any]]] = {}
        for spec in control.checks:
            levels.setdefault(str(spec.level), []).append(
                {
                    "check": spec.type,
                    "description": spec.description.get(lang) if spec.description else None,
                    "needs": [_need_json(n, reqs, lang) for n in rq.needs(spec)],
                }
            )
        out_controls.append(
            {
                "id": control.id,
                "title": control.title.get(lang),
                "sectors": list(control.sectors),
                "levels": levels,
            }
        )
    return {"norm": norm, "controls": out_controls}


_WORDS = {
    "nl": {
        "level": "Niveau",
        "register": "register",
        "document": "document van type",
        "attestation": "verklaring",
        "columns": "kolommen",
        "conditions": "elke rij moet",
        "rows": "geldt voor rijen waarin",
        "and": " en ",
        "doc_age": "niet ouder dan",
        "doc_conditions": "voorwaarde",
        "example": "voorbeeldrij",
        "keys": "metadata",
        "adopted_by": "vastgesteld door",
        "topics": "behandelt",
        "statement": "verklaart",
        "roles": "ondertekend door",
        "max_age": "geldig",
        "source": "bron",
        "formerly": "voorheen",
    },
    "en": {
        "level": "Level",
        "register": "register",
        "document": "document of type",
        "attestation": "attestation",
        "columns": "columns",
        "conditions": "every row must",
        "rows": "applies to rows where",
        "and": " and ",
        "doc_age": "no older than",
        "doc_conditions": "condition",
        "example": "example row",
        "keys": "metadata",
        "adopted_by": "adopted by",
        "topics": "covers",
        "statement": "states",
        "roles": "signed by",
        "max_age": "valid for",
        "source": "source",
        "formerly": "formerly",
    },
}


def text_lines(data: dict[str, Any], lang: str) -> list[str]:
    w = {**_WORDS[lang], **{k: v.get(lang) for k, v in rq.KIND_WORDS.items()}}
    norm = data["norm"]
    lines = [f"{norm['id']}: {norm.get('title', '')}"]
    if norm.get("framework"):
        lines.append(f"  ({norm['framework']})")
    if norm.get("source_label"):
        was = ", ".join(norm.get("formerly") or ())
        lines.append(
            f"  {w['source']}: {norm['source_label']}" + (f"; {w['formerly']} {was}" if was else "")
        )
    if norm.get("summary"):
        lines.append(f"  {norm['summary']}")
    for control in data["controls"]:
        lines += ["", f"{control['id']}: {control['title']}"]
        for level, checks in sorted(control["levels"].items()):
            scale = norm.get("levels", {}).get(level)
            lines.append(f"  {w['level']} {level}" + (f": {scale}" if scale else ""))
            for check in checks:
                lines.append(f"    - {check['description'] or check['check']}")
                for need in check["needs"]:
                    lines += _need_lines(need, w)
    return lines


def _need_lines(need: dict[str, Any], w: dict[str, str]) -> list[str]:
    pad = "        "
    lines = [f"      {w[need['kind']]} '{need['name']}'"]
    if need["kind"] == "register":
        cols = ", ".join(f"{c['name']} ({w[c['kind']]})" for c in need["columns"])
        lines.append(f"{pad}{w['columns']}: {cols}")
        if need["rows"]:
            lines.append(f"{pad}{w['rows']}: {w['and'].join(need['rows'])}")
        lines += [f"{pad}{w['conditions']}: {c}" for c in need["conditions"]]
        example = "; ".join(f"{k}: {v}" for k, v in need["example"].items())
        lines.append(f"{pad}{w['example']}: {example}")
    elif need["kind"] == "document":
        lines.append(f"{pad}{w['keys']}: {', '.join(need['keys']) or '-'}")
        if need["adopted_by"]:
            lines.append(f"{pad}{w['adopted_by']}: {', '.join(need['adopted_by'])}")
        if need["topics"]:
            lines.append(f"{pad}{w['topics']}: {', '.join(need['topics'])}")
        lines += [f"{pad}{w['doc_conditions']}: {c}" for c in need["conditions"]]
        if need["max_age"]:
            lines.append(f"{pad}{w['doc_age']}: {need['max_age']}")
    else:
        if need["statement"]:
            lines.append(f"{pad}{w['statement']}: {need['statement']}")
        lines.append(f"{pad}{w['roles']}: {', '.join(need['roles'])}")
        if need["max_age"]:
            lines.append(f"{pad}{w['max_age']}: {need['max_age']}")
    return lines


def _uses(uses: tuple[rq.Use, ...]) -> str:
    levels: dict[str, set[int]] = {}
    for use in uses:
        levels.setdefault(use.control, set()).add(use.level)
    return ", ".join(
        f"{control} ({'/'.join(str(n) for n in sorted(lv))})" for control, lv in levels.items()
    )


def reference(catalog: Catalog) -> str:
    """docs/registers.md: every register with its columns, every document type."""
    reqs = rq.derive(catalog)
    out = [
        "# Registers, documents and attestations the catalog reads",
        "",
        "Generated by `ibpaudit explain --reference` from the shipped catalog; do not edit",
        "by hand (tests/cli/test_explain.py keeps it in step). `ibpaudit init` writes a",
        "template for each. A column's header may be written in words (`Ondertekend op`",
        "for `ondertekend_op`). Kinds: date (dd-mm-jjjj or ISO), bool (ja/nee), duration",
        "(ISO 8601 such as P7Y), number, text. Readers are named as control (levels).",
        "",
        f"{len(reqs.registers)} registers, {len(reqs.documents)} document types, "
        f"{len(reqs.attestations)} attestations.",
        "",
        "## Registers",
        "",
    ]
    for register in reqs.registers:
        out += [f"### `{register.name}`", "", f"Read by {_uses(register.used_by)}.", ""]
        out += ["| column | header | kind | read by |", "|---|---|---|---|"]
        for column in register.columns:
            kind = column.kind + (f" ({', '.join(column.values)})" if column.values else "")
            out.append(f"| `{column.name}` | {column.header} | {kind} | {_uses(column.used_by)} |")
        out.append("")
    out += ["## Document types", "", "| type | metadata keys | read by |", "|---|---|---|"]
    for doc in reqs.documents:
        out.append(f"| `{doc.type}` | {', '.join(doc.keys)} | {_uses(doc.used_by)} |")
    out += ["", "## Attestations", "", "| id | signed by | valid for | read by |"]
    out.append("|---|---|---|---|")
    for att in reqs.attestations:
        out.append(
            f"| `{att.id}` | {', '.join(att.roles)} | {att.max_age or '-'} | {_uses(att.used_by)} |"
        )
    return "\n".join(out) + "\n"
