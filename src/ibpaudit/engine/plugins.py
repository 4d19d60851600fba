"""Build a fresh PluginManager per run and call its hooks one plugin at a time.

Built-ins, entry points (group ``ibpaudit``) and a dossier's ``plugins/*.py`` are
registered the same way. Each hook implementation is called inside its own
try/except so that a plugin that raises is named and never takes the run down.
"""

from __future__ import annotations

import argparse
import hashlib
import importlib
import importlib.util
import os
import sys
from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pluggy

from ibpaudit import __version__, hookspecs
from ibpaudit.engine import entrypoints
from ibpaudit.errors import ConfigError, EvidenceError, IbpauditError
from ibpaudit.model import (
    CheckType,
    Evidence,
    EvidenceFile,
    Limits,
    PluginInfo,
    PluginProblem,
    ReportFormat,
    Text,
    text,
)

PROJECT = "ibpaudit"

# Internal plugins, registered under the short name a user passes to --disable-plugin.
BUILTIN_PLUGINS: tuple[tuple[str, str], ...] = (
    ("catalog", "ibpaudit.builtin.catalog"),
    ("yaml", "ibpaudit.builtin.readers.yaml_reader"),
    ("csv", "ibpaudit.builtin.readers.csv_reader"),
    ("markdown", "ibpaudit.builtin.readers.markdown"),
    ("spreadsheet", "ibpaudit.builtin.readers.spreadsheet"),
    ("word", "ibpaudit.builtin.readers.word"),
    ("pdf", "ibpaudit.builtin.readers.pdf"),
    ("document", "ibpaudit.builtin.checks.document"),
    ("register", "ibpaudit.builtin.checks.register"),
    ("freshness", "ibpaudit.builtin.checks.freshness"),
    ("cross_reference", "ibpaudit.builtin.checks.cross_reference"),
    ("attestation", "ibpaudit.builtin.checks.attestation"),
    ("retention", "ibpaudit.builtin.checks.retention"),
    ("json", "ibpaudit.builtin.reporters.json_report"),
    ("junit", "ibpaudit.builtin.reporters.junit"),
    ("html", "ibpaudit.builtin.reporters.html"),
    ("sarif", "ibpaudit.builtin.reporters.sarif"),
    ("markdown_summary", "ibpaudit.builtin.reporters.markdown"),
    ("oscal", "ibpaudit.builtin.reporters.oscal"),
)

_BUILTIN_MODULES = frozenset(module for _, module in BUILTIN_PLUGINS)
# pluggy asks the plugin registered last first, and a file goes to the first reader that
# takes it: the readers of the commonest evidence are registered last, so that a csv file
# is not offered to five readers first (the built-in readers take disjoint suffixes, and
# a reader from outside, registered later, is still asked before any of them). Plugins
# are listed in BUILTIN_PLUGINS' order all the same.
_ASKED_FIRST = ("yaml", "markdown", "csv")


def _registration_order(plugin: tuple[str, str]) -> int:
    name = plugin[0]
    return _ASKED_FIRST.index(name) + 1 if name in _ASKED_FIRST else 0


class _Manager(pluggy.PluginManager):
    """pluggy's manager, which asks about every name a plugin holds: for a module, its
    imports too (some 640 names in the built-ins, ~2 ms of every run). A built-in
    module's hook implementations are all named after their hook (tested), so only
    those names are asked about there; every other plugin is read as pluggy reads it
    (``specname=`` included)."""

    def parse_hookimpl_opts(self, plugin: object, name: str) -> pluggy.HookimplOpts | None:
        if (
            not name.startswith("ibpaudit_")
            and isinstance(plugin, ModuleType)
            and plugin.__name__ in _BUILTIN_MODULES
        ):
            return None
        return super().parse_hookimpl_opts(plugin, name)


