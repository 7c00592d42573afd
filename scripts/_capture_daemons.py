#!/usr/bin/env python3
"""Stand-in daemons and small network helpers for ``capture_fixtures.py``.

Standard library only.  Every sub-command is meant to run *inside* a network
namespace (``ip netns exec NS python3 _capture_daemons.py ...``); nothing here
creates namespaces or touches anything outside the namespace it runs in
(except the report files and UNIX socket paths it is told to use).

Sub-commands
------------
``daemon --spec FILE --report FILE [--comm NAME] [--user UID]``
    Open the sockets described in the JSON spec (a list of operations, see
    ``OPS`` below), write a JSON report (pid, argv[0], comm, every socket with
    its local/peer address) and then sleep until SIGTERM.  The report is
    rewritten atomically every time a listener accepts or closes a connection.
    ``argv[0]`` is whatever the caller exec'd us with (``exec -a NAME``);
    ``--comm`` sets /proc/PID/comm with prctl(PR_SET_NAME).

``poke [--count N] [--interval S] TARGET...``
    Send one small UDP datagram (port 9, "discard") to every TARGET, N times.
    TARGET is ``ADDR`` or ``ADDR%IFNAME`` (IPv6 link-local).  Used to make the
    kernel resolve neighbours.  ``--count 0`` loops until killed (the
    background "poker" that keeps an INCOMPLETE neighbour entry alive).

``nladdr IFNAME ADDR/PLEN FLAG[,FLAG...]``
    Add an IPv6 address with raw rtnetlink, for flags iproute2 6.1 cannot
    set (``optimistic``).
"""

from __future__ import annotations

import argparse
import contextlib
import errno
import functools
import json
import os
import signal
import socket
import struct
import sys
import threading
import time
from typing import Any

from _capture import address_family, retry, set_comm, write_json

SockAddr = tuple[str, int] | tuple[str, int, int, int]
SO_BINDTODEVICE = getattr(socket, "SO_BINDTODEVICE", 25)

_lock = threading.Lock()
_state: dict[str, Any] = {}
_report = {"path": ""}
_keep: list[Any] = []  # keep every socket object alive


# ---------------------------------------------------------------- helpers
def read_comm() -> str:
    with open("/proc/self/comm", encoding="utf-8", errors="replace") as fh:
        return fh.read().rstrip("\n")


def write_report() -> None:
    with _lock:
        write_json(_report["path"], _state)


def sockaddr(family: int, addr: str, port: int, scope: str | None = None) -> SockAddr:
    if family == socket.AF_INET6:
        return (addr, port, 0, socket.if_nametoindex(scope) if scope else 0)
    return (addr, port)


def name_of(sa: Any) -> dict[str, Any]:
    """getsockname()/getpeername() tuple -> {'address', 'port'[, 'scope_id']}"""
    if isinstance(sa, tuple):
        d = {"address": sa[0], "port": sa[1]}
        if len(sa) == 4 and sa[3]:
            d["scope_id"] = sa[3]
            with contextlib.suppress(OSError):
                d["scope"] = socket.if_indextoname(sa[3])
        return d
    if isinstance(sa, bytes):  # abstract unix name
        return {"path": "@" + sa[1:].decode(errors="replace") if sa[:1] == b"\0" else sa.decode()}
    return {"path": sa or None}


def tcp_info_state(s: socket.socket) -> int:
    info = s.getsockopt(socket.IPPROTO_TCP, socket.TCP_INFO, 8)
    return info[0]


# ---------------------------------------------------------------- operations
def _bindable(op: dict[str, Any], kind: socket.SocketKind
              ) -> tuple[socket.socket, socket.AddressFamily]:
    """A socket of ``op``'s family with SO_REUSEADDR, ``v6only`` and ``device`` applied."""
    f = address_family(op.get("family", 4))
    s = socket.socket(f, kind)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    if f == socket.AF_INET6 and "v6only" in op:
        s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(op["v6only"]))
    if op.get("device"):
        s.setsockopt(socket.SOL_SOCKET, SO_BINDTODEVICE, op["device"].encode())
    return s, f


