"""lsof in the four forms sos collects, captured in a network namespace: the socket rows are
read with their inodes, addresses, ports (service names without -P), states and UNIX names,
equal to the socket tables and to ss of the same moment."""

from __future__ import annotations

import ipaddress
import json

import pytest

from _proc_net import proc_file, sos_file, ss_truth, topology
from netfacts.errors import ParseError
from netfacts.jsonio.lsof import lsof_to_json
from netfacts.models.lsof import LsofOutput
from netfacts.models.socket import TcpState
from netfacts.parsers.lsof import parse_lsof
from netfacts.parsers.proc_net_unix import parse_proc_net_unix
from netfacts.renderers.lsof import render_lsof

FORMS = {
    "process/lsof_M_-n_-l_-c": (False, False),     # sos 4.1+: no -b, no TID columns
    "process/lsof_-b_M_-n_-l_-c": (False, True),   # sos 3.6-4.0: stderr merged in
    "process/lsof_M_-n_-l": (True, False),         # option lsof-threads: TID, TASKCMD
    "filesys/lsof_-b_M_-n_-l_-P": (True, True),    # filesys plugin: numeric ports
}


def _parse(form: str) -> LsofOutput:
    return parse_lsof(sos_file("host", form).read_text(), source=form)


@pytest.mark.parametrize("form", FORMS)
def test_every_form_reads(form: str) -> None:
    threads, messages = FORMS[form]
    out = _parse(form)
    assert out.form.threads is threads and out.form.header
    assert [d.severity.value for d in out.diagnostics] == (["info"] if messages else [])
    if messages:
        assert "lsof's own messages" in out.diagnostics[0].message
    lines = [x for x in sos_file("host", form).read_text().splitlines()
             if x[:1] != " " and not x.startswith(("lsof:", "COMMAND"))]
    assert len(out.sockets) + out.other_rows == len(lines)
    assert len(out.sockets) >= 50
    again = parse_lsof(render_lsof(out))
    assert again == out and again.diagnostics == ()


@pytest.mark.parametrize("form", FORMS)
def test_the_same_sockets_in_every_form(form: str) -> None:
    mapping = {(row.pid, row.inode, row.fd) for row in _parse(form).sockets}
    assert mapping == {(row.pid, row.inode, row.fd)
                       for row in _parse("process/lsof_M_-n_-l_-c").sockets}


def test_inet_rows_are_the_sockets_ss_saw() -> None:
    """Every IPv4/IPv6 row: inode, pid, fd and the addresses, ports and state ss printed
    for that inode (ports numeric with -P; without it a service name of this host)."""
    truth = {s.inode: s for s in ss_truth("host") if s.inode and s.unix is None}
    for form in ("filesys/lsof_-b_M_-n_-l_-P", "process/lsof_M_-n_-l_-c"):
        rows = [row for row in _parse(form).sockets if row.type in ("IPv4", "IPv6")]
        assert len(rows) >= 30
        for row in rows:
            seen = truth[row.inode]
            assert row.pid in {p.pid for p in seen.processes}
            assert row.fd_number in {p.fd for p in seen.processes}
            assert row.local is not None and seen.local is not None
            if "-P" in form or isinstance(row.local.port, int):
                assert row.local.port == seen.local.port, row
            if row.protocol == "TCP":
                assert row.state is seen.state, row
            else:
                assert row.state is None and row.protocol == "UDP"
            address = row.local.address
            if address is not None and seen.local.address is not None:
                assert ipaddress.ip_address(address) in (
                    seen.local.address, seen.local.unmapped)


def test_service_names_and_odd_rows() -> None:
    rows = _parse("process/lsof_M_-n_-l_-c").sockets
    named = {row.local.port for row in rows if row.local is not None
             and isinstance(row.local.port, str)}
    assert {"http-alt", "domain", "ntp", "postgresql", "discard"} <= named
    numeric = _parse("filesys/lsof_-b_M_-n_-l_-P").sockets
    assert not [row for row in numeric if row.local and isinstance(row.local.port, str)]
    raw6 = [row for row in rows if row.type == "raw6"]
    assert len(raw6) == 1 and raw6[0].device is None and raw6[0].protocol == "RAW6"
    pids = {d["name"]: d["pid"] for d in topology()["daemons"]}
    sock = [row for row in rows if row.type == "sock"]
    assert {row.pid for row in sock} == {pids["peer-services"], pids["peer-client"]}
    assert all(row.device == "0,9" and row.inode for row in sock)
    spaced = [row for row in rows if row.pid == pids["svcd"]]
    assert {row.command for row in spaced} == {"svc\\x20wo"}
    assert {row.process_name for row in spaced} == {"svc wo"}


