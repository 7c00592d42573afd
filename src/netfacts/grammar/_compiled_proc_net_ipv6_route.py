"""Generated from netfacts.grammar.proc_net_ipv6_route: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'row': '(?:(?: +))?(?P<destination>(?:[0-9A-Fa-f]{32}))(?: +)(?P<destination_plen>(?:[0-9A-Fa-f]{2}))(?: +)(?P<source>(?:[0-9A-Fa-f]{32}))(?: +)(?P<source_plen>(?:[0-9A-Fa-f]{2}))(?: +)(?P<next_hop>(?:[0-9A-Fa-f]{32}))(?: +)(?P<metric>(?:[0-9A-Fa-f]{8}))(?: +)(?P<refcnt>(?:[0-9A-Fa-f]{8}))(?: +)(?P<use>(?:[0-9A-Fa-f]{8}))(?: +)(?P<flags>(?:[0-9A-Fa-f]{8}))(?: +)(?P<device>(?:\\S{1,16}))',
}