def op_listen(op: dict[str, Any], rec: dict[str, Any]) -> None:
    s, f = _bindable(op, socket.SOCK_STREAM)
    sa = sockaddr(f, op["addr"], op["port"], op.get("scope"))
    retry(lambda: s.bind(sa), f"bind {op['addr']}:{op['port']}")
    s.listen(op.get("backlog", 128))
    _keep.append(s)
    rec.update(name_of(s.getsockname()))
    rec["state"] = "LISTEN"
    rec["accepted"] = []
    if op.get("accept", True):
        t = threading.Thread(
            target=accept_loop, args=(s, rec, op.get("close_on_eof", True)), daemon=True
        )
        t.start()


def accept_loop(s: socket.socket, rec: dict[str, Any], close_on_eof: bool) -> None:
    while True:
        try:
            c, _ = s.accept()
        except OSError:
            return
        _keep.append(c)
        conn = {
            "local": name_of(c.getsockname()),
            "peer": name_of(c.getpeername()),
            "state": "ESTABLISHED",
        }
        with _lock:
            rec["accepted"].append(conn)
        write_report()
        threading.Thread(target=reader, args=(c, conn, close_on_eof), daemon=True).start()


def reader(c: socket.socket, conn: dict[str, Any], close_on_eof: bool) -> None:
    while True:
        try:
            data = c.recv(65536)
        except OSError:
            data = b""
        if not data:
            with _lock:
                if close_on_eof:
                    conn["state"] = "CLOSED"
                else:
                    conn["state"] = "CLOSE-WAIT"
            if close_on_eof:
                c.close()
            write_report()
            return


def op_connect(op: dict[str, Any], rec: dict[str, Any]) -> None:
    f = address_family(op.get("family", 4))
    conns = []
    for _ in range(op.get("count", 1)):
        s = socket.socket(f, socket.SOCK_STREAM)
        if op.get("keepalive"):
            s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
            s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, op.get("keepidle", 7200))
        if op.get("bind"):
            s.bind(sockaddr(f, op["bind"], 0, op.get("scope")))
        sa = sockaddr(f, op["addr"], op["port"], op.get("scope"))
        entry: dict[str, Any] = {}
        if op.get("nonblock"):  # SYN-SENT on purpose
            s.setblocking(False)
            err = s.connect_ex(sa)
            if err not in (0, errno.EINPROGRESS):
                raise OSError(err, f"connect {op['addr']}:{op['port']}")
            entry["state"] = "SYN-SENT"
            entry["local"] = name_of(s.getsockname())
            entry["peer"] = {"address": op["addr"], "port": op["port"]}
        else:
            retry(functools.partial(s.connect, sa), f"connect {op['addr']}:{op['port']}")
            entry["local"] = name_of(s.getsockname())
            entry["peer"] = name_of(s.getpeername())
            entry["state"] = "ESTABLISHED"
            if op.get("send"):
                s.sendall(op["send"].encode())
                entry["sent_bytes"] = len(op["send"].encode())
            if op.get("shutdown_wr"):
                s.shutdown(socket.SHUT_WR)
                entry["state"] = "FIN-WAIT-2"
            if op.get("close"):
                s.close()
                entry["state"] = "TIME-WAIT"
                entry["owned"] = False
        if op.get("keepalive"):
            entry["keepalive"] = True
        conns.append(entry)
        _keep.append(s)
    rec["connections"] = conns


def op_udp(op: dict[str, Any], rec: dict[str, Any]) -> None:
    s, f = _bindable(op, socket.SOCK_DGRAM)
    if op.get("device"):
        rec["device"] = op["device"]
    if "addr" in op:
        sa = sockaddr(f, op["addr"], op.get("port", 0), op.get("scope"))
        retry(lambda: s.bind(sa), f"bind udp {op['addr']}")
    if op.get("connect"):
        a, p = op["connect"]
        s.connect(sockaddr(f, a, p))
        rec["peer"] = name_of(s.getpeername())
        rec["state"] = "ESTABLISHED"
        with contextlib.suppress(OSError):
            s.send(b"\x1b" + b"\0" * 47)  # an NTP-shaped datagram
    else:
        rec["state"] = "UNCONN"
    rec.update(name_of(s.getsockname()))
    _keep.append(s)


