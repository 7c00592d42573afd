"""Hypothesis strategies that generate realistic models and the command output that shows them.

Every text strategy draws a *model* first and renders it, so each generated
text comes with its ground truth::

    from hypothesis import given
    from netfacts.testing.strategies import ip_addr_outputs

    @given(ip_addr_outputs())
    def test_my_tool(case):
        text, expected = case
        assert my_tool(text) == ...          # expected.links is the truth

Names follow Hypothesis' own style: plural nouns for models (:func:`links`,
:func:`addresses`), ``*_outputs`` for ``(text, model)`` pairs, keyword-only
options.  Generated links respect what the text format can express: a name
that contains ``@`` always has a parent device (the only way such a name can be
read back unambiguously), IPv4 addresses always carry a label, ``-o addr`` shows
only interfaces with addresses, and so on.
"""

from __future__ import annotations

import ipaddress
from typing import Any, Literal

from hypothesis import strategies as st

from netfacts.models.address import Address, Family, Scope
from netfacts.models.ip_addr import IpAddrForm, IpAddrOutput
from netfacts.models.link import (
    Link,
    LinkDetails,
    LinkInfo,
    LinkStats,
    OperState,
    RxStats,
    TxStats,
    Xdp,
)
from netfacts.models.route import (
    Encap,
    IpRouteForm,
    IpRouteOutput,
    Nexthop,
    Route,
    RouteMetric,
    RouteType,
)
from netfacts.models.rule import IpRuleOutput, Rule
from netfacts.models.values import FOREVER, MacAddress
from netfacts.renderers.ip_addr import render_ip_addr
from netfacts.renderers.ip_route import render_ip_route
from netfacts.renderers.ip_rule import render_ip_rule

__all__ = [
    "addresses",
    "interface_names",
    "ip_addr_forms",
    "ip_addr_outputs",
    "ip_route_outputs",
    "ip_rule_outputs",
    "links",
    "mac_addresses",
    "routes",
    "rules",
]

_NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789.-_!#"
_LINK_FLAGS = (
    "NO-CARRIER",
    "LOOPBACK",
    "BROADCAST",
    "POINTOPOINT",
    "MULTICAST",
    "NOARP",
    "ALLMULTI",
    "PROMISC",
    "MASTER",
    "SLAVE",
    "UP",
    "LOWER_UP",
    "DORMANT",
    "M-DOWN",
)
_ADDRESS_FLAGS = (
    "secondary",
    "nodad",
    "optimistic",
    "dadfailed",
    "home",
    "deprecated",
    "tentative",
    "dynamic",
    "mngtmpaddr",
    "noprefixroute",
    "autojoin",
    "stable-privacy",
)
_KEYWORDS = frozenset(
    {
        "mtu", "qdisc", "master", "state", "mode", "group", "qlen", "link-netns", "link-netnsid",
        "event", "brd", "peer", "permaddr", "protodown", "protodown_reason", "promiscuity",
        "allmulti", "minmtu", "maxmtu", "metric", "any", "mcast", "scope", "flags", "proto",
        "id", "name", "tag", "jited", "new-netns", "new-netnsid", "new-ifindex",
        "netns-immutable", "addrgenmode", "numtxqueues", "numrxqueues", "gso_max_size",
        "gso_max_segs", "tso_max_size", "tso_max_segs", "gro_max_size", "gso_ipv4_max_size",
        "gro_ipv4_max_size", "portname", "portid", "switchid", "parentbus", "parentdev",
        "load_time", "created_by_uid", "NONE", "Deleted",
        *_ADDRESS_FLAGS, "temporary",
    }
)
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=10).filter(
    lambda w: not w.startswith("xdp")
)


def interface_names() -> st.SearchStrategy[str]:
    """Legal interface names without ``@`` (1-15 characters, ``. - _ ! #`` included)."""
    return (
        st.text(alphabet=_NAME_ALPHABET, min_size=1, max_size=15)
        .filter(lambda n: n not in (".", "..") and not n.startswith("xdp"))
        .filter(lambda n: n not in _KEYWORDS and not _looks_like_ifn(n))
    )


