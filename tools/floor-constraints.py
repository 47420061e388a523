#!/usr/bin/env python3
"""Write a pip constraints file that pins every requirement of setup.cfg
(install_requires and every extra) to its floor, the version after ``>=``.

``tox -e floors`` installs minova with it and runs the unit tests, so a
floor that no longer works (the code uses an API newer than it) fails
there, not on a user's machine::

    tools/floor-constraints.py floors.txt

A requirement without a floor is an error: nothing says what it needs.
"""

import configparser
import os
import re
import sys

SETUP_CFG = os.path.join(os.path.dirname(os.path.abspath(__file__)),
                         os.pardir, 'setup.cfg')
# name[extras] followed by its version specifiers.
_REQUIREMENT = re.compile(r'^([A-Za-z0-9._-]+)(?:\[[^\]]*\])?\s*(.*)$')


def requirements(path=SETUP_CFG):
    """Every requirement line of setup.cfg, extras included."""
    parser = configparser.ConfigParser()
    parser.read(path)
    lines = parser.get('options', 'install_requires').splitlines()
    if parser.has_section('options.extras_require'):
        for _extra, value in parser.items('options.extras_require'):
            lines += value.splitlines()
    return [line.strip() for line in lines
            if line.strip() and not line.strip().startswith('#')]


def floor(requirement):
    """``oslo.messaging>=18.3.1,<19`` -> ``oslo.messaging==18.3.1``."""
    name, specifiers = _REQUIREMENT.match(requirement).groups()
    found = re.search(r'>=\s*([^,\s;]+)', specifiers)
    if not found:
        raise ValueError('%s has no floor (>=) in setup.cfg' % requirement)
    return '%s==%s' % (name, found.group(1))


def main(argv):
    if len(argv) != 2:
        sys.exit('usage: floor-constraints.py OUTPUT')
    try:
        pins = [floor(r) for r in requirements()]
    except ValueError as exc:
        sys.exit('floor-constraints.py: %s' % exc)
    with open(argv[1], 'w') as f:
        f.write('\n'.join(pins) + '\n')


if __name__ == '__main__':
    main(sys.argv)
