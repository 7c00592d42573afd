"""Parse ``iptables-save`` / ``ip6tables-save`` text into tables, chains and rules.

Grammar: :mod:`netfacts.grammar.iptables_save`.  Every rule line is validated by the
grammar's compiled regex and kept as a row ``(chain, arguments, packets, bytes)``; the
:class:`~netfacts.models.firewall.IptablesRule` objects are built from the rows the first
time a table's rules are used (:func:`rule_from_row`), which cannot fail for a row the
grammar accepted.

    >>> from netfacts.parsers.iptables_save import parse_iptables_save
    >>> out = parse_iptables_save('''*nat
    ... :KUBE-SERVICES - [0:0]
    ... -A KUBE-SERVICES -d 10.96.0.1/32 -p tcp -m comment --comment "default/kubernetes:\\
    ... https cluster IP" -m tcp --dport 443 -j KUBE-SVC-NPX46M4PTMTKRN6Y
    ... COMMIT
    ... ''')
    >>> rule = out.table("nat").rules[0]
    >>> str(rule.destination), rule.protocol, rule.comment, rule.dport
    ('10.96.0.1/32', 'tcp', 'default/kubernetes:https cluster IP', '443')
    >>> rule.target
    'KUBE-SVC-NPX46M4PTMTKRN6Y'
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

from netfacts._text import split_lines
from netfacts.grammar import iptables_save as g
from netfacts.models.firewall import (
    IptablesRule,
    IptablesSaveForm,
    IptablesSaveOutput,
    LazyTuple,
    RuleMatch,
    RuleOption,
    SavedChain,
    SavedTable,
)
from netfacts.models.values import IPNetwork, ip_network
from netfacts.parsers._driver import Collector

__all__ = ["U64", "parse_iptables_save", "rule_from_row", "sniff", "splice_notes", "tokens",
           "unquote"]

_S = g.SHAPES
_RULE = _S["rule"].regex
_CHAIN = _S["chain"].regex
_TOKEN = re.compile(g.TOKEN)
_BARE_VALUE = re.compile(g.BARE)
_ESCAPE = re.compile(r"\\(.)")
_SWITCHES = frozenset(g.SWITCHES)
_TEXT_OPTIONS = frozenset("--" + name for name in g.TEXT_OPTIONS)
_TOOL_MESSAGE = re.compile(
    r"^(?:ip6?tables|xtables|iptables-legacy|ip6tables-legacy)[\w-]*(?: v[\w.]+)?"
    r"(?: \([\w_]+\))?: |^Another app is currently holding the xtables lock|^Fatal: ")
_SIX = re.compile(r"(?m)^(?:\[\d+:\d+\] )?-A \S+ (?:! )?-[sd] [0-9a-fA-F]*:")


U64 = 2**64 - 1
"""The largest counter iptables keeps."""
_STDERR_NOTE = re.compile(r"# Warning: \S+ tables present, use \S+ to see them")


def splice_notes(lines: list[str]) -> list[tuple[int, str]]:
    """Take iptables-nft's ``# Warning: ...`` note out of the middle of a line.

    sos (and ``2>&1``) merge stderr into the file while stdout is written in blocks, so
    the note can land inside a line, whose rest then follows on the next line.  The two
    halves are joined again in ``lines`` (the second becomes empty, keeping line numbers);
    returns ``(line number, note)`` for every note found, at a line start or inside one.
    """
    found: list[tuple[int, str]] = []
    for index, line in enumerate(lines):
        position = line.find("# Warning: ")
        if position == -1:
            continue
        match = _STDERR_NOTE.match(line, position)
        if match is None:
            continue
        found.append((index + 1, match.group(0)[2:]))
        if position == 0 and not line[match.end():].strip():
            continue  # a line of its own: read as a comment
        rest = line[match.end():]
        if not rest and index + 1 < len(lines):
            rest = lines[index + 1]
            lines[index + 1] = ""
        lines[index] = line[:position] + rest
    return found


def unquote(token: str) -> tuple[str, bool]:
    """A token's value and whether it was quoted (``"a \\"b\\""`` → ``a "b"``)."""
    if token[:1] == '"':
        inner = token[1:-1]
        return (_ESCAPE.sub(r"\1", inner) if "\\" in inner else inner), True
    return token, False