def _looks_like_ifn(name: str) -> bool:
    return name.startswith("if") and name[2:].isdigit()


def mac_addresses() -> st.SearchStrategy[MacAddress]:
    """Six-byte Ethernet addresses."""
    return st.binary(min_size=6, max_size=6).map(MacAddress)


_SCOPES = st.sampled_from([Scope.GLOBAL, Scope.LINK, Scope.HOST, Scope.SITE]) | st.integers(
    0, 255
).map(lambda n: Scope.of(str(n)))


@st.composite
def addresses(
    draw: st.DrawFn, *, family: Family | None = None, brief: bool = False, label: str = "eth0"
) -> Address:
    """One interface address; ``brief`` keeps only what ``ip -br addr`` shows."""
    fam = family if family is not None else draw(st.sampled_from([Family.INET, Family.INET6]))
    if fam is Family.INET:
        local: Any = draw(st.ip_addresses(v=4))
        bits = 32
    else:
        local = draw(st.ip_addresses(v=6))
        bits = 128
    prefixlen = draw(st.integers(0, bits))
    fields: dict[str, Any] = {"family": fam, "local": local, "prefixlen": prefixlen}
    if draw(st.booleans()) and draw(st.booleans()):
        fields["peer"] = draw(st.ip_addresses(v=4 if bits == 32 else 6))
    if draw(st.booleans()) and draw(st.booleans()):
        fields["metric"] = draw(st.integers(0, 2**32 - 1))
    if brief:
        return Address(**fields)
    if fam is Family.INET and draw(st.booleans()):
        network = ipaddress.ip_network(f"{local}/{prefixlen}", strict=False)
        fields["broadcast"] = network.broadcast_address
    fields["scope"] = draw(_SCOPES)
    flags = draw(st.lists(st.sampled_from(_ADDRESS_FLAGS), unique=True, max_size=3))
    if fam is Family.INET6 and draw(st.booleans()) and "secondary" not in flags:
        flags.append("temporary")
    fields["flags"] = tuple(flags)
    if draw(st.booleans()) and draw(st.booleans()):
        fields["protocol"] = draw(st.sampled_from(["kernel_lo", "kernel_ra", "kernel_ll", "77"]))
    if fam is Family.INET:
        fields["label"] = label
    if draw(st.booleans()):
        lifetimes = st.sampled_from([FOREVER]) | st.integers(0, 2**31 - 1)
        fields["valid_life_time"] = draw(lifetimes)
        fields["preferred_life_time"] = draw(lifetimes)
    return Address(**fields)


def ip_addr_forms() -> st.SearchStrategy[IpAddrForm]:
    """Every output form of ``ip addr`` / ``ip link`` that netfacts reads."""
    plain = st.builds(
        IpAddrForm,
        command=st.sampled_from(["addr", "link"]),
        style=st.sampled_from(["plain", "oneline"]),
        details=st.booleans(),
        stats=st.integers(0, 2),
        stats_layout=st.sampled_from(["A", "B"]),
    )
    filtered = st.builds(
        IpAddrForm, command=st.just("addr"), family=st.sampled_from(["inet", "inet6"])
    )
    oneline_addr = st.builds(
        IpAddrForm,
        command=st.just("addr"),
        style=st.just("oneline"),
        family=st.sampled_from([None, "inet", "inet6"]),
    )
    brief = st.builds(IpAddrForm, command=st.sampled_from(["addr", "link"]), style=st.just("brief"))
    return st.one_of(plain, filtered, oneline_addr, brief).map(_normalise_form)


def _normalise_form(form: IpAddrForm) -> IpAddrForm:
    """Drop option combinations the text cannot show (they would not survive a round trip)."""
    if form.style == "oneline" and form.command == "addr":
        return IpAddrForm(command="addr", style="oneline", family=form.family)
    if form.stats == 0:
        return IpAddrForm(
            command=form.command, style=form.style, family=form.family, details=form.details
        )
    return form


