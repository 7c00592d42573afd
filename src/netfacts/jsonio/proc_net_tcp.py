"""``/proc/net/tcp`` (and tcp6, udp, udp6, raw, raw6) JSON: a list of sockets keyed like
netstat's socket JSON.

Every socket has, in this order:

* ``proto`` (``tcp``, ``tcp6``, ``udp``, ``udp6``, ``raw``, ``raw6``), ``recv_q``
  (``rx_queue``), ``send_q`` (``tx_queue``), ``local_address``, ``local_port``,
  ``foreign_address``, ``foreign_port``, ``state``, ``uid``, ``inode`` and ``timer``
  (``{"name", "expires_ms", "retransmits", "probes"}``) — the keys and values of
  :mod:`netfacts.jsonio.netstat` for the same socket, except that an IPv4-mapped address
  stays ``::ffff:a.b.c.d`` (netstat prints ``a.b.c.d``), ports are numbers (port 0 is 0,
  netstat's ``*`` is null) and the user is the number ``uid`` (netstat ``-e`` prints it as
  text in ``user``);
* ``state`` is netstat's word: ``LISTEN``, ``ESTABLISHED``, ``TIME_WAIT``..., ``null`` for
  an unconnected UDP socket, the kernel's number as a string for raw sockets (``"7"``);
* then the kernel's own columns: ``slot`` (``sl``), ``refcount``, ``pointer`` (text), and
  as the line has them: TCP ``rto``, ``ato`` (clock ticks), ``quick_acks``, ``pingpong``
  (boolean), ``cwnd``, and ``ssthresh`` — for a listener ``fastopen_max_qlen`` instead;
  UDP and raw ``drops``; ``extra`` (a list of numbers) for columns this version does not
  know.  Timewait and request lines (TIME_WAIT, FIN_WAIT2 after close, SYN_RECV) stop at
  ``pointer``.

``timer.expires_ms`` is ``tm->when`` times 10 (the kernel prints clock ticks of 1/100 s).

:func:`proc_net_tcp_to_json_text` writes the same JSON as compact text straight from the
validated lines the parser keeps, byte for byte what ``json.dumps(proc_net_tcp_to_json(out),
ensure_ascii=False, separators=(",", ":"))`` gives; :func:`direct_json` is the CLI's path.
"""

from __future__ import annotations

import json
import operator
import re
import struct
from collections.abc import Callable, Iterable, Iterator, Sequence
from itertools import groupby, repeat, starmap
from typing import TYPE_CHECKING, Any

from netfacts.models.lazy import LazyTuple
from netfacts.models.proc_net_sockets import (
    ProcNetSocket,
    ProcNetTcpOutput,
    socket_from_line,
    state_of,
    timer_name,
)
from netfacts.models.values import ip_text

try:  # the C module behind ``socket`` (see netfacts.models.values)
    from _socket import AF_INET, AF_INET6, inet_ntop
except ImportError:  # pragma: no cover - other interpreters
    from socket import AF_INET, AF_INET6, inet_ntop

if TYPE_CHECKING:
    from netfacts.errors import Diagnostic

__all__ = [
    "direct_json",
    "direct_json_parts",
    "proc_net_tcp_to_json",
    "proc_net_tcp_to_json_text",
    "run_json",
    "socket_to_json",
]


def _state_json(proto: str, socket: ProcNetSocket) -> str | None:
    from netfacts.jsonio.netstat import state_text

    return state_text(proto, socket.state)


def socket_to_json(socket: ProcNetSocket) -> dict[str, Any]:
    """One socket."""
    timer = socket.timer
    item: dict[str, Any] = {
        "proto": socket.proto,
        "recv_q": socket.recv_q,
        "send_q": socket.send_q,
        "local_address": ip_text(socket.local_address),
        "local_port": socket.local_port,
        "foreign_address": ip_text(socket.foreign_address),
        "foreign_port": socket.foreign_port,
        "state": _state_json(socket.proto, socket),
        "uid": socket.uid,
        "inode": socket.inode,
        "timer": {"name": timer.name, "expires_ms": timer.expires_ms,
                  "retransmits": timer.retransmits, "probes": timer.probes},
        "slot": socket.slot,
    }
    if socket.refcount is not None:
        item["refcount"] = socket.refcount
        item["pointer"] = socket.pointer
    if socket.rto is not None:
        item["rto"] = socket.rto
        item["ato"] = socket.ato
        item["quick_acks"] = socket.quick_acks
        item["pingpong"] = socket.pingpong
        item["cwnd"] = socket.cwnd
        if socket.fastopen_max_qlen is not None:
            item["fastopen_max_qlen"] = socket.fastopen_max_qlen
        else:
            item["ssthresh"] = socket.ssthresh
    if socket.drops is not None:
        item["drops"] = socket.drops
    if socket.extra:
        item["extra"] = list(socket.extra)
    return item


