"""Safe YAML loading for every YAML file ibpaudit reads.

``yaml.safe_load`` still expands aliases, so a ten-line "billion laughs" file can eat
gigabytes. This loader refuses aliases and duplicate keys outright, caps the input
size, and remembers the line of every mapping so messages can point at it.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from ibpaudit.errors import EvidenceError
from ibpaudit.i18n import Text
from ibpaudit.regularfile import NotRegularFileError, read_within


class YamlError(EvidenceError):
    """A YAML file that cannot be loaded; the message names the file, line and column.

    ``str()`` is the English message; ``text`` has it in Dutch too.
    """

    def __init__(self, message: str, nl: str | None = None) -> None:
        super().__init__(message, {"nl": nl} if nl else None)
        self.text = Text(nl=nl or message, en=message)


class LineDict(dict[str, Any]):
    """A mapping that remembers the (1-based) line it started on, and each key's line."""

    line: int = 0
    key_lines: Mapping[str, int] = MappingProxyType({})


# libyaml's parser when PyYAML was built with it (about ten times faster); the pure-Python
# one otherwise. Construction stays in Python either way, so the rules below hold for both.
_BASE: type[yaml.SafeLoader] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ALIAS_MESSAGE = "aliases (*name) are not allowed; write the value out in full"
# Deeper than any control or register needs, shallow enough that neither our construction
# nor a parser's recursion is ever near its own limit. Ours, so that the message is too.
MAX_DEPTH = 100


class _TooDeep(Exception):
    """A document nested more than MAX_DEPTH levels (raised before anything is built)."""

    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _check_depth(root: Node) -> None:
    """Walk the composed node tree without recursion and refuse it past MAX_DEPTH."""
    stack: list[tuple[Node, int]] = [(root, 1)]
    while stack:
        node, depth = stack.pop()
        if depth > MAX_DEPTH:
            raise _TooDeep(node.start_mark.line + 1)
        if isinstance(node, MappingNode):
            for key, value in node.value:
                stack.append((key, depth + 1))
                stack.append((value, depth + 1))
        elif isinstance(node, SequenceNode):
            stack.extend((item, depth + 1) for item in node.value)


class _Loader(_BASE):  # type: ignore[valid-type,misc]
    """A safe loader without aliases or duplicate keys, with line-aware mappings."""

    def get_single_data(self) -> Any:
        node = self.get_single_node()
        if node is None:
            return None
        _check_depth(node)
        return self.construct_document(node)

    def construct_object(self, node: Node, deep: bool = False) -> Any:
        # An alias makes the composer hand out the same node twice; refusing the second
        # visit is the safety net behind the token scan in load_yaml.
        if node in self.constructed_objects or node in self.recursive_objects:
            raise yaml.constructor.ConstructorError(None, None, _ALIAS_MESSAGE, node.start_mark)
        return super().construct_object(node, deep)

    def construct_line_mapping(self, node: MappingNode) -> LineDict:
        self.flatten_mapping(node)
        out = LineDict()
        out.line = node.start_mark.line + 1
        out.key_lines = key_lines = {}
        for key_node, value_node in node.value:
            key = self.construct_object(key_node, deep=True)
            if not isinstance(key, str | int | float | bool) and key is not None:
                raise yaml.constructor.ConstructorError(
                    None, None, "a key must be plain text", key_node.start_mark
                )
            name = str(key)
            if name in out:
                raise yaml.constructor.ConstructorError(
                    None,
                    None,
                    f"key '{name}' appears twice in the same mapping; keep one",
                    key_node.start_mark,
                )
            out[name] = self.construct_object(value_node, deep=True)
            key_lines[name] = key_node.start_mark.line + 1
        return out


def _construct_timestamp(loader: _Loader, node: yaml.ScalarNode) -> Any:
    """A date such as 2024-02-30 stays text, so the check can say which value is wrong."""
    try:
        return yaml.SafeLoader.construct_yaml_timestamp(loader, node)
    except ValueError:
        return loader.construct_scalar(node)


_Loader.add_constructor("tag:yaml.org,2002:timestamp", _construct_timestamp)
_Loader.add_constructor(
    yaml.resolver.BaseResolver.DEFAULT_MAPPING_TAG,
    _Loader.construct_line_mapping,
)


def _describe(exc: yaml.YAMLError) -> tuple[int | None, int | None, str]:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc)
    context = getattr(exc, "context", None)
    if context and "aliases" not in problem and "twice" not in problem:
        problem = f"{problem} ({context})"
    if mark is None:
        return None, None, problem
    return mark.line + 1, mark.column + 1, problem


