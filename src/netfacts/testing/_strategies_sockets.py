"""Hypothesis strategies for sockets and for ``netstat`` / ``ss`` output.

Same conventions as :mod:`netfacts.testing.strategies`: plural nouns for models
(:func:`sockets`, :func:`netstat_routes`), ``*_outputs`` for ``(text, model)`` pairs drawn
by generating the model and rendering it, keyword-only options.  Generated models keep to
what the text can express, so that parsing the text gives the model back:

* netstat: ``PID/name`` fits in 19 characters and does not end in a space; without
  ``-W`` an ``ADDR:PORT`` longer than 22 characters is generated already cut and marked
  truncated, as netstat prints it; a program's ``truncated`` flag is what its length says;
  timers have netstat's 1/100 s resolution.
* ss: UNIX paths may contain spaces but no word of digits only (the inode after the path
  is what ends it); process names hold no ``)``; timer times are values ss can print.

Parse generated netstat text with the form's hint, ``parse_netstat(text, wide=form.wide)``
(``-W`` is visible in the text only when some address is longer than 23 characters).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from hypothesis import strategies as st

from netfacts.models.netstat import (
    IfconfigAddress,
    IfconfigInterface,
    MulticastGroup,
    NetstatForm,
    NetstatInterface,
    NetstatOutput,
    NetstatRoute,
    NetstatSample,
    NetstatSection,
    StatEntry,
    StatSection,
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
from netfacts.models.ss import SsForm, SsOutput, SsSummary, SsTransport
from netfacts.parsers.ss import parse_timer_text
from netfacts.renderers.netstat import endpoint_text, render_netstat
from netfacts.renderers.ss import format_timer_ms, render_ss

__all__ = [
    "netstat_forms",
    "netstat_outputs",
    "netstat_routes",
    "netstat_sockets",
    "program_names",
    "sockets",
    "ss_forms",
    "ss_outputs",
    "ss_sockets",
]

_TCP_STATES = [s for s in TcpState if s is not TcpState.NEW_SYN_RECV]
_HOSTS = ["localhost", "gr-host", "gateway.example.net", "db-1", "[UNKNOWN]"]
_SERVICES = ["ssh", "http", "https", "domain", "postgresql", "http-alt"]
_NAME_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789-_./: @[]"


def program_names(*, max_size: int = 15, ss: bool = False) -> st.SearchStrategy[str]:
    """argv[0]-like (netstat) or comm-like (``ss=True``) process names, spaces included."""
    alphabet = _NAME_ALPHABET + (",(\"" if ss else "")
    return (
        st.text(alphabet=alphabet, min_size=1, max_size=max_size)
        .map(lambda name: " ".join(name.split()) if not ss else name.strip())
        .filter(lambda name: bool(name) and "  " not in name)
        .filter(lambda name: not name.startswith("-") and "(" not in name[:1])
    )


def _ipv4() -> st.SearchStrategy[Any]:
    return st.ip_addresses(v=4) | st.sampled_from(
        [ipaddress.IPv4Address("0.0.0.0"), ipaddress.IPv4Address("127.0.0.1")])


def _ipv6() -> st.SearchStrategy[Any]:
    return st.ip_addresses(v=6) | st.sampled_from([
        ipaddress.IPv6Address("::"), ipaddress.IPv6Address("::1"),
        ipaddress.IPv6Address("fe80::ff:fe00:500a"),
        ipaddress.IPv6Address("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1"),
        ipaddress.IPv6Address("::ffff:127.0.0.1"),
    ])


_PORTS = st.integers(1, 65535) | st.none() | st.sampled_from(_SERVICES)


@st.composite
def _netstat_endpoint(draw: st.DrawFn, six: bool, wide: bool) -> Endpoint:
    choice = draw(st.integers(0, 9))
    address: Any
    if choice == 0:
        address = draw(st.sampled_from(_HOSTS))
    elif choice == 1:
        address = None
    else:
        address = draw(_ipv6() if six else _ipv4())
    port = draw(_PORTS)
    endpoint = Endpoint(address=address, port=port)
    text = endpoint_text(endpoint)
    if len(text) < 23 or (wide and not (len(text) == 23 and isinstance(address, str))):
        return endpoint
    if wide:  # a 23-character field holding no address reads as cut even under -W
        return Endpoint(address=address, port=port, truncated=True)
    port_text = "*" if port is None else str(port)
    if len(port_text) > 18:
        port_text = port_text[:18]
    cut = text.rsplit(":", 1)[0][: 22 - len(port_text)]
    port_value: Any = None if port_text == "*" else (
        int(port_text) if port_text.isdigit() else port_text)
    return Endpoint(address=cut, port=port_value, truncated=True)


@st.composite
def _netstat_process(draw: st.DrawFn) -> tuple[SocketProcess, ...]:
    if draw(st.integers(0, 5)) == 0:
        return ()
    pid = draw(st.integers(1, 4_194_304))
    room = 19 - len(str(pid)) - 1
    name = draw(program_names(max_size=max(room, 1)))[:room].rstrip()
    value = f"{pid}/{name}"
    return (SocketProcess(name=name, pid=pid, truncated=len(value) >= 18),)


def _netstat_timer() -> st.SearchStrategy[Timer]:
    return st.builds(
        Timer,
        name=st.sampled_from(["off", "on", "keepalive", "timewait", "probe", "on1"]),
        expires_ms=st.integers(0, 10_000_000).map(lambda ms: ms - ms % 10),
        retransmits=st.integers(0, 20),
        probes=st.integers(0, 9),
    )


@st.composite
def netstat_sockets(
    draw: st.DrawFn,
    *,
    columns: tuple[str, ...] = ("program",),
    wide: bool = False,
    unix: bool | None = None,
) -> Socket:
    """One netstat socket row's model (an Internet row, or a UNIX row with ``unix=True``)."""
    if unix is None:
        unix = draw(st.booleans())
    processes = draw(_netstat_process()) if "program" in columns else ()
    if unix:
        flags = tuple(f for f in ("ACC", "W", "N") if draw(st.booleans()))
        kind = draw(st.sampled_from(["STREAM", "DGRAM", "SEQPACKET"]))
        path = draw(st.none() | st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-/",
                                        min_size=1, max_size=30).map(lambda p: "/" + p)
                    | st.just("@gr/abstract-sshd"))
        unix_state = draw(st.sampled_from([TcpState.LISTEN, TcpState.ESTABLISHED,
                                           TcpState.CLOSE, TcpState.SYN_SENT, TcpState.UNKNOWN]))
        return Socket(
            proto="unix", state=unix_state, inode=draw(st.none() | st.integers(0, 2**40)),
            processes=processes,
            unix=UnixInfo(type=kind, path=path, refcnt=draw(st.integers(0, 99)), flags=flags),
        )
    proto = draw(st.sampled_from(["tcp", "tcp6", "udp", "udp6", "raw", "raw6", "udpl"]))
    six = proto.endswith("6")
    kind = proto.rstrip("6")
    if kind == "tcp":
        state: TcpState = draw(st.sampled_from(_TCP_STATES))
    elif kind in ("udp", "udpl"):
        state = draw(st.sampled_from([TcpState.CLOSE, TcpState.ESTABLISHED, TcpState.UNKNOWN]))
    else:
        state = draw(st.sampled_from([TcpState.CLOSE, TcpState.ESTABLISHED, TcpState.LISTEN]))
    fields: dict[str, Any] = {}
    if "user" in columns:
        fields["user"] = draw(st.sampled_from(["root", "0", "65534", "nobody", "postgres"]))
        fields["inode"] = draw(st.integers(0, 2**40))
    if "timer" in columns:
        fields["timer"] = draw(_netstat_timer())
    return Socket(
        proto=proto, state=state,
        recv_q=draw(st.integers(0, 10**7)), send_q=draw(st.integers(0, 10**7)),
        local=draw(_netstat_endpoint(six, wide)), peer=draw(_netstat_endpoint(six, wide)),
        processes=processes, **fields,
    )


