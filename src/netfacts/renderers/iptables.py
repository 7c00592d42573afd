"""Render chains back to ``iptables -L`` text, in the column layout of iptables 1.8.9
(``print_header``, ``print_rule_details``, ``print_ifaces``, ``print_ipv4_addresses``)."""

from __future__ import annotations

import ipaddress

from netfacts.models.firewall import (
    PROTOCOL_NAMES,
    IptablesForm,
    IptablesOutput,
    IptablesRule,
    ListedChain,
    ListedRule,
    RuleMatch,
    SavedTable,
)
from netfacts.models.values import IPNetwork

__all__ = ["count_text", "listing_of", "render_iptables", "render_row"]


def count_text(number: int) -> str:
    """A counter as iptables prints it without ``-x`` (``xtables_print_num``)."""
    if number <= 99999:
        return str(number)
    for unit in "KMG":
        number = (number + 500) // 1000
        if number <= 9999:
            return f"{number}{unit}"
    return f"{(number + 500) // 1000}T"


def _address(value: IPNetwork | str) -> str:
    if isinstance(value, str):
        return value
    if value.prefixlen == value.max_prefixlen:
        return str(value.network_address)
    return f"{value.network_address}/{value.prefixlen}"


def _interface(name: str | None, negated: bool, numeric: bool) -> str:
    return ("!" if negated else "") + (name if name is not None else "*" if numeric else "any")


def render_row(rule: ListedRule, form: IptablesForm) -> str:
    """One row of a listing in ``form``'s columns."""
    parts = []
    if form.line_numbers:
        parts.append(f"{rule.number if rule.number is not None else 0:<4} ")
    if form.verbose:
        for value in (rule.packets or 0, rule.bytes or 0):
            parts.append(f"{value:>8} " if form.exact else f"{count_text(value):>5} ")
    parts.append(f"{rule.target or '':<9} ")
    parts.append(("!" if rule.protocol_negated else " ") + f"{rule.protocol:<4} ")
    parts.append(rule.opt + " ")
    if form.verbose:
        parts.append(
            f" {_interface(rule.in_interface, rule.in_negated, form.numeric):<6} "
            f"{_interface(rule.out_interface, rule.out_negated, form.numeric):<6} ")
    parts.append(("!" if rule.source_negated else " ") + f"{_address(rule.source):<19} ")
    parts.append(("!" if rule.destination_negated else " ")
                 + f"{_address(rule.destination):<19} ")
    if rule.goto:
        parts.append("[goto] ")
    if rule.options:
        parts.append(" " + rule.options)
    return "".join(parts)


def _header(form: IptablesForm) -> str:
    text = "num  " if form.line_numbers else ""
    if form.verbose:
        text += "    pkts      bytes " if form.exact else " pkts bytes "
    text += "target     prot opt"
    if form.verbose:
        text += " in     out    "
    return text + " source               destination         "


def _chain_line(chain: ListedChain, form: IptablesForm) -> str:
    if chain.policy is None:
        return f"Chain {chain.name} ({chain.references or 0} references)"
    if not form.verbose:
        return f"Chain {chain.name} (policy {chain.policy})"
    packets, bytes_ = chain.packets or 0, chain.bytes or 0
    if not form.exact:
        return (f"Chain {chain.name} (policy {chain.policy} {count_text(packets)} packets, "
                f"{count_text(bytes_)} bytes)")
    return f"Chain {chain.name} (policy {chain.policy} {packets} packets, {bytes_} bytes)"


def render_iptables(output: IptablesOutput) -> str:
    """The text ``iptables -L`` prints for ``output`` in its form."""
    form = output.form
    blocks = []
    header = _header(form)
    for chain in output.chains:
        lines = [_chain_line(chain, form), header]
        lines.extend(render_row(rule, form) for rule in chain.rules)
        blocks.append("".join(line + "\n" for line in lines))
    notes = "".join(f"# {note}\n" for note in form.notes)
    return notes + "\n".join(blocks)


# ---------------------------------------------------------------- from iptables-save

