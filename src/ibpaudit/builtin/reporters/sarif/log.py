"""SARIF 2.1.0 for GitHub code scanning: one rule per control, one result per finding that
keeps a failed, error or waived control from its target level, on the evidence file.

Locations are repository-relative (``uriBaseId`` ``%SRCROOT%``): the dossier root as given
on the command line (``run.root``) joined with the evidence path, on the assumption that
ibpaudit runs from the repository root, as it does in CI. Text files get the finding's
line; a spreadsheet, Word or PDF file cannot show one, so its result points at the file's
``<file>.meta.yaml`` sidecar when there is one (else the file itself) and names sheet, row,
column and page in the message and the properties. Every result has a region: a finding
about a whole file points at its line 1. A dossier outside the working directory gets
URIs relative to ``DOSSIER``, which ``originalUriBaseIds`` resolves.

GitHub's upload limits are kept: at most 25,000 results per run (the most severe, the
number left out in the run's ``resultsOmitted`` property and on stderr), ten tags per
rule, and messages on one line without control or bidi characters.

Fingerprints (``partialFingerprints["ibpauditFinding/v1"]``) are the SHA-256 of the
control ID, the check's level and index, the dossier-relative evidence path, sheet and
column, and the English message with every run of digits replaced by ``#``; plus the
occurrence number among findings that share all of these, in document order. Row, line
and page numbers never enter it, and neither do dates or day counts that change from one
as-of date to the next, so an alert survives re-runs and rows inserted elsewhere. Two
failing rows that differ only in digits are told apart by their order.

Waived findings carry an accepted external suppression (``status: accepted``; the
waiver's reason, approver and
expiry): code scanning shows them dismissed, not hidden. Run problems are notifications.
"""

from __future__ import annotations

import hashlib
import json
import posixpath
import re
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path, PurePath
from typing import Any
from urllib.parse import quote

from ibpaudit import inert
from ibpaudit import reporting as trust
from ibpaudit.model import (
    Location,
    ReportOptions,
    SourceStatus,
    Text,
    document_aliases,
    former_ids,
    source_status,
)
from ibpaudit.model.findings import FindingList
from ibpaudit.model.vocabulary import CONFIG_FILE, SIDECAR_SUFFIXES

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
FINGERPRINT_KEY = "ibpauditFinding/v1"
SRCROOT = "%SRCROOT%"
DOSSIER = "DOSSIER"
WHOLE_FILE = {"startLine": 1}
INFORMATION_URI = "https://pypi.org/project/ibpaudit/"
# GitHub code scanning's upload limits per run: more results or rules and the upload is
# refused; only the first ten tags of a rule are shown.
MAX_RESULTS = 25_000
MAX_TAGS = 10
# Which results to keep first when a run has more than MAX_RESULTS: GitHub's own levels.
_LEVEL_RANK = {"error": 0, "warning": 1, "note": 2, "none": 3}
_SEVERITY_RANK = {"critical": 0, "high": 1, "medium": 2, "low": 3}

# Control severity: SARIF level and GitHub's security-severity (a CVSS-like score;
# GitHub calls 9.0 and above critical, 7.0 high, 4.0 medium, below that low).
SEVERITY: dict[str, tuple[str, str]] = {
    "critical": ("error", "9.5"),
    "high": ("error", "8.0"),
    "medium": ("warning", "5.0"),
    "low": ("note", "3.0"),
}
TEXT_SUFFIXES = frozenset({".md", ".csv", ".tsv", ".yaml", ".yml", ".txt", ".json"})
BINARY_SUFFIXES = frozenset({".xlsx", ".xlsm", ".ods", ".docx", ".pdf"})
PROBLEM_STATUSES = ("failed", "error")

_DIGITS = re.compile(r"\d+")
_SPACE = re.compile(r"\s+")
_SEMVER = re.compile(r"^\d+\.\d+\.\d+(?:-[0-9A-Za-z.-]+)?(?:\+[0-9A-Za-z.-]+)?$")

_LABELS: dict[str, tuple[str, str]] = {
    "norm": ("Norm", "Norm"),
    "target": ("Doelniveau", "Target level"),
    "levels": ("Niveaus met toetsen", "Levels with checks"),
    "severity": ("Ernst", "Severity"),
    "control": ("Maatregel", "Control"),
    "below_target": ("{id} haalt het doelniveau niet", "{id} does not reach the target level"),
}


