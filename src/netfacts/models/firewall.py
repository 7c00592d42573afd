"""Packet-filter rules as ``iptables-save`` and ``iptables -L`` show them.

``iptables-save`` (and ``ip6tables-save``) prints every table with its chains (policy and
counters) and its rules as the command-line arguments that would append them again::

    *nat
    :PREROUTING ACCEPT [0:0]
    :KUBE-SVC-XRY76EGRC3BSCIIJ - [0:0]
    -A KUBE-SVC-XRY76EGRC3BSCIIJ ! -s 10.244.0.0/16 -d 10.96.12.34/32 -p tcp \\
       -m comment --comment "demo/web:http cluster IP" -m tcp --dport 80 -j KUBE-MARK-MASQ
    COMMIT

A rule (:class:`IptablesRule`) is read into its generic part (``-s -d -i -o -p -f``, each
possibly negated), its matches in order (:class:`RuleMatch`: ``-m NAME`` and the
module's options, any module kept as it was written) and its target with options (``-j
DNAT --to-destination 10.244.1.5:8080``, or ``-g CHAIN``).  Properties answer the common
questions (:attr:`IptablesRule.comment`, :attr:`~IptablesRule.dport`,
:attr:`~IptablesRule.probability`, :attr:`~IptablesRule.to_destination`...).

``iptables -L`` listings (``-nvL``, ``-t nat -nvL``, ``-vnxL``) print one chain after
another as a table (:class:`ListedChain`, :class:`ListedRule`): counters, target,
protocol, interfaces and addresses in columns, and the matches and target options as
free text (``/* demo/web:http */ tcp dpt:80``), which is kept as printed and read for the
same properties.

Parse results keep every rule as a validated row and build the rule objects on first use
(:class:`LazyTuple`), so reading a 100,000-rule dump costs little until rules are used.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import ClassVar

import attrs

from netfacts.models._checked import checked
from netfacts.models.lazy import LazyTuple, Row, as_sequence
from netfacts.models.output import Output
from netfacts.models.values import IPNetwork

__all__ = [
    "BUILTIN_CHAINS",
    "PROTOCOL_NAMES",
    "Firewall",
    "IptablesForm",
    "IptablesOutput",
    "IptablesRule",
    "IptablesSaveForm",
    "IptablesSaveOutput",
    "LazyTuple",
    "ListedChain",
    "ListedRule",
    "ListedTable",
    "RuleMatch",
    "RuleOption",
    "SavedChain",
    "SavedTable",
    "Table",
    "protocol_name",
    "save_quote",
]

__all__ += ["Row"]

BUILTIN_CHAINS: dict[str, tuple[str, ...]] = {
    "filter": ("INPUT", "FORWARD", "OUTPUT"),
    "nat": ("PREROUTING", "INPUT", "OUTPUT", "POSTROUTING"),
    "mangle": ("PREROUTING", "INPUT", "FORWARD", "OUTPUT", "POSTROUTING"),
    "raw": ("PREROUTING", "OUTPUT"),
    "security": ("INPUT", "FORWARD", "OUTPUT"),
}
"""The built-in chains of each table (the only ones with a policy), in kernel hook order."""

PROTOCOL_NAMES: dict[str, str] = {
    "0": "all", "1": "icmp", "2": "igmp", "4": "ipencap", "6": "tcp", "17": "udp",
    "41": "ipv6", "47": "gre", "50": "esp", "51": "ah", "58": "ipv6-icmp", "89": "ospf",
    "103": "pim", "112": "vrrp", "132": "sctp", "136": "udplite", "135": "mh",
}
"""Protocol numbers iptables 1.8.9 prints with ``-n`` and the names older releases (and
``iptables-save``) print for them."""

_NAME_OF_ALIAS = {"icmpv6": "ipv6-icmp", "ipv6-mh": "mh"}


def protocol_name(text: str) -> str:
    """``"6"`` → ``"tcp"``, ``"TCP"`` → ``"tcp"``, ``"icmpv6"`` → ``"ipv6-icmp"``; unknown
    numbers and names are returned as given (lower-case)."""
    lowered = text.lower()
    return PROTOCOL_NAMES.get(lowered) or _NAME_OF_ALIAS.get(lowered, lowered)


_BARE = re.compile(r"[A-Za-z0-9_-]+")


def save_quote(value: str) -> str:
    """A value as ``iptables-save`` writes text options (``xtables_save_string``): bare
    when it is all letters, digits, ``_`` and ``-``; otherwise in double quotes with
    ``"``, ``\\`` and ``'`` escaped by a backslash."""
    if _BARE.fullmatch(value):
        return value
    escaped = value.replace("\\", "\\\\").replace('"', '\\"').replace("'", "\\'")
    return f'"{escaped}"'


