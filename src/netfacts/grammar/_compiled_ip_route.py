"""Generated from netfacts.grammar.ip_route: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'cache': '(?:[ \\t]+)cache(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'nexthop': '(?:[ \\t]+)nexthop(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'nh_info': '(?:[ \\t]+)nh_info(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'plain_nexthop': '\\\tnexthop(?:(?: +)via(?: +)(?P<gateway>(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})))?(?:(?: +)dev(?: +)(?P<dev>(?:(?!(?:via|dev|proto|scope|src|metric|weight)(?: |$))[!#-.0-9;-\\[\\]-~]+)))?(?:(?: +)weight(?: +)(?P<weight>(?:0|[1-9][0-9]{0,19})))?(?P<flags>(?:(?: +)(?:rt_offload_failed|unresolved|rt_offload|pervasive|linkdown|offload|rt_trap|onlink|notify|dead|trap))*)(?:(?: +))?',
    'plain_route': '(?:(?P<type>(?:local|broadcast|anycast|multicast|blackhole|unreachable|prohibit|throw|nat))(?: +))?(?P<dst>(?:default|(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})(?:/(?P<length>(?:3[0-2]|[12][0-9]|[0-9])))?))(?:(?: +)via(?: +)(?P<gateway>(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})))?(?:(?: +)dev(?: +)(?P<dev>(?:(?!(?:via|dev|proto|scope|src|metric|weight)(?: |$))[!#-.0-9;-\\[\\]-~]+)))?(?:(?: +)proto(?: +)(?P<protocol>(?:(?!(?:via|dev|proto|scope|src|metric|weight)(?: |$))[!#-.0-9;-\\[\\]-~]+)))?(?:(?: +)scope(?: +)(?P<scope>(?:host|link|site|nowhere|global)))?(?:(?: +)src(?: +)(?P<prefsrc>(?:(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])(?:\\.(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])){3})))?(?:(?: +)metric(?: +)(?P<metric>(?:0|[1-9][0-9]{0,19})))?(?P<flags>(?:(?: +)(?:rt_offload_failed|unresolved|rt_offload|pervasive|linkdown|offload|rt_trap|onlink|notify|dead|trap))*)(?:(?: +))?',
    'route': '(?P<deleted>(?:Deleted(?:[ \\t]+))?)(?:(?P<type>(?:unicast|local|broadcast|anycast|multicast|blackhole|unreachable|prohibit|throw|nat|xresolve|unspec|[0-9]+))(?:[ \\t]+))?(?P<dst>(?:default|[0-9a-fA-F:.]+(?:/[0-9]+)?|0/[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
}
