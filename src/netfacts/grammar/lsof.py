r"""Grammar of ``lsof`` output in the forms sosreports hold: ``lsof +M -n -l -c ''`` (sos 4.1+),
``lsof -b +M -n -l -c ''`` (3.6-4.0), ``lsof -b +M -n -l`` and ``lsof +M -n -l`` (the
``lsof-threads`` option, 3.0-3.5) and ``lsof -b +M -n -l -P`` (filesys plugin).

::

    file     := [messages] header { row | message }
    header   := "COMMAND" SP "PID" [SP "TID" [SP "TASKCMD"]] SP "USER" SP "FD" SP "TYPE"
                SP "DEVICE" SP ("SIZE/OFF" | "SIZE" | "OFF") SP "NODE" SP "NAME"
    row      := command SP pid [SP tid [SP taskcmd]] SP user SP fd SP type
                SP [device SP] [size SP] node SP name
    message  := "lsof: " ... | SP "Output information may be incomplete." ...

Columns are blank-padded to widths lsof computes over everything it saw (before any
filtering), and some are empty, so the rows are read by token, not by position: PID, TID,
FD, TYPE, DEVICE, SIZE/OFF and NODE have recognisable shapes, COMMAND (the first 9
characters of the process name, ``+c 9``) and TASKCMD may contain spaces, NAME is the rest
of the line.  Only socket rows are described in full (one shape per socket TYPE: what maps
socket inodes and ports to processes); every other row only has to look like a row.

Socket rows (lsof 4.9x on Linux):

* ``IPv4``/``IPv6``: DEVICE is the socket inode, NODE the protocol (``TCP``, ``UDP``...),
  NAME ``LOCAL[->REMOTE][ (STATE)]`` with ``*`` wildcards, ``[v6]:port``, service names
  where ``-P`` is absent, portmapper registrations ``port[name]`` with ``+M``;
* ``unix``: DEVICE the kernel address (``0x...``, = ``/proc/net/unix`` Num), NODE the inode,
  NAME ``[path] [type=STREAM] [(STATE)]`` (type and state since 4.94; the path stops at
  its first blank);
* ``raw``/``raw6``: no DEVICE, NODE the inode, NAME the ``/proc/net/raw`` address pair and
  ``st=NN``;
* ``sock``: a socket of another network namespace: DEVICE ``0,N`` (sockfs), NODE the inode,
  NAME ``protocol: TCP`` (``TCPv6``, ``UDP``, ``UNIX-STREAM``...);
* ``netlink``, ``pack``: NODE the inode, NAME the netlink protocol / packet details.

With ``-b`` and without the process plugin's filtering, lsof's own stderr lines
(``lsof: WARNING: can't stat() ...``, ``      Output information may be incomplete.``)
are in the file: sos merges stderr into it.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_lsof import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["SHAPES", "SOCKET_TYPES", "build_shapes"]

SOCKET_TYPES = {"IPv4": "inet", "IPv6": "inet", "unix": "unix", "raw": "raw", "raw6": "raw",
                "sock": "sock", "netlink": "other", "pack": "other", "ax25": "other",
                "ipx": "other", "x.25": "other"}
"""TYPE → the shape of its row."""


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    sp = rx(r" +", "space").suppress()
    number = r"(?:0|[1-9][0-9]{0,9})"
    words = r"\S{1,64}(?: {1,64}\S{1,64}){0,8}?"
    fd_pattern = r"[0-9]{1,10}[rwu-]?[rRwWuUxXNtT]?"
    size_pattern = r"(?:0t[0-9]{1,20}|0x[0-9a-fA-F]{1,16}|[0-9]{1,20})"

    def head(kind: str) -> pp.ParserElement:
        """COMMAND PID [TID TASKCMD] USER FD TYPE of a socket row of TYPE ``kind``.

        COMMAND and TASKCMD may contain spaces, and a process row of the threads form has
        blank TID and TASKCMD: each choice looks ahead at the columns that must follow
        (user, FD, TYPE), so that the grammar is deterministic.
        """
        rest = f" +\\S{{1,64}} +{fd_pattern} +(?:{kind}) "
        return (
            rx(f"{words}(?= +{number}(?: +{number} +{words})?{rest})",
               "command name")("command")
            + sp + rx(number, "PID")("pid")
            + pp.Opt(sp + rx(f"{number}(?= +{words}{rest})", "TID")("tid") + sp
                     + rx(f"{words}(?={rest})", "task name")("taskcmd"))
            + sp + rx(r"\S{1,64}", "user")("user") + sp
            + rx(fd_pattern, "file descriptor")("fd") + sp
            + rx(kind, "socket type")("type") + sp
        )

    def size(ahead: str) -> pp.ParserElement:
        return pp.Opt(rx(f"{size_pattern}(?= +{ahead})", "size or offset")("size_off") + sp)

    inode = rx(r"[0-9]{1,20}", "inode")("node") + sp
    name = rx(r"\S.{0,8191}", "name")("name")
    protocol = r"[A-Z][A-Za-z0-9_-]{0,15} "
    header = (
        pp.Literal("COMMAND") + sp + pp.Literal("PID")
        + pp.Opt(sp + pp.Literal("TID")("tid") + pp.Opt(sp + pp.Literal("TASKCMD")))
        + sp + pp.Literal("USER") + sp + pp.Literal("FD") + sp + pp.Literal("TYPE") + sp
        + pp.Literal("DEVICE") + sp
        + (pp.Literal("SIZE/OFF") | pp.Literal("SIZE") | pp.Literal("OFF"))("size") + sp
        + pp.Literal("NODE") + sp + pp.Literal("NAME")
    )
    return {
        "header": header,
        "inet": (
            head("IPv[46]")
            + pp.Opt(rx(f"[0-9]{{1,20}}(?= +(?:{size_pattern} +)?{protocol})", "socket inode")
                     ("device") + sp)
            + size(protocol)
            + rx(r"[A-Z][A-Za-z0-9_-]{0,15}", "protocol")("node") + sp + name
        ),
        "unix": (
            head("unix") + rx(r"0x[0-9a-fA-F]{1,16}", "socket address")("device") + sp
            + size("[0-9]+ ") + inode + name
        ),
        "raw": head("raw6?") + size("[0-9]+ ") + inode + name,
        "sock": (
            head("sock")
            + pp.Opt(rx(r"[0-9]{1,10},[0-9]{1,10}", "device numbers")("device") + sp)
            + size("[0-9]+ ") + inode + name
        ),
        "other": (
            head(r"netlink|pack|ax25|ipx|x\.25")
            + pp.Opt(rx(r"[0-9]{1,10},[0-9]{1,10}", "device numbers")("device") + sp)
            + size("[0-9]+ ") + inode + name
        ),
        "row": (
            rx(f"{words}(?= +{number} )", "command name")("command") + sp
            + rx(number, "PID")("pid") + sp + rx(r"\S.{0,8191}", "columns")("rest")
        ),
    }


_NAMES = {
    "header": "lsof header line",
    "inet": "lsof IPv4/IPv6 socket row",
    "unix": "lsof unix socket row",
    "raw": "lsof raw socket row",
    "sock": "lsof sock row",
    "other": "lsof socket row",
    "row": "lsof row",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