# ---------------------------------------------------------------- iptables-save


@checked
@attrs.frozen(kw_only=True)
class RuleOption:
    """One option of a match or target: ``--dport 80``, ``! --mark 0x4000/0x4000``,
    ``--tcp-flags SYN,RST SYN`` (two values), ``--rsource`` (none)."""

    name: str
    """Without the leading dashes: ``dport``, ``to-destination``."""
    values: tuple[str, ...] = ()
    """The values as the option received them (quotes and escapes removed)."""
    negated: bool = False
    """``! --opt``."""
    quoted: bool = attrs.field(default=False, eq=False)
    """Written in ``iptables-save``'s quoted style (``--comment "a b"``): the renderer
    quotes the values again where they need it.  Only meaningful for values that are not
    all letters, digits, ``_`` and ``-`` (those print bare either way)."""

    @property
    def value(self) -> str | None:
        """The values joined by a space (None when the option has none)."""
        return " ".join(self.values) if self.values else None


@checked
@attrs.frozen(kw_only=True)
class RuleMatch:
    """A match module with its options: ``-m tcp --dport 80``."""

    module: str
    """``tcp``, ``comment``, ``statistic``, ``conntrack``... any name is kept."""
    options: tuple[RuleOption, ...] = ()
    implicit: bool = False
    """Options written without ``-m`` (``-p tcp --dport 22`` in a hand-written rules
    file); ``module`` is then the protocol.  ``iptables-save`` always prints ``-m``."""

    def option(self, name: str) -> RuleOption | None:
        """The first option called ``name`` (without dashes)."""
        for option in self.options:
            if option.name == name:
                return option
        return None


def _find(matches: tuple[RuleMatch, ...], modules: tuple[str, ...], name: str
          ) -> RuleOption | None:
    for match in matches:
        if match.module in modules:
            option = match.option(name)
            if option is not None:
                return option
    return None


