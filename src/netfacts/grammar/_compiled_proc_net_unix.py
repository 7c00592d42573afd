"""Generated from netfacts.grammar.proc_net_unix: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'header': 'Num(?: +)RefCount(?: +)Protocol(?: +)Flags(?: +)Type(?: +)St(?: +)Inode(?: +)Path',
    'row': '(?P<address>(?:[0-9A-Fa-f]{1,16})):(?: +)(?P<refcount>(?:[0-9A-Fa-f]{1,8}))(?: +)(?P<protocol>(?:[0-9A-Fa-f]{1,8}))(?: +)(?P<flags>(?:[0-9A-Fa-f]{1,8}))(?: +)(?P<type>(?:[0-9A-Fa-f]{1,4}))(?: +)(?P<state>(?:[0-9A-Fa-f]{1,2}))(?: +)(?P<inode>(?:0|[1-9][0-9]{0,19}))(?:\\ (?P<path>(?:.{1,4096})))?',
}
