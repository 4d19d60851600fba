"""Personal data out of every output: BSNs, e-mail addresses, phone numbers, IBANs and
the values of columns marked as personal are replaced before any reporter sees the
results document.

Reports, JUnit text, SARIF messages and log lines all render from that one document, so
redacting it once covers them all. Locations (path, sheet, row, column, SHA-256) are
kept: an auditor can still find the cell; only the excerpt is hidden, and the personal
part of a file or sheet name (a BSN, a pupil's name), which the run warns about.
What counts as a BSN, IBAN, e-mail address or phone number is ``ibpaudit.engine.personal``'s.
``--show-personal-data`` turns this off for a local run and the document says so.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from operator import itemgetter, methodcaller
from typing import TYPE_CHECKING, Any

from ibpaudit import inert
from ibpaudit.engine.personal import eleven_test, iban_valid, merged, spans
from ibpaudit.engine.pieceinfo import (
    _ASCII_CLASSES,
    _ASCII_TOKENS,
    _AT,
    _DENSE,
    _EMPTY,
    _EN_SHIFT,
    _LANG_MASK,
    _NAMED,
    _OPEN,
    _PAIR,
    _UNSAFE,
    _ascii_facts,
    _classes,
    _combined,
    _shape,
)
from ibpaudit.i18n import Formatted, Plan, Text
from ibpaudit.model import Record
from ibpaudit.model.rowfindings import template_columns
from ibpaudit.values import normalise_name

if TYPE_CHECKING:
    from ibpaudit.dossier import Dossier
    from ibpaudit.model import BoardConfig, Catalog

__all__ = ["DEFAULT_COLUMNS", "Redactor", "eleven_test", "iban_valid", "value_forms"]

# Columns whose values are personal data about the people a register concerns, whatever
# a control says: pupils, parents, requesters, staff whose rights change, contact persons,
# and their contact details. A bare ``naam`` is not among them (it names applications and
# components as often as people); nor are the officers who act in a role
# (``beoordeeld_door``), whom an auditor must be able to see.
# ``persoonsgegevens.kolommen`` in ibpaudit.yaml and a control's ``personal_columns`` add
# to these.
DEFAULT_COLUMNS = frozenset(
    {
        "voornaam",
        "achternaam",
        "roepnaam",
        "leerling",
        "naam_leerling",
        "leerlingnaam",
        "ouder",
        "naam_ouder",
        "verzorger",
        "betrokkene",
        "betrokkenen_namen",
        "verzoeker",
        "houder",
        "medewerker",
        "naam_medewerker",
        "contactpersoon",
        "naam_contactpersoon",
        "melder",
        "email",
        "e_mail",
        "emailadres",
        "e_mailadres",
        "mail",
        "telefoon",
        "telefoonnummer",
        "mobiel",
        "adres",
        "woonadres",
        "postcode",
        "geboortedatum",
        "bsn",
        "burgerservicenummer",
        "iban",
        "rekeningnummer",
        "eck_id",
    }
)

_TOKENS = {
    "bsn": ("[BSN verborgen]", "[BSN redacted]"),
    "email": ("[e-mail verborgen]", "[e-mail redacted]"),
    "phone": ("[telefoonnummer verborgen]", "[phone number redacted]"),
    "iban": ("[IBAN verborgen]", "[IBAN redacted]"),
    "value": ("[persoonsgegeven verborgen]", "[personal data redacted]"),
}

# Keys under which the results document holds excerpts of evidence.
_EXCERPTS = frozenset(
    {
        "findings",
        "problems",
        "reason",
        "error",
        "message",
        "finding",
        "regressions",
        "improvements",
        "changes",
        "statement",  # an attestation's own words, which may name a pupil or a parent
    }
)
# Keys whose values are locations, hashes, identifiers and dates, never excerpts.
_KEEP = frozenset(
    {
        "path",
        "sha256",
        "id",
        "control",
        "norm",
        "domain",
        "as_of",
        "started_at",
        "modified",
        "expires",
        "approved_on",
        "reader",
        "plugin",
        "check",
        "status",
        "version",
        "schema_version",
        "severity",
        "column",
        "root",
    }
)
# Parts of the document that hold only the catalog's text, names and counts: not walked.
_CATALOG = frozenset({"norms", "domains", "frameworks", "plugins", "tool", "summary"})
# Keys whose values name files and sheets: kept, except the personal data a board put in
# a name (a BSN, a pupil's name), which is replaced like any other and warned about.
_NAMES = frozenset({"path", "sheet", "source"})

# Values of marked columns that say who someone is by role, or that hold no value at all:
# they stay readable everywhere ("de ouder", "security officer", "nee"). Any other value,
# in whatever case it was typed, is learned.
_NOT_PERSONAL = frozenset(
    {
        *("ouder", "ouders", "verzorger", "verzorgers", "leerling", "leerlingen", "kind"),
        *("medewerker", "medewerkers", "docent", "leerkracht", "mentor", "stagiair"),
        *("directeur", "directie", "bestuurder", "bestuur", "administratie", "school"),
        *("personeelsadministratie", "leerlingadministratie", "intern", "begeleider"),
        *("ict", "coordinator", "security", "privacy", "officer", "fg", "functionaris"),
        *("gegevensbescherming", "extern", "externe", "leverancier", "onbekend", "anoniem"),
        *("ja", "nee", "nvt", "n", "v", "t", "geen", "leeg", "yes", "no", "none", "unknown"),
        *("parent", "pupil", "student", "staff", "teacher", "employee", "anonymous"),
    }
)
# A name's words, without case, accents or the punctuation between them: "Sanne de Böer",
# "SANNE DE BOER" and "sanne-de-boer" are the same name. Digits split from letters, so a
# learned number is found in "BSN100174218" too.
_WORD = re.compile(r"[^\W\d_]+|\d+")
_TOKEN = re.compile(r"\w+")  # quicker to find; split into words only when needed
_NOTHING: list[tuple[int, int, str]] = []  # shared by every text without personal data
_END = ""  # marks where a learned value ends in the trie of words (no word is empty)


def value_forms(value: Any) -> list[str]:
    """The ways a cell value can appear in a finding's text."""
    if value is None or isinstance(value, bool):
        return []
    if isinstance(value, datetime | date):
        day = value.date() if isinstance(value, datetime) else value
        return [
            day.isoformat(),
            f"{day.day:02d}-{day.month:02d}-{day.year}",
            f"{day.day}-{day.month}-{day.year}",
        ]
    if isinstance(value, list | tuple):
        return [form for item in value for form in value_forms(item)]
    text = " ".join(str(value).split())
    return [text] if len(text) >= 3 else []


