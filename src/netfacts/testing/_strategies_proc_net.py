"""Hypothesis strategies for the kernel's socket tables (``/proc/net/tcp`` ... ``unix``) and
lsof's socket rows.

Every strategy draws a model and renders it, so the text comes with its ground truth::

    from hypothesis import given
    from netfacts.testing._strategies_proc_net import proc_net_tcp_cases

    @given(proc_net_tcp_cases())
    def test_my_tool(case):
        text, expected, hints = case
        ...

Generated sockets respect what the kernel prints: a TCP line is full (with rto ... ssthresh,
or the Fast Open limit for listeners) or short (timewait and request sockets: inode 0, no
tail), a UDP or raw line ends with ``drops``; ``tm->when`` is whole clock ticks.  udp6 and
raw6 print the same header, so a raw6 table is generated only as a file's single table and
its case says so: pass ``proto="raw6"`` to the parser (the hints, third item of a
:func:`proc_net_tcp_cases` case).
"""

from __future__ import annotations

import ipaddress
from typing import Any

from hypothesis import strategies as st

from netfacts.models.lsof import LsofForm, LsofOutput, LsofSocket
from netfacts.models.proc_net_sockets import (
    INET_PROTOS,
    STATES,
    TIMERS,
    UNIX_TYPES,
    ProcNetSocket,
    ProcNetTcpForm,
    ProcNetTcpOutput,
    ProcNetUnixForm,
    ProcNetUnixOutput,
    ProcNetUnixSocket,
    state_of,
    timer_name,
    unix_state,
)
from netfacts.models.socket import Timer
from netfacts.renderers.lsof import render_lsof
from netfacts.renderers.proc_net_tcp import render_proc_net_tcp
from netfacts.renderers.proc_net_unix import render_proc_net_unix

__all__ = ["lsof_outputs", "lsof_sockets", "proc_net_sockets", "proc_net_tcp_cases",
           "proc_net_tcp_outputs",
           "proc_net_unix_outputs", "proc_net_unix_sockets"]

_U32 = st.integers(0, 2**32 - 1)
_SMALL = st.integers(0, 100_000)


_SWAPPED_LOOPBACK = {ipaddress.IPv4Address("1.0.0.127"), ipaddress.IPv6Address("::100:0")}
"""Addresses that the kernel spells as the loopback address of the other byte order: the
parser rightly warns that such a file may come from the other kind of host, so generated
round trips (which expect no diagnostic) leave them out."""


def _address(six: bool) -> st.SearchStrategy[Any]:
    if six:
        return st.one_of(
            st.integers(0, 2**128 - 1).map(ipaddress.IPv6Address),
            st.sampled_from(["::", "::1", "fd00:20::1", "fe80::1"]).map(ipaddress.IPv6Address),
            _U32.map(lambda n: ipaddress.IPv6Address(0xFFFF00000000 | n)),
        ).filter(lambda address: address not in _SWAPPED_LOOPBACK)
    return st.one_of(_U32.map(ipaddress.IPv4Address),
                     st.sampled_from(["0.0.0.0", "127.0.0.1"]).map(ipaddress.IPv4Address),
                     ).filter(lambda address: address not in _SWAPPED_LOOPBACK)


