"""Generated from netfacts.grammar.nft: its line grammars compiled to regexes. Do not edit.

Regenerate with ``python -m netfacts.grammar``; ``tests/property/test_fastpath.py``
fails when this file and the grammar disagree.
"""

PATTERNS: dict[str, str] = {
    'chain_open': 'chain(?:[ \\t]+)(?P<name>(?:[^\\s"{}]+|"(?:[^"\\\\\\n]|\\\\.)*"))\\ \\{(?:\\ \\#\\ handle\\ (?P<handle>(?:[0-9]{1,20})))?',
    'close': '\\}',
    'comment': 'comment(?:[ \\t]+)(?P<comment>(?:"(?:[^"\\\\\\n]|\\\\.)*"))',
    'devices': 'devices\\ =\\ \\{(?P<devices>(?:[^{}]*))\\}',
    'elements': 'elements\\ =\\ \\{(?P<elements>(?:.*))',
    'flags': 'flags(?:[ \\t]+)(?P<flags>(?:[a-z-]+(?:,[a-z-]+)*))',
    'hook': 'type(?:[ \\t]+)(?P<type>(?:[^\\s;]+))(?:[ \\t]+)hook(?:[ \\t]+)(?P<hook>(?:[^\\s;]+))(?:(?:[ \\t]+)device(?:[ \\t]+)(?P<device>(?:[^\\s;]+)))?(?:[ \\t]+)priority(?:[ \\t]+)(?P<priority>(?:[^\\s;][^;]*));(?:(?:[ \\t]+)policy(?:[ \\t]+)(?P<policy>(?:[^\\s;]+));)?',
    'object_open': '(?P<kind>(?:ct\\ expectation|ct\\ timeout|ct\\ helper|flowtable|synproxy|counter|secmark|quota|limit))(?:[ \\t]+)(?P<name>(?:[^\\s"{}]+|"(?:[^"\\\\\\n]|\\\\.)*"))\\ \\{(?:\\ \\#\\ handle\\ (?P<handle>(?:[0-9]{1,20})))?',
    'property': '(?P<keyword>(?:[a-z][a-z-]*))(?:(?:[ \\t]+)(?P<value>(?:\\S.*)))?',
    'rule': '(?P<body>(?:(?:[ ](?!# handle [0-9]+$))*(?:(?:\\{(?:[^{}"\\n]|"(?:[^"\\\\\\n]|\\\\.)*")*\\}|(?:[^\\s"{}]|"(?:[^"\\\\\\n]|\\\\.)*")+)(?:(?:[ ](?!# handle [0-9]+$))+(?:\\{(?:[^{}"\\n]|"(?:[^"\\\\\\n]|\\\\.)*")*\\}|(?:[^\\s"{}]|"(?:[^"\\\\\\n]|\\\\.)*")+))*)?(?:[ ](?!# handle [0-9]+$))*))(?:\\ \\#\\ handle\\ (?P<handle>(?:[0-9]{1,20})))?',
    'set_open': '(?P<kind>(?:set|map))(?:[ \\t]+)(?P<name>(?:[^\\s"{}]+|"(?:[^"\\\\\\n]|\\\\.)*"))\\ \\{(?:\\ \\#\\ handle\\ (?P<handle>(?:[0-9]{1,20})))?',
    'set_type': 'type(?:[ \\t]+)(?P<key_type>(?:[^\\s:]+(?: \\. [^\\s:]+)*))(?:\\ :\\ (?P<data_type>(?:\\S+(?: \\. \\S+)*)))?',
    'set_typeof': 'typeof(?:[ \\t]+)(?P<key_typeof>(?:.+?(?= : |$)))(?:\\ :\\ (?P<data_typeof>(?:.+)))?',
    'table_open': 'table(?:[ \\t]+)(?P<family>(?:[a-z0-9]+))(?:[ \\t]+)(?P<name>(?:[^\\s"{}]+|"(?:[^"\\\\\\n]|\\\\.)*"))\\ \\{(?:\\ \\#\\ handle\\ (?P<handle>(?:[0-9]{1,20})))?',
    'token': '(?:\\{(?:[^{}"\\n]|"(?:[^"\\\\\\n]|\\\\.)*")*\\}|(?:[^\\s"{}]|"(?:[^"\\\\\\n]|\\\\.)*")+)',
    'warning': '\\#\\ Warning:(?P<text>(?:.*))',
}
