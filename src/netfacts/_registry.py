"""The family table: everything netfacts knows about each command family, in one place.

A *family* is a set of commands that print the same records (``ip addr`` and ``ip link``
are one family).  Its :class:`Family` entry in :data:`FAMILIES` names, as
``"module:function"`` strings imported on first use:

* how to read it — parser, renderer, JSON writer, output class, hypothesis strategy;
* how to recognise it — ``--as`` kinds with their parser hints, a content sniffer, the
  command lines (:class:`Command`) and file paths that name it;
* where a snapshot finds it — :class:`Source` slots (candidate files in a sosreport, best
  first, and the snapshot category they feed) and the :class:`Category` records a
  family introduces (record type, merge, diff identity and volatile fields, show section,
  snapshot JSON view).

Detection, the CLI, :func:`netfacts.parse`, snapshots, ``show``, ``diff``, the public
names of :mod:`netfacts` and the docs read this table; nothing else lists families.  Adding
a family is its own modules plus one entry here (see ``docs/development.md``).

Implementations are named as strings, so that running one parser never pays for
importing every family's grammar.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Mapping
from typing import Any, NamedTuple

__all__ = [
    "CATEGORIES",
    "FAMILIES",
    "KINDS",
    "Category",
    "Command",
    "CommandFamily",
    "Source",
    "category",
    "exports",
    "family_for_kind",
    "family_for_output",
    "load",
    "normalise_kind",
    "sources",
]

_NO_HINTS: Mapping[str, Any] = {}


class Command(NamedTuple):
    """A command line that prints a kind: ``Command("ip", "ip-route", words=("route", ...))``.

    The command matches when ``argv[0]``'s base name is ``tool`` and

    * ``words`` is empty, or the first argument that is not an option (nor an option's
      value, see ``value_options``) is one of ``words`` (list the abbreviations the tool
      accepts);
    * ``flags`` is empty, or one of them is given (a short flag also counts inside a
      bundle: ``-L`` matches ``-nvL``);
    * no option in ``json_flags`` is given (JSON output is not the text this family reads);
    * ``hints``, when set, returns a dict for the arguments after the tool (``None``: not
      this command after all).  The dict becomes the parser's hints.

    sosreport file names are mangled command lines (``ip_-d_address``), so the same table
    recognises files.
    """

    tool: str
    kind: str
    words: tuple[str, ...] = ()
    flags: tuple[str, ...] = ()
    hints: str | None = None
    """``"module:function"``: (args after the tool) -> dict of parser hints, or None."""
    json_flags: tuple[str, ...] = ()
    value_options: tuple[str, ...] = ()
    """Options that take the next argument as their value (``ip -n NS``)."""


class Source(NamedTuple):
    """One slot of a snapshot: the files that may hold one listing, best first.

    The first candidate present (and not empty) in a report is parsed as ``kind`` and its
    records feed ``category``.  Sources of one category are merged in ``rank`` order
    (lower first: the preferred listing).  Candidates are paths relative to a sosreport's
    root; ``*`` and ``?`` match within one path component (``ethtool_-i_*``), and then
    every match is read.
    """

    name: str
    """Logical name, unique across families (``ip_route6``); messages use it."""
    kind: str
    category: str
    candidates: tuple[str, ...]
    rank: int = 50
    namespaces: bool = True
    """Also read the per-namespace copies (``ip netns exec NS <command>``): the file whose
    command is a candidate's (optionally followed by ``show`` or ``list``), else the file
    of this kind with the most records."""
    when: Mapping[str, Any] = _NO_HINTS
    """Parser hints a capture in a folder must have to fill this slot (the IPv6 route
    slot takes ``ip -6 route`` captures: ``{"family": "inet6"}``)."""


class Category(NamedTuple):
    """A kind of fact in a snapshot (``routes``), introduced by the family that owns it.

    The built-in categories (interfaces, routes, rules, neighbours, sockets, sysctls) are
    fields of :class:`~netfacts.models.snapshot.Snapshot`; any other category is kept in
    ``Snapshot.facts`` under its name.  Hooks are ``"module:function"`` strings:

    * ``merge(outputs) -> (records, origins)`` combines the parsed outputs of every
      source of the category (default: concatenation in rank order, exact duplicates
      dropped);
    * ``view(record) -> JSON`` writes one record in the snapshot file;
    * ``diff(viewer)`` adds the category's records to a diff view (default: one entry
      per ``identity(record) -> str`` with the ``view`` fields, ``volatile`` fields left
      out unless asked for);
    * ``show(snapshot) -> str`` is its section of ``netfacts show`` (none by default).
    """

    name: str
    records: str
    """The attribute of a parse result that holds this category's records."""
    record_type: str
    """``"module:Class"`` of one record (the lossless snapshot codec needs it)."""
    title: str = ""
    json_key: str = ""
    """Key of the view in a snapshot file (default: ``name``)."""
    view_all: bool = False
    """``view`` takes all the records at once (and may return an object, not a list)."""
    view: str | None = None
    merge: str | None = None
    diff: str | None = None
    identity: str | None = None
    volatile: frozenset[str] = frozenset()
    diff_kinds: tuple[str, ...] = ()
    """The kinds of change this category reports in a diff (``("route",)``); default:
    the category name."""
    show: str | None = None
    required: bool = False
    """A snapshot without any source of this category is reported as missing it."""


class CommandFamily(NamedTuple):
    """A command family: ``ip_addr`` covers ``ip addr`` and ``ip link`` in every form."""

    key: str
    title: str
    kinds: Mapping[str, Mapping[str, Any]]
    """``--as`` names (CLI spelling) → the hints the parser receives for it."""
    parser: str
    renderer: str
    to_json: str
    output: str
    """``"module:Class"``: the :class:`~netfacts.models.output.Output` subclass it returns."""
    sniffer: str | None = None
    """``"module:function"``: (first meaningful lines) → (kind, score 0-100) or None."""
    commands: tuple[Command, ...] = ()
    paths: tuple[tuple[str, str], ...] = ()
    """(path, kind): a file whose path ends with ``path`` is this kind (``proc/net/arp``);
    a path ending in ``/`` matches files below that directory.  The sosreport-mangled
    form (``proc_net_arp``) is recognised as well."""
    sources: tuple[Source, ...] = ()
    categories: tuple[Category, ...] = ()
    strategies: str | None = None
    """``"module:function"``: a hypothesis strategy of this family's outputs."""
    exports: tuple[str, ...] = ()
    """``"module:Name"`` for each public name :mod:`netfacts` offers for this family."""
    direct_json: str | None = None
    """Optional text → compact JSON text path for the CLI (no models built):
    ``f(text, *, source, **hints) -> (json_text, diagnostics) | None``."""
    docs: str = ""


_NET = "sos_commands/networking/"
_IP_JSON = ("-j", "-json", "--json")
_IP_VALUES = ("-n", "-netns", "-f", "-family", "-b", "-batch", "-rc", "-rcvbuf", "-l", "-loops")


