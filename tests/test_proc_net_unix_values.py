"""/proc/net/unix captured in network namespaces: every socket read, equal to what ss and
netstat reported at the same moment, rendered back byte for byte."""

from __future__ import annotations

import json

import pytest

from _proc_net import ROLES, proc_file, sos_file, ss_truth
from netfacts.errors import ParseError
from netfacts.jsonio.netstat import socket_to_netstat_json
from netfacts.jsonio.proc_net_unix import proc_net_unix_to_json
from netfacts.models.proc_net_sockets import ProcNetUnixOutput
from netfacts.models.socket import TcpState
from netfacts.parsers.netstat import parse_netstat
from netfacts.parsers.proc_net_unix import parse_proc_net_unix
from netfacts.renderers.proc_net_unix import render_proc_net_unix


def _parse(role: str) -> ProcNetUnixOutput:
    out = parse_proc_net_unix(proc_file(role, "unix").read_text(), source="unix")
    assert out.diagnostics == (), [d.render() for d in out.diagnostics]
    return out


@pytest.mark.parametrize("role", ROLES)
def test_reads_cleanly_and_renders_back(role: str) -> None:
    text = proc_file(role, "unix").read_text()
    out = _parse(role)
    assert len(out.sockets) == len(text.splitlines()) - 1
    assert render_proc_net_unix(out) == text


def test_the_sockets_are_the_ones_ss_saw() -> None:
    """Inode, type, state and path equal ``ss -H -xanpe`` of the same moment."""
    ours = {s.inode: s for s in _parse("host").sockets}
    truth = {s.inode: s for s in ss_truth("host") if s.unix is not None}
    assert set(ours) == set(truth) and len(ours) >= 10
    for inode, socket in ours.items():
        seen = truth[inode]
        assert seen.unix is not None
        assert socket.type == seen.unix.type, inode
        assert socket.state is seen.state, inode
        assert socket.path == seen.unix.path, inode


def test_netstat_shows_the_same() -> None:
    netstat = parse_netstat(sos_file("host", "networking/netstat_-W_-neopa").read_text(),
                            wide=True)
    theirs = {s.inode: socket_to_netstat_json(s) for s in netstat.sockets if s.unix is not None}
    ours = {s["inode"]: s for s in proc_net_unix_to_json(_parse("host"))}
    assert set(theirs) == set(ours)
    for inode, them in theirs.items():
        mine = ours[inode]
        for key in ("proto", "refcnt", "flags", "type", "state"):
            assert mine[key] == them[key], (inode, key)
        # netstat stops a path at its first space; /proc/net/unix has it whole
        assert (mine["path"] or "").split(" ")[0] == (them["path"] or "")


def test_the_odd_ones() -> None:
    sockets = _parse("host").sockets
    by_path = {s.path: s for s in sockets if s.path}
    spaced = by_path["/run/h12p-capture/sock/run dir/containerd.sock"]
    assert spaced.state is TcpState.LISTEN and spaced.flag_words == ("ACC",)
    assert by_path["@h12p@nul-inside"].type == "DGRAM"  # NUL bytes print as @
    assert by_path["@h12p-containerd-abstract"].state is TcpState.LISTEN
    assert by_path["/run/h12p-capture/sock/seqpacket.sock"].type == "SEQPACKET"
    assert by_path["/run/h12p-capture/sock/journal.dgram"].state is TcpState.CLOSE
    assert sum(s.path is None and s.state is TcpState.ESTABLISHED for s in sockets) >= 3
    items = {s["inode"]: s for s in proc_net_unix_to_json(_parse("host"))}
    assert items[spaced.inode] == {
        "proto": "unix", "refcnt": spaced.refcount, "flags": ["ACC"], "type": "STREAM",
        "state": "LISTENING", "inode": spaced.inode,
        "path": "/run/h12p-capture/sock/run dir/containerd.sock", "address": spaced.address,
        "protocol": 0}
    assert items[by_path["/run/h12p-capture/sock/journal.dgram"].inode]["state"] is None
    json.dumps(list(items.values()))


def test_a_garbled_line_loses_only_its_own_socket() -> None:
    lines = proc_file("host", "unix").read_text().splitlines()
    whole = parse_proc_net_unix("\n".join(lines) + "\n").sockets
    for index in range(1, len(lines)):
        damaged = list(lines)
        damaged[index] = "x" + damaged[index][1:]
        out = parse_proc_net_unix("\n".join(damaged) + "\n", source="unix")
        assert list(out.sockets) == [s for i, s in enumerate(whole, 1) if i != index]
        assert [(d.line, d.severity.value) for d in out.diagnostics] == [(index + 1, "error")]
        with pytest.raises(ParseError, match=f"unix:{index + 1}:"):
            parse_proc_net_unix("\n".join(damaged) + "\n", source="unix", strict=True)