def _stats(draw: st.DrawFn, form: IpAddrForm) -> LinkStats:
    counter = st.integers(0, 2**63 - 1)
    rx: dict[str, int] = {}
    tx: dict[str, int] = {}
    for name in ("bytes", "packets", "errors", "dropped", "multicast"):
        rx[name] = draw(counter)
    rx["over_errors" if form.stats_layout == "A" else "missed_errors"] = draw(counter)
    for name in ("bytes", "packets", "errors", "dropped", "carrier_errors", "collisions"):
        tx[name] = draw(counter)
    if form.stats > 1:
        for name in ("length_errors", "crc_errors", "frame_errors", "fifo_errors"):
            rx[name] = draw(counter)
        rx["missed_errors" if form.stats_layout == "A" else "over_errors"] = draw(counter)
        for name in ("aborted_errors", "fifo_errors", "window_errors", "heartbeat_errors"):
            tx[name] = draw(counter)
        if draw(st.booleans()):
            tx["carrier_changes"] = draw(counter)
    if draw(st.booleans()):
        rx["compressed"] = draw(counter)
    return LinkStats(rx=RxStats(**rx), tx=TxStats(**tx))


_KINDS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "veth": (),
    "bridge": (("forward_delay", ("1500",)), ("stp_state", ("0",)), ("priority", ("32768",))),
    "vxlan": (("id", ("42",)), ("srcport", ("0", "0")), ("dstport", ("4789",)), ("udpcsum", ())),
    "macvlan": (("mode", ("bridge",)),),
    "tun": (("type", ("tap",)), ("pi", ("off",)), ("persist", ("on",))),
}


@st.composite
def _link(
    draw: st.DrawFn,
    form: IpAddrForm,
    name: str,
    ifindex: int,
    parents: list[str],
) -> Link:
    fields: dict[str, Any] = {"ifname": name}
    brief = form.style == "brief"
    oneline_addr = form.style == "oneline" and form.command == "addr"
    if not brief:
        fields["ifindex"] = ifindex
    if not oneline_addr:
        choice = draw(st.integers(0, 4))
        if choice == 1 and parents:
            fields["link"] = draw(st.sampled_from(parents))
        elif choice == 2 and form.family != "inet6":
            fields["link_index"] = draw(st.integers(1, 10_000))
        elif choice == 3 and form.family != "inet6":
            fields["link_index"] = 0
    if "@" in name and "link" not in fields and "link_index" not in fields and not oneline_addr:
        fields["link_index"] = draw(st.integers(1, 10_000))
    if oneline_addr:
        family = Family.of(form.family) if form.family else None
        fields["addresses"] = tuple(
            draw(st.lists(addresses(family=family, label=name), min_size=1, max_size=3))
        )
        return Link(**fields)
    fields["operstate"] = draw(st.sampled_from(list(OperState)))
    if not (brief and form.command == "addr"):  # -br addr prints no flags
        flags = draw(st.lists(st.sampled_from(_LINK_FLAGS), unique=True, max_size=5))
        fields["flags"] = tuple(flags)
    if brief:
        if form.command == "link":
            if draw(st.booleans()):
                fields["address"] = draw(mac_addresses())
        else:
            fields["addresses"] = tuple(
                draw(st.lists(addresses(brief=True), max_size=3))
            )
        return Link(**fields)
    fields["mtu"] = draw(st.integers(68, 65536))
    if form.family != "inet6":
        fields["qdisc"] = draw(st.sampled_from(["noqueue", "noop", "fq_codel", "mq", "htb"]))
        if draw(st.booleans()) and parents:
            fields["master"] = draw(st.sampled_from(parents))
        fields["group"] = draw(st.sampled_from(["default", "5"]))
    if form.command == "link":
        fields["linkmode"] = draw(st.sampled_from(["DEFAULT", "DORMANT"]))
    if draw(st.booleans()):
        fields["txqlen"] = draw(st.integers(1, 10_000))
    if draw(st.booleans()) and draw(st.booleans()):
        fields["xdp"] = Xdp(
            mode=draw(st.sampled_from(["xdp", "xdpgeneric", "xdpoffload"])),
            prog_id=draw(st.integers(1, 1000)) if form.command == "addr" else None,
        )
    if form.family is None:
        fields["link_type"] = "ether"
        fields["address"] = draw(mac_addresses())
        fields["broadcast"] = MacAddress(b"\xff" * 6)
    if form.family != "inet6" and draw(st.booleans()):
        if draw(st.booleans()):
            fields["link_netns"] = draw(_WORD)
        else:
            fields["link_netnsid"] = draw(st.integers(0, 100))
    if form.family is None and draw(st.booleans()) and draw(st.booleans()):
        fields["proto_down"] = True
    if form.details and form.family is None:
        fields["details"] = LinkDetails(
            promiscuity=draw(st.integers(0, 3)),
            allmulti=draw(st.integers(0, 3)),
            min_mtu=68,
            max_mtu=65535,
            inet6_addr_gen_mode=draw(st.sampled_from([None, "eui64", "stable_secret"])),
            num_tx_queues=draw(st.integers(1, 64)),
            num_rx_queues=draw(st.integers(1, 64)),
            gso_max_size=65536,
            gso_max_segs=65535,
        )
        if draw(st.booleans()):
            kind = draw(st.sampled_from(sorted(_KINDS)))
            slave = draw(st.booleans())
            fields["linkinfo"] = LinkInfo(
                kind=kind,
                attributes=_KINDS[kind],
                slave_kind="bridge" if slave else None,
                slave_attributes=(("state", ("forwarding",)), ("cost", ("2",))) if slave else (),
            )
    if form.command == "link" and draw(st.booleans()):
        fields["ifalias"] = draw(st.text(alphabet="abc def()-:", min_size=1, max_size=20)
                                 .map(str.strip).filter(bool))
    if form.family is None and draw(st.booleans()):
        fields["altnames"] = tuple(draw(st.lists(_WORD, unique=True, max_size=2)))
    if form.command == "addr":
        family = Family.of(form.family) if form.family else None
        fields["addresses"] = tuple(
            draw(st.lists(addresses(family=family, label=name), max_size=3))
        )
    if form.stats:
        fields["stats"] = _stats(draw, form)
    if draw(st.booleans()) and draw(st.booleans()):
        fields["extra"] = ((draw(_WORD.filter(lambda w: w not in _KEYWORDS)), "7"),)
    return Link(**fields)


