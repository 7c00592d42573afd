"""Generated: regexes compiled from the pyparsing line grammars. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'ip_addr.address': '\\ \\ \\ \\ (?P<family>(?:inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<plen>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.alias': '\\ \\ \\ \\ alias\\ (?P<alias>(?:.*))',
    'ip_addr.altname': '\\ \\ \\ \\ altname(?:[ \\t]+)(?P<altname>(?:\\S+))',
    'ip_addr.brief': '(?P<namepart>(?:[^\\s:]+))(?:[ \\t]+)(?P<operstate>(?:[A-Z]+|0x[0-9a-f]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.header': '(?P<deleted>(?:Deleted(?:[ \\t]+))?)(?P<ifindex>(?:[0-9]+)):(?:[ \\t]+)(?P<namepart>(?:[^\\s:]+)):\\ <(?P<flags>(?:[^>\\s]*))>(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.kind': '\\ \\ \\ \\ (?P<kind>(?:[A-Za-z0-9_]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.lifetime': '\\ \\ \\ \\ \\ \\ \\ valid_lft(?:[ \\t]+)(?P<valid>(?:forever|-?[0-9]+sec))(?:[ \\t]+)preferred_lft(?:[ \\t]+)(?P<preferred>(?:forever|-?[0-9]+sec))',
    'ip_addr.link': '\\ \\ \\ \\ link/(?P<link_type>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.oneline_address': '(?P<deleted>(?:Deleted(?:[ \\t]+))?)(?P<ifindex>(?:[0-9]+)):(?:[ \\t]+)(?P<ifname>(?:[^\\s:]+))(?:[ \\t]+)(?P<family>(?:inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<plen>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.stats_header': '\\ \\ \\ \\ (?P<head>(?:(?:RX|TX)(?: errors)?:))(?:[ \\t]+)(?P<columns>(?:\\S.*))',
    'ip_addr.stats_values': '(?:[ ]{4,})(?P<values>(?:\\S+(?:[ ]+\\S+)*))',
    'ip_addr.vf': '\\ \\ \\ \\ vf(?:[ \\t]+)(?P<vf>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'ip_addr.xdp_prog': '\\ \\ \\ \\ prog/(?P<mode>(?:xdp\\w*))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
}