_QUOTED = re.compile(r'"(?:[^"\\]|\\.)*"')


def tokens(arguments: str) -> list[str]:
    """The tokens of a rule's arguments as the grammar delimits them (quotes kept).

    Only for arguments the grammar accepted: there, a quoted value is a token of its own
    and everything outside quotes splits at blanks, so the common cases (no quotes, or one
    quoted comment) are split with ``str.split`` around the quoted value.
    """
    first = arguments.find('"')
    if first == -1:
        return arguments.split()
    quoted = _QUOTED.match(arguments, first)
    if quoted is not None and arguments.find('"', quoted.end()) == -1:
        end = quoted.end()
        words = arguments[:first].split()
        words.append(arguments[first:end])
        words.extend(arguments[end:].split())
        return words
    return _TOKEN.findall(arguments)


def _is_value(token: str) -> bool:
    return token[:1] == '"' or _BARE_VALUE.fullmatch(token) is not None


def _address(text: str) -> IPNetwork | str:
    try:
        return ip_network(text)
    except ValueError:
        return text


def rule_from_row(row: tuple[Any, ...]) -> IptablesRule:
    """The :class:`IptablesRule` of a validated row ``(chain, arguments, packets, bytes)``."""
    chain, arguments, packets, bytes_ = row
    fields: dict[str, Any] = {}
    matches: list[tuple[str, list[RuleOption], bool]] = []
    current: list[RuleOption] | None = None
    target_options: list[RuleOption] = []
    words = tokens(arguments)
    count = len(words)
    index = 0
    negate = False
    while index < count:
        word = words[index]
        index += 1
        if word == "!":
            negate = True
            continue
        if len(word) == 2 and word[0] == "-" and word[1] in _SWITCHES:
            letter = word[1]
            if letter == "f":
                fields["fragment"] = not negate
            elif letter == "c":
                packets, bytes_ = int(words[index]), int(words[index + 1])
                index += 2
            else:
                value, _ = unquote(words[index])
                index += 1
                if letter == "m":
                    current = []
                    matches.append((value, current, False))
                elif letter in "jg":
                    fields["target"] = value
                    fields["goto"] = letter == "g"
                    current = target_options
                else:
                    name = _GENERIC[letter]
                    if letter in "sd":
                        fields[name] = _address(value)
                    else:
                        fields[name] = value
                    if negate:
                        fields[_NEGATED[letter]] = True
            negate = False
            continue
        # an option: "--name" and its values
        values: list[str] = []
        quoted = False
        option_negated = negate
        negate = False
        text = word in _TEXT_OPTIONS and index < count
        if text:
            value, quoted = unquote(words[index])
            values.append(value)
            index += 1
        while index < count and not text:
            following = words[index]
            if following == "!" and index + 1 < count and _is_value(words[index + 1]):
                option_negated = True  # the old "--dport ! 80" spelling
                index += 1
                continue
            if not _is_value(following):
                break
            value, was_quoted = unquote(following)
            values.append(value)
            quoted = quoted or was_quoted
            index += 1
        if current is None:
            current = []
            matches.append((str(fields.get("protocol", "")), current, True))
        current.append(RuleOption(name=word[2:], values=tuple(values), negated=option_negated,
                                  quoted=quoted))
    return IptablesRule(
        chain=chain,
        matches=tuple(RuleMatch(module=module, options=tuple(options), implicit=implicit)
                      for module, options, implicit in matches),
        target_options=tuple(target_options),
        packets=packets,
        bytes=bytes_,
        **fields,
    )


_GENERIC = {"s": "source", "d": "destination", "i": "in_interface", "o": "out_interface",
            "p": "protocol"}
_NEGATED = {"s": "source_negated", "d": "destination_negated", "i": "in_negated",
            "o": "out_negated", "p": "protocol_negated"}


