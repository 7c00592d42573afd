"""Generated from netfacts.grammar.ip_addr: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'address': '(?:[ \\t]+)(?P<family>(?:inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<plen>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'alias': '(?:[ \\t]+)alias\\ (?P<alias>(?:.*))',
    'altname': '(?:[ \\t]+)altname(?:[ \\t]+)(?P<altname>(?:\\S+))',
    'brief': '(?P<namepart>(?:[^\\s:]+))(?:[ \\t]+)(?P<operstate>(?:[A-Z]+|0x[0-9a-f]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'header': '(?P<deleted>(?:Deleted(?:[ \\t]+))?)(?P<ifindex>(?:[0-9]+)):(?:[ \\t]+)(?P<namepart>(?:[^\\s:]+)):(?:[ \\t]+)<(?P<flags>(?:[^>\\s]*))>(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'kind': '(?:[ \\t]+)(?P<kind>(?:[A-Za-z0-9_]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'lifetime': '(?:[ \\t]+)valid_lft(?:[ \\t]+)(?P<valid>(?:forever|-?[0-9]+sec))(?:[ \\t]+)preferred_lft(?:[ \\t]+)(?P<preferred>(?:forever|-?[0-9]+sec))',
    'link': '(?:[ \\t]+)link/(?P<link_type>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'oneline_address': '(?P<deleted>(?:Deleted(?:[ \\t]+))?)(?P<ifindex>(?:[0-9]+)):(?:[ \\t]+)(?P<ifname>(?:[^\\s:]+))(?:[ \\t]+)(?P<family>(?:inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<plen>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'stats_header': '(?:[ \\t]+)(?P<head>(?:(?:RX|TX)(?: errors)?:))(?:[ \\t]+)(?P<columns>(?:\\S.*))',
    'stats_values': '(?:[ \\t]+)(?P<values>(?:\\S+(?:[ \\t]+\\S+)*))',
    'vf': '(?:[ \\t]+)vf(?:[ \\t]+)(?P<vf>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'xdp_prog': '(?:[ \\t]+)prog/(?P<mode>(?:xdp\\w*))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
}
