"""JSON objects from rows, written as the family's field table says.

:func:`object_writer` turns a :class:`~netfacts.grammar._keywords.Layout` (the field table
of a family, in print order) into a function ``row -> dict``: one straight-line function per
form (whether ``-d`` spelled the defaults out, which command-line selectors hid which
attributes), generated from the table the first time that form is written and kept
(a handful of forms per family; bounded, keyed exactly by the form, clearable with
:func:`clear`).  The same writer serves rows a parser kept and rows made from models, so
the command line and the library print the same JSON by construction.

Per key (:class:`~netfacts.grammar._keywords.Key`): ``json`` names the member (``None``:
a family hook writes it, at that place in the order); a row holding ``None`` or the
key's ``default`` leaves the member out unless ``always`` (or ``details`` in a ``-d``
form), where the default is written; ``to_json`` converts the row value.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from netfacts.grammar._keywords import Key, Layout

__all__ = ["ObjectWriter", "clear", "elided", "object_writer"]

Row = tuple[Any, ...]
ObjectWriter = Callable[[Row], dict[str, Any]]
Hook = Callable[[dict[str, Any], Row], None]

_WRITERS: dict[tuple[int, bool, frozenset[str], frozenset[tuple[str, int]]], ObjectWriter] = {}
_LIMIT = 256


def clear() -> None:
    """Forget the generated writers."""
    _WRITERS.clear()


def object_writer(layout: Layout, *, details: bool = False,
                  hidden: frozenset[str] = frozenset(),
                  hooks: Mapping[str, Hook] | None = None) -> ObjectWriter:
    """The writer of ``layout``'s rows for one form (see the module docstring).

    ``hooks`` maps a field whose key has ``json=None`` to a function ``(out, row)`` that
    adds its members (module-level functions: the cache tells them apart by identity).
    """
    hooks = hooks or {}
    cache_key = (id(layout), details, hidden,
                 frozenset((name, id(hook)) for name, hook in hooks.items()))
    writer = _WRITERS.get(cache_key)
    if writer is None:
        writer = _generate(layout, details, hidden, hooks)
        if len(_WRITERS) < _LIMIT:
            _WRITERS[cache_key] = writer
    return writer


def elided(key: Key, position: int, details: bool, statement: str) -> list[str]:
    """Generated lines that run ``statement`` for the value ``v`` of slot ``position`` as
    the field table says: always (None becomes the default ``d<position>``), or only when
    the value is present and not the default.  The one elision rule of the dict writer and
    the text writer (:mod:`netfacts.jsonio._text_writer`)."""
    if key.always or (key.details and details):
        return [f"    if v is None: v = d{position}", f"    {statement}"]
    if key.default is None:
        return [f"    if v is not None: {statement}"]
    return [f"    if v is not None and v != d{position}: {statement}"]


def _generate(layout: Layout, details: bool, hidden: frozenset[str],
              hooks: Mapping[str, Hook]) -> ObjectWriter:
    namespace: dict[str, Any] = {}
    lines = ["def write(row):", "    out = {}"]
    for key in layout.keys:
        position = layout.index[key.field]
        if key.json is None:
            hook = hooks.get(key.field)
            if hook is not None:
                namespace[f"h{position}"] = hook
                lines.append(f"    h{position}(out, row)")
            continue
        if key.selector is not None and key.selector in hidden:
            continue
        value = "v"
        if key.to_json is not None:
            namespace[f"j{position}"] = key.to_json
            value = f"j{position}(v)"
        namespace[f"d{position}"] = key.default
        lines.append(f"    v = row[{position}]")
        lines += elided(key, position, details, f"out[{key.json!r}] = {value}")
    lines.append("    return out")
    exec(compile("\n".join(lines) + "\n", f"<netfacts JSON writer {layout.names[:2]}>",
                 "exec"), namespace)
    writer: ObjectWriter = namespace["write"]
    return writer