def sockets() -> st.SearchStrategy[Socket]:
    """Sockets of either tool (netstat and ss rows, every kind)."""
    return netstat_sockets() | ss_sockets()


# ---------------------------------------------------------------- netstat's other sections


@st.composite
def netstat_routes(draw: st.DrawFn, *, family: str = "inet",
                   columns: tuple[str, ...] = ("mss", "window", "irtt")) -> NetstatRoute:
    """One ``netstat -r`` row (``family="inet6"`` for ``-6 -r``)."""
    if family == "inet6":
        network = draw(st.ip_addresses(v=6).flatmap(
            lambda a: st.integers(0, 128).map(
                lambda n: ipaddress.IPv6Network(f"{a}/{n}", strict=False))))
        return NetstatRoute(
            family="inet6", destination=network, gateway=draw(_ipv6()),
            flags=draw(st.sampled_from(["U", "UG", "!n", "Un", "UGe"])),
            metric=draw(st.integers(-1, 2**31 - 1)), ref=draw(st.integers(0, 99)),
            use=draw(st.integers(0, 10**6)), iface=draw(st.sampled_from(["eth0", "lo", "br0"])),
        )
    reject = draw(st.integers(0, 6)) == 0
    values: dict[str, Any] = {name: None if reject and name != "metric" else
                              draw(st.integers(0, 65535)) for name in columns}
    if reject and "metric" in values:
        values["metric"] = draw(st.integers(0, 999))
    iface = None if reject else draw(st.sampled_from(["eth0", "br0", "*", "tun0"]))
    truncated: tuple[str, ...] = ()
    if iface is not None and "mss" in columns and "metric" in columns and len(iface) >= 6:
        truncated = ("iface",)
    destination: Any = draw(_ipv4() | st.just("default"))
    return NetstatRoute(
        family="inet", destination=destination,
        gateway=None if reject else draw(_ipv4() | st.just("*")),
        genmask=draw(_ipv4()), flags="!" if reject else draw(st.sampled_from(["U", "UG", "UGH"])),
        iface=iface, truncated=truncated, **values,
    )


