"""ss captures of the namespace topology agree with the daemons that were started.

Ground truth, per capture run (``fixtures/netns``, ``fixtures/netns_sockets``):
``topology.json`` (pid, comm, uid, cgroup, listeners with their v6only and device binding,
connections, UNIX sockets).  The ``ss -H`` snapshots used by the netstat tests are checked
here against the topology, and every ``ss/`` capture against the snapshots.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from _sockets import ROOTS, argv_of, canonical, daemons, port_number, ss_comm, topology
from netfacts.models.socket import Socket, TcpState
from netfacts.models.ss import SsOutput
from netfacts.parsers.ss import parse_ss

SNAPSHOTS = [root / "netstat" / name for root in ROOTS
             for name in ("ss_truth_before.txt", "ss_truth_after.txt")]
CAPTURES = [p for root in ROOTS for p in sorted((root / "ss").glob("*.txt"))
            if not p.name.endswith(".stderr.txt")]


def _id(path: Path) -> str:
    return f"{path.parent.parent.name}/{path.name}"


def _parse(path: Path, **hints: str) -> SsOutput:
    out = parse_ss(path.read_text(), source=path.name, **hints)
    assert [d.render() for d in out.diagnostics] == []
    return out


def _key(socket: Socket) -> tuple[object, ...]:
    assert socket.local is not None and socket.peer is not None
    proto = socket.proto or ""
    return (socket.proto, canonical(socket.local.address), port_number(socket.local.port, proto),
            canonical(socket.peer.address), port_number(socket.peer.port, proto))


class _Truth:
    def __init__(self, root: Path) -> None:
        self.sockets = [s for path in SNAPSHOTS if path.parent.parent == root
                        for s in _parse(path).sockets]
        self.inet: dict[tuple[object, ...], list[Socket]] = {}
        for socket in self.sockets:
            if socket.unix is None:
                self.inet.setdefault(_key(socket), []).append(socket)
        self.unix = {s.inode: s for s in self.sockets if s.unix is not None}


_TRUTHS: dict[Path, _Truth] = {}


def snapshot(root: Path) -> _Truth:
    if root not in _TRUTHS:
        _TRUTHS[root] = _Truth(root)
    return _TRUTHS[root]


@pytest.mark.parametrize("path", SNAPSHOTS, ids=_id)
def test_snapshot_has_every_daemon_listener(path: Path) -> None:
    root = path.parent.parent
    sockets = _parse(path).sockets
    assert _parse(path).form.header is False
    owners = daemons(root)
    for expected in topology(root)["listeners"]:
        if expected["pid"] not in owners:
            continue
        found = [
            s for s in sockets
            if s.proto == expected["proto"] and s.local_port == expected["port"]
            and s.is_listening and s.pid == expected["pid"]
            and canonical(s.local.address if s.local else None) == canonical(expected["address"])
            and ((s.local is not None and s.local.address is None)
                 or str(s.local.address).count(":") > 0) == (expected["family"] == "inet6")
        ]
        assert len(found) == 1, expected
        socket = found[0]
        assert socket.local is not None and socket.ss is not None
        assert socket.state is (TcpState.LISTEN if expected["proto"] == "tcp" else TcpState.CLOSE)
        daemon = owners[expected["pid"]]
        assert socket.program == ss_comm(daemon["comm"])
        # ss prints uid: only when not 0; it is the uid that created the socket
        assert socket.ss.uid in (None, daemon["uid"] or None)
        assert socket.ss.cgroup == daemon["cgroup"]
        if expected["family"] == "inet6" and expected["v6only"] is not None:
            # dual-stack sockets print as "*", v6only ones as "[::]"
            assert socket.ss.v6only is bool(expected["v6only"])
            assert (socket.local.address is None) == (expected["v6only"] == 0)
        if expected.get("scope"):
            assert socket.local.interface == expected["scope"]
    bound = [s for s in sockets if s.proto == "udp" and s.local_port == 68]
    assert [s.local.interface for s in bound if s.local] == ["eth0"]  # 0.0.0.0%eth0:68


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_snapshot_has_every_daemon_connection(root: Path) -> None:
    topo = topology(root)
    for expected in topo["established"] + topo["other_tcp"]:
        if expected["pid"] is not None and expected["pid"] not in daemons(root):
            continue
        key = (expected["proto"], canonical(expected["local"]), expected["local_port"],
               canonical(expected["peer"]), expected["peer_port"])
        found = snapshot(root).inet.get(key, [])
        assert found, expected
        states = {s.state for s in found}
        assert TcpState.from_ss(expected["state"]) in states or (
            expected["state"] in ("CLOSE-WAIT", "FIN-WAIT-2") and states)
        if expected["pid"] is not None:
            assert any(s.pid == expected["pid"] for s in found)


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_snapshot_unix_sockets_keep_spaces_in_paths(root: Path) -> None:
    sockets = snapshot(root).sockets
    paths = {s.unix.path for s in sockets if s.unix is not None}
    for expected in topology(root)["unix_sockets"]:
        if expected.get("path"):
            assert expected["path"] in paths
    spaced = [s for s in sockets if s.unix is not None and s.unix.path
              and " " in s.unix.path and s.state is TcpState.LISTEN]
    assert spaced and spaced[0].program == "nginx"


@pytest.mark.parametrize("path", CAPTURES, ids=_id)
def test_every_socket_of_every_capture_is_one_of_the_snapshots(path: Path) -> None:
    root = path.parent.parent
    argv = argv_of(path)
    options = "".join(a[1:] for a in argv[1:] if a.startswith("-") and not a.startswith("--"))
    tables = [t for t, letter in (("tcp", "t"), ("udp", "u"), ("u_str", "x")) if letter in options]
    hint = {"netid": tables[0]} if len(tables) == 1 and tables[0] != "u_str" else {}
    out = _parse(path, **hint)
    if "-s" in argv:
        assert out.summary is not None and out.sockets == ()
        names = [row.name for row in out.summary.transports]
        assert names == ["RAW", "UDP", "TCP", "INET", "FRAG"]
        return
    assert out.sockets
    for socket in out.sockets:
        if socket.unix is not None:
            seen = snapshot(root).unix[socket.inode]
            assert socket.unix.path == seen.unix.path  # type: ignore[union-attr]
            assert socket.state in (None, seen.state)
            continue
        if socket.proto in ("nl", "raw", "p_raw", "p_dgr"):
            continue  # not in the -tu snapshots
        found = snapshot(root).inet.get(_key(socket), [])
        assert found, socket
        if socket.state is not None:
            assert socket.state in {s.state for s in found} or socket.state in (
                TcpState.CLOSE_WAIT, TcpState.FIN_WAIT2, TcpState.TIME_WAIT)
        else:
            assert "state" in argv  # ss -t state established: no State column
            assert {s.state for s in found} == {TcpState.ESTABLISHED}
        for process in socket.processes:
            assert process.name == ss_comm(daemons(root)[process.pid]["comm"])


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_keepalive_and_retransmit_timers(root: Path) -> None:
    out = _parse(root / "ss" / "ss_-peaonmi.txt")
    timers = {s.timer.name: s for s in out.sockets if s.timer is not None}
    keepalive = timers["keepalive"]
    assert keepalive.peer is not None and keepalive.peer.port == 22
    assert 0 < (keepalive.timer.expires_ms or 0) <= 600_000  # type: ignore[union-attr]
    syn = timers["on"]
    assert syn.state is TcpState.SYN_SENT and syn.timer is not None
    assert syn.timer.retransmits >= 1
    if "timewait" in timers:
        assert timers["timewait"].processes == ()


@pytest.mark.parametrize("root", ROOTS, ids=lambda p: p.name)
def test_etcd_connection_counts(root: Path) -> None:
    out = _parse(root / "ss" / "ss_-tunap.txt")
    etcd = next(pid for pid, d in daemons(root).items() if d["name"] == "etcd")
    counts = Counter(s.local_port for s in out.established() if s.pid == etcd)
    assert counts[2379] == 6 and counts[2380] == 2


def test_a_comm_with_a_quote_and_a_parenthesis() -> None:
    """The comm ``we"ird (7)`` is printed unescaped and cut at its ``)`` by ss."""
    root = ROOTS[1]
    out = _parse(root / "ss" / "ss_-ulnp.txt", netid="udp")
    worker = next(d for d in daemons(root).values() if d["name"] == "udp-worker")
    rows = [s for s in out.sockets if s.pid == worker["pid"]]
    assert [(s.local_port, s.program) for s in rows] == [(7, 'we"ird (7'), (7, 'we"ird (7')]
    assert {s.proto for s in rows} == {"udp"}


def test_tanp_without_a_netid_column() -> None:
    """``ss -tanp``: the form jc cannot read at all."""
    root = ROOTS[1]
    out = _parse(root / "ss" / "ss_-tanp.txt")
    assert not out.form.netid_column and len(out.sockets) > 50
    assert {s.proto for s in out.sockets} == {None}
    worker = next(d for d in daemons(root).values() if d["name"] == "udp-worker")
    (listener,) = [s for s in out.sockets if s.pid == worker["pid"]]
    assert (listener.local_port, listener.state) == (7777, TcpState.LISTEN)