@st.composite
def links(
    draw: st.DrawFn, *, form: IpAddrForm | None = None, min_size: int = 0, max_size: int = 6
) -> tuple[Link, ...]:
    """Interfaces with unique names and indexes, consistent with ``form``."""
    form = form if form is not None else IpAddrForm()
    plain_names = draw(st.lists(interface_names(), unique=True, min_size=min_size,
                                max_size=max_size))
    names = list(plain_names)
    if names and form.style != "oneline" and draw(st.booleans()):
        # A name with "@" (legal: mv@x); it must have a parent to be readable.
        at_name = f"{names[0]}@{draw(_WORD.filter(lambda w: w not in plain_names))}"
        if at_name not in names and len(at_name) <= 15:
            names[0] = at_name
    parents = [n for n in names if "@" not in n]
    result = []
    for index, name in enumerate(names, 1):
        others = [p for p in parents if p != name]
        result.append(draw(_link(form, name, index, others)))
    if form.family is not None and form.style != "oneline" and not any(
        link.addresses for link in result
    ):
        return ()
    return tuple(result)


@st.composite
def ip_addr_outputs(
    draw: st.DrawFn, *, form: IpAddrForm | None = None
) -> tuple[str, IpAddrOutput]:
    """``(text, output)``: ``ip addr``/``ip link`` text in some form and the model it shows."""
    chosen = form if form is not None else draw(ip_addr_forms())
    generated = draw(links(form=chosen))
    if not generated:
        chosen = IpAddrForm(command=chosen.command)  # empty output shows no form at all
    elif chosen.style == "oneline" and chosen.command == "addr":
        # ``ip -o -4 addr`` and ``ip -o addr`` of a host with IPv4 addresses only print
        # the same text; the family filter is whatever the addresses show.
        families = {a.family.value for link in generated for a in link.addresses}
        family = families.pop() if len(families) == 1 else None
        chosen = IpAddrForm(command="addr", style="oneline",
                            family="inet" if family == "inet" else "inet6" if family else None)
    output = IpAddrOutput(links=generated, form=chosen)
    return render_ip_addr(output), output


