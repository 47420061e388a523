"""The version documents: what a client reads to discover the API.

``GET /`` lists the major versions (200, ``{"versions": [...]}``); any other
path outside ``/v2.1`` answers 300 Multiple Choices (``{"choices": [...]}``);
``GET /v2.1/`` describes v2.1 with its microversion range
(``{"version": {...}}``). The JSON is Nova's, field for field, so
keystoneauth, openstacksdk and novaclient discover minova as they discover
Nova. As Nova, the list also has v2.0 (SUPPORTED): ``/v2`` serves the same
API as ``/v2.1``, at microversion 2.1 whatever the headers ask
(:func:`minova.api.microversion.legacy_v2_filter_factory`), and ``GET
/v2/`` describes v2.0.
"""

import copy

from oslo_serialization import jsonutils
import webob
import webob.dec
import webob.exc

from minova.api import microversion

_DOCS = 'http://docs.openstack.org/'

VERSIONS = {
    'v2.0': {
        'id': 'v2.0',
        'status': 'SUPPORTED',
        'version': '',
        'min_version': '',
        'updated': '2011-01-21T11:33:21Z',
        'links': [
            {'rel': 'describedby', 'type': 'text/html', 'href': _DOCS},
        ],
        'media-types': [
            {'base': 'application/json',
             'type': 'application/vnd.openstack.compute+json;version=2'},
        ],
    },
    'v2.1': {
        'id': 'v2.1',
        'status': 'CURRENT',
        'version': str(microversion.MAX_VERSION),
        'min_version': str(microversion.MIN_VERSION),
        'updated': '2013-07-23T11:33:21Z',
        'links': [
            {'rel': 'describedby', 'type': 'text/html', 'href': _DOCS},
        ],
        'media-types': [
            {'base': 'application/json',
             'type': 'application/vnd.openstack.compute+json;version=2.1'},
        ],
    },
}


def url_join(*parts):
    """Join URL parts with single slashes; an empty last part leaves a
    trailing slash (``url_join('http://h', 'v2.1', '')`` is
    ``http://h/v2.1/``).
    """
    clean = [part.strip('/') for part in parts if part]
    if not parts[-1]:
        clean.append('')
    return '/'.join(clean)


# Where each version is served: Nova's v2.0 lives at /v2.
_PATHS = {'v2.0': 'v2', 'v2.1': 'v2.1'}


def _self_href(req, version_id, path=''):
    return url_join(req.application_url, _PATHS[version_id], path)


def build_versions(req):
    return {'versions': [
        {'id': v['id'], 'status': v['status'], 'version': v['version'],
         'min_version': v['min_version'], 'updated': v['updated'],
         'links': [{'rel': 'self', 'href': _self_href(req, v['id'])}]}
        for _, v in sorted(VERSIONS.items())]}


def build_choices(req):
    return {'choices': [
        {'id': v['id'], 'status': v['status'],
         'links': [{'rel': 'self',
                    'href': _self_href(req, v['id'], req.path)}],
         'media-types': v['media-types']}
        for _, v in sorted(VERSIONS.items())]}


@webob.dec.wsgify
def root_app(req):
    """The app mounted at ``/``: the version list, or multiple choices."""
    if req.path_info in ('', '/'):
        status, body = 200, build_versions(req)
    else:
        status, body = 300, build_choices(req)
    return webob.Response(status=status, content_type='application/json',
                          body=jsonutils.dump_as_bytes(body))


def root_app_factory(global_conf, **local_conf):
    """Paste app factory for :func:`root_app`."""
    return root_app


def show(req, version_id=None):
    """``GET /v2.1/`` (``/v2/``: v2.0's) and ``GET
    /v2.1/versions/{version_id}``."""
    if version_id is None:
        version_id = ('v2.0' if req.environ.get(microversion.LEGACY_V2_KEY)
                      else 'v2.1')
    if version_id not in VERSIONS:
        raise webob.exc.HTTPNotFound()
    document = copy.deepcopy(VERSIONS[version_id])
    document['links'].insert(0, {
        'rel': 'self', 'href': req.application_url.rstrip('/') + '/'})
    return {'version': document}
