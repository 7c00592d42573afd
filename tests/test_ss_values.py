"""ss corpus captures (iproute2 3.10 to 7.1): every layout parses, and the facts of
``fixtures/corpus/MANIFEST.txt`` come out as typed values.

Also: regressions for every ss failure of jc listed in ``PEER-jc.md``, the netstat-shaped
JSON of ss sockets, and strict-mode errors.
"""

from __future__ import annotations

import ipaddress
import json
from pathlib import Path

import pytest

from conftest import CORPUS
from netfacts.errors import ParseError, Severity
from netfacts.jsonio.netstat import socket_to_netstat_json
from netfacts.jsonio.ss import ss_to_json
from netfacts.models.socket import Socket, TcpState, Timer
from netfacts.models.ss import SsOutput
from netfacts.parsers.ss import parse_ss, parse_timer_text, sniff
from netfacts.renderers.ss import format_timer_ms

CAPTURES = sorted(
    p for p in [*CORPUS.glob("ss-*.txt"), *CORPUS.glob("far_ss-*.txt")]
    if not p.name.endswith(".stderr.txt")
)
WARNINGS_ALLOWED = ("skipped ss's usage text", "the last line has no line end")


def parse(name: str, **hints: str) -> SsOutput:
    out = parse_ss((CORPUS / name).read_text(), source=name, **hints)
    assert [d for d in out.diagnostics if d.severity is Severity.ERROR] == []
    return out


def by_local(out: SsOutput, text: str) -> list[Socket]:
    from netfacts.renderers.ss import ss_endpoint_text

    return [s for s in out.sockets if ss_endpoint_text(s, False) == text]


def test_the_corpus_has_all_versions() -> None:
    versions = {p.name.split("__")[0] for p in CAPTURES}
    assert {"ss-3.10", "ss-4.9", "ss-5.4", "ss-6.1", "ss-7.1", "far_ss-6.1"} <= versions


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_every_capture_parses_without_errors(path: Path) -> None:
    text = path.read_text()
    out = parse_ss(text, source=path.name)
    for diagnostic in out.diagnostics:
        assert diagnostic.severity is Severity.WARNING, diagnostic.render()
        assert diagnostic.message.startswith(WARNINGS_ALLOWED), diagnostic.render()
    if text.strip() and "Usage:" not in text:
        assert out.sockets or out.summary is not None
        assert sniff(text.splitlines()[:40]) is not None
    json.dumps(ss_to_json(out))


def test_5_4_pads_the_last_line_without_a_line_end() -> None:
    out = parse("ss-5.4__-tlnp.txt")
    (warning,) = out.diagnostics
    assert warning.line == 10 and "no line end" in warning.message
    assert len(out.sockets) == 9


# ------------------------------------------------------------ layouts


@pytest.mark.parametrize(("name", "netid", "state", "header", "count"), [
    ("ss-6.1__-anp.txt", True, True, True, 55),
    ("ss-6.1__-tlnp.txt", False, True, True, 9),
    ("ss-6.1__-tn_state_established.txt", False, False, True, 12),
    ("ss-6.1__-H_-tln.txt", False, True, False, 9),
    ("ss-3.10__-tlnp.txt", False, True, True, 9),
    ("ss-5.4__-tuna.txt", True, True, True, 33),
    ("ss-6.1__-tanp_tty80cols.txt", False, True, True, 25),
])
def test_column_layouts(name: str, netid: bool, state: bool, header: bool, count: int) -> None:
    out = parse(name)
    assert (out.form.netid_column, out.form.state_column, out.form.header) == (
        netid, state, header)
    assert len(out.sockets) == count
    if not state:
        assert {s.state for s in out.sockets} == {None}
    if not netid:
        assert {s.proto for s in out.sockets} == {None}
        hinted = parse(name, netid="tcp")
        assert {s.proto for s in hinted.sockets} == {"tcp"}


