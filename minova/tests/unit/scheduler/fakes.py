"""Test helpers of the scheduler: host states, request specs, and compute
nodes with their services written to a real database."""

from oslo_utils import timeutils
from oslo_utils import uuidutils

from minova.db import models
from minova.db import session
from minova.objects import flavor as flavor_obj
from minova.objects import image_meta
from minova.objects import request_spec
from minova.scheduler import host_manager
from minova.scheduler import host_table


def service(disabled=False, forced_down=False, last_seen_up=None,
            **kwargs):
    """A compute service as the HostManager attaches it (up by default)."""
    values = dict(id=1, host='host1', disabled=disabled,
                  disabled_reason=None, forced_down=forced_down,
                  last_seen_up=last_seen_up or timeutils.utcnow(),
                  updated_at=None, created_at=None)
    values.update(kwargs)
    return host_manager.HostService(**values)


def host_state(host='host1', nodename=None, **kwargs):
    """A HostState of 4 CPUs, 4096 MB, 100 GB, ratios 1.0, nothing used,
    nothing reserved, service up, in zone 'nova'; ``kwargs`` override."""
    values = dict(compute_node_id=1, uuid=uuidutils.generate_uuid(),
                  service=service(host=host), availability_zone='nova',
                  vcpus=4, memory_mb=4096, local_gb=100,
                  cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
                  disk_allocation_ratio=1.0)
    values.update(kwargs)
    return host_manager.HostState(host, nodename or host, **values)


def request_spec_obj(memory_mb=512, vcpus=1, root_gb=1, ephemeral_gb=0,
                     swap=0, num_instances=1, **kwargs):
    """A RequestSpec of a flavor of these sizes; ``kwargs`` set fields
    (availability_zone, retry, ignore_hosts, force_hosts, ...)."""
    flavor = flavor_obj.Flavor(
        flavorid='f1', name='f1', memory_mb=memory_mb, vcpus=vcpus,
        root_gb=root_gb, ephemeral_gb=ephemeral_gb, swap=swap,
        extra_specs={})
    spec = request_spec.RequestSpec(
        instance_uuid=uuidutils.generate_uuid(), flavor=flavor,
        image=image_meta.ImageMeta(properties={}),
        num_instances=num_instances, availability_zone=None)
    for key, value in kwargs.items():
        setattr(spec, key, value)
    return spec


def retries(*hosts):
    return request_spec.SchedulerRetries(num_attempts=len(hosts),
                                         hosts=list(hosts))


def create_compute(host, nodename=None, with_service=True, disabled=False,
                   last_seen_up=None, **node_values):
    """Write a compute node (and its compute service, up by default) to the
    configured database; returns the node's id. Node defaults: 4 CPUs,
    4096 MB, 100 GB, ratios 1.0, nothing reserved."""
    values = dict(vcpus=4, memory_mb=4096, local_gb=100,
                  cpu_allocation_ratio=1.0, ram_allocation_ratio=1.0,
                  disk_allocation_ratio=1.0, reserved_host_memory_mb=0,
                  reserved_host_disk_mb=0)
    values.update(node_values)
    with session.writer() as s:
        service_id = None
        if with_service:
            svc = models.Service(
                uuid=uuidutils.generate_uuid(), host=host,
                binary=host_manager.COMPUTE_BINARY, topic='compute',
                disabled=disabled,
                last_seen_up=last_seen_up or timeutils.utcnow())
            s.add(svc)
            s.flush()
            service_id = svc.id
        node = models.ComputeNode(
            uuid=uuidutils.generate_uuid(), host=host,
            hypervisor_hostname=nodename or host, service_id=service_id,
            **values)
        s.add(node)
        s.flush()
        return node.id


def filter_hosts(host_filter, states, spec):
    """The states that pass ``host_filter``, asked both ways: one host at a
    time (``host_passes``) and all at once (``filter_mask`` over a Hosts
    view); fails the test when the two disagree."""
    one_by_one = [state for state in states
                  if host_filter.host_passes(state, spec)]
    hosts = host_table.Hosts.from_states(states)
    at_once = hosts.subset(host_filter.filter_mask(hosts, spec)).states()
    if one_by_one != at_once:
        raise AssertionError('%s: host_passes kept %r, filter_mask kept %r' % (
            type(host_filter).__name__, one_by_one, at_once))
    return at_once


def weigh_hosts(weigher, states, spec):
    """The raw weights and multipliers of ``states`` by ``weigher``, asked
    both ways (per host and all at once); fails the test when the two
    disagree. Returns (weights, multipliers) as lists."""
    per_host = ([float(weigher._weigh_object(s, spec)) for s in states],
                [float(weigher.weight_multiplier(s)) for s in states])
    hosts = host_table.Hosts.from_states(states)
    multipliers = weigher.multipliers(hosts)
    at_once = ([float(w) for w in weigher.weigh_all(hosts, spec)],
               [float(m) for m in multipliers] if hasattr(
                   multipliers, '__len__') else [float(multipliers)] * len(
                       states))
    if per_host != at_once:
        raise AssertionError('%s: per host %r, at once %r' % (
            type(weigher).__name__, per_host, at_once))
    return per_host


def hosts(states):
    """A Hosts view of ``states``, as filters and weighers receive it."""
    return host_table.Hosts.from_states(states)
