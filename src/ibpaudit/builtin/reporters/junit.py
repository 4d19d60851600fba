"""JUnit XML for CI: one test case per control, named by the control's ID and title.

Statuses map one-to-one (README, "How it works"): failed is ``<failure>``, error is
``<error>``, skipped and waived are ``<skipped>``. Names never carry a message, level or
date, so CI trend views stay stable from run to run. Run problems (catalog, plugin,
configuration) become extra error cases so that CI shows them. The output validates
against the Surefire XSD that pytest uses for its own JUnit files.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from ibpaudit import hookimpl
from ibpaudit import reporting as trust
from ibpaudit.model import (
    Location,
    ReportFormat,
    ReportOptions,
    Text,
    document_aliases,
    former_ids,
    source_status,
)
from ibpaudit.reporting import Selected, clipped, folded, shown

MESSAGE_MAX = 200

# What XML 1.0 does not allow: the control characters other than tab, LF and CR, the
# surrogates, U+FFFE and U+FFFF (the complement of its Char production, written as the
# characters it excludes: the negated class compiled ten times slower).
_ILLEGAL_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_WHITESPACE = re.compile(r"\s+")

_LABELS: dict[str, tuple[str, str]] = {
    "norm": ("Norm", "Norm"),
    "formerly": ("voorheen", "formerly"),
    "level_reached": ("Behaald niveau", "Level reached"),
    "target": ("doelniveau", "target level"),
    "none": ("geen", "none"),
    "status": ("Status", "Status"),
    "reason": ("Reden", "Reason"),
    "findings": ("Bevindingen", "Findings"),
    "checks": ("Toetsen", "Checks"),
    "no_checks": ("geen toetsen", "no checks"),
    "evidence": ("bewijs", "evidence"),
    "level": ("niveau", "level"),
    "waived": ("ontheffing", "waived"),
    "waivers": ("Ontheffingen", "Waivers"),
    "requested_by": ("aangevraagd door", "requested by"),
    "approved_by": ("goedgekeurd door", "approved by"),
    "expires": ("verloopt", "expires"),
    "problem": ("Probleem", "Problem"),
    "passed": ("geslaagd", "passed"),
    "failed": ("gefaald", "failed"),
    "error": ("fout", "error"),
    "skipped": ("overgeslagen", "skipped"),
    "active": ("actief", "active"),
    "expired": ("verlopen", "expired"),
    "unused": ("ongebruikt", "unused"),
    "kind.plugin": ("plugin", "plugin"),
    "kind.catalog": ("catalogus", "catalog"),
    "kind.config": ("configuratie", "configuration"),
}


def _clean(value: object) -> str:
    """A string that XML 1.0 can carry: illegal characters are dropped, not escaped."""
    return _ILLEGAL_XML.sub("", str(value))


def _one_line(value: str) -> str:
    line = _WHITESPACE.sub(" ", value).strip()
    return line if len(line) <= MESSAGE_MAX else line[: MESSAGE_MAX - 1].rstrip() + "…"


def _time(duration_ms: object) -> str:
    """Seconds with three decimals, as the XSD's SUREFIRE_TIME allows (no sign, no exponent)."""
    if not isinstance(duration_ms, int | float) or not math.isfinite(duration_ms):
        return "0.000"
    return f"{max(duration_ms, 0) / 1000:.3f}"


