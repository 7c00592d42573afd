"""Hypothesis strategies for ``bridge link``, ``fdb``, ``vlan`` and ``mdb`` text with models."""

from __future__ import annotations

import ipaddress

from hypothesis import strategies as st

from netfacts.grammar.bridge import FDB_FLAGS, MDB_FLAGS
from netfacts.models.bridge import (
    PORT_STATES,
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
from netfacts.models.values import MacAddress
from netfacts.renderers.bridge import (
    render_bridge_fdb,
    render_bridge_link,
    render_bridge_mdb,
    render_bridge_vlan,
)

__all__ = ["bridge_fdb_outputs", "bridge_link_outputs", "bridge_mdb_outputs",
           "bridge_vlan_outputs"]

_NAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-_", min_size=1, max_size=15)
_N = st.integers(0, 2**32 - 1)
_VID = st.integers(1, 4094)
_FLAGS = ["BROADCAST", "MULTICAST", "UP", "LOWER_UP", "NO-CARRIER", "LOOPBACK", "NOARP",
          "PROMISC", "M-DOWN"]
_OPTION_KEYS = ["hairpin", "guard", "root_block", "fastleave", "learning", "flood",
                "mcast_flood", "bcast_flood", "mcast_router", "mcast_to_unicast",
                "neigh_suppress", "vlan_tunnel", "isolated", "locked", "mab",
                "mcast_n_groups", "backup_port"]
_VALUE = st.sampled_from(["on", "off"]) | st.integers(0, 9999).map(str) | _NAME
_MESSAGES = st.sampled_from(["RTNETLINK answers: Operation not supported", "Dump terminated"])
_IP = st.one_of(st.ip_addresses(v=4), st.ip_addresses(v=6))
_MAC = st.binary(min_size=6, max_size=6).map(MacAddress)


def _subsequence(items: list[str]) -> st.SearchStrategy[tuple[str, ...]]:
    """An ordered subset of ``items``."""
    return st.lists(st.booleans(), min_size=len(items), max_size=len(items)).map(
        lambda keep: tuple(item for item, on in zip(items, keep) if on))


@st.composite
def _port(draw: st.DrawFn, legacy: bool) -> BridgePort:
    state = draw(st.none() | st.sampled_from(PORT_STATES)
                 | st.integers(5, 255).map(lambda n: f"({n})"))
    options = draw(st.lists(st.tuples(st.sampled_from(_OPTION_KEYS), _VALUE), max_size=6))
    return BridgePort(
        ifindex=draw(st.integers(1, 2**31 - 1)), ifname=draw(_NAME),
        link=draw(st.none() | _NAME), flags=draw(_subsequence(_FLAGS)),
        mtu=draw(st.none() | st.integers(68, 65535)), master=draw(st.none() | _NAME),
        state=state, priority=draw(st.none() | st.integers(0, 63)),
        cost=draw(st.none() | st.integers(1, 65535)),
        hwmode=draw(st.none() | st.sampled_from(["VEB", "VEPA"])),
        operstate=draw(st.none() | st.sampled_from(["UP", "DOWN", "UNKNOWN", "DORMANT"]))
        if legacy else None,
        options=tuple(options), deleted=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def bridge_link_outputs(draw: st.DrawFn) -> tuple[str, BridgeLinkOutput]:
    """(text, model) of ``bridge [-d] link show``, current or pre-4.15 layout."""
    legacy = draw(st.integers(0, 3)) == 0
    ports = tuple(draw(st.lists(_port(legacy), max_size=6)))
    output = BridgeLinkOutput(ports=ports, details=any(p.options for p in ports),
                              legacy=legacy and bool(ports),
                              messages=tuple(draw(st.lists(_MESSAGES, max_size=1))))
    return render_bridge_link(output), output


@st.composite
def _fdb_entry(draw: st.DrawFn) -> FdbEntry:
    used = draw(st.none() | st.tuples(_N, _N))
    via_ifindex = draw(st.none() | st.integers(1, 2**31 - 1))
    flags = draw(_subsequence([f for f in FDB_FLAGS if f != "master"]))
    if draw(st.integers(0, 5)) == 0:
        flags = (*flags, "locked")  # a flag newer than the grammar: kept, last
    return FdbEntry(
        mac=draw(_MAC), dev=draw(st.none() | _NAME), dst=draw(st.none() | _IP),
        vlan=draw(st.none() | _VID), port=draw(st.none() | st.integers(1, 65535)),
        vni=draw(st.none() | st.integers(1, 2**24 - 1)),
        src_vni=draw(st.none() | st.integers(1, 2**24 - 1)),
        via=None if via_ifindex is not None else draw(st.none() | _NAME),
        via_ifindex=via_ifindex, nhid=draw(st.none() | _N),
        link_netnsid=draw(st.none() | st.integers(0, 1000)),
        used=None if used is None else used[0], updated=None if used is None else used[1],
        flags=flags, master=draw(st.none() | _NAME),
        state=draw(st.sampled_from(["", "permanent", "static", "stale", "state=0x80"])),
        deleted=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def bridge_fdb_outputs(draw: st.DrawFn) -> tuple[str, BridgeFdbOutput]:
    """(text, model) of ``bridge [-s] fdb show``."""
    entries = tuple(draw(st.lists(_fdb_entry(), max_size=8)))
    output = BridgeFdbOutput(entries=entries,
                             stats=any(e.used is not None for e in entries))
    return render_bridge_fdb(output), output


@st.composite
def _vlans_of(draw: st.DrawFn, port: str, options: bool, stats: bool) -> list[BridgeVlan]:
    vlans = []
    for _ in range(draw(st.integers(1, 4))):
        start = draw(_VID)
        end = draw(st.none() | st.integers(start + 1, 4095)) if start < 4095 else None
        pairs = tuple(draw(st.lists(st.tuples(st.sampled_from(
            ["state", "mcast_router", "neigh_suppress", "mcast_n_groups", "mcast_max_groups"]),
            _VALUE), min_size=1, max_size=4))) if options else ()
        counters = VlanStats(rx_bytes=draw(_N), rx_packets=draw(_N), tx_bytes=draw(_N),
                             tx_packets=draw(_N)) if stats else None
        vlans.append(BridgeVlan(port=port, vlan=start, vlan_end=end, pvid=draw(st.booleans()),
                                untagged=draw(st.booleans()), options=pairs, stats=counters))
    return vlans


@st.composite
def bridge_vlan_outputs(draw: st.DrawFn) -> tuple[str, BridgeVlanOutput]:
    """(text, model) of ``bridge [-d] [-s] vlan show``, current or pre-4.15 layout."""
    legacy = draw(st.integers(0, 3)) == 0
    details = not legacy and draw(st.booleans())
    stats = not legacy and not details and draw(st.booleans())
    names = draw(st.lists(_NAME.filter(lambda n: n != "port"), max_size=4, unique=True))
    vlans: list[BridgeVlan] = []
    for name in names:
        vlans.extend(draw(_vlans_of(name, details, stats)))
    none = tuple(draw(st.lists(_NAME.filter(lambda n: n not in names and n != "port"),
                               max_size=2, unique=True))) if legacy else ()
    output = BridgeVlanOutput(vlans=tuple(vlans), none=none, legacy=legacy,
                              details=details and bool(vlans), stats=stats,
                              messages=tuple(draw(st.lists(_MESSAGES, max_size=2))))
    return render_bridge_vlan(output), output


_TIMER = st.integers(0, 9_999_999).map(lambda cents: cents / 100)
_GROUP = st.one_of(
    st.integers(0xE0000000, 0xEFFFFFFF).map(ipaddress.IPv4Address),
    st.integers(0xFF00 << 112, (1 << 128) - 1).map(ipaddress.IPv6Address),
    _MAC,
)


@st.composite
def _mdb_entry(draw: st.DrawFn, stats: bool) -> MdbEntry:
    return MdbEntry(
        dev=draw(_NAME), port=draw(_NAME), grp=draw(_GROUP), src=draw(st.none() | _IP),
        state=draw(st.sampled_from(["permanent", "temp"])),
        flags=draw(_subsequence(list(MDB_FLAGS))),
        filter_mode=draw(st.none() | st.sampled_from(["include", "exclude"])),
        protocol=draw(st.none() | st.sampled_from(["static", "kernel", "boot", "zebra"])),
        vid=draw(st.none() | _VID), timer=draw(_TIMER) if stats else None,
        deleted=draw(st.integers(0, 9)) == 0,
    )


@st.composite
def bridge_mdb_outputs(draw: st.DrawFn) -> tuple[str, BridgeMdbOutput]:
    """(text, model) of ``bridge [-s] [-d] mdb show``."""
    stats = draw(st.booleans())
    entries = tuple(draw(st.lists(_mdb_entry(stats), max_size=6)))
    routers: list[MdbRouter] = []
    for dev in draw(st.lists(_NAME, max_size=2, unique=True)):
        for port in draw(st.lists(_NAME, min_size=1, max_size=3)):
            routers.append(MdbRouter(
                dev=dev, port=port, timer=draw(_TIMER) if stats else None,
                type=draw(st.sampled_from(["permanent", "temp"])) if stats else None))
    output = BridgeMdbOutput(entries=entries, routers=tuple(routers),
                             stats=stats and bool(entries or routers))
    return render_bridge_mdb(output), output