class _Paths:
    """Turns dossier-relative evidence paths into SARIF artifact locations, always as
    relative URIs: below the working directory (the repository root in CI) against
    ``%SRCROOT%``; a dossier elsewhere against ``DOSSIER``, which ``originalUriBaseIds``
    resolves to the dossier's absolute file URI."""

    def __init__(self, root: object, evidence: set[str]) -> None:
        self.evidence = evidence
        self.prefix, self.absolute = _base(str(root) if root not in (None, "") else ".")

    @property
    def base_ids(self) -> dict[str, Any] | None:
        """``originalUriBaseIds`` for a dossier outside the working directory."""
        if self.absolute is None:
            return None
        return {DOSSIER: {"uri": self.absolute.as_uri().rstrip("/") + "/"}}

    def location(self, rel: str) -> dict[str, Any]:
        if self.absolute is not None:
            return {"uri": quote(posixpath.normpath(rel)), "uriBaseId": DOSSIER}
        joined = posixpath.normpath(posixpath.join(self.prefix, rel)) if self.prefix else rel
        return {"uri": quote(joined), "uriBaseId": SRCROOT}

    def physical(self, loc: Mapping[str, Any] | None) -> dict[str, Any]:
        """The file to show, with the finding's line where the file has lines, and line
        1 where the finding concerns the whole file (GitHub wants a region)."""
        rel = str(loc.get("path") or "") if loc else ""
        if not loc or not rel:
            return {"artifactLocation": self.location(CONFIG_FILE), "region": WHOLE_FILE}
        suffix = PurePath(rel).suffix.lower()
        if suffix in BINARY_SUFFIXES:
            sidecar = next((rel + s for s in SIDECAR_SUFFIXES if rel + s in self.evidence), None)
            return {"artifactLocation": self.location(sidecar or rel), "region": WHOLE_FILE}
        out: dict[str, Any] = {"artifactLocation": self.location(rel), "region": WHOLE_FILE}
        line = loc.get("line")
        if line is None and suffix in (".csv", ".tsv"):
            line = loc.get("row")
        if suffix in TEXT_SUFFIXES and isinstance(line, int) and line >= 1:
            out["region"] = {"startLine": line}
        return out


def _base(root: str) -> tuple[str, Path | None]:
    """(repository-relative posix prefix, None), or ("", absolute root) when the dossier
    lies outside the working directory and its paths are relative to ``DOSSIER``."""
    path = Path(root)
    cwd = Path.cwd()
    if not path.is_absolute():
        rel = posixpath.normpath(path.as_posix())
        if rel != ".." and not rel.startswith("../"):
            return ("" if rel == "." else rel), None
        path = cwd / path
    for candidate, here in ((path, cwd), (path.resolve(), cwd.resolve())):
        if candidate.is_relative_to(here):
            rel = candidate.relative_to(here).as_posix()
            return ("" if rel == "." else rel), None
    return "", path.resolve()


def _fingerprint_base(control_id: str, check: Mapping[str, Any], finding: Mapping[str, Any]) -> str:
    loc = finding.get("location") or {}
    message = Text.of(finding.get("message", "")).en
    parts = (
        control_id,
        str(check.get("level", "")),
        str(check.get("index", "")),
        str(loc.get("path") or ""),
        str(loc.get("sheet") or ""),
        str(loc.get("column") or ""),
        _SPACE.sub(" ", _DIGITS.sub("#", message)).strip(),
    )
    return "\x1f".join(parts)