def test_process_header_glued_or_not() -> None:
    """6.1 prints ``Peer Address:PortProcess`` when the port column is 4 wide: jc then files
    the process under ``opts`` instead of ``process``."""
    glued = parse("ss-6.1__-tlnp.txt")
    assert glued.form.process_header
    spaced = parse("ss-6.1__-tulpn.txt")
    for out in (glued, spaced):
        sshd = [s for s in out.sockets if s.local_port == 22]
        assert [s.processes[0].name for s in sshd] == ["sshd", "sshd"]
        assert {s.pid for s in sshd} == {10079}


# ------------------------------------------------------------ addresses and processes


def test_address_forms() -> None:
    out = parse("ss-6.1__-anp.txt")
    (dhcp,) = [s for s in out.sockets if s.local_port == 68]
    assert dhcp.local is not None
    assert (dhcp.local.address, dhcp.local.interface) == (ipaddress.ip_address("0.0.0.0"), "eth0")
    (http,) = [s for s in out.sockets if s.local_port == 80 and s.is_listening]
    assert http.local is not None and http.local.address is None  # "*:80": dual-stack
    mapped = by_local(out, "[::ffff:127.0.0.1]:40626")[0]
    assert mapped.local is not None
    assert mapped.local.address == ipaddress.ip_address("::ffff:127.0.0.1")
    assert mapped.local_address == ipaddress.ip_address("127.0.0.1")
    (link_local,) = [s for s in out.sockets if s.local_port == 8081 and s.is_listening]
    assert link_local.local is not None and link_local.local.interface == "eth0"
    long = next(s for s in out.sockets if s.local_port == 443 and s.is_listening)
    assert long.local_address == ipaddress.ip_address("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1")
    item = ss_to_json(out)["sockets"][out.sockets.index(dhcp)]
    assert (item["local_address"], item["local_port"], item["local_interface"]) == (
        "0.0.0.0", 68, "eth0")


def test_old_address_forms() -> None:
    old = parse("ss-3.10__-anp.txt")
    assert any(s.local_address == ipaddress.ip_address("2001:db8:aaaa:bbbb:cccc:dddd:eeee:1")
               for s in old.sockets)
    assert any(s.local is not None and s.local.address == ipaddress.ip_address(
        "::ffff:127.0.0.1") for s in old.sockets)
    star = parse("ss-4.9__-anp.txt")
    (dhcp,) = [s for s in star.sockets if s.local_port == 68]
    assert dhcp.local is not None and (dhcp.local.address, dhcp.local.interface) == (None, "eth0")


def test_process_names_with_spaces_commas_and_parentheses() -> None:
    out = parse("ss-6.1__-anp.txt")
    names = {p.name for s in out.sockets for p in s.processes}
    # the comm "cli,x (y)" is cut by ss at its first ")"
    assert names == {"postgres", "nginx: master", "cli,x (y", "sshd", "systemd-resolve",
                     "python3.11"}
    client = next(s for s in out.sockets if s.program == "cli,x (y")
    assert (client.pid, client.processes[0].fd) is not None
    old = parse("ss-3.10__-anp.txt")
    assert next(s for s in old.sockets if s.program == "cli,x (y").processes[0].fd == 13


def test_several_processes_on_one_socket() -> None:
    text = ('State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n'
            'LISTEN 0      511          0.0.0.0:80        0.0.0.0:*     '
            'users:(("nginx",pid=11,fd=6),("nginx",pid=10,fd=6),("we \\"ird",pid=9,fd=3))\n')
    (socket,) = parse_ss(text).sockets
    assert [(p.name, p.pid, p.fd) for p in socket.processes] == [
        ("nginx", 11, 6), ("nginx", 10, 6), ('we \\"ird', 9, 3)]


