"""The steps of ``ibpaudit run`` before the audit itself, for every front end that runs one
(the command line, the pytest plugin): read the dossier's settings, build its plugins, and
turn the requested overrides into :class:`RunOptions`."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import Any

from ibpaudit.dossier.config import BoardConfig, load_config
from ibpaudit.engine import plugins
from ibpaudit.model import Lang, Limits, RunOptions
from ibpaudit.values import today


def prepare(
    root: Path, disabled: Sequence[str] = (), *, as_data: bool = False
) -> tuple[BoardConfig, plugins.Plugins]:
    """The dossier's ``ibpaudit.yaml`` and a fresh plugin manager without the plugins it,
    or ``disabled``, turns off; with ``as_data`` (or the environment) none of the
    dossier's own code and none of its catalog overrides."""
    config = load_config(root)
    return config, plugins.build(root, [*config.disabled_plugins, *disabled], as_data=as_data)


def run_options(
    root: Path,
    config: BoardConfig,
    *,
    as_of: date | None = None,
    lang: str | None = None,
    target_level: int | None = None,
    plugin_options: Mapping[str, Any] | None = None,
    command: Sequence[str] = (),
    show_personal_data: bool = False,
) -> RunOptions:
    """Overrides win over ``ibpaudit.yaml``: the as-of date falls back to ``peildatum``,
    then today in Europe/Amsterdam; the language to ``taal``, then Dutch."""
    chosen: Lang = "en" if (lang or config.lang) == "en" else "nl"
    limits = Limits()
    if config.max_file_mb:
        limits = replace(limits, max_file_bytes=int(config.max_file_mb * 1024 * 1024))
    if config.max_cells:
        limits = replace(limits, max_cells=config.max_cells)
    if config.max_pages:
        limits = replace(limits, max_pdf_pages=config.max_pages)
    return RunOptions(
        root=root,
        as_of=as_of or config.as_of or today(),
        lang=chosen,
        target_level=target_level,
        limits=limits,
        plugin_options=dict(plugin_options or {}),
        command=tuple(command),
        show_personal_data=show_personal_data,
    )