def op_raw(op: dict[str, Any], rec: dict[str, Any]) -> None:
    f = address_family(op.get("family", 4))
    proto = socket.IPPROTO_ICMPV6 if f == socket.AF_INET6 else socket.IPPROTO_ICMP
    s = socket.socket(f, socket.SOCK_RAW, proto)
    rec["protocol"] = proto
    rec.update(name_of(s.getsockname()))
    _keep.append(s)


UNIX_TYPES = {
    "stream": socket.SOCK_STREAM,
    "dgram": socket.SOCK_DGRAM,
    "seqpacket": socket.SOCK_SEQPACKET,
}


def unix_addr(path: str) -> str:
    return "\0" + path[1:] if path.startswith("@") else path


def op_unix(op: dict[str, Any], rec: dict[str, Any]) -> None:
    t = UNIX_TYPES[op.get("type", "stream")]
    s = socket.socket(socket.AF_UNIX, t)
    path = op["path"]
    if not path.startswith("@") and os.path.exists(path):
        os.unlink(path)
    s.bind(unix_addr(path))
    rec["path"] = path
    if t != socket.SOCK_DGRAM:
        s.listen(op.get("backlog", 16))
        rec["state"] = "LISTEN"
        rec["accepted"] = []
        if op.get("accept", True):
            threading.Thread(target=unix_accept_loop, args=(s, rec), daemon=True).start()
    else:
        rec["state"] = "UNCONN"
    _keep.append(s)


def unix_accept_loop(s: socket.socket, rec: dict[str, Any]) -> None:
    while True:
        try:
            c, _ = s.accept()
        except OSError:
            return
        _keep.append(c)
        with _lock:
            rec["accepted"].append({"state": "ESTABLISHED", "path": rec["path"]})
        write_report()


def op_unix_connect(op: dict[str, Any], rec: dict[str, Any]) -> None:
    t = UNIX_TYPES[op.get("type", "stream")]
    conns = []
    for _ in range(op.get("count", 1)):
        s = socket.socket(socket.AF_UNIX, t)
        retry(functools.partial(s.connect, unix_addr(op["path"])), f"connect unix {op['path']}")
        conns.append({"state": "ESTABLISHED", "peer_path": op["path"]})
        _keep.append(s)
    rec["path"] = None
    rec["connections"] = conns


def op_socketpair(op: dict[str, Any], rec: dict[str, Any]) -> None:
    t = UNIX_TYPES[op.get("type", "stream")]
    a, b = socket.socketpair(socket.AF_UNIX, t)
    _keep.extend([a, b])
    rec["state"] = "ESTABLISHED"
    rec["path"] = None


OPS = {
    "listen": op_listen,  # tcp listener; accept thread unless accept=false
    "connect": op_connect,  # tcp client(s): count, keepalive, shutdown_wr, close, nonblock
    "udp": op_udp,  # udp socket: bind, optional connect, SO_BINDTODEVICE
    "raw": op_raw,  # raw ICMP / ICMPv6
    "unix": op_unix,  # unix listener (stream/seqpacket) or bound dgram
    "unix_connect": op_unix_connect,
    "socketpair": op_socketpair,
}


def cmd_daemon(args: argparse.Namespace) -> int:
    _report["path"] = args.report
    with open(args.spec, encoding="utf-8") as fh:
        spec = json.load(fh)
    if args.comm:
        set_comm(args.comm)
    with open("/proc/self/cmdline", "rb") as fh:
        argv0 = fh.read().split(b"\0")[0].decode(errors="replace")
    _state.update(
        {"pid": os.getpid(), "argv0": argv0, "comm": read_comm(), "sockets": [], "ready": False}
    )
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))
    try:
        for op in spec:
            rec = {"op": op["op"], "label": op.get("label", "")}
            for key in ("proto", "family", "type"):
                if key in op:
                    rec[key] = op[key]
            if op["op"] in ("listen", "connect"):
                rec.setdefault("proto", "tcp")
            elif op["op"] == "udp":
                rec.setdefault("proto", "udp")
            elif op["op"] == "raw":
                rec.setdefault("proto", "raw")
            else:
                rec.setdefault("proto", "unix")
            if "v6only" in op:
                rec["v6only"] = op["v6only"]
            if op.get("device"):
                rec["device"] = op["device"]
            OPS[op["op"]](op, rec)
            with _lock:
                _state["sockets"].append(rec)
    except Exception as exc:  # report the failure, the caller aborts
        _state["error"] = f"{type(exc).__name__}: {exc}"
        write_report()
        return 1
    if args.user is not None:
        os.chmod(os.path.dirname(os.path.abspath(args.report)), 0o777)
        os.setgroups([])
        os.setgid(args.user)
        os.setuid(args.user)
        _state["uid"] = args.user
    else:
        _state["uid"] = os.getuid()
    _state["ready"] = True
    write_report()
    while True:
        signal.pause()