def test_unix_rows() -> None:
    out = parse("ss-6.1__-anp.txt")
    unix = [s for s in out.sockets if s.unix is not None]
    assert len(unix) == 11
    spaced = [s for s in unix if s.unix.path == "/var/run/demo123/my app.sock"]  # type: ignore[union-attr]
    assert {s.inode for s in spaced} == {102211, 102325}
    unnamed = [s for s in unix if s.unix.path is None]  # type: ignore[union-attr]
    assert len(unnamed) == 4 and all(s.unix.peer_inode for s in unnamed)  # type: ignore[union-attr]
    seq = next(s for s in unix if s.proto == "u_seq")
    assert seq.unix.type == "SEQPACKET" and seq.state is TcpState.LISTEN  # type: ignore[union-attr]
    item = ss_to_json(out)["sockets"][out.sockets.index(spaced[0])]
    assert (item["local_address"], item["local_port"], item["peer_address"],
            item["peer_port"]) == ("/var/run/demo123/my app.sock", 102211, None, 0)


def test_netlink_rows() -> None:
    out = parse("ss-6.1__-peaonmi.txt")
    nl = [s for s in out.sockets if s.proto == "nl"]
    assert len(nl) == 9
    assert nl[1].local is not None and (nl[1].local.address, nl[1].local.port) == ("4", 11334)
    assert nl[0].ss is not None and dict(nl[0].ss.netlink) == {
        "sk": "0", "cb": "0", "groups": "0x00000000"}
    assert nl[0].ss.skmem is not None and dict(nl[0].ss.skmem)["rb"] == 212992


# ------------------------------------------------------------ extensions


def test_peaonmi_extensions() -> None:
    out = parse("ss-6.1__-peaonmi.txt")
    assert len(out.sockets) == 55  # continuation lines joined, not extra records
    resolver = next(s for s in out.sockets if s.proto == "udp" and s.state is
                    TcpState.ESTABLISHED)
    assert resolver.ss is not None
    assert (resolver.ss.uid, resolver.inode, resolver.ss.cookie, resolver.ss.cgroup,
            resolver.ss.shutdown) == (65534, 102218, "1204", "unreachable:1", "<->")
    v6only = {s.local_port: s.ss.v6only for s in out.sockets if s.ss and s.ss.v6only is not None}
    assert v6only[80] is False and v6only[22] is True
    listen = next(s for s in out.sockets if s.unix is not None and s.state is TcpState.LISTEN)
    assert listen.ss is not None and listen.ss.peers == () and listen.ss.vfs_dev == "0/65024"
    closing = next(s for s in out.sockets if s.state is TcpState.CLOSE_WAIT)
    assert closing.ss is not None and closing.ss.shutdown == "-->"
    info = dict(closing.ss.tcp_info)
    assert info["rto"] == "204" and info["send"] == "374491428571bps" and "sack" in info
    item = ss_to_json(out)["sockets"][out.sockets.index(closing)]
    assert item["tcp_info"]["rto"] == 204 and item["tcp_info"]["ts"] is True
    assert item["skmem"]["r"] == 832


def test_timers() -> None:
    out = parse("ss-6.1__-peaonmi.txt")
    timers = {s.timer.name: s.timer for s in out.sockets if s.timer is not None}
    assert timers["on"] == Timer(name="on", expires_ms=9076, retransmits=8)  # 9.076 s
    assert timers["keepalive"] == Timer(name="keepalive", expires_ms=119 * 60000, retransmits=0)
    assert timers["timewait"] == Timer(name="timewait", expires_ms=33000, retransmits=0)
    old = {s.timer.name: s.timer for s in parse("ss-3.10__-peaonmi.txt").sockets if s.timer}
    assert old["on"].expires_ms == 9376  # 3.10 prints the timer before users:


@pytest.mark.parametrize(("text", "ms"), [
    ("119min", 7140000), ("33sec", 33000), ("1min5sec", 65000), ("200ms", 200),
    ("9.076ms", 9076), ("1min", 60000), ("005ms", 5), ("", None),
])
def test_timer_times(text: str, ms: int | None) -> None:
    assert parse_timer_text(text) == ms
    assert format_timer_ms(ms) == text.replace("005ms", "005ms")