_DUTCH = (
    (re.escape(_ALIAS_MESSAGE), "aliassen (*naam) zijn niet toegestaan; schrijf de waarde voluit"),
    (
        r"key '(.*)' appears twice in the same mapping; keep one",
        r"sleutel '\1' staat twee keer in dezelfde mapping; houd er één",
    ),
    (r"a key must be plain text", "een sleutel moet gewone tekst zijn"),
)


def _dutch(problem: str) -> str:
    """Our own parser messages in Dutch; the YAML parser's stay in English."""
    for pattern, dutch in _DUTCH:
        problem = re.sub(pattern, dutch, problem)
    return problem


def _refuse_aliases(data: str) -> None:
    """Stop at the first alias, where the user wrote it, before anything is built."""
    if "*" not in data:
        return  # no alias without an asterisk: skip the scan for almost every file
    for token in yaml.scan(data, Loader=_BASE):
        if isinstance(token, yaml.AliasToken):
            raise yaml.scanner.ScannerError(None, None, _ALIAS_MESSAGE, token.start_mark)


def load_yaml(data: bytes | str, source: str, max_bytes: int) -> Any:
    """Parse one YAML document; ``source`` names the file in messages."""
    size = len(data.encode("utf-8") if isinstance(data, str) else data)
    if size > max_bytes:
        raise YamlError(
            f"{source}: {size} bytes is more than the {max_bytes} bytes allowed for a YAML file",
            f"{source}: {size} bytes is meer dan de {max_bytes} bytes die een YAML-bestand mag "
            "hebben",
        )
    if isinstance(data, bytes):
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise YamlError(
                f"{source}: byte {exc.start + 1} is not UTF-8; save the file as UTF-8",
                f"{source}: byte {exc.start + 1} is geen UTF-8; sla het bestand op als UTF-8",
            ) from None
    try:
        _refuse_aliases(data)
        return yaml.load(data, Loader=_Loader)
    except yaml.YAMLError as exc:
        line, column, problem = _describe(exc)
        place = f"{source}:{line}:{column}" if line is not None else source
        raise YamlError(
            f"{place}: invalid YAML: {problem}", f"{place}: ongeldige YAML: {_dutch(problem)}"
        ) from None
    except _TooDeep as exc:
        raise YamlError(
            f"{source}:{exc.line}: nested more than {MAX_DEPTH} levels deep; "
            "no dossier file needs that, so write it flatter",
            f"{source}:{exc.line}: meer dan {MAX_DEPTH} niveaus diep genest; "
            "geen dossierbestand heeft dat nodig, dus schrijf het platter",
        ) from None
    except RecursionError:
        raise YamlError(
            f"{source}: nested too deeply to be a real dossier file",
            f"{source}: te diep genest voor een echt dossierbestand",
        ) from None


def load_yaml_file(path: Path, source: str, max_bytes: int) -> Any:
    """Read and parse a YAML file, refusing files over ``max_bytes`` before reading them."""
    return load_yaml(read_yaml_bytes(path, source, max_bytes), source, max_bytes)


def read_yaml_bytes(path: Path, source: str, max_bytes: int) -> bytes:
    """The bytes of a YAML file, refused (YamlError) when it is over ``max_bytes``
    before it is read (or grows past it while it is read), when it is no regular file
    (a FIFO would block the run), or when it cannot be read."""
    try:
        data, info = read_within(path, max_bytes)
        if data is None or len(data) > max_bytes:
            size = info.st_size if data is None else max(info.st_size, len(data))
            raise YamlError(
                f"{source}: {size} bytes is more than the {max_bytes} bytes allowed for a YAML "
                "file",
                f"{source}: {size} bytes is meer dan de {max_bytes} bytes die een YAML-bestand "
                "mag hebben",
            )
        return data
    except NotRegularFileError as exc:
        raise YamlError(
            f"{source}: is {exc.kind.en}, not a file; ibpaudit reads only regular files",
            f"{source}: is {exc.kind.nl}, geen bestand; ibpaudit leest alleen gewone bestanden",
        ) from None
    except OSError as exc:
        raise YamlError(
            f"{source}: cannot be read ({exc.strerror or exc})",
            f"{source}: kan niet worden gelezen ({exc.strerror or exc})",
        ) from None


def line_of(data: Any, path: Sequence[str | int]) -> int | None:
    """The line of the deepest mapping on ``path`` (a JSON Schema error's path)."""
    line = getattr(data, "line", None)
    for step in path:
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            break
        line = getattr(data, "line", None) or line
    return line


def key_line(data: Any, path: Sequence[str | int]) -> int | None:
    """The line of the last place on ``path`` that is known: the line of a key as it
    was written, or else the line its mapping starts on."""
    line = getattr(data, "line", None)
    for step in path:
        written = getattr(data, "key_lines", {}).get(step) if isinstance(step, str) else None
        try:
            data = data[step]
        except (KeyError, IndexError, TypeError):
            break
        line = written or getattr(data, "line", None) or line
    return line