class _Table:
    __slots__ = ("chains", "committed", "completed", "generated", "lines", "name", "names",
                 "rows")

    def __init__(self, name: str, generated: str | None) -> None:
        self.name = name
        self.generated = generated
        self.completed: str | None = None
        self.chains: list[SavedChain] = []
        self.names: set[str] = set()
        self.rows: list[tuple[Any, ...]] = []
        self.lines: list[int] = []
        self.committed = False

    def build(self, family: int) -> SavedTable:
        return SavedTable(
            name=self.name, family=family, chains=tuple(self.chains),
            rules=LazyTuple[IptablesRule](rows=self.rows, build=rule_from_row),
            rule_lines=tuple(self.lines), generated=self.generated, completed=self.completed,
            committed=self.committed,
        )


class _Parser:
    def __init__(self, collector: Collector) -> None:
        self.c = collector
        self.tables: list[_Table] = []
        self.table: _Table | None = None
        self.generated: str | None = None
        self.header: re.Match[str] | None = None
        self.notes: list[str] = []
        self.counters = False
        self.warned_chains: set[str] = set()

    def feed(self, lines: list[str]) -> None:
        rule_match = _RULE.fullmatch
        for number, line in enumerate(lines, 1):
            first = line[:1]
            if first in "-[" and first:
                match = rule_match(line)
                if match is not None:
                    self.rule(number, line, match)
                    continue
                self.other(number, line)
            elif first == ":":
                self.chain(number, line)
            else:
                self.other(number, line)

    def rule(self, number: int, line: str, match: re.Match[str]) -> None:
        table = self.table
        if table is None:
            self.c.error(number, 1, "rule outside a table (no '*table' line before it)",
                         line)
            return
        chain, body, packets = match.group("chain", "body", "packets")
        if packets is not None:
            counts = int(packets), int(match.group("bytes"))
            if max(counts) > U64:
                self.c.error(number, 1, "counter larger than 64 bits", line)
                return
            self.counters = True
            row: tuple[Any, ...] = (chain, body, *counts)
        else:
            row = (chain, body, None, None)
        table.rows.append(row)
        table.lines.append(number)
        if chain not in table.names and chain not in self.warned_chains:
            self.warned_chains.add(chain)
            self.c.warning(number, f"rule for chain {chain!r}, which the table does not "
                           "declare (':CHAIN' line missing: a damaged or edited dump?)",
                           line, column=match.start("chain") + 1)

    def chain(self, number: int, line: str) -> None:
        match = _CHAIN.fullmatch(line)
        if match is None:
            self.c.reject(number, line, _S["chain"])
            return
        table = self.table
        if table is None:
            self.c.error(number, 1, "chain outside a table (no '*table' line before it)", line)
            return
        name, policy, packets, bytes_ = match.group("chain", "policy", "packets", "bytes")
        if packets is not None and max(int(packets), int(bytes_)) > U64:
            self.c.error(number, match.start("packets") + 1, "counter larger than 64 bits", line)
            return
        if name in table.names:
            self.c.warning(number, f"chain {name!r} declared twice in table {table.name!r}",
                           line)
            return
        table.names.add(name)
        table.chains.append(SavedChain(
            name=name, policy=None if policy == "-" else policy,
            packets=int(packets) if packets is not None else 0,
            bytes=int(bytes_) if bytes_ is not None else 0, line=number))

    def other(self, number: int, raw: str) -> None:
        line = raw.rstrip()
        if not line:
            return
        first = line[0]
        if first == "*":
            match = _S["table"].match(line)
            if match is not None:
                self.start(number, line, match.group("table"))
                return
        elif first == "C" and _S["commit"].match(line):
            self.commit(number, line)
            return
        elif first == "#":
            self.comment(number, line)
            return
        if _TOOL_MESSAGE.match(line):
            self.c.warning(number, "skipped iptables message", line)
            return
        shape = _S["rule"] if first in "-[" else _S["chain"] if first == ":" else None
        if shape is None and first == "*":
            shape = _S["table"]
        self.c.reject(number, line, shape)

    def start(self, number: int, line: str, name: str) -> None:
        if self.table is not None:
            self.c.warning(number, f"table {self.table.name!r} has no COMMIT before the next "
                           "table: its end may be missing", line)
            self.tables.append(self.table)
        self.table = _Table(name, self.generated)
        self.generated = None

    def commit(self, number: int, line: str) -> None:
        if self.table is None:
            self.c.warning(number, "COMMIT outside a table", line)
            return
        self.table.committed = True
        self.tables.append(self.table)
        self.table = None

    def comment(self, number: int, line: str) -> None:
        match = _S["generated"].match(line)
        if match is not None:
            if self.header is None:
                self.header = match
            self.generated = line[1:].strip()
            return
        if _S["completed"].match(line):
            if self.tables and self.tables[-1].completed is None and self.table is None:
                self.tables[-1].completed = line[1:].strip()
            return
        text = line[1:].strip()
        if text.startswith("Warning:") and not _STDERR_NOTE.fullmatch(line):
            self.note(number, text)

    def note(self, number: int, text: str) -> None:
        self.notes.append(text)
        self.c.info(number, f"iptables said: {text}", text)

    def finish(self, number: int) -> None:
        if self.table is not None:
            self.c.warning(number, f"the text ends inside table {self.table.name!r} (no "
                           "COMMIT): the capture may be cut off", "")
            self.tables.append(self.table)
            self.table = None


