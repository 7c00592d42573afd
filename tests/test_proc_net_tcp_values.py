"""/proc/net/tcp, tcp6, udp, udp6, raw, raw6 captured in network namespaces: every socket the
kernel printed is read, equal to what ss and netstat reported for the same namespace at the
same moment, and renders back byte for byte."""

from __future__ import annotations

import ipaddress
import json
from typing import Any

import pytest

from _proc_net import INET_TABLES, ROLES, proc_file, sos_file, ss_truth
from _sockets import canonical
from netfacts.errors import ParseError
from netfacts.jsonio.netstat import socket_to_netstat_json
from netfacts.jsonio.proc_net_tcp import (
    direct_json,
    proc_net_tcp_to_json,
    proc_net_tcp_to_json_text,
)
from netfacts.models.proc_net_sockets import ProcNetSocket, ProcNetTcpOutput
from netfacts.models.socket import Socket, TcpState
from netfacts.parsers.netstat import parse_netstat
from netfacts.parsers.proc_net_tcp import parse_proc_net_tcp
from netfacts.renderers.proc_net_tcp import render_proc_net_tcp

CASES = [(role, table) for role in ROLES for table in INET_TABLES]


def _parse(role: str, table: str, **hints: Any) -> ProcNetTcpOutput:
    out = parse_proc_net_tcp(proc_file(role, table).read_text(), source=table, proto=table,
                             **hints)
    assert out.diagnostics == (), [d.render() for d in out.diagnostics]
    return out


def _all(role: str) -> list[ProcNetSocket]:
    return [s for table in INET_TABLES for s in _parse(role, table).sockets]


@pytest.mark.parametrize(("role", "table"), CASES)
def test_every_table_reads_cleanly_and_renders_back_byte_for_byte(role: str, table: str) -> None:
    text = proc_file(role, table).read_text()
    out = _parse(role, table)
    assert out.form.tables == (table,)
    assert len(out.sockets) == len(text.splitlines()) - 1
    assert {s.proto for s in out.sockets} <= {table}
    assert render_proc_net_tcp(out) == text


def _key(socket: Socket) -> tuple[Any, ...]:
    assert socket.local is not None and socket.peer is not None
    return (socket.transport, canonical(socket.local.address), socket.local.port,
            canonical(socket.peer.address), socket.peer.port)


@pytest.mark.parametrize("role", ROLES)
def test_the_sockets_are_the_ones_ss_saw(role: str) -> None:
    """Same sockets (addresses, ports, state, inode, uid, receive queue) as ``ss -H -tuanpe``,
    ``ss -H -wanpe`` at the same moment; every one of them, none more."""
    ours = {_key(s.to_socket()): s for s in _all(role)}
    truth = {_key(s): s for s in ss_truth(role) if s.unix is None}
    assert set(ours) == set(truth)
    assert len(ours) >= (25 if role == "host" else 10)
    for key, socket in ours.items():
        seen = truth[key]
        assert socket.state is seen.state, key
        assert socket.inode == (seen.inode or 0) or socket.proto.startswith("raw"), key
        assert socket.recv_q == seen.recv_q, key
        if socket.state is not TcpState.LISTEN:
            assert socket.send_q == seen.send_q, key
        if seen.ss is not None and socket.proto[:3] != "raw":
            assert socket.uid == (seen.ss.uid or 0), key


def test_the_netstat_json_of_each_socket_is_netstats() -> None:
    """Field by field equal to ``netstat -W -neopa`` (same moment) turned into JSON, apart
    from the documented differences: IPv4-mapped addresses, port 0 vs ``*``, uid vs user."""
    netstat = parse_netstat(sos_file("host", "networking/netstat_-W_-neopa").read_text(),
                            wide=True)
    theirs = {s.inode: socket_to_netstat_json(s) for s in netstat.sockets
              if s.unix is None and s.inode}
    ours = {s["inode"]: s for s in (item for table in INET_TABLES
                                    for item in proc_net_tcp_to_json(_parse("host", table)))}
    assert len(theirs) >= 25 and set(theirs) <= set(ours)
    for inode, them in theirs.items():
        mine = ours[inode]
        for key in ("proto", "recv_q", "send_q", "state", "inode"):
            assert mine[key] == them[key], (inode, key)
        for side in ("local", "foreign"):
            assert canonical(mine[f"{side}_address"]) == canonical(them[f"{side}_address"])
            assert (mine[f"{side}_port"] or None) == them[f"{side}_port"]
        assert str(mine["uid"]) == them["user"]
        assert mine["timer"]["name"] == them["timer"]["name"]
        if mine["timer"]["name"] != "on":  # a retransmitting socket counts on between reads
            assert mine["timer"]["retransmits"] == them["timer"]["retransmits"]


def _find(role: str, **wanted: Any) -> ProcNetSocket:
    found = [s for s in _all(role)
             if all(str(getattr(s, key)) == str(value) for key, value in wanted.items())]
    assert len(found) == 1, (wanted, found)
    return found[0]


