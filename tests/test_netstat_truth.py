"""netstat captures of the namespace topology agree with what was really there.

Ground truth, per capture run (``fixtures/netns``, ``fixtures/netns_sockets``):
``ss -H -tuanpe`` / ``ss -H -xanpe`` taken just before and after the netstat batch
(``netstat/ss_truth_*.txt``), the daemons of ``topology.json`` (pid, argv[0], listeners,
connections, UNIX sockets) and the ``ip -j route`` twin.  Every socket netstat shows must be
a socket ss saw, with the same addresses, ports, state, pid, inode and UNIX path (as far as
netstat prints them), and the program name netstat's rule makes of the daemon's argv[0].
"""

from __future__ import annotations

import ipaddress
import json
from collections import Counter
from pathlib import Path

import pytest

from _sockets import ROOTS, argv_of, canonical, daemons, netstat_name, topology
from conftest import NETNS
from netfacts.models.socket import Socket, TcpState
from netfacts.parsers.netstat import parse_netstat
from netfacts.parsers.ss import parse_ss

NETSTAT = NETNS / "netstat"
SOCKET_CAPTURES = [
    path for root in ROOTS for path in sorted((root / "netstat").glob("netstat_*.txt"))
    if path.read_text().startswith("Active ")
]


def _id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


def _parse(path: Path) -> object:
    argv = argv_of(path)
    out = parse_netstat(path.read_text(), source=path.name,
                        wide="-W" in argv or "-T" in argv)
    assert [d for d in out.diagnostics if d.severity.value == "error"] == []
    return out


def _key(socket: Socket) -> tuple[object, ...]:
    assert socket.local is not None and socket.peer is not None
    return (socket.transport, canonical(socket.local.address), socket.local.port,
            canonical(socket.peer.address), socket.peer.port)


class _Truth:
    """The ss snapshots of one capture run, indexed."""

    def __init__(self, root: Path) -> None:
        sockets = [s for name in ("ss_truth_before.txt", "ss_truth_after.txt")
                   for s in parse_ss((root / "netstat" / name).read_text()).sockets]
        self.inet: dict[tuple[object, ...], list[Socket]] = {}
        for socket in sockets:
            if socket.unix is None:
                self.inet.setdefault(_key(socket), []).append(socket)
        self.unix = {s.inode: s for s in sockets if s.unix is not None}


_TRUTHS: dict[Path, _Truth] = {}


def snapshot(root: Path) -> _Truth:
    if root not in _TRUTHS:
        _TRUTHS[root] = _Truth(root)
    return _TRUTHS[root]


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_the_truth_is_there(root: Path) -> None:
    assert len([p for p in SOCKET_CAPTURES if p.parent.parent == root]) >= 8
    assert len(snapshot(root).inet) > 60 and len(snapshot(root).unix) >= 14


def _matches(socket: Socket, root: Path) -> list[Socket]:
    assert socket.local is not None and socket.peer is not None
    inet = snapshot(root).inet
    if not socket.local.truncated and not socket.peer.truncated:
        return inet.get(_key(socket), [])
    found = []
    for candidates in inet.values():
        for truth in candidates:
            assert truth.local is not None and truth.peer is not None
            if truth.transport != socket.transport:
                continue
            ok = True
            for ours, theirs in ((socket.local, truth.local), (socket.peer, truth.peer)):
                if ours.port != theirs.port:
                    ok = False
                elif ours.truncated:
                    # a cut field is a prefix of the real address, never a wrong address
                    assert isinstance(ours.address, str)
                    text = str(theirs.address) if theirs.address is not None else ""
                    ok = ok and text.startswith(ours.address)
                elif canonical(ours.address) != canonical(theirs.address):
                    ok = False
            if ok:
                found.append(truth)
    return found


@pytest.mark.parametrize("path", SOCKET_CAPTURES, ids=_id)
def test_every_internet_socket_is_one_ss_saw(path: Path) -> None:
    root = path.parent.parent
    out = _parse(path)
    inet = [s for s in out.sockets if s.unix is None]  # type: ignore[attr-defined]
    if "-x" in argv_of(path):
        assert inet == []
        return
    assert inet
    section = out.form.section("inet")  # type: ignore[attr-defined]
    for socket in inet:
        if socket.transport == "raw":
            # the ss truth is -tu: RAW sockets are checked against the daemons instead
            raw = [r for r in topology(root)["raw_sockets"] if r["pid"] == socket.pid
                   and r["protocol"] == socket.local_port]
            assert raw and raw[0]["family"] == ("inet6" if socket.proto == "raw6" else "inet")
            assert socket.state is TcpState.CLOSE  # printed as "7"
            continue
        candidates = [t for t in _matches(socket, root) if t.state == socket.state]
        assert candidates, f"{socket} not in the ss truth"
        truth = candidates[0]
        if socket.processes:
            pid = socket.pid
            assert pid in {p.pid for t in candidates for p in t.processes}
            daemon = daemons(root)[pid]
            assert socket.program == netstat_name(pid, daemon["argv0"])
            assert daemon["argv0"].rsplit("/", 1)[-1].startswith(socket.program) or \
                daemon["argv0"].startswith(socket.program)
            assert socket.processes[0].truncated == (len(f"{pid}/{socket.program}") >= 18)
        elif "program" in section.columns:
            # "-": no owner (TIME_WAIT, connections not accepted yet, kernel sockets)
            assert not any(t.processes for t in candidates)
        if "user" in section.columns:
            assert socket.inode in {t.inode for t in candidates}
            assert socket.user in {str((t.ss.uid if t.ss else None) or 0) for t in candidates}
        if "timer" in section.columns:
            assert socket.timer is not None
            if socket.state is TcpState.TIME_WAIT:
                assert socket.timer.name == "timewait"
            if truth.transport == "tcp" and socket.state is TcpState.LISTEN:
                assert socket.timer.name == "off"


