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

from netfacts._api import detect, load, load_json, parse, render, to_json
from netfacts.errors import Diagnostic, ParseError, Severity

if TYPE_CHECKING:
    from netfacts.models.address import Address, Family, Scope
    from netfacts.models.link import Link, LinkDetails, LinkInfo, LinkStats, OperState
    from netfacts.models.neighbour import (
        ArpForm,
        ArpMessage,
        ArpOutput,
        ArpSummary,
        IpNeighForm,
        IpNeighOutput,
        Neighbour,
        NeighbourList,
        NeighCacheInfo,
        NudState,
        ProcNetArpForm,
        ProcNetArpOutput,
    )
    from netfacts.models.netstat import (
        IfconfigInterface,
        MulticastGroup,
        NetstatForm,
        NetstatInterface,
        NetstatOutput,
        NetstatRoute,
        NetstatSample,
        StatSection,
    )
    from netfacts.models.outputs import IpAddrForm, IpAddrOutput, Output
    from netfacts.models.route import Route
    from netfacts.models.rule import Rule
    from netfacts.models.snapshot import Cluster, Snapshot
    from netfacts.models.socket import (
        Endpoint,
        Socket,
        SocketProcess,
        SsExtensions,
        TcpState,
        Timer,
        UnixInfo,
    )
    from netfacts.models.ss import SsForm, SsOutput, SsSummary
    from netfacts.models.sysctl import Sysctl, SysctlForm, SysctlOutput
    from netfacts.models.values import FOREVER, MacAddress

_LAZY = {
    "Socket": "netfacts.models.socket",
    "Endpoint": "netfacts.models.socket",
    "SocketProcess": "netfacts.models.socket",
    "Timer": "netfacts.models.socket",
    "TcpState": "netfacts.models.socket",
    "UnixInfo": "netfacts.models.socket",
    "SsExtensions": "netfacts.models.socket",
    "NetstatOutput": "netfacts.models.netstat",
    "NetstatForm": "netfacts.models.netstat",
    "NetstatSample": "netfacts.models.netstat",
    "NetstatRoute": "netfacts.models.netstat",
    "NetstatInterface": "netfacts.models.netstat",
    "IfconfigInterface": "netfacts.models.netstat",
    "StatSection": "netfacts.models.netstat",
    "MulticastGroup": "netfacts.models.netstat",
    "SsOutput": "netfacts.models.ss",
    "SsForm": "netfacts.models.ss",
    "SsSummary": "netfacts.models.ss",
    "ArpForm": "netfacts.models.neighbour",
    "ArpMessage": "netfacts.models.neighbour",
    "ArpOutput": "netfacts.models.neighbour",
    "ArpSummary": "netfacts.models.neighbour",
    "IpNeighForm": "netfacts.models.neighbour",
    "IpNeighOutput": "netfacts.models.neighbour",
    "NeighCacheInfo": "netfacts.models.neighbour",
    "Neighbour": "netfacts.models.neighbour",
    "NeighbourList": "netfacts.models.neighbour",
    "NudState": "netfacts.models.neighbour",
    "ProcNetArpForm": "netfacts.models.neighbour",
    "ProcNetArpOutput": "netfacts.models.neighbour",
    "Sysctl": "netfacts.models.sysctl",
    "SysctlForm": "netfacts.models.sysctl",
    "SysctlOutput": "netfacts.models.sysctl",
    "Address": "netfacts.models.address",
    "Family": "netfacts.models.address",
    "Scope": "netfacts.models.address",
    "Snapshot": "netfacts.models.snapshot",
    "Cluster": "netfacts.models.snapshot",
    "Route": "netfacts.models.route",
    "Rule": "netfacts.models.rule",
    "Link": "netfacts.models.link",
    "LinkDetails": "netfacts.models.link",
    "LinkInfo": "netfacts.models.link",
    "LinkStats": "netfacts.models.link",
    "OperState": "netfacts.models.link",
    "IpAddrForm": "netfacts.models.outputs",
    "IpAddrOutput": "netfacts.models.outputs",
    "Output": "netfacts.models.outputs",
    "FOREVER": "netfacts.models.values",
    "MacAddress": "netfacts.models.values",
}

__all__ = [
    "FOREVER",
    "Address",
    "ArpForm",
    "ArpMessage",
    "ArpOutput",
    "ArpSummary",
    "Cluster",
    "Diagnostic",
    "Endpoint",
    "Family",
    "IfconfigInterface",
    "IpAddrForm",
    "IpAddrOutput",
    "IpNeighForm",
    "IpNeighOutput",
    "Link",
    "LinkDetails",
    "LinkInfo",
    "LinkStats",
    "MacAddress",
    "MulticastGroup",
    "NeighCacheInfo",
    "Neighbour",
    "NeighbourList",
    "NetstatForm",
    "NetstatInterface",
    "NetstatOutput",
    "NetstatRoute",
    "NetstatSample",
    "NudState",
    "OperState",
    "Output",
    "ParseError",
    "ProcNetArpForm",
    "ProcNetArpOutput",
    "Route",
    "Rule",
    "Scope",
    "Severity",
    "Snapshot",
    "Socket",
    "SocketProcess",
    "SsExtensions",
    "SsForm",
    "SsOutput",
    "SsSummary",
    "StatSection",
    "Sysctl",
    "SysctlForm",
    "SysctlOutput",
    "TcpState",
    "Timer",
    "UnixInfo",
    "detect",
    "load",
    "load_json",
    "parse",
    "render",
    "to_json",
]

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'netfacts' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted(__all__)