def test_the_odd_lines() -> None:
    # the SYN_RECV request socket (short line, tr 1, no inode) of a dual-stack listener
    syn = _find("host", state="SYN_RECV")
    assert syn.proto == "tcp6" and syn.short and syn.inode == 0
    assert syn.foreign_address == ipaddress.ip_address("::ffff:10.20.0.77")
    assert syn.local_port == 6443 and syn.timer.name == "on" and syn.timer.retransmits >= 1
    # TIME_WAIT and FIN_WAIT2 timewait sockets: short lines with timer 3
    for port, state in ((7000, "TIME_WAIT"), (7001, "FIN_WAIT2")):
        tw = _find("host", foreign_port=port)
        assert (tw.state.value, tw.short, tw.timer.name, tw.inode) == (state, True,
                                                                         "timewait", 0)
        assert tw.refcount == 3 and tw.rto is None
    # a FIN_WAIT2 socket still owned by its process is a full line
    fin = _find("host", foreign_port=7002)
    assert fin.state is TcpState.FIN_WAIT2 and not fin.short and fin.inode > 0
    # a listener's accept queue and its Fast Open limit
    backlog = _find("host", local_port=5432, state="LISTEN")
    assert backlog.recv_q == 1 and backlog.fastopen_max_qlen == 0 and backlog.ssthresh is None
    # the connection waiting in that queue has no file yet
    assert _find("host", local_port=5432, state="ESTABLISHED").inode == 0
    # keepalive timers: expiry in ms (clock ticks of 1/100 s)
    keep = _find("host", foreign_port=7003)
    assert keep.timer.name == "keepalive" and keep.timer.expires_ms % 10 == 0
    assert 7_000_000 < keep.timer.expires_ms <= 7_200_000
    # a SYN_SENT to an address nobody answers: one byte queued, retransmitting
    sent = _find("host", state="SYN_SENT")
    assert (sent.send_q, sent.timer.name, sent.foreign_port) == (1, "on", 80)
    # node_exporter accepted after dropping to nobody; its listeners were made as root
    assert _find("host", state="CLOSE_WAIT").uid == 65534
    assert _find("host", local_port=8080, state="LISTEN").uid == 0
    # UDP: a datagram left unread, a connected socket, and the hash bucket as slot
    unread = _find("host", local_port=9)
    assert unread.recv_q > 0 and unread.state is TcpState.CLOSE and unread.drops == 0
    assert _find("host", proto="udp", state="ESTABLISHED").foreign_port == 53
    assert all(s.slot > 0 for s in _parse("host", "udp").sockets)
    # raw: the "port" is the protocol number
    assert _find("host", proto="raw").local_port == 1
    assert _find("host", proto="raw6").local_port == 58
    # IPv4-mapped addresses in tcp6 and the IPv6 word order
    mapped = [s for s in _parse("host", "tcp6").sockets if s.local_address.ipv4_mapped]
    assert {str(s.local_address) for s in mapped} == {"::ffff:a14:1"}
    assert _find("host", local_port=10250, state="ESTABLISHED",
                 foreign_address="fd00:20::2").local_address == ipaddress.ip_address(
                     "fd00:20::1")


def test_big_endian_hosts() -> None:
    """The same table written by a big-endian kernel reads the same with the hint, and
    reading a file in the wrong byte order is pointed out."""
    text = proc_file("host", "tcp").read_text() + proc_file("host", "tcp6").read_text()
    little = parse_proc_net_tcp(text)

    def swap(token: str) -> str:  # each 32-bit word of "HEX:PORT" in the other byte order
        hexa, port = token.split(":")
        words = [hexa[i:i + 8] for i in range(0, len(hexa), 8)]
        return "".join(bytes.fromhex(w)[::-1].hex().upper() for w in words) + ":" + port

    big_lines = []
    for line in text.splitlines(keepends=True):
        fields = line.split()
        if fields[0] != "sl":
            for token in fields[1:3]:
                line = line.replace(token, swap(token), 1)
        big_lines.append(line)
    big_text = "".join(big_lines)
    assert big_text != text
    big = parse_proc_net_tcp(big_text, byte_order="big")
    assert big.sockets == little.sockets and big.diagnostics == ()
    assert render_proc_net_tcp(big) == big_text
    wrong = parse_proc_net_tcp(big_text)
    warnings = [d.message for d in wrong.diagnostics]
    assert any("big-endian" in message and "byte_order='big'" in message
               for message in warnings), warnings
    assert any("little-endian" in d.message
               for d in parse_proc_net_tcp(text, byte_order="big").diagnostics)


