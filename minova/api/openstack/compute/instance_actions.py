"""``/servers/{server_id}/os-instance-actions``: what was done to a server,
by which request, and (``/{request_id}``) its steps as events (Nova's
``instance_actions.py``).

At 2.1, as in Nova, only admins see the events (with their tracebacks);
from 2.51 on everyone sees them and only admins the tracebacks.
"""

from minova.api.openstack import common
from minova.compute import api as compute_api

ACTION_KEYS = ('action', 'instance_uuid', 'request_id', 'user_id',
               'project_id', 'start_time', 'message')
EVENT_KEYS = ('event', 'start_time', 'finish_time', 'result', 'traceback')
_TIMES = ('start_time', 'finish_time')

# Nova shows the events to non-admins from this microversion on.
EVENTS_FOR_ALL_VERSION = '2.51'


def _format(obj, keys):
    return {key: common.primitive_time(getattr(obj, key)) if key in _TIMES
            else getattr(obj, key) for key in keys}


class InstanceActionsController(common.Controller):

    def __init__(self, conf):
        super().__init__(conf)
        self.action_api = compute_api.InstanceActionAPI()

    def index(self, req, server_id):
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        actions = self.action_api.actions_get(req.context, instance)
        return {'instanceActions': [_format(action, ACTION_KEYS)
                                    for action in actions]}

    def show(self, req, server_id, request_id):
        context = req.context
        instance = self._get_instance(context, server_id, expected_attrs=())
        action = self.action_api.action_get_by_request_id(
            context, instance, request_id)
        body = _format(action, ACTION_KEYS)
        if context.is_admin or req.api_version >= EVENTS_FOR_ALL_VERSION:
            keys = EVENT_KEYS if context.is_admin else EVENT_KEYS[:-1]
            body['events'] = [_format(event, keys)
                              for event in action.events]
        return {'instanceAction': body}