def test_summary() -> None:
    new = parse("ss-6.1__-s.txt").summary
    assert new is not None
    assert (new.total, new.tcp_total, dict(new.tcp)["estab"]) == (43, 26, "13")
    assert [(r.name, r.total, r.ip, r.ipv6) for r in new.transports][2] == ("TCP", 24, 11, 13)
    old = parse("ss-3.10__-s.txt").summary
    assert old is not None and (old.kernel, old.ports) == (284, 0)
    assert old.transports[0].name == "*" and old.transports[0].ip is None
    data = ss_to_json(parse("ss-6.1__-s.txt"))
    assert data["summary"]["tcp"] == {"total": 26, "estab": 13, "closed": 2, "orphaned": 0,
                                      "timewait": 1}


# ------------------------------------------------------------ netstat-shaped JSON


def test_ss_sockets_as_netstat_sockets() -> None:
    """The snapshot prints sockets shaped like netstat's, whichever command they came from."""
    out = parse("ss-6.1__-anp.txt")
    items = [socket_to_netstat_json(s) for s in out.sockets]
    http = next(i for i in items if i.get("local_port") == 80 and i["state"] == "LISTEN")
    assert http == {"proto": "tcp6", "recv_q": 0, "send_q": 16, "local_address": "::",
                    "local_port": 80, "foreign_address": "::", "foreign_port": None,
                    "state": "LISTEN", "pid": 10080, "program": "nginx: master"}
    mapped = next(i for i in items if i.get("local_port") == 40626)
    assert (mapped["proto"], mapped["local_address"]) == ("tcp6", "127.0.0.1")
    udp = next(i for i in items if i["proto"] == "udp" and i.get("local_port") == 53)
    assert udp["state"] is None and udp["foreign_address"] == "0.0.0.0"
    raw = next(i for i in items if i["proto"] == "raw")
    assert raw["state"] == "7"
    unix = next(i for i in items if i.get("path") == "/var/run/demo123/log.sock")
    assert unix == {"proto": "unix", "refcnt": None, "flags": [], "type": "DGRAM",
                    "state": None, "inode": 101043, "pid": 10081, "program": "postgres",
                    "path": "/var/run/demo123/log.sock"}
    listening = next(i for i in items if i.get("path") == "@gr/abstract-sshd")
    assert (listening["flags"], listening["state"]) == (["ACC"], "LISTENING")


def test_ss_and_netstat_of_one_host_give_the_same_netstat_json() -> None:
    """The corpus ss and netstat captures were taken of the same sockets: the fields both
    tools print agree once normalised to netstat's shape."""
    from netfacts.parsers.netstat import parse_netstat

    netstat = parse_netstat((CORPUS / "netstat-2.10__-W_-anp.txt").read_text(), wide=True)
    ss = parse("ss-6.1__-anp.txt")
    keys = ("proto", "local_address", "local_port", "foreign_address", "foreign_port", "state",
            "pid")

    def rows(sockets: tuple[Socket, ...]) -> set[tuple[object, ...]]:
        return {tuple(socket_to_netstat_json(s)[k] for k in keys) for s in sockets
                if s.transport in ("tcp", "udp") and s.state is TcpState.LISTEN}

    assert rows(netstat.sockets) == rows(ss.sockets)


# ------------------------------------------------------------ jc's failures (PEER-jc.md)


def test_jc_no_netid_column() -> None:
    """``ss -tlnp`` has no Netid column: jc raises KeyError."""
    assert len(parse("ss-6.1__-tlnp.txt").sockets) == 9


def test_jc_headerless() -> None:
    """``ss -H``: jc raises KeyError."""
    assert len(parse("ss-7.1__-H_-tln.txt").sockets) == 9


