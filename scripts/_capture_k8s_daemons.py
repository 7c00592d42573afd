#!/usr/bin/env python3
"""Stand-in Kubernetes daemons and tiny network helpers for ``capture_k8s.py``.

Standard library only, Python 3.10+.  Nothing here creates namespaces or touches
anything outside the network namespace the process was started in, except the
report file it is told to write.

Sub-commands / modes
--------------------
(no argument needed) ``NFK_SPEC=spec.json NFK_REPORT=report.json python3 THIS``
    Daemon mode (selected by the NFK_SPEC environment variable, so that argv can
    be anything).  The spec is::

        {"argv": ["/usr/bin/kubelet", "--config=...", ...],   # new /proc/PID/cmdline
         "comm": "kubelet",                                     # new /proc/PID/comm
         "ops": [{"op": "listen", ...}, {"op": "connect", ...}, {"op": "udp", ...}],
         "workers": [{"argv": ["nginx: worker process"], "comm": "nginx"}]}

    The daemon rewrites its own argv area in place (the setproctitle technique:
    the launcher pads the original argv so that the new one fits exactly), sets
    comm with prctl(PR_SET_NAME), opens the sockets, forks the workers (which
    share the listening sockets, like nginx workers), writes a JSON report and
    then serves: accepts connections on its listeners, reads and discards data,
    until SIGTERM.

``ping [--count N] [--timeout S] TARGET...``
    ICMP echo with a raw socket (the machine has no ping binary); used to make
    the kernel resolve neighbours.  Prints one line per target, exit 0 always.
"""

from __future__ import annotations

import ctypes
import errno
import functools
import json
import os
import selectors
import signal
import socket
import struct
import sys
import time
from collections.abc import Callable
from typing import Any, TypeVar

from _capture import address_family, retry, set_comm, write_json

T = TypeVar("T")

_libc = ctypes.CDLL(None, use_errno=True)
_keep: list[Any] = []  # keep every socket alive
_state: dict[str, Any] = {}
_report = {"path": ""}


# ------------------------------------------------------------------ process identity
def _arg_area() -> tuple[int, int]:
    with open("/proc/self/stat", encoding="ascii", errors="replace") as fh:
        stat = fh.read()
    fields = stat[stat.rindex(")") + 2:].split()
    # proc(5): field 48 arg_start, 49 arg_end; fields[0] is field 3 (state)
    return int(fields[45]), int(fields[46])


def set_cmdline(argv: list[str], proctitle: bool = False) -> None:
    """Overwrite the argv area.  With an exact fit the kernel returns exactly the new
    NUL-separated argv.  proctitle=True (for forked workers, whose area is the parent's):
    one string, NUL, then non-NUL padding up to the end of the area, so the kernel takes
    the setproctitle path and returns the string up to its NUL."""
    start, end = _arg_area()
    size = end - start
    new = b"\0".join(a.encode() for a in argv) + b"\0"
    if len(new) > size:
        raise ValueError(f"new cmdline ({len(new)} bytes) does not fit ({size} bytes)")
    fill = b" " if proctitle else b"\0"
    new += fill * (size - len(new))
    ctypes.memmove(start, new, size)


def read_proc(name: str) -> bytes:
    with open(f"/proc/self/{name}", "rb") as fh:
        return fh.read()


# ------------------------------------------------------------------ report
def write_report() -> None:
    write_json(_report["path"], _state)


def _name(sa: tuple[Any, ...]) -> list[Any]:
    return [sa[0], sa[1]]


_NOT_READY = frozenset({errno.EADDRNOTAVAIL, errno.ECONNREFUSED, errno.EHOSTUNREACH,
                        errno.ENETUNREACH, errno.ETIMEDOUT})


def _retry(function: Callable[[], T], what: str) -> T:
    return retry(function, what, timeout=15.0, errors=_NOT_READY, pause=0.1)


def _keepalive(s: socket.socket, secs: int) -> None:
    """Go's net package default: keepalive on, idle = interval = 15 s."""
    s.setsockopt(socket.SOL_SOCKET, socket.SO_KEEPALIVE, 1)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPIDLE, secs)
    s.setsockopt(socket.IPPROTO_TCP, socket.TCP_KEEPINTVL, secs)


