"""Sockets derived from /proc/net + lsof (+ ps) equal what netstat and ss reported for the
same namespace at the same moment — the answer to "which ports does the control plane listen
on" for a sosreport without netstat and ss."""

from __future__ import annotations

from typing import Any

import pytest

from _proc_net import INET_TABLES, proc_file, sos_file, topology
from _sockets import canonical
from netfacts.facts.proc_sockets import ps_commands, sockets_from_proc
from netfacts.models.lsof import LsofOutput
from netfacts.models.proc_net_sockets import ProcNetTcpOutput, ProcNetUnixOutput
from netfacts.models.socket import Socket
from netfacts.parsers.lsof import parse_lsof
from netfacts.parsers.netstat import parse_netstat
from netfacts.parsers.proc_net_tcp import parse_proc_net_tcp
from netfacts.parsers.proc_net_unix import parse_proc_net_unix
from netfacts.parsers.ss import parse_ss

LSOF_FORMS = ["process/lsof_M_-n_-l_-c", "process/lsof_-b_M_-n_-l_-c", "process/lsof_M_-n_-l",
              "filesys/lsof_-b_M_-n_-l_-P"]


def _tables(role: str) -> list[ProcNetTcpOutput | ProcNetUnixOutput]:
    tables: list[ProcNetTcpOutput | ProcNetUnixOutput] = [
        parse_proc_net_tcp(proc_file(role, t).read_text(), proto=t) for t in INET_TABLES]
    tables.append(parse_proc_net_unix(proc_file(role, "unix").read_text()))
    return tables


def _lsof(form: str = LSOF_FORMS[0]) -> LsofOutput:
    return parse_lsof(sos_file("host", form).read_text())


def _ps() -> dict[int, str]:
    return ps_commands(sos_file("host", "process/ps_auxwww").read_text())


def _key(socket: Socket) -> tuple[Any, ...]:
    if socket.unix is not None:
        return ("unix", socket.inode)
    assert socket.local is not None and socket.peer is not None
    return (socket.transport, canonical(socket.local.address), socket.local.port,
            canonical(socket.peer.address), socket.peer.port)


def _netstat() -> dict[tuple[Any, ...], Socket]:
    out = parse_netstat(sos_file("host", "networking/netstat_-W_-neopa").read_text(), wide=True)
    assert out.ok
    return {_key(s): s for s in out.sockets}


@pytest.mark.parametrize("form", LSOF_FORMS)
def test_equal_to_netstat_in_address_port_state_program_and_pid(form: str) -> None:
    ours = {_key(s): s for s in sockets_from_proc(_tables("host"), lsof=_lsof(form),
                                                  commands=_ps())}
    theirs = _netstat()
    assert set(ours) == set(theirs)
    owned = 0
    for key, socket in ours.items():
        them = theirs[key]
        assert socket.state is them.state, key
        assert socket.inode == them.inode, key
        assert socket.pid == them.pid, key
        if them.processes:
            owned += 1
            process = them.processes[0]
            if process.truncated:  # netstat cut "PID/name" at 19 characters
                assert socket.program is not None and socket.program.startswith(process.name)
            else:
                assert socket.program == process.name, key
        else:
            assert socket.processes == (), key
    assert owned >= 40


def test_equal_to_ss_in_every_process() -> None:
    ss = parse_ss(sos_file("host", "networking/ss_-peaonmi").read_text())
    by_inode = {s.inode: s for s in ss.sockets if s.inode}
    ours = [s for s in sockets_from_proc(_tables("host"), lsof=_lsof(), commands=_ps())
            if s.inode and s.transport != "raw"]  # ss -a prints raw sockets without ino:
    assert len(ours) >= 40
    for socket in ours:
        them = by_inode[socket.inode]
        assert {(p.pid, p.fd) for p in socket.processes} == {(p.pid, p.fd)
                                                              for p in them.processes}


def test_the_control_plane_ports() -> None:
    sockets = sockets_from_proc(_tables("host"), lsof=_lsof(), commands=_ps())
    listening = {(s.local_port, s.program) for s in sockets
                 if s.is_listening and s.transport == "tcp"}
    for port, program in ((6443, "kube-apiserver"), (2379, "etcd"), (2380, "etcd"),
                          (10250, "kubelet"), (10257, "kube-controller-manager"),
                          (10259, "kube-scheduler")):
        assert (port, program) in listening
    pids = {d["name"]: d["pid"] for d in topology()["daemons"]}
    apiserver = [s for s in sockets if s.is_listening and s.local_port == 6443]
    assert [s.pid for s in apiserver] == [pids["kube-apiserver"]]


def test_without_ps_the_names_are_lsofs() -> None:
    sockets = sockets_from_proc(_tables("host"), lsof=_lsof())
    comms = {d["pid"]: d["comm"] for d in topology()["daemons"]}
    named = [s for s in sockets if s.processes]
    assert len(named) >= 40
    for socket in named:
        process = socket.processes[0]
        assert process.pid is not None
        comm = comms[process.pid]
        assert comm.startswith(process.name)
        assert process.truncated == (len(comm) >= 9), comm
    # lsof escapes the blank (svc\x20wo) and cuts the escaped text at 9 characters
    assert {s.program for s in named if s.local_port == 9443} == {"svc wo"}


def test_sockets_of_another_namespace_join_through_lsofs_sock_rows() -> None:
    """lsof ran in the host namespace: the peer's processes show as ``sock`` rows without
    addresses, yet their inodes name the sockets of the peer's own /proc/net tables."""
    pids = {d["name"]: d["pid"] for d in topology()["daemons"]}
    lsof = _lsof()
    assert {row.protocol for row in lsof.sockets if row.type == "sock"} >= {"TCP", "TCPv6",
                                                                             "UDP"}
    peer = sockets_from_proc(_tables("peer"), lsof=lsof, commands=_ps())
    listeners = {s.local_port: s.pid for s in peer if s.is_listening and s.transport == "tcp"}
    assert listeners == dict.fromkeys((7000, 7001, 7002, 7003), pids["peer-services"])
    clients = {s.pid for s in peer if s.transport == "tcp" and s.peer_port in (6443, 10250)}
    assert clients == {pids["peer-client"]}


def test_without_lsof_every_socket_is_there_without_a_process() -> None:
    sockets = sockets_from_proc(_tables("host"))
    assert {_key(s) for s in sockets} == set(_netstat())
    assert all(s.processes == () for s in sockets)


def test_the_ps_family_output_serves_as_commands() -> None:
    from netfacts.parsers.ps import parse_ps

    ps = parse_ps(sos_file("host", "process/ps_auxwww").read_text())
    assert sockets_from_proc(_tables("host"), lsof=_lsof(), commands=ps) == sockets_from_proc(
        _tables("host"), lsof=_lsof(), commands=_ps())


def test_ps_commands() -> None:
    commands = _ps()
    pids = {d["name"]: d["pid"] for d in topology()["daemons"]}
    assert commands[pids["kube-apiserver"]].startswith("/usr/local/bin/kube-apiserver ")
    assert commands[pids["svcd"]].startswith("svcd ")
    assert ps_commands("USER PID COMMAND\n") == {}
    assert ps_commands("garbage\n") == {}
