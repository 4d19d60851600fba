"""JSON Schema errors in our own words, in Dutch and English: from each error's kind
(unknown key, missing key, wrong type, ...) and the schema it broke, with a suggestion
where a close match exists, so no jsonschema wording reaches the user. Used for control
files (``catalog.problems`` adds the place in a control) and the board's own files
(``ibpaudit.yaml``, ``organisatie.yaml``)."""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any

from ibpaudit.i18n import Text, text
from ibpaudit.schemas import validator
from ibpaudit.yamlio import key_line

if TYPE_CHECKING:
    from jsonschema import ValidationError

DocPath = tuple[str | int, ...]
"""A place in a YAML document as JSON Schema gives it: keys and 0-based list indexes."""


@dataclass(frozen=True)
class Issue:
    """One thing wrong in a catalog file: its place in the document, and the message.

    ``key`` names the key the issue is about when that key is not on ``path`` itself
    (an unknown key is reported at its mapping): its own line is then the one to show.
    """

    path: DocPath
    message: Text
    key: str | None = None


_KIND = {
    "string": ("tekst", "text"),
    "array": ("een lijst", "a list"),
    "object": ("een mapping (sleutel: waarde)", "a mapping (key: value)"),
    "integer": ("een geheel getal", "a whole number"),
    "number": ("een getal", "a number"),
    "boolean": ("true of false", "true or false"),
    "null": ("leeg", "empty"),
}
_SHOWN = 60  # characters of a value shown in a message


def shown(value: Any) -> str:
    """A value as the user wrote it, shortened."""
    if isinstance(value, date):  # a YAML date, shown as written
        value = value.isoformat()
    out = value if isinstance(value, str) else json.dumps(value, ensure_ascii=False, default=str)
    return out if len(out) <= _SHOWN else out[: _SHOWN - 1] + "…"


def _found(value: Any) -> Text:
    if isinstance(value, bool):
        return text("{v}", "{v}", v=str(value).lower())
    if isinstance(value, str):
        return text("de tekst '{v}'", "the text '{v}'", v=shown(value))
    if isinstance(value, list):
        return text("een lijst", "a list")
    if isinstance(value, Mapping):
        return text("een mapping", "a mapping")
    if value is None:
        return text("niets", "nothing")
    return text("{v}", "{v}", v=shown(value))


def _kinds(types: str | Sequence[str]) -> Text:
    names = [types] if isinstance(types, str) else list(types)
    nl = " of ".join(_KIND.get(t, (t, t))[0] for t in names)
    en = " or ".join(_KIND.get(t, (t, t))[1] for t in names)
    return Text(nl, en)


def suggestion(word: str, known: Iterable[str]) -> Text:
    """``; did you mean 'x'?`` for a close match, else the known words."""
    options = sorted(known)
    import difflib  # only for a suggestion: not imported by every run

    close = difflib.get_close_matches(word, options, n=1, cutoff=0.6)
    if close:
        return text("; bedoelt u '{c}'?", "; did you mean '{c}'?", c=close[0])
    return text("; mogelijk zijn: {k}", "; allowed are: {k}", k=", ".join(options))


def _is_condition(schema: Mapping[str, Any]) -> bool:
    props = schema.get("properties", {})
    return "column" in props and "equals" in props


def _preferred(properties: Mapping[str, Any]) -> list[str]:
    """The keys to suggest: an alias (a property that is only a ``$ref`` to a sibling,
    e.g. the English ``formats`` for ``formaten``) gives way to the key it stands for."""
    out: list[str] = []
    for key, schema in properties.items():
        ref = schema.get("$ref") if isinstance(schema, Mapping) else None
        target = ref.rsplit("/", 1)[-1] if isinstance(ref, str) else None
        if target is None or target not in properties or "/properties/" not in str(ref):
            out.append(key)
    return out


