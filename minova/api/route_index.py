"""The index of every route the APIs serve, written from the routing
tables themselves: each URL and method with the microversions its handlers
serve and the policy rule it checks, and the page of their samples.

``python -m minova.api.route_index`` writes ``doc/source/api_routes.rst``
and ``doc/source/api_samples.rst``; unit tests fail when they differ from
what :func:`render` and :func:`render_samples` say, so the pages never lag
the code. The samples themselves (``doc/api_samples/<api>/<name>.json``,
named by :func:`sample_name`) are written and checked by the functional
tests ``test_api_samples_*``.
"""

import os

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
:doc:`api_microversion_history` (the Image API has no microversions).
A sample request and answer of each route (each action of an ``action``
route) is in :doc:`api_samples`.

This page is written by ``python -m minova.api.route_index``; a unit test
fails when it differs from the routing tables.
"""

DOC = os.path.join(os.path.dirname(__file__), '..', '..', 'doc')
SAMPLES_DIR = os.path.join(DOC, 'api_samples')

SAMPLES_HEADER = """\
===========
API samples
===========

A request and its answer for every route minova serves, and for every
action of the ``action`` routes: real exchanges with ``minova-all`` (fake
driver, noauth2 as ``admin``), at the newest microversion that serves the
route. Ids, times and generated secrets are replaced by fixed values, the
endpoint by ``http://openstack.example.com``.

The files are ``doc/api_samples/<api>/<route>-<method>[-<action>].json``.
The functional tests ``minova/tests/functional/test_api_samples_*.py``
make each request and fail when the answer differs from its file;
``MINOVA_REGENERATE_SAMPLES=1`` makes them write the files instead.
This page is written by ``python -m minova.api.route_index``.
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


def sample_name(template, method, action=None):
    """The file name of a route's sample: ``servers-server_id-get.json``,
    ``servers-server_id-action-post-os-stop.json``."""
    if template in ('', '/'):
        parts = ['root' if template == '' else 'root-slash']
    else:
        parts = [part.strip('{}') for part in template.strip('/').split('/')]
    parts.append(method.lower())
    if action:
        parts.append(action)
    return '-'.join(parts) + '.json'


def _apis():
    return [('compute', 'Compute API', '/v2.1', compute.ROUTES,
             compute_rules.ROUTE_RULES, microversion.MIN_VERSION,
             microversion.MAX_VERSION),
            ('volume', 'Block Storage API', '/volume/v3', volume.ROUTES,
             volume_rules.ROUTE_RULES, volume_mv.MIN_VERSION,
             volume_mv.MAX_VERSION),
            ('image', 'Image API', '/image/v2', image.ROUTES,
             image_rules.ROUTE_RULES, None, None)]


def samples():
    """``(api, prefix, template, method, action, file name)`` of every
    sample there must be: one a route and method, one an action of the
    ``action`` routes."""
    for api, _title, prefix, routes, rules, _low, _high in _apis():
        for template in sorted(routes):
            for method in sorted(routes[template]):
                rule = rules[(template, method)]
                actions = sorted(rule) if isinstance(rule, dict) else [None]
                for action in actions:
                    yield (api, prefix, template, method, action,
                           sample_name(template, method, action))


def render_samples():
    """The samples page, as text."""
    lines = [SAMPLES_HEADER]
    titles = {api: title for api, title, *_rest in _apis()}
    current = None
    for api, prefix, template, method, action, name in samples():
        if api != current:
            current = api
            lines += [titles[api], '=' * len(titles[api]), '']
        title = '%s %s%s' % (method, prefix, template)
        if action:
            title += ' (%s)' % action
        lines += [title, '-' * len(title), '',
                  '.. literalinclude:: ../api_samples/%s/%s' % (api, name),
                  '   :language: json', '']
    return '\n'.join(lines)


def render():
    """The routes page, as text."""
    lines = [HEADER]
    for _api, title, prefix, routes, rules, low, high in _apis():
        lines += _table(title, prefix, routes, rules, low, high)
    return '\n'.join(lines)


def main():
    for page, text in (('api_routes.rst', render()),
                       ('api_samples.rst', render_samples())):
        with open(os.path.join(DOC, 'source', page), 'w') as f:
            f.write(text)


if __name__ == '__main__':
    main()
