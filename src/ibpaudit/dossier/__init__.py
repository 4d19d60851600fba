"""Find a dossier's evidence files, read each once, and let checks select from them.

ibpaudit only reads: nothing here writes to, moves or deletes evidence.
"""

from __future__ import annotations

import fnmatch
import hashlib
import os
import stat as stat_mod
from collections.abc import Collection, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from functools import lru_cache
from pathlib import Path

from ibpaudit import readers
from ibpaudit.dossier import organisation
from ibpaudit.dossier.config import CONFIG_FILE
from ibpaudit.errors import EvidenceError
from ibpaudit.i18n import Text
from ibpaudit.model import (
    BoardConfig,
    Evidence,
    EvidenceFile,
    EvidenceReader,
    Limits,
    UnreadFile,
    text,
)
from ibpaudit.model.vocabulary import ATTESTATION_DIRS as ATTESTATION_DIRS
from ibpaudit.model.vocabulary import MAPPING_FILE, POLICY_DIR, REGISTER_DIR, WAIVER_FILE
from ibpaudit.model.vocabulary import ORGANISATION_FILE as ORGANISATION_FILE
from ibpaudit.model.vocabulary import REPORT_MARKER as REPORT_MARKER
from ibpaudit.model.vocabulary import SIDECAR_SUFFIXES as SIDECAR_SUFFIXES
from ibpaudit.regularfile import NotRegularFileError as NotRegularFileError
from ibpaudit.regularfile import kind_of as kind_of
from ibpaudit.regularfile import opened, read_within
from ibpaudit.values import canonical_column, normalise_name

# Folders that hold ibpaudit's own inputs or outputs, not evidence.
SKIPPED_DIRS = frozenset({"controls", "plugins", "reports", "node_modules", "__pycache__"})
NOT_EVIDENCE = frozenset({CONFIG_FILE, WAIVER_FILE, MAPPING_FILE, "README.md", "readme.md"})

EMPTY_SHA256 = hashlib.sha256(b"").hexdigest()