class _Folding(dict[int, str]):
    """A str.translate table filled on demand: each character to one lower-case
    character without its accents (or to itself), so positions in the folded text are
    positions in the original."""

    def __missing__(self, code: int) -> str:
        char = chr(code)
        base = unicodedata.normalize("NFKD", char)[:1].lower()
        self[code] = folded = base if len(base) == 1 else char
        return folded


_FOLDING = _Folding()


def _fold(text: str) -> str:
    return text.lower() if text.isascii() else text.translate(_FOLDING)


@dataclass
class Redactor:
    """Replaces personal data in text. ``learn`` teaches it the values of marked columns,
    kept as a trie of words, so a dossier with 100,000 names costs a dictionary lookup
    per word of text, not one search per name. Every distinct text is searched once; a
    document that repeats it pays a dictionary lookup."""

    columns: frozenset[str] = DEFAULT_COLUMNS
    enabled: bool = True
    _trie: dict[str, Any] = field(default_factory=dict)  # word -> word -> ... -> _END
    _spans: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    _clear: set[str] = field(default_factory=set)  # tokens that start no learned value
    _piece_memo: dict[str, int] = field(default_factory=dict)  # see scan()
    _piece_names: dict[str, list[tuple[int, int, str]]] = field(default_factory=dict)
    # Per template plan (kept by identity): the infos of a message's values -> quiet().
    _quiet: dict[int, tuple[Any, dict[tuple[int, ...], bool]]] = field(default_factory=dict)
    redacted: int = 0

    @classmethod
    def for_columns(cls, extra: Iterable[str] = (), enabled: bool = True) -> Redactor:
        names = {normalise_name(c) for c in extra if str(c).strip()}
        return cls(columns=DEFAULT_COLUMNS | frozenset(names), enabled=enabled)

    @classmethod
    def for_dossier(
        cls, dossier: Dossier, config: BoardConfig, catalog: Catalog, enabled: bool = True
    ) -> Redactor:
        """A redactor that knows every marked value of every table in ``dossier``, with
        the columns that ``ibpaudit.yaml`` and the controls mark: the one redactor behind
        ``run`` and ``validate``."""
        marked = [
            *config.personal_columns,
            *(c for k in catalog.controls for c in k.personal_columns),
        ]
        redactor = cls.for_columns(marked, enabled)
        if enabled:
            for ev in dossier.evidence:
                redactor.learn(ev.columns, ev.records)
                for sheet in ev.sheets:
                    redactor.learn(sheet.columns, sheet.records)
        return redactor

    def learn(self, columns: Sequence[str], records: Iterable[Record]) -> None:
        """Learn the personal values in a table's marked columns (the others are skipped
        without looking at a row)."""
        marked = [c for c in columns if c in self.columns]
        for record in records if marked else ():
            self.add_values(form for c in marked for form in value_forms(record.values.get(c)))

    def add_values(self, values: Iterable[str]) -> None:
        for value in values:
            words = tuple(_WORD.findall(_fold(value)))
            # A name or an identifier, not a role: marked columns also hold "ouder" or
            # "security officer", which must stay readable everywhere.
            if sum(map(len, words)) < 3 or all(w in _NOT_PERSONAL for w in words):
                continue
            if self._spans:
                self._spans.clear()  # what was redacted before may hold the new value
            self._piece_memo.clear()
            self._piece_names.clear()
            self._quiet.clear()
            self._clear.clear()
            node = self._trie
            for word in words:
                node = node.setdefault(word, {})
            node[_END] = {}

    def text(self, value: str, lang: str) -> str:
        """``value`` with every personal excerpt replaced by a token in ``lang``."""
        if not self.enabled or not value:
            return value
        return self.redact(value, self.found(value), lang)

    def found(self, value: str) -> list[tuple[int, int, str]]:
        """The spans :meth:`text` replaces in ``value``, searched once per distinct text."""
        found = self._spans.get(value)
        if found is None:
            found = self._spans[value] = self._find(value) or _NOTHING
        return found

    def _find(self, value: str) -> list[tuple[int, int, str]]:
        found = spans(value)
        if self._trie:
            found = merged(found + self._names(value))
        return found

    def _names(self, value: str) -> list[tuple[int, int, str]]:
        folded = _fold(value)
        if not self._may_hold(folded):
            return []
        words = list(_WORD.finditer(folded))
        tokens = [w.group() for w in words]
        out = []
        i = 0
        while i < len(tokens):
            # The longest learned value that starts here, so "Jan Jansen" goes before a
            # marked "Jan".
            node, longest, n = self._trie.get(tokens[i]), 0, i
            while node is not None:
                n += 1
                if _END in node:
                    longest = n - i
                node = node.get(tokens[n]) if n < len(tokens) else None
            if longest:
                out.append((words[i].start(), words[i + longest - 1].end(), "value"))
                i += longest
            else:
                i += 1
        return out

    def _may_hold(self, folded: str, found: list[str] | None = None) -> bool:
        """Whether a word of ``folded`` starts a learned value: false for most texts,
        and quicker to tell than splitting every word into letters and digits.
        ``found``: its tokens (``_TOKEN``), when known."""
        trie = self._trie
        tokens = set(_TOKEN.findall(folded) if found is None else found)
        if not trie.keys().isdisjoint(tokens):
            return True
        tokens -= self._clear  # tokens seen before that start no learned value
        for token in tokens:
            # A token of letters only or digits only is one word; others split into words.
            if not (token.isalpha() or token.isdecimal()) and not trie.keys().isdisjoint(
                _WORD.findall(token)
            ):
                return True
        self._clear |= tokens
        return False

    def names(self, dossier: Dossier) -> list[dict[str, str | None]]:
        """The files and sheets of ``dossier`` whose names hold personal data, with that
        data replaced and the file's SHA-256, so a warning can name each one without
        repeating what it holds."""
        if not self.enabled:
            return []
        before = self.redacted
        flagged: list[dict[str, str | None]] = []
        for ev in dossier.evidence:
            path, sha256 = self.text(ev.file.path, "nl"), ev.file.sha256
            if path != ev.file.path:
                flagged.append({"path": path, "sheet": None, "sha256": sha256})
            for sheet in ev.sheets:
                name = self.text(sheet.name, "nl")
                if name != sheet.name:
                    flagged.append({"path": path, "sheet": name, "sha256": sha256})
        self.redacted = before  # a warning is not a redacted excerpt
        return flagged

    def document(self, document: dict[str, Any]) -> dict[str, Any]:
        """The results document with every excerpt redacted (a new structure; the
        original is not changed)."""
        if not self.enabled:
            return document
        from ibpaudit.engine.safe import SafeWalk

        result = SafeWalk(self, inert=False).walk(copy.deepcopy(document), False, True)
        assert isinstance(result, dict)
        return result

    def safe_document(self, document: dict[str, Any]) -> dict[str, Any]:
        """The results document redacted (when enabled) and inert, in one walk: what
        :meth:`document` and then :func:`ibpaudit.inert.document` give. The document is
        changed in place (a large one is not held twice) and returned; see
        :mod:`ibpaudit.engine.safe`."""
        from ibpaudit.engine.safe import safe_document

        return safe_document(document, self)

    # -- a formatted text, piece by piece ------------------------------------------------

    def scan(self, pieces: Sequence[str]) -> tuple[list[tuple[int, int, str]], bool]:
        """What :meth:`text` would replace in ``"".join(pieces)`` (nothing when disabled),
        and whether that text holds a character :mod:`ibpaudit.inert` replaces.

        Each distinct piece (a template's text, a value) is looked at once; after that a
        text costs a lookup per piece. BSNs, IBANs, e-mail addresses and phone numbers
        need an ``@`` or eight digits close together (see ``_DENSE``): only a text that
        may have them is searched whole (their patterns look at the words around a
        number). Learned values are found per piece, unless one could run from one piece
        into the next (a word glued across the seam, or a piece that ends in the first
        words of a learned value): then the whole text is searched, as :meth:`text`
        does."""
        memo = self._piece_memo
        infos = []
        for piece in pieces:
            if piece:
                info = memo.get(piece)
                infos.append(self._info(piece) if info is None else info)
        flags, risky, dense = _combined(infos)
        unsafe = bool(flags & _UNSAFE)
        if not self.enabled:
            return _NOTHING, unsafe
        whole = ""
        found = _NOTHING
        if dense or flags & _AT:
            whole = "".join(pieces)
            if flags & _AT or _DENSE.search(whole):
                found = spans(whole)
        if not (flags & _NAMED or risky) or not self._trie:
            return found, unsafe
        if risky:
            names = self._names(whole or "".join(pieces))
        else:
            names, offset = [], 0
            for piece in pieces:
                if piece in self._piece_names:
                    names += [(s + offset, e + offset, k) for s, e, k in self._piece_names[piece]]
                offset += len(piece)
        if not names:
            return found, unsafe
        return merged(found + names), unsafe

    def quiet(self, message: Formatted) -> bool:
        """Whether :meth:`scan` finds nothing to replace and nothing to make inert in
        either language of ``message``, told from what it knows of each piece (see
        :meth:`_info`) without joining a text: a register's messages share a template
        and differ in values that are each looked at once, so this is a lookup per value
        and one per combination of what those values hold. False also when that is not
        enough to tell (a formatted value inside ``message``): then ask :meth:`scan`."""
        key: list[int] = []
        for value in message.values:
            info = self._value_key(value)
            if info is None:
                return False
            key.append(info)
        return self._shape_quiet(message.plan, tuple(key))

    def _value_key(self, value: object) -> int | None:
        """What :meth:`quiet` keys a message's value by: a string's info (see
        :meth:`_info`), a plain Text's two, one per language, marked with _PAIR; None for
        anything else (a formatted value)."""
        kind = type(value)
        if kind is str:  # a row's cell: most often a piece seen before
            return self._lang_info(value)  # type: ignore[arg-type]
        if kind is Text:
            nl, en = self._lang_info(value.nl), self._lang_info(value.en)  # type: ignore[attr-defined]
            return _PAIR | nl << _EN_SHIFT | en
        return None

    def _shape_quiet(self, plan: tuple[Plan, Plan, Text], shape: tuple[int, ...]) -> bool:
        """:meth:`_quiet_shape`, remembered per template (kept by identity) and shape."""
        known = self._quiet.get(id(plan))
        if known is None or known[0] is not plan:  # a plan is kept alive by its entry
            if len(self._quiet) >= _PLANS_KEPT:
                self._quiet.clear()
            known = self._quiet[id(plan)] = (plan, {})
        found = known[1].get(shape)
        if found is None:
            found = known[1][shape] = self._quiet_shape(plan, shape)
        return found

    def all_quiet(self, messages: Sequence[Formatted]) -> bool:
        """Whether :meth:`quiet` holds for every message of ``messages`` (each a
        :class:`Formatted`), told per template, per distinct value and per distinct
        combination of their infos: a register's 100,000 messages share a template, and
        the work per message (its values' infos, looked up and combined) is done by
        ``map``, ``zip`` and ``set`` rather than a call to :meth:`quiet` each. False as
        soon as one message is not quiet, or holds a value :meth:`quiet` cannot judge."""
        runs = template_columns(messages)
        return runs is not None and all(self.rows_quiet(plan, cols) for plan, _, cols in runs)

    def rows_quiet(self, plan: tuple[Plan, Plan, Text], columns: Sequence[Sequence[Any]]) -> bool:
        """:meth:`all_quiet` for the messages ``Formatted(plan, values)`` whose values
        are the rows of ``columns`` (one list per value of the template), without making
        them."""
        keys: list[Iterable[int]] = []
        for column in columns:
            infos = self._column_infos(column)
            if infos is None:
                return False
            keys.append(infos)
        shapes = set(zip(*keys, strict=True)) if columns else {()}
        return all(self._shape_quiet(plan, shape) for shape in shapes)

    def _column_infos(self, column: Sequence[object]) -> Iterable[int] | None:
        """The key :meth:`quiet` uses for each value of ``column`` (one value of one
        template's messages, per message), or None when a value is no str or Text. A
        column of strings is looked up in the memo by ``map`` (its unknown values
        learned first, in bulk); any other by identity, as a Text's hash is Python code
        and a value repeated on every row (a condition's words) is one object."""
        memo = self._piece_memo
        if set(map(type, column)) == {str}:
            unseen = set(column).difference(memo)
            unseen.discard("")
            if len(unseen) > 1 and self._learn_pieces(unseen):  # type: ignore[arg-type]
                unseen = set()
            for piece in unseen:
                self._info(piece)  # type: ignore[arg-type]
            if len(memo) >= _PIECES_KEPT or not all(map(memo.__contains__, column)):
                # An empty value (never in the memo), or the memo forgotten on the way.
                return [self._lang_info(value) for value in column]  # type: ignore[arg-type]
            return map(memo.__getitem__, column)  # type: ignore[arg-type]
        ids = list(map(id, column))
        key_of: dict[int, int] = {}
        for ident, value in dict(zip(ids, column, strict=True)).items():
            info = self._value_key(value)
            if info is None:
                return None  # a formatted value: quiet() says so too
            key_of[ident] = info
        return map(key_of.__getitem__, ids)

    def _learn_pieces(self, pieces: Collection[str]) -> bool:
        """Remember :meth:`_info` of each of ``pieces`` (distinct, none empty or known)
        in bulk, with what holds for them all told once: joined by spaces (which split
        tokens, and are printable ASCII), the whole is ASCII, printable and free of
        ``@``, and none of its tokens starts a learned value. Then a piece's info is its
        classes' shape (:func:`_ascii_facts`), and the work per piece is ``map``'s. False
        (nothing learned) when that does not hold, when a piece's tokens mix letters and
        digits while values are learned, or when the memo would be forgotten on the way:
        then ask :meth:`_info` piece by piece."""
        memo = self._piece_memo
        if len(memo) + len(pieces) >= _PIECES_KEPT:
            return False
        joined = " ".join(pieces)
        trie = self._trie
        if (
            not joined.isascii()
            or "@" in joined
            or not joined.isprintable()
            or (trie and not trie.keys().isdisjoint(_tokens(joined)))
        ):
            return False
        facts = list(map(_ascii_facts, map(_TO_CLASSES, map(str.encode, pieces))))
        if trie and any(map(itemgetter(1), facts)):
            return False  # a token such as "a1b2" may still start a learned value
        memo.update(zip(pieces, map(itemgetter(0), facts), strict=True))
        return True

    def _lang_info(self, piece: str) -> int:
        """What :meth:`_info` says of ``piece``, remembered; an empty piece is _EMPTY."""
        if not piece:
            return _EMPTY
        info = self._piece_memo.get(piece)
        return self._info(piece) if info is None else info

    def _quiet_shape(self, plan: tuple[Plan, Plan, Text], shape: tuple[int, ...]) -> bool:
        """:meth:`quiet` for every message of ``plan`` whose values have these infos."""
        for steps, lang_shift in ((plan[0], _EN_SHIFT), (plan[1], 0)):
            infos = []
            for step in steps:
                if type(step) is str:
                    info = self._lang_info(step)
                else:
                    info = shape[step]  # type: ignore[index]
                    if info & _PAIR:
                        info = info >> lang_shift & _LANG_MASK
                if info != _EMPTY:
                    infos.append(info)
            flags, risky, dense = _combined(infos)
            if flags & _UNSAFE:
                return False
            if self.enabled and (
                dense or flags & _AT or (self._trie and (flags & _NAMED or risky))
            ):
                return False
        return True

    def _info(self, piece: str) -> int:
        """What :meth:`scan` needs to know of one piece, as a small int (see _FIRST...)."""
        trie = self._trie
        if piece.isascii():  # most text: the classes of its characters, in C
            info, mixed = _ascii_facts(_classes(piece))
            if trie:
                tokens = _tokens(piece)
                # A token that is one word and no learned value's first: _may_hold's
                # answer without its sets (for most pieces).
                if trie.keys().isdisjoint(tokens) and not mixed:
                    trie = {}
        else:
            info = _shape(piece, _fold(piece))
            tokens = None
        if "@" in piece:
            info |= _AT
        # Every character inert replaces is unprintable: most pieces need no search.
        if not piece.isprintable() and inert.UNSAFE_IN_DOCUMENT.search(piece):
            info |= _UNSAFE
        if trie and self._may_hold(folded := _fold(piece), tokens):
            names = self._names(piece)
            if names:
                info |= _NAMED
                self._piece_names[piece] = names
            if self._open_end(folded):
                info |= _OPEN
        if len(self._piece_memo) >= _PIECES_KEPT:
            self._piece_memo.clear()
            self._piece_names.clear()
        self._piece_memo[piece] = info = _INFOS.setdefault(info, info)  # shared int objects
        return info

    def _open_end(self, folded: str) -> bool:
        words = _WORD.findall(folded)
        for first in range(len(words)):
            node: dict[str, Any] | None = self._trie
            for word in words[first:]:
                node = node.get(word) if node is not None else None
                if node is None:
                    break
            if node is not None and any(key != _END for key in node):
                return True
        return False

    def redact(self, value: str, found: Sequence[tuple[int, int, str]], lang: str) -> str:
        """``value`` with the spans ``found`` (from :meth:`pieces`) replaced, counted as
        :meth:`text` counts."""
        if not found:
            return value
        index = 0 if lang == "nl" else 1
        parts = []
        last = 0
        for start, end, kind in found:
            parts += [value[last:start], _TOKENS[kind][index]]
            last = end
        self.redacted += 1
        return "".join(parts) + value[last:]


_PIECES_KEPT = 1_000_000  # distinct pieces remembered (then forgotten all at once)
_PLANS_KEPT = 10_000  # templates whose verdicts quiet() remembers (as i18n keeps plans)
_INFOS: dict[int, int] = {}  # one int object per distinct value (a few hundred at most)
_TO_CLASSES = methodcaller("translate", _ASCII_CLASSES)


def _tokens(ascii_text: str) -> list[str]:
    """An ASCII text's ``_TOKEN`` words, lower-cased (see ``_ASCII_TOKENS``)."""
    return ascii_text.encode().translate(_ASCII_TOKENS).decode().split()