class _Writer:
    """Chooses the language once; every text goes through here."""

    def __init__(self, results: Mapping[str, Any], lang: str) -> None:
        self.results = results
        self.lang = lang
        self.norms = {n.get("id"): n for n in results.get("norms", ())}
        self.aliases = document_aliases(results)
        self.domains = {d.get("id"): d for d in results.get("domains", ())}
        self._places: dict[tuple[Any, ...], str] = {}

    def label(self, key: str) -> str:
        nl, en = _LABELS[key]
        return en if self.lang == "en" else nl

    def text(self, value: object) -> str:
        return Text.in_lang(value, self.lang) if value is not None else ""

    def location(self, loc: Mapping[str, Any] | None, with_hash: bool = False) -> str:
        if not loc:
            return ""
        # The same evidence is named by many checks: each place is described once. The
        # types are part of the key (a line 1 and a line 1.0 are written apart).
        key = (with_hash, *((k, type(v), v) for k, v in loc.items()))
        try:
            known = self._places.get(key)
            keep = True
        except TypeError:  # a value that cannot be a key: described every time
            known, keep = None, False
        if known is None:
            where = Location.from_json(loc).describe(self.lang)
            sha = loc.get("sha256")
            known = f"{where} (sha256 {str(sha)[:12]})" if with_hash and sha else where
            if keep:
                self._places[key] = known
        return known

    def finding(self, finding: Mapping[str, Any]) -> str:
        where = self.location(finding.get("location"))
        message = clipped(self.text(finding.get("message")), lang=self.lang)
        return f"{where} : {message}" if where else message

    def levels(self, control: Mapping[str, Any]) -> str:
        reached = control.get("level_reached")
        return (
            f"{self.label('level_reached')}: "
            f"{reached if reached is not None else self.label('none')}"
            f", {self.label('target')}: {control.get('target_level')}"
        )

    def norm_line(self, control: Mapping[str, Any]) -> str:
        norm_id = control.get("norm", "")
        norm = self.norms.get(norm_id)
        title = self.text(norm.get("title")) if norm else ""
        official = norm.get("official_id") if norm else None
        shown = f"{norm_id} (= {official})" if official else norm_id
        status = source_status(str(norm.get("source", ""))) if norm else source_status("")
        former = former_ids(str(norm_id), self.aliases)
        was = f"; {self.label('formerly')} {', '.join(former)}" if former else ""
        return (
            f"{self.label('norm')}: {shown} {title}".rstrip()
            + f" [{status.label.get(self.lang)}{was}]"
        )

    def waiver(self, waiver: Mapping[str, Any]) -> str:
        """Approver and expiry before the reason, so that a shortened message keeps them."""
        return (
            f"{self.label('waived')} ({self.label('approved_by')} "
            f"{waiver.get('approved_by', '')}, {self.label('expires')} "
            f"{waiver.get('expires', '')}): {waiver.get('reason', '')}"
        )

    def waiver_full(self, waiver: Mapping[str, Any]) -> str:
        requested = waiver.get("requested_by")
        return f"{self.waiver(waiver)}; {self._state(waiver)}" + (
            f"; {self.label('requested_by')} {requested}" if requested else ""
        )

    # -- test cases --------------------------------------------------------------------

    def classname(self, control: Mapping[str, Any]) -> str:
        domain_id = str(control.get("domain", ""))
        domain = self.domains.get(domain_id)
        title = self.text(domain.get("title")) if domain else ""
        return f"{domain_id}.{title}" if title else domain_id

    def names(self, controls: list[Mapping[str, Any]]) -> list[str]:
        """``<id> <title>``; the control file's path is added only where two would collide
        (``render`` then makes every name unique)."""
        base = [f"{c.get('id', '')} {self.text(c.get('title'))}".strip() for c in controls]
        counts = Counter(base)
        return [
            f"{name} ({c.get('path', '')})" if counts[name] > 1 else name
            for name, c in zip(base, controls, strict=True)
        ]

    def failing(
        self, control: Mapping[str, Any], wanted: tuple[str, ...] = ("failed", "error")
    ) -> Selected:
        checks = sorted(
            control.get("checks", ()), key=lambda c: (c.get("level", 0), c.get("index", 0))
        )
        return Selected((check.get("findings", ()) for check in checks), wanted)

    def body(self, control: Mapping[str, Any], findings: Sequence[Mapping[str, Any]]) -> str:
        lines = [self.norm_line(control), self.levels(control)]
        reason = control.get("reason")
        if reason:
            lines.append(f"{self.label('reason')}: {self.text(reason)}")
        if findings:
            lines.append(f"{self.label('findings')}:")
            first, rest = shown(findings)
            lines.extend(f"- {self.finding(f)}" for f in first)
            if rest:
                lines.append(f"- {folded(rest, self.lang)}")
        return "\n".join(lines)

    def system_out(self, control: Mapping[str, Any]) -> str:
        status = str(control.get("status", ""))
        lines = [
            self.norm_line(control),
            self.levels(control),
            f"{self.label('status')}: {self.label(status) if status in _LABELS else status}",
        ]
        if control.get("reason"):
            lines.append(f"{self.label('reason')}: {self.text(control['reason'])}")
        if control.get("waiver"):
            lines.append(self.waiver_full(control["waiver"]))
        checks = control.get("checks", ())
        lines.append(f"{self.label('checks')}:" if checks else f"{self.label('checks')}: -")
        for check in checks:
            check_status = str(check.get("status", ""))
            lines.append(
                f"- {self.label('level')} {check.get('level')}, {check.get('check', '')}: "
                f"{self.text(check.get('description'))} "
                f"[{self.label(check_status) if check_status in _LABELS else check_status}]"
            )
            lines.extend(
                f"    {self.label('evidence')}: {self.location(loc, with_hash=True)}"
                for loc in check.get("evidence", ())
            )
            first, rest = shown(check.get("findings", ()))
            lines.extend(f"    - {self.finding(f)}" for f in first)
            if rest:
                lines.append(f"    - {folded(rest, self.lang)}")
        return "\n".join(lines)

    def _state(self, waiver: Mapping[str, Any]) -> str:
        state = str(waiver.get("state", ""))
        return self.label(state) if state in _LABELS else state

    def testcase(self, control: Mapping[str, Any], name: str) -> _Element:
        case = _element(
            "testcase",
            classname=self.classname(control),
            name=name,
            time=_time(control.get("duration_ms", 0)),
        )
        status = control.get("status")
        findings = self.failing(control)
        if status in ("failed", "error"):
            wanted = self.failing(control, (status,)) or findings
            if wanted:
                message = self.finding(wanted[0])
            elif control.get("reason"):
                message = self.text(control["reason"])
            else:
                message = self.levels(control)
            tag, kind = (
                ("failure", "below-target") if status == "failed" else ("error", "evidence-error")
            )
            child = _element(tag, parent=case, message=_one_line(message), type=kind)
            child.text = _clean(self.body(control, findings))
        elif status == "waived":
            waiver = control.get("waiver")
            summary = self.waiver(waiver) if waiver else self.label("waived")
            skipped = _element("skipped", parent=case, type="waived", message=_one_line(summary))
            full = self.waiver_full(waiver) if waiver else summary
            skipped.text = _clean(f"{full}\n{self.body(control, findings)}")
        elif status == "skipped":
            reason = self.text(control.get("reason")) or self.label("skipped")
            skipped = _element("skipped", parent=case, message=_one_line(reason))
            skipped.text = _clean(reason)
        _element("system-out", parent=case).text = _clean(self.system_out(control))
        return case

    def problem_cases(
        self, problems: list[Mapping[str, Any]], names: list[str]
    ) -> Iterable[_Element]:
        for problem, name in zip(problems, names, strict=True):
            case = _element("testcase", classname="ibpaudit", name=name, time=_time(0))
            message = self.text(problem.get("message"))
            kind = str(problem.get("kind", ""))
            error = _element(
                "error", parent=case, message=_one_line(message), type=f"{kind}-problem"
            )
            label = self.label(f"kind.{kind}") if f"kind.{kind}" in _LABELS else kind
            error.text = _clean(f"{self.label('problem')} ({label}): {message}")
            yield case

    def waivers_out(self) -> str:
        waivers = self.results.get("waivers") or ()
        lines = [f"- {w.get('control', '')}: {self.waiver_full(w)}" for w in waivers]
        return "\n".join([f"{self.label('waivers')}:", *lines]) if lines else ""


