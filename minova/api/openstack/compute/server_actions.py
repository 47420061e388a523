"""``POST /servers/{server_id}/action``: the server life cycle.

The body has one key, the action's name; :data:`ServerActionsController.
ACTIONS` maps each name to its schema and handler, as the routing table
maps URLs. A handler validates, calls ``compute.api`` (which checks the
server's state, sets its task_state and casts to its compute) and answers
202: the work goes on in the compute, and the server's status shows it.

By microversion: 2.45 createImage answers ``{"image_id"}`` and no
``Location``; rebuild sets a ``description`` from 2.19, a ``key_name``
from 2.54 and ``user_data`` from 2.57; 2.73 lock keeps a
``locked_reason``, 2.77 unshelve takes an ``availability_zone`` (each
ignored before its version).
"""

from oslo_serialization import jsonutils
from oslo_utils import strutils
import webob.exc

from minova.api import microversion
from minova.api.openstack import common
from minova.api.openstack.compute import servers
from minova.api.openstack.compute.views import server_extras
from minova.api.openstack.compute.views import servers as views_servers
from minova.api.openstack.compute.schemas import server_actions as schema
from minova.api import validation
from minova.api import wsgi
from minova import availability_zones
from minova import exception

_V = microversion.APIVersionRequest
V2_14, V2_19, V2_29, V2_45, V2_54, V2_56, V2_57, V2_73, V2_77 = (
    _V('2.14'), _V('2.19'), _V('2.29'), _V('2.45'), _V('2.54'), _V('2.56'),
    _V('2.57'), _V('2.73'), _V('2.77'))


