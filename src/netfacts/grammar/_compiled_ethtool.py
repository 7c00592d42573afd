"""Generated from netfacts.grammar.ethtool: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'channels_banner': 'Channel\\ parameters\\ for\\ (?P<ifname>(?:\\S*[^\\s:])):',
    'continuation': '(?P<indent>(?:[ \\t]+))(?P<text>(?:(?:[^\\s:][^:]*)?))',
    'driver': '(?P<label>(?:[a-z][a-z0-9-]*)):(?:[ \\t]*)(?P<value>(?:.*))',
    'feature': '(?P<indent>(?:\\t?))(?P<label>(?:[^\\s:]+)):\\ (?P<value>(?:on|off))(?:\\ \\[(?P<flag>(?:fixed|requested on|requested off))\\])?',
    'features_banner': 'Features\\ for\\ (?P<ifname>(?:\\S*[^\\s:])):',
    'message': '(?P<message>(?:(?:netlink error: .*|Cannot .*|No data available|no stats available|ethtool: .*|ethtool \\(-.*|rxclass: .*|RX classification rule retrieval failed|Operation not supported|No such device|Operation not permitted|Could not .*|For more information run ethtool -h|offset: .*|bad command line argument.*|.*: No such device|Settings for .*: No such device)))',
    'param': '(?P<label>(?:[A-Za-z][^:\\t]*)):(?:[ \\t]*)(?P<value>(?:\\S+))',
    'rings_banner': 'Ring\\ parameters\\ for\\ (?P<ifname>(?:\\S*[^\\s:])):',
    'section': '(?P<section>(?:Pre-set maximums:|Current hardware settings:))',
    'setting': '(?P<indent>(?:[ \\t]+))(?P<label>(?:[^\\s:][^:]*)):(?:[ \\t]*)(?P<value>(?:.*))',
    'settings_banner': 'Settings\\ for\\ (?P<ifname>(?:\\S*[^\\s:])):',
    'stat': '(?P<indent>(?:[ \\t]+))(?P<label>(?:(?:\\S.*)?[^\\s:](?=:[ \\t]*[0-9]+$))):(?:[ \\t]*)(?P<value>(?:[0-9]+))',
    'stats_banner': 'NIC\\ statistics:',
}