@st.composite
def _netstat_interface(draw: st.DrawFn, legacy: bool) -> NetstatInterface:
    width = 5 if legacy else 15
    name = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.:-", min_size=1,
                        max_size=width))
    counters = {name: draw(st.integers(0, 10**9)) for name in (
        "rx_ok", "rx_err", "rx_drp", "rx_ovr", "tx_ok", "tx_err", "tx_drp", "tx_ovr")}
    if draw(st.integers(0, 6)) == 0:
        counters = {}
    return NetstatInterface(
        name=name, mtu=draw(st.integers(68, 65536)),
        metric=draw(st.integers(0, 9)) if legacy else None,
        flags=draw(st.sampled_from(["BMRU", "LRU", "BMPRU", "MOPU", "BMU"])),
        truncated=legacy and len(name) >= 5, **counters,
    )


@st.composite
def _ifconfig_interface(draw: st.DrawFn, legacy: bool) -> IfconfigInterface:
    name = draw(st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-", min_size=1,
                        max_size=9 if legacy else 15))
    addresses = []
    if draw(st.booleans()):
        addresses.append(IfconfigAddress(
            family="inet", address=draw(_ipv4()), netmask=draw(_ipv4()),
            broadcast=draw(st.none() | _ipv4()),
        ))
    for address in draw(st.lists(_ipv6(), max_size=2)):
        scope = draw(st.sampled_from(["link", "global", "host"]))
        scopeid = None if legacy else {"link": 0x20, "global": 0, "host": 0x10}[scope]
        addresses.append(IfconfigAddress(family="inet6", address=address,
                                         prefixlen=draw(st.integers(0, 128)), scope=scope,
                                         scopeid=scopeid))
    counters: dict[str, Any] = {key: draw(st.integers(0, 10**12)) for key in (
        "rx_packets", "rx_bytes", "rx_errors", "rx_dropped", "rx_overruns", "rx_frame",
        "tx_packets", "tx_bytes", "tx_errors", "tx_dropped", "tx_overruns", "tx_carrier",
        "collisions")}
    flags = tuple(f for f in ("UP", "BROADCAST", "RUNNING", "MULTICAST") if draw(st.booleans()))
    if legacy:
        return IfconfigInterface(
            name=name, flags=flags, mtu=draw(st.integers(68, 65536)), metric=1,
            encap=draw(st.sampled_from(["Ethernet", "Local Loopback", "UNSPEC"])),
            hwaddr=draw(st.none() | st.just("02:00:00:00:50:0A")),
            txqueuelen=draw(st.integers(0, 10000)), addresses=tuple(addresses),
            truncated=len(name) >= 9, **counters,
        )
    return IfconfigInterface(
        name=name, flags=flags, flags_value=draw(st.integers(0, 70000)),
        mtu=draw(st.integers(68, 65536)), link_type=draw(st.sampled_from(["ether", "loop"])),
        hwaddr=draw(st.none() | st.just("02:00:00:00:50:0a")),
        txqueuelen=draw(st.integers(0, 10000)),
        encap=draw(st.sampled_from(["Ethernet", "Local Loopback"])),
        addresses=tuple(addresses), **counters,
    )


