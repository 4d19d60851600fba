"""Build a fresh PluginManager per run and call its hooks one plugin at a time.

Built-ins, entry points (group ``ibpaudit``) and a dossier's ``plugins/*.py`` are
registered the same way. Each hook implementation is called inside its own
try/except so that a plugin that raises is named and never takes the run down.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import sys
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from importlib.metadata import entry_points
from pathlib import Path
from types import ModuleType
from typing import Any, cast

import pluggy

from ibpaudit import __version__, hookspecs
from ibpaudit.errors import ConfigError, EvidenceError
from ibpaudit.models import (
    CheckType,
    Evidence,
    EvidenceFile,
    Limits,
    PluginInfo,
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
)


@dataclass(frozen=True)
class PluginProblem:
    """A plugin that failed to load or raised in a hook."""

    plugin: str
    message: Text

    def to_json(self) -> dict[str, Any]:
        return {"plugin": self.plugin, "message": self.message.to_json()}


class Plugins:
    """A typed facade over one run's PluginManager."""

    def __init__(self, pm: pluggy.PluginManager, infos: list[PluginInfo]) -> None:
        self.pm = pm
        self.infos = infos
        self.problems: list[PluginProblem] = []
        self._check_types: dict[str, tuple[CheckType, str]] | None = None

    def _each(self, hook_name: str, **kwargs: Any) -> Iterator[tuple[str, Any]]:
        """Call every implementation in pluggy's order, attributing failures to their plugin."""
        hook = getattr(self.pm.hook, hook_name)
        for impl in reversed(hook.get_hookimpls()):
            args = {name: kwargs[name] for name in impl.argnames}
            try:
                yield impl.plugin_name, impl.function(**args)
            except Exception as exc:  # a plugin's bug must not end the run
                self.fail(impl.plugin_name, hook_name, exc)

    def fail(self, plugin: str, where: str, exc: BaseException) -> None:
        detail = f"{type(exc).__name__}: {exc}"
        self.problems.append(
            PluginProblem(
                plugin,
                text(
                    "plugin '{plugin}' faalde in {where}: {detail}",
                    "plugin '{plugin}' failed in {where}: {detail}",
                    plugin=plugin,
                    where=where,
                    detail=detail,
                ),
            )
        )

    def add_options(self, parser: argparse.ArgumentParser) -> None:
        for _ in self._each("ibpaudit_add_options", parser=parser):
            pass

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
                if check_type.name in found:
                    other = found[check_type.name][1]
                    raise ConfigError(
                        f"plugin '{plugin}': check type '{check_type.name}' is already "
                        f"offered by plugin '{other}'; disable one with --disable-plugin"
                    )
                found[check_type.name] = (check_type, plugin)
        return found

    def report_formats(self) -> dict[str, ReportFormat]:
        found: dict[str, ReportFormat] = {}
        for plugin, result in self._each("ibpaudit_report_formats"):
            for fmt in result or ():
                if fmt.name in found:
                    raise ConfigError(
                        f"plugin '{plugin}': report format '{fmt.name}' is already registered"
                    )
                found[fmt.name] = fmt
        return found

    def read_evidence(self, path: Path, file: EvidenceFile, limits: Limits) -> Evidence | None:
        """The first reader that takes the file; EvidenceError passes through, other
        exceptions become an EvidenceError naming the reader plugin."""
        hook = self.pm.hook.ibpaudit_read_evidence
        kwargs: dict[str, Any] = {"path": path, "file": file, "limits": limits}
        for impl in reversed(hook.get_hookimpls()):
            try:
                result = impl.function(**{name: kwargs[name] for name in impl.argnames})
            except EvidenceError:
                raise
            except Exception as exc:
                raise EvidenceError(
                    f"{file.path}: reader plugin '{impl.plugin_name}' crashed "
                    f"({type(exc).__name__}: {exc})"
                ) from exc
            if result is not None:
                return cast(Evidence, result)
        return None


def _load_local(path: Path) -> ModuleType:
    name = f"ibpaudit_local_{path.stem}"
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise ImportError(f"cannot load {path}")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    try:
        spec.loader.exec_module(module)
    except BaseException:
        sys.modules.pop(name, None)
        raise
    return module


def build(root: Path | None = None, disabled: Sequence[str] = ()) -> Plugins:
    """A fresh manager: hook specs, blocked plugins, built-ins, entry points, local plugins/."""
    pm = pluggy.PluginManager(PROJECT)
    pm.add_hookspecs(hookspecs)
    for name in disabled:
        pm.set_blocked(name)
    infos: list[PluginInfo] = []
    plugins = Plugins(pm, infos)

    known = {name for name, _ in BUILTIN_PLUGINS}
    for name, module_name in BUILTIN_PLUGINS:
        if pm.is_blocked(name):
            continue
        pm.register(importlib.import_module(module_name), name=name)
        infos.append(PluginInfo(name, __version__, "builtin"))

    builtin_names = set(known)
    for ep in entry_points(group=PROJECT):
        if ep.name in builtin_names:
            plugins.fail(
                ep.name,
                "import",
                ValueError(
                    f"entry point '{ep.name} = {ep.value}' has the name of a built-in "
                    "plugin; give it another name in the package's entry points"
                ),
            )
            continue
        known.add(ep.name)
        if pm.is_blocked(ep.name):
            continue
        try:
            pm.register(ep.load(), name=ep.name)
        except Exception as exc:
            plugins.fail(ep.name, "import", exc)
            continue
        version = ep.dist.version if ep.dist is not None else "unknown"
        infos.append(PluginInfo(ep.name, version, "entrypoint"))

    local_dir = root / "plugins" if root is not None else None
    if local_dir is not None and local_dir.is_dir():
        for path in sorted(local_dir.glob("*.py")):
            name = path.stem
            known.add(name)
            if name.startswith("_") or pm.is_blocked(name):
                continue
            try:
                pm.register(_load_local(path), name=name)
            except Exception as exc:
                plugins.fail(name, f"import ({path.name})", exc)
                continue
            infos.append(PluginInfo(name, "local", "local"))

    unknown = sorted(set(disabled) - known)
    if unknown:
        raise ConfigError(
            f"--disable-plugin: unknown plugin {', '.join(repr(u) for u in unknown)}; "
            f"known: {', '.join(sorted(known))}"
        )
    return plugins
