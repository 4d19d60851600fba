"""What ``ibpaudit`` prints: the controls that need work, waiver warnings, baseline
changes and one summary line (stderr for ``run``; ``diff`` prints its lines to stdout)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

from ibpaudit import inert
from ibpaudit import reporting as trust
from ibpaudit.model import Location

STATUS_NAMES: dict[str, dict[str, str]] = {
    "nl": {
        "passed": "geslaagd",
        "failed": "gefaald",
        "error": "fout",
        "skipped": "overgeslagen",
        "waived": "ontheffing",
    },
    "en": {
        "passed": "passed",
        "failed": "failed",
        "error": "error",
        "skipped": "skipped",
        "waived": "waived",
    },
}
_MAX_FINDINGS = 3  # distinct findings shown per control
# More failed controls than this (a dossier just begun) are listed per domain.
DETAILED_CONTROLS = 15
_IDS_PER_DOMAIN = 6
# A waiver that ends within this many days is warned about on every run.
WAIVER_WARNING_DAYS = 30
_LABELS = {
    "nl": {
        "regressions": "REGRESSIE",
        "improvements": "VERBETERING",
        "changes": "WIJZIGING",
        "warning": "WAARSCHUWING",
    },
    "en": {
        "regressions": "REGRESSION",
        "improvements": "IMPROVEMENT",
        "changes": "CHANGE",
        "warning": "WARNING",
    },
}


def _location(loc: Mapping[str, Any], lang: str) -> str:
    return Location.from_json(loc).describe(lang)


def finding_line(finding: Mapping[str, Any], lang: str) -> str:
    """One line, whatever the evidence holds: its line breaks become spaces."""
    message = inert.one_line(str(finding["message"][lang]))
    location = finding.get("location")
    if location is None:
        return message
    place = _location(location, lang)
    if message.startswith(f"{location['path']}:") and place == location["path"]:
        return message  # a reader's message that already names the file
    return f"{place}: {message}"


def problem_line(problem: Mapping[str, Any], lang: str) -> str:
    """A run problem as ``ibpaudit run`` prints it: the message, after its source unless
    the message already names it."""
    message = str(problem["message"][lang])
    source = str(problem["source"])
    return message if message.startswith(source) else f"{source}: {message}"


def name_warnings(names: Iterable[Mapping[str, Any]], lang: str) -> Iterator[str]:
    """One line per file or sheet whose name holds personal data, named with that data
    hidden: reports show the same hidden name, so the board should rename it."""
    for name in names:
        # The hidden names of two files can be the same; their hashes never are.
        where = f"{name['path']} (SHA-256 {str(name['sha256'])[:12]})"
        if name.get("sheet") is not None:
            where += f", {'blad' if lang == 'nl' else 'sheet'} '{name['sheet']}'"
        yield (
            f"LET OP: {where}: de naam bevat persoonsgegevens; geef het een andere naam"
            if lang == "nl"
            else f"WARNING: {where}: the name holds personal data; rename it"
        )


def control_lines(control: Mapping[str, Any], lang: str) -> Iterator[str]:
    """A control that needs work: its verdict, then its findings grouped without
    repeats, each with the maturity level it stands in the way of (``niveau 3``)."""
    names = STATUS_NAMES.get(lang, STATUS_NAMES["nl"])
    reason = control["reason"][lang] if control.get("reason") else ""
    yield f"{names[control['status']].upper():<13} {control['id']}: {reason}"
    counted: dict[tuple[int, str], int] = {}
    for check in sorted(control["checks"], key=lambda c: int(c["level"])):
        for finding in check["findings"]:
            if finding["status"] != "passed":
                key = (int(check["level"]), finding_line(finding, lang))
                counted[key] = counted.get(key, 0) + 1
    level_word = "niveau" if lang == "nl" else "level"
    for (level, line), times in list(counted.items())[:_MAX_FINDINGS]:
        repeat = f" ({times}x)" if times > 1 else ""
        yield f"{'':<14}- {level_word} {level}: {line}{repeat}"
    if len(counted) > _MAX_FINDINGS:
        more = len(counted) - _MAX_FINDINGS
        yield f"{'':<14}  (+{more} {'meer' if lang == 'nl' else 'more'})"


def _domain_lines(
    document: Mapping[str, Any], controls: Sequence[Mapping[str, Any]], lang: str
) -> Iterator[str]:
    """Many failed controls (a new dossier): one line per domain, naming its controls."""
    names = STATUS_NAMES.get(lang, STATUS_NAMES["nl"])
    titles = {d["id"]: d["title"][lang] for d in document.get("domains", ())}
    by_domain: dict[str, list[str]] = {}
    for control in controls:
        by_domain.setdefault(str(control["domain"]), []).append(str(control["id"]))
    for domain, ids in by_domain.items():
        title = f" ({titles[domain]})" if domain in titles else ""
        n = len(ids)
        if lang == "nl":
            count = f"{n} {'maatregel' if n == 1 else 'maatregelen'} onder het doel"
        else:
            count = f"{n} {'control' if n == 1 else 'controls'} below target"
        shown = ", ".join(ids[:_IDS_PER_DOMAIN])
        if n > _IDS_PER_DOMAIN:
            shown += f" (+{n - _IDS_PER_DOMAIN})"
        yield f"{names['failed'].upper():<13} {domain}{title}: {count}: {shown}"


def summary_lines(
    document: Mapping[str, Any],
    written: Sequence[Path],
    lang: str,
    quiet: bool = False,
    verbose: bool = False,
) -> Iterator[str]:
    """The console's account of a run. Controls in *error* and waived controls are
    always listed one by one; failed controls too, unless there are more than
    :data:`DETAILED_CONTROLS` of them (a new dossier): then one line per domain, the
    findings being in the reports (``verbose``: always one by one)."""
    names = STATUS_NAMES.get(lang, STATUS_NAMES["nl"])
    if not quiet:
        needing_work = [c for c in document["controls"] if c["status"] not in ("passed", "skipped")]
        failed = [c for c in needing_work if c["status"] == "failed"]
        grouped = not verbose and len(failed) > DETAILED_CONTROLS
        for control in needing_work:
            if not (grouped and control["status"] == "failed"):
                yield from control_lines(control, lang)
        if grouped:
            yield from _domain_lines(document, failed, lang)
            reports = ", ".join(str(p) for p in written if p.suffix in (".html", ".md"))
            where = f" ({reports})" if reports else ""
            yield (
                f"ibpaudit: de bevindingen per maatregel staan in de rapporten{where}; "
                "'ibpaudit explain ID' zegt welk bewijs een maatregel vraagt, "
                "--verbose toont alles hier"
                if lang == "nl"
                else f"ibpaudit: the findings per control are in the reports{where}; "
                "'ibpaudit explain ID' says what evidence a control needs, "
                "--verbose shows everything here"
            )
        for unread in document["run"].get("unread_files", ()):
            yield f"{_LABELS[lang]['warning']:<13} {inert.one_line(str(unread['message'][lang]))}"
        for problem in document["problems"]:
            message = str(problem["message"][lang])
            if not message.startswith(str(problem["source"])):
                message = f"{problem['source']}: {message}"
            yield f"{names['error'].upper():<13} {message}"
    # Warnings and the regressions that decide a --baseline run's exit code show even
    # with --quiet: they are why the run passes or fails.
    yield from waiver_warnings(document, lang)
    ceiling_line = waiver_ceiling_line(
        document["summary"].get("waivers_open", 0), document["summary"].get("waiver_ceiling"), lang
    )
    if ceiling_line:
        yield ceiling_line
    if document["run"].get("personal_data") == "shown":
        yield (
            "LET OP: persoonsgegevens staan onversleuteld in deze rapporten "
            "(--show-personal-data); deel ze niet"
            if lang == "nl"
            else "NOTE: personal data is shown in these reports (--show-personal-data); "
            "do not share them"
        )
    yield from name_warnings(document["run"].get("personal_data_in_names", ()), lang)
    baseline = document.get("baseline")
    if baseline is not None:
        for change in baseline["regressions"]:
            yield change_line(change, "regressions", lang)
    s = document["summary"]
    counts = ", ".join(f"{s[k]} {names[k]}" for k in names if s[k])
    if document["problems"]:
        n = len(document["problems"])
        word = (
            ("problem" if n == 1 else "problems")
            if lang == "en"
            else ("probleem" if n == 1 else "problemen")
        )
        counts += f", {n} {word}"
    board = document["board"]["name"]
    label = "controls" if lang == "en" else "maatregelen"
    reports = ", ".join(str(p) for p in written)
    arrow = f" -> {reports}" if reports else ""
    yield f"ibpaudit: {board}: {s['controls']} {label} ({counts}){_versus(baseline, lang)}{arrow}"


def _versus(baseline: Mapping[str, Any] | None, lang: str) -> str:
    """``; 2 regressions against OLD.json`` for a --baseline run."""
    if baseline is None:
        return ""
    n = len(baseline["regressions"])
    if lang == "en":
        return f"; {n} regression{'s' * (n != 1)} against {baseline['path']}"
    return f"; {n} {'regressie' if n == 1 else 'regressies'} t.o.v. {baseline['path']}"


def change_line(change: Mapping[str, Any], group: str, lang: str) -> str:
    """One line per baseline change: label, control or norm, the file of its first
    finding, what changed and that finding."""
    label = _LABELS["en" if lang == "en" else "nl"][group]
    parts = [f"{label} {change['id']}"]
    if change.get("location"):
        parts.append(_location(change["location"], lang))
    what = str(change["message"][lang])
    if change.get("finding"):
        what += f"; {change['finding'][lang]}"
    return ": ".join(parts) + f": {what}"


def waiver_warnings(document: Mapping[str, Any], lang: str) -> Iterator[str]:
    """A line for every waiver that has expired or ends within WAIVER_WARNING_DAYS."""
    label = _LABELS["en" if lang == "en" else "nl"]["warning"]
    for waiver in document.get("waivers", ()):
        where = _location(waiver["location"], lang) if waiver.get("location") else "waivers.yaml"
        days = waiver.get("days_left")
        who = waiver["approved_by"]
        if waiver["state"] == "expired":
            message = (
                f"waiver for {waiver['control']} expired on {waiver['expires']} "
                f"(approved by {who}); it no longer covers the control"
                if lang == "en"
                else f"ontheffing voor {waiver['control']} is verlopen op {waiver['expires']} "
                f"(goedgekeurd door {who}); die dekt de control niet meer"
            )
        elif days is not None and days <= WAIVER_WARNING_DAYS:
            when = _days(days, lang)
            message = (
                f"waiver for {waiver['control']} expires {when} ({waiver['expires']} "
                f"inclusive, approved by {who}); renew it or fix the control"
                if lang == "en"
                else f"ontheffing voor {waiver['control']} verloopt {when} (tot en met "
                f"{waiver['expires']}, goedgekeurd door {who}); verleng haar of los het op"
            )
        else:
            continue
        yield f"{label:<13} {where}: {message}"


def waiver_ceiling_line(open_count: int, ceiling: int | None, lang: str) -> str | None:
    """The line that explains a run failed on too many open waivers."""
    if ceiling is None or open_count <= ceiling:
        return None
    if lang == "en":
        return (
            f"FAILED        {open_count} open waivers, more than the {ceiling} "
            "ontheffingen.maximum_open in ibpaudit.yaml allows; resolve or withdraw some"
        )
    return (
        f"GEFAALD       {open_count} open ontheffingen, meer dan de {ceiling} die "
        "ontheffingen.maximum_open in ibpaudit.yaml toestaat; los er op of trek er in"
    )


def waiver_table(
    waivers: Sequence[Mapping[str, Any]], open_count: int, ceiling: int | None, lang: str
) -> Iterator[str]:
    """``ibpaudit waivers``: one line per waiver, soonest expiry first."""
    en = lang == "en"
    states = {
        "active": ("open", "open"),
        "unused": ("open", "open"),
        "expired": ("verlopen", "expired"),
    }
    head = ("CONTROL", "STATE", "DAYS LEFT", "EXPIRES", "APPROVED BY", "REASON")
    if not en:
        head = ("MAATREGEL", "STAAT", "DAGEN OVER", "VERLOOPT", "GOEDGEKEURD DOOR", "REDEN")
    yield f"{head[0]:<32} {head[1]:<9} {head[2]:>10}  {head[3]:<10}  {head[4]:<28} {head[5]}"
    for w in sorted(waivers, key=lambda w: (w["expires"], w["control"])):
        state = states.get(w["state"], (w["state"], w["state"]))[1 if en else 0]
        yield (
            f"{w['control']:<32} {state:<9} {w['days_left']:>10}  {w['expires']:<10}  "
            f"{w['approved_by'][:28]:<28} {' '.join(str(w['reason']).split())[:60]}"
        )
    limit = f" / max {ceiling}" if ceiling is not None else ""
    yield (
        f"{len(waivers)} waivers, {open_count} open{limit}"
        if en
        else f"{len(waivers)} ontheffingen, {open_count} open{limit}"
    )
    line = waiver_ceiling_line(open_count, ceiling, lang)
    if line:
        yield line


def _days(days: int, lang: str) -> str:
    if lang == "en":
        return "after today" if days == 0 else f"in {days} day{'s' * (days != 1)}"
    return "na vandaag" if days == 0 else f"over {days} {'dag' if days == 1 else 'dagen'}"


def diff_lines(comparison: Mapping[str, Any], lang: str) -> Iterator[str]:
    """One line per change (regressions first), then a summary line."""
    for group in ("regressions", "improvements", "changes"):
        for item in comparison[group]:
            yield change_line(item, group, lang)
    yield diff_summary(comparison, lang)


def diff_summary(comparison: Mapping[str, Any], lang: str) -> str:
    n, i, c = (len(comparison[k]) for k in ("regressions", "improvements", "changes"))
    if lang == "en":
        return (
            f"ibpaudit diff: {n} regression{'s' * (n != 1)}, {i} improvement{'s' * (i != 1)}, "
            f"{c} other change{'s' * (c != 1)} (target level {comparison['target_level']})"
        )
    return (
        f"ibpaudit diff: {n} {'regressie' if n == 1 else 'regressies'}, "
        f"{i} {'verbetering' if i == 1 else 'verbeteringen'}, "
        f"{c} {'andere wijziging' if c == 1 else 'andere wijzigingen'} "
        f"(doelniveau {comparison['target_level']})"
    )


_HEADINGS: dict[str, dict[str, Any]] = {
    "nl": {
        "regressions": "Regressies",
        "improvements": "Verbeteringen",
        "changes": "Andere wijzigingen",
        "cols": ("Control of norm", "Waar", "Wat"),
    },
    "en": {
        "regressions": "Regressions",
        "improvements": "Improvements",
        "changes": "Other changes",
        "cols": ("Control or norm", "Where", "What"),
    },
}


def _cell(value: str) -> str:
    return " ".join(value.split()).replace("|", "\\|")


def diff_markdown(
    comparison: Mapping[str, Any], sources: Sequence[Mapping[str, Any]], lang: str
) -> str:
    """A Markdown summary for a CI job page or a pull request."""
    heads = _HEADINGS["en" if lang == "en" else "nl"]
    old, new = sources
    out = [f"## {diff_summary(comparison, lang)}", ""]
    out.append(f"`{old['path']}` ({old['as_of']}) → `{new['path']}` ({new['as_of']})")
    for group in ("regressions", "improvements", "changes"):
        items = comparison[group]
        if not items:
            continue
        cols = heads["cols"]
        out += ["", f"### {heads[group]}", "", f"| {' | '.join(cols)} |", "|---|---|---|"]
        for item in items:
            where = Location.from_json(item["location"]).describe(lang) if item["location"] else ""
            what = item["message"][lang]
            if item["finding"]:
                what += f"; {item['finding'][lang]}"
            out.append(f"| {_cell(item['id'])} | {_cell(where)} | {_cell(what)} |")
    return "\n".join(out) + "\n"


def trust_lines(
    plugins: Sequence[Mapping[str, Any]], overrides: Sequence[Mapping[str, Any]], lang: str
) -> Iterator[str]:
    """The dossier's code and catalog overrides (see :mod:`ibpaudit.reporting`), one line each."""
    for note in trust.notes(plugins, overrides, lang):
        yield f"ibpaudit: {note}"
