"""Policy routing rules (``ip rule``) and what ``ip rule`` output returns."""

from __future__ import annotations

from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models._record import record_text
from netfacts.models.output import Output
from netfacts.models.values import IPInterface

__all__ = ["IpRuleForm", "IpRuleOutput", "Rule"]


@checked
@attrs.frozen(kw_only=True)
class Rule:
    """One rule: priority, selectors and action (``ip -j rule`` key names)."""

    priority: int
    invert: bool = False
    """``not from ...``: the selectors are negated."""
    src: IPInterface | None = None
    """The prefix as listed, host bits included (``from 10.0.0.5/8`` stays so: the kernel
    keeps what was configured); ``None`` for ``from all``."""
    dst: IPInterface | None = None
    tos: str | None = None
    fwmark: str | None = None
    fwmask: str | None = None
    iif: str | None = None
    iif_detached: bool = False
    oif: str | None = None
    oif_detached: bool = False
    l3mdev: bool = False
    uidrange: tuple[int, int] | None = None
    ipproto: str | None = None
    sport: str | None = None
    dport: str | None = None
    tun_id: int | None = None
    table: str | None = None
    suppress_prefixlength: int | None = None
    suppress_ifgroup: str | None = None
    realms: str | None = None
    protocol: str | None = None
    goto: int | None = None
    action: str | None = None
    """``unreachable``, ``prohibit``, ``blackhole`` or ``nop`` (None for a lookup)."""
    extra: tuple[tuple[str, str], ...] = ()
    command_family: int | None = None
    """4 or 6 when the command line chose the family (``ip -6 rule``): the text of a
    ``from all`` rule does not show it, and each family has its own rule list."""

    def __str__(self) -> str:
        """The ``ip rule`` line: ``1000:<TAB>from 10.90.0.0/16 lookup 100``."""
        return record_text(self)

    @property
    def family(self) -> int | None:
        """4 or 6: as listed (``ip -6 rule``), else as a prefix shows it, else None."""
        if self.command_family is not None:
            return self.command_family
        for network in (self.src, self.dst):
            if network is not None:
                return network.version
        return None


@checked
@attrs.frozen(kw_only=True)
class IpRuleForm:
    """How ``ip rule`` was run (``-4``/``-6`` as far as the command line says)."""

    family: str | None = None


@checked
@attrs.frozen(kw_only=True)
class IpRuleOutput(Output):
    """``ip rule`` output: one :class:`Rule` per line."""

    kind: ClassVar[str] = "ip_rule"
    rules: tuple[Rule, ...] = ()
    form: IpRuleForm = IpRuleForm()