@checked
@attrs.frozen(kw_only=True)
class IptablesRule:
    """One rule of an ``iptables-save`` table (``-A CHAIN ...``)."""

    chain: str
    source: IPNetwork | str | None = None
    """``-s``: a network (``/32`` for a host), or the text when it is not one (a
    non-contiguous mask such as ``10.0.0.1/255.255.0.255``, a host name)."""
    source_negated: bool = False
    destination: IPNetwork | str | None = None
    destination_negated: bool = False
    in_interface: str | None = None
    """``-i`` (``+`` is a wildcard suffix: ``veth+``)."""
    in_negated: bool = False
    out_interface: str | None = None
    out_negated: bool = False
    protocol: str | None = None
    """``-p`` as written (``tcp``, ``udp``, ``99``); see :attr:`protocol_name`."""
    protocol_negated: bool = False
    fragment: bool | None = None
    """``-f`` (True), ``! -f`` (False), not given (None)."""
    matches: tuple[RuleMatch, ...] = ()
    target: str | None = None
    """``-j`` / ``-g`` target: a chain, or ``ACCEPT``, ``DNAT``...; None for a rule that
    only counts."""
    goto: bool = False
    """``-g`` instead of ``-j``."""
    target_options: tuple[RuleOption, ...] = ()
    packets: int | None = None
    """``[packets:bytes]`` counters (``iptables-save -c``)."""
    bytes: int | None = None

    # ------------------------------------------------------------ lookups

    def option(self, module: str, name: str) -> RuleOption | None:
        """The first option ``name`` of a match ``module`` (``rule.option("tcp", "dport")``)."""
        return _find(self.matches, (module,), name)

    def target_option(self, name: str) -> RuleOption | None:
        """The first target option called ``name``."""
        for option in self.target_options:
            if option.name == name:
                return option
        return None

    @property
    def protocol_name(self) -> str | None:
        """The protocol as a lower-case name (``6`` → ``tcp``)."""
        return None if self.protocol is None else protocol_name(self.protocol)

    @property
    def comments(self) -> tuple[str, ...]:
        """Every ``-m comment --comment`` text, in order."""
        found = []
        for match in self.matches:
            if match.module == "comment":
                for option in match.options:
                    if option.name == "comment" and option.value is not None:
                        found.append(option.value)
        return tuple(found)

    @property
    def comment(self) -> str | None:
        """The first comment."""
        comments = self.comments
        return comments[0] if comments else None

    @property
    def dport(self) -> str | None:
        """``--dport`` / ``--destination-port`` of the tcp, udp or sctp match (text: a
        port, a range ``80:90`` or a name)."""
        option = (_find(self.matches, ("tcp", "udp", "sctp", "udplite", "dccp"), "dport")
                  or _find(self.matches, ("tcp", "udp", "sctp"), "destination-port"))
        return None if option is None else option.value

    @property
    def sport(self) -> str | None:
        """``--sport`` of the tcp, udp or sctp match."""
        option = _find(self.matches, ("tcp", "udp", "sctp", "udplite", "dccp"), "sport")
        return None if option is None else option.value

    @property
    def probability(self) -> float | None:
        """``-m statistic --mode random --probability P``."""
        option = _find(self.matches, ("statistic",), "probability")
        if option is None or option.value is None:
            return None
        try:
            return float(option.value)
        except ValueError:
            return None

    @property
    def ctstate(self) -> tuple[str, ...]:
        """``-m conntrack --ctstate`` (or ``-m state --state``) states."""
        option = _find(self.matches, ("conntrack",), "ctstate") or _find(
            self.matches, ("state",), "state")
        return () if option is None or option.value is None else tuple(
            option.value.split(","))

    @property
    def mark(self) -> str | None:
        """``-m mark --mark V[/M]`` (negation in the option)."""
        option = _find(self.matches, ("mark",), "mark")
        return None if option is None else option.value

    @property
    def dst_type(self) -> str | None:
        """``-m addrtype --dst-type T``."""
        option = _find(self.matches, ("addrtype",), "dst-type")
        return None if option is None else option.value

    @property
    def src_type(self) -> str | None:
        """``-m addrtype --src-type T``."""
        option = _find(self.matches, ("addrtype",), "src-type")
        return None if option is None else option.value

    @property
    def to_destination(self) -> str | None:
        """``-j DNAT --to-destination IP[:PORT]``."""
        option = self.target_option("to-destination")
        return None if option is None else option.value

    @property
    def set_xmark(self) -> str | None:
        """``-j MARK --set-xmark V/M``."""
        option = self.target_option("set-xmark")
        return None if option is None else option.value


@checked
@attrs.frozen(kw_only=True)
class SavedChain:
    """A chain line: ``:KUBE-SERVICES - [0:0]``."""

    name: str
    policy: str | None = None
    """``ACCEPT`` / ``DROP`` for built-in chains, None (``-``) for user chains."""
    packets: int = 0
    bytes: int = 0
    line: int | None = attrs.field(default=None, eq=False, repr=False)
    """1-based line of the ``:CHAIN`` line (None when unknown)."""

    @property
    def builtin(self) -> bool:
        """A chain with a policy (the kernel's hooks)."""
        return self.policy is not None


@checked
@attrs.frozen(kw_only=True)
class SavedTable:
    """One table of ``iptables-save``: ``*nat`` ... ``COMMIT``."""

    name: str
    family: int = 4
    """4 (``iptables-save``) or 6 (``ip6tables-save``)."""
    chains: tuple[SavedChain, ...] = ()
    rules: Sequence[IptablesRule] = attrs.field(default=(), converter=as_sequence)
    """In the order printed (chain by chain for ``iptables-save``); a tuple, or for parse
    results a :class:`LazyTuple` built on first use."""
    rule_lines: tuple[int, ...] = attrs.field(default=(), eq=False, repr=False)
    """1-based line of each rule (empty when unknown)."""
    generated: str | None = None
    """The ``# Generated by ...`` comment before the table, without ``# ``."""
    completed: str | None = None
    """The ``# Completed on ...`` comment after it, without ``# ``."""
    committed: bool = True
    """False when the text ended before the table's ``COMMIT`` (a cut-off capture)."""

    def chain(self, name: str) -> SavedChain | None:
        """The chain called ``name``."""
        for chain in self.chains:
            if chain.name == name:
                return chain
        return None

    def rules_in(self, chain: str) -> list[IptablesRule]:
        """The rules of one chain, in order."""
        return [rule for rule in self.rules if rule.chain == chain]

    def policy(self, chain: str) -> str | None:
        """The policy of a built-in chain (None for user chains and absent ones)."""
        found = self.chain(chain)
        return None if found is None else found.policy