_SENTENCES = ["{} total packets received", "{} forwarded", "Quick ack mode was activated {} times",
              "{} segments retransmitted", "{} packets pruned from receive queue"]


@st.composite
def _stat_section(draw: st.DrawFn) -> StatSection:
    name = draw(st.sampled_from(["Ip", "Icmp", "IcmpMsg", "Tcp", "Udp", "TcpExt", "Ip6"]))
    entries = []
    for _ in range(draw(st.integers(0, 5))):
        group = draw(st.none() | st.just("ICMP input histogram"))
        value = draw(st.integers(0, 10**9))
        if draw(st.booleans()):
            sentence = draw(st.sampled_from(_SENTENCES))
            key = " ".join(sentence.replace("{}", " ").split())
            entries.append(StatEntry(key=key, value=value, sentence=sentence, group=group))
        else:
            key = draw(st.sampled_from(["Forwarding", "InType3", "TCPTimeouts",
                                        "destination unreachable"]))
            entries.append(StatEntry(key=key, value=value, group=group))
    # a sub-heading only groups the entries right after it
    ordered = sorted(entries, key=lambda e: e.group is not None)
    return StatSection(name=name, entries=tuple(ordered))


@st.composite
def _group(draw: st.DrawFn) -> MulticastGroup:
    iface = draw(st.sampled_from(["lo", "eth0", "br0", "vxlan42", "abcdefghijklmno"]))
    return MulticastGroup(interface=iface, refcnt=draw(st.integers(0, 99)),
                          group=draw(st.sampled_from([ipaddress.ip_address("224.0.0.1"),
                                                      ipaddress.ip_address("ff02::1")])),
                          truncated=len(iface) >= 15 or len(iface) == 10)


_TITLES = ("servers and established", "only servers", "w/o servers")
_INET_COLUMNS = [(), ("program",), ("user", "inode"), ("user", "inode", "program"), ("timer",),
                 ("program", "timer"), ("user", "inode", "program", "timer")]
_ROUTE_COLUMNS = [("mss", "window", "irtt"), ("metric", "ref", "use"),
                  ("metric", "ref", "use", "mss", "window", "irtt")]


