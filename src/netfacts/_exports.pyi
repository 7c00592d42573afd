"""Generated from the family registry (``netfacts._registry``) for type checkers: the
public model names (``netfacts/__init__.py`` imports them lazily) and
``netfacts.parse`` overloaded on the ``--as`` kinds.

Regenerate with ``python -m netfacts.grammar``; a test fails when this file is stale.
"""

from typing import Literal, overload

from netfacts.models.address import (
    Address,
    AddressFamily,
    Scope,
)
from netfacts.models.bridge import (
    BridgeFdbOutput,
    BridgeLinkOutput,
    BridgeMdbOutput,
    BridgePort,
    BridgeVlan,
    BridgeVlanOutput,
    FdbEntry,
    MdbEntry,
    MdbRouter,
    VlanStats,
)
from netfacts.models.ethtool import (
    EthtoolChannels,
    EthtoolDriver,
    EthtoolFeature,
    EthtoolFeatures,
    EthtoolOutput,
    EthtoolRings,
    EthtoolSettings,
    EthtoolStatistics,
)
from netfacts.models.firewall import (
    Firewall,
    IptablesOutput,
    IptablesRule,
    IptablesSaveOutput,
    ListedRule,
    ListedTable,
    SavedTable,
)
from netfacts.models.hardware import (
    Bridge,
    Hardware,
    NicFacts,
)
from netfacts.models.ip_addr import (
    IpAddrForm,
    IpAddrOutput,
)
from netfacts.models.ipvs import (
    IpvsadmOutput,
    IpvsConnection,
    IpvsRealServer,
    IpvsService,
)
from netfacts.models.link import (
    Link,
    LinkDetails,
    LinkInfo,
    LinkStats,
    OperState,
)
from netfacts.models.lsof import (
    LsofForm,
    LsofOutput,
    LsofSocket,
)
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
from netfacts.models.nft import (
    NftChain,
    NftOutput,
    NftRule,
    NftSet,
    NftTable,
)
from netfacts.models.output import (
    Output,
)
from netfacts.models.proc_net_counters import (
    NstatCounter,
    NstatForm,
    NstatOutput,
    ProcNetSnmpForm,
    ProcNetSnmpOutput,
    ProcNetSockstatOutput,
    SnmpCounter,
    SockstatLine,
)
from netfacts.models.proc_net_sockets import (
    ProcNetSocket,
    ProcNetTcpForm,
    ProcNetTcpOutput,
    ProcNetUnixForm,
    ProcNetUnixOutput,
    ProcNetUnixSocket,
)
from netfacts.models.proc_net_tables import (
    ProcNetDevForm,
    ProcNetDevice,
    ProcNetDevOutput,
    ProcNetIfInet6Output,
    ProcNetInet6Address,
    ProcNetIpv6Route,
    ProcNetIpv6RouteOutput,
    ProcNetRoute,
    ProcNetRouteForm,
    ProcNetRouteOutput,
)
from netfacts.models.process import (
    Process,
    PsForm,
    PsOutput,
)
from netfacts.models.route import (
    IpRouteForm,
    IpRouteOutput,
    Nexthop,
    Route,
    RouteType,
)
from netfacts.models.rule import (
    IpRuleOutput,
    Rule,
)
from netfacts.models.service import (
    Service,
)
from netfacts.models.snapshot import (
    Cluster,
    Snapshot,
)
from netfacts.models.socket import (
    Endpoint,
    Socket,
    SocketProcess,
    SsExtensions,
    TcpState,
    Timer,
    UnixInfo,
)
from netfacts.models.ss import (
    SsForm,
    SsOutput,
    SsSummary,
)
from netfacts.models.sysctl import (
    Sysctl,
    SysctlForm,
    SysctlOutput,
)
from netfacts.models.tc import (
    Qdisc,
    QdiscStats,
    TcQdiscOutput,
)
from netfacts.models.values import (
    FOREVER,
    MacAddress,
)