@pytest.mark.parametrize("path", SOCKET_CAPTURES, ids=_id)
def test_every_unix_socket_is_one_ss_saw(path: Path) -> None:
    root = path.parent.parent
    out = _parse(path)
    unix = [s for s in out.sockets if s.unix is not None]  # type: ignore[attr-defined]
    argv = argv_of(path)
    if not ("-x" in argv or any(a.startswith("-") and "a" in a and "t" not in a and "u" not in a
                                for a in argv[1:])):
        assert unix == []
        return
    assert len(unix) >= 14
    for socket in unix:
        seen = snapshot(root).unix[socket.inode]
        assert socket.unix is not None and seen.unix is not None
        assert socket.state == seen.state
        assert socket.unix.type == seen.unix.type
        # netstat reads the path up to the first space; ss prints it whole
        expected = seen.unix.path.split(" ")[0] if seen.unix.path else None
        assert socket.unix.path == expected
        assert ("ACC" in socket.unix.flags) == (seen.state is TcpState.LISTEN)
        if socket.processes:
            assert socket.pid in {p.pid for p in seen.processes}
            assert socket.program == netstat_name(socket.pid,
                                                  daemons(root)[socket.pid]["argv0"])


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_space_in_a_unix_path_cuts_it(root: Path) -> None:
    out = _parse(root / "netstat" / "netstat_-x_-a_-n_-p.txt")
    paths = {s.unix.path for s in out.sockets}  # type: ignore[attr-defined]
    sockdir = topology(root)["unix_socket_dir"]
    assert f"{sockdir}/my" in paths and f"{sockdir}/my app.sock" not in paths


def _listeners(path: Path) -> list[Socket]:
    out = _parse(path)
    return [s for s in out.sockets if s.is_listening]  # type: ignore[attr-defined]


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
@pytest.mark.parametrize("name", ["netstat_-nplt.txt", "netstat_-tlnp.txt", "netstat_-anp.txt",
                                  "netstat_-W_-neopa.txt", "netstat_-neopa.txt"])
def test_every_daemon_listener_is_listed_with_its_program(root: Path, name: str) -> None:
    listeners = _listeners(root / "netstat" / name)
    owners = daemons(root)
    for expected in topology(root)["listeners"]:
        if (expected["proto"] != "tcp" and "nplt" in name) or expected["pid"] not in owners:
            continue
        if expected["proto"] == "udp" and "tlnp" in name:
            continue
        found = [
            s for s in listeners
            if s.local_port == expected["port"] and s.pid == expected["pid"]
            and s.transport == expected["proto"] and s.local is not None
            and (s.proto or "").endswith("6") == (expected["family"] == "inet6") and (
                expected["address"].startswith(str(s.local.address)) if s.local.truncated
                else canonical(s.local.address) == canonical(expected["address"]))
        ]
        assert len(found) == 1, expected
        socket = found[0]
        argv0 = owners[expected["pid"]]["argv0"]
        assert socket.program == netstat_name(expected["pid"], argv0)


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_etcd_client_and_peer_connections(root: Path) -> None:
    """Which of etcd's two ports has more client connections (the issue #5 question)."""
    out = _parse(root / "netstat" / "netstat_-anp.txt")
    etcd = next(pid for pid, d in daemons(root).items() if d["name"] == "etcd")
    counts = Counter(
        s.local_port for s in out.sockets  # type: ignore[attr-defined]
        if s.pid == etcd and s.state is TcpState.ESTABLISHED and s.local_port in (2379, 2380)
    )
    expected = Counter()
    for spec in next(d for d in topology(root)["daemons"] if d["pid"] == etcd)["sockets"]:
        for accepted in spec.get("accepted", []):
            expected[accepted["local"]["port"]] += 1
    assert counts == expected
    assert counts[2379] > counts[2380]


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_continuous_samples_are_snapshots_of_the_same_sockets(root: Path) -> None:
    out = _parse(root / "netstat" / "netstat_-c_-nt.txt")
    samples = out.samples  # type: ignore[attr-defined]
    assert out.form.continuous and len(samples) >= 2  # type: ignore[attr-defined]
    for sample in samples:
        assert sample.sockets
        for socket in sample.sockets:
            assert socket.state is not TcpState.LISTEN
            assert [t for t in _matches(socket, root) if t.state == socket.state], socket
    first = {_key(s) for s in samples[0].sockets if s.state is TcpState.ESTABLISHED}
    assert first == {_key(s) for s in samples[1].sockets if s.state is TcpState.ESTABLISHED}


