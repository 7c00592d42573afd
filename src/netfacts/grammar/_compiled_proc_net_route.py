"""Generated from netfacts.grammar.proc_net_route: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'header': 'Iface(?:[ \\t]+)Destination(?:[ \\t]+)Gateway(?:[ \\t]+)Flags(?:[ \\t]+)RefCnt(?:[ \\t]+)Use(?:[ \\t]+)Metric(?:[ \\t]+)Mask(?:[ \\t]+)MTU(?:[ \\t]+)Window(?:[ \\t]+)IRTT(?:(?: +))?',
    'row': '(?P<iface>(?:[^\\s]{1,16}))(?:[ \\t]+)(?P<destination>(?:[0-9A-Fa-f]{8}))(?:[ \\t]+)(?P<gateway>(?:[0-9A-Fa-f]{8}))(?:[ \\t]+)(?P<flags>(?:[0-9A-Fa-f]{1,8}))(?:[ \\t]+)(?P<refcnt>(?:-?(?:0|[1-9][0-9]{0,19})))(?:[ \\t]+)(?P<use>(?:(?:0|[1-9][0-9]{0,19})))(?:[ \\t]+)(?P<metric>(?:-?(?:0|[1-9][0-9]{0,19})))(?:[ \\t]+)(?P<mask>(?:[0-9A-Fa-f]{8}))(?:[ \\t]+)(?P<mtu>(?:-?(?:0|[1-9][0-9]{0,19})))(?:[ \\t]+)(?P<window>(?:(?:0|[1-9][0-9]{0,19})))(?:[ \\t]+)(?P<irtt>(?:(?:0|[1-9][0-9]{0,19})))(?:(?: +))?',
}
