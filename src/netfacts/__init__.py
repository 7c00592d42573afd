"""netfacts: typed facts from the captured text of Linux networking commands.

>>> import netfacts
>>> out = netfacts.parse("1: lo: <LOOPBACK,UP,LOWER_UP> mtu 65536 qdisc noqueue state UNKNOWN "
...                      "group default qlen 1000\\n"
...                      "    link/loopback 00:00:00:00:00:00 brd 00:00:00:00:00:00\\n"
...                      "    inet 127.0.0.1/8 scope host lo\\n"
...                      "       valid_lft forever preferred_lft forever\\n")
>>> out.kind, out.links[0].ifname, str(out.links[0].addresses[0].local)
('ip_addr', 'lo', '127.0.0.1')
>>> netfacts.to_json(out)[0]["addr_info"][0]["scope"]
'host'

Public names are imported on first use, so that running one parser from the
command line does not pay for importing every model of every command family.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from netfacts import _registry
from netfacts._api import detect as detect
from netfacts._api import render as render
from netfacts._api import to_json as to_json
from netfacts._load import load as load
from netfacts._load import load_cluster as load_cluster
from netfacts._load import load_json as load_json
from netfacts._load import load_snapshot as load_snapshot
from netfacts._record_text import record_text as _record_text
from netfacts.errors import Diagnostic as Diagnostic
from netfacts.errors import ParseError as ParseError
from netfacts.errors import Severity as Severity
from netfacts.models._record import set_record_text as _set_record_text

if TYPE_CHECKING:
    # generated from the registry: the model names, and parse() overloaded on the kinds
    from netfacts._exports import *  # noqa: F403
else:
    from netfacts._api import parse as parse

_set_record_text(_record_text)  # str(route) is its ip route line (models know no text)

_LAZY = _registry.exports()
"""Public model name → its module (imported on first use)."""

__all__ = sorted([  # noqa: PLE0605  (the registry lists the model names)
    "Diagnostic", "ParseError", "Severity", "detect", "load", "load_cluster", "load_json",
    "load_snapshot", "parse", "render", "to_json", *_LAZY,
])

__version__ = "0.1.0"


_RENAMED = {"Family": "AddressFamily"}
"""Old public name → its new name: still answered, with a ``DeprecationWarning``."""


def __getattr__(name: str) -> Any:
    if name in _RENAMED:
        import warnings

        warnings.warn(f"netfacts.{name} is now netfacts.{_RENAMED[name]}", DeprecationWarning,
                      stacklevel=2)
        return __getattr__(_RENAMED[name])
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'netfacts' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
