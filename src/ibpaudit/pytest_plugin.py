"""pytest plugin: ``pytest --ibpaudit PATH`` audits the dossier at PATH in the same run as
the tests, one test item per control, so compliance shows in pytest's own output and in
its ``--junitxml``.

Registered through the ``pytest11`` entry point. Without ``--ibpaudit`` it only adds its
options: it collects nothing and imports nothing beyond the package's public face. The
audit runs once per session, at collection, with the engine ``ibpaudit run`` uses.

Verdicts map as in ibpaudit's own JUnit report: *passed* passes; *failed* fails with the
reason and every finding; *error* fails in setup, which pytest counts as an error
(``<error>`` in JUnit); *skipped* and *waived* are skipped with the reason (a waiver names
its approver and expiry). Problems outside any control (a plugin that failed, an unreadable
catalog or evidence file: what makes ``ibpaudit run`` exit 2) are one extra error item,
``problems``. So pytest's passed, failed, errors and skipped equal ibpaudit's passed,
failed, error (+1 when there are problems) and skipped + waived.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

from ibpaudit.errors import IbpauditError
from ibpaudit.model import Text, text
from ibpaudit.model.findings import plain
from ibpaudit.values import parse_as_of

if TYPE_CHECKING:
    from _pytest._code.code import TerminalRepr, TracebackStyle

CONFIG_FILE = "ibpaudit.yaml"
SHARED_KEY = "ibpaudit_audit"  # pytest-xdist workerinput: the controller's audit
PROBLEMS_ITEM = "problems"
MARKER = (
    "ibpaudit(domain, norm, severity): a control of the ibpaudit dossier audit; "
    "select with e.g. -m \"ibpaudit(severity='critical')\""
)


@dataclass(frozen=True)
class Audit:
    """One dossier's results document and what the run has to say beside it."""

    document: Mapping[str, Any]
    lang: str
    problems: tuple[str, ...]
    reports: tuple[Path, ...]

    def save(self) -> Path:
        """This audit in a new private temporary file (for pytest-xdist's workers)."""
        fd, name = tempfile.mkstemp(prefix="ibpaudit-audit-", suffix=".json")
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump(
                {
                    "document": self.document,
                    "lang": self.lang,
                    "problems": self.problems,
                    "reports": [str(p) for p in self.reports],
                },
                handle,
                ensure_ascii=False,
                default=plain,  # a check's findings are a FindingList
            )
        return Path(name)

    @classmethod
    def load(cls, path: Path) -> Audit:
        data = json.loads(path.read_text(encoding="utf-8"))
        return cls(
            data["document"],
            data["lang"],
            tuple(data["problems"]),
            tuple(Path(p) for p in data["reports"]),
        )


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("ibpaudit", "ibpaudit: audit an IBP dossier in the same run")
    group.addoption(
        "--ibpaudit",
        metavar="PATH",
        help="audit the dossier whose root (the folder with ibpaudit.yaml) is PATH, one test "
        "per control; on the command line without path arguments it replaces testpaths",
    )
    group.addoption(
        "--ibpaudit-as-of",
        metavar="YYYY-MM-DD",
        type=parse_as_of,
        help="judge dates as on this day (default: peildatum in ibpaudit.yaml, else today)",
    )
    group.addoption(
        "--ibpaudit-target-level",
        type=int,
        choices=range(1, 6),
        metavar="{1..5}",
        help="target maturity level (default: doelniveau in ibpaudit.yaml)",
    )
    group.addoption(
        "--ibpaudit-lang", choices=("nl", "en"), help="language of failure texts and reasons"
    )
    group.addoption(
        "--ibpaudit-report-dir",
        metavar="DIR",
        help="also write ibpaudit's own reports (the formats in ibpaudit.yaml) to DIR",
    )


def _message_lang(config: pytest.Config) -> str:
    """The language of a message that stops the audit before the dossier's ``taal:`` is
    known: ``--ibpaudit-lang``, then ``IBPAUDIT_LANG``, then Dutch."""
    given = config.getoption("ibpaudit_lang") or os.environ.get("IBPAUDIT_LANG", "")
    return "en" if given.strip().lower() == "en" else "nl"


