"""The name filter of a server list matches at a bounded cost."""

import time

import testtools

from minova.api.openstack.compute import name_filter
from minova import exception


class TestNameFilter(testtools.TestCase):

    def test_matches_as_python_re_searches(self):
        pattern = name_filter.NameFilter('^web-[0-9]+$')
        self.assertTrue(pattern.matches('web-12'))
        self.assertFalse(pattern.matches('db-1'))
        self.assertFalse(pattern.matches(None))
        self.assertTrue(name_filter.NameFilter('b').matches('abc'))

    def test_invalid_expression_is_400_naming_name(self):
        for pattern in ('(', 'a[', '*', '(?P<x>'):
            exc = self.assertRaises(exception.ValidationError,
                                    name_filter.NameFilter, pattern)
            self.assertIn('query parameters name', exc.format_message())
            self.assertIn('not a regular expression', exc.format_message())

    def test_too_long_expression_is_400(self):
        exc = self.assertRaises(
            exception.ValidationError, name_filter.NameFilter,
            'a' * (name_filter.MAX_PATTERN_LENGTH + 1))
        self.assertIn('longer than 255', exc.format_message())

    def test_catastrophic_backtracking_is_cut_off(self):
        # Python's re takes days for this one.
        pattern = name_filter.NameFilter('(a|aa)+$', budget=0.2)
        started = time.monotonic()
        exc = self.assertRaises(exception.ValidationError, pattern.matches,
                                'a' * 60 + '!')
        self.assertLess(time.monotonic() - started, 5)
        self.assertIn('simplify it', exc.format_message())

    def test_the_budget_is_for_all_names_together(self):
        pattern = name_filter.NameFilter('a', budget=0)
        self.assertRaises(exception.ValidationError, pattern.matches, 'a')
