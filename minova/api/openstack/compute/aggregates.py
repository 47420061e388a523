"""``/os-aggregates``: admins group compute hosts, give the groups metadata
the scheduler matches against flavors, and make them availability zones
(Nova's ``aggregates.py``: its bodies, codes and messages); from 2.41 an
aggregate shows its ``uuid``.

``POST /os-aggregates/{id}/action`` takes one of ``add_host``,
``remove_host`` and ``set_metadata``.
"""

import webob.exc

from minova import aggregates
from minova.api.openstack import common
from minova.api.openstack.compute.schemas import aggregates as schema
from minova.api import validation
from minova import exception

UUID_VERSION = '2.41'
_SHOWN = ('availability_zone', 'created_at', 'deleted', 'deleted_at', 'id',
          'name', 'updated_at', 'hosts', 'metadata')


def _aggregate_id(value):
    """The integer id of the URL; 400 naming it otherwise (as Nova), 404
    for one no aggregate can have."""
    try:
        int(value)
    except ValueError:
        raise webob.exc.HTTPBadRequest(
            explanation='Invalid input received: id must be an integer '
                        '(got %r)' % value)
    number = common.db_id(value)
    if number is None:
        raise webob.exc.HTTPNotFound(
            explanation='Aggregate %s could not be found.' % value)
    return number


def _view(req, aggregate, keys=_SHOWN):
    """Nova's aggregate: naive timestamps, the uuid from 2.41."""
    body = {key: aggregate[key] for key in keys}
    if req.api_version >= UUID_VERSION:
        body['uuid'] = aggregate['uuid']
    for key in ('created_at', 'updated_at', 'deleted_at'):
        body[key] = common.primitive_time(body[key])
    return {'aggregate': body}


class AggregateController:

    def __init__(self, conf):
        self.conf = conf

    def index(self, req):
        return {'aggregates': [
            _view(req, aggregate)['aggregate']
            for aggregate in aggregates.get_aggregate_list(req.context)]}

    @validation.schema(schema.create)
    def create(self, req, body):
        """200 (not 201, as Nova), without hosts and metadata (as Nova)."""
        values = body['aggregate']
        aggregate = aggregates.create_aggregate(
            req.context, values['name'], values.get('availability_zone'))
        return _view(req, aggregate, [key for key in _SHOWN
                                      if key not in ('hosts', 'metadata')])

    def show(self, req, aggregate_id):
        return _view(req, aggregates.get_aggregate(
            req.context, _aggregate_id(aggregate_id)))

    @validation.schema(schema.update)
    def update(self, req, aggregate_id, body):
        return _view(req, aggregates.update_aggregate(
            req.context, _aggregate_id(aggregate_id), body['aggregate']))

    def delete(self, req, aggregate_id):
        """200 with no body (as Nova); 400 while it still has hosts."""
        aggregates.delete_aggregate(req.context,
                                    _aggregate_id(aggregate_id))

    def action(self, req, aggregate_id, body):
        """POST .../action: one action, named by the body's only key."""
        if not isinstance(body, dict) or len(body) != 1:
            raise webob.exc.HTTPBadRequest(
                explanation='Malformed request body: an action body has '
                            'exactly one key, one of %s'
                            % ', '.join(sorted(self._ACTIONS)))
        name = next(iter(body))
        if name not in self._ACTIONS:
            raise webob.exc.HTTPBadRequest(
                explanation='There is no such action: %s' % name)
        return self._ACTIONS[name](self, req, aggregate_id, body=body)

    @validation.schema(schema.add_host)
    def _add_host(self, req, aggregate_id, body):
        host = body['add_host']['host']
        try:
            return _view(req, aggregates.add_host_to_aggregate(
                req.context, _aggregate_id(aggregate_id), host))
        except exception.InvalidAggregateAction as e:
            # 409, not the 400 of the other actions: Nova's code for it.
            raise webob.exc.HTTPConflict(explanation=e.format_message())

    @validation.schema(schema.remove_host)
    def _remove_host(self, req, aggregate_id, body):
        host = body['remove_host']['host']
        try:
            return _view(req, aggregates.remove_host_from_aggregate(
                req.context, _aggregate_id(aggregate_id), host))
        except (exception.AggregateNotFound, exception.AggregateHostNotFound,
                exception.ComputeHostNotFound) as e:
            raise webob.exc.HTTPNotFound(
                explanation='Cannot remove host %s in aggregate %s: %s' % (
                    host, aggregate_id, e.format_message()))

    @validation.schema(schema.set_metadata)
    def _set_metadata(self, req, aggregate_id, body):
        return _view(req, aggregates.update_aggregate_metadata(
            req.context, _aggregate_id(aggregate_id),
            body['set_metadata']['metadata']))

    _ACTIONS = {'add_host': _add_host, 'remove_host': _remove_host,
                'set_metadata': _set_metadata}
