"""``str()`` of record models, without the models knowing any text.

The netfacts package hands in the function that writes a record as its command's line
(:mod:`netfacts._record_text`, which the renderers serve); a model's ``__str__`` calls
:func:`record_text`.  (A module of its own, without attrs: ``import netfacts`` installs the
function, and the CLI's fast paths must not pay for importing attrs.)
"""

from __future__ import annotations

from collections.abc import Callable

__all__ = ["record_text", "set_record_text"]

_RECORD_TEXT: list[Callable[[object], str]] = []


def set_record_text(function: Callable[[object], str]) -> None:
    """Install the record → text function (done once, on ``import netfacts``)."""
    _RECORD_TEXT[:] = [function]


def record_text(record: object) -> str:
    """``str()`` of a record model: its command's one-line text (``default via 192.168.50.1
    dev eth0``), or its ``repr`` when no text function is installed."""
    if _RECORD_TEXT:
        return _RECORD_TEXT[0](record)
    return repr(record)