def _deduplicate(names: list[str]) -> list[str]:
    """Later repeats get `` #2``, `` #3``, ...; never a name that is already taken."""
    taken = set(names)
    seen: set[str] = set()
    out = []
    for name in names:
        if name not in seen:
            seen.add(name)
            out.append(name)
            continue
        number = 2
        while f"{name} #{number}" in taken:
            number += 1
        taken.add(f"{name} #{number}")
        out.append(f"{name} #{number}")
    return out


class _Element:
    """An element of the JUnit file: attributes, and text or child elements."""

    __slots__ = ("attrs", "children", "tag", "text")

    def __init__(self, tag: str, attrs: dict[str, str]) -> None:
        self.tag = tag
        self.attrs = attrs
        self.text: str | None = None
        self.children: list[_Element] = []

    def append(self, child: _Element) -> None:
        self.children.append(child)

    def extend(self, children: Iterable[_Element]) -> None:
        self.children.extend(children)


def _element(tag: str, parent: _Element | None = None, **attrs: Any) -> _Element:
    element = _Element(tag, {key: _clean(value) for key, value in attrs.items()})
    if parent is not None:
        parent.append(element)
    return element


# XML escapes: text needs & < > escaped; an attribute value " too, and its tab, line
# feed and carriage return as references, or a reader would normalise them to spaces.
# Each a test and a replace (both scans in C): translate() with a table is ten times
# slower on the long texts of system-out.
_TEXT_ESCAPES = (("&", "&amp;"), ("<", "&lt;"), (">", "&gt;"))
_ATTR_ESCAPES = (*_TEXT_ESCAPES, ('"', "&quot;"), ("\r", "&#13;"), ("\n", "&#10;"), ("\t", "&#09;"))


