"""Keyword/value tails: the ``mtu 1500 qdisc noqueue state UP ...`` part of a line.

iproute2 prints most attributes as a keyword followed by a fixed number of
values, adds keywords in every release and sometimes reorders them.  A tail is
therefore described by a table of :class:`Key` records rather than by a fixed
sequence.  :func:`tail_element` turns a table into the pyparsing grammar of the
tail (used for error messages and by the differential tests), :func:`walk`
reads the tokens of a tail with the same table on the fast path.  Keywords not
in the table are kept as unknown attributes: a keyword followed by one value,
or a bare flag when the next token is itself a known keyword or the tail ends.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pyparsing as pp

from netfacts.grammar._atoms import SP, WORD, Atom

__all__ = ["Key", "KeyTable", "Walked", "tail_element", "walk"]


class Key:
    """One keyword: its text, the model/JSON field it fills and its value atoms."""

    __slots__ = ("atoms", "field", "keyword")

    def __init__(self, keyword: str, field: str, *atoms: Atom) -> None:
        self.keyword = keyword
        self.field = field
        self.atoms = atoms

    def __repr__(self) -> str:
        return f"Key({self.keyword!r} -> {self.field!r}, {len(self.atoms)} values)"


KeyTable = Mapping[str, Key]


def table(*keys: Key) -> dict[str, Key]:
    """A keyword → :class:`Key` mapping, in print order."""
    return {key.keyword: key for key in keys}


def tail_element(keys: KeyTable, *, allow_unknown: bool = True) -> pp.ParserElement:
    """The grammar of a tail: ``{ SP known-keyword-with-values | SP unknown }``."""
    alternatives: list[pp.ParserElement] = []
    for key in sorted(keys.values(), key=lambda k: -len(k.keyword)):
        element: pp.ParserElement = pp.Keyword(key.keyword, ident_chars=pp.printables)
        for atom in key.atoms:
            element = element + SP + atom.element.copy()
        alternatives.append(element)
    if allow_unknown:
        alternatives.append(WORD.element.copy())
    return pp.ZeroOrMore(SP + pp.MatchFirst(alternatives)) + pp.Opt(SP)


class Walked:
    """Result of :func:`walk`: known values by field, unknown pairs, first bad token."""

    __slots__ = ("error", "unknown", "values")

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}
        self.unknown: list[tuple[str, str]] = []
        self.error: tuple[int, str] | None = None
        """(token index, message) of the first value a known keyword could not take."""


def walk(tokens: list[str], keys: KeyTable, start: int = 0, stop: Iterable[str] = ()) -> Walked:
    """Read ``tokens[start:]`` as keyword/value pairs described by ``keys``.

    A single-value key stores its converted value under ``key.field``; a key
    with several values stores a tuple; a flag (no values) stores ``True``.
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
        natoms = len(key.atoms)
        if natoms == 0:
            values[key.field] = True
            i += 1
            continue
        if i + natoms >= count:
            walked.error = (i, f"Expected {key.atoms[0].name} after {token!r}")
            break
        try:
            if natoms == 1:
                values[key.field] = key.atoms[0].convert(tokens[i + 1])
            else:
                values[key.field] = tuple(
                    atom.convert(tokens[i + 1 + n]) for n, atom in enumerate(key.atoms)
                )
        except ValueError:
            bad = next(
                n for n, atom in enumerate(key.atoms) if not atom.accepts(tokens[i + 1 + n])
            )
            walked.error = (i + 1 + bad, f"Expected {key.atoms[bad].name} after {token!r}")
            break
        i += 1 + natoms
    values["__end__"] = i
    return walked
