"""Generated from netfacts.grammar.bridge: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'details': '\\ \\ \\ \\ (?P<tail>(?:\\S.*))',
    'fdb': '(?:(?P<deleted>Deleted\\ ))?(?P<mac>(?:[0-9a-fA-F]{2}(?::[0-9a-fA-F]{2})+))(?:\\ (?P<tail>(?:.*)))?',
    'link': '(?:(?P<deleted>Deleted\\ ))?(?P<ifindex>(?:[0-9]+)):\\ (?P<ifname>(?:[^\\s:@]+))(?:(?P<legacy>\\ )(?:state\\ (?P<oper>(?:\\S+))\\ )?)?(?:@(?P<peer>(?:[^\\s:]*)))?:\\ <(?P<flags>(?:[^>\\s]*))>(?:\\ (?P<tail>(?:.*)))?',
    'mdb': '(?:(?P<deleted>Deleted\\ ))?dev\\ (?P<dev>(?:\\S+))\\ port\\ (?P<port>(?:\\S+))\\ grp\\ (?P<grp>(?:\\S+))(?P<tail>(?:(?:(?!(?<! ) +[0-9]+\\.[0-9]{2} *$).)*))(?:(?: +)(?P<timer>(?:[0-9]+\\.[0-9]{2})))?(?: *)',
    'message': '(?P<message>(?:(?:RTNETLINK answers: .*|Dump terminated|Cannot .*|Error: .*|Not RTM_\\S+: .*)))',
    'router': 'router\\ ports\\ on\\ (?P<dev>(?:[^\\s:]+)):\\ (?P<tail>(?:.*))',
    'vlan_cont': '(?P<sep>(?: {18}|\\t ))(?P<vlan>(?:[0-9]+))(?:\\-(?P<vlan_end>(?:[0-9]+)))?(?:(?P<pvid>\\ PVID))?(?:(?P<untagged>\\ Egress\\ Untagged))?(?: *)',
    'vlan_header': 'port(?P<header>(?: +vlan-id *|\\tvlan ids))',
    'vlan_none': '(?P<port>(?:\\S+))\\\tNone',
    'vlan_opts': '(?: {20})(?P<tail>(?:[a-z]\\S* .*))',
    'vlan_port': '(?P<port>(?:[^\\s]+))(?P<sep>(?: {2,}|\\t ))(?P<vlan>(?:[0-9]+))(?:\\-(?P<vlan_end>(?:[0-9]+)))?(?:(?P<pvid>\\ PVID))?(?:(?P<untagged>\\ Egress\\ Untagged))?(?: *)',
    'vlan_stats': '(?: {20})(?P<dir>(?:RX|TX)):\\ (?P<bytes>(?:[0-9]+))\\ bytes\\ (?P<packets>(?:[0-9]+))\\ packets',
}
