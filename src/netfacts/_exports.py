"""Generated from the family registry (``netfacts._registry``): the public model names,
imported only by type checkers (``netfacts/__init__.py`` imports them lazily).

Regenerate with ``python -m netfacts.grammar``; a test fails when this file is stale.
"""

from netfacts.models.address import (
    Address,
    AddressFamily,
    Scope,
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
from netfacts.models.link import (
    Link,
    LinkDetails,
    LinkInfo,
    LinkStats,
    OperState,
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
from netfacts.models.output import (
    Output,
)
from netfacts.models.outputs import (
    IpAddrForm,
    IpAddrOutput,
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

__all__ = [
    "FOREVER",
    "Address",
    "AddressFamily",
    "ArpForm",
    "ArpMessage",
    "ArpOutput",
    "ArpSummary",
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
    "IfconfigInterface",
    "IpAddrForm",
    "IpAddrOutput",
    "IpNeighForm",
    "IpNeighOutput",
    "IpRouteForm",
    "IpRouteOutput",
    "IpRuleOutput",
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
    "Nexthop",
    "NudState",
    "OperState",
    "Output",
    "ProcNetArpForm",
    "ProcNetArpOutput",
    "Qdisc",
    "QdiscStats",
    "Route",
    "RouteType",
    "Rule",
    "Scope",
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
    "TcQdiscOutput",
    "TcpState",
    "Timer",
    "UnixInfo",
]