@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "arp",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ArpOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "bridge-fdb",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> BridgeFdbOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "bridge-link",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> BridgeLinkOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "bridge-mdb",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> BridgeMdbOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "bridge-vlan",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> BridgeVlanOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "ethtool",
        "ethtool-i",
        "ethtool-S",
        "ethtool-k",
        "ethtool-g",
        "ethtool-l",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> EthtoolOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "ip-addr",
        "ip-link",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> IpAddrOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "ip-neigh",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> IpNeighOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "ip-route",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> IpRouteOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "ip-rule",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> IpRuleOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "iptables",
        "ip6tables",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> IptablesOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "iptables-save",
        "ip6tables-save",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> IptablesSaveOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "ipvsadm",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> IpvsadmOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "lsof",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> LsofOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "netstat",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> NetstatOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "nft",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> NftOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "nstat",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> NstatOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-arp",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetArpOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-dev",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetDevOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-if-inet6",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetIfInet6Output: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-ipv6-route",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetIpv6RouteOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-route",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetRouteOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-snmp",
        "proc-net-netstat",
        "proc-net-snmp6",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetSnmpOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-sockstat",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetSockstatOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-tcp",
        "proc-net-tcp6",
        "proc-net-udp",
        "proc-net-udp6",
        "proc-net-raw",
        "proc-net-raw6",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetTcpOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "proc-net-unix",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> ProcNetUnixOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "ps",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> PsOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "ss",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> SsOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "sysctl",
        "ip-forward",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> SysctlOutput: ...
@overload
def parse(
    text: str | bytes,
    kind: Literal[
        "tc-qdisc",
    ],
    *,
    strict: bool = ...,
    source: str | None = ...,
) -> TcQdiscOutput: ...
@overload
def parse(text: str | bytes, kind: str | None = ..., *, strict: bool = ...,
          source: str | None = ...) -> Output: ...

__all__ = [
    "FOREVER",
    "Address",
    "AddressFamily",
    "ArpForm",
    "ArpMessage",
    "ArpOutput",
    "ArpSummary",
    "Bridge",
    "BridgeFdbOutput",
    "BridgeLinkOutput",
    "BridgeMdbOutput",
    "BridgePort",
    "BridgeVlan",
    "BridgeVlanOutput",
    "Cluster",
    "Endpoint",
    "EthtoolChannels",
    "EthtoolDriver",
    "EthtoolFeature",
    "EthtoolFeatures",
    "EthtoolOutput",
    "EthtoolRings",
    "EthtoolSettings",
    "EthtoolStatistics",
    "FdbEntry",
    "Firewall",
    "Hardware",
    "IfconfigInterface",
    "IpAddrForm",
    "IpAddrOutput",
    "IpNeighForm",
    "IpNeighOutput",
    "IpRouteForm",
    "IpRouteOutput",
    "IpRuleOutput",
    "IptablesOutput",
    "IptablesRule",
    "IptablesSaveOutput",
    "IpvsConnection",
    "IpvsRealServer",
    "IpvsService",
    "IpvsadmOutput",
    "Link",
    "LinkDetails",
    "LinkInfo",
    "LinkStats",
    "ListedRule",
    "ListedTable",
    "LsofForm",
    "LsofOutput",
    "LsofSocket",
    "MacAddress",
    "MdbEntry",
    "MdbRouter",
    "MulticastGroup",
    "NeighCacheInfo",
    "Neighbour",
    "NeighbourList",
    "NetstatForm",
    "NetstatInterface",
    "NetstatOutput",
    "NetstatRoute",
    "NetstatSample",
    "Nexthop",
    "NftChain",
    "NftOutput",
    "NftRule",
    "NftSet",
    "NftTable",
    "NicFacts",
    "NstatCounter",
    "NstatForm",
    "NstatOutput",
    "NudState",
    "OperState",
    "Output",
    "ProcNetArpForm",
    "ProcNetArpOutput",
    "ProcNetDevForm",
    "ProcNetDevOutput",
    "ProcNetDevice",
    "ProcNetIfInet6Output",
    "ProcNetInet6Address",
    "ProcNetIpv6Route",
    "ProcNetIpv6RouteOutput",
    "ProcNetRoute",
    "ProcNetRouteForm",
    "ProcNetRouteOutput",
    "ProcNetSnmpForm",
    "ProcNetSnmpOutput",
    "ProcNetSocket",
    "ProcNetSockstatOutput",
    "ProcNetTcpForm",
    "ProcNetTcpOutput",
    "ProcNetUnixForm",
    "ProcNetUnixOutput",
    "ProcNetUnixSocket",
    "Process",
    "PsForm",
    "PsOutput",
    "Qdisc",
    "QdiscStats",
    "Route",
    "RouteType",
    "Rule",
    "SavedTable",
    "Scope",
    "Service",
    "Snapshot",
    "SnmpCounter",
    "Socket",
    "SocketProcess",
    "SockstatLine",
    "SsExtensions",
    "SsForm",
    "SsOutput",
    "SsSummary",
    "StatSection",
    "Sysctl",
    "SysctlForm",
    "SysctlOutput",
    "TcQdiscOutput",
    "TcpState",
    "Timer",
    "UnixInfo",
    "VlanStats",
    "parse",
]
