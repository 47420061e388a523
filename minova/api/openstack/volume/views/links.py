"""Links of a volume API resource, as Cinder builds them: ``self`` under
the version (``<endpoint>/v3/<project>/volumes/<id>``) and ``bookmark``
without it."""

from minova.api.openstack import common


def links(req, collection, resource_id):
    project = req.context.project_id
    version_base = req.application_url.rstrip('/')
    return [
        {'rel': 'self', 'href': '%s/%s/%s/%s' % (
            version_base, project, collection, resource_id)},
        {'rel': 'bookmark', 'href': '%s/%s/%s/%s' % (
            common.remove_trailing_version_from_href(version_base), project,
            collection, resource_id)},
    ]
