"""The deployment's config files, written from etc/minova's examples."""

import configparser
import os

import fixtures
import testtools

from minova.deployment import config_files

EXAMPLE = """# a comment
[DEFAULT]
# the host
#host = example
state_path = /var/lib/minova

[database]
connection = sqlite://
"""


class TestRender(testtools.TestCase):
    def test_sets_a_commented_option_in_place(self):
        text = config_files.render(EXAMPLE, {'DEFAULT': {'host': 'c1'}})
        self.assertIn('# the host\nhost = c1\nstate_path', text)
        self.assertNotIn('#host', text)

    def test_replaces_a_set_option_and_keeps_comments(self):
        text = config_files.render(EXAMPLE, {'DEFAULT': {'state_path': '/x'}})
        self.assertIn('# a comment\n', text)
        self.assertIn('state_path = /x\n', text)
        self.assertNotIn('/var/lib/minova', text)

    def test_adds_an_option_at_the_end_of_its_section(self):
        text = config_files.render(EXAMPLE, {'DEFAULT': {'report': '2'}})
        self.assertIn('state_path = /var/lib/minova\nreport = 2\n\n'
                      '[database]', text)

    def test_same_option_in_another_section_is_left(self):
        text = config_files.render(EXAMPLE, {'api': {'connection': 'x'}})
        self.assertIn('connection = sqlite://\n', text)
        self.assertTrue(text.endswith('\n[api]\nconnection = x\n'))

    def test_parse_settings(self):
        self.assertEqual(
            {'DEFAULT': {'debug': 'true'}, 'quota': {'cores': '-1',
                                                     'ram': 'a=b'}},
            config_files.parse_settings(['debug=true', 'quota.cores=-1',
                                         'quota.ram = a=b']))

    def test_parse_settings_names_a_bad_one(self):
        error = self.assertRaises(ValueError, config_files.parse_settings,
                                  ['quota.cores'])
        self.assertIn("'quota.cores'", str(error))


class TestExamples(testtools.TestCase):
    """Every example is valid ini, and written with values set, 0600."""

    def test_examples_written_with_values(self):
        tmp = self.useFixture(fixtures.TempDir()).path
        for name in ('minova.conf', 'minova-api.conf',
                     'minova-conductor.conf', 'minova-scheduler.conf',
                     'minova-compute.conf'):
            path = config_files.write(
                os.path.join(tmp, name), name,
                {'DEFAULT': {'host': 'h1'}, 'database': {'connection': 'c'}})
            parser = configparser.ConfigParser(interpolation=None)
            parser.read(path)
            self.assertEqual('h1', parser['DEFAULT']['host'], name)
            self.assertEqual('c', parser['database']['connection'], name)
            self.assertEqual(0o600, os.stat(path).st_mode & 0o777)

    def test_compute_example_has_no_database(self):
        # A compute never opens the database: the example must not say
        # it needs one.
        parser = configparser.ConfigParser(interpolation=None)
        parser.read(os.path.join(config_files.EXAMPLES_DIR,
                                 'minova-compute.conf'))
        self.assertNotIn('database', parser)
        self.assertIn('host', parser['DEFAULT'])
