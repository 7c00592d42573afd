"""Hypothesis strategies for neighbours (``ip neigh``, ``arp``, ``/proc/net/arp``) and sysctls.

Re-exported by :mod:`netfacts.testing.strategies`.  As there, every text strategy draws a
*model* first and renders it, so each text comes with its ground truth::

    from hypothesis import given
    from netfacts.testing.strategies import arp_outputs

    @given(arp_outputs())
    def test_my_tool(case):
        text, expected = case
        ...                                   # expected.neighbours is the truth

Generated models respect what each text format can express: ``arp``'s table shows a host
name *or* an address and cuts names to 23 characters, ``(incomplete)`` entries have no
hardware type, a ``C`` entry always has a hardware address, ``ip neigh``'s ``ref`` comes
with ``used``, and so on.
"""

from __future__ import annotations

import ipaddress
from typing import Any

from hypothesis import strategies as st

from netfacts.grammar import ip_neigh as gn
from netfacts.models.neighbour import (
    ArpForm,
    ArpMessage,
    ArpOutput,
    ArpSummary,
    IpNeighForm,
    IpNeighOutput,
    Neighbour,
    NeighCacheInfo,
    NudState,
    ProcNetArpForm,
    ProcNetArpOutput,
)
from netfacts.models.sysctl import Sysctl, SysctlForm, SysctlOutput
from netfacts.models.values import MacAddress
from netfacts.renderers.arp import render_arp
from netfacts.renderers.ip_neigh import render_ip_neigh, render_neighbour
from netfacts.renderers.proc_net_arp import render_proc_net_arp
from netfacts.renderers.sysctl import render_sysctl

__all__ = [
    "arp_outputs",
    "ip_neigh_outputs",
    "neighbours",
    "proc_net_arp_outputs",
    "sysctl_outputs",
]

_IFNAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-_!#@", min_size=1,
                  max_size=15).filter(lambda n: n not in (".", ".."))
_WORD = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_", min_size=1, max_size=10)
_HOSTNAME = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789.-", min_size=1,
                    max_size=40).filter(lambda n: not _is_ipv4(n))
_KNOWN_STATES = list(NudState)
_NEIGH_KEYWORDS = frozenset(gn.NEIGH_KEYS) | {"Deleted", "delete", "miss"}


def _is_ipv4(text: str) -> bool:
    try:
        ipaddress.IPv4Address(text)
    except ValueError:
        return False
    return True


def _macs(min_size: int = 1, max_size: int = 20) -> st.SearchStrategy[MacAddress]:
    return st.binary(min_size=min_size, max_size=max_size).map(MacAddress)


def _ordered_subset(items: list[Any], max_size: int) -> st.SearchStrategy[tuple[Any, ...]]:
    """A subset of ``items`` kept in their order (the order the tools print them in)."""
    return st.lists(st.sampled_from(items), unique=True, max_size=max_size).map(
        lambda chosen: tuple(item for item in items if item in chosen)
    )


@st.composite
def _cache(draw: st.DrawFn) -> NeighCacheInfo | None:
    if not draw(st.booleans()):
        return None
    seconds = st.integers(0, 2**31 - 1)
    fields: dict[str, Any] = {}
    if draw(st.booleans()):
        fields.update(used=draw(seconds), confirmed=draw(seconds), updated=draw(seconds))
        if draw(st.booleans()):
            fields["refcnt"] = draw(st.integers(1, 2**31 - 1))
    if draw(st.booleans()) or not fields:
        fields["probes"] = draw(st.integers(0, 2**31 - 1))
    return NeighCacheInfo(**fields)


