r"""Grammar of the kernel's Internet socket tables: ``/proc/net/tcp``, ``tcp6``, ``udp``,
``udp6``, ``raw`` and ``raw6`` (one family: the header and the address width tell them apart).

::

    file    := { header | row }                 ; ``cat tcp tcp6`` concatenates tables
    header  := [SP] "sl" SP "local_address" SP ("rem_address" | "remote_address") SP "st"
               SP "tx_queue" SP "rx_queue" SP "tr" SP "tm->when" SP "retrnsmt" SP "uid"
               SP "timeout" SP "inode" [SP "ref" SP "pointer" SP "drops"] [pad]
    row     := [SP] slot ":" SP addr ":" port SP addr ":" port SP st SP hex ":" hex
               SP hex ":" hex SP hex SP uid SP probes SP inode [SP ref SP pointer [SP tail]] [pad]
    addr    := 8 hex digits (IPv4) | 32 hex digits (IPv6)     ; the same width twice
    tail    := number [SP number SP number SP number SP number]
               [SP number {SP number}]

``row4`` and ``row6`` are the row with both addresses of one width (what an IPv4 and an
IPv6 table hold); ``row`` accepts either width.  The tail is named by position: ``tail1``
(rto, or drops for udp/raw), ``tail2`` to ``tail5`` (ato, quick/pingpong, cwnd, ssthresh),
``more`` for whatever follows.

What the kernel prints (``net/ipv4/tcp_ipv4.c``, ``tcp_ipv6.c``, ``udp.c``, ``raw.c``,
``ipv6/datagram.c``):

* TCP sockets: ``%4d: %08X:%04X %08X:%04X %02X %08X:%08X %02X:%08lX %08X %5u %8d %lu %d %pK``
  then ``%lu %lu %u %u %d`` (rto, ato, ``quick << 1 | pingpong``, snd_cwnd, ssthresh; for a
  listener the last is the Fast Open queue limit).  TIME_WAIT/FIN_WAIT2 timewait sockets and
  SYN_RECV request sockets stop after the pointer (no tail), with inode 0.
* UDP and raw sockets: the same columns up to the pointer, then ``%u`` drops; ``sl`` is the
  hash bucket (``%5d`` for udp, udp6 and raw6, ``%4d`` for raw), not a row number.
* IPv4 addresses are the ``__be32`` printed ``%08X`` as a host integer (reversed on
  little-endian hosts: ``0100007F`` is 127.0.0.1); IPv6 addresses are four such words.
  Ports are converted to host order before printing (``1F90`` is 8080 everywhere).
* Padding: tcp (IPv4) lines and header are space-padded to 149 characters, udp (IPv4) to
  127; the others are not.

The tcp and udp/raw headers differ in their last words (``inode`` vs ``inode ref pointer
drops``), IPv4 and IPv6 headers in the spelling ``rem_address`` / ``remote_address`` and
their spacing.  udp and raw IPv4 headers differ only in leading spaces and padding
(``   sl`` padded vs ``  sl``); udp6 and raw6 print the same header.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_proc_net_tcp import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = [
    "DGRAM_HEADER_END",
    "HEADERS",
    "SHAPES",
    "build_shapes",
]

_V4_HEAD = ("sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   "
            "uid  timeout inode")
_V6_HEAD = ("sl  local_address                         remote_address                        "
            "st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode")
DGRAM_HEADER_END = " ref pointer drops"

HEADERS = {
    "tcp": "  " + _V4_HEAD,
    "tcp6": "  " + _V6_HEAD,
    "udp": "   " + _V4_HEAD + DGRAM_HEADER_END,
    "udp6": "  " + _V6_HEAD + DGRAM_HEADER_END,
    "raw": "  " + _V4_HEAD + DGRAM_HEADER_END,
    "raw6": "  " + _V6_HEAD + DGRAM_HEADER_END,
}
"""The header line of each table as a 6.x kernel prints it (before padding)."""


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    sp = rx(r" +", "space").suppress()
    lead = pp.Opt(rx(r" +", "space").suppress())
    pad = pp.Opt(rx(r" +", "padding").suppress())

    def lit(text: str) -> pp.ParserElement:
        return pp.Literal(text)

    addr = rx(r"[0-9A-Fa-f]{8}(?:[0-9A-Fa-f]{24})?", "hexadecimal address")
    addr4 = rx(r"[0-9A-Fa-f]{8}", "IPv4 address in hexadecimal")
    addr6 = rx(r"[0-9A-Fa-f]{32}", "IPv6 address in hexadecimal")
    port = rx(r"[0-9A-Fa-f]{4}", "hexadecimal port")
    hexnum = rx(r"[0-9A-Fa-f]{1,16}", "hexadecimal number")
    # decimal numbers as printf prints them: no leading zeros (the JSON copies them)
    number = r"(?:0|[1-9][0-9]{0,19})"
    dec = rx(number, "decimal number")
    signed = rx("-?" + number, "decimal number")
    header = (
        lead + lit("sl") + sp + lit("local_address") + sp
        + (lit("remote_address") | lit("rem_address"))("remote") + sp
        + lit("st") + sp + lit("tx_queue") + sp + lit("rx_queue") + sp + lit("tr") + sp
        + lit("tm->when") + sp + lit("retrnsmt") + sp + lit("uid") + sp + lit("timeout") + sp
        + lit("inode")
        + pp.Opt(rx(r" +ref +pointer +drops", "ref pointer drops")("dgram")) + pad
    )
    def row(address: pp.ParserElement) -> pp.ParserElement:
        return (
            lead + rx(r"0|[1-9][0-9]{0,9}", "slot number")("slot") + lit(":") + sp
            + address("local_address") + lit(":") + port("local_port") + sp
            + address("remote_address") + lit(":") + port("remote_port") + sp
            + rx(r"[0-9A-Fa-f]{2}", "state")("state") + sp
            + hexnum("tx_queue") + lit(":") + hexnum("rx_queue") + sp
            + rx(r"[0-9A-Fa-f]{2}", "timer code")("timer") + lit(":") + hexnum("when") + sp
            + hexnum("retransmits") + sp + dec("uid") + sp + signed("probes") + sp
            + dec("inode")
            + pp.Opt(
                sp + signed("refcount") + sp + rx(r"[0-9a-fA-F]{1,16}", "pointer")("pointer")
                + pp.Opt(
                    sp + signed("tail1")
                    + pp.Opt(sp + signed("tail2") + sp + signed("tail3") + sp
                             + signed("tail4") + sp + signed("tail5"))
                    + pp.Opt(sp + rx(f"-?{number}(?: +-?{number}){{0,10}}", "numbers")("more"))
                )
            )
            + pad
        )

    return {"header": header, "row": row(addr), "row4": row(addr4), "row6": row(addr6)}


_NAMES = {
    "header": "/proc/net/tcp header line",
    "row": "/proc/net/tcp socket line",
    "row4": "IPv4 socket line",
    "row6": "IPv6 socket line",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
