"""Generated from netfacts.grammar.nstat: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'header': '(?:#[A-Za-z0-9_]{1,64})',
    'row': '(?P<name>(?:[A-Za-z][A-Za-z0-9_]{0,127}))(?: +)(?P<value>(?:0|[1-9][0-9]{0,19}))(?: +)(?P<rate>(?:[0-9]{1,20}\\.[0-9]))',
}