@checked
@attrs.frozen(kw_only=True)
class IptablesSaveForm:
    """How the dump was made, as far as the text shows it."""

    command: str = "iptables-save"
    """``iptables-save`` or ``ip6tables-save``."""
    version: str | None = None
    """``v1.8.9`` from the ``# Generated by`` comment."""
    backend: str | None = None
    """``nf_tables`` (the ``(nf_tables)`` mark), ``legacy`` (a version without it), None
    when there is no header."""
    counters: bool = False
    """``-c``: ``[packets:bytes]`` before every rule."""
    notes: tuple[str, ...] = ()
    """``# Warning: ...`` lines (iptables-nft's stderr, merged into sos files)."""

    @property
    def family(self) -> int:
        """4 or 6."""
        return 6 if self.command.startswith("ip6") else 4


@checked
@attrs.frozen(kw_only=True)
class IptablesSaveOutput(Output):
    """``iptables-save`` / ``ip6tables-save`` output: tables of chains and rules."""

    kind: ClassVar[str] = "iptables_save"
    tables: tuple[SavedTable, ...] = ()
    form: IptablesSaveForm = IptablesSaveForm()

    def table(self, name: str) -> SavedTable | None:
        """The table called ``name`` (``nat``, ``filter``...)."""
        for table in self.tables:
            if table.name == name:
                return table
        return None

    @property
    def rules(self) -> tuple[IptablesRule, ...]:
        """Every rule of every table, in order (``record_lines`` follows this order)."""
        return tuple(rule for table in self.tables for rule in table.rules)

    @property
    def family(self) -> int:
        """4 or 6."""
        return self.form.family


# ---------------------------------------------------------------- iptables -L


_COMMENT = re.compile(r"/\* (.*?) \*/")
_DPT = re.compile(r"(?:^|\s)(?:tcp|udp|sctp|udplite|dccp) (?:spts?:\S+ )?dpts?:(!?\S+)")
_SPT = re.compile(r"(?:^|\s)(?:tcp|udp|sctp|udplite|dccp) spts?:(!?\S+)")
_PROBABILITY = re.compile(r"statistic mode random probability ([0-9.]+)")
_TO = re.compile(r"(?:^|\s)to:(\S+)")
_CTSTATE = re.compile(r"(?:^|\s)(!?\s?)c?t?state (\S+)")
_MARK = re.compile(r"mark match (! )?(\S+)")
_DST_TYPE = re.compile(r"ADDRTYPE match (?:src-type !?\S+ )?dst-type (!?\s?\S+)")


