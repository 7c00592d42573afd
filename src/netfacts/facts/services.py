"""Kubernetes Services read back from kube-proxy's iptables rules.

kube-proxy (iptables mode, ``pkg/proxy/iptables/proxier.go``) programs every Service port
into the ``nat`` table:

* ``KUBE-SERVICES``: one rule per ClusterIP (``-d CIP/32 -p P --dport PORT -j KUBE-SVC-X``,
  comment ``"ns/name:port cluster IP"``), one per external IP (``-j KUBE-EXT-X``, comment
  ``... external IP``) and load-balancer IP (``... loadbalancer IP``; ``-j KUBE-FW-X`` when
  ``loadBalancerSourceRanges`` are set), and last ``-m addrtype --dst-type LOCAL -j
  KUBE-NODEPORTS``;
* ``KUBE-NODEPORTS``: ``-p P --dport NODEPORT -j KUBE-EXT-X`` (``KUBE-SVC-X`` or
  ``KUBE-XLB-X`` before 1.24);
* ``KUBE-SVC-X`` (``KUBE-SVL-X`` for ``internalTrafficPolicy: Local``): a masquerade rule,
  then one rule per endpoint jumping to ``KUBE-SEP-Y``, each but the last with ``-m
  statistic --mode random --probability 1/(N-i)``; with ClientIP affinity first one ``-m
  recent --rcheck --seconds T`` rule per endpoint;
* ``KUBE-SEP-Y``: a hairpin masquerade rule and ``-j DNAT --to-destination IP:PORT``;
* ``KUBE-EXT-X``: masquerade, then ``-j KUBE-SVC-X`` (Cluster policy) or ``-j KUBE-SVL-X``
  (Local); ``KUBE-FW-X``: ``-s RANGE -j KUBE-EXT-X`` per source range.

Services without endpoints have no ``nat`` rules: the ``filter`` table's ``KUBE-SERVICES``
and ``KUBE-EXTERNAL-SERVICES`` reject them (comment ``"ns/name:port has no endpoints"``).

The chain names are hashes of the Service port name (:mod:`netfacts.facts.kube_names`);
the derivation does not rely on them beyond the shared suffix that ties ``KUBE-EXT-X``,
``KUBE-FW-X``, ``KUBE-SVL-X`` and ``KUBE-SVC-X`` of one Service port together.  What it
reads is the rules' contents: addresses, ports, comments, jumps and DNAT targets.  It works
on ``iptables-save`` output and on ``iptables -t nat -nvL`` listings (whose printed match
text carries the same facts), from the parsed rows, without building rule objects.
"""

from __future__ import annotations

import gc
import itertools
import re
from collections.abc import Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from netfacts._registry import load
from netfacts.grammar.iptables_save import TEXT_OPTIONS
from netfacts.models.firewall import (
    IptablesOutput,
    IptablesRule,
    IptablesSaveOutput,
    LazyTuple,
    ListedTable,
    SavedTable,
    protocol_name,
)
from netfacts.models.lazy import Row
from netfacts.models.service import Endpoint, ProxyMode, RuleRef, Service, ServiceProtocol
from netfacts.models.values import IPAddress, ip_address, is_decimal
from netfacts.parsers.iptables_save import unquote

if TYPE_CHECKING:
    from netfacts.diff import _Viewer
    from netfacts.models.snapshot import Snapshot
    from netfacts.snapshot import Facts, Parsed, _Builder

__all__ = [
    "SERVICE_DERIVATIONS",
    "RuleView",
    "diff_services",
    "listed_table_views",
    "listing_views",
    "merge_services",
    "save_views",
    "saved_table_views",
    "services_from_iptables",
    "services_from_tables",
    "services_from_views",
    "show_services",
]


class RuleView(NamedTuple):
    """The facts of one rule the derivation needs (from either format)."""

    file: str | None
    table: str
    chain: str
    line: int | None
    target: str | None
    comment: str | None
    protocol: str | None
    destination: str | None
    """The destination address without ``/32`` / ``/128`` (None when none or negated)."""
    source: str | None
    """The source network as text (None when none or negated)."""
    dport: str | None
    probability: str | None
    to_destination: str | None
    recent: str | None
    """``rcheck`` / ``set`` of ``-m recent`` (ClientIP affinity)."""
    seconds: str | None
    """``--seconds`` of ``-m recent --rcheck``."""
    local_dst: bool
    """``-m addrtype --dst-type LOCAL``."""


