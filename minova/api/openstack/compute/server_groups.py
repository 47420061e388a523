"""``/os-server-groups``: groups of servers the scheduler places together
(affinity) or apart (anti-affinity), strictly or as a preference (the
soft policies, 2.15) -- Nova's ``server_groups.py``. A group shows its
``project_id`` and ``user_id`` from 2.13, and from 2.64 its ``policy``
and ``rules`` (``max_server_per_host`` of an anti-affinity group) instead
of ``policies`` and ``metadata``.

A server joins a group at boot, with the scheduler hint ``group``
(``compute.api.API.create``); the group lists it among its ``members``
until it is deleted.
"""

from oslo_utils import uuidutils
import webob.exc

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute.schemas import server_groups as schema
from minova.api import validation
from minova.api import wsgi
from minova.compute import quota
from minova.db import session as db_session
from minova.objects import instance_group


V2_13 = microversion.APIVersionRequest('2.13')
V2_64 = microversion.APIVersionRequest('2.64')


def _format_server_group(req, group):
    """A group as Nova shows it at the request's version: before 2.64 the
    policy in a list and a ``metadata`` that is always empty."""
    body = {'id': group.uuid, 'name': group.name,
            'members': list(group.members)}
    version = req.api_version
    if version >= V2_64:
        body.update(policy=group.policy, rules=dict(group.rules or {}))
    else:
        body.update(policies=[group.policy] if group.policy else [],
                    metadata={})
    if version >= V2_13:
        body.update(project_id=group.project_id, user_id=group.user_id)
    return body


class ServerGroupController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query_schema(schema.index_query, '2.1', '2.74')
    @validation.query_schema(schema.index_query_v275, '2.75')
    def index(self, req):
        """The caller's project's groups; an admin's with ``all_projects``
        (any value, as in Nova) are every project's."""
        context = req.context
        limit, offset = common.get_limit_and_offset(req)
        project_id = context.project_id
        if 'all_projects' in req.GET and common.allowed(
                req, 'os_compute_api:os-server-groups:index:all_projects'):
            project_id = None
        groups = instance_group.InstanceGroupList.get_all(
            context, project_id=project_id, limit=limit, offset=offset)
        return {'server_groups': [_format_server_group(req, group)
                                  for group in groups]}

    def show(self, req, group_id):
        return {'server_group': _format_server_group(
            req, instance_group.InstanceGroup.get_by_uuid(req.context,
                                                          group_id))}

    @validation.versioned_schema(schema.CREATE)
    def create(self, req, body):
        context = req.context
        values = body['server_group']
        if 'policy' in values:
            policy, rules = values['policy'], values.get('rules') or {}
            if rules and policy != instance_group.ANTI_AFFINITY:
                raise webob.exc.HTTPBadRequest(
                    explanation='Only anti-affinity policy supports rules.')
            rules = {key: int(value) for key, value in rules.items()}
        else:
            policy, rules = values['policies'][0], {}
        quota.check_server_groups(self.conf, context)
        group = instance_group.InstanceGroup(
            context, uuid=uuidutils.generate_uuid(), name=values['name'],
            policy=policy, rules=rules, members=[],
            project_id=context.project_id, user_id=context.user_id)
        with db_session.writer() as s:
            group.create(session=s)
            # Racing creates of one project cannot both squeeze under it.
            quota.check_server_groups(self.conf, context, delta=0,
                                      session=s)
        return {'server_group': _format_server_group(req, group)}

    @wsgi.response(204)
    def delete(self, req, group_id):
        """Delete the group; its servers stay as they are."""
        instance_group.InstanceGroup.get_by_uuid(req.context,
                                                 group_id).destroy()
