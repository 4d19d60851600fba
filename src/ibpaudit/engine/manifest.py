"""The run manifest: what a report was made from, and proof that a dossier still is.

Every run writes ``manifest.json`` next to its reports: the SHA-256 of every evidence
file, of the control catalog, of the configuration, waiver, mapping and plugin files,
the versions of ibpaudit and its plugins, the as-of date, the command line, and the
SHA-256 of every report written. ``ibpaudit verify MANIFEST`` recomputes all of it
from the files in front of the auditor and names every file that differs.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ibpaudit import __version__
from ibpaudit.catalog import TEST_FOLDERS
from ibpaudit.dossier import EMPTY_SHA256, iter_files, sha256_file
from ibpaudit.dossier.config import CONFIG_FILE
from ibpaudit.errors import ConfigError
from ibpaudit.model import BoardConfig, Text, text

if TYPE_CHECKING:
    from ibpaudit.engine import Written

MANIFEST_FILE = "manifest.json"
MANIFEST_VERSION = "1"
# Files beside the evidence that change a verdict as surely as evidence does.
DOSSIER_INPUTS = (CONFIG_FILE, "waivers.yaml", "normkoppeling.yaml")


def _tree(
    folder: Path,
    prefix: str,
    suffixes: tuple[str, ...],
    skip: Collection[str] = (),
    known: Mapping[Path, str] | None = None,
) -> list[dict[str, str]]:
    """The files below ``folder`` with one of ``suffixes``, in path order; folders that
    are symbolic links are not entered, and ``__pycache__`` folders and the top-level
    folders named in ``skip`` are left out. A file in ``known`` has the hash given there
    (of the bytes the run read); the others are hashed now."""
    if not folder.is_dir():
        return []
    found: list[tuple[tuple[str, ...], str]] = []
    for top, subfolders, names in os.walk(folder):
        parts = Path(top).relative_to(folder).parts
        subfolders[:] = [d for d in subfolders if d != "__pycache__" and (parts or d not in skip)]
        for name in names:
            full = os.path.join(top, name)
            if os.path.splitext(name)[1] in suffixes and os.path.isfile(full):
                found.append(((*parts, name), full))
    found.sort()
    known = known or {}
    return [
        {
            "path": prefix + "/".join(parts),
            "sha256": known.get(Path(full)) or sha256_file(Path(full)),
        }
        for parts, full in found
    ]


def catalog_files(
    dirs: Sequence[Path], with_tests: bool = False, known: Mapping[Path, str] | None = None
) -> list[dict[str, str]]:
    """Every YAML file of every catalog folder, labelled by folder position so the
    built-in catalog and a dossier's own ``controls/`` cannot be confused. A catalog's
    test data (its top-level ``cases/`` and ``tests/``, which no audit reads) is left
    out unless ``with_tests`` (manifests of earlier releases listed it). ``known``: the
    hashes of the files the run read (:attr:`ibpaudit.model.Catalog.files`)."""
    skip = () if with_tests else TEST_FOLDERS
    files: list[dict[str, str]] = []
    for number, folder in enumerate(dirs):
        files += _tree(folder, f"{number}:", (".yaml", ".yml"), skip, known)
    return files


def _lists_tests(files: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a manifest's catalog files include a catalog's test data (a manifest
    written before it was left out): ``verify`` then compares it as before."""
    for item in files:
        path = str(item.get("path", "")) if isinstance(item, Mapping) else ""
        if path.partition(":")[2].split("/", 1)[0] in TEST_FOLDERS:
            return True
    return False


def combined(files: Iterable[Mapping[str, str]]) -> str:
    """One SHA-256 over a list of (path, SHA-256) pairs, in path order."""
    digest = hashlib.sha256()
    for item in sorted(files, key=lambda f: f["path"]):
        digest.update(f"{item['path']}\0{item['sha256']}\n".encode())
    return digest.hexdigest()


def evidence_files(
    root: Path, config: BoardConfig, known: Mapping[str, str] | None = None
) -> list[dict[str, str]]:
    """Every file ibpaudit considers evidence, read or not, with its SHA-256 of what the
    run read: a symbolic link to a file in the dossier by that file's content (a register
    linked in from a skipped folder such as ``_bron/`` cannot change unnoticed), a link
    that dangles or leaves the dossier (refused by the run) by the link's text. ``known``
    holds the hashes the run took when it read the files: those versions were judged."""
    out = []
    inside = root.resolve()
    for path, rel in iter_files(root, config):
        if rel.endswith("/"):  # a folder that could not be listed
            digest = EMPTY_SHA256
        elif path.is_symlink() and not _resolves_inside(path, inside):
            digest = hashlib.sha256(os.fsencode(os.readlink(path))).hexdigest()
        else:
            digest = (known or {}).get(rel) or _sha256_or_empty(path)
        out.append({"path": rel, "sha256": digest})
    return out