# ------------------------------------------------------------------ ops
class Server:
    def __init__(self) -> None:
        self.sel = selectors.DefaultSelector()

    def op_listen(self, op: dict[str, Any]) -> dict[str, Any]:
        f = address_family(op.get("family", 4))
        s = socket.socket(f, socket.SOCK_STREAM)
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        if f == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(op.get("v6only", 0)))
        _retry(lambda: s.bind((op["addr"], op["port"])), f"bind {op['addr']}:{op['port']}")
        s.listen(op.get("backlog", 4096))
        s.setblocking(False)
        _keep.append(s)
        rec = {"op": "listen", "proto": "tcp", "family": op.get("family", 4),
               "local": _name(s.getsockname()), "accepted": 0,
               "keepalive": op.get("keepalive", 0)}
        if f == socket.AF_INET6:
            rec["v6only"] = bool(op.get("v6only", 0))
        self.sel.register(s, selectors.EVENT_READ, ("listener", rec))
        return rec

    def op_connect(self, op: dict[str, Any]) -> dict[str, Any]:
        f = address_family(op.get("family", 4))
        conns = []
        for _ in range(op.get("count", 1)):
            s = socket.socket(f, socket.SOCK_STREAM)
            if op.get("keepalive"):
                _keepalive(s, op["keepalive"])
            sa = (op["addr"], op["port"])
            _retry(functools.partial(s.connect, sa), f"connect {op['addr']}:{op['port']}")
            if op.get("send"):
                s.sendall(op["send"].encode())
            conns.append({"local": _name(s.getsockname()), "peer": _name(s.getpeername())})
            s.setblocking(False)
            _keep.append(s)
            self.sel.register(s, selectors.EVENT_READ, ("conn", None))
        return {"op": "connect", "proto": "tcp", "family": op.get("family", 4),
                "remote": [op["addr"], op["port"]], "connections": conns}

    def op_udp(self, op: dict[str, Any]) -> dict[str, Any]:
        f = address_family(op.get("family", 4))
        s = socket.socket(f, socket.SOCK_DGRAM)
        if f == socket.AF_INET6:
            s.setsockopt(socket.IPPROTO_IPV6, socket.IPV6_V6ONLY, int(op.get("v6only", 1)))
        _retry(lambda: s.bind((op["addr"], op["port"])), f"bind udp {op['addr']}:{op['port']}")
        _keep.append(s)
        return {"op": "udp", "proto": "udp", "family": op.get("family", 4),
                "local": _name(s.getsockname())}

    def serve(self) -> None:
        while True:
            try:
                events = self.sel.select()
            except InterruptedError:
                continue
            for key, _ in events:
                kind, rec = key.data
                sock: socket.socket = key.fileobj  # type: ignore[assignment]  # sockets only
                if kind == "listener":
                    try:
                        c, _peer = sock.accept()
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        continue
                    if rec.get("keepalive"):
                        _keepalive(c, rec["keepalive"])
                    c.setblocking(False)
                    _keep.append(c)
                    self.sel.register(c, selectors.EVENT_READ, ("conn", None))
                    rec["accepted"] += 1
                    write_report()
                else:
                    try:
                        data = sock.recv(65536)
                    except (BlockingIOError, InterruptedError):
                        continue
                    except OSError:
                        data = b""
                    if not data:
                        self.sel.unregister(sock)
                        sock.close()


def _worker(spec: dict[str, Any]) -> None:
    """A forked worker: new identity, keeps the inherited sockets, never accepts."""
    set_cmdline(spec["argv"], proctitle=True)
    set_comm(spec.get("comm", spec["argv"][0]))
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    while True:
        signal.pause()


def _terminate(*_args: object) -> None:
    """Stop the forked workers and reap them, then exit (no zombies left behind)."""
    for w in _state.get("workers", []):
        try:
            os.kill(w["pid"], signal.SIGTERM)
            os.waitpid(w["pid"], 0)
        except (ProcessLookupError, ChildProcessError):
            pass
    os._exit(0)


def daemon_main() -> int:
    _report["path"] = os.environ["NFK_REPORT"]
    with open(os.environ["NFK_SPEC"], encoding="utf-8") as fh:
        spec = json.load(fh)
    signal.signal(signal.SIGTERM, _terminate)
    signal.signal(signal.SIGINT, _terminate)
    _state.update({"pid": os.getpid(), "ready": False, "sockets": [], "workers": []})
    try:
        set_cmdline(spec["argv"])
        set_comm(spec["comm"])
        srv = Server()
        for op in spec.get("ops", []):
            _state["sockets"].append(getattr(srv, "op_" + op["op"])(op))
        for w in spec.get("workers", []):
            pid = os.fork()
            if pid == 0:
                try:
                    _worker(w)
                finally:
                    os._exit(0)
            _state["workers"].append({"pid": pid, "argv": w["argv"], "comm": w.get("comm")})
    except Exception as exc:  # the launcher aborts on this
        _state["error"] = f"{type(exc).__name__}: {exc}"
        write_report()
        return 1
    _state["cmdline"] = read_proc("cmdline").decode(errors="replace").split("\0")
    _state["comm"] = read_proc("comm").decode(errors="replace").strip()
    _state["ready"] = True
    write_report()
    srv.serve()
    return 0


# ------------------------------------------------------------------ ping
def _csum(data: bytes) -> int:
    if len(data) % 2:
        data += b"\0"
    s: int = sum(struct.unpack(f"!{len(data) // 2}H", data))
    s = (s >> 16) + (s & 0xFFFF)
    s += s >> 16
    return ~s & 0xFFFF


def ping_main(argv: list[str]) -> int:
    count, timeout, targets = 1, 1.0, []
    it = iter(argv)
    for a in it:
        if a == "--count":
            count = int(next(it))
        elif a == "--timeout":
            timeout = float(next(it))
        else:
            targets.append(a)
    s = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
    ident = os.getpid() & 0xFFFF
    for t in targets:
        got = 0
        for seq in range(1, count + 1):
            payload = b"netfacts-k8s-fixture" + bytes(36)
            hdr = struct.pack("!BBHHH", 8, 0, 0, ident, seq)
            pkt = struct.pack("!BBHHH", 8, 0, _csum(hdr + payload), ident, seq) + payload
            try:
                s.sendto(pkt, (t, 0))
            except OSError as exc:
                print(f"{t}: send failed: {exc}")
                break
            deadline = time.monotonic() + timeout
            while True:
                left = deadline - time.monotonic()
                if left <= 0:
                    break
                s.settimeout(left)
                try:
                    data, addr = s.recvfrom(2048)
                except OSError:  # includes TimeoutError
                    break
                ihl = (data[0] & 0x0F) * 4
                typ, _code, _ck, rid, rseq = struct.unpack("!BBHHH", data[ihl:ihl + 8])
                if typ == 0 and rid == ident and rseq == seq and addr[0] == t:
                    got += 1
                    break
        print(f"{t}: {got}/{count} replies")
    return 0


def main() -> int:
    if os.environ.get("NFK_SPEC"):
        return daemon_main()
    if len(sys.argv) > 1 and sys.argv[1] == "ping":
        return ping_main(sys.argv[2:])
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main())
