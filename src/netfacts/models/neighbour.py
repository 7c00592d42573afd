"""A neighbour (ARP / NDP cache entry) as ``ip neigh``, ``arp`` and ``/proc/net/arp`` show it.

All three produce the same :class:`Neighbour`; each fills the fields its text carries:

============================  ==========  ======  ===============
field                         ip neigh    arp     /proc/net/arp
============================  ==========  ======  ===============
``dst``                       yes         yes¹    yes
``hostname``                  --          yes¹    --
``dev``                       yes²        yes     yes
``lladdr``                    yes³        yes³    yes³
``state``, ``flags``          yes         --      --
``cache``                     ``-s``      --      --
``hwtype``, ``arp_flags``     --          yes     yes
``mask``                      --          yes     yes
============================  ==========  ======  ===============

¹ ``arp`` without ``-n`` prints a host name *instead of* the address when it can resolve
one (``arp -a`` prints both); netfacts keeps the name and leaves ``dst`` empty rather
than guessing.  ² absent with ``ip neigh show dev X``.  ³ only for entries that have one:
INCOMPLETE, FAILED, NONE and proxy entries have no link-layer address.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models._record import record_text
from netfacts.models.lazy import LazyTuple
from netfacts.models.output import Output
from netfacts.models.values import (
    IPAddress,
    LinkAddress,
    MacAddress,
    OpenEnum,
    ip_address,
    ip_text,
    link_address,
)

__all__ = [
    "ARP_FLAG_LETTERS",
    "ARP_ROW",
    "NEIGH_FLAGS",
    "NUD_VALID",
    "ArpForm",
    "ArpMessage",
    "ArpOutput",
    "ArpSummary",
    "IpNeighForm",
    "IpNeighOutput",
    "NeighCacheInfo",
    "Neighbour",
    "NeighbourList",
    "NudState",
    "ProcNetArpForm",
    "ProcNetArpOutput",
    "arp_row",
    "as_neighbours",
    "neighbour_from_arp_row",
]


class NudState(OpenEnum):
    """Neighbour Unreachability Detection state word (``ip -j neigh``: ``state`` list).

    A state of 0 (``NUD_NONE``) prints no word: :attr:`Neighbour.state` is then ``()``.
    """

    INCOMPLETE = "INCOMPLETE"
    REACHABLE = "REACHABLE"
    STALE = "STALE"
    DELAY = "DELAY"
    PROBE = "PROBE"
    FAILED = "FAILED"
    NOARP = "NOARP"
    PERMANENT = "PERMANENT"


NUD_VALID = frozenset(
    {
        NudState.PERMANENT,
        NudState.NOARP,
        NudState.REACHABLE,
        NudState.PROBE,
        NudState.STALE,
        NudState.DELAY,
    }
)
"""The kernel's ``NUD_VALID``: states in which the entry has a usable link-layer address."""

NEIGH_FLAGS = ("router", "proxy", "managed", "extern_learn", "offload", "extern_valid")
"""Flag words of ``ip neigh`` in iproute2's print order (each a ``null`` key in ``ip -j``)."""

ARP_FLAG_LETTERS = "CMPA!T"
"""net-tools' flag letters in print order: C complete (ATF_COM), M permanent (ATF_PERM),
P published (ATF_PUBL), A (ATF_MAGIC), ! (ATF_DONTPUB), T trailers (ATF_USETRAILERS)."""


@checked
@attrs.frozen(kw_only=True)
class NeighCacheInfo:
    """The ``-s`` counters of ``ip neigh``: ``ref N used A/B/C probes N``.

    ``used``, ``confirmed`` and ``updated`` are seconds since the entry was last used,
    confirmed and updated; ``refcnt`` is printed only when it is not zero.
    """

    refcnt: int | None = None
    used: int | None = None
    confirmed: int | None = None
    updated: int | None = None
    probes: int | None = None