def _escaped(value: str, escapes: tuple[tuple[str, str], ...]) -> str:
    for char, reference in escapes:
        if char in value:
            value = value.replace(char, reference)
    return value


def _serialize(element: _Element, out: list[str], level: int = 0) -> None:
    """``element`` as XML, each child on its own line indented two spaces a level (the
    layout of ElementTree's ``indent``); the text of an element is written as it is."""
    out.append("<" + element.tag)
    for key, value in element.attrs.items():
        out.append(f' {key}="{_escaped(value, _ATTR_ESCAPES)}"')
    if element.children:
        out.append(">")
        inner = "\n" + "  " * (level + 1)
        for child in element.children:
            out.append(inner)
            _serialize(child, out, level + 1)
        out.append("\n" + "  " * level + f"</{element.tag}>")
    elif element.text:
        out.append(f">{_escaped(element.text, _TEXT_ESCAPES)}</{element.tag}>")
    else:
        out.append(" />")


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    writer = _Writer(results, "en" if options.lang == "en" else "nl")
    controls = list(results.get("controls", ()))
    problems = list(results.get("problems", ()))
    statuses = Counter(str(c.get("status")) for c in controls)
    run = results.get("run", {})
    board = results.get("board", {})
    counts = {
        "tests": str(len(controls) + len(problems)),
        "failures": str(statuses["failed"]),
        "errors": str(statuses["error"] + len(problems)),
    }
    time = _time(run.get("duration_ms", 0))

    root = _element("testsuites", None, **{"name": "ibpaudit", "time": time, **counts})
    suite = _element(
        "testsuite",
        parent=root,
        name=f"ibpaudit: {board.get('name', '')}",
        skipped=str(statuses["skipped"] + statuses["waived"]),
        time=time,
        timestamp=str(run.get("started_at", "")),
        **counts,
    )
    properties = _element("properties", parent=suite)
    props = [
        ("board", board.get("name", "")),
        ("as_of", run.get("as_of", "")),
        ("target_level", run.get("target_level", "")),
        ("ibpaudit_version", results.get("tool", {}).get("version", "")),
        ("sector", board.get("sector") or ""),
    ]
    props += [
        (f"plugin:{p.get('name', '')}", p.get("version", "")) for p in results.get("plugins", ())
    ]
    # What of the dossier was code, and what it overrode in the catalog: one property each.
    props += [
        (
            f"dossier_code:{p.get('path')}",
            f"{p.get('sha256')}" + (" (refused)" if p.get("refused") else ""),
        )
        for p in results.get("plugins", ())
        if p.get("origin") == "local"
    ]
    props += [
        (f"catalog_override:{o.get('id')}", note)
        for o, note in zip(
            results.get("overrides", ()),
            trust.notes((), results.get("overrides", ()), writer.lang, shown=1_000),
            strict=True,
        )
    ]
    # What was seen of each norm's ID and title, and the IDs that moved: a CI view
    # that matched test cases by an old ID finds the new one here.
    props += [
        (f"norm_source:{n.get('id')}", source_status(str(n.get("source", ""))).id)
        for n in results.get("norms", ())
    ]
    props += [
        (f"renamed:{old}", c.get("id"))
        for c in controls
        for old in former_ids(str(c.get("id", "")), writer.aliases)
    ]
    props += [(f"renamed:{old}", new) for old, new in sorted(writer.aliases.items())]
    for name, value in props:
        _element("property", parent=properties, name=name, value=str(value))

    # One namespace for controls and run problems: every test case name is unique.
    names = _deduplicate(
        writer.names(controls) + [str(p.get("source", "")) or "ibpaudit" for p in problems]
    )
    for control, name in zip(controls, names[: len(controls)], strict=True):
        suite.append(writer.testcase(control, name))
    suite.extend(writer.problem_cases(problems, names[len(controls) :]))
    waivers = writer.waivers_out()
    if waivers:
        _element("system-out", parent=suite).text = _clean(waivers)

    out = ["<?xml version='1.0' encoding='utf-8'?>\n"]
    _serialize(root, out)
    out.append("\n")
    return "".join(out).encode("utf-8")


_REFUSED = " (refused: --dossier-as-data)"


@hookimpl
def ibpaudit_report_formats() -> list[ReportFormat]:
    return [
        ReportFormat(
            name="junit",
            filename="junit.xml",
            render=render,
            description=Text(
                nl="JUnit XML voor CI: één testgeval per maatregel",
                en="JUnit XML for CI: one test case per control",
            ),
        )
    ]