def netstat_forms() -> st.SearchStrategy[NetstatForm]:
    """Every output form of netstat that netfacts reads (one mode per form)."""

    @st.composite
    def sockets_form(draw: st.DrawFn) -> NetstatForm:
        title = draw(st.sampled_from(_TITLES))
        columns = draw(st.sampled_from(_INET_COLUMNS))
        legacy = draw(st.booleans()) and "program" in columns
        sections = []
        if draw(st.booleans()):
            sections.append(NetstatSection(
                kind="inet", title=f"Active Internet connections ({title})",
                columns=columns, legacy=legacy))
        if draw(st.booleans()) or not sections:
            program = ("program",) if draw(st.booleans()) else ()
            sections.append(NetstatSection(
                kind="unix", title=f"Active UNIX domain sockets ({title})",
                columns=program, legacy=draw(st.booleans())))
        return NetstatForm(sections=tuple(sections), wide=draw(st.booleans()),
                           continuous=draw(st.integers(0, 5)) == 0)

    other = st.one_of(
        st.sampled_from(_ROUTE_COLUMNS).map(lambda c: NetstatForm(sections=(NetstatSection(
            kind="route", title="Kernel IP routing table", columns=c),))),
        st.just(NetstatForm(sections=(NetstatSection(kind="route6",
                                                     title="Kernel IPv6 routing table"),))),
        st.booleans().map(lambda legacy: NetstatForm(sections=(NetstatSection(
            kind="interfaces", title="Kernel Interface table",
            columns=("met",) if legacy else (), legacy=legacy),))),
        st.booleans().map(lambda legacy: NetstatForm(sections=(NetstatSection(
            kind="ifconfig", title="Kernel Interface table", legacy=legacy),))),
        st.just(NetstatForm(sections=(NetstatSection(kind="statistics"),))),
        st.just(NetstatForm(sections=(NetstatSection(
            kind="groups", title="IPv6/IPv4 Group Memberships"),))),
    )
    return sockets_form() | other


@st.composite
def _sample(draw: st.DrawFn, form: NetstatForm) -> NetstatSample:
    socket_list: list[Socket] = []
    values: dict[str, Any] = {}
    for section in form.sections:
        kind = section.kind
        if kind == "inet":
            socket_list += draw(st.lists(netstat_sockets(
                columns=section.columns, wide=form.wide, unix=False), max_size=6))
        elif kind == "unix":
            socket_list += draw(st.lists(netstat_sockets(
                columns=section.columns, unix=True), max_size=4))
        elif kind == "route":
            values["routes"] = tuple(draw(st.lists(netstat_routes(columns=section.columns),
                                                   max_size=5)))
        elif kind == "route6":
            values["routes"] = tuple(draw(st.lists(netstat_routes(family="inet6"),
                                                   max_size=5)))
        elif kind == "interfaces":
            values["interfaces"] = tuple(draw(st.lists(_netstat_interface(section.legacy),
                                                       max_size=5)))
        elif kind == "ifconfig":
            # an empty -ie prints only the title, which reads as an empty -i table
            values["interfaces"] = tuple(draw(st.lists(_ifconfig_interface(section.legacy),
                                                       min_size=1, max_size=3)))
        elif kind == "statistics":
            sections = draw(st.lists(_stat_section(), min_size=1, max_size=4,
                                     unique_by=lambda s: s.name))
            values["statistics"] = tuple(sections)
        elif kind == "groups":
            values["groups"] = tuple(draw(st.lists(_group(), max_size=5)))
    return NetstatSample(sockets=tuple(socket_list), **values)


@st.composite
def netstat_outputs(
    draw: st.DrawFn, *, form: NetstatForm | None = None
) -> tuple[str, NetstatOutput]:
    """``(text, output)``: netstat text in some form and the model it shows."""
    chosen = form if form is not None else draw(netstat_forms())
    count = draw(st.integers(2, 3)) if chosen.continuous else 1
    samples = tuple(draw(_sample(chosen)) for _ in range(count))
    output = NetstatOutput(samples=samples, form=chosen)
    return render_netstat(output), output


# ---------------------------------------------------------------- ss


def _timer_ms() -> st.SearchStrategy[int | None]:
    """Times ss can print exactly (what its print_ms_timer keeps)."""
    return st.none() | st.integers(1, 10**7).map(
        lambda ms: parse_timer_text(format_timer_ms(ms)))


_TCP_INFO_KEYS = ["rto", "rtt", "mss", "cwnd", "wscale", "bytes_acked", "lastsnd", "minrtt",
                  "bbr", "rcv_space", "segs_out", "delivered", "retrans"]