def _ip(kind: str, words: tuple[str, ...], hints: str | None = None) -> Command:
    return Command("ip", kind, words=words, hints=hints, json_flags=_IP_JSON,
                   value_options=_IP_VALUES)


_BR = "netfacts.models.bridge:"


def _bridge(kind: str, words: tuple[str, ...]) -> Command:
    return Command("bridge", kind, words=words, hints="netfacts.parsers.bridge:command_hints",
                   json_flags=("-j", "-json"), value_options=("-n", "-netns", "-b", "-batch"))


_PT = "netfacts.models.proc_net_tables:"
_PC = "netfacts.models.proc_net_counters:"

FAMILIES: tuple[CommandFamily, ...] = (
    CommandFamily(
        key="ip_addr",
        title="ip addr / ip link",
        kinds={"ip-addr": {"command": "addr"}, "ip-link": {"command": "link"}},
        parser="netfacts.parsers.ip_addr:parse_ip_addr",
        renderer="netfacts.renderers.ip_addr:render_ip_addr",
        to_json="netfacts.jsonio.ip_addr:ip_addr_to_json",
        direct_json="netfacts.jsonio.ip_addr:ip_addr_direct_json",
        output="netfacts.models.ip_addr:IpAddrOutput",
        sniffer="netfacts.detection:sniff_ip_addr",
        commands=(
            _ip("ip-addr", ("address", "addr", "add", "ad", "a")),
            _ip("ip-link", ("link", "lin", "li", "l")),
        ),
        sources=(
            Source("ip_addr", "ip-addr", "interfaces", (
                _NET + "ip_-d_address", _NET + "ip_address", _NET + "ip_addr",
                _NET + "ip_-o_addr", "ip_addr"), rank=10),
            Source("ip_link", "ip-link", "interfaces", (
                _NET + "ip_-s_-d_link", _NET + "ip_-s_link", _NET + "ip_link"), rank=20),
        ),
        categories=(
            Category("interfaces", records="links", record_type="netfacts.models.link:Link",
                     title="Interfaces", view="netfacts.jsonio.ip_addr:snapshot_view",
                     merge="netfacts.snapshot:merge_interfaces",
                     diff="netfacts.diff:view_interfaces", diff_kinds=("interface", "address"),
                     show="netfacts.show:show_interfaces", required=True),
        ),
        strategies="netfacts.testing.strategies:ip_addr_outputs",
        exports=(
            "netfacts.models.address:Address", "netfacts.models.address:AddressFamily",
            "netfacts.models.address:Scope", "netfacts.models.link:Link",
            "netfacts.models.link:LinkDetails", "netfacts.models.link:LinkInfo",
            "netfacts.models.link:LinkStats", "netfacts.models.link:OperState",
            "netfacts.models.ip_addr:IpAddrForm", "netfacts.models.ip_addr:IpAddrOutput",
        ),
        docs="commands/ip_addr.md",
    ),
    CommandFamily(
        key="ip_route",
        title="ip route",
        kinds={"ip-route": {}},
        parser="netfacts.parsers.ip_route:parse_ip_route",
        renderer="netfacts.renderers.ip_route:render_ip_route",
        to_json="netfacts.jsonio.ip_route:ip_route_to_json",
        output="netfacts.models.route:IpRouteOutput",
        sniffer="netfacts.parsers.ip_route:sniff",
        commands=(_ip("ip-route", ("route", "rout", "rou", "ro", "r"),
                      "netfacts.parsers._ip_args:route_hints"),),
        sources=(
            Source("ip_route", "ip-route", "routes",
                   (_NET + "ip_route_show_table_all", "ip_route"), rank=10),
            Source("ip_route6", "ip-route", "routes",
                   (_NET + "ip_-6_route_show_table_all",), rank=20, when={"family": "inet6"}),
        ),
        categories=(
            Category("routes", records="routes", record_type="netfacts.models.route:Route",
                     title="Routes", view="netfacts.jsonio.ip_route:snapshot_view",
                     diff="netfacts.diff:view_routes", diff_kinds=("route",),
                     show="netfacts.show:show_routes", required=True),
        ),
        strategies="netfacts.testing.strategies:ip_route_outputs",
        exports=("netfacts.models.route:Route", "netfacts.models.route:IpRouteOutput",
                 "netfacts.models.route:IpRouteForm", "netfacts.models.route:Nexthop",
                 "netfacts.models.route:RouteType"),
        direct_json="netfacts.jsonio.ip_route:ip_route_direct_json",
        docs="commands/ip_route.md",
    ),
    CommandFamily(
        key="ip_rule",
        title="ip rule",
        kinds={"ip-rule": {}},
        parser="netfacts.parsers.ip_rule:parse_ip_rule",
        renderer="netfacts.renderers.ip_rule:render_ip_rule",
        to_json="netfacts.jsonio.ip_rule:ip_rule_to_json",
        output="netfacts.models.rule:IpRuleOutput",
        sniffer="netfacts.parsers.ip_rule:sniff",
        commands=(_ip("ip-rule", ("rule", "rul", "ru"), "netfacts.parsers._ip_args:rule_hints"),),
        sources=(
            Source("ip_rule4", "ip-rule", "rules",
                   (_NET + "ip_-4_rule_list", _NET + "ip_-4_rule"), rank=10),
            Source("ip_rule6", "ip-rule", "rules",
                   (_NET + "ip_-6_rule_list", _NET + "ip_-6_rule"), rank=20,
                   when={"family": "inet6"}),
        ),
        categories=(
            Category("rules", records="rules", record_type="netfacts.models.rule:Rule",
                     title="Rules", view="netfacts.jsonio.ip_rule:rule_to_json",
                     diff="netfacts.diff:view_rules", diff_kinds=("rule",)),
        ),
        strategies="netfacts.testing.strategies:ip_rule_outputs",
        exports=("netfacts.models.rule:Rule", "netfacts.models.rule:IpRuleOutput"),
        docs="commands/ip_rule.md",
    ),
    CommandFamily(
        key="ps",
        title="ps (aux, -ef)",
        kinds={"ps": {}},
        parser="netfacts.parsers.ps:parse_ps",
        renderer="netfacts.renderers.ps:render_ps",
        to_json="netfacts.jsonio.ps:ps_to_json",
        output="netfacts.models.process:PsOutput",
        sniffer="netfacts.parsers.ps:sniff",
        commands=(Command("ps", "ps"),),
        sources=(
            Source("ps", "ps", "processes", ("sos_commands/process/ps_auxwww", "ps",
                                             "sos_commands/process/ps_auxcww"),
                   namespaces=False),
        ),
        categories=(
            Category("processes", records="processes",
                     record_type="netfacts.models.process:Process", title="Processes",
                     view="netfacts.jsonio.ps:process_to_json"),
        ),
        strategies="netfacts.testing._strategies_ps:ps_outputs",
        exports=("netfacts.models.process:Process", "netfacts.models.process:PsForm",
                 "netfacts.models.process:PsOutput"),
        docs="commands/ps.md",
    ),
    CommandFamily(
        key="netstat",
        title="netstat",
        kinds={"netstat": {}},
        parser="netfacts.parsers.netstat:parse_netstat",
        renderer="netfacts.renderers.netstat:render_netstat",
        to_json="netfacts.jsonio.netstat:netstat_to_json",
        output="netfacts.models.netstat:NetstatOutput",
        sniffer="netfacts.parsers.netstat:sniff",
        commands=(Command("netstat", "netstat", hints="netfacts.parsers.netstat:command_hints"),),
        sources=(
            Source("netstat", "netstat", "sockets", (
                _NET + "netstat_-W_-neopa",
                _NET + "netstat_-T_-neopa",  # net-tools < 2 (RHEL 6)
                _NET + "netstat_-neopa",  # sos <= 3.2
                "netstat",  # root symlink
            ), rank=10),
        ),
        categories=(
            Category("sockets", records="sockets", record_type="netfacts.models.socket:Socket",
                     title="Sockets", view="netfacts.jsonio.netstat:socket_to_netstat_json",
                     merge="netfacts.snapshot:merge_sockets",
                     diff="netfacts.diff:view_sockets", diff_kinds=("listener", "connection"),
                     show="netfacts.show:show_listeners", required=True),
        ),
        strategies="netfacts.testing.strategies:netstat_outputs",
        exports=(
            "netfacts.models.socket:Socket", "netfacts.models.socket:Endpoint",
            "netfacts.models.socket:SocketProcess", "netfacts.models.socket:Timer",
            "netfacts.models.socket:TcpState", "netfacts.models.socket:UnixInfo",
            "netfacts.models.socket:SsExtensions",
            "netfacts.models.netstat:NetstatOutput", "netfacts.models.netstat:NetstatForm",
            "netfacts.models.netstat:NetstatSample", "netfacts.models.netstat:NetstatRoute",
            "netfacts.models.netstat:NetstatInterface",
            "netfacts.models.netstat:IfconfigInterface", "netfacts.models.netstat:StatSection",
            "netfacts.models.netstat:MulticastGroup",
        ),
        direct_json="netfacts.jsonio.netstat:netstat_direct_json",
        docs="commands/netstat.md",
    ),
    CommandFamily(
        key="ss",
        title="ss",
        kinds={"ss": {}},
        parser="netfacts.parsers.ss:parse_ss",
        renderer="netfacts.renderers.ss:render_ss",
        to_json="netfacts.jsonio.ss:ss_to_json",
        output="netfacts.models.ss:SsOutput",
        sniffer="netfacts.parsers.ss:sniff",
        commands=(Command("ss", "ss", hints="netfacts.parsers.ss:command_hints"),),
        sources=(
            Source("ss", "ss", "sockets", (_NET + "ss_-peaonmi",), rank=20),
        ),
        strategies="netfacts.testing.strategies:ss_outputs",
        exports=("netfacts.models.ss:SsOutput", "netfacts.models.ss:SsForm",
                 "netfacts.models.ss:SsSummary"),
        direct_json="netfacts.jsonio.ss:ss_direct_json",
        docs="commands/ss.md",
    ),
    CommandFamily(
        key="ip_neigh",
        title="ip neigh",
        kinds={"ip-neigh": {}},
        parser="netfacts.parsers.ip_neigh:parse_ip_neigh",
        renderer="netfacts.renderers.ip_neigh:render_ip_neigh",
        to_json="netfacts.jsonio.ip_neigh:ip_neigh_to_json",
        output="netfacts.models.neighbour:IpNeighOutput",
        sniffer="netfacts.parsers.ip_neigh:sniff",
        commands=(_ip("ip-neigh", ("neighbour", "neighbor", "neigh", "nei", "ne", "n")),),
        sources=(
            Source("ip_neigh", "ip-neigh", "neighbours",
                   (_NET + "ip_-s_-s_neigh_show", _NET + "ip_neigh_show"), rank=10),
            Source("ip_neigh_noarp", "ip-neigh", "neighbours",
                   (_NET + "ip_neigh_show_nud_noarp",), rank=20),
        ),
        categories=(
            Category("neighbours", records="neighbours",
                     record_type="netfacts.models.neighbour:Neighbour", title="Neighbours",
                     json_key="neighbors",
                     view="netfacts.jsonio.ip_neigh:neighbour_to_json",
                     merge="netfacts.snapshot:merge_neighbours",
                     diff="netfacts.diff:view_neighbours", diff_kinds=("neighbour",),
                     show="netfacts.show:show_neighbours", required=True),
        ),
        strategies="netfacts.testing.strategies:ip_neigh_outputs",
        exports=(
            "netfacts.models.neighbour:IpNeighForm", "netfacts.models.neighbour:IpNeighOutput",
            "netfacts.models.neighbour:NeighCacheInfo", "netfacts.models.neighbour:Neighbour",
            "netfacts.models.neighbour:NeighbourList", "netfacts.models.neighbour:NudState",
        ),
        docs="commands/ip_neigh.md",
    ),
    CommandFamily(
        key="arp",
        title="arp (net-tools)",
        kinds={"arp": {}},
        parser="netfacts.parsers.arp:parse_arp",
        renderer="netfacts.renderers.arp:render_arp",
        to_json="netfacts.jsonio.arp:arp_to_json",
        output="netfacts.models.neighbour:ArpOutput",
        sniffer="netfacts.parsers.arp:sniff",
        commands=(Command("arp", "arp"),),
        sources=(
            # sos never runs arp; a folder of captures may hold it
            Source("arp", "arp", "neighbours", ("arp",), rank=40, namespaces=False),
        ),
        strategies="netfacts.testing.strategies:arp_outputs",
        exports=("netfacts.models.neighbour:ArpForm", "netfacts.models.neighbour:ArpMessage",
                 "netfacts.models.neighbour:ArpOutput", "netfacts.models.neighbour:ArpSummary"),
        direct_json="netfacts.jsonio.arp:arp_direct_json",
        docs="commands/arp.md",
    ),
    CommandFamily(
        key="proc_net_arp",
        title="/proc/net/arp",
        kinds={"proc-net-arp": {}},
        parser="netfacts.parsers.proc_net_arp:parse_proc_net_arp",
        renderer="netfacts.renderers.proc_net_arp:render_proc_net_arp",
        to_json="netfacts.jsonio.arp:proc_net_arp_to_json",
        output="netfacts.models.neighbour:ProcNetArpOutput",
        sniffer="netfacts.parsers.proc_net_arp:sniff",
        paths=(("proc/net/arp", "proc-net-arp"),),
        sources=(
            Source("proc_net_arp", "proc-net-arp", "neighbours", ("proc/net/arp",), rank=30,
                namespaces=False),
        ),
        strategies="netfacts.testing.strategies:proc_net_arp_outputs",
        exports=("netfacts.models.neighbour:ProcNetArpForm",
                 "netfacts.models.neighbour:ProcNetArpOutput"),
        direct_json="netfacts.jsonio.arp:proc_net_arp_direct_json",
        docs="commands/arp.md",
    ),
    CommandFamily(
        key="sysctl",
        title="sysctl / /proc/sys",
        kinds={"sysctl": {}, "ip-forward": {"key": "net.ipv4.ip_forward"}},
        parser="netfacts.parsers.sysctl:parse_sysctl",
        renderer="netfacts.renderers.sysctl:render_sysctl",
        to_json="netfacts.jsonio.sysctl:sysctl_to_json",
        output="netfacts.models.sysctl:SysctlOutput",
        sniffer="netfacts.parsers.sysctl:sniff",
        commands=(Command("sysctl", "sysctl"),),
        paths=(("proc/sys/net/ipv4/ip_forward", "ip-forward"), ("proc/sys/", "sysctl"),
               ("ip_forward", "ip-forward")),
        sources=(
            Source("sysctl", "sysctl", "sysctls", ("sos_commands/kernel/sysctl_-a",), rank=10),
            Source("ip_forward", "ip-forward", "sysctls", ("proc/sys/net/ipv4/ip_forward",),
                   rank=20, namespaces=False),
        ),
        categories=(
            Category("sysctls", records="entries", record_type="netfacts.models.sysctl:Sysctl",
                     title="Sysctls", json_key="sysctl", view_all=True,
                     view="netfacts.jsonio.sysctl:snapshot_view",
                     merge="netfacts.snapshot:merge_sysctls",
                     diff="netfacts.diff:view_sysctls", diff_kinds=("sysctl",),
                     show="netfacts.show:show_sysctls", required=True),
        ),
        strategies="netfacts.testing.strategies:sysctl_outputs",
        exports=("netfacts.models.sysctl:Sysctl", "netfacts.models.sysctl:SysctlForm",
                 "netfacts.models.sysctl:SysctlOutput"),
        docs="commands/sysctl.md",
    ),
    CommandFamily(
        key="ethtool",
        title="ethtool (settings, -i, -S, -k, -g, -l)",
        kinds={"ethtool": {"mode": "settings"}, "ethtool-i": {"mode": "driver"},
               "ethtool-S": {"mode": "statistics"}, "ethtool-k": {"mode": "features"},
               "ethtool-g": {"mode": "rings"}, "ethtool-l": {"mode": "channels"}},
        parser="netfacts.parsers.ethtool:parse_ethtool",
        renderer="netfacts.renderers.ethtool:render_ethtool",
        to_json="netfacts.jsonio.ethtool:ethtool_to_json",
        output="netfacts.models.ethtool:EthtoolOutput",
        sniffer="netfacts.parsers.ethtool:sniff",
        commands=tuple(
            Command("ethtool", kind, flags=flags, hints="netfacts.parsers.ethtool:command_hints")
            for kind, flags in (
                ("ethtool-i", ("-i", "--driver")),
                ("ethtool-S", ("-S", "--statistics")),
                ("ethtool-k", ("-k", "--show-features", "--show-offload")),
                ("ethtool-g", ("-g", "--show-ring")),
                ("ethtool-l", ("-l", "--show-channels")),
                ("ethtool", ()),
            )
        ),
        sources=tuple(
            Source(name, kind, "hardware", (_NET + glob,), rank=rank, namespaces=False)
            for name, kind, glob, rank in (
                ("ethtool", "ethtool", "ethtool_[!-]*", 10),
                ("ethtool_i", "ethtool-i", "ethtool_-i_*", 11),
                ("ethtool_S", "ethtool-S", "ethtool_-S_*", 12),
                ("ethtool_k", "ethtool-k", "ethtool_-k_*", 13),
                ("ethtool_g", "ethtool-g", "ethtool_-g_*", 14),
                ("ethtool_l", "ethtool-l", "ethtool_-l_*", 15),
            )
        ),
        categories=(
            Category("hardware", records="captures",
                     record_type="netfacts.models.hardware:NicFacts", title="Hardware",
                     view="netfacts.facts.hardware:hardware_view",
                     merge="netfacts.facts.hardware:merge_hardware",
                     identity="netfacts.facts.hardware:identity",
                     volatile=frozenset({"statistics"}),
                     show="netfacts.facts.hardware:show_hardware"),
        ),
        strategies="netfacts.testing._strategies_ethtool:ethtool_outputs",
        exports=(*(f"netfacts.models.ethtool:{name}" for name in (
            "EthtoolChannels", "EthtoolDriver", "EthtoolFeature", "EthtoolFeatures",
            "EthtoolOutput", "EthtoolRings", "EthtoolSettings", "EthtoolStatistics")),
            "netfacts.models.hardware:Hardware", "netfacts.models.hardware:NicFacts"),
        docs="commands/ethtool.md",
    ),
    CommandFamily(
        key="tc_qdisc",
        title="tc qdisc show",
        kinds={"tc-qdisc": {}},
        parser="netfacts.parsers.tc_qdisc:parse_tc_qdisc",
        renderer="netfacts.renderers.tc_qdisc:render_tc_qdisc",
        to_json="netfacts.jsonio.tc_qdisc:tc_qdisc_to_json",
        output="netfacts.models.tc:TcQdiscOutput",
        sniffer="netfacts.parsers.tc_qdisc:sniff",
        commands=(Command("tc", "tc-qdisc", hints="netfacts.parsers.tc_qdisc:command_hints"),),
        strategies="netfacts.testing._strategies_tc:tc_qdisc_outputs",
        exports=("netfacts.models.tc:Qdisc", "netfacts.models.tc:QdiscStats",
                 "netfacts.models.tc:TcQdiscOutput"),
        docs="commands/tc.md",
    ),
    CommandFamily(
        key="bridge_link",
        title="bridge link",
        kinds={"bridge-link": {}},
        parser="netfacts.parsers.bridge:parse_bridge_link",
        renderer="netfacts.renderers.bridge:render_bridge_link",
        to_json="netfacts.jsonio.bridge:bridge_link_to_json",
        output=_BR + "BridgeLinkOutput",
        sniffer="netfacts.parsers.bridge:sniff_link",
        commands=(_bridge("bridge-link", ("link", "lin", "li", "l")),),
        sources=(
            Source("bridge_link", "bridge-link", "bridge_ports", (
                _NET + "bridge_-s_-s_-d_link_show",
                _NET + "bridge_-d_link_show",
                _NET + "bridge_link_show"),
                namespaces=False),
        ),
        categories=(
            Category("bridge_ports", records="ports", record_type=_BR + "BridgePort",
                     title="Bridge ports", view="netfacts.facts.bridges:port_view",
                     identity="netfacts.facts.bridges:port_identity",
                     volatile=frozenset({"ifindex"}), diff_kinds=("bridge_port",),
                     show="netfacts.facts.bridges:show_bridges"),
        ),
        strategies="netfacts.testing._strategies_bridge:bridge_link_outputs",
        exports=(_BR + "BridgeLinkOutput", _BR + "BridgePort",
                 "netfacts.models.hardware:Bridge"),
        docs="commands/bridge.md",
    ),
    CommandFamily(
        key="bridge_fdb",
        title="bridge fdb",
        kinds={"bridge-fdb": {}},
        parser="netfacts.parsers.bridge:parse_bridge_fdb",
        renderer="netfacts.renderers.bridge:render_bridge_fdb",
        to_json="netfacts.jsonio.bridge:bridge_fdb_to_json",
        output=_BR + "BridgeFdbOutput",
        sniffer="netfacts.parsers.bridge:sniff_fdb",
        commands=(_bridge("bridge-fdb", ("fdb", "fd", "f")),),
        sources=(
            Source("bridge_fdb", "bridge-fdb", "bridge_fdb", (
                _NET + "bridge_-s_-s_-d_-t_fdb_show",
                _NET + "bridge_-d_fdb_show",
                _NET + "bridge_fdb_show"),
                namespaces=False),
        ),
        categories=(
            Category("bridge_fdb", records="entries", record_type=_BR + "FdbEntry",
                     title="Bridge FDB", view="netfacts.jsonio.bridge:fdb_entry_to_json",
                     diff="netfacts.facts.bridges:view_bridge_fdb", diff_kinds=("fdb",)),
        ),
        strategies="netfacts.testing._strategies_bridge:bridge_fdb_outputs",
        exports=(_BR + "BridgeFdbOutput", _BR + "FdbEntry"),
        docs="commands/bridge.md",
    ),
    CommandFamily(
        key="bridge_vlan",
        title="bridge vlan",
        kinds={"bridge-vlan": {}},
        parser="netfacts.parsers.bridge:parse_bridge_vlan",
        renderer="netfacts.renderers.bridge:render_bridge_vlan",
        to_json="netfacts.jsonio.bridge:bridge_vlan_to_json",
        output=_BR + "BridgeVlanOutput",
        sniffer="netfacts.parsers.bridge:sniff_vlan",
        commands=(_bridge("bridge-vlan", ("vlan", "vla", "vl", "v")),),
        sources=(
            Source("bridge_vlan", "bridge-vlan", "bridge_vlans", (
                _NET + "bridge_-d_vlan_show",
                _NET + "bridge_vlan_show"),
                namespaces=False),
        ),
        categories=(
            Category("bridge_vlans", records="vlans", record_type=_BR + "BridgeVlan",
                     title="Bridge VLANs", view="netfacts.facts.bridges:vlan_view",
                     identity="netfacts.facts.bridges:vlan_identity",
                     volatile=frozenset({"rx_bytes", "rx_packets", "tx_bytes",
                                         "tx_packets"}),
                     diff_kinds=("bridge_vlan",)),
        ),
        strategies="netfacts.testing._strategies_bridge:bridge_vlan_outputs",
        exports=(_BR + "BridgeVlan", _BR + "BridgeVlanOutput",
                 _BR + "VlanStats"),
        docs="commands/bridge.md",
    ),
    CommandFamily(
        key="bridge_mdb",
        title="bridge mdb",
        kinds={"bridge-mdb": {}},
        parser="netfacts.parsers.bridge:parse_bridge_mdb",
        renderer="netfacts.renderers.bridge:render_bridge_mdb",
        to_json="netfacts.jsonio.bridge:bridge_mdb_to_json",
        output=_BR + "BridgeMdbOutput",
        sniffer="netfacts.parsers.bridge:sniff_mdb",
        commands=(_bridge("bridge-mdb", ("mdb", "md", "m")),),
        sources=(
            Source("bridge_mdb", "bridge-mdb", "bridge_mdb", (
                _NET + "bridge_-s_-s_-d_-t_mdb_show",
                _NET + "bridge_-d_mdb_show",
                _NET + "bridge_mdb_show"),
                namespaces=False),
        ),
        categories=(
            Category("bridge_mdb", records="entries", record_type=_BR + "MdbEntry",
                     title="Bridge MDB", view="netfacts.jsonio.bridge:mdb_entry_to_json",
                     diff="netfacts.facts.bridges:view_bridge_mdb", diff_kinds=("mdb",)),
        ),
        strategies="netfacts.testing._strategies_bridge:bridge_mdb_outputs",
        exports=(_BR + "BridgeMdbOutput", _BR + "MdbEntry",
                 _BR + "MdbRouter"),
        docs="commands/bridge.md",
    ),
    CommandFamily(
        key="iptables_save",
        title="iptables-save / ip6tables-save",
        kinds={"iptables-save": {}, "ip6tables-save": {"family": 6}},
        parser="netfacts.parsers.iptables_save:parse_iptables_save",
        renderer="netfacts.renderers.iptables_save:render_iptables_save",
        to_json="netfacts.jsonio.iptables_save:iptables_save_to_json",
        output="netfacts.models.firewall:IptablesSaveOutput",
        sniffer="netfacts.parsers.iptables_save:sniff",
        commands=tuple(Command(tool, kind) for tool, kind in (
            ("iptables-save", "iptables-save"), ("iptables-legacy-save", "iptables-save"),
            ("iptables-nft-save", "iptables-save"), ("ip6tables-save", "ip6tables-save"),
            ("ip6tables-legacy-save", "ip6tables-save"),
            ("ip6tables-nft-save", "ip6tables-save"))),
        paths=(("etc/sysconfig/iptables", "iptables-save"),
               ("etc/sysconfig/ip6tables", "ip6tables-save")),
        sources=(
            # sos runs iptables-save only per network namespace (ip netns exec NS ...)
            Source("iptables_save", "iptables-save", "iptables", (_NET + "iptables-save",),
                   rank=10),
            Source("ip6tables_save", "ip6tables-save", "iptables", (_NET + "ip6tables-save",),
                   rank=11, when={"family": 6}),
        ),
        categories=(
            Category("iptables", records="tables",
                     record_type="netfacts.models.firewall:SavedTable",
                     title="iptables (iptables-save)",
                     view="netfacts.jsonio.iptables_save:snapshot_view",
                     merge="netfacts.facts.firewall:merge_tables",
                     diff="netfacts.facts.firewall:diff_chains", diff_kinds=("chain",)),
        ),
        strategies="netfacts.testing._strategies_iptables:iptables_save_outputs",
        exports=("netfacts.models.firewall:IptablesSaveOutput",
                 "netfacts.models.firewall:IptablesRule", "netfacts.models.firewall:SavedTable",
                 "netfacts.models.firewall:Firewall"),
        docs="commands/iptables_save.md",
    ),
    CommandFamily(
        key="iptables",
        title="iptables -L / ip6tables -L (-nvL, -vnxL)",
        kinds={"iptables": {}, "ip6tables": {"family": 6}},
        parser="netfacts.parsers.iptables:parse_iptables",
        renderer="netfacts.renderers.iptables:render_iptables",
        to_json="netfacts.jsonio.iptables:iptables_to_json",
        output="netfacts.models.firewall:IptablesOutput",
        sniffer="netfacts.parsers.iptables:sniff",
        commands=tuple(
            Command(tool, kind, flags=("-L", "--list"), hints=hints) for tool, kind, hints in (
                ("iptables", "iptables", "netfacts.parsers.iptables:command_hints"),
                ("iptables-legacy", "iptables", "netfacts.parsers.iptables:command_hints"),
                ("iptables-nft", "iptables", "netfacts.parsers.iptables:command_hints"),
                ("ip6tables", "ip6tables", "netfacts.parsers.iptables:command_hints6"),
                ("ip6tables-legacy", "ip6tables", "netfacts.parsers.iptables:command_hints6"),
                ("ip6tables-nft", "ip6tables", "netfacts.parsers.iptables:command_hints6"))),
        sources=tuple(
            Source(f"{tool}_{table}", kind, "services" if table == "nat" else
                   "iptables_listings",
                   tuple(f"sos_commands/{plugin}/{tool}_{name}" for name in (
                       (f"-t_{table}_-nvL", "-vnxL") if table == "filter" else
                       (f"-t_{table}_-nvL",))
                         for plugin in ("firewall_tables", "networking")),
                   rank=20 + rank, when={"table": table, "family": family})
            for tool, kind, family in (("iptables", "iptables", 4), ("ip6tables", "ip6tables", 6))
            for rank, table in enumerate(("nat", "filter", "mangle", "raw"))
        ),
        categories=(
            Category("iptables_listings", records="tables",
                     record_type="netfacts.models.firewall:ListedTable",
                     title="iptables (listings)",
                     view="netfacts.jsonio.iptables:snapshot_view",
                     merge="netfacts.facts.firewall:merge_tables"),
            # the nat listings feed the Services (and are kept with the other listings);
            # iptables-save dumps were merged before (category "iptables")
            Category("services", records="tables",
                     record_type="netfacts.models.service:Service", title="Services",
                     view="netfacts.jsonio.service:service_to_json",
                     merge="netfacts.facts.services:merge_services",
                     diff="netfacts.facts.services:diff_services", diff_kinds=("service",),
                     show="netfacts.facts.services:show_services"),
        ),
        strategies="netfacts.testing._strategies_iptables:iptables_outputs",
        exports=("netfacts.models.firewall:IptablesOutput",
                 "netfacts.models.firewall:ListedRule", "netfacts.models.firewall:ListedTable",
                 "netfacts.models.service:Service"),
        docs="commands/iptables.md",
    ),
    CommandFamily(
        key="proc_net_tcp",
        title="/proc/net/tcp, tcp6, udp, udp6, raw, raw6",
        kinds={"proc-net-tcp": {}, **{f"proc-net-{table}": {"proto": table} for table in (
            "tcp6", "udp", "udp6", "raw", "raw6")}},
        parser="netfacts.parsers.proc_net_tcp:parse_proc_net_tcp",
        renderer="netfacts.renderers.proc_net_tcp:render_proc_net_tcp",
        to_json="netfacts.jsonio.proc_net_tcp:proc_net_tcp_to_json",
        output="netfacts.models.proc_net_sockets:ProcNetTcpOutput",
        sniffer="netfacts.parsers.proc_net_tcp:sniff",
        paths=tuple((f"proc/net/{table}", f"proc-net-{table}") for table in (
            "tcp", "tcp6", "udp", "udp6", "raw", "raw6")),
        sources=tuple(
            # the third choice for sockets, joined with lsof and ps (facts.proc_sockets)
            Source(f"proc_net_{table}", "proc-net-tcp" if table == "tcp" else f"proc-net-{table}",
                   "sockets", (f"proc/net/{table}",), rank=30 + index, namespaces=False)
            for index, table in enumerate(("tcp", "tcp6", "udp", "udp6", "raw", "raw6"))
        ),
        strategies="netfacts.testing._strategies_proc_net:proc_net_tcp_outputs",
        exports=("netfacts.models.proc_net_sockets:ProcNetSocket",
                 "netfacts.models.proc_net_sockets:ProcNetTcpForm",
                 "netfacts.models.proc_net_sockets:ProcNetTcpOutput"),
        direct_json="netfacts.jsonio.proc_net_tcp:direct_json_parts",
        docs="commands/proc_net_sockets.md",
    ),
    CommandFamily(
        key="proc_net_unix",
        title="/proc/net/unix",
        kinds={"proc-net-unix": {}},
        parser="netfacts.parsers.proc_net_unix:parse_proc_net_unix",
        renderer="netfacts.renderers.proc_net_unix:render_proc_net_unix",
        to_json="netfacts.jsonio.proc_net_unix:proc_net_unix_to_json",
        output="netfacts.models.proc_net_sockets:ProcNetUnixOutput",
        sniffer="netfacts.parsers.proc_net_unix:sniff",
        paths=(("proc/net/unix", "proc-net-unix"),),
        sources=(Source("proc_net_unix", "proc-net-unix", "sockets", ("proc/net/unix",),
                        rank=36, namespaces=False),),
        strategies="netfacts.testing._strategies_proc_net:proc_net_unix_outputs",
        exports=("netfacts.models.proc_net_sockets:ProcNetUnixSocket",
                 "netfacts.models.proc_net_sockets:ProcNetUnixForm",
                 "netfacts.models.proc_net_sockets:ProcNetUnixOutput"),
        docs="commands/proc_net_sockets.md",
    ),
    CommandFamily(
        key="lsof",
        title="lsof (socket rows)",
        kinds={"lsof": {}},
        parser="netfacts.parsers.lsof:parse_lsof",
        renderer="netfacts.renderers.lsof:render_lsof",
        to_json="netfacts.jsonio.lsof:lsof_to_json",
        output="netfacts.models.lsof:LsofOutput",
        sniffer="netfacts.parsers.lsof:sniff",
        commands=(Command("lsof", "lsof"),),
        sources=(
            # which process holds each /proc/net socket (by inode), for reports without
            # netstat and ss; sos 4.1+, 3.6-4.0, 3.0-3.5, the filesys plugin's
            Source("lsof", "lsof", "sockets", (
                "sos_commands/process/lsof_M_-n_-l_-c", "sos_commands/process/lsof_M_-n_-l",
                "sos_commands/process/lsof_-b_M_-n_-l_-c", "sos_commands/process/lsof_-b_M_-n_-l",
                "sos_commands/filesys/lsof_-b_M_-n_-l_-P", "lsof"), rank=40, namespaces=False),
        ),
        strategies="netfacts.testing._strategies_proc_net:lsof_outputs",
        exports=("netfacts.models.lsof:LsofSocket", "netfacts.models.lsof:LsofForm",
                 "netfacts.models.lsof:LsofOutput"),
        docs="commands/lsof.md",
    ),
    CommandFamily(
        key="proc_net_dev",
        title="/proc/net/dev",
        kinds={"proc-net-dev": {}},
        parser="netfacts.parsers.proc_net_dev:parse_proc_net_dev",
        renderer="netfacts.renderers.proc_net_tables:render_proc_net_dev",
        to_json="netfacts.jsonio.proc_net_dev:proc_net_dev_to_json",
        output="netfacts.models.proc_net_tables:ProcNetDevOutput",
        sniffer="netfacts.parsers.proc_net_dev:sniff",
        paths=(("proc/net/dev", "proc-net-dev"),),
        sources=(Source("proc_net_dev", "proc-net-dev", "interface_counters", ("proc/net/dev",),
                        namespaces=False),),
        categories=(
            Category("interface_counters", records="interfaces", record_type=_PT + "ProcNetDevice",
                     title="Interface counters (/proc/net/dev)",
                     view="netfacts.facts.counters:device_view",
                     identity="netfacts.facts.counters:device_identity",
                     volatile=frozenset({"stats64", "extra"})),
        ),
        strategies="netfacts.testing._strategies_proc_net_tables:proc_net_dev_outputs",
        exports=(_PT + "ProcNetDevice", _PT + "ProcNetDevForm", _PT + "ProcNetDevOutput"),
        docs="commands/proc_net_tables.md",
    ),
    CommandFamily(
        key="proc_net_route",
        title="/proc/net/route",
        kinds={"proc-net-route": {}},
        parser="netfacts.parsers.proc_net_route:parse_proc_net_route",
        renderer="netfacts.renderers.proc_net_tables:render_proc_net_route",
        to_json="netfacts.jsonio.proc_net_route:proc_net_route_to_json",
        output="netfacts.models.proc_net_tables:ProcNetRouteOutput",
        sniffer="netfacts.parsers.proc_net_route:sniff",
        paths=(("proc/net/route", "proc-net-route"),),
        strategies="netfacts.testing._strategies_proc_net_tables:proc_net_route_outputs",
        exports=(_PT + "ProcNetRoute", _PT + "ProcNetRouteForm", _PT + "ProcNetRouteOutput"),
        docs="commands/proc_net_tables.md",
    ),
    CommandFamily(
        key="proc_net_ipv6_route",
        title="/proc/net/ipv6_route",
        kinds={"proc-net-ipv6-route": {}},
        parser="netfacts.parsers.proc_net_ipv6_route:parse_proc_net_ipv6_route",
        renderer="netfacts.renderers.proc_net_tables:render_proc_net_ipv6_route",
        to_json="netfacts.jsonio.proc_net_route:proc_net_ipv6_route_to_json",
        output="netfacts.models.proc_net_tables:ProcNetIpv6RouteOutput",
        sniffer="netfacts.parsers.proc_net_ipv6_route:sniff",
        paths=(("proc/net/ipv6_route", "proc-net-ipv6-route"),),
        strategies="netfacts.testing._strategies_proc_net_tables:proc_net_ipv6_route_outputs",
        exports=(_PT + "ProcNetIpv6Route", _PT + "ProcNetIpv6RouteOutput"),
        docs="commands/proc_net_tables.md",
    ),
    CommandFamily(
        key="proc_net_if_inet6",
        title="/proc/net/if_inet6",
        kinds={"proc-net-if-inet6": {}},
        parser="netfacts.parsers.proc_net_if_inet6:parse_proc_net_if_inet6",
        renderer="netfacts.renderers.proc_net_tables:render_proc_net_if_inet6",
        to_json="netfacts.jsonio.proc_net_if_inet6:proc_net_if_inet6_to_json",
        output="netfacts.models.proc_net_tables:ProcNetIfInet6Output",
        sniffer="netfacts.parsers.proc_net_if_inet6:sniff",
        paths=(("proc/net/if_inet6", "proc-net-if-inet6"),),
        strategies="netfacts.testing._strategies_proc_net_tables:proc_net_if_inet6_outputs",
        exports=(_PT + "ProcNetInet6Address", _PT + "ProcNetIfInet6Output"),
        docs="commands/proc_net_tables.md",
    ),
    CommandFamily(
        key="proc_net_snmp",
        title="/proc/net/snmp, netstat, snmp6",
        kinds={"proc-net-snmp": {}, "proc-net-netstat": {}, "proc-net-snmp6": {}},
        parser="netfacts.parsers.proc_net_snmp:parse_proc_net_snmp",
        renderer="netfacts.renderers.proc_net_counters:render_proc_net_snmp",
        to_json="netfacts.jsonio.proc_net_counters:proc_net_snmp_to_json",
        output="netfacts.models.proc_net_counters:ProcNetSnmpOutput",
        sniffer="netfacts.parsers.proc_net_snmp:sniff",
        paths=(("proc/net/snmp", "proc-net-snmp"), ("proc/net/netstat", "proc-net-netstat"),
               ("proc/net/snmp6", "proc-net-snmp6")),
        sources=tuple(Source(f"proc_net_{name}", f"proc-net-{name}", "counters",
                             (f"proc/net/{name}",), rank=10 + index, namespaces=False)
                      for index, name in enumerate(("snmp", "netstat", "snmp6"))),
        categories=(
            # the same counters as nstat -zas, under nstat's names (facts.counters)
            Category("counters", records="counters", record_type=_PC + "NstatCounter",
                     title="Kernel counters", view="netfacts.facts.counters:counter_view",
                     merge="netfacts.facts.counters:merge_counters",
                     identity="netfacts.facts.counters:counter_identity",
                     volatile=frozenset({"value", "rate"})),
        ),
        strategies="netfacts.testing._strategies_proc_net_tables:proc_net_snmp_outputs",
        exports=(_PC + "SnmpCounter", _PC + "ProcNetSnmpForm", _PC + "ProcNetSnmpOutput"),
        docs="commands/proc_net_counters.md",
    ),
    CommandFamily(
        key="nstat",
        title="nstat",
        kinds={"nstat": {}},
        parser="netfacts.parsers.nstat:parse_nstat",
        renderer="netfacts.renderers.proc_net_counters:render_nstat",
        to_json="netfacts.jsonio.proc_net_counters:nstat_to_json",
        output="netfacts.models.proc_net_counters:NstatOutput",
        sniffer="netfacts.parsers.nstat:sniff",
        commands=(Command("nstat", "nstat", json_flags=("-j", "--json")),),
        sources=(Source("nstat", "nstat", "counters", (_NET + "nstat_-zas", _NET + "nstat_-az"),
                        rank=20, namespaces=False),),
        strategies="netfacts.testing._strategies_proc_net_tables:nstat_outputs",
        exports=(_PC + "NstatCounter", _PC + "NstatForm", _PC + "NstatOutput"),
        docs="commands/proc_net_counters.md",
    ),
    CommandFamily(
        key="proc_net_sockstat",
        title="/proc/net/sockstat, sockstat6",
        kinds={"proc-net-sockstat": {}},
        parser="netfacts.parsers.proc_net_sockstat:parse_proc_net_sockstat",
        renderer="netfacts.renderers.proc_net_counters:render_proc_net_sockstat",
        to_json="netfacts.jsonio.proc_net_counters:proc_net_sockstat_to_json",
        output="netfacts.models.proc_net_counters:ProcNetSockstatOutput",
        sniffer="netfacts.parsers.proc_net_sockstat:sniff",
        paths=(("proc/net/sockstat", "proc-net-sockstat"),
               ("proc/net/sockstat6", "proc-net-sockstat")),
        sources=tuple(Source(f"proc_net_{name}", "proc-net-sockstat", "sockstat",
                             (f"proc/net/{name}",), rank=10 + index, namespaces=False)
                      for index, name in enumerate(("sockstat", "sockstat6"))),
        categories=(
            Category("sockstat", records="lines", record_type=_PC + "SockstatLine",
                     title="Socket usage (/proc/net/sockstat)",
                     view="netfacts.facts.counters:sockstat_view",
                     identity="netfacts.facts.counters:sockstat_identity",
                     volatile=frozenset({"values"})),
        ),
        strategies="netfacts.testing._strategies_proc_net_tables:proc_net_sockstat_outputs",
        exports=(_PC + "SockstatLine", _PC + "ProcNetSockstatOutput"),
        docs="commands/proc_net_counters.md",
    ),
    CommandFamily(
        key="nft",
        title="nft list ruleset",
        kinds={"nft": {}},
        parser="netfacts.parsers.nft:parse_nft",
        renderer="netfacts.renderers.nft:render_nft",
        to_json="netfacts.jsonio.nft:nft_to_json",
        output="netfacts.models.nft:NftOutput",
        sniffer="netfacts.parsers.nft:sniff",
        commands=(Command("nft", "nft", words=("list",), json_flags=("-j", "--json")),),
        sources=(
            Source("nft", "nft", "nftables", (
                "sos_commands/firewall_tables/nft_-a_list_ruleset",  # sos 4.6.1+
                "sos_commands/firewall_tables/nft_list_ruleset",     # 4.1 - 4.6.0
                _NET + "nft_list_ruleset",                           # 3.4 - 4.0
                "sos_commands/firewalld/nft_list_ruleset",           # 3.7+
            ), namespaces=False),
        ),
        categories=(
            Category("nftables", records="tables", record_type="netfacts.models.nft:NftTable",
                     title="nftables", view="netfacts.facts.nftables:snapshot_view",
                     view_all=True, merge="netfacts.facts.nftables:merge_nft",
                     diff="netfacts.facts.nftables:diff_nft_chains", diff_kinds=("chain",)),
        ),
        strategies="netfacts.testing._strategies_nft:nft_outputs",
        exports=("netfacts.models.nft:NftOutput", "netfacts.models.nft:NftTable",
                 "netfacts.models.nft:NftChain", "netfacts.models.nft:NftRule",
                 "netfacts.models.nft:NftSet"),
        docs="commands/nft.md",
    ),
    CommandFamily(
        key="ipvsadm",
        title="ipvsadm -L",
        kinds={"ipvsadm": {}},
        parser="netfacts.parsers.ipvsadm:parse_ipvsadm",
        renderer="netfacts.renderers.ipvsadm:render_ipvsadm",
        to_json="netfacts.jsonio.ipvsadm:ipvsadm_to_json",
        output="netfacts.models.ipvs:IpvsadmOutput",
        sniffer="netfacts.parsers.ipvsadm:sniff",
        commands=(Command("ipvsadm", "ipvsadm", flags=("-L", "-l", "--list", "-c",
                                                       "--connection")),),
        sources=(
            Source("ipvsadm", "ipvsadm", "ipvs", ("sos_commands/ipvs/ipvsadm_-Ln",),
                   namespaces=False),
        ),
        categories=(
            Category("ipvs", records="services", record_type="netfacts.models.ipvs:IpvsService",
                     title="IPVS", view="netfacts.jsonio.ipvsadm:service_to_json",
                     merge="netfacts.facts.ipvs:merge_ipvs",
                     diff="netfacts.facts.ipvs:diff_ipvs", diff_kinds=("ipvs",)),
        ),
        strategies="netfacts.testing._strategies_ipvsadm:ipvsadm_outputs",
        exports=("netfacts.models.ipvs:IpvsadmOutput", "netfacts.models.ipvs:IpvsService",
                 "netfacts.models.ipvs:IpvsRealServer", "netfacts.models.ipvs:IpvsConnection"),
        docs="commands/ipvsadm.md",
    ),
)
"""Every family, in detection and display order."""