def _match_text(match: RuleMatch) -> str:
    """What ``iptables -nvL`` prints for one match (the modules kube-proxy and common
    firewalls use); ``ValueError`` for others."""
    module = match.module
    options = {option.name: option for option in match.options}
    if module == "comment":
        return "".join(f" /* {option.value or ''} */" for option in match.options)
    if module in ("tcp", "udp", "sctp"):
        text = f" {module}"
        for name, short in (("sport", "spt"), ("dport", "dpt")):
            option = options.get(name)
            if option is not None and option.value is not None:
                plural = "s" if ":" in option.value else ""
                text += f" {short}{plural}:{'!' if option.negated else ''}{option.value}"
        if set(options) - {"sport", "dport"}:
            raise ValueError(f"no listing text for {module} options {sorted(options)}")
        return text
    if module == "statistic" and set(options) <= {"mode", "probability"}:
        probability = float(options["probability"].value or 0)
        return f" statistic mode random probability {probability:.11f}"
    if module == "recent":
        mode = "SET" if "set" in options else "CHECK" if "rcheck" in options else None
        if mode is None:
            raise ValueError("no listing text for this recent match")
        text = f" recent: {mode}"
        if "seconds" in options:
            text += f" seconds: {options['seconds'].value}"
        if "reap" in options:
            text += " reap"
        named = options.get("name")
        text += f" name: {named.value if named else 'DEFAULT'} side: "
        text += "dest" if "rdest" in options else "source"
        mask = options.get("mask")
        return text + (f" mask: {mask.value}" if mask else "")
    if module == "addrtype":
        text = " ADDRTYPE match"
        for name in ("src-type", "dst-type"):
            option = options.get(name)
            if option is not None:
                text += f" {name} {'!' if option.negated else ''}{option.value}"
        return text
    if module == "mark":
        option = options["mark"]
        return f" mark match {'! ' if option.negated else ''}{option.value}"
    if module in ("conntrack", "state"):
        option = options.get("ctstate") or options.get("state")
        if option is None or len(options) != 1:
            raise ValueError(f"no listing text for {module} options {sorted(options)}")
        word = "ctstate" if module == "conntrack" else "state"
        return f" {'! ' if option.negated else ''}{word} {option.value}"
    raise ValueError(f"no listing text for the {module} match")


def _target_text(rule: IptablesRule) -> str:
    options = {option.name: option for option in rule.target_options}
    target = rule.target
    if target == "DNAT":
        return f" to:{options['to-destination'].value}"
    if target == "MARK":
        value, _, mask = (options["set-xmark"].value or "").partition("/")
        if mask == value:
            return f" MARK or {value}"
        if mask in ("0x0", "0"):
            return f" MARK xor {value}"
        if mask == "0xffffffff":
            return f" MARK set {value}"
        return f" MARK xset {value}/{mask}"
    if target == "MASQUERADE":
        return " random-fully" if "random-fully" in options else ""
    if target == "REJECT":
        reject = options.get("reject-with")
        return f" reject-with {reject.value}" if reject else ""
    if options:
        raise ValueError(f"no listing text for the {target} target's options")
    return ""


def listing_of(table: SavedTable, *, family: int = 4) -> IptablesOutput:
    """The ``iptables -nvL`` listing of one ``iptables-save`` table (1.8.9 spelling).

    Covers the modules and targets kube-proxy and simple firewalls use (comment, tcp, udp,
    sctp, statistic, recent, addrtype, mark, conntrack, state; DNAT, MARK, MASQUERADE,
    REJECT, jumps); raises ``ValueError`` for others.  Counters are the dump's (zero
    without ``-c``).
    """
    references: dict[str, int] = {}
    for rule in table.rules:
        if rule.target is not None:
            references[rule.target] = references.get(rule.target, 0) + 1
    anywhere: IPNetwork = ipaddress.ip_network("0.0.0.0/0" if family == 4 else "::/0")
    chains = []
    for chain in table.chains:
        rows = []
        for rule in table.rules_in(chain.name):
            protocol = rule.protocol or "all"
            number = _PROTOCOL_NUMBERS.get(protocol, protocol)
            options = "".join(_match_text(match) for match in rule.matches) + _target_text(rule)
            rows.append(ListedRule(
                chain=chain.name, packets=rule.packets or 0, bytes=rule.bytes or 0,
                target=rule.target, protocol=number, protocol_negated=rule.protocol_negated,
                opt="--" if rule.fragment is None else ("-f" if rule.fragment else "!f"),
                in_interface=rule.in_interface, in_negated=rule.in_negated,
                out_interface=rule.out_interface, out_negated=rule.out_negated,
                source=rule.source if rule.source is not None else anywhere,
                source_negated=rule.source_negated,
                destination=rule.destination if rule.destination is not None else anywhere,
                destination_negated=rule.destination_negated, goto=rule.goto,
                options=options[1:] if options.startswith(" ") else options))
        chains.append(ListedChain(
            name=chain.name, policy=chain.policy,
            packets=chain.packets if chain.policy is not None else None,
            bytes=chain.bytes if chain.policy is not None else None,
            references=None if chain.policy is not None else references.get(chain.name, 0),
            rules=tuple(rows)))
    form = IptablesForm(command="iptables" if family == 4 else "ip6tables", table=table.name)
    return IptablesOutput(chains=tuple(chains), form=form)


_PROTOCOL_NUMBERS = {name: number for number, name in PROTOCOL_NAMES.items()}
