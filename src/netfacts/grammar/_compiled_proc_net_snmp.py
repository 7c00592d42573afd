"""Generated from netfacts.grammar.proc_net_snmp: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'names': '(?P<group>(?:[A-Za-z][A-Za-z0-9_]{0,63})):(?P<names>(?:(?: +[A-Za-z][A-Za-z0-9_]{0,127}){1,1024}))',
    'pair': '(?P<name>(?:[A-Za-z][A-Za-z0-9_]{0,127}))(?:[ \\t]+)(?P<value>(?:-?(?:0|[1-9][0-9]{0,19})))',
    'values': '(?P<group>(?:[A-Za-z][A-Za-z0-9_]{0,63})):(?P<values>(?:(?: +-?(?:0|[1-9][0-9]{0,19})){1,1024}))',
}
