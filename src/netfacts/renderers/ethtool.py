"""Render an :class:`~netfacts.models.ethtool.EthtoolOutput` back to ethtool's text.

The layout is ethtool 6.1's (netlink): TAB-indented settings, link-mode lists wrapped one
mode per line except a ``…/Full`` right after its own ``…/Half``, the message level
indented by 8 spaces with its flag names on a line of its own, ``-g``/``-l`` labels
followed by ethtool's own tab runs.  Error messages come last.
"""

from __future__ import annotations

import itertools

from netfacts.models.ethtool import EthtoolChannels, EthtoolOutput, EthtoolRings, link_modes

__all__ = ["render_ethtool"]

_LIST_PREFIX = {
    "Supported link modes": "Supported link modes:   ",
    "Advertised link modes": "Advertised link modes:  ",
    "Link partner advertised link modes": "Link partner advertised link modes:  ",
}
_TABS = {"RX": "\t\t", "TX": "\t\t", "RX Buf Len": "\t\t", "CQE Size": "\t\t",
         "Other": "\t\t"}
_BANNERS = {"settings": "Settings for", "features": "Features for",
            "rings": "Ring parameters for", "channels": "Channel parameters for"}


def _wrapped(prefix: str, value: str) -> str:
    modes = link_modes(value)
    if not modes:
        return f"\t{prefix}{value}\n"
    parts = [f"\t{prefix}{modes[0]}"]
    for previous, mode in itertools.pairwise(modes):
        if previous.endswith("/Half") and mode == previous[:-5] + "/Full":
            parts.append(f" {mode}")
        else:
            parts.append(f"\n\t{' ' * len(prefix)}{mode}")
    return "".join(parts) + "\n"


def _params(params: EthtoolRings | EthtoolChannels) -> list[str]:
    lines: list[str] = []
    heading = {"max": "Pre-set maximums:\n", "current": "Current hardware settings:\n"}
    section: str | None = None
    for where, label, value in params.params:
        if where != section:
            section = where
            if where in heading:
                lines.append(heading[where])
        lines.append(f"{label}:{_TABS.get(label, chr(9))}{value}\n")
    return lines


def render_ethtool(output: EthtoolOutput) -> str:
    """The text of ``output`` in ethtool 6.1's layout."""
    lines: list[str] = []
    banner = _BANNERS.get(output.mode)
    if banner is not None and output.supported:
        lines.append(f"{banner} {output.ifname or ''}:\n")
    if output.settings is not None:
        for label, value in output.settings.fields:
            if label in _LIST_PREFIX:
                lines.append(_wrapped(_LIST_PREFIX[label], value))
            elif label == "Current message level":
                flags = "".join(f" {flag}" for flag in output.settings.message_flags)
                lines.append(f"        {label}: {value}\n{' ' * 30}{flags}\n")
            else:
                lines.append(f"\t{label}: {value}\n")
    elif output.driver is not None:
        lines.extend(f"{key}: {value}\n" for key, value in output.driver.fields)
    elif output.statistics is not None:
        lines.append("NIC statistics:\n")
        lines.extend(f"     {name}: {value}\n" for name, value in output.statistics.counters)
    elif output.features is not None:
        for feature in output.features:
            suffix = ""
            if feature.fixed:
                suffix = " [fixed]"
            elif feature.fixed is not None and feature.requested is not None \
                    and feature.requested != feature.active:
                suffix = f" [requested {'on' if feature.requested else 'off'}]"
            indent = "\t" if feature.parent is not None else ""
            lines.append(f"{indent}{feature.name}: {'on' if feature.active else 'off'}"
                         f"{suffix}\n")
    elif output.rings is not None:
        lines.extend(_params(output.rings))
    elif output.channels is not None:
        lines.extend(_params(output.channels))
    lines.extend(f"{message}\n" for message in output.messages)
    return "".join(lines)