class _Writer:
    """Chooses the language once; builds rules, results and notifications."""

    def __init__(self, results: Mapping[str, Any], lang: str) -> None:
        self.results = results
        self.lang = lang
        self.norms = {n.get("id"): n for n in results.get("norms", ())}
        self.aliases = document_aliases(results)
        manifest = {str(e.get("path")) for e in results.get("evidence", ()) if e.get("path")}
        self.paths = _Paths(results.get("run", {}).get("root"), manifest)
        self.seen: Counter[str] = Counter()

    def label(self, key: str, **params: object) -> str:
        nl, en = _LABELS[key]
        return Text(nl=nl, en=en).format(**params).get(self.lang)

    def text(self, value: object) -> str:
        """One language of a text, on one line with no control character (GitHub shows
        messages as plain text; evidence must not smuggle layout or commands in)."""
        return inert.one_line(Text.in_lang(value, self.lang)) if value is not None else ""

    # -- rules ---------------------------------------------------------------------------

    def rule(self, control: Mapping[str, Any]) -> dict[str, Any]:
        control_id = str(control.get("id", ""))
        title = self.text(control.get("title")) or control_id
        description = self.text(control.get("description")) or title
        severity = str(control.get("severity", ""))
        level, score = SEVERITY.get(severity, ("warning", "5.0"))
        norm_id = str(control.get("norm", ""))
        tags = [norm_id, str(control.get("domain", "")), *map(str, control.get("tags", ()))]
        status = self.source(norm_id)
        former = former_ids(control_id, self.aliases)
        rule: dict[str, Any] = {
            "id": control_id,
            "name": title,
            "shortDescription": {"text": title},
            "fullDescription": {"text": description},
            "help": {"text": self.help(control)},
            "defaultConfiguration": {"level": level},
            "properties": {
                "tags": list(dict.fromkeys(t for t in tags if t))[:MAX_TAGS],
                "security-severity": score,
                "severity": severity,
                "norm": norm_id,
                "normSource": status.id,
                "normSourceLabel": status.label.get(self.lang),
            },
        }
        if former:
            # SARIF's own field for a rule that had another ID: code-scanning history
            # follows the control across the move.
            rule["deprecatedIds"] = list(former)
        return rule

    def source(self, norm_id: str) -> SourceStatus:
        norm = self.norms.get(norm_id) or {}
        return source_status(str(norm.get("source", "")))

    def help(self, control: Mapping[str, Any]) -> str:
        norm_id = str(control.get("norm", ""))
        norm = self.norms.get(norm_id) or {}
        official = norm.get("official_id")
        shown = f"{norm_id} (= {official})" if official else norm_id
        norm_title = self.text(norm.get("title")) if norm.get("title") else ""
        levels = ", ".join(str(level) for level in control.get("levels", ()))
        status = self.source(norm_id).label.get(self.lang)
        lines = [
            f"{self.label('norm')}: {shown} {norm_title}".rstrip() + f" [{status}]",
            f"{self.label('target')}: {control.get('target_level', '')}",
            f"{self.label('severity')}: {control.get('severity', '')}",
        ]
        if levels:
            lines.append(f"{self.label('levels')}: {levels}")
        if control.get("path"):
            lines.append(f"{self.label('control')}: {control['path']}")
        return "\n".join(lines)

    # -- results -------------------------------------------------------------------------

    def results_of(
        self, control: Mapping[str, Any], rule_index: int, keep: int | None = None
    ) -> list[dict[str, Any]]:
        """The control's results; only its first ``keep`` are made (the others are
        numbered for their fingerprints as if they were, so the kept ones keep theirs)."""
        status = control.get("status")
        if status not in ("failed", "error", "waived"):
            return []
        control_id = str(control.get("id", ""))
        level = SEVERITY.get(str(control.get("severity", "")), ("warning", ""))[0]
        suppression = self.suppression(control.get("waiver")) if status == "waived" else None
        out = []
        count = 0
        for check, finding in _chosen(control):
            base = _fingerprint_base(control_id, check, finding)
            if keep is None or count < keep:
                out.append(
                    self.result(control, rule_index, level, finding, check, base, suppression)
                )
            else:
                self.seen[base] += 1
            count += 1
        if not count:
            # Failed without a finding to show (a level missing as a whole): still one alert.
            reason = self.text(control.get("reason")) or self.label("below_target", id=control_id)
            finding = {"status": status, "message": {"nl": reason, "en": reason}}
            base = "\x1f".join((control_id, "control"))
            if keep is None or keep > 0:
                out.append(self.result(control, rule_index, level, finding, {}, base, suppression))
        return out

    def result(
        self,
        control: Mapping[str, Any],
        rule_index: int,
        level: str,
        finding: Mapping[str, Any],
        check: Mapping[str, Any],
        base: str,
        suppression: dict[str, Any] | None,
    ) -> dict[str, Any]:
        self.seen[base] += 1
        digest = hashlib.sha256(f"{base}\x1f{self.seen[base]}".encode()).hexdigest()
        loc = finding.get("location") or None
        message = trust.clipped(self.text(finding.get("message")), lang=self.lang)
        properties: dict[str, Any] = {
            "controlStatus": control.get("status"),
            "findingStatus": finding.get("status"),
            "norm": control.get("norm"),
            "severity": control.get("severity"),
        }
        if check:
            properties["checkLevel"] = check.get("level")
            properties["check"] = check.get("check")
        if loc:
            where = self.where(loc)
            if where:
                message = f"{message} ({where})"
            for key in ("path", "sheet", "row", "column", "page", "sha256"):
                if loc.get(key) is not None:
                    properties["evidencePath" if key == "path" else key] = loc[key]
        out: dict[str, Any] = {
            "ruleId": str(control.get("id", "")),
            "ruleIndex": rule_index,
            "level": level,
            "message": {"text": message},
            "locations": [{"physicalLocation": self.paths.physical(loc)}],
            "partialFingerprints": {FINGERPRINT_KEY: digest},
            "properties": properties,
        }
        if suppression is not None:
            out["suppressions"] = [suppression]
        return out

    def where(self, loc: Mapping[str, Any]) -> str:
        """What the region cannot show: the whole place for a file without lines; for a
        text file its column, and its row where that is not the line shown."""
        suffix = PurePath(str(loc.get("path", ""))).suffix.lower()
        if suffix not in TEXT_SUFFIXES:
            return Location.from_json(loc).describe(self.lang)
        nl = self.lang != "en"
        parts = []
        row, line = loc.get("row"), loc.get("line")
        shown = line if line is not None or suffix not in (".csv", ".tsv") else row
        if row is not None and row != shown:
            parts.append(f"{'rij' if nl else 'row'} {row}")
        if loc.get("column") is not None:
            parts.append(f"{'kolom' if nl else 'column'} '{loc['column']}'")
        return ", ".join(parts)

    def suppression(self, waiver: Mapping[str, Any] | None) -> dict[str, Any]:
        waiver = waiver or {}
        properties = {
            key: str(waiver[source])
            for key, source in (
                ("approvedBy", "approved_by"),
                ("approvedOn", "approved_on"),
                ("expires", "expires"),
                ("requestedBy", "requested_by"),
                ("waiverState", "state"),
            )
            if waiver.get(source) is not None
        }
        out: dict[str, Any] = {
            "kind": "external",
            "status": "accepted",
            "justification": inert.one_line(str(waiver.get("reason", ""))),
            "properties": properties,
        }
        where = waiver.get("location")
        if isinstance(where, Mapping) and where.get("path"):
            out["location"] = {"physicalLocation": self.paths.physical(where)}
        return out

    # -- run problems --------------------------------------------------------------------

    def notifications(self) -> list[dict[str, Any]]:
        out = []
        for problem in self.results.get("problems", ()):
            kind, source = str(problem.get("kind", "")), str(problem.get("source", ""))
            note: dict[str, Any] = {
                "level": "error",
                "message": {"text": self.text(problem.get("message"))},
                "properties": {"kind": kind, "source": source},
            }
            if kind == "evidence" and source:
                loc = {"path": source}
                note["locations"] = [{"physicalLocation": self.paths.physical(loc)}]
            out.append(note)
        return out


