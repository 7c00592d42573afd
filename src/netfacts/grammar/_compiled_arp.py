"""Generated from netfacts.grammar.arp: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'bsd_row': '(?P<name>(?:[^\\s()]+))(?:[ \\t]+)\\((?P<address>(?:[^\\s()]*))\\)(?:[ \\t]+)at(?:[ \\t]+)(?:(?P<marker>(?:(?:<incomplete>|<from_interface>|\\*)(?=[ \\t])))|(?P<hwaddress>(?:[^\\s\\[\\]]+))(?:[ \\t]+)\\[(?P<hwtype>(?:[^\\]\\s]*))\\])(?:(?:[ \\t]+)netmask(?:[ \\t]+)(?P<mask>(?:\\S+)))?(?P<flags>(?:(?:[ \\t]+(?:PERM|PUB|PUP|AUTO|DONTPUB|TRAIL)(?=[ \\t]))*))(?:[ \\t]+)on(?:[ \\t]+)(?P<iface>(?:\\S+))',
    'header': 'Address(?:[ \\t]+)HWtype(?:[ \\t]+)HWaddress(?:[ \\t]+)Flags(?:[ \\t]+)Mask(?:[ \\t]+)Iface',
    'no_entry': '(?P<name>(?:[^\\s()]+))(?:[ \\t]+)\\((?P<address>(?:[^\\s()]*))\\)(?:[ \\t]+)\\-\\-\\ no\\ entry',
    'no_match': 'arp:\\ in(?:[ \\t]+)(?P<entries>(?:[0-9]+))(?:[ \\t]+)entries\\ no\\ match\\ found\\.',
    'summary': 'Entries:(?:[ \\t]+)(?P<entries>(?:[0-9]+))(?:[ \\t]+)Skipped:(?:[ \\t]+)(?P<skipped>(?:[0-9]+))(?:[ \\t]+)Found:(?:[ \\t]+)(?P<found>(?:[0-9]+))',
    'table_loose': '(?P<address>(?:[^\\s()]+))(?:[ \\t]+)(?:(?:(?P<hwtype>[^\\s()<>*][^\\s()<>]*|\\*)[ \\t]+)?(?P<hwaddress>\\S+)[ \\t]+(?:(?P<flags>[CMPA!T]+)[ \\t]+)?(?:(?P<mask>[0-9.]+)[ \\t]+)?(?P<iface>\\S+))',
    'table_row': '(?P<address>(?:\\S.{22}))\\ \\ (?P<hwtype>(?:.{8}))(?P<hwaddress>(?:.{20}))(?P<flags>(?:.{6}))(?P<mask>(?:.{15}))\\ (?P<iface>(?:\\S+))',
}
