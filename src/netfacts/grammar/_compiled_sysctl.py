"""Generated from netfacts.grammar.sysctl: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'applying': '\\*\\ Applying(?:[ \\t]+)(?P<file>(?:.*))',
    'error': '(?P<message>(?:(?:sysctl|error): .*))',
    'setting': '(?P<key>(?:[^\\s=]+))(?:(?:[ \\t]+))?=(?:(?:[ \\t]+))?(?:(?P<value>(?:\\S.*)))?',
}