def test_jc_summary() -> None:
    assert parse("ss-7.1__-s.txt").summary is not None


def test_jc_continuation_lines() -> None:
    """With ``-i`` jc duplicates a record per continuation line and drops the TCP info."""
    out = parse("ss-6.1__-tanpi.txt")
    assert len(out.sockets) == 25
    assert all(s.ss is not None and s.ss.tcp_info for s in out.sockets
               if s.state is not TcpState.TIME_WAIT)


def test_jc_unix_paths_with_spaces_and_unnamed_sockets() -> None:
    out = parse("ss-6.1__-xlp.txt")
    assert out.sockets[0].unix is not None
    assert out.sockets[0].unix.path == "/var/run/demo123/my app.sock"
    assert out.sockets[0].inode == 102211


def test_jc_stray_line() -> None:
    lines = (CORPUS / "ss-6.1__-anp.txt").read_text().splitlines(keepends=True)
    damaged = "".join([*lines[:10], "%%% not a row %%%\n", *lines[10:]])
    out = parse_ss(damaged, source="x")
    (error,) = [d for d in out.diagnostics if d.severity is Severity.ERROR]
    assert (error.line, error.column) == (11, 1)
    assert len(out.sockets) == 55


# ------------------------------------------------------------ strict mode and noise


@pytest.mark.parametrize(("row", "column", "message"), [
    ("tcp   LISTEN 0 16 0.0.0.0 0.0.0.0:*", 19, "Expected ADDRESS:PORT, found '0.0.0.0'"),
    ("tcp   LISTEN x 16 0.0.0.0:22 0.0.0.0:*", 14, "Expected decimal number"),
])
def test_strict_errors_name_line_and_column(row: str, column: int, message: str) -> None:
    text = ("Netid State  Recv-Q Send-Q Local Address:Port Peer Address:Port Process\n"
            "tcp   LISTEN 0      16     0.0.0.0:22         0.0.0.0:*\n" + row + "\n")
    lenient = parse_ss(text, source="x.txt")
    assert len(lenient.sockets) == 1
    (error,) = [d for d in lenient.diagnostics if d.severity is Severity.ERROR]
    assert (error.line, error.column) == (3, column)
    assert error.message.startswith(message)
    with pytest.raises(ParseError) as raised:
        parse_ss(text, strict=True, source="x.txt")
    assert str(raised.value).startswith(f"x.txt:3:{column}: error: {message}")


def test_noise_around_a_capture() -> None:
    out = parse_ss((CORPUS / "synthetic" / "ss_with_login_banner_and_prompt.txt").read_text())
    assert [(d.line, d.severity, d.message) for d in out.diagnostics] == [
        (1, Severity.WARNING, "skipped login banner"),
        (2, Severity.WARNING, "skipped shell prompt"),
        (13, Severity.WARNING, "skipped shell prompt"),
        (14, Severity.WARNING, "skipped the exit status printed by 'echo $?'"),
    ]
    assert len(out.sockets) == 9


# ------------------------------------------------------------ record lines (snapshot origins)


@pytest.mark.parametrize("path", CAPTURES, ids=lambda p: p.name)
def test_record_lines_point_at_each_socket_row(path: Path) -> None:
    """``record_lines`` gives the line where each socket's row begins: it holds the
    socket's local port (or UNIX inode) and is never a continuation line."""
    text = path.read_text(errors="replace")
    out = parse_ss(text)
    lines = text.splitlines()
    assert len(out.record_lines) == len(out.sockets)
    assert list(out.record_lines) == sorted(set(out.record_lines))
    for socket, number in zip(out.sockets, out.record_lines):
        row = lines[number - 1]
        assert not row.startswith("\t")
        if socket.unix is not None:
            assert str(socket.inode) in row.split()
        elif isinstance(socket.local_port, int):
            assert f":{socket.local_port} " in row + " "