def parse_iptables_save(text: str, *, strict: bool = False, source: str | None = None,
                        family: int | str | None = None, command: str | None = None,
                        **_hints: Any) -> IptablesSaveOutput:
    """Parse ``iptables-save`` / ``ip6tables-save`` output (with or without ``-c``).

    ``family`` (4 / 6, or ``"inet6"``) or ``command`` (``ip6tables-save``) say which
    program printed it when the ``# Generated by`` comment is missing.
    """
    collector = Collector(source=source, strict=strict)
    lines = split_lines(text)
    parser = _Parser(collector)
    if "# Warning: " in text:
        for number, note in splice_notes(lines):
            parser.note(number, note)
    parser.feed(lines)
    parser.finish(len(lines))
    collector.check_final_line(text, lines)
    header = parser.header
    version = backend = None
    if header is not None:
        tool, version, backend = header.group("tool", "version", "backend")
        program = "ip6tables-save" if tool.startswith("ip6") else "iptables-save"
        backend = backend or "legacy"
    elif (command is not None and command.startswith("ip6")) or family in (6, "6", "inet6"):
        program = "ip6tables-save"
    elif command is not None or family is not None:
        program = "iptables-save"
    else:
        program = "ip6tables-save" if _SIX.search(text) else "iptables-save"
    family_number = 6 if program.startswith("ip6") else 4
    tables = tuple(table.build(family_number) for table in parser.tables)
    record_lines = tuple(line for table in parser.tables for line in table.lines)
    return IptablesSaveOutput(
        tables=tables,
        form=IptablesSaveForm(command=program, version=version, backend=backend,
                              counters=parser.counters, notes=tuple(parser.notes)),
        diagnostics=collector.result(), source=source, record_lines=record_lines,
    )


_RULE_START = re.compile(r"^(?:\[\d+:\d+\] )?-A \S+(?: |$)")


def sniff(lines: Sequence[str]) -> tuple[str, int] | None:
    """Content sniffer: ``*table`` / ``:CHAIN POLICY [p:b]`` / ``-A CHAIN`` lines."""
    score = 0
    kind = "iptables-save"
    for line in lines[:40]:
        if line.startswith("# Generated by ip6tables-save"):
            kind = "ip6tables-save"
            score = max(score, 95)
        elif line.startswith("# Generated by") and "-save" in line:
            score = max(score, 95)
        elif line[:1] == "*" and _S["table"].match(line.rstrip()):
            score = max(score, 60)
        elif (line[:1] == ":" and _CHAIN.fullmatch(line.rstrip())) or _RULE_START.match(line):
            score = max(score, 80)
    return (kind, score) if score else None
