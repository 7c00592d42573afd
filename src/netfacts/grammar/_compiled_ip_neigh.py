"""Generated from netfacts.grammar.ip_neigh: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'neighbour': '(?:(?P<prefix>(?:Deleted|delete|miss))(?:[ \\t]+))?(?P<dst>(?:[0-9a-fA-F:.]+))(?:(?:[ \\t]+)(?P<tail>(?:.*)))?',
}