_TCP_INFO_WORDS = ["ts", "sack", "bbr", "cubic", "app_limited", "ecn"]


@st.composite
def _ss_extensions(draw: st.DrawFn, kind: str) -> SsExtensions | None:
    if draw(st.integers(0, 3)) == 0:
        return None
    values: dict[str, Any] = {}
    if draw(st.booleans()):
        values["uid"] = draw(st.integers(1, 2**31))
    if draw(st.booleans()):
        values["cookie"] = draw(st.integers(0, 2**32).map(lambda n: f"{n:x}"))
    if draw(st.booleans()):
        values["cgroup"] = draw(st.sampled_from(["/system.slice/nginx.service", "/",
                                                 "unreachable:1"]))
    if kind == "inet" and draw(st.booleans()):
        values["v6only"] = draw(st.booleans())
    if draw(st.booleans()):
        values["shutdown"] = draw(st.sampled_from(["<->", "-->", "<--", "---"]))
    if kind == "unix" and draw(st.booleans()):
        values["vfs_inode"] = draw(st.integers(0, 2**32))
        values["vfs_dev"] = "0/65024"
        if draw(st.booleans()):
            values["peers"] = tuple(draw(st.lists(st.integers(0, 2**32), max_size=3)))
    if kind == "nl":
        values["netlink"] = (("sk", "0"), ("cb", "0"), ("groups", "0x00000000"))
    if draw(st.booleans()):
        values["skmem"] = tuple((name, draw(st.integers(0, 2**31))) for name in
                                ("r", "rb", "t", "tb", "f", "w", "o", "bl", "d"))
    if kind == "inet" and draw(st.booleans()):
        info: list[tuple[str, str | None]] = []
        for _ in range(draw(st.integers(1, 6))):
            if draw(st.booleans()):
                info.append((draw(st.sampled_from(_TCP_INFO_WORDS)), None))
            elif draw(st.booleans()):
                info.append((draw(st.sampled_from(["send", "pacing_rate", "delivery_rate"])),
                             f"{draw(st.integers(0, 10**12))}bps"))
            else:
                info.append((draw(st.sampled_from(_TCP_INFO_KEYS)),
                             draw(st.sampled_from(["204", "0.389/0.766", "10,10", "1/8",
                                                   "(bw:0bps,mrtt:0.01)"]))))
        values["tcp_info"] = tuple(info)
    return SsExtensions(**values) if values else None


@st.composite
def _ss_endpoint(draw: st.DrawFn) -> Endpoint:
    address: Any = draw(st.none() | _ipv4() | _ipv6() | st.sampled_from(["localhost"]))
    interface = draw(st.none() | st.sampled_from(["eth0", "br0"])) if draw(st.booleans()) \
        else None
    port = draw(st.integers(1, 65535) | st.none() | st.sampled_from(_SERVICES))
    return Endpoint(address=address, port=port, interface=interface)


_PATH_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789._-", min_size=1,
                     max_size=8).filter(lambda w: not w.isdigit())


