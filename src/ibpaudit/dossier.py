"""Find a dossier's evidence files, read each once, and let checks select from them.

ibpaudit only reads: nothing here writes to, moves or deletes evidence.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from ibpaudit.config import CONFIG_FILE, BoardConfig
from ibpaudit.errors import EvidenceError
from ibpaudit.models import Evidence, EvidenceFile, Limits, text
from ibpaudit.plugins import Plugins
from ibpaudit.values import normalise_name

# Folders that hold ibpaudit's own inputs or outputs, not evidence.
SKIPPED_DIRS = frozenset({"controls", "plugins", "reports", "node_modules", "__pycache__"})
NOT_EVIDENCE = frozenset(
    {CONFIG_FILE, "waivers.yaml", "normkoppeling.yaml", "README.md", "readme.md"}
)
ORGANISATION_FILE = "organisatie"
ATTESTATION_DIRS = frozenset({"attestaties", "attestations"})
SIDECAR_SUFFIXES = (".meta.yaml", ".meta.yml")


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def metadata_value(ev: Evidence, key: str) -> Any:
    """A metadata value by normalised key (front matter, sidecars and YAML alike)."""
    wanted = normalise_name(key)
    for k, v in ev.metadata.items():
        if normalise_name(str(k)) == wanted:
            return v
    return None


def iter_files(root: Path, config: BoardConfig) -> Iterator[tuple[Path, str]]:
    """Every candidate evidence file as (absolute path, dossier-relative posix path)."""
    for dirpath, dirnames, filenames in os.walk(root, followlinks=False):
        here = Path(dirpath)
        rel_dir = here.relative_to(root)
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith((".", "_")) and not (rel_dir == Path(".") and d in SKIPPED_DIRS)
        )
        for name in sorted(filenames):
            rel = (rel_dir / name).as_posix()
            if name.startswith((".", "~$")) or (rel_dir == Path(".") and name in NOT_EVIDENCE):
                continue
            if any(fnmatch.fnmatch(rel, pattern) for pattern in config.ignore):
                continue
            yield here / name, rel


def _unreadable(file: EvidenceFile, message: str) -> Evidence:
    return Evidence(
        file=file,
        reader="",
        error=text("{m}", "{m}", m=message),
    )


def read_file(
    path: Path, rel: str, root: Path, plugins: Plugins, limits: Limits
) -> Evidence | None:
    """Hash and read one file; a file no reader takes returns None (listed, not used)."""
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root.resolve()):
            stat = path.lstat()
            file = EvidenceFile(rel, hashlib.sha256(b"").hexdigest(), 0, _mtime(stat.st_mtime))
            return _unreadable(
                file, f"{rel}: symbolic link to {target} leaves the dossier; copy the file in"
            )
    stat = path.stat()
    file = EvidenceFile(rel, sha256_file(path), stat.st_size, _mtime(stat.st_mtime))
    if stat.st_size > limits.max_file_bytes:
        limit_mb = limits.max_file_bytes / (1024 * 1024)
        return _unreadable(
            file,
            f"{rel}: {stat.st_size / (1024 * 1024):.1f} MB is larger than the limit of "
            f"{limit_mb:.0f} MB; raise bewijs.max_bestand_mb in ibpaudit.yaml if it is genuine",
        )
    try:
        return plugins.read_evidence(path, file, limits)
    except EvidenceError as exc:
        return _unreadable(file, str(exc))
    except OSError as exc:
        return _unreadable(file, f"{rel}: cannot be read ({exc.strerror or exc})")


def _mtime(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


class Dossier:
    """The evidence of one board, read once and shared by every control."""

    def __init__(self, root: Path, config: BoardConfig, evidence: list[Evidence]) -> None:
        self.root = root
        self.config = config
        self.evidence = tuple(evidence)
        self._by_path = {e.file.path: e for e in evidence}
        # Registers are looked up by name hundreds of times per run: index them once.
        self._by_stem: dict[str, list[Evidence]] = {}
        self._by_sheet: dict[str, list[tuple[Evidence, str]]] = {}
        for ev in evidence:
            if not _is_sidecar(ev.file.path):
                stem = normalise_name(Path(ev.file.path).name.split(".")[0])
                self._by_stem.setdefault(stem, []).append(ev)
            for sheet in ev.sheets:
                self._by_sheet.setdefault(normalise_name(sheet.name), []).append((ev, sheet.name))
        self._by_type: dict[str, list[Evidence]] = {}
        self._unreadable_docs: list[Evidence] = []
        for ev in evidence:
            if ev.error is not None:
                if not _is_attestation(ev.file.path) and not ev.file.path.startswith("registers/"):
                    self._unreadable_docs.append(ev)
            elif not _is_sidecar(ev.file.path):
                declared = ev.metadata.get("type")
                if isinstance(declared, str):
                    self._by_type.setdefault(normalise_name(declared), []).append(ev)
        # Work checks share within one run (see checks._common.select); the key holds
        # the records' identity, and the entry keeps them alive so it cannot be reused.
        self.memo: dict[Any, Any] = {}

    @classmethod
    def load(cls, root: Path, config: BoardConfig, plugins: Plugins, limits: Limits) -> Dossier:
        evidence = [
            ev
            for path, rel in iter_files(root, config)
            if (ev := read_file(path, rel, root, plugins, limits)) is not None
        ]
        return cls(root, config, merge_sidecars(evidence))

    def get(self, rel: str) -> Evidence | None:
        return self._by_path.get(rel)

    def registers(self, name: str) -> list[Evidence]:
        """Files holding register ``name``: the path set in ibpaudit.yaml (``path`` or
        ``path#Sheet``), else every file whose normalised stem equals the normalised
        name, else a workbook sheet with that name."""
        configured = self.config.registers.get(name)
        if configured is not None:
            path, _, sheet = configured.partition("#")
            found = self.get(Path(path).as_posix())
            if found is not None and sheet and found.error is None:
                found = found.sheet(sheet)
            return [found] if found is not None else []
        wanted = normalise_name(name)
        by_stem = self._by_stem.get(wanted)
        if by_stem:
            return list(by_stem)
        return [
            found
            for ev, sheet in self._by_sheet.get(wanted, ())
            if (found := ev.sheet(sheet)) is not None
        ]

    def documents(self, doc_type: str) -> tuple[list[Evidence], list[Evidence]]:
        """Documents whose metadata ``type`` is ``doc_type``, and the unreadable files
        that might have been one (so a check can say *error*, not *failed*)."""
        return list(self._by_type.get(normalise_name(doc_type), ())), list(self._unreadable_docs)

    def attestations(self) -> list[Evidence]:
        return [e for e in self.evidence if _is_attestation(e.file.path)]

    def organisation(self) -> Evidence | None:
        for ev in self.evidence:
            path = Path(ev.file.path)
            if len(path.parts) == 1 and path.name.split(".")[0] == ORGANISATION_FILE:
                return ev
        return None


def merge_sidecars(evidence: list[Evidence]) -> list[Evidence]:
    """Give each file the metadata of its ``<file>.meta.yaml`` sidecar.

    The sidecar's values win over the file's own (a sidecar is written on purpose, a
    .docx property often by accident). An unreadable sidecar makes the file unreadable
    too, so its controls say *error* instead of judging half the metadata.
    """
    by_path = {e.file.path: e for e in evidence}
    out: list[Evidence] = []
    for ev in evidence:
        sidecar = next(
            (by_path[ev.file.path + s] for s in SIDECAR_SUFFIXES if ev.file.path + s in by_path),
            None,
        )
        if sidecar is None or _is_sidecar(ev.file.path):
            out.append(ev)
        elif sidecar.error is not None:
            out.append(replace(ev, error=sidecar.error))
        else:
            out.append(replace(ev, metadata={**ev.metadata, **sidecar.metadata}))
    return out


def _is_attestation(rel: str) -> bool:
    return Path(rel).parts[0] in ATTESTATION_DIRS


def _is_sidecar(rel: str) -> bool:
    return rel.endswith(SIDECAR_SUFFIXES)
