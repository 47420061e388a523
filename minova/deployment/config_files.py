"""The config files of a deployment, written from the commented examples in
``etc/minova`` (``minova.conf`` shared by every service, then one file per
service): the examples' comments stay, the deployment's values are set in
them.
"""

import os
import re

import minova

#: The examples of a source tree (a clone, or an editable install).
EXAMPLES_DIR = os.path.join(os.path.dirname(os.path.dirname(
    os.path.abspath(minova.__file__))), 'etc', 'minova')
SHARED = 'minova.conf'
_SECTION = re.compile(r'^\s*\[([^\]]+)\]\s*$')
_OPTION = re.compile(r'^\s*#?\s*([A-Za-z0-9_.-]+)\s*=')


def render(text, values):
    """``text`` (an ini file) with ``values`` (``{section: {option:
    value}}``) set.

    An option's first line in its section, set or commented out
    (``#option = ...``), becomes ``option = value``; an option the section
    lacks is added at the section's end, and a missing section at the end
    of the file.
    """
    lines = text.splitlines()
    for section, options in values.items():
        for option, value in options.items():
            lines = _set(lines, section, option, value)
    return '\n'.join(lines) + '\n'


def _set(lines, section, option, value):
    new = '%s = %s' % (option, value)
    start = end = None
    for number, line in enumerate(lines):
        match = _SECTION.match(line)
        if match and start is None and match.group(1) == section:
            start = end = number + 1
        elif match and start is not None:
            break
        elif start is not None:
            found = _OPTION.match(line)
            if found and found.group(1) == option:
                return lines[:number] + [new] + lines[number + 1:]
            if line.strip():
                end = number + 1
    if start is None:
        return lines + ['', '[%s]' % section, new]
    return lines[:end] + [new] + lines[end:]


def parse_settings(settings):
    """``{section: {option: value}}`` from ``SECTION.OPTION=VALUE``
    strings (``[DEFAULT]`` when there is no section); ValueError names a
    malformed one."""
    values = {}
    for setting in settings:
        key, sep, value = setting.partition('=')
        if not sep or not key.strip():
            raise ValueError('%r is not SECTION.OPTION=VALUE' % setting)
        section, _dot, option = key.strip().rpartition('.')
        values.setdefault(section or 'DEFAULT', {})[option] = value.strip()
    return values


def write(path, example, values, examples_dir=EXAMPLES_DIR):
    """Write ``path``: the example named ``example`` with ``values`` set.
    Readable by its owner only: it holds passwords."""
    with open(os.path.join(examples_dir, example)) as f:
        text = render(f.read(), values)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, 'w') as f:
        f.write(text)
    return path
