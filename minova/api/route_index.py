"""The index of every route the APIs serve, written from the routing
tables themselves: each URL and method with the microversions its handlers
serve and the policy rule it checks. ``doc/source/api_routes.rst`` is its
output (``python -m minova.api.route_index > doc/source/api_routes.rst``);
a unit test fails when the two differ, so the page never lags the code.
"""

from minova.api import microversion
from minova.api.openstack import compute
from minova.api.openstack import image
from minova.api.openstack import volume
from minova.api.openstack.volume import microversion as volume_mv
from minova.api.policies import image as image_rules
from minova.api.policies import routes as compute_rules
from minova.api.policies import volume as volume_rules

HEADER = """\
==========
API routes
==========

Every URL and method minova serves, with the microversions that serve it
and the policy rule it checks (:doc:`policy`; a server's or an
aggregate's ``action`` checks the rule of the action its body names, and
*none* means any authenticated caller). A range ends where a newer
microversion stops serving the route (404 from then on, as in Nova);
changes of the body within a range are in
:doc:`api_microversion_history`. Samples of requests and answers are in
:doc:`api_reference`, :doc:`volume_api` and :doc:`image_api` (the
Image API has no microversions).

This page is written by ``python -m minova.api.route_index``; a unit test
fails when it differs from the routing tables.
"""


def _versions(handlers, minimum, maximum):
    """The ranges of a method's handlers, as text: ``2.1-2.35``,
    ``2.26-latest``; several joined with ``, ``; ``-`` for an API
    without microversions."""
    if minimum is None:
        return '-'
    ranges = []
    for handler in handlers if isinstance(handlers, list) else [handlers]:
        if isinstance(handler, tuple):
            cls, name = handler
            handler = getattr(cls, name)
        low = getattr(handler, 'min_version', None) or minimum
        high = getattr(handler, 'max_version', None)
        text = '%s-%s' % (low.get_string(), 'latest' if (
            high is None or high >= maximum) else high.get_string())
        if low > maximum:
            text += ' (above the maximum: not served yet)'
        ranges.append((low, text))
    return ', '.join(text for _low, text in sorted(ranges))


def _rule(entry):
    if entry is None:
        return '*none*'
    if isinstance(entry, dict):
        return '; '.join('``%s``: ``%s``' % (action, rule)
                         for action, rule in sorted(entry.items()))
    return '``%s``' % entry


def _table(title, prefix, routes, rules, minimum, maximum):
    lines = [title, '=' * len(title), '',
             '.. list-table::', '   :header-rows: 1', '',
             '   * - method', '     - URL', '     - microversions',
             '     - policy rule']
    for template in sorted(routes):
        for method in sorted(routes[template]):
            lines += ['   * - %s' % method,
                      '     - ``%s%s``' % (prefix, template),
                      '     - %s' % _versions(routes[template][method],
                                              minimum, maximum),
                      '     - %s' % _rule(rules[(template, method)])]
    return lines + ['']


def render():
    """The page, as text."""
    lines = [HEADER]
    lines += _table('Compute API', '/v2.1', compute.ROUTES,
                    compute_rules.ROUTE_RULES, microversion.MIN_VERSION,
                    microversion.MAX_VERSION)
    lines += _table('Block Storage API', '/volume/v3', volume.ROUTES,
                    volume_rules.ROUTE_RULES, volume_mv.MIN_VERSION,
                    volume_mv.MAX_VERSION)
    lines += _table('Image API', '/image/v2', image.ROUTES,
                    image_rules.ROUTE_RULES, None, None)
    return '\n'.join(lines)


if __name__ == '__main__':
    print(render(), end='')
