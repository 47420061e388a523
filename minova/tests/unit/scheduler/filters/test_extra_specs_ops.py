"""The extra spec matcher: Nova's operators, and no exception for a value
or operand that is not what the operator needs."""

import testtools

from minova.scheduler.filters import extra_specs_ops


class TestMatch(testtools.TestCase):

    def check(self, cases):
        for value, requirement, expected in cases:
            self.assertIs(expected,
                          extra_specs_ops.match(value, requirement),
                          '%r against %r' % (value, requirement))

    def test_plain_value_is_exact(self):
        self.check([('ssd', 'ssd', True), ('ssd', 'SSD', False),
                    ('fast disk', 'fast disk', True),
                    ('fast', 'fast disk', False), ('', '', True),
                    (None, 'ssd', False), ('ssd', ' ssd', False)])

    def test_numeric(self):
        self.check([
            ('4', '= 4', True), ('8', '= 4', True), ('2', '= 4', False),
            ('4', '== 4', True), ('4.0', '== 4', True), ('5', '== 4', False),
            ('5', '!= 4', True), ('4', '!= 4', False),
            ('4', '>= 4', True), ('3.5', '>= 4', False),
            ('4', '<= 4', True), ('10', '<= 4', False),
            # Compared as numbers, not as strings ("10" < "9" as strings).
            ('10', '>= 9', True)])

    def test_numeric_with_no_number_never_matches(self):
        self.check([('many', '>= 4', False), ('4', '>= many', False),
                    (None, '>= 4', False), ('4', '>=', False)])

    def test_strings(self):
        self.check([
            ('ssd', 's== ssd', True), ('hdd', 's== ssd', False),
            ('hdd', 's!= ssd', True), ('ssd', 's!= ssd', False),
            ('10', 's< 9', True), ('a', 's< a', False),
            ('a', 's<= a', True), ('b', 's> a', True), ('a', 's> b', False),
            ('a', 's>= a', True), ('a', 's>= b', False),
            (None, 's== ssd', False)])

    def test_in_and_all_in(self):
        self.check([
            ('avx avx2 sse', '<in> avx2', True),
            ('sse', '<in> avx', False),
            ('avx avx2 sse', '<all-in> avx sse', True),
            ('avx sse', '<all-in> avx avx2', False),
            (None, '<in> avx', False), ('avx', '<in>', False)])

    def test_or(self):
        self.check([
            ('b', '<or> a <or> b <or> c', True),
            ('a', '<or> a', True),
            ('d', '<or> a <or> b <or> c', False),
            # The separators are not alternatives.
            ('<or>', '<or> a <or> b', False),
            (None, '<or> a', False), ('a', '<or>', False)])

    def test_every_operator_is_listed(self):
        self.assertEqual(
            {'=', '==', '!=', '>=', '<=', 's==', 's!=', 's<', 's<=', 's>',
             's>=', '<in>', '<all-in>', '<or>'}, extra_specs_ops.OPERATORS)