@checked
@attrs.frozen(kw_only=True)
class Neighbour:
    """One neighbour-table entry.

    Field names follow ``ip -j neigh`` (``dst``, ``dev``, ``lladdr``, ``state``,
    ``protocol``); the ``arp`` columns have their own fields (``hostname``, ``hwtype``,
    ``arp_flags``, ``mask``).  A field the producing command does not print is ``None``
    (or empty).
    """

    dst: IPAddress | None = None
    """The neighbour's address; ``None`` only when ``arp`` printed a host name instead."""
    hostname: str | None = None
    """``arp``'s resolved name, as printed (the table style cuts it to 23 characters)."""
    dev: str | None = None
    lladdr: LinkAddress | None = None
    """MAC of any length (1 byte on ``link/none`` devices, 20 on InfiniBand), or a dotted
    quad / IPv6 address on tunnel devices."""
    state: tuple[NudState, ...] = ()
    """NUD state words in printed order; ``()`` for NUD_NONE (and for ``arp`` entries)."""
    flags: tuple[str, ...] = ()
    """``router``, ``proxy``, ``managed``, ``extern_learn``, ``offload``, ``extern_valid``."""
    protocol: str | None = None
    """``proto P`` (iproute2 5.0+): a name from rt_protos or a number, as text."""
    cache: NeighCacheInfo | None = None
    """``-s`` counters."""
    deleted: bool = False
    """``Deleted`` prefix (``ip monitor``)."""
    miss: bool = False
    """``miss`` prefix (an application-solicit request seen by ``ip monitor``)."""
    hwtype: str | None = None
    """``arp``'s hardware type name (``ether``, ``infiniband``...); only for entries that
    have a hardware address in ``arp``, always for ``/proc/net/arp``."""
    arp_flags: str = ""
    """net-tools flag letters in canonical order (see :data:`ARP_FLAG_LETTERS`): ``"C"``,
    ``"CM"``, ``"MP"``; from ``arp -a`` the words PERM/PUB(PUP)/AUTO/DONTPUB/TRAIL and the
    presence of a hardware address are turned into the same letters."""
    mask: IPAddress | None = None
    """``arp``'s netmask of a published entry (rare: only with ATF_NETMASK)."""
    extra: tuple[tuple[str, str], ...] = ()
    """Attributes this version of netfacts does not know, as (keyword, value)."""

    def __str__(self) -> str:
        """The ``ip neigh`` line: ``192.168.50.1 dev eth0 lladdr 02:00:00:00:50:01
        REACHABLE``."""
        return record_text(self)

    @property
    def is_permanent(self) -> bool:
        """Configured by hand, never expires: PERMANENT state, or arp flag ``M``."""
        return NudState.PERMANENT in self.state or "M" in self.arp_flags

    @property
    def is_complete(self) -> bool:
        """Has a usable link-layer address: a NUD_VALID state, or arp flag ``C``."""
        if "C" in self.arp_flags:
            return True
        return any(state in NUD_VALID for state in self.state)

    @property
    def is_proxy(self) -> bool:
        """A proxy (published) entry: ``proxy`` flag, or arp flag ``P``."""
        return "proxy" in self.flags or "P" in self.arp_flags

    @property
    def is_router(self) -> bool:
        """The IPv6 neighbour said it is a router (``router`` flag)."""
        return "router" in self.flags

    @property
    def address(self) -> IPAddress | None:
        """Alias of :attr:`dst` (``arp``'s name for it)."""
        return self.dst


Row = tuple[Any, ...]
"""A validated table row as a parser stores it (see :class:`NeighbourList`)."""


class NeighbourList(LazyTuple[Neighbour]):
    """An immutable sequence of :class:`Neighbour` that builds them on first use.

    ``arp`` and ``/proc/net/arp`` captures of large nodes have tens of thousands of rows.
    Their parsers validate every row and keep it as a compact tuple of texts; the
    ``Neighbour`` objects are built from those rows the first time the sequence is
    iterated, indexed or compared, and kept.  The JSON writers read the rows directly,
    so ``netfacts parse`` never pays for objects it does not use.  Apart from that it
    behaves like a tuple (see :class:`~netfacts.models.lazy.LazyTuple`).
    """

    __slots__ = ()


ARP_ROW = ("dst", "hostname", "dev", "lladdr", "hwtype", "arp_flags", "mask", "extra")
"""The row tuple the ``arp`` and ``/proc/net/arp`` parsers keep per entry: the texts of
``dst``, ``hostname``, ``dev``, ``lladdr`` (canonical: lower-case MAC), ``hwtype``, then the
flag letters, the netmask text and the ``extra`` pairs.  Every text is validated before
it is stored, so building the :class:`Neighbour` cannot fail."""


def neighbour_from_arp_row(row: Row) -> Neighbour:
    """The :class:`Neighbour` of an :data:`ARP_ROW` tuple."""
    dst, hostname, dev, lladdr, hwtype, arp_flags, mask, extra = row
    return Neighbour(
        dst=None if dst is None else ip_address(dst),
        hostname=hostname,
        dev=dev,
        lladdr=None if lladdr is None else link_address(lladdr),
        hwtype=hwtype,
        arp_flags=arp_flags,
        mask=None if mask is None else ip_address(mask),
        extra=extra,
    )


def arp_row(neighbour: Neighbour) -> Row:
    """The :data:`ARP_ROW` tuple of a :class:`Neighbour` (the inverse of
    :func:`neighbour_from_arp_row`)."""
    lladdr = neighbour.lladdr
    return (
        None if neighbour.dst is None else ip_text(neighbour.dst),
        neighbour.hostname,
        neighbour.dev,
        None if lladdr is None else str(lladdr) if isinstance(lladdr, MacAddress)
        else ip_text(lladdr),
        neighbour.hwtype,
        neighbour.arp_flags,
        None if neighbour.mask is None else ip_text(neighbour.mask),
        neighbour.extra,
    )


def as_neighbours(value: Sequence[Neighbour]) -> Sequence[Neighbour]:
    """Field converter: a :class:`NeighbourList` stays as it is, anything else becomes a tuple."""
    if isinstance(value, NeighbourList):
        return value
    return tuple(value)


# ---------------------------------------------------------------- ip neigh


