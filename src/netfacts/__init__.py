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
"""

from __future__ import annotations

from netfacts._api import detect, parse, render, to_json
from netfacts.errors import Diagnostic, ParseError, Severity
from netfacts.models.address import Address, Family, Scope
from netfacts.models.link import Link, LinkInfo, LinkStats, OperState
from netfacts.models.outputs import IpAddrForm, IpAddrOutput, Output
from netfacts.models.values import FOREVER, MacAddress

__all__ = [
    "FOREVER",
    "Address",
    "Diagnostic",
    "Family",
    "IpAddrForm",
    "IpAddrOutput",
    "Link",
    "LinkInfo",
    "LinkStats",
    "MacAddress",
    "OperState",
    "Output",
    "ParseError",
    "Scope",
    "Severity",
    "detect",
    "parse",
    "render",
    "to_json",
]

__version__ = "0.1.0"