def proc_net_tcp_to_json(output: ProcNetTcpOutput) -> list[dict[str, Any]]:
    """The sockets of every table, in print order."""
    return [socket_to_json(socket) for socket in output.sockets]


# ---------------------------------------------------------------- compact text
#
# The text writer works column by column: the validated lines of a run are matched once
# more (or, on the CLI's path, the parser's matches are reused), their groups transposed
# into columns, and every column converted with ``map`` over C functions (``int``,
# ``bytes.fromhex``, ``inet_ntop``, dictionary lookups by the two-digit state and timer
# codes), so that no Python code runs per socket except the final ``%`` formatting.

_SIXTEEN = 16
_CHUNK = 4096
_HEAD = '{"proto":"%s","recv_q":'
_BODY = ('%d,"send_q":%d,"local_address":"%s","local_port":%d,"foreign_address":"%s",'
         '"foreign_port":%d,"state":%s,"uid":%s,"inode":%s,"timer":{"name":%s,'
         '"expires_ms":%d,"retransmits":%d,"probes":%s},"slot":%s')
_FULL = '%s' + _BODY + (',"refcount":%s,"pointer":"%s","rto":%s,"ato":%s,"quick_acks":%d,'
                        '"pingpong":%s,"cwnd":%s,"%s":%s}')
_SHORT = '%s' + _BODY + ',"refcount":%s,"pointer":"%s"}'
_DGRAM = '%s' + _BODY + ',"refcount":%s,"pointer":"%s","drops":%s}'
_BOOL = ("false", "true")
_REVERSE = operator.itemgetter(slice(None, None, -1))
_UNPACK = struct.Struct("<4I").unpack
_PACK = struct.Struct(">4I").pack

FULL, SHORT, DGRAM, OTHER = 0, 1, 2, 3


def _states(proto: str, codes: Iterable[int]) -> dict[int, str]:
    from netfacts.jsonio.netstat import state_text

    return {code: json.dumps(state_text(proto, state_of(code))) for code in codes}


def _timers(codes: Iterable[int]) -> dict[int, str]:
    return {code: json.dumps(timer_name(code)) for code in codes}


def _addresses(column: Sequence[str], six: bool, big_endian: bool) -> Iterator[str]:
    raw: Iterator[Any] = map(bytes.fromhex, column)
    if six:
        if not big_endian:
            raw = starmap(_PACK, map(_UNPACK, raw))
        return map(inet_ntop, repeat(AF_INET6), raw)
    if not big_endian:
        raw = map(_REVERSE, raw)
    return map(inet_ntop, repeat(AF_INET), raw)


_WIDTHS = {2: "B", 4: "H", 8: "I"}


def _hex(column: Sequence[str], width: int) -> Sequence[int]:
    """The numbers of a column of hex texts: all at once when every text has the kernel's
    width (one ``bytes.fromhex`` and one ``struct.unpack``), else one by one."""
    joined = "".join(column)
    if len(joined) == width * len(column):
        return struct.unpack(f">{len(column)}{_WIDTHS[width]}", bytes.fromhex(joined))
    return list(map(int, column, repeat(_SIXTEEN)))


def _shape(proto: str, columns: Sequence[Sequence[Any]]) -> list[int] | int:
    """FULL, SHORT, DGRAM or OTHER for each line (from its refcount and tail groups), or
    one of them when every line has it."""
    ref, tail1, tail2, tail5, more = (columns[i] for i in (14, 16, 17, 20, 21))
    n = len(ref)
    if ref.count(None) == 0 and more.count(None) == n:
        if proto.startswith("tcp"):
            if tail5.count(None) == 0:
                return FULL
            if tail1.count(None) == n:
                return SHORT
        elif tail1.count(None) == 0 and tail2.count(None) == n:
            return DGRAM
    if proto.startswith("tcp"):
        return [OTHER if r is None or m is not None else SHORT if t1 is None
                else FULL if t5 is not None else OTHER
                for r, t1, t5, m in zip(ref, tail1, tail5, more)]
    return [DGRAM if r is not None and m is None and t1 is not None and t2 is None else OTHER
            for r, t1, t2, m in zip(ref, tail1, tail2, more)]


