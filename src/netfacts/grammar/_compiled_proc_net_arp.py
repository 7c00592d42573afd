"""Generated from netfacts.grammar.proc_net_arp: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'header': 'IP\\ address(?:[ \\t]+)HW\\ type(?:[ \\t]+)Flags(?:[ \\t]+)HW\\ address(?:[ \\t]+)Mask(?:[ \\t]+)Device',
    'row': '(?P<address>(?:[0-9.]+))(?:[ \\t]+)(?P<hwtype>(?:0x[0-9a-fA-F]+))(?:[ \\t]+)(?P<flags>(?:0x[0-9a-fA-F]+))(?:[ \\t]+)(?:(?P<hwaddress>(?:[^\\s*]+(?=[ \\t]+\\S+[ \\t]+\\S+$)))(?:[ \\t]+))?(?P<mask>(?:\\S+))(?:[ \\t]+)(?P<device>(?:\\S+))',
}