# ---------------------------------------------------------------- iptables-save


def _host(text: str) -> str:
    address, slash, length = text.partition("/")
    if not slash or length in ("32", "128"):
        return address
    return text


_SLOTS = {"-j": 0, "-g": 0, "--comment": 1, "-p": 2, "-d": 3, "-s": 4, "--dport": 5,
          "--dports": 5, "--probability": 6, "--to-destination": 7, "--seconds": 8,
          "--dst-type": 9}
"""Options (and switches) whose value a :class:`RuleView` keeps, by slot: target,
comment, protocol, destination, source, dport, probability, to_destination, seconds,
dst-type."""
_NEGATABLE = frozenset({2, 3, 4, 5, 9})
_TO_MASQUERADE = " -j KUBE-MARK-MASQ"
_KUBE_CHAINS = ("KUBE-SEP-", "KUBE-SVC-", "KUBE-SVL-", "KUBE-SERVICES", "KUBE-NODEPORTS",
                "KUBE-EXT-", "KUBE-FW-")
_QUOTED = r'"(?:[^"\\]|\\.)*"'
_FIELDS = re.compile(
    _QUOTED  # a quoted value of an option not wanted here: skipped whole
    + r"|(?<!\S)(!\s+)?(" + "|".join(re.escape(key) for key in _SLOTS) + r")\s+("
    + _QUOTED + r'|[^\s"]+)'
    + r"|(?<!\S)--(rcheck|set)(?!\S)")
"""One scan over a rule's arguments for the wanted options and their values.  Quoted
values are matched as a whole first, so text inside a comment never looks like an
option (the grammar has already checked that quotes pair up)."""


def _view_of_arguments(file: str | None, table: str, chain: str, line: int | None,
                       arguments: str) -> RuleView:
    values: list[str | None] = [None] * 10
    recent = None
    slots = _SLOTS
    for negated, option, value, flag in _FIELDS.findall(arguments):
        if option:
            slot = slots[option]
            if values[slot] is None and not (negated and slot in _NEGATABLE):
                values[slot] = unquote(value)[0] if value[:1] == '"' else value
        elif flag:
            recent = flag
    target, comment, protocol, destination, source, dport, probability, to, seconds, kind = (
        values)
    return RuleView(
        file, table, chain, line, target, comment, protocol,
        None if destination is None else _host(destination), source, dport, probability, to,
        recent, seconds, kind == "LOCAL")


_TEXT_OPTION_TOKEN = re.compile("|".join(re.escape(f" --{name} ") for name in TEXT_OPTIONS)
                                ).search
"""Finds any text option (``--comment``, ``--log-prefix``...) as a word, in one scan."""
_COMMENT_OPTION = "--comment "


def _after(text: str, key: str) -> str | None:
    """The token after ``key`` in ``text`` (single blanks, padded at both ends)."""
    position = text.find(key)
    if position == -1:
        return None
    start = position + len(key)
    return text[start:text.index(" ", start)]


def _quick_view(file: str | None, table: str, chain: str, line: int | None, arguments: str
                ) -> RuleView | None:
    """:func:`_view_of_arguments` by string search, for rules as kube-proxy writes them
    (at most one quoted value, a comment; single blanks; no negation but ``! -s``); None for
    anything else.  ``tests/property/test_iptables_roundtrip.py`` checks both agree."""
    if "\t" in arguments or "\\" in arguments or "  " in arguments:
        return None
    comment = None
    first = arguments.find('"')
    if first == -1:
        padded = arguments + " "
    else:
        last = arguments.rfind('"')
        head = arguments[:first]
        if last == first or arguments.count('"') != 2 or not head.endswith(_COMMENT_OPTION):
            return None
        comment = arguments[first + 1:last]
        padded = head[: -len(_COMMENT_OPTION)] + arguments[last + 1:] + " "
    if _TEXT_OPTION_TOKEN(padded) is not None:
        return None  # a text option with a bare value: the scan knows where it ends
    source = None
    if " ! " in padded:
        if padded.count(" ! ") != 1 or " ! -s " not in padded:
            return None
        padded = padded.replace(" ! -s ", " !-s ")
    else:
        source = _after(padded, " -s ")
    target = _after(padded, " -j ") or _after(padded, " -g ")
    recent = "rcheck" if " --rcheck " in padded else "set" if " --set " in padded else None
    destination = _after(padded, " -d ")
    return RuleView(
        file, table, chain, line, target, comment, _after(padded, " -p "),
        None if destination is None else _host(destination), source,
        _after(padded, " --dport ") or _after(padded, " --dports "),
        _after(padded, " --probability "), _after(padded, " --to-destination "), recent,
        _after(padded, " --seconds "), " --dst-type LOCAL " in padded)