def phrase(error: ValidationError) -> list[Issue]:
    """Our own words for one (most specific) JSON Schema error."""
    path: DocPath = tuple(error.absolute_path)
    value, schema, rule = error.instance, error.schema, error.validator
    expected: Any = error.validator_value
    if not isinstance(schema, Mapping):
        schema = {}
    if rule == "additionalProperties" and isinstance(value, Mapping):
        known = _preferred(schema.get("properties", {}))
        issues = []
        for key in (k for k in value if k not in known):
            if _is_condition(schema):
                what = text("'{k}' is geen operator", "'{k}' is not an operator", k=key)
                known = [k for k in known if k != "column"]
            else:
                what = text(
                    "'{k}' is hier geen bekende sleutel", "'{k}' is not a known key here", k=key
                )
            issues.append(
                Issue(path, text("{w}{s}", "{w}{s}", w=what, s=suggestion(key, known)), key)
            )
        return issues
    if rule == "required" and isinstance(value, Mapping):
        return [
            Issue(path, text("'{k}' ontbreekt; vul het in", "'{k}' is missing; add it", k=key))
            for key in expected
            if key not in value
        ]
    if rule == "type":
        message = text(
            "moet {t} zijn; gevonden: {f}",
            "must be {t}; found {f}",
            t=_kinds(expected),
            f=_found(value),
        )
    elif rule == "enum":
        message = text(
            "'{v}' is hier niet toegestaan",
            "'{v}' is not allowed here",
            v=shown(value),
        )
        options = [str(o) for o in expected]
        message = text("{m}{s}", "{m}{s}", m=message, s=suggestion(str(value), options))
    elif rule == "const":
        message = text(
            "moet {c} zijn; gevonden: {f}",
            "must be {c}; found {f}",
            c=shown(expected),
            f=_found(value),
        )
    elif rule == "pattern" and path and path[-1] == "levels":
        message = text(
            "niveau '{v}' bestaat niet; niveaus zijn 2 tot en met 5",
            "level '{v}' does not exist; levels are 2 to 5",
            v=shown(value),
        )
        return [Issue(path, message, str(value))]
    elif rule == "pattern":
        message = text(
            "'{v}' heeft niet de vorm die hier hoort ({p})",
            "'{v}' does not have the form needed here ({p})",
            v=shown(value),
            p=expected,
        )
    elif rule in ("minItems", "minProperties", "minLength"):
        message = text("mag niet leeg zijn", "may not be empty")
    elif rule in ("minimum", "exclusiveMinimum"):
        message = text(
            "moet minstens {m} zijn; gevonden: {f}",
            "must be at least {m}; found {f}",
            m=expected,
            f=_found(value),
        )
    elif rule in ("maximum", "exclusiveMaximum"):
        message = text(
            "mag hoogstens {m} zijn; gevonden: {f}",
            "must be at most {m}; found {f}",
            m=expected,
            f=_found(value),
        )
    elif rule == "format":
        message = text(
            "'{v}' is geen geldige {k}",
            "'{v}' is not a valid {k}",
            v=shown(value),
            k=expected,
        )
    else:  # oneOf, not, maxProperties, ...: no single key to blame
        message = text(
            "{f} heeft niet een vorm die hier is toegestaan; zie docs/editors.md voor het "
            "schema dat uw editor kan gebruiken",
            "{f} does not have a form allowed here; see docs/editors.md for the schema "
            "your editor can use",
            f=_found(value),
        )
    return [Issue(path, message)]


def schema_issues(schema: Mapping[str, Any], data: Any, prefix: DocPath = ()) -> list[Issue]:
    """Every schema violation of ``data``, each in its most specific form and our words."""
    issues: list[Issue] = []
    checker = validator(schema)
    from jsonschema.exceptions import best_match  # imported by validator() already

    for error in checker.iter_errors(data):
        best = best_match([error])
        issues += [Issue(prefix + i.path, i.message, i.key) for i in phrase(best)]
    issues.sort(key=lambda i: [str(p) for p in i.path])
    return list(dict.fromkeys(issues))


def located(label: str, data: Any, issue: Issue) -> tuple[int | None, Text]:
    """The line of the key an issue is about (None: unknown), and ``file:line: message``."""
    steps = [*issue.path, issue.key] if issue.key is not None else list(issue.path)
    line = key_line(data, steps) if data is not None else None
    where = f"{label}:{line}" if line else label
    at = ".".join(str(s) for s in issue.path)
    if at:
        return line, text("{w}: {a}: {m}", "{w}: {a}: {m}", w=where, a=at, m=issue.message)
    return line, text("{w}: {m}", "{w}: {m}", w=where, m=issue.message)
