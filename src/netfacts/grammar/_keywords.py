"""Keyword/value tails: the ``mtu 1500 qdisc noqueue state UP ...`` part of a line.

iproute2 prints most attributes as a keyword followed by a fixed number of
values, adds keywords in every release and sometimes reorders them.  A tail is
therefore described by a table of :class:`Key` records in print order rather
than by a fixed sequence:

* :func:`tail_element` turns a table into the pyparsing grammar of the tail
  (used for error messages and by the differential tests);
* :class:`KeyTail` reads a tail on the fast path: one tight loop over the
  ``str.split()`` tokens with a dictionary lookup per keyword, and a cache of
  tails already read (thousands of interfaces share the same tail); anything
  unusual (an unknown keyword, a missing or bad value) goes through
  :func:`walk`, which reads token by token with the same table and says what
  went wrong.

Keywords not in the table are kept as unknown attributes: a keyword followed by
one value, or a bare flag when the next token is itself a known keyword or the
tail ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

from netfacts.grammar._atoms import WORD, Atom, sp

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["Key", "KeyTable", "KeyTail", "Walked", "table", "tail_element", "walk"]


class Key:
    """One keyword: its text, the model/JSON field it fills and its value atoms.

    A key with ``collect=True`` is a flag word that is appended to the list in
    ``field`` (address flags keep their printed order that way).
    """

    __slots__ = ("atoms", "collect", "field", "keyword")

    def __init__(self, keyword: str, field: str, *atoms: Atom, collect: bool = False) -> None:
        self.keyword = keyword
        self.field = field
        self.atoms = atoms
        self.collect = collect

    def __repr__(self) -> str:
        return f"Key({self.keyword!r} -> {self.field!r}, {len(self.atoms)} values)"


KeyTable = Mapping[str, Key]


def table(*keys: Key) -> dict[str, Key]:
    """A keyword → :class:`Key` mapping, in print order."""
    return {key.keyword: key for key in keys}


def tail_element(keys: KeyTable, *, allow_unknown: bool = True) -> pp.ParserElement:
    """The grammar of a tail: ``{ SP known-keyword-with-values | SP unknown }``."""
    import pyparsing as pp

    alternatives: list[pp.ParserElement] = []
    for key in sorted(keys.values(), key=lambda k: -len(k.keyword)):
        element: pp.ParserElement = pp.Keyword(key.keyword, ident_chars=pp.printables)
        for atom in key.atoms:
            element = element + sp() + atom.element.copy()
        alternatives.append(element)
    if allow_unknown:
        alternatives.append(WORD.element.copy())
    return pp.Opt(pp.MatchFirst(alternatives) + pp.ZeroOrMore(sp() + pp.MatchFirst(alternatives)))


class Walked:
    """Result of reading a tail: known values by field, unknown pairs, first bad token."""

    __slots__ = ("error", "unknown", "values")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.unknown: list[tuple[str, str]] = []
        self.error: tuple[int, str] | None = None
        """(token index, message) of the first value a known keyword could not take."""


def walk(tokens: list[str], keys: KeyTable, start: int = 0, stop: Iterable[str] = ()) -> Walked:
    """Read ``tokens[start:]`` as keyword/value pairs described by ``keys``.

    A single-value key stores its converted value under ``key.field``; a key
    with several values stores a tuple; a flag (no values) stores ``True``.  A bad
    value is left out and the first one is reported in ``Walked.error``; the pairs
    after it are still read.
    Reading stops before a token in ``stop``; the index where it stopped is
    stored in ``Walked.values["__end__"]``.
    """
    walked = Walked()
    values = walked.values
    stop_set = frozenset(stop)
    count = len(tokens)
    i = start
    while i < count:
        token = tokens[i]
        if token in stop_set:
            break
        key = keys.get(token)
        if key is None:
            nxt = tokens[i + 1] if i + 1 < count else None
            if nxt is None or nxt in keys or nxt in stop_set:
                walked.unknown.append((token, ""))
                i += 1
            else:
                walked.unknown.append((token, nxt))
                i += 2
            continue
        atoms = key.atoms
        if not atoms:
            if key.collect:
                values.setdefault(key.field, []).append(token)
            else:
                values[key.field] = True
            i += 1
            continue
        if i + len(atoms) >= count:
            walked.error = (i, f"Expected {atoms[0].name} after {token!r}")
            break
        try:
            if len(atoms) == 1:
                atom = atoms[0]
                value = tokens[i + 1]
                values[key.field] = value if atom.any_token else atom.convert(value)
            else:
                values[key.field] = tuple(
                    atom.convert(tokens[i + 1 + n]) for n, atom in enumerate(atoms)
                )
        except ValueError:
            # report the first bad value and read on: the pairs after it are still good
            if walked.error is None:
                bad = next(n for n, atom in enumerate(atoms)
                           if not atom.accepts(tokens[i + 1 + n]))
                walked.error = (i + 1 + bad, f"Expected {atoms[bad].name} after {token!r}")
        i += 1 + len(atoms)
    values["__end__"] = i
    return walked


class KeyTail:
    """Fast reader for a tail described by ``keys`` (see the module docstring).

    The common case — every token a known keyword with a valid value — is read
    in one tight loop over ``str.split()``; anything else (an unknown keyword, a
    missing or invalid value, a multi-value key) is handed to :func:`walk`,
    which produces the same values plus the unknown pairs and the error.
    """

    __slots__ = ("_cache", "keys", "specs")

    _CACHE_SIZE = 8192

    def __init__(self, keys: KeyTable) -> None:
        self.keys = keys
        self._cache: dict[str, tuple[dict[str, Any], list[tuple[str, str]], Any]] = {}
        """Tail text -> result: thousands of interfaces share the same tails."""
        self.specs: dict[str, tuple[str, Atom | None, int]] = {}
        """keyword -> (field, converting atom or None, kind)."""
        for key in keys.values():
            if len(key.atoms) == 1:
                atom = key.atoms[0]
                self.specs[key.keyword] = (key.field, None if atom.any_token else atom, 0)
            elif not key.atoms:
                self.specs[key.keyword] = (key.field, None, 2 if key.collect else 1)

    def read(self, tail: str) -> Walked:
        """Values of ``tail`` by field, as :func:`walk` gives them.

        The returned ``values`` dict is the caller's to change; collected flag
        lists are returned as tuples.
        """
        cached = self._cache.get(tail)
        if cached is None:
            walked = self._read(tail)
            values = walked.values
            for field, value in values.items():
                if type(value) is list:
                    values[field] = tuple(value)
            if len(self._cache) < self._CACHE_SIZE:
                self._cache[tail] = (dict(values), walked.unknown, walked.error)
            return walked
        walked = Walked()
        walked.values = dict(cached[0])
        walked.unknown = cached[1]
        walked.error = cached[2]
        return walked

    def _read(self, tail: str) -> Walked:
        tokens = tail.split()
        count = len(tokens)
        specs = self.specs
        walked = Walked()
        values = walked.values
        i = 0
        try:
            while i < count:
                field, atom, kind = specs[tokens[i]]
                if kind == 0:
                    value = tokens[i + 1]
                    values[field] = atom.convert(value) if atom is not None else value
                    i += 2
                elif kind == 1:
                    values[field] = True
                    i += 1
                else:
                    flags = values.get(field)
                    if flags is None:
                        values[field] = [tokens[i]]
                    else:
                        flags.append(tokens[i])
                    i += 1
        except (KeyError, IndexError, ValueError):
            return walk(tokens, self.keys)
        return walked
