"""The one way every front end starts a run: ``ibpaudit run``, ``validate``, ``controls``,
``test-controls``, ``waivers``, ``verify`` and ``pytest --ibpaudit`` all begin here, so
that a plugin disabled in ``ibpaudit.yaml``, the as-of date, the language and the
safety limits mean the same everywhere."""

from __future__ import annotations

import os
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date
from pathlib import Path
from typing import Any

from ibpaudit.dossier.config import CONFIG_FILE, load_config
from ibpaudit.engine import plugins as plugin_host
from ibpaudit.engine.plugins import Plugins
from ibpaudit.model import BoardConfig, Lang, Limits, RunOptions, Selection
from ibpaudit.values import today


@dataclass(frozen=True)
class Run:
    """One dossier, ready to audit: its settings, its plugins and the run's options."""

    root: Path
    config: BoardConfig
    plugins: Plugins
    options: RunOptions
    selection: Selection = field(default_factory=Selection)
    # The SHA-256 of each catalog file this run's audit read, by path: the manifest names
    # those bytes (and does not read the files again).
    read: dict[Path, str] = field(default_factory=dict, compare=False, repr=False)

    @property
    def lang(self) -> Lang:
        return self.options.lang

    def configure(
        self,
        *,
        as_of: date | None = None,
        lang: str | None = None,
        target_level: int | None = None,
        only: Sequence[str] = (),
        skip: Sequence[str] = (),
        plugin_options: Mapping[str, Any] | None = None,
        command: Sequence[str] = (),
        show_personal_data: bool = False,
    ) -> Run:
        """This run with the front end's overrides; they win over ``ibpaudit.yaml``: the
        as-of date falls back to ``peildatum``, then today in Europe/Amsterdam; the
        language to ``taal``, then Dutch; ``only`` to ``controls.alleen``. Plugins see
        only the options they declared (``ibpaudit_add_options``), at their defaults
        unless ``plugin_options`` gives a value."""
        config = self.config
        chosen = language(lang, config.lang)
        declared = self.plugins.option_defaults()
        given = plugin_options or {}
        options = RunOptions(
            root=self.root,
            as_of=as_of or config.as_of or today(),
            lang=chosen,
            target_level=target_level,
            limits=limits_of(config),
            plugin_options={k: given.get(k, v) for k, v in declared.items()},
            command=tuple(command),
            show_personal_data=show_personal_data,
        )
        selection = Selection(
            only=tuple(only) or config.only,
            skip=tuple(skip),
            only_from="--only" if only else CONFIG_FILE,
        )
        return replace(self, options=options, selection=selection)


def open_run(
    root: Path | None,
    *,
    disable: Sequence[str] = (),
    as_data: bool = False,
    as_of: date | None = None,
    lang: str | None = None,
    target_level: int | None = None,
    only: Sequence[str] = (),
    skip: Sequence[str] = (),
    plugin_options: Mapping[str, Any] | None = None,
    command: Sequence[str] = (),
    show_personal_data: bool = False,
    with_plugins: bool = True,
    config_optional: bool = False,
    extra_plugins: Sequence[object] = (),
) -> Run:
    """The dossier's ``ibpaudit.yaml``, a fresh plugin manager without the plugins it (or
    ``disable``) turns off, and the run's options (see :meth:`Run.configure`). With
    ``as_data`` (or ``IBPAUDIT_DOSSIER_AS_DATA``) none of the dossier's own code runs
    and none of its catalog overrides apply. ``root`` None: no dossier, only the
    installed catalog and plugins (``ibpaudit controls`` without a path).
    ``with_plugins`` False: no plugin at all (``ibpaudit verify`` must not let code that
    was added after the run decide what matches). ``config_optional``: a folder without
    ``ibpaudit.yaml`` is a catalog folder, read with the default settings
    (``ibpaudit controls PATH``, ``test-controls PATH``). ``extra_plugins``: plugin
    objects or modules registered after the built-ins (``ibpaudit.testing``)."""
    settings = root is not None and (not config_optional or (root / CONFIG_FILE).is_file())
    config = load_config(root) if settings and root is not None else BoardConfig()
    if with_plugins:
        manager = plugin_host.build(
            root,
            [*config.disabled_plugins, *disable],
            as_data=as_data,
            extra_plugins=extra_plugins,
        )
    else:
        manager = plugin_host.none()
    placeholder = RunOptions(root=root or Path.cwd(), as_of=config.as_of or date.min)
    return Run(root or Path.cwd(), config, manager, placeholder).configure(
        as_of=as_of,
        lang=lang,
        target_level=target_level,
        only=only,
        skip=skip,
        plugin_options=plugin_options,
        command=command,
        show_personal_data=show_personal_data,
    )


def language(given: str | None, dossier: str | None) -> Lang:
    """The language of a run's messages and reports: ``--lang``, then the environment's
    ``IBPAUDIT_LANG``, then the dossier's ``taal:``, then Dutch."""
    env = os.environ.get("IBPAUDIT_LANG", "").strip().lower() or None
    return "en" if (given or env or dossier) == "en" else "nl"


def limits_of(config: BoardConfig) -> Limits:
    """The readers' safety limits, with the dossier's own (``bewijs.*``) where it sets them."""
    limits = Limits()
    if config.max_file_mb:
        limits = replace(limits, max_file_bytes=int(config.max_file_mb * 1024 * 1024))
    if config.max_cells:
        limits = replace(limits, max_cells=config.max_cells)
    if config.max_pages:
        limits = replace(limits, max_pdf_pages=config.max_pages)
    return limits