def _view_of_rule(file: str | None, table: str, line: int | None, rule: IptablesRule
                  ) -> RuleView:
    recent = seconds = None
    for match in rule.matches:
        if match.module == "recent":
            for option in match.options:
                if option.name in ("rcheck", "set"):
                    recent = option.name
                elif option.name == "seconds":
                    seconds = option.value
    destination = rule.destination
    statistic = rule.option("statistic", "probability")
    return RuleView(
        file, table, rule.chain, line, rule.target, rule.comment,
        None if rule.protocol_negated else rule.protocol,
        None if destination is None or rule.destination_negated else _host(str(destination)),
        None if rule.source is None or rule.source_negated else str(rule.source),
        None if rule.dport is None or (rule.dport or "").startswith("!") else rule.dport,
        None if statistic is None else statistic.value, rule.to_destination, recent, seconds,
        rule.dst_type == "LOCAL")


def save_views(output: IptablesSaveOutput, tables: Iterable[str] = ("nat", "filter"), *,
               file: str | None = None, masquerade: bool = True) -> Iterator[RuleView]:
    """The rules of ``tables`` of an ``iptables-save`` dump, as :class:`RuleView`
    (``file``: the name the rule references give, default the output's source).

    ``masquerade=False`` leaves out the endpoint chains' (``KUBE-SEP-*``) rules that only
    jump to ``KUBE-MARK-MASQ`` (a quarter of a kube-proxy dump, and nothing the Service
    derivation needs)."""
    wanted = set(tables)
    file = file if file is not None else output.source
    for table in output.tables:
        if table.name in wanted:
            yield from saved_table_views(table, file=file, masquerade=masquerade)


def saved_table_views(table: SavedTable, *, file: str | None = None, masquerade: bool = True
                      ) -> Iterator[RuleView]:
    """The rules of one ``iptables-save`` table, as :class:`RuleView`."""
    lines: Sequence[int | None] = table.rule_lines
    if len(lines) != len(table.rules):
        lines = [None] * len(table.rules)
    rules = table.rules
    rows = rules.rows if isinstance(rules, LazyTuple) else None
    name = table.name
    if rows is not None:
        for row, line in zip(rows, lines):
            arguments = row[1]
            chain = row[0]
            if chain.startswith(_KUBE_CHAINS):
                if not masquerade and chain[5:9] == "SEP-" and arguments.endswith(
                        _TO_MASQUERADE):
                    continue
                quick = _quick_view(file, name, chain, line, arguments)
                if quick is not None:
                    yield quick
                    continue
            yield _view_of_arguments(file, name, chain, line, arguments)
    else:
        for rule, line in zip(rules, lines):
            if (not masquerade and rule.target == "KUBE-MARK-MASQ" and not rule.goto
                    and rule.chain.startswith("KUBE-SEP-")):
                continue
            yield _view_of_rule(file, name, line, rule)


# ---------------------------------------------------------------- iptables -L

_COMMENT = re.compile(r"/\* (.*?) \*/")
_DPT = re.compile(r"(?:^| )(?:tcp|udp|sctp) (?:spts?:\S+ )?dpts?:([0-9:]+)")
_PROBABILITY = re.compile(r"statistic mode random probability ([0-9.]+)")
_TO = re.compile(r"(?:^| )to:(\S+)")
_RECENT = re.compile(r"recent: (CHECK|SET)(?: seconds: ([0-9]+))?")
_LOCAL = re.compile(r"ADDRTYPE match (?:src-type \S+ )?dst-type LOCAL")