@st.composite
def proc_net_sockets(draw: st.DrawFn, proto: str | None = None) -> ProcNetSocket:
    """One socket line's record for table ``proto`` (drawn when None)."""
    proto = proto or draw(st.sampled_from(INET_PROTOS))
    six = proto.endswith("6")
    tcp = proto.startswith("tcp")
    fields: dict[str, Any] = {
        "proto": proto,
        "slot": draw(st.integers(0, 99_999)),
        "local_address": draw(_address(six)),
        "local_port": draw(st.integers(0, 65535)),
        "foreign_address": draw(_address(six)),
        "foreign_port": draw(st.integers(0, 65535)),
        "send_q": draw(_U32),
        "recv_q": draw(_U32),
        "uid": draw(st.integers(0, 2**32 - 1)),
        "refcount": draw(st.integers(-1, 10)),
        "pointer": draw(st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)),
    }
    code = draw(st.sampled_from([*STATES, 13, 0x42]))
    timer = draw(st.sampled_from([*TIMERS, 9]))
    fields["timer"] = Timer(name=timer_name(timer), expires_ms=draw(_U32) * 10,
                            retransmits=draw(_U32), probes=draw(st.integers(-5, 100)))
    fields["state"] = state_of(code)
    shape = draw(st.sampled_from(["full", "short"] if tcp else ["dgram"]))
    if shape == "short":
        fields["inode"] = 0
    else:
        fields["inode"] = draw(st.integers(0, 2**40))
    if shape == "full":
        fields.update(rto=draw(_SMALL), ato=draw(_SMALL), quick_acks=draw(st.integers(0, 127)),
                      pingpong=draw(st.booleans()), cwnd=draw(_SMALL))
        if code == 10:
            fields["fastopen_max_qlen"] = draw(_SMALL)
        else:
            fields["ssthresh"] = draw(st.integers(-1, 2**31 - 1))
    elif shape == "dgram":
        fields["drops"] = draw(_U32)
    if shape != "short" and draw(st.integers(0, 9)) == 0:
        fields["extra"] = tuple(draw(st.lists(st.integers(-5, 2**40), min_size=1,
                                              max_size=3)))
    return ProcNetSocket(**fields)


@st.composite
def proc_net_tcp_cases(draw: st.DrawFn) -> tuple[str, ProcNetTcpOutput, dict[str, Any]]:
    """``(text, output, hints)``: one or more tables and their model; ``hints`` are what the
    parser needs to read the text back (``proto`` for raw6, ``byte_order``)."""
    byte_order = draw(st.sampled_from(["little", "little", "big"]))
    hints: dict[str, Any] = {"byte_order": byte_order}
    if draw(st.integers(0, 5)) == 0:
        tables = ["raw6"]
        hints["proto"] = "raw6"
    else:
        tables = draw(st.lists(st.sampled_from([p for p in INET_PROTOS if p != "raw6"]),
                               min_size=1, max_size=3))
    sockets: list[ProcNetSocket] = []
    for table in tables:
        sockets += draw(st.lists(proc_net_sockets(table), max_size=4))
    output = ProcNetTcpOutput(sockets=tuple(sockets),
                              form=ProcNetTcpForm(tables=tuple(tables), byte_order=byte_order))
    return render_proc_net_tcp(output), output, hints


def proc_net_tcp_outputs() -> st.SearchStrategy[tuple[str, ProcNetTcpOutput]]:
    """``(text, output)`` as :func:`proc_net_tcp_cases` without the hints (the text of a
    raw6 table reads back as udp6 unless the parser is told)."""
    return proc_net_tcp_cases().map(lambda case: (case[0], case[1]))


_PATH = st.one_of(
    st.none(),
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789/._- @\t", min_size=1, max_size=40),
)
"""Bound names: paths (spaces and tabs included, even first or last), ``@abstract``."""


@st.composite
def proc_net_unix_sockets(draw: st.DrawFn) -> ProcNetUnixSocket:
    """One ``/proc/net/unix`` line's record."""
    flags = draw(st.sampled_from([0, 1 << 16, 1 << 17, (1 << 16) | (1 << 18), 0x80]))
    kind = draw(st.sampled_from([*UNIX_TYPES, 9]))
    state = draw(st.sampled_from([1, 2, 3, 4, 0, 7]))
    path = draw(_PATH)
    return ProcNetUnixSocket(
        address=draw(st.text(alphabet="0123456789abcdef", min_size=16, max_size=16)),
        refcount=draw(_U32), protocol=draw(st.integers(0, 3)), flags=flags,
        type=UNIX_TYPES.get(kind, f"{kind:04X}"), state=unix_state(state, flags),
        inode=draw(st.integers(0, 2**40)), path=path,
    )


@st.composite
def proc_net_unix_outputs(draw: st.DrawFn) -> tuple[str, ProcNetUnixOutput]:
    """``(text, output)``: a ``/proc/net/unix`` file and its model."""
    items = tuple(draw(st.lists(proc_net_unix_sockets(), max_size=6)))
    header = draw(st.integers(0, 5)) > 0 or not items
    output = ProcNetUnixOutput(sockets=items, form=ProcNetUnixForm(header=header))
    return render_proc_net_unix(output), output


