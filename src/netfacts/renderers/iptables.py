"""Render chains back to ``iptables -L`` text, in the column layout of iptables 1.8.9
(``print_header``, ``print_rule_details``, ``print_ifaces``, ``print_ipv4_addresses``)."""

from __future__ import annotations

from netfacts.models.firewall import IptablesForm, IptablesOutput, ListedChain, ListedRule
from netfacts.models.values import IPNetwork

__all__ = ["count_text", "render_iptables", "render_row"]


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