@checked
@attrs.frozen(kw_only=True)
class ListedRule:
    """One row of an ``iptables -L`` listing."""

    chain: str
    number: int | None = None
    """``--line-numbers``."""
    packets: int | None = None
    """``-v`` counters; without ``-x`` they are rounded to what was printed (``429K`` is
    429000)."""
    bytes: int | None = None
    target: str | None = None
    """None when the cell is empty (a rule without ``-j``)."""
    protocol: str = "0"
    """As printed: a number with ``-n`` on iptables 1.8.9 (``6``), a name otherwise
    (``tcp``, ``all``); see :attr:`protocol_name`."""
    protocol_negated: bool = False
    opt: str = "--"
    """``--``, ``-f`` (fragments) or ``!f``."""
    in_interface: str | None = None
    """None for any (``*``, or ``any`` without ``-n``); shown only with ``-v``."""
    in_negated: bool = False
    out_interface: str | None = None
    out_negated: bool = False
    source: IPNetwork | str = "0.0.0.0/0"
    """A network (a host prints without ``/32``), or the text as printed (``anywhere``,
    a host name, a non-contiguous mask)."""
    source_negated: bool = False
    destination: IPNetwork | str = "0.0.0.0/0"
    destination_negated: bool = False
    goto: bool = False
    """``[goto]``: the rule was ``-g TARGET``."""
    options: str = ""
    """The matches and target options as printed (``/* demo/web:http */ tcp dpt:80``)."""

    @property
    def protocol_name(self) -> str:
        """The protocol as a lower-case name (``6`` → ``tcp``, ``0`` → ``all``)."""
        return protocol_name(self.protocol)

    @property
    def comments(self) -> tuple[str, ...]:
        """The ``/* ... */`` comments, in order."""
        return tuple(_COMMENT.findall(self.options))

    @property
    def comment(self) -> str | None:
        """The first comment."""
        found = _COMMENT.search(self.options)
        return None if found is None else found.group(1)

    def _plain(self) -> str:
        return _COMMENT.sub(" ", self.options) if "/*" in self.options else self.options

    @property
    def dport(self) -> str | None:
        """``tcp dpt:80`` → ``"80"`` (``dpts:80:90`` → ``"80:90"``, ``dpt:!80`` → ``"!80"``)."""
        found = _DPT.search(self._plain())
        return None if found is None else found.group(1)

    @property
    def sport(self) -> str | None:
        """``tcp spt:1024`` → ``"1024"``."""
        found = _SPT.search(self._plain())
        return None if found is None else found.group(1)

    @property
    def probability(self) -> float | None:
        """``statistic mode random probability 0.50000000000`` → 0.5."""
        found = _PROBABILITY.search(self._plain())
        return None if found is None else float(found.group(1))

    @property
    def to_destination(self) -> str | None:
        """DNAT's ``to:10.244.1.5:8080`` → ``"10.244.1.5:8080"``."""
        if self.target != "DNAT":
            return None
        found = _TO.search(self._plain())
        return None if found is None else found.group(1)

    @property
    def ctstate(self) -> tuple[str, ...]:
        """``ctstate NEW`` / ``state RELATED,ESTABLISHED`` states."""
        found = _CTSTATE.search(self._plain())
        return () if found is None else tuple(found.group(2).split(","))

    @property
    def mark(self) -> str | None:
        """``mark match ! 0x4000/0x4000`` → ``"0x4000/0x4000"`` (negation not included)."""
        found = _MARK.search(self._plain())
        return None if found is None else found.group(2)

    @property
    def dst_type(self) -> str | None:
        """``ADDRTYPE match dst-type LOCAL`` → ``"LOCAL"``."""
        found = _DST_TYPE.search(self._plain())
        return None if found is None else found.group(1)


@checked
@attrs.frozen(kw_only=True)
class ListedChain:
    """A chain of a listing: ``Chain KUBE-SERVICES (2 references)`` and its rows."""

    name: str
    policy: str | None = None
    """``ACCEPT`` / ``DROP`` for built-in chains, None for user chains."""
    packets: int | None = None
    """Policy counters (``-v``)."""
    bytes: int | None = None
    references: int | None = None
    """User chains: how many rules jump to it."""
    rules: Sequence[ListedRule] = attrs.field(default=(), converter=as_sequence)
    rule_lines: tuple[int, ...] = attrs.field(default=(), eq=False, repr=False)
    line: int | None = attrs.field(default=None, eq=False, repr=False)
    """1-based line of the ``Chain NAME (...)`` line (None when unknown)."""

    @property
    def builtin(self) -> bool:
        """A chain with a policy."""
        return self.policy is not None


@checked
@attrs.frozen(kw_only=True)
class ListedTable:
    """The chains of one listed table (what a snapshot keeps of an ``iptables -L``)."""

    name: str | None
    """``nat``, ``filter``...; None when neither the command line nor the chains tell."""
    family: int = 4
    chains: tuple[ListedChain, ...] = ()

    def chain(self, name: str) -> ListedChain | None:
        """The chain called ``name``."""
        for chain in self.chains:
            if chain.name == name:
                return chain
        return None

    def rules_in(self, chain: str) -> list[ListedRule]:
        """The rows of one chain, in order."""
        found = self.chain(chain)
        return [] if found is None else list(found.rules)

    def policy(self, chain: str) -> str | None:
        """The policy of a built-in chain (None for user chains and absent ones)."""
        found = self.chain(chain)
        return None if found is None else found.policy


