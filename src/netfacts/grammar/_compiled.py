"""Generated: regexes compiled from the pyparsing line grammars. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'ip_addr.address': '(?:[ \\t]+)(?P<family>(?:inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<plen>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.alias': '(?:[ \\t]+)alias\\ (?P<alias>(?:.*))',
    'ip_addr.altname': '(?:[ \\t]+)altname(?:[ \\t]+)(?P<altname>(?:\\S+))',
    'ip_addr.brief': '(?P<namepart>(?:[^\\s:]+))(?:[ \\t]+)(?P<operstate>(?:[A-Z]+|0x[0-9a-f]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.header': '(?P<deleted>(?:Deleted(?:[ \\t]+))?)(?P<ifindex>(?:[0-9]+)):(?:[ \\t]+)(?P<namepart>(?:[^\\s:]+)):(?:[ \\t]+)<(?P<flags>(?:[^>\\s]*))>(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.kind': '(?:[ \\t]+)(?P<kind>(?:[A-Za-z0-9_]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.lifetime': '(?:[ \\t]+)valid_lft(?:[ \\t]+)(?P<valid>(?:forever|-?[0-9]+sec))(?:[ \\t]+)preferred_lft(?:[ \\t]+)(?P<preferred>(?:forever|-?[0-9]+sec))',
    'ip_addr.link': '(?:[ \\t]+)link/(?P<link_type>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.oneline_address': '(?P<deleted>(?:Deleted(?:[ \\t]+))?)(?P<ifindex>(?:[0-9]+)):(?:[ \\t]+)(?P<ifname>(?:[^\\s:]+))(?:[ \\t]+)(?P<family>(?:inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<plen>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.stats_header': '(?:[ \\t]+)(?P<head>(?:(?:RX|TX)(?: errors)?:))(?:[ \\t]+)(?P<columns>(?:\\S.*))',
    'ip_addr.stats_values': '(?:[ \\t]+)(?P<values>(?:\\S+(?:[ \\t]+\\S+)*))',
    'ip_addr.vf': '(?:[ \\t]+)vf(?:[ \\t]+)(?P<vf>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.xdp_prog': '(?:[ \\t]+)prog/(?P<mode>(?:xdp\\w*))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
}
