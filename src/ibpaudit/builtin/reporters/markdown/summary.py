"""A Markdown summary for CI job pages (format ``markdown``, file ``summary.md``).

Made for GitHub's ``$GITHUB_STEP_SUMMARY`` (and readable in any Markdown viewer): the
board, the as-of date, the counts, a table of the controls that fail or could not be
judged with their first finding and where it is, the waived controls with reason,
approver and expiry, and a warning for waivers that expire within 30 days.

Evidence text is untrusted and GitHub renders HTML in summaries, so every text from the
document is escaped: ``<``, ``>`` and ``&`` as character references, Markdown punctuation
with a backslash, and IDs and paths in code spans whose fence no backtick can close.
GitHub refuses a step summary over 1 MiB; rows stop well before that, with a line saying
how many were left out.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from datetime import date
from typing import Any

from ibpaudit import reporting as trust
from ibpaudit.model import ReportOptions, Text

LIMIT = 1024 * 1024  # bytes: GitHub's limit for one step's summary
_RESERVE = 8 * 1024  # bytes kept free for the headings and closing lines after any row
CELL_MAX = 300  # characters of one text taken from the document
EXPIRY_WARNING_DAYS = 30

_ICONS = {"passed": "✅", "failed": "❌", "error": "⚠️", "skipped": "⏭️", "waived": "🟡"}
_WORDS: dict[str, tuple[str, str]] = {
    "title": ("IBP-audit", "IBP audit"),
    "as_of": ("Peildatum", "As of"),
    "target": ("doelniveau", "target level"),
    "norms": ("normen op doelniveau", "norms at target"),
    "verdict.0": ("Alle maatregelen voldoen.", "All controls pass."),
    "verdict.1": ("Niet alle maatregelen voldoen.", "Not all controls pass."),
    "verdict.2": (
        "Fouten in het bewijs of de configuratie: de uitslag is onvolledig.",
        "Errors in the evidence or the configuration: the outcome is incomplete.",
    ),
    "verdict.gate": (
        "Geen uitkomst waarop de run faalt (--fail-on); {n} maatregel(en) voldoen nog niet.",
        "No outcome that fails the run (--fail-on); {n} control(s) do not pass yet.",
    ),
    "baseline": (
        "Vergeleken met {path} (peildatum {as_of}): {regressions} achteruitgang(en), "
        "{improvements} verbetering(en).",
        "Compared with {path} (as of {as_of}): {regressions} regression(s), "
        "{improvements} improvement(s).",
    ),
    "regressions": ("Achteruitgang sinds de baseline", "Regressions since the baseline"),
    "change": ("Wat veranderde", "What changed"),
    "passed": ("geslaagd", "passed"),
    "failed": ("gefaald", "failed"),
    "error": ("fout", "error"),
    "skipped": ("overgeslagen", "skipped"),
    "waived": ("ontheffing", "waived"),
    "warnings": ("Let op", "Attention"),
    "expires_in": (
        "ontheffing voor {control} verloopt over {days} dag(en), op {date}",
        "waiver for {control} expires in {days} day(s), on {date}",
    ),
    "expires_today": (
        "ontheffing voor {control} verloopt vandaag ({date})",
        "waiver for {control} expires today ({date})",
    ),
    "expired": (
        "ontheffing voor {control} is verlopen op {date} en dekt niets meer",
        "waiver for {control} expired on {date} and covers nothing",
    ),
    "problems": ("Problemen", "Problems"),
    "open": ("Maatregelen die niet voldoen", "Controls that do not pass"),
    "none_open": ("Alle maatregelen voldoen of zijn ontheven.", "All controls pass or are waived."),
    "control": ("Maatregel", "Control"),
    "level": ("Niveau", "Level"),
    "first": ("Eerste bevinding", "First finding"),
    "where": ("Waar", "Where"),
    "more_findings": ("+{n} meer", "+{n} more"),
    "waivers": ("Ontheffingen", "Waivers"),
    "reason": ("Reden", "Reason"),
    "approved_by": ("Goedgekeurd door", "Approved by"),
    "expires": ("Verloopt op", "Expires"),
    "days_left": ("nog {n} dag(en)", "{n} day(s) left"),
    "trust": ("Code en afwijkingen uit het dossier", "Code and overrides from the dossier"),
    "truncated": ("… nog {n}, zie het rapport-artifact", "… {n} more, see the report artifact"),
}

# C0/C1 controls and the bidirectional overrides that could make text read differently.
_INVISIBLE = re.compile("[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_HTML = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
# Punctuation that starts emphasis, links, code, tables, strikethrough, headings or math.
_MARKDOWN = re.compile(r"([\\`*_\[\]|~#$!])")
# What GitHub turns into a link by itself (GFM's extended autolinks): "scheme:", "www." and
# e-mail addresses. A backslash before the colon or the dot keeps the text as it reads; an
# "@" gets a word joiner (U+2060) after it, which no address may contain.
_AUTOLINK = re.compile(r"(?i)\b(?:https?|ftp|mailto|xmpp)(?=:)|\bwww(?=\.)|@")


def _no_autolink(match: re.Match[str]) -> str:
    found = match.group()
    return "@\u2060" if found == "@" else found + "\\"


_BACKTICKS = re.compile("`+")


def _plain(value: object, limit: int = CELL_MAX) -> str:
    """One line of visible characters, at most ``limit`` of them."""
    text = " ".join(_INVISIBLE.sub(" ", "" if value is None else str(value)).split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def escape(value: object, limit: int = CELL_MAX) -> str:
    """Text from the document as Markdown that shows exactly that text, never markup."""
    text = _MARKDOWN.sub(r"\\\1", _plain(value, limit))
    text = _AUTOLINK.sub(_no_autolink, text)
    return "".join(_HTML.get(ch, ch) for ch in text)


def code(value: object, table: bool = False, limit: int = CELL_MAX) -> str:
    """A code span (an ID, a path): nothing inside is markup. Its fence is longer than
    any run of backticks in the text; in a table a pipe needs its backslash even here."""
    text = _plain(value, limit)
    if not text:
        return "–"
    fence = "`" * (max((len(m) for m in _BACKTICKS.findall(text)), default=0) + 1)
    if text.startswith("`") or text.endswith("`"):
        text = f" {text} "
    if table:
        text = text.replace("|", "\\|")
    return f"{fence}{text}{fence}"


def where(location: Mapping[str, Any] | None) -> str:
    """``path:line`` (or ``path#sheet:row``, ``path p. 3``): where a finding sits."""
    if not location:
        return ""
    place = str(location.get("path", ""))
    if location.get("sheet") is not None:
        place += f"#{location['sheet']}"
    number = location.get("row", location.get("line"))
    if number is not None:
        place += f":{number}"
    if location.get("page") is not None:
        place += f" p. {location['page']}"
    return place


class _Summary:
    """The lines of the summary and their size in bytes, so rows can stop in time."""

    def __init__(self, lang: str) -> None:
        self.lang = lang
        self.lines: list[str] = []
        self.size = 0

    def word(self, key: str, **params: object) -> str:
        nl, en = _WORDS[key]
        return (en if self.lang == "en" else nl).format(**params)

    def add(self, *lines: str) -> None:
        for line in lines:
            self.lines.append(line)
            self.size += len(line.encode("utf-8")) + 1

    def rows(self, rows: Iterable[str], total: int) -> None:
        """Add rows while they fit; then one line saying how many did not."""
        shown = 0
        for row in rows:
            if self.size + len(row.encode("utf-8")) + 1 + _RESERVE > LIMIT:
                break
            self.add(row)
            shown += 1
        if shown < total:
            self.add("", self.word("truncated", n=total - shown))

    def text(self, value: object) -> str:
        return "" if value is None else Text.in_lang(value, self.lang)


def _days_left(waiver: Mapping[str, Any], as_of: object) -> int | None:
    if isinstance(waiver.get("days_left"), int):
        return int(waiver["days_left"])
    try:
        return (date.fromisoformat(str(waiver["expires"])) - date.fromisoformat(str(as_of))).days
    except (KeyError, ValueError):
        return None


def _warnings(out: _Summary, results: Mapping[str, Any]) -> list[str]:
    as_of = results.get("run", {}).get("as_of")
    lines = []
    for waiver in results.get("waivers") or ():
        control = code(waiver.get("control"))
        expires = escape(waiver.get("expires"))
        days = _days_left(waiver, as_of)
        if waiver.get("state") == "expired":
            lines.append(f"- ⛔ {out.word('expired', control=control, date=expires)}")
        elif waiver.get("state") == "active" and days is not None:
            if days == 0:
                lines.append(f"- ⏳ {out.word('expires_today', control=control, date=expires)}")
            elif 0 < days <= EXPIRY_WARNING_DAYS:
                text = out.word("expires_in", control=control, days=days, date=expires)
                lines.append(f"- ⏳ {text}")
    return lines


def _first_finding(out: _Summary, control: Mapping[str, Any]) -> tuple[str, str]:
    """The first finding's message (with how many more) and where it is."""
    findings = trust.Selected(
        (check.get("findings", ()) for check in control.get("checks", ())), excluding=("passed",)
    )
    first = next(iter(findings), None)
    message = escape(out.text(first.get("message"))) if first else ""
    if not message:
        message = escape(out.text(control.get("reason")))
    if first is not None and len(findings) > 1:
        message += f" ({out.word('more_findings', n=len(findings) - 1)})"
    place = where(first.get("location")) if first else ""
    return message, place


def _open_row(out: _Summary, control: Mapping[str, Any]) -> str:
    message, place = _first_finding(out, control)
    reached = control.get("level_reached")
    level = f"{'–' if reached is None else reached}/{control.get('target_level', '–')}"
    title = escape(out.text(control.get("title")))
    return (
        f"| {_ICONS.get(str(control.get('status')), '')} | {code(control.get('id'), True)} "
        f"{title} | {level} | {message} | {code(place, True) if place else ''} |"
    )


def _waiver_row(
    out: _Summary, control: Mapping[str, Any], waiver: Mapping[str, Any], as_of: object
) -> str:
    reason = escape(waiver.get("reason") or out.text(control.get("reason"))) or "–"
    approver = escape(waiver.get("approved_by") or "–")
    expires = escape(waiver.get("expires") or "–")
    days = _days_left(waiver, as_of)
    if days is not None and days >= 0:
        expires += f" ({out.word('days_left', n=days)})"
    found, place = _first_finding(out, control)  # waived controls still run: show it
    if place:
        found += f" ({code(place, True)})"
    return f"| {code(control.get('id'), True)} | {reason} | {approver} | {expires} | {found} |"


def _verdict(out: _Summary, results: Mapping[str, Any]) -> str:
    """The exit code CI acts on: the gate's (``--fail-on``, ``--baseline``) when there is one."""
    summary = results.get("summary", {})
    gate = results.get("gate")
    code = gate.get("exit_code") if isinstance(gate, Mapping) else summary.get("exit_code")
    if code == 0:
        open_count = int(summary.get("failed", 0)) + int(summary.get("error", 0))
        if open_count:
            return f"✅ {out.word('verdict.gate', n=open_count)}"
        return f"✅ {out.word('verdict.0')}"
    if code == 1:
        return f"❌ {out.word('verdict.1')}"
    return f"⚠️ {out.word('verdict.2')}"


def _baseline(out: _Summary, baseline: Mapping[str, Any]) -> None:
    regressions = list(baseline.get("regressions") or ())
    out.add(
        "",
        out.word(
            "baseline",
            path=code(baseline.get("path")),
            as_of=escape(baseline.get("as_of")),
            regressions=len(regressions),
            improvements=len(baseline.get("improvements") or ()),
        ),
    )
    if not regressions:
        return
    out.add(
        "",
        f"### 📉 {out.word('regressions')}",
        "",
        f"| {out.word('control')} | {out.word('change')} | {out.word('first')} "
        f"| {out.word('where')} |",
        "|---|---|---|---|",
    )
    rows = (
        f"| {code(c.get('id'), True)} | {escape(out.text(c.get('message')))} "
        f"| {escape(out.text(c.get('finding')))} "
        f"| {code(where(c.get('location')), True) if c.get('location') else ''} |"
        for c in regressions
    )
    out.rows(rows, len(regressions))


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    out = _Summary("en" if options.lang == "en" else "nl")
    summary = results.get("summary", {})
    run = results.get("run", {})
    out.add(
        f"## {out.word('title')}: {escape(results.get('board', {}).get('name'), 200)}",
        "",
        _verdict(out, results),
        "",
        f"{out.word('as_of')} {escape(run.get('as_of'))} · {out.word('target')} "
        f"{escape(run.get('target_level'))} · {summary.get('norms_at_target', '–')}/"
        f"{summary.get('norms', '–')} {out.word('norms')}",
        "",
        "| " + " | ".join(f"{_ICONS[s]} {out.word(s)}" for s in _ICONS) + " |",
        "|" + "---:|" * len(_ICONS),
        "| " + " | ".join(str(summary.get(s, 0)) for s in _ICONS) + " |",
    )

    # Before anything else a reader acts on: what of the dossier was code, and what it
    # changed in the shipped catalog (see ibpaudit.reporting).
    notes = trust.of(results, out.lang)
    if notes:
        out.add("", f"### 🔎 {out.word('trust')}", "")
        out.rows((f"- {escape(note, 2000)}" for note in notes), len(notes))

    baseline = results.get("baseline")
    if isinstance(baseline, Mapping):
        _baseline(out, baseline)

    warnings = _warnings(out, results)
    if warnings:
        out.add("", f"### ⏳ {out.word('warnings')}", "")
        out.rows(warnings, len(warnings))

    problems = list(results.get("problems") or ())
    if problems:
        out.add("", f"### ⚠️ {out.word('problems')}", "")
        out.rows(
            (f"- {code(p.get('source'))}: {escape(out.text(p.get('message')))}" for p in problems),
            len(problems),
        )

    controls = list(results.get("controls", ()))
    open_controls = [c for c in controls if c.get("status") in ("failed", "error")]
    out.add("", f"### {out.word('open')}", "")
    if open_controls:
        out.add(
            f"| | {out.word('control')} | {out.word('level')} | {out.word('first')} "
            f"| {out.word('where')} |",
            "|---|---|---|---|---|",
        )
        out.rows((_open_row(out, c) for c in open_controls), len(open_controls))
    else:
        out.add(out.word("none_open"))

    waived = [c for c in controls if c.get("status") == "waived"]
    if waived:
        by_control = {w.get("control"): w for w in results.get("waivers") or ()}
        out.add(
            "",
            f"### 🟡 {out.word('waivers')}",
            "",
            f"| {out.word('control')} | {out.word('reason')} | {out.word('approved_by')} "
            f"| {out.word('expires')} | {out.word('first')} |",
            "|---|---|---|---|---|",
        )
        rows = (
            _waiver_row(
                out, c, c.get("waiver") or by_control.get(c.get("id")) or {}, run.get("as_of")
            )
            for c in waived
        )
        out.rows(rows, len(waived))
    return ("\n".join(out.lines) + "\n").encode("utf-8")