@checked
@attrs.frozen(kw_only=True)
class IptablesForm:
    """How the listing was made, as far as the text (and the command line) shows it."""

    command: str = "iptables"
    """``iptables`` or ``ip6tables``."""
    table: str | None = None
    """``-t TABLE`` from the command line or file name (``filter`` by default); when only
    the text is known, guessed from the built-in chains (None if they do not tell)."""
    verbose: bool = True
    """``-v``: counters and interface columns."""
    numeric: bool = True
    """``-n``: addresses, ports and (iptables 1.8.9) protocols as numbers."""
    exact: bool = False
    """``-x``: exact counters instead of ``K``/``M``/``G``/``T`` units."""
    line_numbers: bool = False
    """``--line-numbers``."""
    notes: tuple[str, ...] = ()
    """``# Warning: ...`` lines."""

    @property
    def family(self) -> int:
        """4 or 6."""
        return 6 if self.command.startswith("ip6") else 4

    @property
    def argv(self) -> tuple[str, ...]:
        """A command line that prints this form."""
        letters = ("v" if self.verbose else "") + ("n" if self.numeric else "") + (
            "x" if self.exact else "")
        args = [self.command]
        if self.table not in (None, "filter"):
            args += ["-t", str(self.table)]
        args.append(f"-{letters}L" if letters else "-L")
        if self.line_numbers:
            args.append("--line-numbers")
        return tuple(args)


@checked
@attrs.frozen(kw_only=True)
class IptablesOutput(Output):
    """``iptables -L`` output: chains with their rows."""

    kind: ClassVar[str] = "iptables"
    chains: tuple[ListedChain, ...] = ()
    form: IptablesForm = IptablesForm()

    def chain(self, name: str) -> ListedChain | None:
        """The chain called ``name``."""
        for chain in self.chains:
            if chain.name == name:
                return chain
        return None

    @property
    def rules(self) -> tuple[ListedRule, ...]:
        """Every row of every chain, in order (``record_lines`` follows this order)."""
        return tuple(rule for chain in self.chains for rule in chain.rules)

    @property
    def table(self) -> str | None:
        """The table listed (see :attr:`IptablesForm.table`)."""
        return self.form.table

    @property
    def tables(self) -> tuple[ListedTable, ...]:
        """The listing as one :class:`ListedTable` (what snapshots keep)."""
        return (ListedTable(name=self.form.table, family=self.form.family, chains=self.chains),)

    @property
    def family(self) -> int:
        """4 or 6."""
        return self.form.family


Table = SavedTable | ListedTable


@checked
@attrs.frozen(kw_only=True)
class Firewall:
    """A node's iptables state as its captures show it (``Snapshot.firewall``).

    ``tables`` come from ``iptables-save`` (per network namespace in sosreports),
    ``listings`` from ``iptables -L`` (the host in sosreports); :meth:`table` prefers the
    former.  Both kinds of rule have ``chain``, ``target``, ``goto``, ``source``,
    ``destination``, ``in_interface``, ``out_interface`` (with ``*_negated``) and
    ``comment``.
    """

    tables: tuple[SavedTable, ...] = ()
    listings: tuple[ListedTable, ...] = ()

    def table(self, name: str, family: int = 4) -> SavedTable | ListedTable | None:
        """The table called ``name`` of ``family``: from ``iptables-save`` if there is one,
        else from a listing."""
        for table in self.tables:
            if table.name == name and table.family == family:
                return table
        for listed in self.listings:
            if listed.name == name and listed.family == family:
                return listed
        return None

    def policy(self, table: str, chain: str, family: int = 4) -> str | None:
        """The policy of a built-in chain (``firewall.policy("filter", "FORWARD")``)."""
        found = self.table(table, family)
        return None if found is None else found.policy(chain)

    @property
    def empty(self) -> bool:
        """No table at all (the report has no iptables captures)."""
        return not self.tables and not self.listings
