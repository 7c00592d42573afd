"""netstat corpus captures (net-tools 1.60, 2.10, HEAD): every mode parses, and the facts of
``fixtures/corpus/MANIFEST.txt`` come out as typed values.

Also: regressions for every netstat failure of jc listed in ``PEER-jc.md``, and strict-mode
errors with their message, line and column.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

from conftest import CORPUS
from netfacts.errors import ParseError, Severity
from netfacts.jsonio.netstat import netstat_to_json, socket_to_netstat_json
from netfacts.models.netstat import IfconfigInterface, NetstatOutput
from netfacts.models.socket import Socket, TcpState, Timer
from netfacts.parsers.netstat import parse_netstat, sniff

CAPTURES = sorted(
    p for p in [*CORPUS.glob("netstat-*.txt"), *CORPUS.glob("far_netstat-*.txt")]
    if not p.name.endswith(".stderr.txt")
)
WARNINGS_ALLOWED = ("netstat printed a 23-character address field", "skipped netstat's usage")


def parse(name: str, **hints: object) -> NetstatOutput:
    path = CORPUS / name
    out = parse_netstat(path.read_text(), source=name, wide="-W" in name, **hints)
    assert [d for d in out.diagnostics if d.severity is Severity.ERROR] == []
    return out


def sock(out: NetstatOutput, local: str, foreign: str | None = None) -> Socket:
    """The socket whose printed local (and foreign) field is this text."""
    from netfacts.renderers.netstat import endpoint_text

    found = [s for s in out.sockets if s.local is not None and endpoint_text(s.local) == local
             and (foreign is None or endpoint_text(s.peer) == foreign)]
    assert len(found) == 1, (local, foreign, len(found))
    return found[0]


def test_the_corpus_has_all_versions() -> None:
    versions = {p.name.split("__")[0] for p in CAPTURES}
    assert {"netstat-1.60", "netstat-2.10", "netstat-HEAD", "far_netstat-2.10"} <= versions
    assert len(CAPTURES) >= 80


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_every_capture_parses_without_errors(path: Path) -> None:
    text = path.read_text()
    out = parse_netstat(text, source=path.name, wide="-W" in path.name)
    for diagnostic in out.diagnostics:
        assert diagnostic.severity is Severity.WARNING, diagnostic.render()
        assert diagnostic.message.startswith(WARNINGS_ALLOWED), diagnostic.render()
    records = sum(len(s.sockets) + len(s.routes) + len(s.interfaces) + len(s.statistics)
                  + len(s.groups) for s in out.samples)
    if text.strip() and not path.name.startswith("far_netstat-2.10__-anp"):
        assert records > 0
    assert sniff(text.splitlines()[:40]) is not None or not text.strip()
    json.dumps(netstat_to_json(out))


# ------------------------------------------------------------ Internet sockets


def test_truncated_address_is_kept_as_text_and_marked() -> None:
    out = parse("netstat-2.10__-anp.txt")
    listener = sock(out, "2001:db8:aaaa:bbbb::443", ":::*")
    assert listener.local is not None
    assert listener.local.truncated and listener.local.address == "2001:db8:aaaa:bbbb:"
    assert listener.local.port == 443 and listener.local.ip is None
    client = sock(out, "2001:db8:aaaa:bbb:34284")
    assert client.local is not None and client.local.address == "2001:db8:aaaa:bbb"
    assert client.peer is not None and client.peer.truncated
    # "fe80::ff:fe00:500a:8081" is 23 characters too: complete, but netstat cannot say so
    link_local = sock(out, "fe80::ff:fe00:500a:8081", ":::*")
    assert link_local.local is not None and link_local.local.truncated
    item = netstat_to_json(out)["sockets"][out.sockets.index(listener)]
    assert item["local_address"] == "2001:db8:aaaa:bbbb:"
    assert item["local_address_truncated"] is True and item["local_port"] == 443
    warnings = [d for d in out.diagnostics if d.severity is Severity.WARNING]
    assert [(d.line, d.column) for d in warnings] == [(15, 21)]


def test_wide_output_has_the_whole_address() -> None:
    out = parse("netstat-2.10__-W_-anp.txt")
    assert out.form.wide
    listener = sock(out, "2001:db8:aaaa:bbbb:cccc:dddd:eeee:1:443", ":::*")
    assert listener.local is not None and not listener.local.truncated
    assert listener.local.address == ipaddress.ip_address("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1")
    assert out.diagnostics == ()


def test_names_are_cut_too() -> None:
    out = parse("netstat-2.10__-tlp.txt")
    https = sock(out, "2001:db8:aaaa:bbb:https")
    assert https.local is not None and https.local.truncated and https.local.port == "https"
    http = next(s for s in out.sockets if s.local_port == "http")
    assert http.proto == "tcp6" and http.local_address == ipaddress.ip_address("::")
    assert sock(out, "localhost:postgresql", "0.0.0.0:*").local_address == "localhost"


def test_program_column_rules_of_each_version() -> None:
    """argv[0] cut to 19 characters with the pid: 2.10 keeps a relative argv[0] whole
    (spaces and colons included), 1.60 keeps what follows the last '/'."""
    v210 = {s.pid: s.processes[0] for s in parse("netstat-2.10__-anp.txt").sockets
            if s.processes}
    assert v210[10079].name == "sshd: /usr/sb" and v210[10079].truncated
    assert v210[10080].name == "nginx: master"
    assert v210[10081].name == "postgres" and not v210[10081].truncated
    # "./bin/client --connect" with a 5-digit pid: "10084/./bin/client " — the trailing
    # space of the cut cannot be told from the padding, so the name is marked truncated
    assert v210[10084].name == "./bin/client" and v210[10084].truncated
    assert "./bin/client --connect".startswith(v210[10084].name)
    v160 = {s.pid: s.processes[0].name for s in parse("netstat-1.60__-anp.txt").sockets
            if s.processes}
    assert v160[10079] == "sshd -D [list"
    assert v160[10080] == "nginx -g daem"
    assert v160[10084] == "client --conn"
    head = {s.pid: s.program for s in parse("netstat-HEAD__-anp.txt").sockets if s.processes}
    assert head[10079] == "sshd: /usr/sb"


def test_no_owner_is_none() -> None:
    out = parse("netstat-2.10__-tlnp_as_nobody.txt")
    assert all(s.program is None and s.pid is None for s in out.sockets)
    assert netstat_to_json(out)["sockets"][0]["pid"] is None


def test_states_of_each_protocol() -> None:
    out = parse("netstat-2.10__-anp.txt")
    (udp,) = [s for s in out.sockets if s.proto == "udp" and s.local_port == 53]
    assert udp.state is TcpState.CLOSE and udp.is_listening
    connected = sock(out, "192.168.50.10:48282")
    assert connected.state is TcpState.ESTABLISHED and not connected.is_listening
    raw = sock(out, "0.0.0.0:1")
    assert raw.state is TcpState.CLOSE  # printed as "7"
    assert raw.recv_q == 69056
    items = {(i["proto"], i["local_port"]): i for i in netstat_to_json(out)["sockets"]
             if i["proto"] != "unix"}
    assert items[("udp", 53)]["state"] is None
    assert items[("raw", 1)]["state"] == "7"
    assert items[("tcp", 22)]["state"] == "LISTEN" and items[("tcp", 22)]["foreign_port"] is None
    assert sock(out, "192.168.50.10:8080", "192.168.50.10:54656").state is TcpState.FIN_WAIT2
    assert sock(out, "192.168.50.10:53194").state is TcpState.SYN_SENT


def test_mapped_addresses_in_both_versions() -> None:
    new = sock(parse("netstat-2.10__-anp.txt"), "127.0.0.1:40626")
    old = sock(parse("netstat-1.60__-anp.txt"), "::ffff:127.0.0.1:40626")
    assert new.proto == "tcp6" and old.proto == "tcp"  # 1.60 says tcp for IPv6 sockets
    assert old.local is not None and old.local.address == ipaddress.ip_address("::ffff:7f00:1")
    assert new.local_address == old.local_address == ipaddress.ip_address("127.0.0.1")
    assert socket_to_netstat_json(old) == {**socket_to_netstat_json(new), "pid": 10084,
                                           "program": "client --conn"}


def test_wildcards_of_1_60() -> None:
    out = parse("netstat-1.60__-tlp.txt")
    ssh = [s for s in out.sockets if s.local_port == "ssh"]
    assert len(ssh) == 2 and all(s.local is not None and s.local.address is None for s in ssh)
    assert sock(out, "[UNKNOWN]:https").local_address == "[UNKNOWN]"


def test_extend_columns() -> None:
    out = parse("netstat-2.10__-ant_-e.txt")
    resolver = sock(out, "127.0.0.53:53")
    assert (resolver.user, resolver.inode) == ("65534", 102216)
    assert sock(out, "192.168.50.10:49854").inode == 0  # TIME_WAIT
    named = parse("netstat-2.10__-tae.txt")
    assert {s.user for s in named.sockets} == {"nobody", "root"}
    assert parse("netstat-1.60__-ant_-ee.txt").form.section("inet").columns == ("user", "inode")


def test_timers_are_parsed_into_parts() -> None:
    for name in ("netstat-2.10__-anto.txt", "netstat-1.60__-anto.txt"):
        out = parse(name)
        timers = {s.timer.name: s.timer for s in out.sockets if s.timer is not None}
        assert set(timers) == {"off", "keepalive", "timewait", "on"}
        assert timers["off"] == Timer(name="off", expires_ms=0, retransmits=0, probes=0)
    timers = {s.timer.name: s.timer for s in parse("netstat-2.10__-anto.txt").sockets
              if s.timer is not None}
    assert timers["keepalive"] == Timer(name="keepalive", expires_ms=7171600, retransmits=0,
                                        probes=0)
    assert timers["on"] == Timer(name="on", expires_ms=7060, retransmits=8, probes=0)
    item = next(i for i in netstat_to_json(parse("netstat-2.10__-anto.txt"))["sockets"]
                if i["timer"]["name"] == "timewait")
    assert item["timer"] == {"name": "timewait", "expires_ms": 31600, "retransmits": 0,
                             "probes": 0}


def test_continuous_samples_keep_their_order() -> None:
    out = parse("netstat-2.10__-c_-nt.txt")
    assert out.form.continuous and len(out.samples) == 2
    assert out.samples[0].sockets == out.samples[1].sockets
    assert out.sockets == out.samples[0].sockets
    data = netstat_to_json(out)
    assert list(data) == ["samples"] and len(data["samples"]) == 2
    assert data["samples"][0]["sockets"][0]["state"] == "FIN_WAIT2"


# ------------------------------------------------------------ UNIX sockets


def test_unix_rows() -> None:
    out = parse("netstat-2.10__-anp.txt")
    unix = [s for s in out.sockets if s.unix is not None]
    assert len(unix) == 11
    listening = [s for s in unix if s.unix.flags == ("ACC",)]  # type: ignore[union-attr]
    assert {s.state for s in listening} == {TcpState.LISTEN}
    log = next(s for s in unix if s.unix.type == "DGRAM")  # type: ignore[union-attr]
    assert log.state is TcpState.CLOSE and log.unix.path == "/var/run/demo123/log.sock"  # type: ignore[union-attr]
    assert log.inode == 101043 and log.program == "postgres"
    cut = [s for s in unix if s.program == "nginx: master"]
    assert {s.unix.path for s in cut} == {"/var/run/demo123/my"}  # type: ignore[union-attr]
    unnamed = [s for s in unix if s.unix.path is None]  # type: ignore[union-attr]
    assert len(unnamed) == 4
    abstract = next(s for s in unix if s.unix.path == "@gr/abstract-sshd")  # type: ignore[union-attr]
    assert abstract.program == "sshd: /usr/sb"
    item = next(i for i in netstat_to_json(out)["sockets"]
                if i.get("path") == "/var/run/demo123/log.sock")
    assert item == {"proto": "unix", "refcnt": 2, "flags": [], "type": "DGRAM", "state": None,
                    "inode": 101043, "pid": 10081, "program": "postgres",
                    "path": "/var/run/demo123/log.sock"}


def test_unix_rows_of_1_60() -> None:
    out = parse("netstat-1.60__-nlpx.txt")
    assert out.form.section("unix").legacy
    assert [(s.program, s.unix.path) for s in out.sockets] == [  # type: ignore[union-attr]
        ("nginx -g daem", "/var/run/demo123/my"),
        ("postgres", "/var/run/demo123/.s.PGSQL.5432"),
        ("postgres", "/var/run/demo123/seqpacket.sock"),
        ("sshd -D [list", "@gr/abstract-sshd"),
    ]
    bare = parse("netstat-1.60__-nxl.txt")
    assert next(s.unix.path for s in bare.sockets) == "/var/run/demo123/my"  # type: ignore[union-attr]


def test_empty_sections_still_print_their_keys() -> None:
    out = parse("far_netstat-2.10__-anp.txt")
    assert [s.kind for s in out.form.sections] == ["inet", "unix"]
    assert netstat_to_json(out) == {"sockets": []}
    assert parse("netstat-1.60__-W_-anp.txt").samples == ()  # 1.60 has no -W: empty stdout


# ------------------------------------------------------------ routes, interfaces, -s, -g


def test_routes() -> None:
    named = parse("netstat-2.10__-r.txt").routes
    assert named[0].destination == "default" and named[0].gateway == "gateway.example"
    assert named[0].truncated == ("gateway",) and named[0].is_default
    assert named[1].gateway == "a-very-long-hos"
    reject = next(r for r in named if r.flags == "!")
    assert (reject.gateway, reject.iface, reject.mss, reject.window, reject.irtt) == (
        None, None, None, None, None)
    blackhole = next(r for r in named if str(r.destination) == "10.40.0.0")
    assert blackhole.iface == "*"
    assert parse("netstat-1.60__-r.txt").routes[2].gateway == "*"
    extended = parse("netstat-2.10__-rnee.txt").routes
    assert (extended[0].metric, extended[0].ref, extended[0].use) == (100, 0, 0)
    macvlan = next(r for r in extended if r.iface == "eth0.1")
    assert macvlan.truncated == ("iface",)
    mss = next(r for r in extended if r.mss == 1400)
    assert mss.irtt == 20
    data = netstat_to_json(parse("netstat-2.10__-rne.txt"))
    assert list(data["routes"][0]) == ["destination", "gateway", "genmask", "flags", "metric",
                                       "ref", "use", "iface"]


def test_ipv6_routes() -> None:
    routes = parse("netstat-2.10__-6_-rn.txt").routes
    assert len(routes) == 77
    first = routes[0]
    assert first.destination == ipaddress.ip_network("2001:db8:1006::/48")
    assert first.gateway == ipaddress.ip_address("2001:db8:50::1") and first.metric == 1024
    null = routes[1]
    assert (str(null.destination), null.flags, null.metric, null.iface) == (
        "::/0", "!n", -1, "lo")
    long = next(r for r in routes if r.destination.prefixlen == 128 and  # type: ignore[union-attr]
                str(r.destination).startswith("2001:db8:aaaa:bbbb:cccc"))
    assert long.iface == "eth0"


def test_interface_tables() -> None:
    new = parse("netstat-2.10__-i.txt").interfaces
    alias = next(i for i in new if i.name == "eth0:web")
    assert not alias.has_statistics and alias.flags == "BMRU"  # type: ignore[union-attr]
    eth0 = next(i for i in new if i.name == "eth0")
    assert (eth0.mtu, eth0.rx_ok, eth0.tx_ok, eth0.flags) == (1500, 17, 65, "BMRU")  # type: ignore[union-attr]
    old = parse("netstat-1.60__-i.txt")
    assert old.form.section("interfaces").legacy
    cut = [i.name for i in old.interfaces if i.truncated]  # type: ignore[union-attr]
    assert cut == ["abcde", "eth0.", "eth0:", "vport", "vport", "vx-md", "vxlan", "we!rd"]
    assert next(i for i in parse("netstat-HEAD__-i.txt").interfaces
                if i.name == "tun0").flags == "MOpU"  # type: ignore[union-attr]


@pytest.mark.parametrize("name", ["netstat-2.10__-ie.txt", "netstat-1.60__-ie.txt"])
def test_ifconfig_blocks(name: str) -> None:
    out = parse(name)
    blocks = {i.name: i for i in out.interfaces}
    assert len(blocks) == 14
    assert all(isinstance(i, IfconfigInterface) for i in out.interfaces)
    br0 = blocks["br0"]
    assert isinstance(br0, IfconfigInterface)
    assert "PROMISC" in br0.flags and br0.mtu == 1500
    inet = [a for a in br0.addresses if a.family == "inet"]
    assert [str(inet[0].address), str(inet[0].netmask), str(inet[0].broadcast)] == [
        "10.20.0.1", "255.255.255.0", "10.20.0.255"]
    assert {a.scope for a in br0.addresses if a.family == "inet6"} == {"link", "global"}
    assert br0.rx_bytes == 840 and br0.tx_bytes == 1454
    tun0 = blocks["tun0"]
    assert isinstance(tun0, IfconfigInterface)
    assert str(tun0.addresses[0].destination) == "10.99.0.2"
    lo = blocks["lo"]
    assert isinstance(lo, IfconfigInterface) and lo.encap == "Local Loopback"
    web = blocks["eth0:web"] if "eth0:web" in blocks else blocks["eth0:web"[:9]]
    assert isinstance(web, IfconfigInterface) and web.rx_packets is None


def test_statistics() -> None:
    out = parse("netstat-2.10__-s.txt")
    assert [s.name for s in out.statistics] == [
        "Ip", "Icmp", "IcmpMsg", "Tcp", "Udp", "UdpLite", "TcpExt", "IpExt", "MPTcpExt"]
    assert out.statistic("Ip", "Forwarding") == 2
    assert out.statistic("Ip", "total packets received") == 228
    assert out.statistic("Icmp", "destination unreachable", "ICMP input histogram") == 110
    assert out.statistic("IcmpMsg", "InType3") == 110
    assert out.statistic("TcpExt", "TCPLostRetransmit") == 7
    data = netstat_to_json(out)["statistics"]
    assert data["Icmp"]["ICMP output histogram"] == {"destination unreachable": 108}
    assert data["UdpLite"] == {} and data["MPTcpExt"] == {}
    old = parse("netstat-1.60__-s.txt")
    assert old.statistic("Icmp", "input ICMP message failed.") == 1
    assert old.statistic("Tcp", "active connections openings") == 9


def test_groups() -> None:
    out = parse("netstat-2.10__-ngu.txt")
    assert [s.kind for s in out.form.sections] == ["inet", "groups"]
    assert len(out.sockets) == 1 and len(out.groups) == 91
    assert out.groups[0].interface == "lo" and str(out.groups[0].group) == "224.0.0.1"
    old = parse("netstat-1.60__-ngu.txt")
    # 1.60 cuts names to 10 characters: "we!rd#if-1" may be whole, "abcdefghij" is not
    assert {g.interface for g in old.groups if g.truncated} == {
        "we!rd#if-1", "abcdefghij", "abcdefghijklmno"}


# ------------------------------------------------------------ jc's failures (PEER-jc.md)

HEADER = ("Active Internet connections (only servers)\n"
          "Proto Recv-Q Send-Q Local Address           Foreign Address         State       "
          "PID/Program name    \n")


def test_jc_seven_token_with_spaced_name() -> None:
    """jc aborts the whole parse with IndexError on a UDP row without State holding a bare
    ``7`` token and a program name with a space (PEER-jc.md, issues #446, #578)."""
    text = HEADER + (
        "udp        0      0 0.0.0.0:7               0.0.0.0:*                           "
        "4242/python3 7 wor  \n"
        "udp        7      0 127.0.0.1:5353          0.0.0.0:*                           "
        "7/ntpd 7            \n"
        "raw6       7      0 :::58                   :::*                    7           "
        "77/ping 7 x         \n"
    )
    out = parse_netstat(text)
    assert out.diagnostics == ()
    first, second, third = out.sockets
    assert (first.state, first.local_port, first.program, first.pid) == (
        TcpState.CLOSE, 7, "python3 7 wor", 4242)
    assert (second.recv_q, second.program, second.pid) == (7, "ntpd 7", 7)
    assert (third.state, third.local_port, third.program) == (TcpState.CLOSE, 58, "ping 7 x")


def test_jc_spaced_program_in_the_unix_column() -> None:
    """jc moves a program name with a space near the end of its column into ``path``."""
    text = ("Active UNIX domain sockets (servers and established)\n"
            "Proto RefCnt Flags       Type       State         I-Node   PID/Program name"
            "     Path\n"
            "unix  2      [ ACC ]     STREAM     LISTENING     38964    1311/containerd sh   "
            "/run/containerd/containerd.sock\n"
            "unix  3      [ ]         STREAM     CONNECTED     38965    1311/containerd sh   \n")
    out = parse_netstat(text)
    assert out.diagnostics == ()
    assert [(s.program, s.unix.path) for s in out.sockets] == [  # type: ignore[union-attr]
        ("containerd sh", "/run/containerd/containerd.sock"), ("containerd sh", None)]


def test_jc_spaced_program_before_the_timer() -> None:
    """jc puts the rest of ``sshd: alice [`` into the timer (``-p -o``); real capture."""
    from conftest import NETNS

    text = (NETNS / "netstat" / "netstat_-neopa.txt").read_text()
    sshd = [s for s in parse_netstat(text).sockets
            if s.program == "sshd: /usr/sb" and s.unix is None]
    assert len(sshd) == 3
    assert all(s.timer is not None and s.timer.name == "off" for s in sshd)


def test_jc_sections_it_returns_empty() -> None:
    """jc returns [] for -s, -g and the IPv6 routing table."""
    assert len(parse("netstat-2.10__-s.txt").statistics) == 9
    assert len(parse("netstat-2.10__-ngu.txt").groups) == 91
    assert len(parse("netstat-2.10__-6_-rn.txt").routes) == 77


def test_jc_stray_line_inside_a_section() -> None:
    """jc raises IndexError for the whole input on one unknown line; we keep every row."""
    lines = (CORPUS / "netstat-2.10__-anp.txt").read_text().splitlines(keepends=True)
    damaged = "".join([*lines[:5], "some text that is not a row\n", *lines[5:]])
    out = parse_netstat(damaged)
    (error,) = [d for d in out.diagnostics if d.severity is Severity.ERROR]
    # "some" reads as a protocol; the Recv-Q number is missing at column 6
    assert (error.line, error.column) == (6, 6)
    assert error.message == "Expected decimal number, found 'text'"
    assert len(out.sockets) == len(parse("netstat-2.10__-anp.txt").sockets)


def test_jc_square_brackets_are_kept() -> None:
    """jc rewrites every '[' and ']' of a UNIX row; the 1.60 name keeps them."""
    assert any(s.program == "sshd -D [list" for s in parse("netstat-1.60__-nlpx.txt").sockets)


def test_missing_header() -> None:
    """Rows without their title and header (``netstat -anp | grep ...``) still parse."""
    lines = (CORPUS / "netstat-2.10__-anp.txt").read_text().splitlines(keepends=True)
    out = parse_netstat("".join(lines[2:8]))
    assert [d for d in out.diagnostics if d.severity is Severity.ERROR] == []
    assert [s.program for s in out.sockets] == [
        "systemd-resol", "postgres", "sshd: /usr/sb", "nginx: master", "nginx: master",
        "./bin/client"]


# ------------------------------------------------------------ strict mode


@pytest.mark.parametrize(("row", "column", "message"), [
    ("tcp        0      0 10.0.0.1                0.0.0.0:*               LISTEN      "
     "1/init              ", 21, "Expected ADDRESS:PORT, found '10.0.0.1'"),
    ("tcp        x      0 10.0.0.1:22             0.0.0.0:*               LISTEN      "
     "1/init              ", 12, "Expected decimal number"),
    ("tcp        0      0 10.0.0.1:22             0.0.0.0:*               LISTEN      "
     "no program here     ", 81, "Expected PID/Program name"),
])
def test_strict_errors_name_line_and_column(row: str, column: int, message: str) -> None:
    text = HEADER + "tcp        0      0 0.0.0.0:22              0.0.0.0:*               " \
        "LISTEN      1/init              \n" + row + "\n"
    lenient = parse_netstat(text, source="x.txt")
    assert len(lenient.sockets) == 1
    (error,) = [d for d in lenient.diagnostics if d.severity is Severity.ERROR]
    assert (error.line, error.column) == (4, column)
    assert error.message.startswith(message)
    with pytest.raises(ParseError) as raised:
        parse_netstat(text, strict=True, source="x.txt")
    assert (raised.value.line, raised.value.column) == (4, column)
    assert str(raised.value).startswith(f"x.txt:4:{column}: error: {message}")


def test_noise_around_a_capture() -> None:
    out = parse_netstat((CORPUS / "synthetic" / "netstat_-tlnp_nonroot_stderr_first.txt")
                        .read_text())
    assert [(d.line, d.message) for d in out.diagnostics if d.line != 9] == [
        (1, "skipped shell prompt"), (2, "skipped netstat -p warning"),
        (14, "skipped shell prompt")]
    assert len(out.sockets) == 9 and all(s.program is None for s in out.sockets)


def test_a_wide_command_in_the_prompt_means_no_truncation() -> None:
    text = "$ netstat -W -tlnp\n" + (CORPUS / "netstat-2.10__-nplt.txt").read_text()
    out = parse_netstat(text)
    # every field that is an address is taken whole; one that cannot be (this capture was
    # really made without -W: '2001:db8:aaaa:bbbb:' port 443) is still marked as cut
    assert out.form.wide
    assert [str(s.local.address) for s in out.sockets if s.local and s.local.truncated] == [
        "2001:db8:aaaa:bbbb:"]


# ------------------------------------------------------------ record lines (snapshot origins)


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_record_lines_point_at_each_socket_row(path: Path) -> None:
    """``record_lines`` gives the line of each socket of the first sample: the row there
    begins with the socket's Proto and holds its inode or local port."""
    text = path.read_text(errors="replace")
    out = parse_netstat(text, wide="-W" in path.name or "-T" in path.name)
    lines = text.splitlines()
    assert len(out.record_lines) == len(out.sockets)
    assert list(out.record_lines) == sorted(set(out.record_lines))
    for socket, number in zip(out.sockets, out.record_lines):
        row = lines[number - 1]
        assert row.split(None, 1)[0] == socket.proto, (number, row)
        if socket.inode is not None:
            assert str(socket.inode) in row.split()
        elif isinstance(socket.local_port, int):
            assert f":{socket.local_port} " in row + " "


def test_record_lines_are_empty_without_sockets() -> None:
    assert parse("netstat-2.10__-rn.txt").record_lines == ()
