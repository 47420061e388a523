"""``/os-server-groups``: groups of servers the scheduler places together
(affinity) or apart (anti-affinity), strictly or as a preference (the
soft policies) -- Nova's ``server_groups.py`` at 2.1.

A server joins a group at boot, with the scheduler hint ``group``
(``compute.api.API.create``); the group lists it among its ``members``
until it is deleted.
"""

from oslo_utils import uuidutils

from minova.api.openstack import common
from minova.api.openstack.compute.schemas import server_groups as schema
from minova.api import validation
from minova.api import wsgi
from minova.compute import quota
from minova.db import session as db_session
from minova.objects import instance_group


def _format_server_group(group):
    """A group as Nova shows it at 2.1: the policy in a list, and a
    ``metadata`` that is always empty."""
    return {'id': group.uuid, 'name': group.name,
            'policies': [group.policy] if group.policy else [],
            'members': list(group.members), 'metadata': {}}


class ServerGroupController:

    def __init__(self, conf):
        self.conf = conf

    @validation.query_schema(schema.index_query)
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
        return {'server_groups': [_format_server_group(group)
                                  for group in groups]}

    def show(self, req, group_id):
        return {'server_group': _format_server_group(
            instance_group.InstanceGroup.get_by_uuid(req.context,
                                                     group_id))}

    @validation.schema(schema.create)
    def create(self, req, body):
        context = req.context
        values = body['server_group']
        quota.check_server_groups(self.conf, context)
        group = instance_group.InstanceGroup(
            context, uuid=uuidutils.generate_uuid(), name=values['name'],
            policy=values['policies'][0], rules={}, members=[],
            project_id=context.project_id, user_id=context.user_id)
        with db_session.writer() as s:
            group.create(session=s)
            # Racing creates of one project cannot both squeeze under it.
            quota.check_server_groups(self.conf, context, delta=0,
                                      session=s)
        return {'server_group': _format_server_group(group)}

    @wsgi.response(204)
    def delete(self, req, group_id):
        """Delete the group; its servers stay as they are."""
        instance_group.InstanceGroup.get_by_uuid(req.context,
                                                 group_id).destroy()