_BY_KEY: dict[str, CommandFamily] = {family.key: family for family in FAMILIES}

KINDS: dict[str, tuple[CommandFamily, Mapping[str, Any]]] = {
    kind: (family, hints) for family in FAMILIES for kind, hints in family.kinds.items()
}
"""``--as`` name → (family, parser hints)."""

CATEGORIES: dict[str, Category] = {
    cat.name: cat for family in FAMILIES for cat in family.categories
}
"""Snapshot category name → its record, in display order."""


def sources(category_name: str | None = None) -> list[Source]:
    """Every snapshot source (of one category), in rank order."""
    found = [source for family in FAMILIES for source in family.sources
             if category_name is None or source.category == category_name]
    return sorted(found, key=lambda source: source.rank)


def category(name: str) -> Category:
    """The category called ``name`` (``KeyError`` when unknown)."""
    return CATEGORIES[name]


CORE_EXPORTS: tuple[str, ...] = (
    "netfacts.models.snapshot:Cluster", "netfacts.models.snapshot:Snapshot",
    "netfacts.models.output:Output", "netfacts.models.values:FOREVER",
    "netfacts.models.values:MacAddress",
)
"""Public model names that belong to no single family."""


def exports() -> dict[str, str]:
    """Public name → module, for :mod:`netfacts`'s lazy attributes (core and families)."""
    names: dict[str, str] = {}
    for spec in CORE_EXPORTS:
        module, _, name = spec.partition(":")
        names[name] = module
    for family in FAMILIES:
        for spec in family.exports:
            module, _, name = spec.partition(":")
            names[name] = module
    return names


def normalise_kind(kind: str) -> str:
    """``ip_addr``, ``ip addr``, ``IP-ADDR`` → ``ip-addr`` (the CLI spelling)."""
    return "-".join(kind.strip().lower().replace("_", " ").replace("-", " ").split())


def family_for_kind(kind: str) -> tuple[CommandFamily, Mapping[str, Any]] | None:
    """The family and parser hints for an ``--as`` name or a family key."""
    if kind.strip() in KINDS:  # case matters where a tool's option does (ethtool-S)
        return KINDS[kind.strip()]
    name = normalise_kind(kind)
    if name in KINDS:
        return KINDS[name]
    family = _BY_KEY.get(name.replace("-", "_"))
    if family is not None:
        return family, _NO_HINTS
    return None


def family_for_output(kind: str) -> CommandFamily:
    """The family whose outputs have ``Output.kind == kind``."""
    return _BY_KEY[kind]


def load(spec: str) -> Callable[..., Any]:
    """Import ``"module:function"`` (or ``"module:Class"``)."""
    module_name, _, function = spec.partition(":")
    module = importlib.import_module(module_name)
    loaded: Callable[..., Any] = getattr(module, function)
    return loaded
