"""Where each piece of network state lives in a sosreport (sos 3.x and 4.x) and in folders.

Pure data: a logical name → the candidate paths, best first, relative to the
report's root.  A candidate is used when present; later candidates are
fallbacks for older sos versions or for reports where a command was skipped.
See ``docs/sources.md`` for the version notes behind each entry.
"""

from __future__ import annotations

import re

__all__ = ["CANDIDATES", "KIND_OF", "NAMESPACE_FILE", "is_wanted", "may_hold_wanted"]

_NET = "sos_commands/networking/"

CANDIDATES: dict[str, tuple[str, ...]] = {
    "hostname": (
        "sos_commands/host/hostname",
        "sos_commands/general/hostname",  # sos <= 3.5
        "hostname",  # root symlink
        "etc/hostname",
        "proc/sys/kernel/hostname",
    ),
    "ip_addr": (_NET + "ip_-d_address", _NET + "ip_address", _NET + "ip_addr",
                _NET + "ip_-o_addr", "ip_addr"),
    "ip_link": (_NET + "ip_-s_-d_link", _NET + "ip_-s_link", _NET + "ip_link"),
    "ip_route": (_NET + "ip_route_show_table_all", "ip_route"),
    "ip_route6": (_NET + "ip_-6_route_show_table_all",),
    "ip_rule4": (_NET + "ip_-4_rule_list", _NET + "ip_-4_rule"),
    "ip_rule6": (_NET + "ip_-6_rule_list", _NET + "ip_-6_rule"),
    "ip_neigh": (_NET + "ip_-s_-s_neigh_show", _NET + "ip_neigh_show"),
    "ip_neigh_noarp": (_NET + "ip_neigh_show_nud_noarp",),
    "proc_net_arp": ("proc/net/arp",),
    "netstat": (
        _NET + "netstat_-W_-neopa",
        _NET + "netstat_-T_-neopa",  # net-tools < 2 (RHEL 6)
        _NET + "netstat_-neopa",  # sos <= 3.2
        "netstat",  # root symlink
    ),
    "ss": (_NET + "ss_-peaonmi",),
    "sysctl": ("sos_commands/kernel/sysctl_-a",),
    "ip_forward": ("proc/sys/net/ipv4/ip_forward",),
    "ps": ("sos_commands/process/ps_auxwww", "ps", "sos_commands/process/ps_auxcww"),
    "netns": (_NET + "ip_netns",),
    "hosts": ("etc/hosts",),
    "manifest": ("sos_reports/manifest.json",),
    "version": ("version.txt",),
}

KIND_OF: dict[str, str] = {
    "ip_addr": "ip-addr",
    "ip_link": "ip-link",
    "ip_route": "ip-route",
    "ip_route6": "ip-route",
    "ip_rule4": "ip-rule",
    "ip_rule6": "ip-rule",
    "ip_neigh": "ip-neigh",
    "ip_neigh_noarp": "ip-neigh",
    "proc_net_arp": "proc-net-arp",
    "netstat": "netstat",
    "ss": "ss",
    "sysctl": "sysctl",
    "ip_forward": "ip-forward",
}
"""Logical name → the ``--as`` kind that parses it."""

NAMESPACE_FILE = re.compile(
    r"^sos_commands/networking/(?:namespaces/(?P<dir>[^/]+)/)?"
    r"ip_netns_exec_(?P<rest>.+)$"
)
"""Per-namespace command output: flat (sos 3.3-4.2) or under ``namespaces/<ns>/`` (4.3+)."""

_WANTED = frozenset(path for paths in CANDIDATES.values() for path in paths)
_WANTED_PREFIXES = ("sos_commands/networking/", "sos_strings/networking/", "sos_strings/kernel/")


def is_wanted(path: str) -> bool:
    """True for the files a snapshot may read (everything else in a report is skipped)."""
    return path in _WANTED or path.startswith(_WANTED_PREFIXES)


_WANTED_DIRS = frozenset(
    path[:index] for path in _WANTED for index, char in enumerate(path) if char == "/"
)


def may_hold_wanted(directory: str) -> bool:
    """True for a directory (relative to the report's root) that can hold a wanted file,
    so a directory walk enters only these."""
    return directory in _WANTED_DIRS or (directory + "/").startswith(_WANTED_PREFIXES) or any(
        prefix.startswith(directory + "/") for prefix in _WANTED_PREFIXES)