def test_routes_are_the_main_table() -> None:
    """Every netstat -rn route is a main-table route of ``ip -j route`` (same prefix, gateway
    and device; reject routes without them)."""
    # ip -j <= 6.2 repeats "dst" for encap routes (GRAMMAR §9): keep the route's own, the first
    ip_routes = json.loads((NETNS / "ip_route" / "ip_route.json").read_text(),
                           object_pairs_hook=lambda pairs: dict(reversed(pairs)))
    by_prefix: dict[str, list[dict[str, object]]] = {}
    for route in ip_routes:
        dst = route["dst"]
        prefix = "0.0.0.0/0" if dst == "default" else (dst if "/" in dst else dst + "/32")
        by_prefix.setdefault(prefix, []).append(route)
    out = _parse(NETSTAT / "netstat_-rn.txt")
    routes = out.routes  # type: ignore[attr-defined]
    assert len(routes) >= 30
    for route in routes:
        network = ipaddress.IPv4Network(f"{route.destination}/{route.genmask}")
        candidates = by_prefix[str(network)]
        if route.flags == "!":
            assert route.gateway is None and route.iface is None
            assert any(c.get("type") in ("unreachable", "prohibit") for c in candidates)
            continue
        hops = [hop for c in candidates for hop in (c, *c.get("nexthops", []))]  # type: ignore
        if "G" in route.flags and str(route.gateway) != "0.0.0.0":
            assert any(hop.get("gateway") == str(route.gateway) for hop in hops)
        if route.iface != "*":
            assert any(hop.get("dev") == route.iface for hop in hops)


def test_interfaces_are_the_topology_interfaces() -> None:
    topo = topology(NETNS)
    names = {i["name"] for i in topo["interfaces"]}
    mtus = {i["name"]: i["mtu"] for i in topo["interfaces"]}
    table = _parse(NETSTAT / "netstat_-i.txt").interfaces  # type: ignore[attr-defined]
    blocks = _parse(NETSTAT / "netstat_-ie.txt").interfaces  # type: ignore[attr-defined]
    assert {i.name for i in table} == {b.name for b in blocks}
    for interface in [*table, *blocks]:
        base = interface.name.split(":")[0]
        assert base in names
        assert interface.mtu == mtus[base]
    eth0 = next(b for b in blocks if b.name == "eth0")
    mac = next(i["mac"] for i in topo["interfaces"] if i["name"] == "eth0")
    assert eth0.hwaddr == mac


def test_statistics_show_ip_forwarding() -> None:
    out = _parse(NETSTAT / "netstat_-s.txt")
    topo = topology(NETNS)
    forward = next(s["value"] for s in topo["sysctls"]
                   if s["key"] == "net.ipv4.ip_forward"
                   and s["namespace"] == topo["capture_namespace"])
    # Forwarding: 1 means forwarding, 2 not forwarding (SNMP ipForwarding)
    assert out.statistic("Ip", "Forwarding") == (1 if forward == "1" else 2)  # type: ignore
    six = _parse(NETSTAT / "netstat_-s_-6.txt")
    assert next(s.name for s in six.statistics) == "Ip6"  # type: ignore[attr-defined]


def test_the_row_jc_aborts_on() -> None:
    """A real ``netstat -nulp`` row with an empty State, a bare ``7`` and a spaced argv[0]
    (``22102/worker 7 [udp ``): jc 1.26.1 raises IndexError on this capture."""
    root = ROOTS[1]
    out = _parse(root / "netstat" / "netstat_-nulp.txt")
    worker = next(d for d in daemons(root).values() if d["name"] == "udp-worker")
    rows = [s for s in out.sockets if s.pid == worker["pid"]]  # type: ignore[attr-defined]
    assert [(s.proto, s.local_port, s.state) for s in rows] == [
        ("udp", 7, TcpState.CLOSE), ("udp6", 7, TcpState.CLOSE)]
    assert {s.program for s in rows} == {netstat_name(worker["pid"], worker["argv0"])}
    assert worker["argv0"].startswith(rows[0].program) and " 7 " in rows[0].program + " "


def test_groups_of_the_sosreport_form() -> None:
    out = _parse(ROOTS[1] / "netstat" / "netstat_-W_-agn.txt")
    names = {i["name"] for i in topology(ROOTS[1])["interfaces"]}
    groups = out.groups  # type: ignore[attr-defined]
    assert groups and {g.interface for g in groups} <= names
    assert {g.group.version for g in groups} == {4, 6}