@st.composite
def ss_sockets(draw: st.DrawFn, *, netid: bool = True, state: bool = True,
               kinds: tuple[str, ...] = ("tcp", "udp", "raw", "u_str", "u_dgr", "u_seq",
                                         "nl")) -> Socket:
    """One ss row's model; ``netid``/``state`` False for outputs without those columns."""
    kind = draw(st.sampled_from(kinds))
    processes = tuple(
        SocketProcess(name=draw(program_names(ss=True)), pid=draw(st.integers(1, 4_194_304)),
                      fd=draw(st.integers(0, 1024)))
        for _ in range(draw(st.integers(0, 2)))
    )
    socket_state = draw(st.sampled_from(_TCP_STATES)) if state else None
    queues: dict[str, Any] = {"recv_q": draw(st.integers(0, 10**7)),
                              "send_q": draw(st.integers(0, 10**7))}
    timer = None
    if kind == "tcp" and draw(st.booleans()):
        timer = Timer(name=draw(st.sampled_from(["on", "keepalive", "timewait", "persist"])),
                      expires_ms=draw(_timer_ms()), retransmits=draw(st.integers(0, 20)))
    if kind.startswith("u_"):
        path = draw(st.none() | st.lists(_PATH_WORD, min_size=1, max_size=3).map(
            lambda words: "/run/" + " ".join(words)) | st.just("@gr/abstract-sshd"))
        unix_type = {"u_str": "STREAM", "u_dgr": "DGRAM", "u_seq": "SEQPACKET"}[kind]
        return Socket(
            proto=kind if netid else None, state=socket_state, processes=processes,
            inode=draw(st.integers(0, 2**32)), timer=timer,
            unix=UnixInfo(type=unix_type if netid else None, path=path,
                          peer_inode=draw(st.integers(0, 2**32))),
            ss=draw(_ss_extensions("unix")), **queues,
        )
    if kind == "nl":
        local = Endpoint(address=draw(st.sampled_from(["0", "4", "rtnl", "9"])),
                         port=draw(st.integers(0, 2**31) | st.just("kernel")))
        return Socket(proto="nl" if netid else None, state=socket_state, local=local,
                      peer=Endpoint(), processes=processes, ss=draw(_ss_extensions("nl")),
                      **queues)
    inode = draw(st.none() | st.integers(0, 2**32))
    return Socket(
        proto=kind if netid else None, state=socket_state, local=draw(_ss_endpoint()),
        peer=draw(_ss_endpoint()), processes=processes, inode=inode, timer=timer,
        ss=draw(_ss_extensions("inet")), **queues,
    )


def ss_forms() -> st.SearchStrategy[SsForm]:
    """Every column layout of ss (and ``ss -s``)."""
    listing = st.builds(SsForm, netid_column=st.booleans(), state_column=st.booleans(),
                        header=st.booleans(), process_header=st.booleans())
    return listing.map(lambda f: f if f.header else SsForm(
        netid_column=f.netid_column, state_column=f.state_column, header=False,
        process_header=False)) | st.just(SsForm(summary=True))


@st.composite
def _summary(draw: st.DrawFn) -> SsSummary:
    old = draw(st.booleans())
    names = ["RAW", "UDP", "TCP", "INET", "FRAG"]
    counts = st.integers(0, 10**6)
    transports = [SsTransport(name="*", total=draw(counts))] if old else []
    transports += [SsTransport(name=n, total=draw(counts), ip=draw(counts), ipv6=draw(counts))
                   for n in names]
    tcp = [("estab", str(draw(counts))), ("closed", str(draw(counts))),
           ("orphaned", str(draw(counts)))]
    tcp.append(("timewait", f"{draw(counts)}/0" if old else str(draw(counts))))
    return SsSummary(total=draw(counts), kernel=draw(counts) if old else None,
                     tcp_total=draw(counts), tcp=tuple(tcp),
                     ports=draw(counts) if old else None, transports=tuple(transports))


@st.composite
def ss_outputs(draw: st.DrawFn, *, form: SsForm | None = None) -> tuple[str, SsOutput]:
    """``(text, output)``: ss text in some form and the model it shows.

    Without a Netid column every socket is of one kind (what one selected table prints)
    and its ``proto`` is None, as :func:`~netfacts.parsers.ss.parse_ss` reads it without a
    ``netid`` hint.
    """
    chosen = form if form is not None else draw(ss_forms())
    if chosen.summary:
        output = SsOutput(summary=draw(_summary()), form=chosen)
        return render_ss(output), output
    kinds: tuple[str, ...] = ("tcp", "udp", "raw", "u_str", "u_dgr", "u_seq", "nl")
    if not chosen.netid_column:
        kinds = (draw(st.sampled_from(["tcp", "udp", "u_str"])),)
    generated = tuple(draw(st.lists(ss_sockets(netid=chosen.netid_column,
                                               state=chosen.state_column, kinds=kinds),
                                    max_size=6)))
    if not generated and not chosen.header:
        chosen = SsForm()  # an empty -H output shows no form at all
    output = SsOutput(sockets=generated, form=chosen)
    return render_ss(output), output