def parse_target(t: str) -> tuple[socket.AddressFamily, SockAddr]:
    scope = None
    if "%" in t:
        t, scope = t.split("%", 1)
    if ":" in t:
        return socket.AF_INET6, (t, 9, 0, socket.if_nametoindex(scope) if scope else 0)
    return socket.AF_INET, (t, 9)


def cmd_poke(args: argparse.Namespace) -> int:
    targets = [parse_target(t) for t in args.targets]
    socks = {
        socket.AF_INET: socket.socket(socket.AF_INET, socket.SOCK_DGRAM),
        socket.AF_INET6: socket.socket(socket.AF_INET6, socket.SOCK_DGRAM),
    }
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    n = 0
    while args.count == 0 or n < args.count:
        for f, sa in targets:
            with contextlib.suppress(OSError):  # EHOSTUNREACH after FAILED is expected
                socks[f].sendto(b"netfacts-fixture-poke", sa)
        n += 1
        if args.count == 0 or n < args.count:
            time.sleep(args.interval)
    return 0


IFA_FLAG_BITS = {
    "secondary": 0x01,
    "nodad": 0x02,
    "optimistic": 0x04,
    "dadfailed": 0x08,
    "home": 0x10,
    "deprecated": 0x20,
    "tentative": 0x40,
    "permanent": 0x80,
    "mngtmpaddr": 0x100,
    "noprefixroute": 0x200,
}


def cmd_nladdr(args: argparse.Namespace) -> int:
    addr, plen = args.prefix.split("/")
    flags = 0
    for f in args.flags.split(","):
        if f:
            flags |= IFA_FLAG_BITS[f]
    idx = socket.if_nametoindex(args.ifname)

    def attr(t: int, data: bytes) -> bytes:
        ln = 4 + len(data)
        return struct.pack("HH", ln, t) + data + b"\0" * ((4 - ln % 4) % 4)

    raw = socket.inet_pton(socket.AF_INET6, addr)
    body = (
        struct.pack("BBBBI", socket.AF_INET6, int(plen), flags & 0xFF, 0, idx)
        + attr(1, raw)
        + attr(2, raw)
        + attr(8, struct.pack("I", flags))
    )  # IFA_ADDRESS, IFA_LOCAL, IFA_FLAGS
    RTM_NEWADDR, NLM_F_REQUEST, NLM_F_ACK, NLM_F_EXCL, NLM_F_CREATE = 20, 1, 4, 0x200, 0x400
    hdr = struct.pack(
        "IHHII",
        16 + len(body),
        RTM_NEWADDR,
        NLM_F_REQUEST | NLM_F_ACK | NLM_F_EXCL | NLM_F_CREATE,
        1,
        0,
    )
    s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, 0)
    s.bind((0, 0))
    s.send(hdr + body)
    reply = s.recv(65536)
    err = struct.unpack("i", reply[16:20])[0]
    if err:
        print(f"nladdr: {os.strerror(-err)}", file=sys.stderr)
        return 2
    return 0


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="_capture_daemons.py")
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("daemon")
    d.add_argument("--spec", required=True)
    d.add_argument("--report", required=True)
    d.add_argument("--comm")
    d.add_argument("--user", type=int)
    k = sub.add_parser("poke")
    k.add_argument("--count", type=int, default=1)
    k.add_argument("--interval", type=float, default=0.5)
    k.add_argument("targets", nargs="+")
    n = sub.add_parser("nladdr")
    n.add_argument("ifname")
    n.add_argument("prefix")
    n.add_argument("flags")
    args = p.parse_args(argv)
    return {"daemon": cmd_daemon, "poke": cmd_poke, "nladdr": cmd_nladdr}[args.cmd](args)


if __name__ == "__main__":
    sys.exit(main())
