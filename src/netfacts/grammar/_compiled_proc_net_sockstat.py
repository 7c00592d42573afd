"""Generated from netfacts.grammar.proc_net_sockstat: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'row': '(?P<protocol>(?:[A-Za-z][A-Za-z0-9_]{0,31})):(?P<pairs>(?:(?: +[a-z][a-z0-9_]{0,31} +-?(?:0|[1-9][0-9]{0,19})){1,32}))',
}
