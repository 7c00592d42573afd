"""``str()`` of record models: each record as its command prints it on one line.

Models know no text (``tests/test_layering.py``); the renderers and the grammar are where
each line is spelled.  This table joins the two: ``import netfacts`` installs
:func:`record_text` into :mod:`netfacts.models.output`, and a model's ``__str__`` calls it,
so ``str(route)`` is ``default via 192.168.50.1 dev eth0 proto dhcp metric 100`` while the
renderer stays the only place that writes it.  The renderer of a kind is imported on the
first ``str()`` of one of its records.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import Any

__all__ = ["record_text"]

_TEXT: dict[str, str] = {
    "netfacts.models.route.Route": "netfacts.renderers.ip_route:route_text",
    "netfacts.models.route.Nexthop": "netfacts.renderers.ip_route:nexthop_text",
    "netfacts.models.rule.Rule": "netfacts.renderers.ip_rule:rule_text",
    "netfacts.models.neighbour.Neighbour": "netfacts.renderers.ip_neigh:neighbour_text",
}
"""Record class (module.name) → the function that writes it as one line."""

_LOADED: dict[type, Callable[[Any], str]] = {}


def record_text(record: object) -> str:
    """The one-line text of ``record``; its ``repr`` for a class without one."""
    cls = type(record)
    function = _LOADED.get(cls)
    if function is None:
        spec = _TEXT.get(f"{cls.__module__}.{cls.__qualname__}")
        if spec is None:
            return repr(record)
        module, _, name = spec.partition(":")
        function = _LOADED[cls] = getattr(importlib.import_module(module), name)
    return function(record)