def _listed_address(value: Any, negated: bool) -> str | None:
    if negated:
        return None
    text = value if isinstance(value, str) else str(value)
    if text in ("0.0.0.0/0", "::/0", "anywhere"):
        return None
    return _host(text)


def _view_of_listed(file: str | None, table: str, line: int | None, chain: str,
                    row: tuple[Any, ...]) -> RuleView:
    """``row``: (target, protocol, protocol negated, source, source negated, destination,
    destination negated, printed options)."""
    (target, protocol, protocol_negated, source, source_negated, destination,
     destination_negated, options) = row
    comment = None
    plain = options
    if "/*" in options:
        found = _COMMENT.search(options)
        comment = None if found is None else found.group(1)
        plain = _COMMENT.sub(" ", options)
    dport = _DPT.search(plain)
    probability = _PROBABILITY.search(plain)
    to = _TO.search(plain) if target == "DNAT" else None
    recent = _RECENT.search(plain)
    name = protocol_name(protocol)
    return RuleView(
        file, table, chain, line, target, comment,
        None if protocol_negated or name == "all" else name,
        _listed_address(destination, destination_negated),
        _listed_address(source, source_negated),
        None if dport is None else dport.group(1),
        None if probability is None else probability.group(1),
        None if to is None else to.group(1),
        None if recent is None else ("rcheck" if recent.group(1) == "CHECK" else "set"),
        None if recent is None else recent.group(2),
        _LOCAL.search(plain) is not None)


def listing_views(output: IptablesOutput, *, file: str | None = None) -> Iterator[RuleView]:
    """The rows of an ``iptables -L`` listing (of the ``nat`` or ``filter`` table)."""
    for table in output.tables:
        yield from listed_table_views(table, file=file if file is not None else output.source)


def listed_table_views(table: ListedTable, *, file: str | None = None) -> Iterator[RuleView]:
    """The rows of one listed table, as :class:`RuleView` (an unknown table is taken as
    ``nat``)."""
    name = table.name or "nat"
    for chain in table.chains:
        lines: Sequence[int | None] = chain.rule_lines
        if len(lines) != len(chain.rules):
            lines = [None] * len(chain.rules)
        rules = chain.rules
        rows = rules.rows if isinstance(rules, LazyTuple) else None
        if rows is not None:
            for row, line in zip(rows, lines):
                source, destination = row[10], row[11]
                yield _view_of_listed(file, name, line, chain.name, (
                    row[4], row[5], row[6], source.lstrip("!"), source[:1] == "!",
                    destination.lstrip("!"), destination[:1] == "!", row[13]))
        else:
            for rule, line in zip(rules, lines):
                yield _view_of_listed(file, name, line, chain.name, (
                    rule.target, rule.protocol, rule.protocol_negated, rule.source,
                    rule.source_negated, rule.destination, rule.destination_negated,
                    rule.options))


# ---------------------------------------------------------------- derivation

_SUFFIXES = ((" cluster IP", "cluster"), (" external IP", "external"),
             (" loadbalancer IP", "loadbalancer"))
_SERVICE_PREFIXES = ("KUBE-SVC-", "KUBE-SVL-")
_ENTRY_PREFIXES = ("KUBE-EXT-", "KUBE-FW-", "KUBE-XLB-")
_ENDPOINT_ARROW = " -> "


def _split_comment(comment: str | None) -> tuple[str | None, str | None]:
    """``"ns/svc:p cluster IP"`` → (``"ns/svc:p"``, ``"cluster"``)."""
    if comment is None:
        return None, None
    for suffix, kind in _SUFFIXES:
        if comment.endswith(suffix):
            return comment[: -len(suffix)], kind
    return comment, None


def _hash(chain: str) -> str:
    return chain.rsplit("-", 1)[-1]


def _port(text: str | None) -> int | None:
    if text is None or not is_decimal(text) or len(text) > 5:
        return None
    value = int(text)
    return value if value <= 65535 else None


