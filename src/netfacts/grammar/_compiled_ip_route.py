"""Generated from netfacts.grammar.ip_route: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'cache': '(?:[ \\t]+)cache(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'nexthop': '(?:[ \\t]+)nexthop(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'nh_info': '(?:[ \\t]+)nh_info(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'route': '(?P<deleted>(?:Deleted(?:[ \\t]+))?)(?:(?P<type>(?:unicast|local|broadcast|anycast|multicast|blackhole|unreachable|prohibit|throw|nat|xresolve|unspec|[0-9]+))(?:[ \\t]+))?(?P<dst>(?:default|[0-9a-fA-F:.]+(?:/[0-9]+)?|0/[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
}
