"""The ``name`` filter of a server list: a regular expression, as in
Nova, matched at a bounded cost.

Nova matches it in the database (REGEXP in MySQL and PostgreSQL, Python's
``re`` on SQLite); minova matches it in the API against each candidate's
name. Python's ``re`` backtracks without limit -- ``(a|aa)+$`` against a
server named ``aaa...a!`` would hold a worker for ever -- so the pattern
runs on the ``regex`` library (the same syntax) with a time budget for the
whole request, and without the GIL, so a slow pattern does not stall the
other requests or services of the process. A pattern that does not
compile, is longer than a name can be, or outruns the budget is a 400
naming ``name``.
"""

import time

import regex

from minova import exception

# No server name is longer (parameter_types.name).
MAX_PATTERN_LENGTH = 255
# Seconds of matching one list request may spend, all candidates together.
MATCH_BUDGET = 1.0


def _invalid(pattern, reason):
    return exception.ValidationError(message=(
        'Invalid input for query parameters name. Value: %s. %s'
        % (pattern, reason)))


class NameFilter:
    """``NameFilter(pattern).matches(name)``; the budget starts at
    construction (one filter per request)."""

    def __init__(self, pattern, budget=MATCH_BUDGET):
        if len(pattern) > MAX_PATTERN_LENGTH:
            raise _invalid(pattern[:MAX_PATTERN_LENGTH] + '...',
                           'It is longer than %d characters'
                           % MAX_PATTERN_LENGTH)
        try:
            self._regex = regex.compile(pattern)
        except (regex.error, OverflowError, RecursionError) as e:
            raise _invalid(pattern, 'not a regular expression: %s' % e)
        self.pattern = pattern
        self._deadline = time.monotonic() + budget

    def matches(self, name):
        """Whether the expression matches somewhere in ``name``."""
        left = self._deadline - time.monotonic()
        try:
            if left <= 0:
                raise TimeoutError()
            return self._regex.search(name or '', timeout=left,
                                      concurrent=True) is not None
        except TimeoutError:
            raise _invalid(self.pattern, 'Matching it took more than %g s: '
                                         'simplify it' % MATCH_BUDGET)