class Plugins:
    """A typed facade over one run's PluginManager."""

    def __init__(self, pm: pluggy.PluginManager, infos: list[PluginInfo]) -> None:
        self.pm = pm
        self.infos = infos
        self.problems: list[PluginProblem] = []
        self._option_defaults: dict[str, Any] | None = None
        self._origin: dict[int, str] = {}  # id() of a hook result -> its plugin
        self.as_data = False  # the dossier is data: none of its code, none of its overrides
        self._check_types: dict[str, tuple[CheckType, str]] | None = None

    def _each(self, hook_name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Call the hook through pluggy (wrappers included) and yield each result with
        the plugin that returned it. An implementation that raises was already reported
        by its guard (see :meth:`guard`) and returns nothing; a wrapper that raises takes
        the whole call with it, and is reported as the hook's wrappers' failure."""
        hook = getattr(self.pm.hook, hook_name)
        self._origin.clear()
        try:
            returned = hook(**kwargs)
        except Exception as exc:  # only a wrapper gets here: implementations are guarded
            wrappers = [i.plugin_name for i in hook.get_hookimpls() if i.wrapper or i.hookwrapper]
            self.fail(", ".join(wrappers) or "?", hook_name, exc)
            return
        except SystemExit as exc:
            self.fail(", ".join(i.plugin_name for i in hook.get_hookimpls()), hook_name, exc)
            return
        named = [(self._origin.get(id(result), "?"), result) for result in returned or ()]
        self._origin.clear()
        yield from named

    def guard(self) -> None:
        """Wrap every plain hook implementation so that an exception it raises (or a
        ``sys.exit``) is reported naming its plugin and never ends the run, and so that
        each result can be traced to its plugin. Wrappers run as pluggy runs them."""
        for hook_name in dir(self.pm.hook):
            hook = getattr(self.pm.hook, hook_name)
            if not hook_name.startswith(f"{PROJECT}_") or not hasattr(hook, "get_hookimpls"):
                continue
            for impl in hook.get_hookimpls():
                if not (impl.wrapper or impl.hookwrapper):
                    impl.function = self._guarded(impl.function, impl.plugin_name, hook_name)

    def _guarded(self, function: Any, plugin: str, hook_name: str) -> Any:
        origin = self._origin
        reader = hook_name == "ibpaudit_read_evidence"

        def call(*args: Any) -> Any:
            try:
                result = function(*args)
            except (Exception, SystemExit) as exc:  # a plugin's bug must not end the run
                if reader and isinstance(exc, EvidenceError):
                    raise  # the reader's own verdict on the file
                if reader:
                    path = next((a.path for a in args if isinstance(a, EvidenceFile)), "?")
                    raise EvidenceError.of(
                        text(
                            "{f}: leesplugin '{p}' liep vast ({kind}: {exc}); meld dit bij de "
                            "maker van de plugin of zet hem uit met --disable-plugin",
                            "{f}: reader plugin '{p}' crashed ({kind}: {exc}); report this to "
                            "the plugin's author or switch it off with --disable-plugin",
                            f=path,
                            p=plugin,
                            kind=type(exc).__name__,
                            exc=exc,
                        )
                    ) from exc
                self.fail(plugin, hook_name, exc)
                return None
            if result is not None and not reader:
                origin[id(result)] = plugin
            return result

        return call

    def fail(self, plugin: str, where: str, exc: BaseException, detail: Text | None = None) -> None:
        """Record a plugin's failure; ``detail`` says in both languages what is wrong
        when ibpaudit found it (otherwise the exception's own words are shown)."""
        if detail is None and isinstance(exc, IbpauditError):
            detail = exc.as_text()  # ibpaudit's own words, in both languages
        if detail is None:
            detail = Text.of(f"{type(exc).__name__}: {exc}")
        problem = PluginProblem(
            plugin,
            text(
                "plugin '{plugin}' faalde in {where}: {detail}",
                "plugin '{plugin}' failed in {where}: {detail}",
                plugin=plugin,
                where=where,
                detail=detail,
            ),
        )
        if problem not in self.problems:  # a hook asked twice (options) fails once
            self.problems.append(problem)

    def _valid(self, plugin: str, hook_name: str, item: object) -> bool:
        """A check type or report format as the hook promises it; anything else is the
        plugin's failure, reported by name (a report's file name must be a plain name in
        the output folder)."""
        problem: Text | None = None
        if isinstance(item, CheckType):
            if not isinstance(item.name, str) or not callable(item.evaluate):
                problem = text(
                    "een CheckType heeft een naam en een aanroepbare evaluate nodig",
                    "a CheckType needs a name and a callable evaluate",
                )
            elif not isinstance(item.schema, Mapping):
                problem = text(
                    "controletype '{n}': het schema moet een mapping (JSON Schema) zijn",
                    "check type '{n}': its schema must be a mapping (JSON Schema)",
                    n=item.name,
                )
        elif isinstance(item, ReportFormat):
            name = item.filename
            if not isinstance(item.name, str) or not callable(item.render):
                problem = text(
                    "een ReportFormat heeft een naam en een aanroepbare render nodig",
                    "a ReportFormat needs a name and a callable render",
                )
            elif (
                not isinstance(name, str)
                or not name
                or name in (".", "..")
                or ("/" in name or "\\" in name or name.startswith("."))
            ):
                problem = text(
                    "rapportformaat '{n}': bestandsnaam {f} is geen gewone naam",
                    "report format '{n}': file name {f} is not a plain name",
                    n=item.name,
                    f=repr(name),
                )
        else:
            problem = text(
                "gaf {t} terug, geen CheckType of ReportFormat",
                "returned {t}, not a CheckType or ReportFormat",
                t=type(item).__name__,
            )
        if problem is not None:
            self.fail(plugin, hook_name, TypeError(problem.en), problem)
        return problem is None

    def add_options(self, parser: argparse.ArgumentParser) -> tuple[str, ...]:
        """Let every plugin add its options to ``parser``; the ``dest`` of each option
        added, which is all of the parsed arguments that plugins get to see."""
        before = {action.dest for action in parser._actions}
        for _ in self._each("ibpaudit_add_options", parser=parser):
            pass
        return tuple(a.dest for a in parser._actions if a.dest not in before)

    def option_defaults(self) -> dict[str, Any]:
        """The plugins' declared options at their defaults (asked once per manager)."""
        if self._option_defaults is None:
            parser = argparse.ArgumentParser(add_help=False)
            self._option_defaults = {d: parser.get_default(d) for d in self.add_options(parser)}
        return dict(self._option_defaults)

    def catalog_dirs(self, root: Path | None) -> list[Path]:
        dirs: list[Path] = []
        for _, result in self._each("ibpaudit_catalog_dirs", root=root):
            dirs.extend(Path(d) for d in result or ())
        return dirs

    def check_types(self) -> dict[str, tuple[CheckType, str]]:
        """Check types by name, each with the plugin that offers it. Asked once per run:
        the catalog, the engine and every rule-test case share the answer (and a
        plugin that fails here is reported once)."""
        if self._check_types is None:
            self._check_types = self._collect_check_types()
        return self._check_types

    def _collect_check_types(self) -> dict[str, tuple[CheckType, str]]:
        found: dict[str, tuple[CheckType, str]] = {}
        for plugin, result in self._each("ibpaudit_check_types"):
            for check_type in result or ():
                if not self._valid(plugin, "ibpaudit_check_types", check_type):
                    continue
                if check_type.name in found:
                    other = found[check_type.name][1]
                    raise ConfigError.of(
                        text(
                            "plugin '{p}': controletype '{n}' wordt al aangeboden door plugin "
                            "'{other}'; zet er een uit met --disable-plugin",
                            "plugin '{p}': check type '{n}' is already offered by plugin "
                            "'{other}'; disable one with --disable-plugin",
                            p=plugin,
                            n=check_type.name,
                            other=other,
                        )
                    )
                found[check_type.name] = (check_type, plugin)
        return found

    def report_formats(self) -> dict[str, ReportFormat]:
        found: dict[str, ReportFormat] = {}
        for plugin, result in self._each("ibpaudit_report_formats"):
            for fmt in result or ():
                if not self._valid(plugin, "ibpaudit_report_formats", fmt):
                    continue
                if fmt.name in found:
                    raise ConfigError.of(
                        text(
                            "plugin '{p}': rapportformaat '{n}' bestaat al; zet een van de "
                            "twee plugins uit met --disable-plugin",
                            "plugin '{p}': report format '{n}' is already registered; "
                            "disable one of the two plugins with --disable-plugin",
                            p=plugin,
                            n=fmt.name,
                        )
                    )
                found[fmt.name] = fmt
        return found

    def read_evidence(self, path: Path, file: EvidenceFile, limits: Limits) -> Evidence | None:
        """The first reader that takes the file; EvidenceError passes through, other
        exceptions become an EvidenceError naming the reader plugin (see the guard)."""
        hook = self.pm.hook.ibpaudit_read_evidence
        try:
            result = hook(path=path, file=file, limits=limits)
        except EvidenceError:
            raise
        except (Exception, SystemExit) as exc:  # only a wrapper gets here (see the guard)
            wrappers = [i.plugin_name for i in hook.get_hookimpls() if i.wrapper or i.hookwrapper]
            raise EvidenceError.of(
                text(
                    "{f}: omhullende leesplugin '{p}' liep vast ({kind}: {exc}); meld dit bij "
                    "de maker van de plugin of zet hem uit met --disable-plugin",
                    "{f}: reader wrapper plugin '{p}' crashed ({kind}: {exc}); report this to "
                    "the plugin's author or switch it off with --disable-plugin",
                    f=file.path,
                    p=", ".join(wrappers) or "?",
                    kind=type(exc).__name__,
                    exc=exc,
                )
            ) from exc
        return cast(Evidence | None, result)


def _report_unknown_hooks(plugins: Plugins) -> None:
    """A function marked ``@hookimpl`` whose name is no hook (``ibpaudit_report_format``
    for ``ibpaudit_report_formats``) would never be called: name the plugin and the hook,
    as pluggy's ``check_pending()`` would, but all of them and without stopping."""
    known = {name for name in dir(hookspecs) if name.startswith(f"{PROJECT}_")}
    for name in sorted(dir(plugins.pm.hook)):
        hook = getattr(plugins.pm.hook, name)
        if name.startswith("_") or not hasattr(hook, "get_hookimpls") or hook.has_spec():
            continue
        for impl in hook.get_hookimpls():
            if impl.optionalhook:
                continue
            import difflib  # only for a suggestion: not imported by every run

            close = difflib.get_close_matches(name, known, n=1)
            hint = Text(nl="", en="")
            if close:
                hint = text("; bedoelt u '{h}'?", "; did you mean '{h}'?", h=close[0])
            plugins.problems.append(
                PluginProblem(
                    impl.plugin_name,
                    text(
                        "plugin '{p}': '{n}' is geen hook van ibpaudit{hint}",
                        "plugin '{p}': '{n}' is not an ibpaudit hook{hint}",
                        p=impl.plugin_name,
                        n=name,
                        hint=hint,
                    ),
                )
            )


def _load_local(path: Path, source: bytes) -> ModuleType:
    """Execute a dossier plugin from the bytes that were hashed (never a second read)."""
    name = f"ibpaudit_local_{path.stem}"
    spec = importlib.util.spec_from_loader(name, loader=None, origin=str(path))
    if spec is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    module.__file__ = str(path)
    sys.modules[name] = module
    try:
        exec(compile(source, str(path), "exec"), module.__dict__)  # the deliberate act
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


ENV_DOSSIER_AS_DATA = "IBPAUDIT_DOSSIER_AS_DATA"


def dossier_as_data(flag: bool = False) -> bool:
    """Whether to treat the dossier as data only: ``--dossier-as-data`` or the
    environment variable (set by an auditor's shell or CI, never by a dossier file)."""
    value = os.environ.get(ENV_DOSSIER_AS_DATA, "").strip().lower()
    return flag or value not in ("", "0", "false", "no", "nee")


def none() -> Plugins:
    """A manager with the hook specs and no plugin at all."""
    pm = _Manager(PROJECT)
    pm.add_hookspecs(hookspecs)
    return Plugins(pm, [])


def build(
    root: Path | None = None,
    disabled: Sequence[str] = (),
    *,
    as_data: bool = False,
    entry_points_too: bool = True,
    extra_plugins: Sequence[object] = (),
) -> Plugins:
    """A fresh manager: hook specs, blocked plugins, built-ins, ``extra_plugins`` (plugin
    objects or modules given by the caller, as ``ibpaudit.testing`` does; origin
    ``test``), entry points, and the dossier's ``plugins/*.py``, unless the dossier is to
    be treated as data (``as_data``, or the environment; see :func:`dossier_as_data`):
    then its plugins are listed, with their hashes, as refused, and its overrides of the
    catalog are refused too."""
    pm = _Manager(PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in disabled:
        pm.set_blocked(name)
    infos: list[PluginInfo] = []
    plugins = Plugins(pm, infos)
    plugins.as_data = dossier_as_data(as_data)

    known = {name for name, _ in BUILTIN_PLUGINS}
    for name, module_name in sorted(BUILTIN_PLUGINS, key=_registration_order):
        if not pm.is_blocked(name):
            pm.register(importlib.import_module(module_name), name=name)
    infos += [
        PluginInfo(name, __version__, "builtin")
        for name, _ in BUILTIN_PLUGINS
        if not pm.is_blocked(name)
    ]

    for plugin in extra_plugins:
        name = getattr(plugin, "__name__", None) or type(plugin).__name__
        known.add(name)
        if pm.is_blocked(name) or pm.is_registered(plugin):
            continue  # switched off, or a built-in module passed again
        pm.register(plugin, name=name)
        infos.append(PluginInfo(name, "test", "test"))

    builtin_names = set(known)
    for ep in entrypoints.installed(PROJECT, avoid=root) if entry_points_too else ():
        if ep.name in builtin_names:
            clash = text(
                "entry point '{n} = {v}' heeft de naam van een ingebouwde plugin; geef het "
                "een andere naam in de entry points van het pakket",
                "entry point '{n} = {v}' has the name of a built-in plugin; give it another "
                "name in the package's entry points",
                n=ep.name,
                v=ep.value,
            )
            plugins.fail(ep.name, "import", ValueError(clash.en), clash)
            continue
        known.add(ep.name)
        if pm.is_blocked(ep.name):
            continue
        try:
            pm.register(ep.load(PROJECT), name=ep.name)
        except (Exception, SystemExit) as exc:
            plugins.fail(ep.name, "import", exc)
            continue
        infos.append(PluginInfo(ep.name, ep.version or "unknown", "entrypoint"))

    local_dir = root / "plugins" if root is not None else None
    if local_dir is not None and local_dir.is_dir():
        for path in sorted(local_dir.glob("*.py")):
            name = path.stem
            known.add(name)
            if name.startswith("_") or pm.is_blocked(name):
                continue
            rel = path.relative_to(root).as_posix() if root is not None else path.name
            try:
                source = path.read_bytes()
            except OSError as exc:
                plugins.fail(name, f"import ({path.name})", exc)
                continue
            digest = hashlib.sha256(source).hexdigest()
            if plugins.as_data:
                infos.append(PluginInfo(name, "local", "local", rel, digest, refused=True))
                continue
            try:
                pm.register(_load_local(path, source), name=name)
            except (Exception, SystemExit) as exc:
                plugins.fail(name, f"import ({path.name})", exc)
                continue
            infos.append(PluginInfo(name, "local", "local", rel, digest))

    _report_unknown_hooks(plugins)
    plugins.guard()
    unknown = sorted(set(disabled) - known)
    if unknown:
        raise ConfigError.of(
            text(
                "--disable-plugin: onbekende plugin {u}; bekend zijn: {k}",
                "--disable-plugin: unknown plugin {u}; known: {k}",
                u=", ".join(repr(u) for u in unknown),
                k=", ".join(sorted(known)),
            )
        )
    return plugins
