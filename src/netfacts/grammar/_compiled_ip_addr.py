"""Generated from netfacts.grammar.ip_addr: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'address': '(?:[ \\t]+)(?P<family>(?:inet6|inet|dnet|ipx|mpls|bridge|family [0-9]+))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<plen>(?:[0-9]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'alias': '(?:[ \\t]+)alias\\ (?P<alias>(?:.*))',
    'altname': '(?:[ \\t]+)altname(?:[ \\t]+)(?P<altname>(?:\\S+))',
    'brief': '(?P<namepart>(?:[^\\s:]+))(?:[ \\t]+)(?P<operstate>(?:[A-Z]+|0x[0-9a-f]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
    'canonical_address': '(?:[ \\t]+)(?P<family>(?:inet6(?= )))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<prefixlen>(?:[0-9]+))(?:(?: +)(?:(?:metric)(?= |$))(?: +)(?P<metric>(?:(?:0|[1-9][0-9]{0,19})(?= |$))))?(?:(?: +)(?:(?:brd)(?= |$))(?: +)(?P<broadcast>(?:(?:[0-9a-fA-F:.]+)(?= |$))))?(?:(?: +)(?:(?:any)(?= |$))(?: +)(?P<anycast>(?:(?:[0-9a-fA-F:.]+)(?= |$))))?(?:(?: +)(?:(?:mcast)(?= |$))(?: +)(?P<multicast>(?:(?:[0-9a-fA-F:.]+)(?= |$))))?(?:(?: +)(?:(?:scope)(?= |$))(?: +)(?P<scope>(?:(?:\\S+)(?= |$))))?(?P<flags>(?:(?: +)(?:(?:stable-privacy|noprefixroute|optimistic|deprecated|mngtmpaddr|secondary|temporary|dadfailed|tentative|autojoin|dynamic|nodad|home)(?= |$)))*)(?:(?: +)(?:(?:flags)(?= |$))(?: +)(?P<ifa_flags>(?:(?:(?:0[xX])?[0-9a-fA-F]+)(?= |$))))?(?:(?: +)(?:(?:proto)(?= |$))(?: +)(?P<protocol>(?:(?:\\S+)(?= |$))))?',
    'canonical_header': '(?P<ifindex>(?:[0-9]+)):(?:[ \\t]+)(?P<ifname>(?:[^\\s:]+)):(?:[ \\t]+)<(?P<flags>(?:[^>\\s]*))>(?:(?: +)(?:(?:mtu)(?= |$))(?: +)(?P<mtu>(?:(?:0|[1-9][0-9]{0,19})(?= |$))))?(?:(?: +)(?:(?:qdisc)(?= |$))(?: +)(?P<qdisc>(?:(?:\\S+)(?= |$))))?(?:(?: +)(?:(?:master)(?= |$))(?: +)(?P<master>(?:(?:[^\\s:/]+)(?= |$))))?(?:(?: +)(?:(?:state)(?= |$))(?: +)(?P<operstate>(?:(?:\\S+)(?= |$))))?(?:(?: +)(?:(?:mode)(?= |$))(?: +)(?P<linkmode>(?:(?:\\S+)(?= |$))))?(?:(?: +)(?:(?:group)(?= |$))(?: +)(?P<group>(?:(?:\\S+)(?= |$))))?(?:(?: +)(?:(?:qlen)(?= |$))(?: +)(?P<txqlen>(?:(?:0|[1-9][0-9]{0,19})(?= |$))))?',
    'canonical_inet': '(?:[ \\t]+)(?P<family>(?:inet(?= )))(?:[ \\t]+)(?P<local>(?:[^\\s/]+))(?:(?:[ \\t]+)peer(?:[ \\t]+)(?P<peer>(?:[^\\s/]+)))?/(?P<prefixlen>(?:[0-9]+))(?:(?: +)(?:(?:metric)(?= |$))(?: +)(?P<metric>(?:(?:0|[1-9][0-9]{0,19})(?= |$))))?(?:(?: +)(?:(?:brd)(?= |$))(?: +)(?P<broadcast>(?:(?:[0-9a-fA-F:.]+)(?= |$))))?(?:(?: +)(?:(?:any)(?= |$))(?: +)(?P<anycast>(?:(?:[0-9a-fA-F:.]+)(?= |$))))?(?:(?: +)(?:(?:mcast)(?= |$))(?: +)(?P<multicast>(?:(?:[0-9a-fA-F:.]+)(?= |$))))?(?:(?: +)(?:(?:scope)(?= |$))(?: +)(?P<scope>(?:(?:\\S+)(?= |$))))?(?P<flags>(?:(?: +)(?:(?:stable-privacy|noprefixroute|optimistic|deprecated|mngtmpaddr|secondary|temporary|dadfailed|tentative|autojoin|dynamic|nodad|home)(?= )))*)(?:(?: +)(?:(?:flags)(?= |$))(?: +)(?P<ifa_flags>(?:(?:(?:0[xX])?[0-9a-fA-F]+)(?= |$))))?(?:(?: +)(?:(?:proto)(?= |$))(?: +)(?P<protocol>(?:(?:\\S+)(?= |$))))?(?: +)(?P<label>(?:\\S+))',
    'canonical_link': '(?:[ \\t]+)link/(?P<link_type>(?:\\S+))(?:(?: +)(?P<address>(?:(?:[0-9a-f]{2}(?::[0-9a-f]{2})*)(?= |$))))?(?:(?: +)(?:(?:brd)(?= |$))(?: +)(?P<broadcast>(?:(?:[0-9a-f]{2}(?::[0-9a-f]{2})*)(?= |$))))?(?:(?: +)(?:(?:permaddr)(?= |$))(?: +)(?P<permaddr>(?:(?:[0-9a-f]{2}(?::[0-9a-f]{2})*)(?= |$))))?(?:(?: +)(?:(?:link-netnsid)(?= |$))(?: +)(?P<link_netnsid>(?:(?:unknown|-?[0-9]+)(?= |$))))?(?:(?: +)(?:(?:link-netns)(?= |$))(?: +)(?P<link_netns>(?:(?:\\S+)(?= |$))))?',
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