def sha256_file(path: Path) -> str:
    """SHA-256 of a regular file; a FIFO, socket or device raises NotRegularFileError
    without blocking."""
    digest = hashlib.sha256()
    with opened(path) as (fd, _):
        for chunk in iter(lambda: os.read(fd, 1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def _too_large(file: EvidenceFile, limits: Limits) -> Evidence:
    limit_mb = limits.max_file_bytes / (1024 * 1024)
    return _unreadable(
        file,
        text(
            "{rel}: {size} MB is groter dan de grens van {limit} MB; verhoog "
            "bewijs.max_bestand_mb in ibpaudit.yaml als het bestand echt zo groot is",
            "{rel}: {size} MB is larger than the limit of {limit} MB; raise "
            "bewijs.max_bestand_mb in ibpaudit.yaml if it is genuine",
            rel=file.path,
            size=f"{file.size / (1024 * 1024):.1f}",
            limit=f"{limit_mb:.0f}",
        ),
    )


def display_path(rel: str) -> str:
    """A path as text that any report can carry: bytes of a file name that are not
    UTF-8 (kept by the OS as surrogate escapes) are shown as ``\\xe9``."""
    return rel.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


_MANIFEST_START = b'{\n "manifest_version"'


def is_report_folder(folder: Path, names: Collection[str]) -> bool:
    """Whether a folder holds ibpaudit's reports (of this run or an earlier one, under
    any name): its lock file, or a run manifest. Reports are never evidence."""
    if REPORT_MARKER in names:
        return True
    if "manifest.json" not in names:
        return False
    try:
        with (folder / "manifest.json").open("rb") as handle:
            return handle.read(len(_MANIFEST_START)) == _MANIFEST_START
    except OSError:
        return False


def iter_files(
    root: Path, config: BoardConfig, skipped: list[str] | None = None
) -> Iterator[tuple[Path, str]]:
    """Every candidate evidence file as (absolute path, dossier-relative posix path,
    shown with escapes when the name is not UTF-8). A folder that cannot be listed is
    yielded too, its relative path ending in ``/``, so that it is never skipped silently.
    A folder of ibpaudit reports is not read; its path goes into ``skipped``."""
    unlisted: list[OSError] = []
    for dirpath, dirnames, filenames in os.walk(root, onerror=unlisted.append, followlinks=False):
        here = Path(dirpath)
        rel_dir = here.relative_to(root)
        if rel_dir != Path(".") and is_report_folder(here, filenames):
            dirnames[:] = []
            if skipped is not None:
                skipped.append(display_path(rel_dir.as_posix()) + "/")
            continue
        while unlisted:
            failed = Path(unlisted.pop().filename or "")
            if failed != root and failed.is_relative_to(root):
                yield failed, display_path(failed.relative_to(root).as_posix()) + "/"
        dirnames[:] = sorted(
            d
            for d in dirnames
            if not d.startswith((".", "_")) and not (rel_dir == Path(".") and d in SKIPPED_DIRS)
        )
        prefix = "" if rel_dir == Path(".") else rel_dir.as_posix() + "/"
        for name in sorted(filenames):
            rel = display_path(prefix + name)
            if name.startswith((".", "~$")) or (not prefix and name in NOT_EVIDENCE):
                continue
            if any(fnmatch.fnmatch(rel, pattern) for pattern in config.ignore):
                continue
            yield here / name, rel
    for error in unlisted:  # the dossier root itself, or a folder os.walk reported last
        failed = Path(error.filename or root)
        if failed.is_relative_to(root):
            rel = failed.relative_to(root).as_posix()
            yield failed, ("." if rel == "." else display_path(rel)) + "/"


def _unreadable(file: EvidenceFile, message: Text) -> Evidence:
    return Evidence(file=file, reader="", error=message)


def read_file(
    path: Path, rel: str, root: Path, plugins: EvidenceReader, limits: Limits
) -> Evidence | None:
    """Hash and read one file; a file no reader takes returns None (listed, not used).

    Whatever the file system holds (a dangling link, a link loop, a FIFO, a file that
    vanished or cannot be read, a folder that cannot be listed), the answer is an
    unreadable Evidence naming the path, never an exception.
    """
    if rel.endswith("/"):
        return _unlisted_folder(path, rel)
    try:
        found = path.lstat()
    except OSError as exc:
        return _broken(rel, _vanished_or(exc))
    if stat_mod.S_ISLNK(found.st_mode):
        try:
            target = path.resolve(strict=True)
        except (OSError, RuntimeError) as exc:
            return _broken(rel, _link_problem(path, exc), found.st_mtime)
        if not target.is_relative_to(root.resolve()):
            return _broken(
                rel,
                text(
                    "symbolische link naar {t} wijst buiten het dossier; kopieer het bestand erin",
                    "symbolic link to {t} leaves the dossier; copy the file in",
                    t=target,
                ),
                found.st_mtime,
            )
    if _not_utf8(path.relative_to(root)):
        return _broken(
            rel,
            text(
                "de naam is geen geldige UTF-8 (getoond met \\x-codes); geef het een andere naam",
                "its name is not valid UTF-8 (shown with \\x escapes); rename it",
            ),
            found.st_mtime,
        )
    try:
        # What the name is, before anything is opened (opening a device may do things);
        # a link's target was found inside the dossier above.
        kind = kind_of((path.stat() if stat_mod.S_ISLNK(found.st_mode) else found).st_mode)
        if kind is not None:
            raise NotRegularFileError(kind)
        # Read once, within the limit: the readers parse these very bytes (see
        # readers.contents), so the hash names the version that was judged. What was
        # opened is checked again (a name may have changed since).
        data, info = read_within(path, limits.max_file_bytes)
        if data is None or len(data) > limits.max_file_bytes:  # too large: hash it only
            size = info.st_size if data is None else max(info.st_size, len(data))
            file = EvidenceFile(rel, sha256_file(path), size, _mtime(info.st_mtime))
            return _too_large(file, limits)
        digest = hashlib.sha256(data).hexdigest()
        file = EvidenceFile(rel, digest, len(data), _mtime(info.st_mtime))
    except NotRegularFileError as exc:
        return _broken(
            rel,
            text(
                "is {k}, geen bestand; ibpaudit leest alleen gewone bestanden",
                "is {k}, not a file; ibpaudit reads only regular files",
                k=exc.kind,
            ),
        )
    except OSError as exc:
        return _broken(rel, _vanished_or(exc), found.st_mtime)
    try:
        with readers.handing_over(file, data):
            return plugins.read_evidence(path, file, limits)
    except EvidenceError as exc:
        return _unreadable(file, exc.as_text())
    except FileNotFoundError:
        return _unreadable(
            file,
            text(
                "{rel}: verdween terwijl het werd gelezen; voer de audit opnieuw uit",
                "{rel}: vanished while it was being read; run the audit again",
                rel=rel,
            ),
        )
    except OSError as exc:
        return _unreadable(
            file,
            text(
                "{rel}: kan niet worden gelezen ({why})",
                "{rel}: cannot be read ({why})",
                rel=rel,
                why=exc.strerror or exc,
            ),
        )


def _not_utf8(rel: Path) -> bool:
    try:
        os.fsencode(rel).decode("utf-8")
    except UnicodeDecodeError:
        return True
    return False


def _broken(rel: str, problem: Text, mtime: float = 0.0) -> Evidence:
    """An unreadable Evidence for a path that could not even be hashed."""
    file = EvidenceFile(rel, EMPTY_SHA256, 0, _mtime(mtime))
    return _unreadable(file, text("{rel}: {p}", "{rel}: {p}", rel=rel, p=problem))


def _vanished_or(exc: OSError) -> Text:
    if isinstance(exc, FileNotFoundError):
        return text(
            "verdween terwijl het dossier werd gelezen; voer de audit opnieuw uit",
            "vanished while the dossier was being read; run the audit again",
        )
    if isinstance(exc, NotRegularFileError):
        return text(
            "is {k}, geen bestand; ibpaudit leest alleen gewone bestanden",
            "is {k}, not a file; ibpaudit reads only regular files",
            k=exc.kind,
        )
    return text(
        "kan niet worden gelezen ({why}); controleer de rechten",
        "cannot be read ({why}); check its permissions",
        why=exc.strerror or exc,
    )


def _link_problem(path: Path, exc: OSError | RuntimeError) -> Text:
    if isinstance(exc, FileNotFoundError):
        return text(
            "symbolische link naar '{t}', dat niet bestaat; herstel of verwijder de link",
            "symbolic link to '{t}', which does not exist; fix or remove the link",
            t=display_path(os.fsdecode(os.readlink(path))),
        )
    if isinstance(exc, RuntimeError) or getattr(exc, "errno", None) == 40:  # ELOOP
        return text(
            "symbolische link in een kringetje (de link wijst naar zichzelf); herstel of "
            "verwijder de link",
            "symbolic link loop (the link points back to itself); fix or remove the link",
        )
    return text(
        "symbolische link kan niet worden gevolgd ({why})",
        "symbolic link cannot be followed ({why})",
        why=getattr(exc, "strerror", None) or exc,
    )


def _unlisted_folder(path: Path, rel: str) -> Evidence:
    try:
        os.listdir(path)
        reason = text(
            "map veranderde terwijl die werd doorlopen", "folder changed while it was being listed"
        )
    except OSError as exc:
        reason = text(
            "map kan niet worden doorlopen ({why})",
            "folder cannot be listed ({why})",
            why=exc.strerror or exc,
        )
    return _broken(
        rel,
        text(
            "{r}; de bestanden erin zijn niet beoordeeld (controleer de rechten)",
            "{r}; its files were not audited (check its permissions)",
            r=reason,
        ),
    )


def _mtime(timestamp: float) -> str:
    return datetime.fromtimestamp(timestamp, UTC).isoformat(timespec="seconds")


@dataclass
class Reads:
    """What the controls of one run asked the dossier for, and the files they were given."""

    paths: set[str] = field(default_factory=set)
    registers: set[str] = field(default_factory=set)
    document_types: set[str] = field(default_factory=set)


class Dossier:
    """The evidence of one board, read once and shared by every control."""

    def __init__(self, root: Path, config: BoardConfig, evidence: list[Evidence]) -> None:
        self.root = root
        self.config = config
        self.evidence = tuple(evidence)
        self.report_folders: tuple[str, ...] = ()  # folders of ibpaudit reports, not read
        self._by_path = {e.file.path: e for e in evidence}
        # Every attestation check asks for these: find them once, not once per check.
        self._attestations = tuple(e for e in evidence if _is_attestation(e.file.path))
        # Registers are looked up by name hundreds of times per run: index them once.
        self._by_stem: dict[str, list[Evidence]] = {}
        self._by_sheet: dict[str, list[tuple[Evidence, str]]] = {}
        for ev in evidence:
            if not _is_sidecar(ev.file.path):
                self._by_stem.setdefault(_stem(ev.file.path), []).append(ev)
            for sheet in ev.sheets:
                self._by_sheet.setdefault(normalise_name(sheet.name), []).append((ev, sheet.name))
        self._by_type: dict[str, list[Evidence]] = {}
        self._unreadable_docs: list[Evidence] = []
        # A folder that could not be listed may hold any register: a register not found
        # elsewhere is then an *error* (it may be in there), not a missing register.
        self._unlisted = [ev for ev in evidence if ev.file.path.endswith("/")]
        # What the controls asked for and were given, for the files no control reads
        # (shared with the schools' views of this dossier, see ``view_of``).
        self.reads = Reads()
        self._headers: dict[str, dict[str, str]] = {}  # path -> {column: board header}
        self._named: dict[tuple[str, str, tuple[str, ...]], Evidence] = {}
        for ev in evidence:
            if ev.error is not None:
                if not _is_attestation(ev.file.path) and not ev.file.path.startswith("registers/"):
                    self._unreadable_docs.append(ev)
            elif not _is_sidecar(ev.file.path):
                declared = ev.metadata.get("type")
                if isinstance(declared, str):
                    self._by_type.setdefault(normalise_name(declared), []).append(ev)

    @classmethod
    def load(
        cls, root: Path, config: BoardConfig, plugins: EvidenceReader, limits: Limits
    ) -> Dossier:
        skipped: list[str] = []
        evidence = [
            organisation.checked(ev, root) if _is_organisation(rel) else ev
            for path, rel in iter_files(root, config, skipped)
            if (ev := read_file(path, rel, root, plugins, limits)) is not None
        ]
        dossier = cls(root, config, merge_sidecars(evidence))
        dossier.report_folders = tuple(skipped)
        return dossier

    def get(self, rel: str) -> Evidence | None:
        found = self._by_path.get(rel)
        if found is not None:
            self.reads.paths.add(rel)
        return found

    def view_of(self, evidence: list[Evidence]) -> Dossier:
        """Another view of this dossier (one school's rows) that reports its reads here."""
        view = Dossier(self.root, self.config, evidence)
        view.reads = self.reads
        view._headers = self._headers
        return view

    def headers(self, path: str) -> Mapping[str, str]:
        """``{column a control reads: the board's header}`` for a register file whose
        headers ``bewijs.kolommen`` maps (empty for any other file)."""
        return self._headers.get(path, {})

    def registers(self, name: str) -> list[Evidence]:
        """Files holding register ``name`` (see :meth:`_registers`), with the board's own
        headers mapped to the columns the controls read (``bewijs.kolommen``)."""
        found = self._registers(name)
        self.reads.registers.add(name)
        self.reads.paths.update(ev.file.path for ev in found)
        mapping = self.config.columns.get(name)
        if not mapping:
            return found
        return [self._named_columns(name, ev, mapping) for ev in found]

    def _named_columns(self, name: str, ev: Evidence, mapping: Mapping[str, str]) -> Evidence:
        key = (name, ev.file.path, ev.columns)
        done = self._named.get(key)
        if done is not None:
            return done
        names = {canonical_column(header): column for column, header in mapping.items()}
        names = {h: c for h, c in names.items() if h != c and h in ev.columns}
        if names:
            ev = replace(
                ev,
                columns=tuple(names.get(c, c) for c in ev.columns),
                records=tuple(r.renamed(names) for r in ev.records),
            )
        # Findings on this file speak of the board's headers, a missing one included.
        self._headers.setdefault(ev.file.path, {}).update(mapping)
        self._named[key] = ev
        return ev

    def _registers(self, name: str) -> list[Evidence]:
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
        ] or list(self._unlisted)

    def documents(self, doc_type: str) -> tuple[list[Evidence], list[Evidence]]:
        """Documents whose metadata ``type`` is ``doc_type``, and the unreadable files
        that might have been one (so a check can say *error*, not *failed*)."""
        found = list(self._by_type.get(normalise_name(doc_type), ()))
        self.reads.document_types.add(doc_type)
        self.reads.paths.update(ev.file.path for ev in found)
        return found, list(self._unreadable_docs)

    def unread(self) -> list[UnreadFile]:
        """Files in ``registers/`` and ``beleid/`` that no control read this run, each
        with what it may be (the closest register or document type that was asked for)
        and how to tell ibpaudit (``bewijs.registers``, a ``type`` in its metadata)."""
        out: list[UnreadFile] = []
        for ev in self.evidence:
            path = ev.file.path
            top = path.split("/", 1)[0]
            if top not in (REGISTER_DIR, POLICY_DIR) or _is_sidecar(path) or ev.error:
                continue
            if path in self.reads.paths:
                continue
            if ev.is_register or top == REGISTER_DIR:
                out.append(_unread_register(ev, sorted(self.reads.registers)))
            else:
                out.append(_unread_document(ev, sorted(self.reads.document_types)))
        return out

    def attestations(self) -> list[Evidence]:
        found = list(self._attestations)
        self.reads.paths.update(e.file.path for e in found)
        return found

    def organisation(self) -> Evidence | None:
        for ev in self.evidence:
            if _is_organisation(ev.file.path):
                return ev
        return None


def _closest(stem: str, names: list[str]) -> str | None:
    """The name ``stem`` most likely means: one it contains (the longest), else the
    closest by spelling."""
    wanted = normalise_name(stem)
    inside = [n for n in names if normalise_name(n) and normalise_name(n) in wanted]
    if inside:
        return max(inside, key=len)
    import difflib  # only for a suggestion: not imported by every run

    close = difflib.get_close_matches(wanted, [normalise_name(n) for n in names], n=1)
    return next((n for n in names if close and normalise_name(n) == close[0]), None)


def _unread_register(ev: Evidence, asked: list[str]) -> UnreadFile:
    path = ev.file.path
    name = _closest(Path(path).name.split(".")[0], asked)
    if name is None:
        message = text(
            "{p}: geen maatregel leest dit register; 'ibpaudit explain ID' noemt de registers "
            "die een maatregel leest",
            "{p}: no control reads this register; 'ibpaudit explain ID' names the registers "
            "a control reads",
            p=path,
        )
    else:
        message = text(
            "{p}: geen maatregel leest dit bestand; is het register '{n}'? Zet dan in "
            "ibpaudit.yaml onder bewijs.registers: '{n}: {p}'",
            "{p}: no control reads this file; is it the register '{n}'? Then put under "
            "bewijs.registers in ibpaudit.yaml: '{n}: {p}'",
            p=path,
            n=name,
        )
    return UnreadFile(path, "register", name, message)


def _unread_document(ev: Evidence, asked: list[str]) -> UnreadFile:
    path = ev.file.path
    declared = ev.metadata.get("type")
    guess = _closest(str(declared) if declared else Path(path).name.split(".")[0], asked)
    how = (
        text("in de front matter", "in its front matter")
        if path.endswith(".md")
        else text("in {s}", "in {s}", s=f"{path}{SIDECAR_SUFFIXES[0]}")
    )
    if declared:
        message = text(
            "{p}: geen maatregel leest documenten van type '{t}'",
            "{p}: no control reads documents of type '{t}'",
            p=path,
            t=str(declared),
        )
    else:
        message = text(
            "{p}: heeft geen 'type' en wordt door geen maatregel gelezen",
            "{p}: has no 'type', so no control reads it",
            p=path,
        )
    if guess is not None:
        message = text(
            "{m}; is het een '{g}'? Zet dan 'type: {g}' {h}",
            "{m}; is it a '{g}'? Then set 'type: {g}' {h}",
            m=message,
            g=guess,
            h=how,
        )
    return UnreadFile(path, "document", guess, message)


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


def _parts(rel: str) -> list[str]:
    """``Path(rel).parts`` of a dossier-relative posix path, without making a Path:
    ``[]`` for ``"./"``, the dossier root when it cannot be listed."""
    return [part for part in rel.split("/") if part and part != "."]


# A run asks these of every file for each view of the dossier (the board's and each
# school's): each path is taken apart once.
@lru_cache(maxsize=1 << 14)
def _is_organisation(rel: str) -> bool:
    parts = _parts(rel)
    return len(parts) == 1 and parts[0].split(".")[0] == ORGANISATION_FILE


@lru_cache(maxsize=1 << 14)
def _is_attestation(rel: str) -> bool:
    parts = _parts(rel)
    return bool(parts) and parts[0] in ATTESTATION_DIRS


@lru_cache(maxsize=1 << 14)
def _stem(rel: str) -> str:
    """The register name a file's name gives: ``registers/DPIA's.v2.csv`` → ``dpia_s``."""
    parts = _parts(rel)
    return normalise_name(parts[-1].split(".")[0] if parts else "")


def _is_sidecar(rel: str) -> bool:
    return rel.endswith(SIDECAR_SUFFIXES)
