"""Compact JSON text straight from rows, as the family's field table says.

:func:`text_writer` is the text twin of :func:`netfacts.jsonio._fields.object_writer`: from
the same :class:`~netfacts.grammar._keywords.Layout` and the same rules (member name,
default elision, ``always``, ``to_json``, hidden selectors) it generates a function
``row -> str | None`` that writes the object's compact JSON text (what ``json.dumps(...,
ensure_ascii=False, separators=(",", ":"))`` prints for the dict ``object_writer`` makes)
without building the dict.  Members a family writes with hooks are written by ``hooks``
(``(row, parts) -> bool``, False when the row needs the dict writer) or, for a slot listed
in ``rare``, make the writer give up (None) whenever that slot holds something: the caller
then writes that row through the dict writer, so the text is the same by construction.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from itertools import islice
from json.encoder import encode_basestring
from typing import Any

from netfacts.grammar._keywords import Layout
from netfacts.jsonio._fields import elided

__all__ = ["TextHook", "TextWriter", "array_pieces", "dumps", "member", "text_writer",
           "value_text"]

Row = tuple[Any, ...]
TextWriter = Callable[[Row], "str | None"]
TextHook = Callable[[Row, list[str]], bool]

dumps = json.JSONEncoder(ensure_ascii=False, separators=(",", ":"), check_circular=False).encode
"""``json.dumps(value, ensure_ascii=False, separators=(",", ":"))``."""


PIECE = 4096
"""Objects per piece of :func:`array_pieces`."""


def array_pieces(objects: Iterable[str]) -> list[str]:
    """The compact JSON array of ``objects`` (each an element's text) as pieces whose
    concatenation it is: ``[``, the elements comma-joined ``PIECE`` at a time, ``]``.  The
    CLI writes the pieces one by one, so neither one text of the whole array nor every
    element's own text is held at once."""
    pieces = ["["]
    batches = iter(objects)
    while batch := list(islice(batches, PIECE)):
        if len(pieces) > 1:
            pieces.append(",")
        pieces.append(",".join(batch))
    pieces.append("]")
    return pieces


def value_text(value: Any) -> str:
    """The compact JSON text of a member value."""
    kind = type(value)
    if kind is str:
        return encode_basestring(value)
    if kind is int:
        return int.__repr__(value)
    return dumps(value)


def member(name: str) -> str:
    """``"name":`` as JSON text."""
    return encode_basestring(name) + ":"


def text_writer(layout: Layout, *, details: bool = False,
                hidden: frozenset[str] = frozenset(),
                hooks: Mapping[str, TextHook] | None = None,
                rare: Iterable[str] = ()) -> TextWriter:
    """The text writer of ``layout``'s rows for one form (see the module docstring).

    A key with ``json=None`` is written by ``hooks[field]``; a field in ``rare`` (a hooked
    member the text writer does not write) makes it return None when its slot holds a
    value; a ``json=None`` field in neither is read by another field's hook."""
    hooks = hooks or {}
    rare_fields = frozenset(rare)
    namespace: dict[str, Any] = {"V": value_text, "E": encode_basestring, "I": int.__repr__,
                                 "S": str, "N": int}
    lines = ["def write(row):", "    p = []", "    a = p.append"]
    for key in layout.keys:
        position = layout.index[key.field]
        if key.json is None:
            hook = hooks.get(key.field)
            if hook is not None:
                namespace[f"h{position}"] = hook
                lines.append(f"    if not h{position}(row, p): return None")
            elif key.field in rare_fields:
                lines.append(f"    if row[{position}]: return None")
            continue
        if key.selector is not None and key.selector in hidden:
            continue
        namespace[f"d{position}"] = key.default
        namespace[f"n{position}"] = member(key.json)
        lines.append(f"    v = row[{position}]")
        if key.to_json is not None:
            namespace[f"j{position}"] = key.to_json
            append = f"a(n{position} + V(j{position}(v)))"
        else:
            # strings and integers inline (most members), anything else through json
            append = (f"a(n{position} + (E(v) if v.__class__ is S else I(v) "
                      "if v.__class__ is N else V(v)))")
        lines += elided(key, position, details, append)
    lines.append("    return '{' + ','.join(p) + '}'")
    exec(compile("\n".join(lines) + "\n", f"<netfacts JSON text writer {layout.names[:2]}>",
                 "exec"), namespace)
    writer: TextWriter = namespace["write"]
    return writer
