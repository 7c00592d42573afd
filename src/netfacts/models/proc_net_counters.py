"""The kernel's protocol counters: ``/proc/net/snmp``, ``/proc/net/netstat``,
``/proc/net/snmp6``, ``nstat`` and ``/proc/net/sockstat`` (``sockstat6``).

``snmp`` and ``netstat`` print counters by group (``Ip``, ``Tcp``, ``TcpExt`` ...), ``snmp6``
and ``nstat`` by a flat name; :func:`nstat_name` gives the flat name of a grouped counter
(``Tcp`` + ``RetransSegs`` → ``TcpRetransSegs``), so the files and ``nstat`` of the same
moment compare counter by counter (:meth:`ProcNetSnmpOutput.nstat_counters`).
"""

from __future__ import annotations

from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.output import Output

__all__ = [
    "NSTAT_LEFT_OUT",
    "NstatCounter",
    "NstatForm",
    "NstatOutput",
    "ProcNetSnmpForm",
    "ProcNetSnmpOutput",
    "ProcNetSockstatOutput",
    "SnmpCounter",
    "SockstatLine",
    "nstat_name",
]

NSTAT_LEFT_OUT = frozenset({"IpForwarding", "IpDefaultTTL", "TcpRtoAlgorithm", "TcpRtoMin",
                            "TcpRtoMax", "TcpMaxConn", "TcpCurrEstab"})
"""Counters of ``/proc/net/snmp`` that nstat does not print (``useless_numbers[]`` in
``misc/nstat.c``): read them from the file."""


def nstat_name(group: str | None, name: str) -> str:
    """The name nstat gives a counter: group and name run together (snmp6's names are
    flat already)."""
    return name if group is None else group + name


@checked
@attrs.frozen(kw_only=True)
class SnmpCounter:
    """One counter of ``/proc/net/snmp``, ``netstat`` or ``snmp6``."""

    group: str | None
    """``Ip``, ``Icmp``, ``IcmpMsg``, ``Tcp``, ``Udp``, ``UdpLite``, ``TcpExt``, ``IpExt``,
    ``MPTcpExt`` ...; None for ``snmp6``, whose names carry their group (``Ip6InReceives``)."""
    name: str
    value: int
    """Signed: Tcp ``MaxConn`` is -1 (dynamic)."""

    @property
    def nstat_name(self) -> str:
        """``TcpRetransSegs``: what nstat calls it."""
        return nstat_name(self.group, self.name)


@checked
@attrs.frozen(kw_only=True)
class ProcNetSnmpForm:
    """How the counters were printed."""

    style: str = "table"
    """``table`` (``snmp``, ``netstat``: a names line and a values line per group) or
    ``list`` (``snmp6``: one ``name<TAB>value`` line per counter)."""


@checked
@attrs.frozen(kw_only=True)
class ProcNetSnmpOutput(Output):
    """``/proc/net/snmp``, ``/proc/net/netstat`` or ``/proc/net/snmp6``."""

    kind: ClassVar[str] = "proc_net_snmp"
    counters: tuple[SnmpCounter, ...] = ()
    form: ProcNetSnmpForm = ProcNetSnmpForm()

    def get(self, group: str | None, name: str) -> int | None:
        """The value of a counter (``out.get("Tcp", "RetransSegs")``), None when absent."""
        for counter in self.counters:
            if counter.group == group and counter.name == name:
                return counter.value
        return None

    def groups(self) -> dict[str | None, dict[str, int]]:
        """group → {name: value}, in print order."""
        found: dict[str | None, dict[str, int]] = {}
        for counter in self.counters:
            found.setdefault(counter.group, {})[counter.name] = counter.value
        return found

    def nstat_counters(self) -> dict[str, int]:
        """nstat name → value (the counters nstat leaves out included)."""
        return {counter.nstat_name: counter.value for counter in self.counters}


@checked
@attrs.frozen(kw_only=True)
class NstatCounter:
    """One line of ``nstat``."""

    name: str
    value: int
    rate: float = 0.0
    """The rate column (always ``0.0`` with ``-a -s``, as sos runs it)."""


@checked
@attrs.frozen(kw_only=True)
class NstatForm:
    """How nstat was run, as far as the output shows it."""

    header: str = "#kernel"
    """The ``#kernel`` line (nstat's history source)."""


@checked
@attrs.frozen(kw_only=True)
class NstatOutput(Output):
    """``nstat`` output (``nstat -zas`` in sosreports)."""

    kind: ClassVar[str] = "nstat"
    counters: tuple[NstatCounter, ...] = ()
    form: NstatForm = NstatForm()

    def get(self, name: str) -> int | None:
        """The value of ``name`` (``TcpExtListenDrops``), None when absent."""
        for counter in self.counters:
            if counter.name == name:
                return counter.value
        return None

    def as_dict(self) -> dict[str, int]:
        """name → value."""
        return {counter.name: counter.value for counter in self.counters}


@checked
@attrs.frozen(kw_only=True)
class SockstatLine:
    """One line of ``/proc/net/sockstat`` or ``sockstat6``: ``TCP: inuse 19 orphan 0 ...``."""

    protocol: str
    """``sockets``, ``TCP``, ``UDP``, ``UDPLITE``, ``RAW``, ``FRAG``, ``TCP6`` ..."""
    values: tuple[tuple[str, int], ...] = ()
    """(key, value) in print order: ``inuse``, ``orphan``, ``tw``, ``alloc``, ``mem`` (pages),
    ``used``, ``memory`` (bytes) ..."""

    def get(self, key: str) -> int | None:
        """The value of ``key`` (``inuse``), None when absent."""
        return dict(self.values).get(key)


@checked
@attrs.frozen(kw_only=True)
class ProcNetSockstatOutput(Output):
    """``/proc/net/sockstat`` or ``sockstat6`` (or both, one after the other)."""

    kind: ClassVar[str] = "proc_net_sockstat"
    lines: tuple[SockstatLine, ...] = ()

    def get(self, protocol: str, key: str) -> int | None:
        """``out.get("TCP", "inuse")``."""
        for line in self.lines:
            if line.protocol == protocol:
                return line.get(key)
        return None
