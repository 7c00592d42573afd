"""Generated from netfacts.grammar.proc_net_if_inet6: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'row': '(?P<address>(?:[0-9A-Fa-f]{32}))(?: +)(?P<ifindex>(?:[0-9A-Fa-f]{1,8}))(?: +)(?P<prefixlen>(?:[0-9A-Fa-f]{1,2}))(?: +)(?P<scope>(?:[0-9A-Fa-f]{1,2}))(?: +)(?P<flags>(?:[0-9A-Fa-f]{1,8}))(?: +)(?P<ifname>(?:\\S{1,16}))',
}
