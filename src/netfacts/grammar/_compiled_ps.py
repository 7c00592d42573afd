"""Generated from netfacts.grammar.ps: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'aux_header': 'USER(?:[ \\t]+)PID(?:[ \\t]+)%CPU(?:[ \\t]+)%MEM(?:[ \\t]+)VSZ(?:[ \\t]+)RSS(?:[ \\t]+)TTY(?:[ \\t]+)STAT(?:[ \\t]+)START(?:[ \\t]+)TIME(?:[ \\t]+)COMMAND',
    'aux_row': '(?P<user>(?:\\S+))(?:[ \\t]+)(?P<pid>(?:[0-9]+))(?:[ \\t]+)(?P<cpu>(?:[0-9]+(?:\\.[0-9]+)?))(?:[ \\t]+)(?P<mem>(?:[0-9]+(?:\\.[0-9]+)?))(?:[ \\t]+)(?P<vsz>(?:[0-9]+))(?:[ \\t]+)(?P<rss>(?:[0-9]+))(?:[ \\t]+)(?P<tty>(?:\\S+))(?:[ \\t]+)(?P<stat>(?:\\S+))(?:[ \\t]+)(?P<start>(?:\\S+))(?:[ \\t]+)(?P<time>(?:(?:[0-9]+-)?[0-9]+:[0-9]{2}(?::[0-9]{2})?))(?:(?:[ \\t]+)(?P<command>(?:.*)))?',
    'ef_header': 'UID(?:[ \\t]+)PID(?:[ \\t]+)PPID(?:[ \\t]+)C(?:[ \\t]+)STIME(?:[ \\t]+)TTY(?:[ \\t]+)TIME(?:[ \\t]+)CMD',
    'ef_row': '(?P<user>(?:\\S+))(?:[ \\t]+)(?P<pid>(?:[0-9]+))(?:[ \\t]+)(?P<ppid>(?:[0-9]+))(?:[ \\t]+)(?P<c>(?:[0-9]+))(?:[ \\t]+)(?P<start>(?:\\S+))(?:[ \\t]+)(?P<tty>(?:\\S+))(?:[ \\t]+)(?P<time>(?:(?:[0-9]+-)?[0-9]+:[0-9]{2}(?::[0-9]{2})?))(?:(?:[ \\t]+)(?P<command>(?:.*)))?',
}