@st.composite
def _ip_neighbour(draw: st.DrawFn) -> Neighbour:
    fields: dict[str, Any] = {"dst": draw(st.ip_addresses())}
    event = draw(st.sampled_from(["", "", "", "deleted", "miss"]))
    if event:
        fields[event] = True
    if draw(st.integers(0, 5)):
        fields["dev"] = draw(_IFNAME)
    if draw(st.booleans()):
        # MACs of 1 to 20 bytes, or a dotted quad (ipip/gre devices).  An IPv6 link-layer
        # address is left out: "aa:bb:cc:dd:ee:ff:10:11" is both an IPv6 address and an
        # 8-byte MAC, and iproute2's text cannot tell them apart.
        fields["lladdr"] = draw(_macs() | st.ip_addresses(v=4))
    fields["flags"] = draw(_ordered_subset(list(gn.FLAG_WORDS), 3))
    fields["state"] = draw(_ordered_subset(_KNOWN_STATES, 2))
    fields["cache"] = draw(_cache())
    if draw(st.integers(0, 3)) == 0:
        fields["protocol"] = draw(st.sampled_from(["static", "zebra", "42", "kernel", "bgp"]))
    if draw(st.integers(0, 4)) == 0:
        key = draw(_WORD.filter(lambda w: w not in _NEIGH_KEYWORDS))
        fields["extra"] = ((key, draw(st.sampled_from(["", "7", "0x1f"]))),)
    return Neighbour(**fields)


@st.composite
def _arp_neighbour(draw: st.DrawFn, style: str) -> Neighbour:
    fields: dict[str, Any] = {"dev": draw(_IFNAME)}
    address = draw(st.ip_addresses(v=4))
    if style == "table":
        if draw(st.integers(0, 3)) == 0:
            fields["hostname"] = draw(_HOSTNAME)[:23]
        else:
            fields["dst"] = address
    else:
        fields["dst"] = address
        if draw(st.booleans()):
            fields["hostname"] = draw(_HOSTNAME)
    letters = set(draw(st.sampled_from(["C", "C", "CM", "", "MP", "CMP", "CA", "CT", "C!", ""])))
    if "C" in letters:
        fields["lladdr"] = draw(_macs(1, 7) if style == "table" else _macs(1, 20))
        fields["hwtype"] = draw(st.sampled_from(["ether", "infiniba" if style == "table"
                                                 else "infiniband", "loop", "ax25"]))
    fields["arp_flags"] = "".join(letter for letter in "CMPA!T" if letter in letters)
    if draw(st.integers(0, 9)) == 0:
        fields["mask"] = draw(st.ip_addresses(v=4))
    return Neighbour(**fields)


def neighbours(*, kind: str = "ip_neigh") -> st.SearchStrategy[Neighbour]:
    """One neighbour as ``kind`` shows it: ``"ip_neigh"``, ``"arp"`` (table style),
    ``"arp_bsd"`` or ``"proc_net_arp"``."""
    if kind == "ip_neigh":
        return _ip_neighbour()
    if kind == "arp":
        return _arp_neighbour("table")
    if kind == "arp_bsd":
        return _arp_neighbour("bsd")
    if kind == "proc_net_arp":
        return _proc_neighbour()
    raise ValueError(f"unknown kind {kind!r}")


@st.composite
def ip_neigh_outputs(draw: st.DrawFn) -> tuple[str, IpNeighOutput]:
    """``(text, output)``: ``ip neigh`` text in either spacing layout and its model."""
    items = tuple(draw(st.lists(_ip_neighbour(), max_size=6)))
    layout = draw(st.sampled_from(["A", "B"]))
    if all(render_neighbour(n, "A") == render_neighbour(n, "B") for n in items):
        layout = "B"  # the text cannot show which layout it was
    form = IpNeighForm(layout=layout, stats=any(n.cache is not None for n in items))
    output = IpNeighOutput(neighbours=items, form=form)
    return render_ip_neigh(output), output


@st.composite
def arp_outputs(draw: st.DrawFn, *, style: str | None = None) -> tuple[str, ArpOutput]:
    """``(text, output)``: net-tools ``arp`` text (table or BSD style) and its model."""
    chosen = style if style is not None else draw(st.sampled_from(["table", "bsd"]))
    legacy = draw(st.integers(0, 4)) == 0
    items = tuple(draw(st.lists(_arp_neighbour(chosen), max_size=6)))
    summary = None
    if draw(st.integers(0, 3)) == 0:
        found = len(items)
        skipped = draw(st.integers(0, 5))
        summary = ArpSummary(entries=found + skipped, skipped=skipped, found=found)
    message = None
    if not items and draw(st.booleans()):
        if draw(st.booleans()):
            address = str(draw(st.ip_addresses(v=4)))
            name = draw(st.sampled_from([address, "gw.example.net"]))
            message = ArpMessage(kind="no entry", name=name, address=address)
        else:
            message = ArpMessage(kind="no match", entries=draw(st.integers(0, 10_000)))
    published = any("P" in n.arp_flags and "C" not in n.arp_flags for n in items)
    if chosen == "bsd":
        published = published or any("P" in n.arp_flags for n in items)
    form = ArpForm(style=chosen if items else "table", verbose=summary is not None,
                   legacy=legacy and published)
    output = ArpOutput(neighbours=items, form=form, summary=summary, message=message)
    return render_arp(output), output


