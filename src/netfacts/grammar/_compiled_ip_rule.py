"""Generated from netfacts.grammar.ip_rule: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'rule': '(?P<priority>(?:[0-9]+)):(?:[ \\t]+)(?:(?P<invert>not)(?:[ \\t]+))?from(?:[ \\t]+)(?P<src>(?:\\S+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
}
