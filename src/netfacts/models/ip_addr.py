"""What ``ip addr`` / ``ip link`` parsing returns: the links, and the form of the command.

Every family's result derives from :class:`~netfacts.models.output.Output` and has
``kind`` (the family key), ``form`` (how the command was run, as far as the text shows it;
renderers use it to print the same form again) and ``diagnostics``.  Equality compares
records and form only, so a re-parsed rendering equals the original even though it has no
diagnostics.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Literal

import attrs

from netfacts.models._checked import checked
from netfacts.models.lazy import LazyTuple
from netfacts.models.link import Link
from netfacts.models.output import Output

__all__ = ["IpAddrCommand", "IpAddrForm", "IpAddrOutput", "IpAddrStyle", "LinkList",
           "StatsLayout"]

IpAddrCommand = Literal["addr", "link"]
IpAddrStyle = Literal["plain", "oneline", "brief"]
"""``plain``, ``oneline`` (``-o``) or ``brief`` (``-br``)."""
StatsLayout = Literal["A", "B"]
"""``-s`` counters: ``A`` (iproute2 <= 5.13) or ``B`` (5.14+: right-aligned, overrun/missed
swapped)."""


@checked
@attrs.frozen(kw_only=True)
class IpAddrForm:
    """How ``ip addr`` / ``ip link`` was run, as far as the output shows it."""

    command: IpAddrCommand = "addr"
    """``"addr"`` or ``"link"``."""
    style: IpAddrStyle = "plain"
    """``"plain"``, ``"oneline"`` (``-o``) or ``"brief"`` (``-br``)."""
    family: Literal["inet", "inet6"] | None = None
    """``"inet"`` for ``-4``, ``"inet6"`` for ``-6``, else None."""
    details: bool = False
    """``-d``."""
    stats: int = 0
    """0, 1 (``-s``) or 2 (``-s -s``)."""
    stats_layout: StatsLayout = "B"
    """``"A"`` (iproute2 <= 5.13) or ``"B"`` (5.14+: right-aligned, overrun/missed swapped)."""

    @property
    def argv(self) -> tuple[str, ...]:
        """A command line that prints this form."""
        args = ["ip"]
        if self.family == "inet":
            args.append("-4")
        elif self.family == "inet6":
            args.append("-6")
        if self.style == "oneline":
            args.append("-o")
        elif self.style == "brief":
            args.append("-br")
        if self.details:
            args.append("-d")
        args.extend(["-s"] * self.stats)
        args.append(self.command)
        return tuple(args)


class LinkList(LazyTuple[Link]):
    """The interfaces of an output: kept as the parser's validated rows, each :class:`Link`
    built on first use (see :class:`~netfacts.models.lazy.LazyTuple`)."""

    __slots__ = ()


def _as_links(value: Sequence[Link]) -> Sequence[Link]:
    return value if isinstance(value, LazyTuple) else tuple(value)


@checked
@attrs.frozen(kw_only=True)
class IpAddrOutput(Output):
    """``ip addr`` / ``ip link`` output: one :class:`~netfacts.models.link.Link` per interface."""

    kind: ClassVar[str] = "ip_addr"
    links: Sequence[Link] = attrs.field(default=(), converter=_as_links)
    form: IpAddrForm = IpAddrForm()

    def link(self, name: str) -> Link | None:
        """The interface called ``name`` (or having it as an altname), if present."""
        for link in self.links:
            if link.ifname == name or name in link.altnames:
                return link
        return None