def pytest_configure(config: pytest.Config) -> None:
    value: str | None = config.getoption("ibpaudit")
    if value is None:
        return
    root = (config.invocation_params.dir / value).resolve()
    if not (root / CONFIG_FILE).is_file():
        message = text(
            "--ibpaudit {v}: {p} niet gevonden; geef de hoofdmap van het dossier, de map "
            "met ibpaudit.yaml",
            "--ibpaudit {v}: {p} not found; give the dossier root, the folder that holds "
            "ibpaudit.yaml",
            v=value,
            p=root / CONFIG_FILE,
        )
        raise pytest.UsageError(message.get(_message_lang(config)))
    config.addinivalue_line("markers", MARKER)
    _collect_dossier(config, root)
    config.pluginmanager.register(DossierRun(config, root), DossierRun.NAME)


def pytest_unconfigure(config: pytest.Config) -> None:
    run = config.pluginmanager.get_plugin(DossierRun.NAME)
    if run is not None:
        run.forget()
        config.pluginmanager.unregister(run)


def _collect_dossier(config: pytest.Config, root: Path) -> None:
    """Make the dossier a collection argument. Named on the command line it acts like
    ``pytest tests/``: alone, it stops the fall-back to ``testpaths``. Beside path
    arguments, or set in ``addopts``, it joins what pytest collects anyway, unless a path
    argument already is the dossier or lies in it."""
    sources = pytest.Config.ArgsSource
    on_command_line = any(
        arg == "--ibpaudit" or arg.startswith("--ibpaudit=")
        for arg in config.invocation_params.args
    )
    if config.args_source is not sources.ARGS and on_command_line:
        config.args[:] = [str(root)]
        config.args_source = sources.ARGS
        return
    for arg in config.args:
        path = (config.invocation_params.dir / arg.split("::")[0]).resolve()
        if path == root or root in path.parents:
            return
    config.args.append(str(root))


class DossierRun:
    """The hooks that exist only while a dossier is audited, and its one audit."""

    NAME = "ibpaudit-dossier"

    def __init__(self, config: pytest.Config, root: Path) -> None:
        self.config = config
        self.root = root
        self._audit: Audit | None = None
        self._shared: Path | None = None  # the audit, for pytest-xdist's workers

    @pytest.hookimpl(tryfirst=True)
    def pytest_collect_directory(
        self, path: Path, parent: pytest.Collector
    ) -> pytest.Collector | None:
        if path.resolve() != self.root:
            return None
        # pytest names a folder by its path below the rootdir: "." or "" for the rootdir
        # itself or one outside it. The dossier's folder name reads better there.
        nodeid = None if self.config.rootpath in path.parents else path.name
        return DossierDirectory.from_parent(parent, path=path, nodeid=nodeid, run=self)

    @pytest.hookimpl(wrapper=True)
    def pytest_runtest_makereport(
        self, call: pytest.CallInfo[None]
    ) -> Generator[None, pytest.TestReport, pytest.TestReport]:
        """Show a verdict as its text. An *error* control fails in setup, and there pytest
        asks no ``repr_failure`` but formats a traceback."""
        report = yield
        if call.excinfo is not None and isinstance(call.excinfo.value, Verdict):
            report.longrepr = str(call.excinfo.value)
        return report

    def pytest_terminal_summary(self, terminalreporter: pytest.TerminalReporter) -> None:
        """ibpaudit's own summary line, to compare with pytest's counts."""
        if self._audit is None:
            return
        from ibpaudit.results.console import summary_lines

        audit = self._audit
        terminalreporter.section("ibpaudit")
        for line in summary_lines(audit.document, audit.reports, audit.lang, quiet=True):
            terminalreporter.write_line(_inert([line]))

    def audit(self) -> Audit:
        """Audit the dossier once per session, as ``ibpaudit run`` with the same overrides.
        A pytest-xdist worker does not audit: it reads the controller's audit."""
        if self._audit is None:
            shared = getattr(self.config, "workerinput", {}).get(SHARED_KEY)
            self._audit = Audit.load(Path(shared)) if shared else run_audit(self.config, self.root)
        return self._audit

    @pytest.hookimpl(optionalhook=True)
    def pytest_configure_node(self, node: Any) -> None:
        """pytest-xdist, on the controller, before each worker starts: audit once (and
        write the reports once), then hand every worker that same audit, so that all
        collect the same items and none writes a report."""
        if self._shared is None:
            self._shared = self.audit().save()
        node.workerinput[SHARED_KEY] = str(self._shared)

    def forget(self) -> None:
        """Remove the file the workers read the audit from."""
        if self._shared is not None:
            self._shared.unlink(missing_ok=True)
            self._shared = None


