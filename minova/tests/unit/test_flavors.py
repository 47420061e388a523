"""minova.flavors on a real database."""

import testtools

from minova import exception
from minova import flavors
from minova.tests import fixtures as minova_fixtures


class TestGetFlavor(testtools.TestCase):

    def setUp(self):
        super().setUp()
        conf = self.useFixture(minova_fixtures.ConfFixture()).conf
        self.useFixture(minova_fixtures.DatabaseFixture(conf))

    def test_a_flavor_with_and_without_extra_specs(self):
        # One query joins the specs: a flavor without any still reads as
        # one flavor, and one with several as one flavor with them all.
        flavors.create('plain', 512, 1, 1, flavorid='p')
        flavors.create('rich', 1024, 2, 10, flavorid='r', is_public=False,
                       extra_specs={'a': '1', 'b': '2'})
        plain = flavors.get_flavor_by_flavor_id('p')
        rich = flavors.get_flavor_by_flavor_id('r')
        self.assertEqual(('plain', 512, 1, 1, True, {}),
                         (plain.name, plain.memory_mb, plain.vcpus,
                          plain.root_gb, plain.is_public, plain.extra_specs))
        self.assertEqual(('rich', False, False, 1.0, {'a': '1', 'b': '2'}),
                         (rich.name, rich.is_public, rich.disabled,
                          rich.rxtx_factor, rich.extra_specs))
        self.assertEqual({}, rich.obj_get_changes())
        self.assertEqual(
            flavors.get_all_flavors(is_public=False)[0], rich)

    def test_unknown_flavor(self):
        self.assertRaises(exception.FlavorNotFound,
                          flavors.get_flavor_by_flavor_id, 'nope')