def _address(text: str | None) -> IPAddress | None:
    if text is None:
        return None
    try:
        return ip_address(text)
    except ValueError:
        return None


def _endpoint_address(text: str | None) -> tuple[IPAddress, int] | None:
    """``10.244.1.5:8080`` / ``[fd00::5]:8080`` → (address, port)."""
    if not text:
        return None
    if text[:1] == "[":
        host, _, port = text[1:].partition("]:")
    else:
        host, _, port = text.rpartition(":")
    address = _address(host)
    number = _port(port)
    if address is None or number is None:
        return None
    return address, number


class _Draft:
    """What the rules say about one Service port, gathered before it is built."""

    __slots__ = ("affinity", "chain", "cluster_ip", "endpoint_rules", "external",
                 "external_policy", "internal_policy", "loadbalancer", "name", "nodeport",
                 "port", "protocol", "refs", "source_ranges")

    def __init__(self) -> None:
        self.name: str | None = None
        self.protocol: str | None = None
        self.cluster_ip: IPAddress | None = None
        self.port: int | None = None
        self.nodeport: int | None = None
        self.external: list[IPAddress] = []
        self.loadbalancer: list[IPAddress] = []
        self.source_ranges: list[str] = []
        self.chain: str | None = None
        self.internal_policy: str | None = None
        self.external_policy: str | None = None
        self.affinity: int | None = None
        self.refs: list[RuleView] = []
        self.endpoint_rules: list[RuleView] = []


def _rule_ref(view: Row) -> RuleRef:
    return RuleRef(file=view[0], line=view[3], table=view[1], chain=view[2])


def _refs(views: list[RuleView]) -> LazyTuple[RuleRef]:
    return LazyTuple[RuleRef](rows=views, build=_rule_ref)


def services_from_views(views: Iterable[RuleView], *,
                        mode: ProxyMode = ProxyMode.IPTABLES) -> tuple[Service, ...]:
    """Services from kube-proxy's rules (the ``nat`` and ``filter`` tables' views).

    The cyclic garbage collector is paused meanwhile (the derivation makes hundreds of
    thousands of small acyclic objects; collecting them half-way doubles the time)."""
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _services_from_views(views, mode)
    finally:
        if collecting:
            gc.enable()