def _problems(findings: Iterable[Mapping[str, Any]]) -> Iterator[Mapping[str, Any]]:
    """A check's failed and error findings (a FindingList's dicts made one by one)."""
    if isinstance(findings, FindingList):
        for finding in findings.having(PROBLEM_STATUSES.__contains__):
            yield finding.to_json()
    else:
        for item in findings:
            if item.get("status") in PROBLEM_STATUSES:
                yield item


def _has_problems(findings: Iterable[Mapping[str, Any]]) -> bool:
    if isinstance(findings, FindingList):
        return any(s in PROBLEM_STATUSES for s in findings.statuses())
    return any(f.get("status") in PROBLEM_STATUSES for f in findings)


def _chosen(control: Mapping[str, Any]) -> Iterator[tuple[Mapping[str, Any], Mapping[str, Any]]]:
    """(check, finding) for each failed or error finding of the checks up to the target
    level; of every check when those have none. Checks above the target level show the
    growth path; they fail no control (unless nothing else explains the verdict)."""
    target = control.get("target_level")
    checks = control.get("checks", ())

    def required(check: Mapping[str, Any]) -> bool:
        level = check.get("level")
        return not (isinstance(target, int) and isinstance(level, int)) or level <= target

    only_required = any(required(c) and _has_problems(c.get("findings", ())) for c in checks)
    for check in checks:
        if not only_required or required(check):
            for finding in _problems(check.get("findings", ())):
                yield check, finding


def _count(control: Mapping[str, Any]) -> int:
    """How many results :meth:`_Writer.results_of` gives for ``control``, without making
    them."""
    if control.get("status") not in ("failed", "error", "waived"):
        return 0
    target = control.get("target_level")
    checks = control.get("checks", ())

    def problems(findings: Iterable[Mapping[str, Any]]) -> int:
        if isinstance(findings, FindingList):
            return sum(1 for s in findings.statuses() if s in PROBLEM_STATUSES)
        return sum(1 for f in findings if f.get("status") in PROBLEM_STATUSES)

    per_check = [(c, problems(c.get("findings", ()))) for c in checks]
    required = [
        n
        for c, n in per_check
        if not (isinstance(target, int) and isinstance(c.get("level"), int)) or c["level"] <= target
    ]
    return max(sum(required) or sum(n for _, n in per_check), 1)


