"""nftables rulesets as ``nft list ruleset`` prints them: tables, chains, rules, sets, maps.

Everything the listing shows is kept: a rule is a tuple of statements, each a typed record
(:class:`NftMatch`, :class:`NftVerdict`, :class:`NftNat`, ...) whose expressions are typed
too (:class:`NftPayload` for ``ip saddr``, :class:`NftMeta`, :class:`NftCt`, ...); literal
values keep the text nft printed (:class:`NftValue`, with typed readings), and a statement
netfacts does not know is kept verbatim as :class:`NftUnknown`.  Rendering a parsed ruleset
gives the listing back; :mod:`netfacts.jsonio.nft` writes ``nft -j list ruleset``'s shape.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Iterator
from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.output import Output
from netfacts.models.values import IPAddress, IPNetwork, OpenEnum, ip_address, ip_network

__all__ = [
    "NftBinop",
    "NftChain",
    "NftConcat",
    "NftCounter",
    "NftCt",
    "NftCtCount",
    "NftElement",
    "NftExpr",
    "NftFamily",
    "NftFib",
    "NftForm",
    "NftHash",
    "NftLimit",
    "NftLog",
    "NftMangle",
    "NftMapLookup",
    "NftMatch",
    "NftMeta",
    "NftNat",
    "NftNumgen",
    "NftObject",
    "NftOutput",
    "NftPayload",
    "NftQuota",
    "NftRawPayload",
    "NftReject",
    "NftRt",
    "NftRule",
    "NftSet",
    "NftSetExpr",
    "NftSetRef",
    "NftSetStatement",
    "NftSimple",
    "NftStatement",
    "NftTable",
    "NftTcpOption",
    "NftUnknown",
    "NftValue",
    "NftVerdict",
    "NftVerdictMap",
    "NftXt",
    "duration_seconds",
    "integer_of",
]


class NftFamily(OpenEnum):
    """Table family."""

    IP = "ip"
    IP6 = "ip6"
    INET = "inet"
    ARP = "arp"
    BRIDGE = "bridge"
    NETDEV = "netdev"


def duration_seconds(text: str) -> int | None:
    """``1h59m59s984ms`` → 7199 (whole seconds, as ``nft -j`` gives them); None if not one."""
    units = {"d": 86400, "h": 3600, "m": 60, "s": 1}
    total = 0
    number = ""
    index = 0
    seen = False
    while index < len(text):
        char = text[index]
        if "0" <= char <= "9":
            if len(number) >= 20:
                return None
            number += char
            index += 1
            continue
        if not number:
            return None
        if text.startswith("ms", index):
            index += 2
        elif char in units:
            total += int(number) * units[char]
            index += 1
        else:
            return None
        number = ""
        seen = True
    if number:  # a bare number is seconds
        return total + int(number)
    return total if seen else None


# ----------------------------------------------------------------------------- expressions


@checked
@attrs.frozen(kw_only=True)
class NftValue:
    """A literal as printed: ``10.0.0.0/8``, ``80``, ``0x00004000``, ``"eth0"``,
    ``established,related``, ``5000-5010``, ``tcp``."""

    text: str

    @property
    def string(self) -> str:
        """The text without the quotes of a quoted string."""
        text = self.text
        if len(text) >= 2 and text[0] == '"' and text[-1] == '"':
            return text[1:-1]
        return text

    @property
    def integer(self) -> int | None:
        """A decimal or ``0x`` number as an int, else None."""
        return integer_of(self.text)

    @property
    def address(self) -> IPAddress | None:
        """An IPv4/IPv6 address, else None."""
        try:
            return ip_address(self.text)
        except ValueError:
            return None

    @property
    def network(self) -> IPNetwork | None:
        """A prefix (``10.0.0.0/8``) or an address as a network, else None."""
        if "/" not in self.text:
            address = self.address
            return ipaddress.ip_network(address) if address is not None else None
        try:
            return ip_network(self.text)
        except ValueError:
            return None

    @property
    def parts(self) -> tuple[str, ...]:
        """The words of a comma list (``established,related``)."""
        return tuple(self.text.split(","))


def integer_of(text: str) -> int | None:
    """``80`` → 80, ``0x00004000`` → 16384 (at most 20 digits); anything else None."""
    if len(text) > 20:
        return None
    if text.isascii() and text.isdigit():
        return int(text)
    if text[:2] in ("0x", "0X") and len(text) > 2:
        try:
            return int(text, 16)
        except ValueError:
            return None
    return None


@checked
@attrs.frozen(kw_only=True)
class NftPayload:
    """``ip saddr``, ``tcp dport``, ``th dport``, ``arp saddr ip``."""

    protocol: str
    field: str


@checked
@attrs.frozen(kw_only=True)
class NftRawPayload:
    """``@nh,0,8``: base, bit offset, bit length."""

    base: str
    offset: int
    length: int


@checked
@attrs.frozen(kw_only=True)
class NftMeta:
    """``meta l4proto``, ``iifname``."""

    key: str


@checked
@attrs.frozen(kw_only=True)
class NftCt:
    """``ct state``, ``ct mark``, ``ct original ip saddr``."""

    key: str
    direction: str | None = None
    family: str | None = None


@checked
@attrs.frozen(kw_only=True)
class NftFib:
    """``fib daddr type``, ``fib saddr . iif oif``."""

    flags: tuple[str, ...]
    result: str


@checked
@attrs.frozen(kw_only=True)
class NftNumgen:
    """``numgen random mod 2 [offset N]``."""

    mode: str
    mod: int
    offset: int | None = None


@checked
@attrs.frozen(kw_only=True)
class NftHash:
    """``jhash ip saddr mod 2 seed 0x1 offset 5`` / ``symhash mod 2``."""

    kind: str
    expr: NftExpr | None
    mod: int
    seed: str | None = None
    offset: int | None = None


@checked
@attrs.frozen(kw_only=True)
class NftRt:
    """``rt mtu``, ``rt ip nexthop``."""

    key: str
    family: str | None = None


@checked
@attrs.frozen(kw_only=True)
class NftTcpOption:
    """``tcp option maxseg size``, ``tcp option sack-perm``."""

    name: str
    field: str | None = None


@checked
@attrs.frozen(kw_only=True)
class NftConcat:
    """``ip daddr . meta l4proto . th dport`` (also concatenated values ``10.0.0.1 . 22``)."""

    items: tuple[NftExpr, ...]


@checked
@attrs.frozen(kw_only=True)
class NftBinop:
    """``meta mark & 0x00004000``, ``meta mark | 0x00004000``."""

    op: str
    left: NftExpr
    right: NftExpr


@checked
@attrs.frozen(kw_only=True)
class NftSetRef:
    """``@service-ips``: a named set or map."""

    name: str


@checked
@attrs.frozen(kw_only=True)
class NftElement:
    """One set or map element: key, optional value (maps), element options."""

    key: NftExpr
    value: NftExpr | None = None
    timeout: str | None = None
    expires: str | None = None
    comment: str | None = None
    counter: tuple[int, int] | None = None
    """``counter packets P bytes B`` on the element."""
    extra: tuple[str, ...] = ()
    """Element options netfacts does not know, verbatim."""
    line: int | None = attrs.field(default=None, eq=False, repr=False)
    """1-based line of the listing where the element was printed."""


@checked
@attrs.frozen(kw_only=True)
class NftSetExpr:
    """An anonymous set or map in a rule: ``{ 80, 443 }``, ``{ 0 : goto a, 1 : goto b }``."""

    elements: tuple[NftElement, ...]


@checked
@attrs.frozen(kw_only=True)
class NftMapLookup:
    """``ip daddr map @fwdmark``, ``tcp dport map { 80 : 10.0.0.2 }``."""

    key: NftExpr
    data: NftExpr


@checked
@attrs.frozen(kw_only=True)
class NftVerdict:
    """``accept``, ``drop``, ``jump CHAIN``, ``goto CHAIN``, ... (a statement, and the data
    of a verdict map)."""

    kind: str
    target: str | None = None


NftExpr = (
    NftValue | NftPayload | NftRawPayload | NftMeta | NftCt | NftFib | NftNumgen | NftHash |
    NftRt | NftTcpOption | NftConcat | NftBinop | NftSetRef | NftSetExpr | NftMapLookup |
    NftVerdict
)
"""Any expression."""


# ----------------------------------------------------------------------------- statements


@checked
@attrs.frozen(kw_only=True)
class NftMatch:
    """``LEFT [OP] RIGHT``: ``ip saddr 10.0.0.0/8``, ``tcp dport != 22``,
    ``tcp flags syn / syn,ack`` (``mask``)."""

    left: NftExpr
    op: str | None
    """As printed: ``==``, ``!=``, ``<``, ... or None when nft printed no operator."""
    right: NftExpr
    mask: NftExpr | None = None


@checked
@attrs.frozen(kw_only=True)
class NftVerdictMap:
    """``KEY vmap @map`` / ``KEY vmap { k : verdict, ... }``."""

    key: NftExpr
    data: NftExpr


@checked
@attrs.frozen(kw_only=True)
class NftCounter:
    """``counter packets P bytes B`` or ``counter name "x"``."""

    packets: int | None = None
    bytes: int | None = None
    name: str | None = None


@checked
@attrs.frozen(kw_only=True)
class NftNat:
    """``dnat to A:P``, ``snat ip to A``, ``masquerade [to :P] [flags]``, ``redirect to :P``."""

    kind: str
    family: str | None = None
    addr: NftExpr | None = None
    port: NftExpr | None = None
    flags: tuple[str, ...] = ()
    to: bool = False
    """``to`` was printed (an address or port follows)."""


@checked
@attrs.frozen(kw_only=True)
class NftLog:
    """``log [prefix "x"] [level L] [group N] ...`` (options in print order)."""

    options: tuple[tuple[str, str], ...] = ()


@checked
@attrs.frozen(kw_only=True)
class NftLimit:
    """``limit rate [over] N[ UNIT]/PER [burst N UNIT]`` or ``limit name "x"``."""

    rate: int | None = None
    rate_unit: str | None = None
    per: str | None = None
    burst: int | None = None
    burst_unit: str | None = None
    over: bool = False
    name: str | None = None


@checked
@attrs.frozen(kw_only=True)
class NftQuota:
    """``quota [over|until] N UNIT [used N UNIT]`` or ``quota name "x"``."""

    value: int | None = None
    unit: str | None = None
    used: int | None = None
    used_unit: str | None = None
    over: bool = False
    name: str | None = None


@checked
@attrs.frozen(kw_only=True)
class NftReject:
    """``reject [with icmp|icmpv6|icmpx CODE | with tcp reset]``."""

    type: str | None = None
    code: str | None = None
    with_type: bool = False
    """``with icmp type CODE`` (the spelling of nft before 0.9.9)."""


@checked
@attrs.frozen(kw_only=True)
class NftMangle:
    """``KEY set VALUE``: ``meta mark set 0x1``, ``ct mark set meta mark``."""

    key: NftExpr
    value: NftExpr


@checked
@attrs.frozen(kw_only=True)
class NftSetStatement:
    """``update @set { ip saddr [timeout 10s] }`` (also ``add``, ``delete``)."""

    op: str
    set: str
    elem: NftElement


@checked
@attrs.frozen(kw_only=True)
class NftCtCount:
    """``ct count [over] N``."""

    value: int
    over: bool = False


@checked
@attrs.frozen(kw_only=True)
class NftXt:
    """An iptables extension nft cannot translate: ``xt match recent``.  The translated
    comment match prints as nothing (``printed=False``): two spaces in the rule."""

    type: str
    name: str
    printed: bool = True


@checked
@attrs.frozen(kw_only=True)
class NftSimple:
    """A statement that is one keyword: ``notrack``."""

    keyword: str


@checked
@attrs.frozen(kw_only=True)
class NftUnknown:
    """A statement netfacts does not know, verbatim."""

    text: str


NftStatement = (
    NftMatch | NftVerdictMap | NftVerdict | NftCounter | NftNat | NftLog | NftLimit |
    NftQuota | NftReject | NftMangle | NftSetStatement | NftCtCount | NftXt | NftSimple |
    NftUnknown
)
"""Any statement."""


# ----------------------------------------------------------------------------- containers


@checked
@attrs.frozen(kw_only=True)
class NftRule:
    """One rule: its statements, comment and handle."""

    statements: tuple[NftStatement, ...]
    comment: str | None = None
    handle: int | None = None
    line: int | None = attrs.field(default=None, eq=False, repr=False)
    """1-based line of the listing."""

    @property
    def verdict(self) -> NftVerdict | None:
        """The last verdict statement, if any."""
        for statement in reversed(self.statements):
            if isinstance(statement, NftVerdict):
                return statement
        return None

    @property
    def complete(self) -> bool:
        """Every statement was understood (no :class:`NftUnknown`)."""
        return not any(isinstance(s, NftUnknown) for s in self.statements)


@checked
@attrs.frozen(kw_only=True)
class NftChain:
    """A chain; base chains have ``type``, ``hook``, ``priority`` and ``policy``."""

    name: str
    handle: int | None = None
    comment: str | None = None
    type: str | None = None
    hook: str | None = None
    device: str | None = None
    """``device "eth0"`` as printed (with the quotes)."""
    priority: str | None = None
    """As printed: ``filter``, ``dstnat - 10``, ``-110``."""
    policy: str | None = None
    devices: str | None = None
    """The inside of a ``devices = { ... }`` line, verbatim."""
    rules: tuple[NftRule, ...] = ()
    line: int | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def base(self) -> bool:
        """A base chain (attached to a hook)."""
        return self.hook is not None


@checked
@attrs.frozen(kw_only=True)
class NftSet:
    """A named set (``kind="set"``) or map (``kind="map"``)."""

    kind: str
    name: str
    handle: int | None = None
    key_type: tuple[str, ...] = ()
    """``type ipv4_addr . inet_service`` → ``("ipv4_addr", "inet_service")``."""
    data_type: str | None = None
    """A map's data type as printed (``verdict``, ``ipv4_addr . inet_service``)."""
    key_typeof: str | None = None
    data_typeof: str | None = None
    flags: tuple[str, ...] = ()
    properties: tuple[tuple[str, str], ...] = ()
    """Other declaration lines in order: ``("size", "65535")``, ``("timeout", "1h")``,
    ``("auto-merge", "")``, ``("counter", "")``."""
    comment: str | None = None
    elements: tuple[NftElement, ...] | None = None
    """None when no ``elements = { ... }`` line was printed."""
    line: int | None = attrs.field(default=None, eq=False, repr=False)

    def property(self, keyword: str) -> str | None:
        """A declaration value (``set.property("timeout")`` → ``"3h"``)."""
        for key, value in self.properties:
            if key == keyword:
                return value
        return None