def _services_from_views(views: Iterable[RuleView], mode: ProxyMode) -> tuple[Service, ...]:
    chains: dict[str, list[RuleView]] = {}
    services: list[RuleView] = []
    nodeports: list[RuleView] = []
    rejects: list[RuleView] = []
    for view in views:
        chain = view.chain
        if view.table == "nat":
            if chain == "KUBE-SERVICES":
                services.append(view)
            elif chain == "KUBE-NODEPORTS":
                nodeports.append(view)
            elif chain.startswith("KUBE-"):
                bucket = chains.get(chain)
                if bucket is None:
                    bucket = chains[chain] = []
                bucket.append(view)
        elif view.table == "filter" and chain in ("KUBE-SERVICES", "KUBE-EXTERNAL-SERVICES"):
            rejects.append(view)

    drafts: dict[str, _Draft] = {}

    def draft(suffix: str) -> _Draft:
        found = drafts.get(suffix)
        if found is None:
            found = drafts[suffix] = _Draft()
        return found

    for view in services:
        target = view.target
        if target is None or not target.startswith("KUBE-") or target == "KUBE-NODEPORTS":
            continue
        if not target.startswith(_SERVICE_PREFIXES + _ENTRY_PREFIXES):
            continue
        name, kind = _split_comment(view.comment)
        address = _address(view.destination)
        port = _port(view.dport)
        if address is None or port is None:
            continue
        item = draft(_hash(target))
        item.refs.append(view)
        if name is not None and item.name is None:
            item.name = name
        if item.protocol is None and view.protocol is not None:
            item.protocol = protocol_name(view.protocol)
        if kind is None:
            kind = "cluster" if target.startswith(_SERVICE_PREFIXES) else "external"
        if kind == "cluster":
            item.cluster_ip = address
            item.port = port
            item.chain = target
            item.internal_policy = "Local" if target.startswith("KUBE-SVL-") else "Cluster"
        else:
            (item.loadbalancer if kind == "loadbalancer" else item.external).append(address)
            if item.port is None:
                item.port = port
    for view in nodeports:
        target = view.target
        port = _port(view.dport)
        if target is None or port is None or not target.startswith(
                _SERVICE_PREFIXES + _ENTRY_PREFIXES):
            continue
        item = draft(_hash(target))
        item.nodeport = port
        item.refs.append(view)
        if item.name is None and view.comment is not None:
            item.name = _split_comment(view.comment)[0]
        if item.protocol is None and view.protocol is not None:
            item.protocol = protocol_name(view.protocol)

    for suffix, item in drafts.items():
        for prefix in _ENTRY_PREFIXES:
            for view in chains.get(prefix + suffix, ()):
                item.refs.append(view)
                target = view.target or ""
                if prefix == "KUBE-FW-" and target.startswith("KUBE-EXT-") and view.source:
                    item.source_ranges.append(view.source)
                elif target.startswith("KUBE-SVL-"):
                    item.external_policy = "Local"
                    item.chain = item.chain or target
                elif target.startswith("KUBE-SVC-") and prefix != "KUBE-FW-":
                    item.external_policy = item.external_policy or "Cluster"
                    item.chain = item.chain or target
        if item.chain is None:
            for prefix in _SERVICE_PREFIXES:
                if prefix + suffix in chains:
                    item.chain = prefix + suffix
                    break
        own = item.chain
        if own is None:
            continue
        for view in chains.get(own, ()):
            target = view.target or ""
            if target.startswith("KUBE-SEP-"):
                if view.recent == "rcheck":
                    item.affinity = _port_or_seconds(view.seconds)
                    item.refs.append(view)
                else:
                    item.endpoint_rules.append(view)
            else:
                item.refs.append(view)
                if target == "KUBE-MARK-MASQ" and item.port is None:
                    # the ClusterIP rule is missing: its masquerade twin still has the port
                    item.port = _port(view.dport)
                    if item.protocol is None and view.protocol is not None:
                        item.protocol = protocol_name(view.protocol)
        if (item.internal_policy is None and item.cluster_ip is not None
                and own.startswith("KUBE-SVL-")):
            item.internal_policy = "Local"

    built = [_build(item, chains, mode) for item in drafts.values()]
    built.extend(_without_endpoints(rejects, {s.key for s in built if s is not None}, mode))
    return tuple(sorted((s for s in built if s is not None), key=_order))


def _port_or_seconds(text: str | None) -> int:
    return int(text) if text is not None and is_decimal(text) else 10800


def _order(service: Service) -> tuple[int, str, int, str]:
    address = service.cluster_ip
    packed = address.packed if address is not None else b""
    return (service.family or 0, packed.hex(), service.port, service.protocol.value)


def _build(item: _Draft, chains: dict[str, list[RuleView]], mode: ProxyMode
           ) -> Service | None:
    if item.port is None or item.protocol is None:
        return None
    endpoints: list[Endpoint] = []
    remaining = 1.0
    rules = item.endpoint_rules
    for position, view in enumerate(rules):
        sep = view.target or ""
        refs: list[RuleView] = [view]
        address: tuple[IPAddress, int] | None = None
        affinity_set = False
        for sep_view in chains.get(sep, ()):
            refs.append(sep_view)
            if sep_view.to_destination is not None and address is None:
                address = _endpoint_address(sep_view.to_destination)
            if sep_view.recent == "set":
                affinity_set = True
        if address is None and view.comment and _ENDPOINT_ARROW in view.comment:
            address = _endpoint_address(view.comment.rsplit(_ENDPOINT_ARROW, 1)[1])
        if address is None:
            continue
        rule_probability = None
        if view.probability is not None:
            try:
                rule_probability = min(max(float(view.probability), 0.0), 1.0)
            except ValueError:
                rule_probability = None
        last = position == len(rules) - 1
        chance = rule_probability if rule_probability is not None else (1.0 if last else 0.0)
        share = remaining * chance
        remaining -= share
        endpoints.append(Endpoint(
            ip=address[0], port=address[1], probability=round(min(max(share, 0.0), 1.0), 6),
            rule_probability=rule_probability, chain=sep, rules=_refs(refs)))
        if affinity_set and item.affinity is None:
            item.affinity = 10800
    return Service(
        name=item.name,
        protocol=ServiceProtocol.of(item.protocol),
        cluster_ip=item.cluster_ip,
        port=item.port,
        nodeport=item.nodeport,
        external_ips=tuple(item.external),
        load_balancer_ips=tuple(item.loadbalancer),
        source_ranges=tuple(_networks(item.source_ranges)),
        endpoints=tuple(endpoints),
        session_affinity="ClientIP" if item.affinity is not None else None,
        affinity_timeout=item.affinity,
        internal_traffic_policy=item.internal_policy,
        external_traffic_policy=item.external_policy if (
            item.nodeport is not None or item.external or item.loadbalancer) else None,
        mode=mode,
        chain=item.chain,
        rules=_refs(item.refs),
    )