def _columns(proto: str, shape: int, columns: Sequence[Sequence[Any]],
             big_endian: bool) -> list[str]:
    """The compact JSON of lines of one table and one shape, from their columns."""
    (slot, laddr, lport, raddr, rport, st, tx, rx, tr, when, retr, uid, probes, inode,
     ref, pointer, tail1, tail2, tail3, tail4, tail5, _) = columns
    six = proto.endswith("6")
    st_codes = _hex(st, 2)
    tr_codes = _hex(tr, 2)
    states = _states(proto, set(st_codes))
    timers = _timers(set(tr_codes))
    fields: list[Iterable[Any]] = [
        repeat(_HEAD % proto), _hex(rx, 8), _hex(tx, 8), _addresses(laddr, six, big_endian),
        _hex(lport, 4), _addresses(raddr, six, big_endian), _hex(rport, 4),
        map(states.__getitem__, st_codes), uid, inode, map(timers.__getitem__, tr_codes),
        map(operator.mul, _hex(when, 8), repeat(10)), _hex(retr, 8), probes, slot, ref,
        pointer,
    ]
    if shape == FULL:
        quick = list(map(int, tail3))
        keys = {code: "fastopen_max_qlen" if code == 10 else "ssthresh" for code in states}
        fields += [tail1, tail2, map(operator.rshift, quick, repeat(1)),
                    map(_BOOL.__getitem__, map(operator.and_, quick, repeat(1))), tail4,
                    map(keys.__getitem__, st_codes), tail5]
        template = _FULL
    elif shape == SHORT:
        template = _SHORT
    else:
        fields.append(tail1)
        template = _DGRAM
    return list(map(template.__mod__, zip(*fields)))


def run_json(proto: str, groups: Sequence[tuple[Any, ...]], lines: Sequence[str],
             big_endian: bool) -> list[str]:
    """The compact JSON of socket lines of one table, from their regex groups (``lines``
    are the lines themselves, for the rare line the columns cannot write)."""
    columns = list(zip(*groups))
    if not columns:
        return []
    shapes = _shape(proto, columns)
    if isinstance(shapes, int):
        return _columns(proto, shapes, columns, big_endian)
    out: list[str] = [""] * len(groups)
    for shape in set(shapes):
        indices = [index for index, kind in enumerate(shapes) if kind == shape]
        if shape == OTHER:
            for index in indices:
                out[index] = _slow(proto, lines[index], big_endian)
            continue
        part = list(zip(*[groups[index] for index in indices]))
        for index, text in zip(indices, _columns(proto, shape, part, big_endian)):
            out[index] = text
    return out


def _slow(proto: str, line: str, big_endian: bool) -> str:
    socket = socket_from_line((proto, line), big_endian)
    return json.dumps(socket_to_json(socket), ensure_ascii=False, separators=(",", ":"))


def proc_net_tcp_to_json_text(output: ProcNetTcpOutput) -> str:
    """Compact JSON text of :func:`proc_net_tcp_to_json` (without the final newline)."""
    sockets = output.sockets
    rows = sockets.rows if isinstance(sockets, LazyTuple) else None
    if rows is None:
        return json.dumps(proc_net_tcp_to_json(output), ensure_ascii=False,
                          separators=(",", ":"))
    from netfacts.grammar.proc_net_tcp import SHAPES

    match = SHAPES["row"].regex.fullmatch
    big_endian = output.form.byte_order == "big"
    parts: list[str] = []
    for proto, run in groupby(rows, key=operator.itemgetter(0)):
        lines = list(map(operator.itemgetter(1), run))
        for start in range(0, len(lines), _CHUNK):
            chunk = lines[start:start + _CHUNK]
            groups = list(map(_groups, map(match, map(str.rstrip, chunk))))  # all match
            parts.append(",".join(run_json(proto, groups, chunk, big_endian)))
    return "[" + ",".join(parts) + "]"


