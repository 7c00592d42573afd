r"""Grammar of the kernel's counter files ``/proc/net/snmp``, ``/proc/net/netstat`` and
``/proc/net/snmp6`` (``net/ipv4/proc.c``, ``net/ipv6/proc.c``).

::

    table   := { names values }                 ; snmp, netstat
    names   := group ":" { SP name }            ; "Ip: Forwarding DefaultTTL InReceives ..."
    values  := group ":" { SP number }          ; "Ip: 2 64 38 ..."
    list    := { pair }                         ; snmp6
    pair    := name SP number                   ; "%-32s\t%lu": "Ip6InReceives   <TAB>36"

``snmp`` holds the groups ``Ip``, ``Icmp``, ``IcmpMsg`` (only once a message type was
counted; its names are dynamic: ``InType3``), ``Tcp``, ``Udp``, ``UdpLite``; ``netstat``
holds ``TcpExt``, ``IpExt``, ``MPTcpExt``, ``TcpExtTLS`` ...  Values are signed (Tcp
``MaxConn`` is -1).  The names of a group grow with every kernel: values are paired with
the names line above them by position, never by a fixed list.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._compiled_proc_net_snmp import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["SHAPES", "build_shapes"]


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    group = rx(r"[A-Za-z][A-Za-z0-9_]{0,63}", "group")("group") + pp.Literal(":")
    name = r"[A-Za-z][A-Za-z0-9_]{0,127}"
    number = r"-?(?:0|[1-9][0-9]{0,19})"
    return {
        "names": group + rx(f"(?: +{name}){{1,1024}}", "counter names")("names"),
        "values": group + rx(f"(?: +{number}){{1,1024}}", "counter values")("values"),
        "pair": (rx(name, "counter name")("name") + rx(r"[ \t]+", "blank").suppress()
                 + rx(number, "counter value")("value")),
    }


_NAMES = {"names": "counter names line", "values": "counter values line",
          "pair": "snmp6 counter line"}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