@checked
@attrs.frozen(kw_only=True)
class IpNeighForm:
    """How ``ip neigh`` was run, as far as the output shows it."""

    layout: str = "B"
    """``"A"`` (iproute2 up to 5.15: ``used 1/2/3 probes 4``, no trailing space) or ``"B"``
    (5.16 and later: ``lladdr X  used 1/2/3probes 4 STATE `` with a trailing space).  When
    no line tells them apart both print the same text, and the form says ``"B"``."""
    stats: bool = False
    """``-s`` (``-s -s`` prints the same text)."""

    @property
    def argv(self) -> tuple[str, ...]:
        """A command line that prints this form."""
        return ("ip", "-s", "neigh") if self.stats else ("ip", "neigh")


@checked
@attrs.frozen(kw_only=True)
class IpNeighOutput(Output):
    """``ip neigh`` output: one :class:`Neighbour` per line."""

    kind: ClassVar[str] = "ip_neigh"
    neighbours: tuple[Neighbour, ...] = ()
    form: IpNeighForm = IpNeighForm()

    def get(self, dst: str, dev: str | None = None) -> Neighbour | None:
        """The first entry for address ``dst`` (on ``dev`` when given)."""
        return _find(self.neighbours, dst, dev)


# ---------------------------------------------------------------- arp


@checked
@attrs.frozen(kw_only=True)
class ArpForm:
    """How net-tools ``arp`` was run, as far as the output shows it."""

    style: str = "table"
    """``"table"`` (Linux style: ``arp``, ``arp -n``, ``arp -e``, ``arp -v``) or ``"bsd"``
    (``arp -a``, ``arp -an``)."""
    verbose: bool = False
    """``-v``: the ``Entries: N  Skipped: N  Found: N`` trailer."""
    legacy: bool = False
    """net-tools 1.60 spellings: ``*`` for the hardware address of a published entry and
    ``PUP`` for ``PUB``."""

    @property
    def argv(self) -> tuple[str, ...]:
        """A command line that prints this form."""
        args = ["arp"]
        if self.style == "bsd":
            args.append("-a")
        if self.verbose:
            args.append("-v")
        return tuple(args)


@checked
@attrs.frozen(kw_only=True)
class ArpSummary:
    """The ``-v`` trailer: ``Entries: 18<TAB>Skipped: 0<TAB>Found: 18``."""

    entries: int
    skipped: int
    found: int


@checked
@attrs.frozen(kw_only=True)
class ArpMessage:
    """What ``arp`` prints on stdout when a filter matched nothing.

    ``arp -n HOST``: ``HOST (ADDR) -- no entry`` (``kind="no entry"``, ``name`` as typed,
    ``address`` as resolved); ``arp -a HOST``, ``-i``, ``-H``: ``arp: in N entries no match
    found.`` (``kind="no match"``, ``entries=N``).
    """

    kind: str
    name: str | None = None
    address: str | None = None
    entries: int | None = None


@checked
@attrs.frozen(kw_only=True)
class ArpOutput(Output):
    """net-tools ``arp`` output: one :class:`Neighbour` per row (IPv4 only)."""

    kind: ClassVar[str] = "arp"
    neighbours: Sequence[Neighbour] = attrs.field(default=(), converter=as_neighbours)
    """A tuple, or for parse results a :class:`NeighbourList` (built on first use)."""
    form: ArpForm = ArpForm()
    summary: ArpSummary | None = None
    message: ArpMessage | None = None

    def get(self, dst: str, dev: str | None = None) -> Neighbour | None:
        """The first entry for address (or host name) ``dst`` (on ``dev`` when given)."""
        return _find(self.neighbours, dst, dev)


# ---------------------------------------------------------------- /proc/net/arp


@checked
@attrs.frozen(kw_only=True)
class ProcNetArpForm:
    """``/proc/net/arp`` has one form; the record exists for symmetry with the others."""

    header: bool = True
    """The ``IP address  HW type  Flags ...`` line (always printed by the kernel)."""


@checked
@attrs.frozen(kw_only=True)
class ProcNetArpOutput(Output):
    """The kernel's ``/proc/net/arp`` (what sosreports hold instead of ``arp``)."""

    kind: ClassVar[str] = "proc_net_arp"
    neighbours: Sequence[Neighbour] = attrs.field(default=(), converter=as_neighbours)
    """A tuple, or for parse results a :class:`NeighbourList` (built on first use)."""
    form: ProcNetArpForm = ProcNetArpForm()

    def get(self, dst: str, dev: str | None = None) -> Neighbour | None:
        """The first entry for address ``dst`` (on ``dev`` when given)."""
        return _find(self.neighbours, dst, dev)


def _find(neighbours: Sequence[Neighbour], dst: str, dev: str | None) -> Neighbour | None:
    try:
        wanted: IPAddress | None = ip_address(dst)
    except ValueError:
        wanted = None
    for neighbour in neighbours:
        if dev is not None and neighbour.dev != dev:
            continue
        if wanted is not None and neighbour.dst == wanted:
            return neighbour
        if neighbour.hostname is not None and neighbour.hostname == dst:
            return neighbour
    return None
