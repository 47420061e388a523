"""doc/source/api_routes.rst is what the routing tables say."""

import os

import testtools

from minova.api import route_index

PAGE = os.path.join(os.path.dirname(__file__), '..', '..', '..', '..',
                    'doc', 'source', 'api_routes.rst')


class TestRouteIndex(testtools.TestCase):

    def test_the_page_matches_the_routing_tables(self):
        with open(PAGE) as f:
            self.assertEqual(
                route_index.render(), f.read(),
                'doc/source/api_routes.rst is stale: regenerate it with '
                '"python -m minova.api.route_index > '
                'doc/source/api_routes.rst"')

    def test_each_route_is_listed_once_with_its_range_and_rule(self):
        page = route_index.render()
        self.assertIn('     - ``/v2.1/servers/{server_id}/tags``\n'
                      '     - 2.26-latest\n'
                      '     - ``os_compute_api:os-server-tags:index``', page)
        self.assertIn('     - ``/volume/v3/volumes``\n'
                      '     - 3.0-latest\n'
                      '     - ``volume:create``', page)
        self.assertEqual(1, page.count('     - ``/v2.1/servers/detail``'))
