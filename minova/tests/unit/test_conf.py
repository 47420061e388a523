"""minova's options: documented, and all of them listed for the generator."""

import importlib.metadata

from oslo_config import cfg
from oslo_db import options as db_options
from oslo_middleware import opts as middleware_opts
import testtools

import minova.conf
from minova.conf import opts


def _registered(conf):
    """``{(group, name)}`` of every option registered on ``conf``, but the
    ones a bare ConfigOpts has anyway."""
    builtin = set(cfg.ConfigOpts())
    found = set()
    for key in conf:
        if key in builtin:
            continue
        if isinstance(conf[key], cfg.ConfigOpts.GroupAttr):
            found |= {(key, name) for name in conf[key]}
        else:
            found.add(('DEFAULT', key))
    return found


def _listed(list_opts):
    return {(group if isinstance(group, str) else group.name, opt.name)
            for group, group_opts in list_opts for opt in group_opts}


class TestOptions(testtools.TestCase):

    def test_every_option_has_help_text(self):
        undocumented = ['[%s] %s' % (group, opt.name)
                        for group, group_opts in opts.list_opts()
                        for opt in group_opts
                        if not (opt.help or '').strip()]
        self.assertEqual([], undocumented, 'options without help text')

    def test_help_text_is_a_sentence(self):
        # The generator and the sphinx extension print help as prose.
        for group, group_opts in opts.list_opts():
            for opt in group_opts:
                self.assertTrue(opt.help.strip().endswith(('.', ')')),
                                '[%s] %s: %r' % (group, opt.name, opt.help))

    def test_list_opts_covers_every_registered_option(self):
        conf = cfg.ConfigOpts()
        minova.conf.register_opts(conf)
        # [database] belongs to oslo.db and [oslo_middleware] to
        # oslo.middleware, whose namespaces the generator lists.
        libraries = (_listed(db_options.list_opts()) |
                     _listed(middleware_opts.list_opts_sizelimit()))
        registered = _registered(conf) - libraries
        listed = _listed(opts.list_opts())
        self.assertEqual(set(), registered - listed,
                         'registered by minova.conf.register_opts but missing '
                         'from minova.conf.opts.list_opts()')
        self.assertEqual(set(), listed - registered,
                         'listed by list_opts() but never registered')

    def test_groups_are_listed_once_and_sorted(self):
        groups = [group for group, _ in opts.list_opts()]
        self.assertEqual(sorted(set(groups)), groups)

    def test_option_names_are_unique_per_group(self):
        for group, group_opts in opts.list_opts():
            names = [opt.name for opt in group_opts]
            self.assertEqual(sorted(set(names)), sorted(names), group)

    def test_generator_entry_point(self):
        entry_points = importlib.metadata.entry_points(
            group='oslo.config.opts')
        ours = [ep for ep in entry_points if ep.name == 'minova.conf']
        self.assertEqual(1, len(ours))
        self.assertIs(opts.list_opts, ours[0].load())
