"""``/types``: the default type and the local back end's."""

from minova.api.openstack.volume import volume_types
from minova.tests.unit.api.openstack.volume import base


class TestTypes(base.VolumeAPITestCase):

    def test_list_has_the_default_and_the_local_types(self):
        types = self.vrequest('/types').json['volume_types']
        self.assertEqual(['__DEFAULT__', 'multiattach', 'qcow2', 'raw'],
                         [t['name'] for t in types])
        by_name = {t['name']: t for t in types}
        self.assertEqual({'multiattach': '<is> True'},
                         by_name['multiattach']['extra_specs'])
        self.assertEqual(volume_types.type_id('raw'), by_name['raw']['id'])
        self.assertTrue(all(t['is_public'] for t in types))

    def test_show_by_id_name_or_default(self):
        raw_id = volume_types.type_id('raw')
        for ref, name in ((raw_id, 'raw'), ('qcow2', 'qcow2'),
                          ('default', '__DEFAULT__')):
            resp = self.vrequest('/types/%s' % ref)
            self.assertEqual(200, resp.status_int)
            self.assertEqual(name, resp.json['volume_type']['name'])

    def test_unknown_type_is_404_naming_it(self):
        self.assertFault(self.vrequest('/types/gold'), 404, 'gold')

    def test_ids_are_stable(self):
        self.assertEqual(volume_types.type_id('raw'),
                         volume_types.type_id('raw'))
        self.assertNotEqual(volume_types.type_id('raw'),
                            volume_types.type_id('qcow2'))