@st.composite
def _proc_neighbour(draw: st.DrawFn) -> Neighbour:
    fields: dict[str, Any] = {"dst": draw(st.ip_addresses(v=4))}
    if draw(st.integers(0, 9)):
        fields["dev"] = draw(_IFNAME.filter(lambda n: n != "*"))
    letters = draw(st.sampled_from(["C", "C", "CM", "", "MP", "CT", "CA!"]))
    fields["arp_flags"] = letters
    fields["hwtype"] = draw(st.sampled_from(["ether", "ether", "infiniband", "loop", "0x1ff"]))
    if "C" in letters:
        fields["lladdr"] = draw(_macs(1, 20))
    elif draw(st.integers(0, 4)) == 0:
        stale = draw(_macs(6, 6).filter(lambda mac: not mac.is_zero))
        fields["extra"] = (("hw_address", str(stale)),)
    return Neighbour(**fields)


@st.composite
def proc_net_arp_outputs(draw: st.DrawFn) -> tuple[str, ProcNetArpOutput]:
    """``(text, output)``: a ``/proc/net/arp`` file and its model."""
    items = tuple(draw(st.lists(_proc_neighbour(), max_size=6)))
    header = draw(st.integers(0, 5)) > 0 or not items
    output = ProcNetArpOutput(neighbours=items, form=ProcNetArpForm(header=header))
    return render_proc_net_arp(output), output


_KEY_PART = st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789_-", min_size=1, max_size=12)
_TEXT_VALUE = st.lists(
    st.text(alphabet="abcdefghijklmnopqrstuvwxyz0123456789:-,_", min_size=1, max_size=12),
    min_size=1, max_size=3,
).flatmap(lambda words: st.sampled_from(["\t", " "]).map(lambda sep: sep.join(words)))


def _sysctl_value() -> st.SearchStrategy[int | str]:
    return st.one_of(
        st.integers(-(2**63), 2**64),
        _TEXT_VALUE.filter(lambda v: not _is_canonical_int(v)),
        st.lists(st.integers(0, 2**32), min_size=2, max_size=3).map(
            lambda ns: "\t".join(map(str, ns))),
        st.just(""),
    )


def _is_canonical_int(text: str) -> bool:
    try:
        return str(int(text)) == text
    except ValueError:
        return False


@st.composite
def _sysctl(draw: st.DrawFn) -> Sysctl:
    parts = draw(st.lists(_KEY_PART, min_size=2, max_size=5))
    if draw(st.integers(0, 4)) == 0:
        parts.insert(3 if len(parts) > 3 else 1, "eth0/100")  # an interface name with a dot
    return Sysctl(key=".".join(parts), value=draw(_sysctl_value()))


@st.composite
def sysctl_outputs(draw: st.DrawFn, *, style: str | None = None) -> tuple[str, SysctlOutput]:
    """``(text, output)``: ``sysctl`` lines, or (``style="file"``) one ``/proc/sys`` file.

    For a file the key is not in the text: parse it with ``key=output.entries[0].key``.
    """
    chosen = style if style is not None else draw(st.sampled_from(["sysctl", "file"]))
    if chosen == "file":
        entries: tuple[Sysctl, ...] = (draw(_sysctl()),)
    else:
        entries = tuple(draw(st.lists(_sysctl(), max_size=8)))
    output = SysctlOutput(entries=entries, form=SysctlForm(style=chosen))
    return render_sysctl(output), output