def _networks(texts: list[str]) -> Iterator[Any]:
    from netfacts.models.values import ip_network

    for text in texts:
        try:
            yield ip_network(text)
        except ValueError:
            continue


_NO_ENDPOINTS = " has no endpoints"


def _without_endpoints(rejects: list[RuleView], known: set[tuple[str, Any, int]],
                       mode: ProxyMode) -> list[Service]:
    """Services the filter table rejects for having no endpoints (no nat rules)."""
    found: dict[str, dict[str, Any]] = {}
    for view in rejects:
        comment = view.comment or ""
        if not comment.endswith(_NO_ENDPOINTS) or view.protocol is None:
            continue
        name = comment[: -len(_NO_ENDPOINTS)]
        port = _port(view.dport)
        if port is None:
            continue
        entry = found.setdefault(f"{name}/{protocol_name(view.protocol)}", {
            "name": name, "protocol": protocol_name(view.protocol), "cluster_ip": None,
            "port": None, "nodeport": None, "external": [], "refs": []})
        entry["refs"].append(view)
        address = _address(view.destination)
        if view.chain == "KUBE-EXTERNAL-SERVICES":
            if view.local_dst and address is None:
                entry["nodeport"] = port
            elif address is not None:
                entry["external"].append(address)
                entry["port"] = entry["port"] or port
        elif address is not None:
            entry["cluster_ip"] = address
            entry["port"] = port
    services = []
    for entry in found.values():
        if entry["port"] is None:
            continue
        protocol = ServiceProtocol.of(entry["protocol"])
        if (protocol.value, entry["cluster_ip"], entry["port"]) in known:
            continue
        services.append(Service(
            name=entry["name"], protocol=protocol, cluster_ip=entry["cluster_ip"],
            port=entry["port"], nodeport=entry["nodeport"],
            external_ips=tuple(entry["external"]), mode=mode, rules=_refs(entry["refs"])))
    return services


def services_from_iptables(output: IptablesSaveOutput | IptablesOutput, *,
                           source: str | None = None) -> tuple[Service, ...]:
    """The Services kube-proxy programmed, from one ``iptables-save`` dump or one ``nat``
    (or ``filter``) listing.  ``source`` names the file in the rule references (default:
    the output's own source)."""
    if isinstance(output, IptablesSaveOutput):
        return services_from_views(save_views(output, file=source, masquerade=False))
    return services_from_views(listing_views(output, file=source))


# ---------------------------------------------------------------- snapshots

SERVICE_DERIVATIONS: dict[str, str] = {}
"""``Output.kind`` → ``"module:function"`` ``(output, file) -> tuple[Service, ...]``: how
the outputs of other families that feed the ``services`` category (nftables, IPVS) give
Services.  iptables listings and dumps are read here."""