def test_unix_rows_are_the_kernels_unix_sockets() -> None:
    kernel = {s.inode: s for s in parse_proc_net_unix(proc_file("host", "unix").read_text())
              .sockets}
    rows = [row for row in _parse("process/lsof_M_-n_-l_-c").sockets if row.type == "unix"]
    assert len(rows) == len(kernel)
    for row in rows:
        socket = kernel[row.inode or 0]
        assert row.device == "0x" + socket.address  # lsof's DEVICE is /proc/net/unix's Num
        assert row.socket_type == socket.type
        assert row.state is socket.state
        # lsof cuts the name at its first blank
        assert row.path == (socket.path.split(" ")[0] if socket.path else None)


def test_json() -> None:
    items = lsof_to_json(_parse("process/lsof_M_-n_-l_-c"))
    listener = next(i for i in items if i["local_port"] == "http-alt" and i["state"] == "LISTEN")
    assert listener["local_address"] is None and listener["user"] == "65534"
    assert list(listener) == [
        "command", "pid", "tid", "task_command", "user", "fd", "type", "device", "size_off",
        "node", "name", "inode", "protocol", "local_address", "local_port", "foreign_address",
        "foreign_port", "state", "path", "socket_type"]
    unix = next(i for i in items if i["path"] == "@h12p-containerd-abstract")
    assert (unix["socket_type"], unix["state"], unix["protocol"]) == ("STREAM", "LISTEN", "UNIX")
    mapped = [i for i in items if i["type"] == "IPv6" and i["local_address"] == "10.20.0.1"]
    assert mapped  # lsof prints an IPv4-mapped address as plain IPv4
    json.dumps(items)


def test_a_garbled_line_loses_only_its_own_row() -> None:
    lines = sos_file("host", "process/lsof_M_-n_-l_-c").read_text().splitlines()
    whole = parse_lsof("\n".join(lines) + "\n").sockets
    socket_lines = [i for i, x in enumerate(lines) if " IPv4 " in x or " unix " in x]
    for index in socket_lines[:12]:
        damaged = list(lines)
        damaged[index] = damaged[index][:12] + "#"  # no longer a row
        out = parse_lsof("\n".join(damaged) + "\n", source="lsof")
        assert len(out.sockets) == len(whole) - 1
        assert [(d.line, d.severity.value) for d in out.diagnostics] == [(index + 1, "error")]
        with pytest.raises(ParseError, match=f"lsof:{index + 1}:"):
            parse_lsof("\n".join(damaged) + "\n", source="lsof", strict=True)


def test_a_unix_state_word_means_the_socket_state() -> None:
    out = parse_lsof("COMMAND PID USER FD TYPE DEVICE SIZE/OFF NODE NAME\n"
                     "a 1 0 3u unix 0x1 0t0 5 /x type=DGRAM (UNCONNECTED)\n"
                     "a 1 0 4u unix 0x2 0t0 6 socket\n")
    first, second = out.sockets
    assert first.state is TcpState.CLOSE and second.state is None and second.path is None


@pytest.mark.parametrize("digit", ["²", "٣", "9" * 5000])
def test_digits_int_cannot_read_never_raise(digit: str) -> None:
    """Found by the garbled-capture fuzz test: '²' is a digit to str.isdigit() but not to
    int(), and lsof_to_json raised ValueError on a peer port like it.  In the DEVICE
    column it makes the row no socket row: a warning says so."""
    row = ("etcd    42  0      7u   IPv4 {device}      0t0  TCP "
           "127.0.0.1:2379->127.0.0.1:{port} (ESTABLISHED)\n")
    head = "COMMAND PID USER   FD   TYPE DEVICE SIZE/OFF NODE NAME\n"
    output = parse_lsof(head + row.format(device="123", port=digit))
    (sock,) = output.sockets
    assert sock.peer is not None and sock.peer.port == digit
    assert sock.inode == 123
    lsof_to_json(output)
    damaged = parse_lsof(head + row.format(device=digit, port="80"))
    assert not damaged.sockets
    assert [(d.line, d.severity.value) for d in damaged.diagnostics] == [(2, "warning")]