# ---------------------------------------------------------------- ip route / ip rule

_ROUTE_FLAG_ORDER = ("onlink", "linkdown", "offload", "trap", "dead")
_ENCAPS = (
    ("ip", ("id", "100", "src", "0.0.0.0", "dst", "192.168.70.2", "ttl", "10", "tos", "0")),
    ("seg6", ("mode", "encap", "segs", "1", "[", "2001:db8:50::1", "]")),
    ("mpls", ("100/200",)),
)
_PROTOCOLS = ("boot", "kernel", "static", "dhcp", "ra", "bird", "babel", "77")


@st.composite
def routes(draw: st.DrawFn, *, family: Literal[4, 6] | None = None, get: bool = False) -> Route:
    """One route as ``ip route`` can print it (``get`` adds a cache line)."""
    version: Literal[4, 6] = family if family is not None else draw(st.sampled_from([4, 6]))
    bits = 32 if version == 4 else 128
    address = draw(st.ip_addresses(v=version))
    prefixlen = draw(st.integers(0, bits))
    dst = ipaddress.ip_network(f"{address}/{prefixlen}", strict=False)
    fields: dict[str, Any] = {"dst": dst}
    fields["type"] = draw(st.sampled_from(list(RouteType)[:8]))
    multipath = not get and draw(st.booleans()) and draw(st.booleans())
    if multipath:
        fields["nexthops"] = tuple(
            Nexthop(gateway=draw(st.ip_addresses(v=version)), dev=draw(interface_names()),
                    weight=draw(st.integers(1, 256)),
                    flags=tuple(draw(st.lists(st.sampled_from(_ROUTE_FLAG_ORDER), unique=True,
                                              max_size=1))))
            for _ in range(draw(st.integers(2, 3)))
        )
    else:
        if draw(st.booleans()):
            if version == 4 and draw(st.booleans()) and draw(st.booleans()):
                fields["gateway"] = draw(st.ip_addresses(v=6))
                fields["via_family"] = "inet6"
            else:
                fields["gateway"] = draw(st.ip_addresses(v=version))
        fields["dev"] = draw(interface_names())
    if draw(st.booleans()) and draw(st.booleans()):
        kind, tokens = draw(st.sampled_from(_ENCAPS))
        fields["encap"] = Encap(type=kind, tokens=tokens)
    fields["table"] = draw(st.sampled_from(["main", "main", "local", "100"]))
    fields["protocol"] = draw(st.sampled_from(_PROTOCOLS))
    fields["scope"] = draw(st.sampled_from([Scope.GLOBAL, Scope.GLOBAL, Scope.LINK, Scope.HOST]))
    if draw(st.booleans()):
        fields["prefsrc"] = draw(st.ip_addresses(v=version))
    if version == 6 or draw(st.booleans()):
        fields["metric"] = draw(st.integers(0, 2**32 - 1))
    fields["flags"] = tuple(
        f for f in _ROUTE_FLAG_ORDER if draw(st.booleans()) and draw(st.booleans())
    )
    if draw(st.booleans()) and draw(st.booleans()):
        fields["realms"] = draw(st.sampled_from(["5", "1/2"]))
    if draw(st.booleans()) and draw(st.booleans()):
        fields["metrics"] = tuple(
            RouteMetric(name=name, value=value, lock=lock)
            for name, value, lock in draw(st.lists(
                st.sampled_from([("mtu", "1400", True), ("mtu", "1500", False),
                                 ("rtt", "20ms", False), ("advmss", "1360", False),
                                 ("initcwnd", "10", False)]),
                unique_by=lambda m: m[0], min_size=1, max_size=3))
        )
    if version == 6:
        fields["pref"] = draw(st.sampled_from(["medium", "low", "high"]))
        if draw(st.booleans()) and draw(st.booleans()):
            fields["expires"] = draw(st.integers(0, 100_000))
    if get:
        fields["uid"] = draw(st.integers(0, 65535))
        if version == 4:
            fields["cache"] = tuple(draw(st.lists(st.sampled_from(["local", "mc", "brd"]),
                                                  unique=True, max_size=2)))
    return Route(**fields)