def run_audit(config: pytest.Config, root: Path) -> Audit:
    """Audit the dossier as ``ibpaudit run`` would, with the same overrides; plugins'
    own options are at their defaults (pytest has no place for them)."""
    from ibpaudit import engine
    from ibpaudit.engine.run import open_run
    from ibpaudit.model import ReportOptions
    from ibpaudit.results.console import problem_line

    run = open_run(
        root,
        as_of=config.getoption("ibpaudit_as_of"),
        lang=config.getoption("ibpaudit_lang"),
        target_level=config.getoption("ibpaudit_target_level"),
        command=("pytest", *config.invocation_params.args),
    )
    manager, lang = run.plugins, run.lang
    document = engine.audit(run)
    problems = [problem_line(p, lang) for p in document["problems"]]
    before = len(manager.problems)
    reports: list[Path] = []
    report_dir: str | None = config.getoption("ibpaudit_report_dir")
    if report_dir is not None:
        output = config.invocation_params.dir / report_dir
        with engine.output_lock(output):
            written = engine.write_reports(
                document,
                list(run.config.formats),
                output,
                manager,
                ReportOptions(lang=lang, extra=run.options.plugin_options),
            )
        reports = [w.path for w in written]
    problems += [p.message.get(lang) for p in manager.problems[before:]]
    return Audit(document, lang, tuple(problems), tuple(reports))


