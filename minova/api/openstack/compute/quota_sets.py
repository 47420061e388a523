"""``/os-quota-sets/{tenant_id}``: a project's quotas (or, with
``?user_id=``, a user's in it) -- Nova's ``quota_sets.py`` with the
DbQuotaDriver.

GET shows the limits, ``/detail`` adds ``in_use`` and ``reserved`` (0),
``/defaults`` the ``[quota]`` values; PUT (admin) sets limits, DELETE
(admin) forgets them. The nova-network quotas leave every answer and
request body at 2.36, the personality ones at 2.57; unknown query
parameters are refused from 2.75.

Policy, by Nova's rule names (until oslo.policy is wired):
``os_compute_api:os-quota-sets:show`` and ``:detail`` -- the project's own
members or an admin; ``:defaults`` -- anyone; ``:update`` and ``:delete``
-- admin.
"""

from oslo_utils import strutils
import webob.exc

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import quota_sets as schema
from minova.api import validation
from minova.api import wsgi
from minova.compute import quota
from minova.compute import quota_sets

POLICY_ROOT = 'os_compute_api:os-quota-sets:%s'


def _hidden(req):
    """The quotas this request's microversion no longer shows."""
    version = req.api_version
    if version.matches('2.57'):
        return schema.NETWORK_QUOTAS + schema.PERSONALITY_QUOTAS
    if version.matches('2.36'):
        return schema.NETWORK_QUOTAS
    return ()


def _format(req, values, project_id=None):
    hidden = _hidden(req)
    result = {} if project_id is None else {'id': project_id}
    result.update((name, values[name]) for name in quota.RESOURCE_NAMES
                  if name not in hidden)
    return {'quota_set': result}


def _check_reader(req, project_id, action):
    """Nova's PROJECT_READER_OR_ADMIN on the project asked for: 403 for
    another project's quotas."""
    common.authorize(req, POLICY_ROOT % action, {'project_id': project_id})


def _user_id(req):
    """The ``user_id`` query parameter (the first, as Nova takes it)."""
    values = req.GET.getall('user_id')
    return values[0] if values else None


class QuotaSetsController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query_schema(schema.show_query, '2.1', '2.74')
    @validation.query_schema(schema.show_query_v275, '2.75')
    def show(self, req, tenant_id):
        _check_reader(req, tenant_id, 'show')
        return _format(req, quota_sets.get_quota_set(
            self.conf, req.context, tenant_id, _user_id(req)), tenant_id)

    @validation.query_schema(schema.show_query, '2.1', '2.74')
    @validation.query_schema(schema.show_query_v275, '2.75')
    def detail(self, req, tenant_id):
        _check_reader(req, tenant_id, 'detail')
        return _format(req, quota_sets.get_quota_set(
            self.conf, req.context, tenant_id, _user_id(req), usages=True),
            tenant_id)

    def defaults(self, req, tenant_id):
        # os_compute_api:os-quota-sets:defaults -- anyone.
        return _format(req, quota.get_defaults(self.conf), tenant_id)

    @validation.schema(schema.update, '2.1', '2.35')
    @validation.schema(schema.update_v236, '2.36', '2.56')
    @validation.schema(schema.update_v257, '2.57')
    @validation.query_schema(schema.show_query, '2.1', '2.74')
    @validation.query_schema(schema.show_query_v275, '2.75')
    def update(self, req, tenant_id, body):
        values = dict(body['quota_set'])
        if 'networks' in values:
            raise webob.exc.HTTPBadRequest(
                explanation='The networks quota has been removed')
        force = strutils.bool_from_string(values.pop('force', False))
        # An empty string sets nothing, as in Nova.
        new_limits = {name: int(value) for name, value in values.items()
                      if value or value == 0}
        user_id = _user_id(req)
        # 400 naming the first limit out of its range; nothing written.
        quota_sets.update(self.conf, req.context, tenant_id, new_limits,
                          user_id=user_id, force=force)
        # No id in the answer, as in Nova.
        return _format(req, quota_sets.get_quota_set(
            self.conf, req.context, tenant_id, user_id))

    @validation.query_schema(schema.show_query, '2.1', '2.74')
    @validation.query_schema(schema.show_query_v275, '2.75')
    @wsgi.response(202)
    def delete(self, req, tenant_id):
        """Back to the defaults (202, as Nova answers)."""
        quota_sets.delete(req.context, tenant_id, _user_id(req))