def test_tables_are_told_apart_by_their_header() -> None:
    text = "".join(proc_file("host", table).read_text() for table in INET_TABLES)
    out = parse_proc_net_tcp(text)
    # udp6 and raw6 print the same header: without a hint raw6 reads as udp6
    assert out.form.tables == ("tcp", "tcp6", "udp", "udp6", "raw", "udp6")
    assert [d.render() for d in out.diagnostics] == []
    assert len(out.sockets) == sum(len(_parse("host", t).sockets) for t in INET_TABLES)
    assert parse_proc_net_tcp(proc_file("host", "raw6").read_text(),
                              proto="raw6").form.tables == ("raw6",)
    assert parse_proc_net_tcp(proc_file("host", "raw").read_text()).form.tables == ("raw",)
    assert parse_proc_net_tcp(proc_file("host", "udp").read_text()).form.tables == ("udp",)


def test_lines_without_a_header_are_taken_from_their_columns() -> None:
    lines = proc_file("host", "tcp").read_text().splitlines()[1:3]
    lines += proc_file("host", "udp").read_text().splitlines()[1:2]
    out = parse_proc_net_tcp("\n".join(lines) + "\n")
    assert [s.proto for s in out.sockets] == ["tcp", "tcp", "udp"]
    assert [d.severity.value for d in out.diagnostics] == ["info"]
    assert [s.proto for s in parse_proc_net_tcp("\n".join(lines) + "\n",
                                                proto="raw").sockets] == ["raw"] * 3


def test_hints_are_checked() -> None:
    with pytest.raises(ParseError, match="proto must be"):
        parse_proc_net_tcp("", proto="sctp")
    with pytest.raises(ParseError, match="byte_order"):
        parse_proc_net_tcp("", byte_order="middle")


def test_a_garbled_line_loses_only_its_own_socket() -> None:
    lines = proc_file("host", "tcp").read_text().splitlines()
    whole = parse_proc_net_tcp("\n".join(lines) + "\n").sockets
    for index in range(1, len(lines)):
        damaged = list(lines)
        damaged[index] = damaged[index][:40] + "#" + damaged[index][41:]
        out = parse_proc_net_tcp("\n".join(damaged) + "\n", source="tcp")
        assert list(out.sockets) == [s for i, s in enumerate(whole, 1) if i != index]
        assert [(d.line, d.severity.value) for d in out.diagnostics] == [(index + 1, "error")]
        with pytest.raises(ParseError, match=f"tcp:{index + 1}:"):
            parse_proc_net_tcp("\n".join(damaged) + "\n", source="tcp", strict=True)


def test_a_socket_line_of_the_other_family_is_named() -> None:
    four = proc_file("host", "tcp").read_text().splitlines()
    six = proc_file("host", "tcp6").read_text().splitlines()
    out = parse_proc_net_tcp("\n".join([four[0], four[1], six[1], four[2]]) + "\n")
    assert len(out.sockets) == 2
    assert [d.message for d in out.diagnostics] == ["an IPv6 socket line in the tcp table"]
    mixed = four[1].replace(four[1].split()[2], six[1].split()[2], 1)
    out = parse_proc_net_tcp("\n".join([four[0], mixed]) + "\n")
    assert [d.message for d in out.diagnostics] == [
        "the two addresses of a socket line have different widths"]


@pytest.mark.parametrize(("role", "table"), CASES)
def test_json_text_and_fast_path_equal_the_dicts(role: str, table: str) -> None:
    text = proc_file(role, table).read_text()
    dicts = proc_net_tcp_to_json(_parse(role, table))
    dumped = json.dumps(dicts, ensure_ascii=False, separators=(",", ":"))
    assert proc_net_tcp_to_json_text(_parse(role, table)) == dumped
    assert direct_json(text, proto=table)[0] == dumped


def test_json_keys() -> None:
    items = {(s["proto"], s["state"], s["local_port"]): s
             for table in INET_TABLES for s in proc_net_tcp_to_json(_parse("host", table))}
    listener = items[("tcp", "LISTEN", 5432)]
    assert list(listener) == [
        "proto", "recv_q", "send_q", "local_address", "local_port", "foreign_address",
        "foreign_port", "state", "uid", "inode", "timer", "slot", "refcount", "pointer", "rto",
        "ato", "quick_acks", "pingpong", "cwnd", "fastopen_max_qlen"]
    assert listener["local_address"] == "10.20.0.1" and listener["recv_q"] == 1
    assert items[("udp", None, 9)]["drops"] == 0  # an unconnected UDP socket: state null
    assert items[("raw", "7", 1)]["timer"] == {"name": "off", "expires_ms": 0,
                                               "retransmits": 0, "probes": 0}
    tw = next(s for s in items.values() if s["state"] == "TIME_WAIT")
    assert list(tw)[-3:] == ["slot", "refcount", "pointer"]
    mapped = next(s for s in items.values() if s["proto"] == "tcp6" and s["state"] == "SYN_RECV")
    assert mapped["foreign_address"] == "::ffff:10.20.0.77"