class DossierDirectory(pytest.Directory):
    """The dossier root: its controls are the items; nothing below it is collected."""

    def __init__(self, *, run: DossierRun, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.run = run

    def collect(self) -> Iterator[pytest.Item]:
        audit = self.run.audit()
        for control in audit.document["controls"]:
            yield ControlItem.from_parent(
                self, name=str(control["id"]), control=control, lang=audit.lang
            )
        if audit.problems:
            yield Problems.from_parent(self, name=PROBLEMS_ITEM, lines=audit.problems)

    def repr_failure(  # type: ignore[override]  # as pytest.Collector's own
        self, excinfo: pytest.ExceptionInfo[BaseException]
    ) -> str | TerminalRepr:
        """A dossier the user can fix (a malformed ibpaudit.yaml or waivers.yaml) is one
        line naming the file; only a bug in ibpaudit shows a traceback."""
        if isinstance(excinfo.value, IbpauditError):
            return f"ibpaudit: {excinfo.value.in_language(_message_lang(self.config))}"
        return super().repr_failure(excinfo)


class Verdict(Exception):
    """How a *failed* or *error* control tells pytest; its text is the whole explanation."""


_LEVEL = text("niveau", "level")
_STATUS = {
    "failed": text("gefaald", "failed"),
    "error": text("fout", "error"),
}


class ControlItem(pytest.Item):
    """One control of the audit; its verdict was reached at collection."""

    def __init__(self, *, control: Mapping[str, Any], lang: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.control = control
        self.lang = lang
        self.status = str(control["status"])
        domain, norm, severity = (str(control[k]) for k in ("domain", "norm", "severity"))
        self.user_properties += [
            ("norm", norm),
            ("domain", domain),
            ("severity", severity),
            ("status", self.status),
            ("target_level", control["target_level"]),
            ("title", control["title"][lang]),
        ]
        if control["level_reached"] is not None:
            self.user_properties.append(("level_reached", control["level_reached"]))
        self.add_marker(pytest.mark.ibpaudit(domain=domain, norm=norm, severity=severity))
        self.extra_keyword_matches.update((domain, norm, severity))
        if self.status in ("skipped", "waived"):
            self.add_marker(pytest.mark.skip(reason=self.skip_reason()))

    def setup(self) -> None:
        if self.status == "error":  # failing in setup makes it pytest's *error*
            raise Verdict(self.explain())

    def runtest(self) -> None:
        if self.status == "failed":
            raise Verdict(self.explain())

    def repr_failure(
        self,
        excinfo: pytest.ExceptionInfo[BaseException],
        style: TracebackStyle | None = None,
    ) -> str | TerminalRepr:
        if isinstance(excinfo.value, Verdict):
            return str(excinfo.value)
        return super().repr_failure(excinfo, style)

    def reportinfo(self) -> tuple[Path, int, str]:
        """Where pytest points (skip lines, xunit1 ``file``): the waiver in waivers.yaml,
        else the first finding that is not a pass, else the dossier's ibpaudit.yaml."""
        waiver = self.control.get("waiver")
        found = [
            f["location"]
            for check in self.control["checks"]
            for f in check["findings"]
            if f["status"] != "passed" and "location" in f
        ]
        if self.status == "waived" and waiver and waiver.get("location"):
            found.insert(0, waiver["location"])
        if found:
            return self.path / found[0]["path"], int(found[0].get("line") or 1) - 1, self.name
        return self.path / CONFIG_FILE, 0, self.name

    def skip_reason(self) -> str:
        waiver = self.control.get("waiver")
        if self.status == "waived" and waiver:
            waived = text(
                "ontheffing, goedgekeurd door {by}, verloopt na {d}: {r}",
                "waived, approved by {by}, expires after {d}: {r}",
                r=waiver["reason"],
                by=waiver["approved_by"],
                d=waiver["expires"],
            ).get(self.lang)
            return _inert([waived]).replace("\n", " ")
        reason = self.control.get("reason")
        return _inert([str(reason[self.lang])]).replace("\n", " ") if reason else self.status

    def explain(self) -> str:
        """The reason, the title and every finding that is not a pass, per check."""
        from ibpaudit.results.console import finding_line

        c = self.control
        # The first line is what pytest's short summary shows.
        lines = [str(c["reason"][self.lang])] if c.get("reason") else []
        lines.append(f"norm {c['norm']} ({c['severity']}): {c['title'][self.lang]}")
        for check in c["checks"]:
            if check["status"] == "passed":
                continue
            status = _STATUS.get(check["status"], Text.of(check["status"])).get(self.lang)
            lines.append(
                f"{_LEVEL.get(self.lang)} {check['level']}: "
                f"{check['description'][self.lang]} ({status})"
            )
            lines += [
                f"  - {finding_line(f, self.lang)}"
                for f in check["findings"]
                if f["status"] != "passed"
            ]
        return _inert(lines)


def _inert(lines: Iterable[str]) -> str:
    """Lines for pytest's terminal and its JUnit file: evidence text in them is inert
    and no line can be read as a CI command (see :mod:`ibpaudit.inert`)."""
    from ibpaudit import inert

    return "\n".join(inert.line(part) for line in lines for part in line.split("\n"))


class Problems(pytest.Item):
    """What made the run unusable outside any control: a failed plugin, an unreadable
    catalog or evidence file. An error, like ``ibpaudit run``'s exit code 2."""

    def __init__(self, *, lines: tuple[str, ...], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.lines = lines

    def setup(self) -> None:
        raise Verdict(_inert(self.lines))

    def runtest(self) -> None:
        """Never reached: setup fails."""

    def reportinfo(self) -> tuple[Path, int, str]:
        return self.path / CONFIG_FILE, 0, self.name