@st.composite
def ip_route_outputs(draw: st.DrawFn) -> tuple[str, IpRouteOutput]:
    """``(text, output)`` pairs of ``ip route`` output in some form."""
    get = draw(st.booleans()) and draw(st.booleans())
    family: Literal[4, 6] | None = draw(st.sampled_from([None, 4, 6]))
    generated = tuple(draw(st.lists(routes(family=family, get=get), max_size=1 if get else 6)))
    details = draw(st.booleans()) and (
        any(r.type is RouteType.UNICAST for r in generated))
    form = IpRouteForm(
        family="inet6" if generated and all(r.family == 6 for r in generated) else None,
        details=details,
        oneline=draw(st.booleans()) and any(r.nexthops for r in generated),
        get=any(r.cache is not None for r in generated),
    )
    output = IpRouteOutput(routes=generated, form=form)
    return render_ip_route(output), output


@st.composite
def rules(draw: st.DrawFn) -> Rule:
    """One policy routing rule."""
    version: Literal[4, 6] = draw(st.sampled_from([4, 6]))

    def prefix() -> Any:
        address = draw(st.ip_addresses(v=version))
        length = draw(st.integers(0, 32 if version == 4 else 128))
        return ipaddress.ip_interface(f"{address}/{length}")

    fields: dict[str, Any] = {"priority": draw(st.integers(0, 2**32 - 1))}
    if draw(st.booleans()):
        fields["src"] = prefix()
    if draw(st.booleans()):
        fields["dst"] = prefix()
    if draw(st.booleans()):
        fields["fwmark"] = draw(st.sampled_from(["0x10", "0x1"]))
        if draw(st.booleans()):
            fields["fwmask"] = "0xff"
    if draw(st.booleans()):
        fields["iif"] = draw(interface_names())
    if draw(st.booleans()) and draw(st.booleans()):
        fields["uidrange"] = (1000, 2000)
    if draw(st.booleans()):
        fields["action"] = draw(st.sampled_from(["unreachable", "prohibit", "blackhole"]))
    else:
        fields["table"] = draw(st.sampled_from(["main", "local", "default", "100"]))
    if draw(st.booleans()) and draw(st.booleans()):
        fields["protocol"] = draw(st.sampled_from(["kernel", "static", "boot"]))
    return Rule(**fields)


@st.composite
def ip_rule_outputs(draw: st.DrawFn) -> tuple[str, IpRuleOutput]:
    """``(text, output)`` pairs of ``ip rule`` output."""
    output = IpRuleOutput(rules=tuple(draw(st.lists(rules(), max_size=6))))
    return render_ip_rule(output), output


from netfacts.testing._strategies_neigh import (  # noqa: E402
    arp_outputs,
    ip_neigh_outputs,
    neighbours,
    proc_net_arp_outputs,
    sysctl_outputs,
)

__all__ += ["arp_outputs", "ip_neigh_outputs", "neighbours", "proc_net_arp_outputs",
            "sysctl_outputs"]

from netfacts.testing._strategies_sockets import (  # noqa: E402
    netstat_forms,
    netstat_outputs,
    netstat_routes,
    netstat_sockets,
    program_names,
    sockets,
    ss_forms,
    ss_outputs,
    ss_sockets,
)

__all__ += ["netstat_forms", "netstat_outputs", "netstat_routes", "netstat_sockets",
            "program_names", "sockets", "ss_forms", "ss_outputs", "ss_sockets"]

from netfacts.testing._strategies_iptables import (  # noqa: E402
    iptables_outputs,
    iptables_rules,
    iptables_save_outputs,
    services,
)

__all__ += ["iptables_outputs", "iptables_rules", "iptables_save_outputs", "services"]

from netfacts.testing._strategies_ipvsadm import ipvs_services, ipvsadm_outputs  # noqa: E402
from netfacts.testing._strategies_nft import nft_outputs, nft_rules, nft_tables  # noqa: E402

__all__ += ["ipvs_services", "ipvsadm_outputs", "nft_outputs", "nft_rules", "nft_tables"]