def _kept(controls: Sequence[Mapping[str, Any]], limit: int) -> tuple[list[int | None], int]:
    """How many results of each control to write, so that at most ``limit`` are:
    unsuppressed before suppressed, then by SARIF level and control severity, in
    document order otherwise; and how many are left out. Every result of a control
    shares these, so the first of its results are the ones kept."""
    counts = [_count(control) for control in controls]
    total = sum(counts)
    if total <= limit:
        return [None] * len(controls), 0

    def rank(i: int) -> tuple[int, int, int, int]:
        control = controls[i]
        level = SEVERITY.get(str(control.get("severity", "")), ("warning", ""))[0]
        return (
            1 if control.get("status") == "waived" else 0,
            _LEVEL_RANK.get(level, 4),
            _SEVERITY_RANK.get(str(control.get("severity")), 4),
            i,
        )

    keep: list[int | None] = [0] * len(controls)
    budget = limit
    for i in sorted(range(len(controls)), key=rank):
        keep[i] = min(counts[i], budget)
        budget -= counts[i] if counts[i] < budget else budget
    return keep, total - limit


def render(results: Mapping[str, Any], options: ReportOptions) -> bytes:
    writer = _Writer(results, "en" if options.lang == "en" else "nl")
    rules: list[dict[str, Any]] = []
    index: dict[str, int] = {}
    sarif_results: list[dict[str, Any]] = []
    controls = list(results.get("controls", ()))
    # GitHub accepts MAX_RESULTS per run: only the results kept are made.
    keep, omitted = _kept(controls, MAX_RESULTS)
    for control, kept in zip(controls, keep, strict=True):
        control_id = str(control.get("id", ""))
        if control_id not in index:  # a repeated ID shares the first one's rule
            index[control_id] = len(rules)
            rules.append(writer.rule(control))
        sarif_results.extend(writer.results_of(control, index[control_id], kept))

    tool = results.get("tool", {})
    version = str(tool.get("version", ""))
    driver: dict[str, Any] = {
        "name": "ibpaudit",
        "version": version,
        "informationUri": INFORMATION_URI,
    }
    if _SEMVER.match(version):
        driver["semanticVersion"] = version
    driver["rules"] = rules

    notifications = writer.notifications()
    invocation: dict[str, Any] = {"executionSuccessful": not notifications}
    # The dossier's own code and its overrides of the shipped catalog: configuration the
    # reader must know of (warnings; they do not make the execution unsuccessful).
    configuration = [
        {"level": "warning", "message": {"text": inert.one_line(note)}}
        for note in trust.of(results, writer.lang, shown=1_000)
    ]
    if configuration:
        invocation["toolConfigurationNotifications"] = configuration
    exit_code = results.get("summary", {}).get("exit_code")
    if isinstance(exit_code, int):
        invocation["exitCode"] = exit_code
    if notifications:
        invocation["toolExecutionNotifications"] = notifications
    run = results.get("run", {})
    sarif_run: dict[str, Any] = {
        "tool": {"driver": driver},
        "invocations": [invocation],
        "language": writer.lang,
        "results": sarif_results,
        "properties": {
            "board": results.get("board", {}).get("name"),
            "asOf": run.get("as_of"),
            "targetLevel": run.get("target_level"),
            "resultsOmitted": omitted,
            "dossierAsData": bool(run.get("dossier_as_data", False)),
            "dossierCode": [
                {k: p.get(k) for k in ("path", "sha256", "refused")}
                for p in results.get("plugins", ())
                if p.get("origin") == "local"
            ],
            "catalogOverrides": list(results.get("overrides", ())),
        },
    }
    if writer.paths.base_ids is not None:
        sarif_run["originalUriBaseIds"] = writer.paths.base_ids
    if omitted:
        # Said where the user looks, too: the report alone would hide it in a property.
        print(
            f"ibpaudit: results.sarif: {omitted} of {omitted + MAX_RESULTS} results left out "
            f"(GitHub accepts {MAX_RESULTS} per run); the most severe are kept, and every "
            "finding is in results.json",
            file=sys.stderr,
        )
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [sarif_run]}
    # Compact, as the JSON report is: the C encoder only handles compact output.
    body = json.dumps(log, ensure_ascii=False, separators=(",", ":"))
    try:
        return (body + "\n").encode()
    except UnicodeEncodeError:  # a lone surrogate from a broken file: keep it as an escape
        return (json.dumps(log, separators=(",", ":")) + "\n").encode()
