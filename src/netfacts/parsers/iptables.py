"""Parse ``iptables -L`` / ``ip6tables -L`` listings (``-nvL``, ``-vnxL``, ``-L``,
``--line-numbers``) into chains and rows.

Grammar: :mod:`netfacts.grammar.iptables`.  The column header of each chain says which
columns its rows have; rows are validated by the matching line shape, kept as rows of
text and turned into :class:`~netfacts.models.firewall.ListedRule` objects on first use.

    >>> from netfacts.parsers.iptables import parse_iptables
    >>> out = parse_iptables('''Chain KUBE-NODEPORTS (1 references)
    ...  pkts bytes target     prot opt in     out     source               destination
    ...    12   720 KUBE-EXT-XRY76EGRC3BSCIIJ  6    --  *      *       0.0.0.0/0  \\
    ...           0.0.0.0/0            /* demo/web:http */ tcp dpt:30080
    ... ''', table="nat")
    >>> rule = out.chain("KUBE-NODEPORTS").rules[0]
    >>> rule.target, rule.protocol_name, rule.comment, rule.dport, rule.packets
    ('KUBE-EXT-XRY76EGRC3BSCIIJ', 'tcp', 'demo/web:http', '30080', 12)
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import iptables as g
from netfacts.models.firewall import (
    BUILTIN_CHAINS,
    IptablesForm,
    IptablesOutput,
    LazyTuple,
    ListedChain,
    ListedRule,
)
from netfacts.models.values import IPNetwork, ip_network
from netfacts.parsers._driver import Collector
from netfacts.parsers.iptables_save import U64, splice_notes

__all__ = ["command_hints", "command_hints6", "count_value", "parse_iptables", "rule_from_row",
           "sniff"]

_S = g.SHAPES
_UNITS = {"K": 1000, "M": 1000**2, "G": 1000**3, "T": 1000**4}
_ANY = frozenset({"*", "any"})
_STDERR = re.compile(r"^(?:ip6?tables|xtables)[\w-]*(?: v[\w.]+)?(?: \([\w_]+\))?: "
                     r"|^Another app is currently holding the xtables lock|^Fatal: ")


def count_value(text: str) -> int:
    """``"429K"`` → 429000, ``"12"`` → 12 (units are powers of 1000, as iptables prints)."""
    unit = _UNITS.get(text[-1:])
    return int(text[:-1]) * unit if unit is not None else int(text)


def _address(text: str) -> IPNetwork | str:
    if text[:1].isdigit() or ":" in text:
        try:
            return ip_network(text)
        except ValueError:
            return text
    return text


def _negatable(text: str) -> tuple[str, bool]:
    return (text[1:], True) if text[:1] == "!" else (text, False)


def rule_from_row(row: tuple[Any, ...]) -> ListedRule:
    """The :class:`ListedRule` of a validated row."""
    (chain, number, packets, bytes_, target, protocol, protocol_negated, opt, in_text,
     out_text, source, destination, goto, options) = row
    fields: dict[str, Any] = {}
    if in_text is not None:
        name, negated = _negatable(in_text)
        if name not in _ANY or negated:
            fields["in_interface"] = name
            fields["in_negated"] = negated
        name, negated = _negatable(out_text)
        if name not in _ANY or negated:
            fields["out_interface"] = name
            fields["out_negated"] = negated
    text, negated = _negatable(source)
    fields["source"] = _address(text)
    fields["source_negated"] = negated
    text, negated = _negatable(destination)
    fields["destination"] = _address(text)
    fields["destination_negated"] = negated
    return ListedRule(
        chain=chain, number=None if number is None else int(number),
        packets=None if packets is None else count_value(packets),
        bytes=None if bytes_ is None else count_value(bytes_),
        target=target, protocol=protocol, protocol_negated=protocol_negated, opt=opt,
        goto=goto, options=options, **fields)


class _Chain:
    __slots__ = ("bytes", "line", "lines", "name", "packets", "policy", "references", "rows")

    def __init__(self, match: re.Match[str], line: int) -> None:
        self.line = line
        self.name: str = match.group("chain")
        self.policy: str | None = match.group("policy")
        packets, bytes_, references = match.group("packets", "bytes", "references")
        self.packets = None if packets is None else count_value(packets)
        self.bytes = None if bytes_ is None else count_value(bytes_)
        self.references = None if references is None else int(references)
        self.rows: list[tuple[Any, ...]] = []
        self.lines: list[int] = []

    def build(self) -> ListedChain:
        return ListedChain(name=self.name, policy=self.policy, packets=self.packets,
                           bytes=self.bytes, references=self.references,
                           rules=LazyTuple[ListedRule](rows=self.rows, build=rule_from_row),
                           rule_lines=tuple(self.lines), line=self.line)


_ROW_SHAPES = {
    (True, False): "row_verbose", (True, True): "row_verbose_numbered",
    (False, False): "row_plain", (False, True): "row_plain_numbered",
}


class _Parser:
    def __init__(self, collector: Collector) -> None:
        self.c = collector
        self.chains: list[_Chain] = []
        self.chain: _Chain | None = None
        self.layout: tuple[bool, bool] | None = None
        self.layouts: set[tuple[bool, bool]] = set()
        self.exact: bool | None = None
        self.units = False
        self.numeric: bool | None = None
        self.notes: list[str] = []

    def feed(self, lines: list[str]) -> None:
        for number, line in enumerate(lines, 1):
            if (self.layout is not None and self.chain is not None and line[:1] != "#"
                    and not line.startswith("Chain ")):
                match = _S[_ROW_SHAPES[self.layout]].regex.fullmatch(line)
                if match is not None:
                    self.row(number, match)
                    continue
            self.other(number, line)

    def row(self, number: int, match: re.Match[str]) -> None:
        chain = self.chain
        assert chain is not None and self.layout is not None
        verbose, numbered = self.layout
        destination = match.group("destination")
        rest = match.group("rest")
        pad = max(19 - len(destination.lstrip("!")), 0) + 1
        # re-spaced text (columns gone) or the field padding iptables printed
        rest = rest.lstrip() if rest[:pad].strip() else rest[pad:]
        goto = rest.startswith("[goto]")
        if goto:
            rest = rest[7:] if rest.startswith("[goto] ") else rest[6:]
        if rest[:1] == " ":
            rest = rest[1:]
        packets = bytes_ = None
        if verbose:
            packets, bytes_ = match.group("packets", "bytes")
            if max(count_value(packets), count_value(bytes_)) > U64:
                self.c.error(number, match.start("packets") + 1, "counter larger than 64 bits",
                             match.string)
                return
            if not self.units and (packets[-1] in _UNITS or bytes_[-1] in _UNITS):
                self.units = True
        source = match.group("source")
        if self.numeric is None:
            self.numeric = _numeric(match, verbose)
        chain.rows.append((
            chain.name, match.group("number") if numbered else None, packets, bytes_,
            match.group("target"), match.group("protocol"),
            match.group("protocol_negated") == "!", match.group("opt"),
            match.group("in") if verbose else None, match.group("out") if verbose else None,
            source, destination, goto, rest,
        ))
        chain.lines.append(number)

    def other(self, number: int, raw: str) -> None:
        line = raw.rstrip()
        if not line:
            return
        if line.startswith("Chain "):
            match = _S["chain"].match(line)
            if match is not None:
                self.chain = _Chain(match, number)
                if _too_large(match):  # the chain and its rows stay; its counters cannot
                    self.c.error(number, match.start("packets") + 1,
                                 "counter larger than 64 bits", line)
                    self.chain.packets = self.chain.bytes = None
                self.chains.append(self.chain)
                self.layout = None
                return
        header = _S["header"].match(line)
        if header is not None:
            self.header(number, line, header)
            return
        if line.startswith("# Warning:"):
            self.note(number, line[2:])
            return
        if _STDERR.match(line):
            self.c.warning(number, "skipped iptables message", line)
            return
        if self.chain is None:
            self.c.reject(number, line, _S["chain"] if line.startswith("Chain") else None)
            return
        if self.layout is None:
            # rows without a header (cut out of a longer listing): take the layout they fit
            for layout, key in _ROW_SHAPES.items():
                match = _S[key].regex.fullmatch(raw)
                if match is not None:
                    self.layout = layout
                    self.c.warning(number, f"rows of chain {self.chain.name!r} without a "
                                   "column header: read as " + _S[key].name, line)
                    self.row(number, match)
                    return
        shape = _S[_ROW_SHAPES[self.layout]] if self.layout is not None else _S["header"]
        self.c.reject(number, line, shape)

    def header(self, number: int, line: str, match: re.Match[str]) -> None:
        numbered = match.group("numbered") is not None
        verbose = match.group("counted") is not None
        self.layout = (verbose, numbered)
        self.layouts.add(self.layout)
        if verbose:
            end = line.index("pkts") + 4 - (line.index("num") + 5 if numbered else 0)
            exact = end >= 8
            if self.exact is None:
                self.exact = exact
        if self.chain is None:
            self.c.warning(number, "column header before any 'Chain' line", line)

    def note(self, number: int, text: str) -> None:
        self.notes.append(text)
        self.c.info(number, f"iptables said: {text}", text)


_NUMERIC_WORDS = frozenset({"*", "!*", "0.0.0.0/0", "!0.0.0.0/0", "::/0", "!::/0"})
_NAME_WORDS = frozenset({"any", "!any", "anywhere", "!anywhere"})


def _numeric(match: re.Match[str], verbose: bool) -> bool | None:
    """Whether a row shows ``-n`` output (``*``, ``0.0.0.0/0``) or names (``any``,
    ``anywhere``); None when it cannot tell."""
    words = match.group("source", "destination")
    if verbose:
        words += match.group("in", "out")
    for word in words:
        if word in _NUMERIC_WORDS:
            return True
        if word in _NAME_WORDS:
            return False
    return None


def _too_large(match: re.Match[str]) -> bool:
    packets, bytes_ = match.group("packets", "bytes")
    return packets is not None and max(count_value(packets), count_value(bytes_)) > U64


def _table_of(chains: list[_Chain]) -> str | None:
    builtin = {chain.name for chain in chains if chain.policy is not None}
    if not builtin:
        return None
    fits = [name for name, names in BUILTIN_CHAINS.items() if builtin <= set(names)]
    if len(fits) == 1:
        return fits[0]
    exact = [name for name in fits if builtin == set(BUILTIN_CHAINS[name])]
    if exact == ["filter", "security"]:
        return "filter"  # the default table; security is rarely listed
    return exact[0] if len(exact) == 1 else None


def parse_iptables(text: str, *, strict: bool = False, source: str | None = None,
                   table: str | None = None, family: int | str | None = None,
                   command: str | None = None, **_hints: Any) -> IptablesOutput:
    """Parse an ``iptables -L`` listing.

    ``table`` is the ``-t`` table (the text does not show it); without it the table is
    guessed from the built-in chains listed.  ``family`` (4 / 6) or ``command``
    (``ip6tables``) say which program printed it; without them IPv6 addresses tell.
    """
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    parser = _Parser(collector)
    if "# Warning: " in text:
        for number, note in splice_notes(lines):
            if not lines[number - 1].startswith("# Warning:"):
                parser.note(number, note)
    parser.feed(lines)
    collector.check_final_line(text, lines)
    chains = parser.chains
    if table is None:
        table = _table_of(chains)
        if table is None and chains:
            collector.info(1, "the listing does not say which table it shows (no -t on the "
                           "command line, and its built-in chains fit several)", "")
    if (command is not None and command.startswith("ip6")) or family in (6, "6", "inet6"):
        program = "ip6tables"
    elif command is not None or family is not None:
        program = "iptables"
    else:
        program = "ip6tables" if _has_ipv6(chains) else "iptables"
    verbose = any(layout[0] for layout in parser.layouts) if parser.layouts else True
    form = IptablesForm(
        command=program, table=table, verbose=verbose,
        numeric=parser.numeric if parser.numeric is not None else True,
        exact=bool(parser.exact) and not parser.units,
        line_numbers=any(layout[1] for layout in parser.layouts),
        notes=tuple(parser.notes),
    )
    return IptablesOutput(
        chains=tuple(chain.build() for chain in chains), form=form,
        diagnostics=collector.result(), source=source,
        record_lines=tuple(line for chain in chains for line in chain.lines),
    )


def _has_ipv6(chains: list[_Chain]) -> bool:
    for chain in chains:
        for row in chain.rows[:1]:
            return ":" in row[10] or ":" in row[11]
    return False


_TABLE_OPTION = re.compile(r"^(?:-t|--table)(?:=?(\S+))?$")


def command_hints(args: Sequence[str], family: int = 4) -> dict[str, Any] | None:
    """Parser hints from the arguments after ``iptables``: the ``-t`` table (``filter``
    when none is given) and the family; None when the command is not a listing (``-L`` /
    ``--list``)."""
    hints: dict[str, Any] = {"table": "filter", "family": family}
    listing = False
    words = list(args)
    for index, word in enumerate(words):
        if word in ("-L", "--list") or (word[:1] == "-" and word[1:2] != "-" and "L" in word):
            listing = True
        match = _TABLE_OPTION.match(word)
        if match is not None:
            name = match.group(1) or (words[index + 1] if index + 1 < len(words) else None)
            if name:
                hints["table"] = name
    return hints if listing else None


def command_hints6(args: Sequence[str]) -> dict[str, Any] | None:
    """:func:`command_hints` for ``ip6tables``."""
    return command_hints(args, family=6)


def sniff(lines: Sequence[str]) -> tuple[str, int] | None:
    """Content sniffer: ``Chain NAME (policy ...)`` and the column header."""
    for line in lines[:10]:
        if line.startswith("Chain ") and _S["chain"].match(line.rstrip()):
            return "iptables", 95
        if _S["header"].match(line.rstrip()):
            return "iptables", 80
    return None