_GROUPS: Callable[[Any], tuple[Any, ...]] = re.Match.groups


def _groups(match: re.Match[str] | None) -> tuple[Any, ...]:
    assert match is not None  # the parser kept only lines that match
    return match.groups()


_MARK = "|"
"""Ends every line's tokens in :func:`_token_json` (no socket line holds it)."""
_WIDTHS_OF = {FULL: 21, SHORT: 16, DGRAM: 17}
"""Tokens of a line of each shape once ``:`` is a blank (slot, address and port twice,
st, tx and rx queue, timer and when, retrnsmt, uid, timeout, inode, refcount, pointer,
then TCP's five or UDP/raw's drops)."""


def _token_json(proto: str, lines: Sequence[str], big_endian: bool) -> list[str] | None:
    """The compact JSON of socket lines of one table that the grammar has accepted, from
    their whitespace-separated tokens: the columns are strides of one ``split`` (per shape
    when a table mixes full and short TCP lines).  None when a line has other columns than
    the shapes above (extra or missing tail columns): the regex groups write those."""
    tokens = (" " + _MARK + " ").join(lines).replace(":", " ").split()
    tokens.append(_MARK)
    count = len(lines)
    tcp = proto.startswith("tcp")
    shape = FULL if tcp else DGRAM
    width = _WIDTHS_OF[shape]
    if len(tokens) == (width + 1) * count and tokens[width::width + 1].count(_MARK) == count:
        return _columns(proto, shape, _stride(tokens, width), big_endian)
    if not tcp:
        return None
    parts: dict[int, list[str]] = {FULL: [], SHORT: []}
    shapes: list[int] = []
    index = tokens.index
    start = 0
    for _ in range(count):
        end = index(_MARK, start)
        shape = FULL if end - start == 21 else SHORT if end - start == 16 else OTHER
        if shape == OTHER:
            return None
        parts[shape] += tokens[start:end]
        shapes.append(shape)
        start = end + 1
    written = {shape: iter(_columns(proto, shape, _stride(part, _WIDTHS_OF[shape], False),
                                    big_endian))
               for shape, part in parts.items() if part}
    return list(map(next, map(written.__getitem__, shapes)))


def _stride(tokens: list[str], width: int, marked: bool = True) -> list[Any]:
    """The 22 columns :func:`_columns` reads, from lines of ``width`` tokens each (each
    followed by the mark when ``marked``); the columns a shape has not are None."""
    step = width + 1 if marked else width
    columns: list[Any] = [tokens[column::step] for column in range(width)]
    return columns + [None] * (22 - width)


def direct_json_parts(text: str, *, source: str | None = None,
                      **hints: Any) -> tuple[list[str], tuple[Diagnostic, ...]]:
    """:func:`direct_json` as pieces whose concatenation is the JSON text (the CLI
    writes them one by one instead of joining them into one large string)."""
    from netfacts.parsers.proc_net_tcp import _S, Scanner

    scanner = Scanner(text, source=source, **hints)
    big_endian = scanner.byte_order == "big"
    parts: list[str] = ["["]
    for _, lines, matches, runs in scanner.chunks():
        texts: list[str] = []
        for table, start, end in runs:
            written = _token_json(table, lines[start:end], big_endian) \
                if matches is None else None
            if written is None:
                found = matches[start:end] if matches is not None else list(
                    map(_S["row"].regex.fullmatch, map(str.rstrip, lines[start:end])))
                groups = list(map(_GROUPS, found))  # every line of a run matched
                written = run_json(table, groups, lines[start:end], big_endian)
            texts += written
        if texts:
            if len(parts) > 1:
                parts.append(",")
            parts.append(",".join(texts))
    parts.append("]")
    return parts, scanner.collector.result()


def direct_json(text: str, *, source: str | None = None,
                **hints: Any) -> tuple[str, tuple[Diagnostic, ...]]:
    """``netfacts parse --as proc-net-tcp``'s fast path: text → compact JSON text, a chunk
    of lines at a time, no records built.  A chunk that is all socket lines of one table
    (the grammar checks the chunk at once) is written from its tokens
    (:func:`_token_json`), other chunks from the parser's matches."""
    parts, diagnostics = direct_json_parts(text, source=source, **hints)
    return "".join(parts), diagnostics