def _resolves_inside(link: Path, root: Path) -> bool:
    try:
        return link.resolve(strict=True).is_relative_to(root)
    except (OSError, RuntimeError):
        return False


def _sha256_or_empty(path: Path) -> str:
    """A file the run could not hash (gone, unreadable, a FIFO) is recorded as empty;
    the run's results name it as an evidence error."""
    try:
        return sha256_file(path)
    except OSError:
        return EMPTY_SHA256


def dossier_inputs(root: Path) -> list[dict[str, str]]:
    inputs = [
        {"path": name, "sha256": sha256_file(root / name)}
        for name in DOSSIER_INPUTS
        if (root / name).is_file()
    ]
    return inputs + _tree(root / "plugins", "plugins/", (".py", ".toml", ".cfg"))


def build(
    document: Mapping[str, Any],
    root: Path,
    config: BoardConfig,
    catalog_dirs: Sequence[Path],
    reports: Sequence[Written],
    read: Mapping[Path, str] | None = None,
) -> dict[str, Any]:
    """The manifest of one run; ``reports`` are the files it wrote, with the hashes of
    the bytes it wrote; ``read`` the hashes of the catalog files as the run read them."""
    catalog = catalog_files(catalog_dirs, known=read)
    run = document["run"]
    return {
        "manifest_version": MANIFEST_VERSION,
        "tool": {"name": "ibpaudit", "version": __version__},
        "board": document["board"]["name"],
        "as_of": run["as_of"],
        "started_at": run["started_at"],
        "command": run["command"],
        "root": str(root),
        "personal_data": run.get("personal_data", "redacted"),
        "plugins": document["plugins"],
        "evidence": evidence_files(
            root, config, {e["path"]: e["sha256"] for e in document["evidence"]}
        ),
        "inputs": dossier_inputs(root),
        "catalog": {
            "sha256": combined(catalog),
            "dirs": [_dir_role(d, root) for d in catalog_dirs],
            "files": catalog,
        },
        "reports": [{"path": r.path.name, "sha256": r.sha256} for r in reports],
    }


def _dir_role(folder: Path, root: Path) -> dict[str, str]:
    """A catalog folder as ``verify`` finds it again without loading any plugin: the
    catalog shipped with ibpaudit, the dossier's ``controls/``, or a plugin's folder."""
    from ibpaudit.builtin.catalog import packaged_controls

    if folder == packaged_controls():
        return {"role": "shipped", "path": str(folder)}
    if folder == root / "controls":
        return {"role": "dossier", "path": "controls"}
    return {"role": "plugin", "path": str(folder)}


def catalog_dirs(manifest: Mapping[str, Any], root: Path) -> list[Path]:
    """The catalog folders of the run that wrote ``manifest``, found without running
    any code: the shipped catalog of this ibpaudit, the dossier's ``controls/`` (if there
    is one now), and a plugin's folder by its recorded path."""
    from ibpaudit.builtin.catalog import packaged_controls

    recorded = manifest["catalog"].get("dirs")
    if not isinstance(recorded, list):  # a manifest from before the roles were recorded
        recorded = [{"role": "shipped"}, {"role": "dossier"}]
    dirs: list[Path] = []
    for entry in recorded:
        role = entry.get("role") if isinstance(entry, Mapping) else None
        if role == "shipped":
            dirs.append(packaged_controls())
        elif role == "dossier":
            dirs.append(root / "controls")
        elif role == "plugin" and isinstance(entry.get("path"), str):
            dirs.append(Path(entry["path"]))
    if root / "controls" not in dirs and (root / "controls").is_dir():
        dirs.append(root / "controls")  # added since the run: shows as added files
    return dirs


def write(manifest: Mapping[str, Any], folder: Path) -> Written:
    """Write ``manifest.json`` atomically; its SHA-256 is what a run prints, so that it
    can be recorded outside the report folder (see docs/trust.md)."""
    from ibpaudit.engine import Written, write_atomically  # the one way reports are written

    folder.mkdir(parents=True, exist_ok=True)
    target = folder / MANIFEST_FILE
    body = (json.dumps(manifest, ensure_ascii=False, indent=1) + "\n").encode("utf-8")
    write_atomically(target, body)
    return Written(target, hashlib.sha256(body).hexdigest())


@dataclass(frozen=True)
class Difference:
    """One way the files in front of the auditor differ from the manifest."""

    path: str
    message: Text


_FILES = {
    "type": "array",
    "items": {
        "type": "object",
        "required": ["path", "sha256"],
        "properties": {"path": {"type": "string"}, "sha256": {"type": "string"}},
    },
}
# What ``verify`` reads from a manifest; anything else in it is informational.
SCHEMA: dict[str, Any] = {
    "type": "object",
    "required": ["manifest_version", "root", "evidence", "inputs", "catalog", "reports"],
    "properties": {
        "manifest_version": {"const": MANIFEST_VERSION},
        "root": {"type": "string"},
        "evidence": _FILES,
        "inputs": _FILES,
        "reports": _FILES,
        "catalog": {
            "type": "object",
            "properties": {"sha256": {"type": "string"}, "files": _FILES},
        },
    },
}