@checked
@attrs.frozen(kw_only=True)
class NftObject:
    """A stateful object or flowtable (``counter web { ... }``): its body lines verbatim."""

    kind: str
    name: str
    handle: int | None = None
    lines: tuple[str, ...] = ()
    line: int | None = attrs.field(default=None, eq=False, repr=False)


NftTableItem = (
    NftChain | NftSet | NftObject
)


@checked
@attrs.frozen(kw_only=True)
class NftTable:
    """A table and everything in it, in listing order."""

    family: NftFamily
    name: str
    handle: int | None = None
    comment: str | None = None
    flags: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
    """``# Warning: ...`` lines printed just before the table (iptables-nft's note)."""
    items: tuple[NftTableItem, ...] = ()
    line: int | None = attrs.field(default=None, eq=False, repr=False)

    @property
    def chains(self) -> tuple[NftChain, ...]:
        """The chains, in listing order."""
        return tuple(item for item in self.items if isinstance(item, NftChain))

    @property
    def sets(self) -> tuple[NftSet, ...]:
        """Named sets and maps."""
        return tuple(item for item in self.items if isinstance(item, NftSet))

    @property
    def objects(self) -> tuple[NftObject, ...]:
        """Stateful objects and flowtables."""
        return tuple(item for item in self.items if isinstance(item, NftObject))

    def chain(self, name: str) -> NftChain | None:
        """The chain called ``name``."""
        for item in self.items:
            if isinstance(item, NftChain) and item.name == name:
                return item
        return None

    def set(self, name: str) -> NftSet | None:
        """The set or map called ``name``."""
        for item in self.items:
            if isinstance(item, NftSet) and item.name == name:
                return item
        return None

    @property
    def managed_by_iptables_nft(self) -> bool:
        """iptables-nft's ``do not touch`` warning was printed for this table."""
        return any("managed by iptables-nft" in warning for warning in self.warnings)


@checked
@attrs.frozen(kw_only=True)
class NftForm:
    """How the listing was made: ``nft -a`` prints handles."""

    handles: bool = False


@checked
@attrs.frozen(kw_only=True)
class NftOutput(Output):
    """``nft list ruleset`` (or ``list table``) output."""

    kind: ClassVar[str] = "nft"
    tables: tuple[NftTable, ...] = ()
    form: NftForm = NftForm()
    trailing_warnings: tuple[str, ...] = ()
    """``# Warning:`` lines after the last table."""

    def table(self, family: str, name: str) -> NftTable | None:
        """The table ``family name`` (``out.table("ip", "kube-proxy")``)."""
        for table in self.tables:
            if table.family == family and table.name == name:
                return table
        return None

    def rules(self) -> Iterator[tuple[NftTable, NftChain, NftRule]]:
        """Every rule with its table and chain."""
        for table in self.tables:
            for chain in table.chains:
                for rule in chain.rules:
                    yield table, chain, rule