def services_from_tables(saved: Sequence[tuple[SavedTable, str | None]],
                         listed: Sequence[tuple[ListedTable, str | None]]
                         ) -> tuple[Service, ...]:
    """Services from a node's tables, each with the file it came from: per family, the
    ``iptables-save`` tables when they include ``nat``, else the listings."""
    found: list[Service] = []
    for family in (4, 6):
        dumps = [(table, file) for table, file in saved
                 if table.family == family and table.name in ("nat", "filter")]
        views: list[Iterator[RuleView]]
        if any(table.name == "nat" for table, _ in dumps):
            views = [saved_table_views(table, file=file, masquerade=False)
                     for table, file in dumps]
        else:
            views = [listed_table_views(table, file=file) for table, file in listed
                     if table.family == family and table.name in ("nat", "filter")]
        if views:
            found.extend(services_from_views(itertools.chain.from_iterable(views)))
    return tuple(found)


def _files(facts: Facts, category: str) -> list[str | None]:
    return [None if origin is None else origin.file
            for origin in facts.origins.get(category, [])]


def merge_services(builder: _Builder, facts: Facts, name: str, parsed: list[Parsed]) -> None:
    """The ``services`` category: the nat listings that feed it join the other listed
    tables; then the Services of the node's iptables tables (dumps preferred), and those
    of other families' outputs (:data:`SERVICE_DERIVATIONS`)."""
    from netfacts.models.snapshot import Origin

    derived: list[Service] = []
    for item in parsed:
        output = item.output
        if isinstance(output, IptablesOutput):
            facts.add("iptables_listings", output.tables, item.origins(), unique=False,
                      parsed=item)
            continue
        derive = SERVICE_DERIVATIONS.get(output.kind)
        if derive is not None:
            services = load(derive)(output, item.file.name)
            derived.extend(services)
            item.used += len(services)
    saved = list(zip(facts.get("iptables"), _files(facts, "iptables")))
    listed = list(zip(facts.get("iptables_listings"), _files(facts, "iptables_listings")))
    derived[:0] = services_from_tables(saved, listed)
    origins: list[Origin | None] = []
    for service in derived:
        first = service.rules[0] if service.rules else None
        origins.append(None if first is None or first.file is None
                       else Origin(first.file, first.line))
    facts.add(name, derived, origins, unique=False)


def diff_services(viewer: _Viewer) -> None:
    """Services by (protocol, ClusterIP, port); endpoints compared as a set; the
    probabilities and rule references only with volatile facts."""
    for service in viewer.snapshot.records("services"):
        def fields(service: Service = service) -> dict[str, Any]:
            data: dict[str, Any] = {
                "name": service.name, "nodeport": service.nodeport,
                "external_ips": sorted(str(a) for a in service.external_ips),
                "load_balancer_ips": sorted(str(a) for a in service.load_balancer_ips),
                "source_ranges": sorted(str(n) for n in service.source_ranges),
                "endpoints": sorted(str(e) for e in service.endpoints),
                "session_affinity": service.session_affinity,
                "affinity_timeout": service.affinity_timeout,
                "internal_traffic_policy": service.internal_traffic_policy,
                "external_traffic_policy": service.external_traffic_policy,
                "mode": service.mode.value,
            }
            if viewer.volatile:
                data["probabilities"] = [e.probability for e in service.endpoints]
                data["rules"] = [str(ref) for ref in service.rules]
            return data

        viewer.put("service", _identity(service), service, fields)


def _identity(service: Service) -> str:
    address = "-" if service.cluster_ip is None else str(service.cluster_ip)
    if service.cluster_ip is not None and service.cluster_ip.version == 6:
        address = f"[{address}]"
    return f"{service.protocol.value} {address}:{service.port}"


def show_services(snapshot: Snapshot) -> str:
    """The Services section of ``netfacts show`` (empty when the node has none)."""
    from netfacts.show import table

    services = snapshot.records("services")
    if not services:
        return ""
    rows = []
    for service in services:
        endpoints = [str(e) for e in service.endpoints]
        if len(endpoints) > 4:
            endpoints = [*endpoints[:3], f"+{len(endpoints) - 3} more"]
        external = [str(a) for a in (*service.external_ips, *service.load_balancer_ips)]
        rows.append([
            service.name or "", _identity(service), str(service.nodeport or ""),
            " ".join(external), " ".join(endpoints) or "(none)", service.mode.value,
        ])
    return "\nServices\n" + table(
        ["name", "service", "nodeport", "external", "endpoints", "mode"], rows)