def _too_deep(path: Path) -> Text:
    return text(
        "{p}: is geen JSON-manifest (te diep genest)",
        "{p}: is not a JSON manifest (nested too deeply)",
        p=path,
    )


def load(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError.of(
            text(
                "{p}: kan niet worden gelezen ({why})",
                "{p}: cannot be read ({why})",
                p=path,
                why=exc.strerror or exc,
            )
        ) from None
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise ConfigError.of(
            text(
                "{p}: is geen JSON-manifest ({why})",
                "{p}: is not a JSON manifest ({why})",
                p=path,
                why=exc,
            )
        ) from None
    except RecursionError:
        raise ConfigError.of(_too_deep(path)) from None
    if not isinstance(data, dict) or data.get("manifest_version") != MANIFEST_VERSION:
        raise ConfigError.of(
            text(
                "{p}: is geen manifest van ibpaudit (manifest_version {v} verwacht)",
                "{p}: is not an ibpaudit manifest (manifest_version {v} expected)",
                p=path,
                v=MANIFEST_VERSION,
            )
        )
    for key in ("evidence", "inputs", "catalog", "reports"):
        if key not in data:
            raise ConfigError.of(
                text(
                    "{p}: het manifest heeft geen '{key}'; is het bewerkt?",
                    "{p}: the manifest has no '{key}'; was it edited?",
                    p=path,
                    key=key,
                )
            )
    import jsonschema  # only when a manifest is read back

    try:
        errors = sorted(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data), key=str)
    except RecursionError:
        raise ConfigError.of(_too_deep(path)) from None
    if errors:
        place = ".".join(str(p) for p in errors[0].absolute_path) or "(top)"
        raise ConfigError.of(
            text(
                "{p}: {place}: {why}; is het manifest bewerkt?",
                "{p}: {place}: {why}; was the manifest edited?",
                p=path,
                place=place,
                why=errors[0].message,
            )
        )
    return data


_KINDS = {
    "evidence": Text(nl="bewijsbestand", en="evidence file"),
    "input": Text(nl="invoerbestand", en="input file"),
    "catalog": Text(nl="maatregelbestand", en="control file"),
    "report": Text(nl="rapport", en="report"),
}


def _compare(
    kind: str, expected: Sequence[Mapping[str, str]], actual: Sequence[Mapping[str, str]]
) -> list[Difference]:
    label = _KINDS[kind]
    want = {f["path"]: f["sha256"] for f in expected}
    have = {f["path"]: f["sha256"] for f in actual}
    out: list[Difference] = []
    for path in sorted(want.keys() | have.keys()):
        if path not in have:
            out.append(
                Difference(
                    path,
                    text(
                        "{p}: {l} ontbreekt (stond in het manifest)",
                        "{p}: {l} is missing (it is in the manifest)",
                        p=path,
                        l=label,
                    ),
                )
            )
        elif path not in want:
            out.append(
                Difference(
                    path,
                    text(
                        "{p}: {l} is toegevoegd (staat niet in het manifest)",
                        "{p}: {l} was added (it is not in the manifest)",
                        p=path,
                        l=label,
                    ),
                )
            )
        elif want[path] != have[path]:
            out.append(
                Difference(
                    path,
                    text(
                        "{p}: {l} is gewijzigd (SHA-256 {a}…, manifest {b}…)",
                        "{p}: {l} changed (SHA-256 {a}…, manifest {b}…)",
                        p=path,
                        l=label,
                        a=have[path][:12],
                        b=want[path][:12],
                    ),
                )
            )
    return out


def verify(
    manifest: Mapping[str, Any],
    root: Path,
    config: BoardConfig,
    catalog_dirs: Sequence[Path],
    reports_dir: Path | None,
) -> list[Difference]:
    """Every difference between ``manifest`` and the dossier at ``root``, the catalog
    ibpaudit would load now, and (when ``reports_dir`` is given) the reports there."""
    out = _compare("evidence", manifest["evidence"], evidence_files(root, config))
    out += _compare("input", manifest["inputs"], dossier_inputs(root))
    recorded = manifest["catalog"].get("files", [])
    catalog = catalog_files(catalog_dirs, with_tests=_lists_tests(recorded))
    if combined(catalog) != manifest["catalog"].get("sha256"):
        out += _compare("catalog", recorded, catalog)
    if reports_dir is not None:
        present = [
            {"path": f["path"], "sha256": sha256_file(reports_dir / f["path"])}
            for f in manifest["reports"]
            if (reports_dir / f["path"]).is_file()
        ]
        out += _compare("report", manifest["reports"], present)
    return out