class ServerActionsController(common.Controller):

    def __init__(self, conf):
        super().__init__(conf)
        self._view_builder = views_servers.ViewBuilder()
        self._host_zones = availability_zones.HostZones()

    @wsgi.response(202)
    def action(self, req, server_id, body):
        """Dispatch to the handler the body's only key names: an unknown
        action is 400 naming it; another project's server is 404."""
        if not isinstance(body, dict) or len(body) != 1:
            raise webob.exc.HTTPBadRequest(
                explanation='Malformed request body: an action body has '
                            'exactly one key, the name of the action')
        name = next(iter(body))
        if name not in self.ACTIONS:
            raise webob.exc.HTTPBadRequest(
                explanation='There is no such action: %s' % name)
        validation.validate(_VALIDATORS[name], body)
        instance = self._get_instance(req.context, server_id,
                                      expected_attrs=())
        return self.ACTIONS[name][1](self, req, instance, body[name])

    # -- power -------------------------------------------------------------

    def _stop(self, req, instance, args):
        self.compute_api.stop(req.context, instance)

    def _start(self, req, instance, args):
        self.compute_api.start(req.context, instance)

    def _reboot(self, req, instance, args):
        self.compute_api.reboot(req.context, instance, args['type'].upper())

    def _pause(self, req, instance, args):
        self.compute_api.pause(req.context, instance)

    def _unpause(self, req, instance, args):
        self.compute_api.unpause(req.context, instance)

    def _suspend(self, req, instance, args):
        self.compute_api.suspend(req.context, instance)

    def _resume(self, req, instance, args):
        self.compute_api.resume(req.context, instance)

    def _lock(self, req, instance, args):
        reason = None
        if req.api_version >= V2_73:
            reason = (args or {}).get('locked_reason')
        self.compute_api.lock(req.context, instance, reason=reason)

    def _unlock(self, req, instance, args):
        self.compute_api.unlock(req.context, instance)

    # -- images and shelve -------------------------------------------------

    def _create_image(self, req, instance, args):
        """202 with the image's URL in ``Location``; from 2.45 with
        ``{"image_id"}`` instead."""
        image = self.compute_api.snapshot(req.context, instance,
                                          args['name'],
                                          args.get('metadata') or {})
        if req.api_version >= V2_45:
            return {'image_id': image['id']}
        req.response.headers['Location'] = self._image_href(req, image['id'])

    @staticmethod
    def _image_href(req, image_id):
        return '%s/images/%s' % (req.application_url.rstrip('/'), image_id)

    def _shelve(self, req, instance, args):
        self.compute_api.shelve(req.context, instance)

    def _shelve_offload(self, req, instance, args):
        self.compute_api.shelve_offload(req.context, instance)

    def _unshelve(self, req, instance, args):
        zone = None
        if req.api_version >= V2_77:
            zone = (args or {}).get('availability_zone')
        self.compute_api.unshelve(req.context, instance,
                                  availability_zone=zone)

    # -- rebuild and evacuate ------------------------------------------------

    def _rebuild(self, req, instance, args):
        """202 with the server (Nova's view without the extensions) and
        its new admin password."""
        password = args.get('adminPass') or servers.generate_password()
        extra = {}
        if 'description' in args and req.api_version >= V2_19:
            extra['description'] = args['description']
        if 'key_name' in args and req.api_version >= V2_54:
            extra['key_name'] = args['key_name']
        if 'user_data' in args and req.api_version >= V2_57:
            extra['user_data'] = servers.ServersController._user_data(
                args['user_data'])
        instance = self.compute_api.rebuild(
            req.context, instance, args['imageRef'], password,
            name=args.get('name'), metadata=args.get('metadata'),
            preserve_ephemeral=strutils.bool_from_string(
                args.get('preserve_ephemeral', False), strict=True),
            access_ip_v4=args.get('accessIPv4'),
            access_ip_v6=args.get('accessIPv6'), **extra)
        instance.fault = None
        view = self._view_builder.rebuild(req, instance, server_extras.load(
            req, [instance], self._host_zones, show_groups=True))
        view['server']['adminPass'] = password
        return view

    def _evacuate(self, req, instance, args):
        """200 (Nova's code for this action) with the admin password,
        unless the disks are on shared storage (the guest keeps its own).
        From 2.14 the caller no longer says ``onSharedStorage`` and the
        answer has no body, as in Nova."""
        if req.api_version >= V2_14:
            if 'onSharedStorage' in args:
                raise webob.exc.HTTPBadRequest(explanation=(
                    "Invalid input for field/attribute evacuate: "
                    "Additional properties are not allowed "
                    "('onSharedStorage' was unexpected)"))
            self.compute_api.evacuate(
                req.context, instance, args.get('host'), False,
                admin_password=(args.get('adminPass') or
                                servers.generate_password()),
                # From 2.29 a host is judged by the filters (minova has
                # no ``force``: it is refused as an unknown key).
                force=False if req.api_version >= V2_29 else None)
            resp = req.response
            resp.status_int = 200
            return resp
        if 'onSharedStorage' not in args:
            raise webob.exc.HTTPBadRequest(explanation=(
                "Invalid input for field/attribute evacuate: "
                "'onSharedStorage' is a required property"))
        shared = strutils.bool_from_string(args['onSharedStorage'],
                                           strict=True)
        password = args.get('adminPass')
        if shared and password:
            raise webob.exc.HTTPBadRequest(explanation=(
                'admin password can\'t be changed on existing disk'))
        if not shared:
            password = password or servers.generate_password()
        self.compute_api.evacuate(req.context, instance, args.get('host'),
                                  shared, admin_password=password)
        # A response, not a body: the action route's code is 202.
        resp = req.response
        resp.status_int = 200
        if password:
            resp.content_type = 'application/json'
            resp.body = jsonutils.dump_as_bytes({'adminPass': password})
        return resp

    # -- resize and cold migrate -------------------------------------------

    def _resize(self, req, instance, args):
        self.compute_api.resize(req.context, instance,
                                flavor_id=str(args['flavorRef']))

    def _confirm_resize(self, req, instance, args):
        """204, Nova's code for this action (the others' is 202)."""
        self.compute_api.confirm_resize(req.context, instance)
        resp = req.response
        resp.status_int = 204
        return resp

    def _revert_resize(self, req, instance, args):
        self.compute_api.revert_resize(req.context, instance)

    def _migrate(self, req, instance, args):
        host = (args or {}).get('host')
        if args and 'host' in args and req.api_version < V2_56:
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid input for field/attribute migrate: '
                            'host is accepted from microversion 2.56')
        try:
            self.compute_api.resize(req.context, instance, host_name=host)
        except exception.ComputeHostNotFound as e:
            raise webob.exc.HTTPBadRequest(explanation=e.format_message())

    #: action name -> (body schema, handler): every action in one screen.
    ACTIONS = {
        'os-stop': (schema.null_bodies['os-stop'], _stop),
        'os-start': (schema.null_bodies['os-start'], _start),
        'reboot': (schema.reboot, _reboot),
        'pause': (schema.null_bodies['pause'], _pause),
        'unpause': (schema.null_bodies['unpause'], _unpause),
        'suspend': (schema.null_bodies['suspend'], _suspend),
        'resume': (schema.null_bodies['resume'], _resume),
        'lock': (schema.lock, _lock),
        'unlock': (schema.null_bodies['unlock'], _unlock),
        'createImage': (schema.create_image, _create_image),
        'shelve': (schema.null_bodies['shelve'], _shelve),
        'shelveOffload': (schema.null_bodies['shelveOffload'],
                          _shelve_offload),
        'unshelve': (schema.unshelve, _unshelve),
        'rebuild': (schema.rebuild, _rebuild),
        'evacuate': (schema.evacuate, _evacuate),
        'resize': (schema.resize, _resize),
        'confirmResize': (schema.null_bodies['confirmResize'],
                          _confirm_resize),
        'revertResize': (schema.null_bodies['revertResize'], _revert_resize),
        'migrate': (schema.migrate, _migrate),
    }


_VALIDATORS = {name: validation.validator(body_schema) for name, (
    body_schema, _handler) in ServerActionsController.ACTIONS.items()}
