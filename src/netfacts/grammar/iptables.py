r"""Grammar of ``iptables -L`` / ``ip6tables -L`` listings (``-nvL``, ``-t nat -nvL``,
``-vnxL``, ``-L``, ``--line-numbers``; iptables 1.4 to 1.8.x, legacy and nf_tables)::

    output  := { chain [ blank ] }
    chain   := chain_line header { row }
    chain_line := "Chain " NAME " (policy " POLICY [ " " COUNT " packets, " COUNT " bytes" ] ")"
                | "Chain " NAME " (" N " references)"
    header  := [ "num" ] [ "pkts bytes" ] "target prot opt" [ "in out" ] "source destination"
    row     := [ NUM ] [ COUNT COUNT ] [ TARGET ] [ "!" ] PROT OPT [ [ "!" ] IN [ "!" ] OUT ]
               [ "!" ] SOURCE [ "!" ] DESTINATION [ [ "[goto] " ] TEXT ]
    COUNT   := DIGITS [ "K" | "M" | "G" | "T" ]       ; exact digits with -x

Columns (``print_rule_details``, ``print_fragment``, ``print_ifaces``,
``print_ipv4_addresses`` in iptables' ``xshared.c``): ``--line-numbers`` ``%-4u ``;
counters ``%5s `` each, with ``K``/``M``/``G``/``T`` (powers of 1000, rounded) above
99999, or ``%8llu `` with ``-x``; target ``%-9s ``; ``!`` or a blank; protocol ``%-4s ``
(``%-5s`` in some 1.8 releases, which glues a long name to the option column:
``ipv6-icmp--``); option ``--``/``-f``/``!f`` and a blank; with ``-v`` `` %-6s `` and
``%-6s `` interfaces (``*`` or ``any``); then ``!`` or a blank and ``%-19s `` for source
and destination; then ``[goto] `` and the matches' and target's own text.

The target cell is empty for a rule without ``-j`` (kube-proxy's last ``KUBE-FW-*``
rule), so rows are read by the shape of the protocol and option columns that follow,
not by counting words.  iptables 1.8.9 prints protocols as numbers with ``-n`` (``6``,
``17``, ``0`` for all); older releases and listings without ``-n`` print names
(``tcp``, ``all``).  Without ``-n`` addresses are names (``anywhere``), interfaces
``any`` and ports service names (``dpt:http``).

The table is not printed: it comes from the command line (``-t nat``) or the sos file
name (``iptables_-t_nat_-nvL``), else from the built-in chains the listing shows.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

from netfacts.grammar._atoms import sp
from netfacts.grammar._compiled_iptables import PATTERNS
from netfacts.grammar._fastpath import LineShape

if TYPE_CHECKING:
    import pyparsing as pp

__all__ = ["COUNT", "SHAPES", "build_shapes"]

COUNT = r"[0-9]{1,20}[KMGT]?"
"""A packet or byte counter as printed (``429K``; plain digits with ``-x``): 64 bits at
most, so 20 digits (the parser checks the value)."""
_OPT = r"(?:--|-f|!f)"


@functools.lru_cache(maxsize=1)
def build_shapes() -> dict[str, pp.ParserElement]:
    """The pyparsing element of every line shape (imports pyparsing)."""
    import pyparsing as pp

    def rx(pattern: str, name: str) -> pp.ParserElement:
        return pp.Regex(pattern).set_name(name)

    SP = sp()
    count = rx(COUNT, "counter")
    number = rx(r"[0-9]{1,10}", "rule number")("number") + SP
    counters = count("packets") + SP + count("bytes") + SP
    # the target cell is taken only when a protocol and an option column follow it; a
    # protocol (a number or a name from /etc/protocols) never starts with '-', so in
    # '0 -- !f' the '0' is the protocol of a rule without a target
    target = rx(rf"[^\s!]\S*(?=[ \t]+!?[^\s!-][^\s!]*?[ \t]*{_OPT}(?![^ \t]))",
                "target")(
        "target") + SP
    protocol_option = (
        rx(r"!?", "'!'")("protocol_negated")
        + rx(rf"[^\s!-][^\s!]*?(?=[ \t]*{_OPT}(?![^ \t]))", "protocol")("protocol")
        + rx(r"[ \t]*", "blank") + rx(_OPT, "option column (--, -f or !f)")("opt")
    )
    negatable = r"!?[^\s!]\S*"
    interfaces = (SP + rx(negatable, "input interface")("in") + SP
                  + rx(negatable, "output interface")("out"))
    addresses = (SP + rx(negatable, "source")("source") + SP
                 + rx(negatable, "destination")("destination"))
    rest = rx(r"(?:[ \t].*)?", "match text")("rest")
    lead = rx(r"[ \t]*", "blank")

    def row(*parts: pp.ParserElement) -> pp.ParserElement:
        element = lead
        for part in parts:
            element = element + part
        return element + pp.Opt(target) + protocol_option

    shapes = {
        "chain": (
            pp.Literal("Chain") + SP + rx(r"\S+", "chain name")("chain") + SP + pp.Literal("(")
            + (
                pp.Literal("policy") + SP + rx(r"[^\s)]+", "policy")("policy")
                + pp.Opt(SP + count("packets") + SP + pp.Literal("packets,") + SP
                         + count("bytes") + SP + pp.Literal("bytes"))
                | rx(r"[0-9]{1,10}", "reference count")("references") + SP
                + pp.Literal("references")
            )
            + pp.Literal(")") + rx(r"[ \t]*", "blank")
        ),
        "header": (
            lead + pp.Opt(pp.Literal("num")("numbered") + SP)
            + pp.Opt(pp.Literal("pkts")("counted") + SP + pp.Literal("bytes") + SP)
            + pp.Literal("target") + SP + pp.Literal("prot") + SP + pp.Literal("opt") + SP
            + pp.Opt(pp.Literal("in")("via") + SP + pp.Literal("out") + SP)
            + pp.Literal("source") + SP + pp.Literal("destination") + rx(r"[ \t]*", "blank")
        ),
        "row_verbose": row(counters) + interfaces + addresses + rest,
        "row_verbose_numbered": row(number, counters) + interfaces + addresses + rest,
        "row_plain": row() + addresses + rest,
        "row_plain_numbered": row(number) + addresses + rest,
    }
    # parsing streamlines (flattens) nested expressions in place; do it now, so that the
    # compiled patterns and the elements that explain errors stay the same
    return {name: element.streamline() for name, element in shapes.items()}


_NAMES = {
    "chain": "chain line (Chain NAME (policy P) / (N references))",
    "header": "column header line",
    "row_verbose": "rule row (pkts bytes target prot opt in out source destination)",
    "row_verbose_numbered": "rule row (num pkts bytes target prot opt in out source "
                            "destination)",
    "row_plain": "rule row (target prot opt source destination)",
    "row_plain_numbered": "rule row (num target prot opt source destination)",
}


def _shape(key: str) -> LineShape:
    return LineShape(_NAMES[key], lambda: build_shapes()[key], PATTERNS.get(key))


SHAPES = {key: _shape(key) for key in _NAMES}
"""Every line shape, with its compiled fast path."""