# ---------------------------------------------------------------- lsof

_COMMAND = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-.", min_size=1, max_size=9)
_LSOF_STATES = ["LISTEN", "ESTABLISHED", "CLOSE_WAIT", "SYN_SENT", "FIN_WAIT2", "TIME_WAIT"]
_SERVICE = st.sampled_from(["http", "http-alt", "domain", "ntp", "sunrpc", "mdns"])


def _lsof_endpoint(six: bool) -> st.SearchStrategy[str]:
    address = st.one_of(st.just("*"), _address(six).map(
        lambda a: f"[{a}]" if a.version == 6 else str(a)))
    port = st.one_of(st.integers(1, 65535).map(str), _SERVICE, st.just("*"))
    rpc = st.one_of(st.just(""), st.sampled_from(["[nfs]", "[portmapper]", "[100083]"]))
    return st.tuples(address, port, rpc).map(lambda t: f"{t[0]}:{t[1]}{t[2]}")


@st.composite
def _lsof_name(draw: st.DrawFn, kind: str) -> tuple[str | None, str | None, str]:
    """(DEVICE, NODE, NAME) of a socket row of TYPE ``kind``."""
    inode = str(draw(st.integers(1, 2**32)))
    if kind in ("IPv4", "IPv6"):
        protocol = draw(st.sampled_from(["TCP", "UDP"]))
        name = draw(_lsof_endpoint(kind == "IPv6"))
        if draw(st.booleans()):
            name += "->" + draw(_lsof_endpoint(kind == "IPv6"))
        if protocol == "TCP":
            name += f" ({draw(st.sampled_from(_LSOF_STATES))})"
        return inode, protocol, name
    if kind == "unix":
        words = []
        path = draw(st.one_of(st.none(), st.text(alphabet="abc/._-@", min_size=1, max_size=20)))
        if path is not None and not path.startswith("type="):
            words.append(path)
        if draw(st.booleans()):
            words.append("type=" + draw(st.sampled_from(["STREAM", "DGRAM", "SEQPACKET"])))
            words.append("(" + draw(st.sampled_from(["LISTEN", "CONNECTED", "UNCONNECTED"]))
                         + ")")
        address = "0x" + draw(st.text(alphabet="0123456789abcdef", min_size=16, max_size=16))
        return address, inode, " ".join(words) or "socket"
    if kind in ("raw", "raw6"):
        return None, inode, "00000000:0001->00000000:0000 st=07"
    if kind == "sock":
        protocol = draw(st.sampled_from(["TCP", "TCPv6", "UDP", "UNIX-STREAM", "RAW"]))
        return "0,9", inode, f"protocol: {protocol}"
    return None, inode, draw(st.sampled_from(["ROUTE", "KOBJECT_UEVENT", "type=SOCK_RAW"]))


@st.composite
def lsof_sockets(draw: st.DrawFn, threads: bool = False) -> LsofSocket:
    """One socket row; with ``threads``, a thread row (TID, TASKCMD) now and then."""
    kind = draw(st.sampled_from(["IPv4", "IPv6", "unix", "raw", "raw6", "sock", "netlink"]))
    device, node, name = draw(_lsof_name(kind))
    command = draw(_COMMAND)
    tid = task = None
    if threads and draw(st.booleans()):
        tid = draw(st.integers(1, 4_000_000))
        task = draw(_COMMAND)
    return LsofSocket(command=command, pid=draw(st.integers(1, 4_000_000)), tid=tid,
                      task_command=task, user=draw(st.sampled_from(["0", "65534", "root"])),
                      fd=str(draw(st.integers(0, 9999))) + draw(st.sampled_from(["u", "r", "w"])),
                      type=kind, device=device, size_off="0t0", node=node, name=name)


@st.composite
def lsof_outputs(draw: st.DrawFn) -> tuple[str, LsofOutput]:
    """``(text, output)``: an lsof listing of socket rows and its model."""
    threads = draw(st.booleans())
    rows = tuple(draw(st.lists(lsof_sockets(threads), max_size=6)))
    output = LsofOutput(sockets=rows, form=LsofForm(threads=threads))
    return render_lsof(output), output
