"""What the scheduler knows of each compute node, and the plugins that judge
them.

:class:`HostManager` keeps the host state of every compute node with its
compute service between requests, in a
:class:`~minova.scheduler.host_table.HostTable`, and runs the enabled
filters and weighers over it. Reading 100,000 rows costs about two seconds,
a thousand times what a decision may, so each request reads only the rows
stamped since the previous read (claims, releases, reports and service
changes all stamp ``updated_at``; heartbeats do not). Once the service has
started (:meth:`HostManager.start`), a thread of its own reads the whole
table again every ``[filter_scheduler] host_state_reload_interval`` seconds
and swaps it in (:mod:`minova.scheduler.host_refresh`): that is how
heartbeats (service liveness) and rows that vanished unstamped reach the
cache, and no request waits for it -- only the first one, which finds no
table. The read of changes that follows a swap starts from when the
background read began, so a change read meanwhile into the old table is
read again. (Without the thread, as in tests and tools, a request does the
full read itself when it is due.)

The hosts' aggregates (and so their availability zones) are read with the
full read; a change to any aggregate -- one tiny query per request tells
(:func:`minova.db.aggregates.get_version`) -- makes the request read them
again and relabel, in place, the hosts in an aggregate before or after.

The cache cannot over-commit a host: a claim is a conditional UPDATE on the
database's numbers, not the cache's (:mod:`minova.db.allocations`). A stale
cache only means a claim that fails and the next host tried.
"""

import contextlib
import datetime
import threading
import time
import weakref

import numpy as np
from oslo_log import log as logging
from oslo_utils import timeutils
import sqlalchemy as sa

from minova import config
from minova.db import aggregates as db_aggregates
from minova.db import models
from minova.db import session
from minova import exception
from minova import plugins
from minova.scheduler import filters
from minova.scheduler import host_refresh
from minova.scheduler import host_state
from minova.scheduler import host_table
from minova.scheduler import utils as scheduler_utils
from minova.scheduler import weights

LOG = logging.getLogger(__name__)

COMPUTE_BINARY = 'minova-compute'

# Kept here too: plugins and their tests know them by these names.
HostState = host_state.HostState
HostService = host_state.HostService

# The compute_nodes columns a HostState is built from, each under the name
# of HostState's keyword argument.
_NODE_COLUMNS = (
    ('host', 'host'), ('hypervisor_hostname', 'nodename'),
    ('id', 'compute_node_id'), ('uuid', 'uuid'),
    ('hypervisor_type', 'hypervisor_type'),
    ('hypervisor_version', 'hypervisor_version'), ('cpu_info', 'cpu_info'),
    ('supported_instances', 'supported_instances'), ('vcpus', 'vcpus'),
    ('memory_mb', 'memory_mb'), ('local_gb', 'local_gb'),
    ('vcpus_used', 'vcpus_used'), ('memory_mb_used', 'memory_mb_used'),
    ('local_gb_used', 'local_gb_used'), ('running_vms', 'running_vms'),
    ('cpu_allocation_ratio', 'cpu_allocation_ratio'),
    ('ram_allocation_ratio', 'ram_allocation_ratio'),
    ('disk_allocation_ratio', 'disk_allocation_ratio'),
    ('reserved_host_memory_mb', 'reserved_host_memory_mb'),
    ('reserved_host_disk_mb', 'reserved_host_disk_mb'),
    ('generation', 'generation'), ('failed_builds', 'failed_builds'),
    ('updated_at', 'updated'))
_STATE_ARGS = tuple(arg for _, arg in _NODE_COLUMNS)
_HOST, _NODE_ID = _STATE_ARGS.index('host'), _STATE_ARGS.index(
    'compute_node_id')
_GENERATION, _UPDATED = _STATE_ARGS.index('generation'), _STATE_ARGS.index(
    'updated')

# How far back of the previous read a read of changes starts: a row
# stamped just before that read may commit just after it, and the clocks of
# the writers may differ a little.
CHANGE_MARGIN = datetime.timedelta(seconds=1)

_nodes = models.ComputeNode.__table__
_services = models.Service.__table__


def _load_plugins(conf, namespace, names, base):
    """Instantiate the configured plugins. A bad name, a class that is not
    a ``base``, or one that cannot be built stops the scheduler at start
    with a PluginLoadError naming it.

    A plugin may register options of its own on ``conf`` when it is built;
    their values are checked then, as minova's own are when the config is
    parsed, so a bad one stops the start with a ConfigValueError naming
    its group and option, whether the plugin reads it at once or later.
    """
    group, option = plugins.NAMESPACES[namespace]
    instances = []
    for name, cls in zip(names, plugins.load_classes(namespace, names)):
        if not (isinstance(cls, type) and issubclass(cls, base)):
            reason = 'is not a %s.%s' % (base.__module__, base.__name__)
        else:
            try:
                instances.append(cls(conf))
                error = None
            except Exception as e:
                error = e
            config.check_values(conf)
            if error is None:
                continue
            reason = 'cannot be built with the config: %s: %s' % (
                type(error).__name__, error)
        raise exception.PluginLoadError(
            group=group, option=option, value=names,
            reason='plugin %s (%r) %s (namespace %s)' % (
                name, cls, reason, namespace))
    return instances


class HostManager:
    """Keeps the host states and runs the enabled filters and weighers."""

    def __init__(self, conf):
        self.conf = conf
        fs = conf.filter_scheduler
        self.enabled_filters = _load_plugins(
            conf, 'minova.scheduler.filters', fs.enabled_filters,
            filters.BaseHostFilter)
        self.weighers = _load_plugins(
            conf, 'minova.scheduler.weighers', fs.weight_classes,
            weights.BaseHostWeigher)
        if fs.host_state_reload_interval >= conf.service_down_time:
            raise exception.ConfigValueError(
                group='filter_scheduler', option='host_state_reload_interval',
                reason='%d s is not less than [DEFAULT] service_down_time '
                '(%d s): the scheduler would see live computes as down' % (
                    fs.host_state_reload_interval, conf.service_down_time))
        self._table = None
        # The hosts' aggregates, and the zone of each distinct membership.
        self._labels = None
        self._loaded_at = None      # time.monotonic() of the last full read
        self._read_from = None      # utcnow() when the last read began
        self._lock = threading.Lock()
        self._refresher = None
        self._stopped = threading.Event()
        self._deciding = 0          # decisions in progress (serving())
        self._deciding_lock = threading.Lock()

    def get_all_host_states(self, context):
        """Every live compute node, as :class:`host_table.Hosts` in compute
        node id order, each with its compute service (None when it has
        none); brought up to date with the database first."""
        with self._lock:
            interval = self.conf.filter_scheduler.host_state_reload_interval
            # With the background read started, a request reads everything
            # only at first, or when that read is so late (the database
            # away) that live computes would soon look down.
            due = interval if self._refresher is None else (
                self.conf.service_down_time - interval)
            if (self._table is None or not interval
                    or time.monotonic() - self._loaded_at >= due):
                with host_refresh.frozen_when_built():
                    self._swap(*self._read_table())
            else:
                self._read_changes()
            return self._table.all()

    def start(self):
        """Start the background full read (the service is starting): from
        now on, requests read only changes."""
        with self._lock:
            if self._refresher is None and not self._stopped.is_set():
                self._refresher = threading.Thread(
                    target=host_refresh.refresh_loop,
                    args=(weakref.ref(self), self._stopped),
                    name='host-state-refresh', daemon=True)
                self._refresher.start()

    @contextlib.contextmanager
    def serving(self):
        """A decision is made in the block: the background read gives way
        to it (see :mod:`minova.scheduler.host_refresh`)."""
        with self._deciding_lock:
            self._deciding += 1
        try:
            yield
        finally:
            with self._deciding_lock:
                self._deciding -= 1

    def _pause(self):
        host_refresh.pause(lambda: self._deciding)

    def stop(self):
        """Stop the background read (the service is stopping)."""
        self._stopped.set()
        if self._refresher is not None:
            self._refresher.join(timeout=5)

    def _refresh(self):
        """One background full read, swapped in when done: see
        :mod:`minova.scheduler.host_refresh`."""
        with host_refresh.frozen_when_built():
            read = self._read_table(pause=self._pause)
            old = self._table
            if old is not None:
                read[0].prime(old, pause=host_refresh.paced(self._pause))
            with self._lock:
                old = self._table
                self._swap(*read)
        LOG.debug('Read %d compute nodes in the background', len(read[0]))
        if old is not None:
            host_refresh.free_when_unused(old, self._pause)

    def _new_state(self, values, labels=None):
        """A HostState from a row of :func:`_nodes_with_services`, in the
        aggregates (and so the zone) of ``labels`` (default: the last
        read)."""
        aggregates, zones = labels or self._labels
        split = len(_NODE_COLUMNS)
        service = values[split:]
        position = aggregates.position(values[_HOST])
        return HostState(
            service=None if service[0] is None else HostService._make(
                service),
            availability_zone=zones[position],
            aggregates=aggregates.memberships[position],
            aggregates_key=position,
            **dict(zip(_STATE_ARGS, values[:split])))

    def _read_labels(self):
        """The hosts' aggregates, and the zone of each membership."""
        aggregates = db_aggregates.get_host_aggregates()
        default = self.conf.compute.default_availability_zone
        return aggregates, [
            db_aggregates.availability_zone(membership) or default
            for membership in aggregates.memberships]

    def _read_table(self, pause=None):
        """Every compute node, as ``(table, labels, started, begun)``:
        a new HostTable, the aggregates it was labelled with, and when
        the read began (utcnow(), and time.monotonic()).

        With ``pause``, the rows are read and built a few at a time and
        ``pause()`` is called between them, so that the requests served
        meanwhile are not held up by this thread holding the GIL.
        """
        begun, started = time.monotonic(), timeutils.utcnow()
        labels = self._read_labels()
        states = []
        with session.reader_connection() as connection:
            result = connection.execution_options(
                yield_per=host_refresh.CHUNK_ROWS).execute(_ALL_NODES)
            # By position, not by name: this loop runs once per host, and
            # a Row's attribute lookup costs more than the rest.
            for rows in result.partitions():
                states.extend(self._new_state(tuple(row), labels)
                              for row in rows)
                if pause:
                    pause()
        table = host_table.HostTable(
            states, pause=pause and host_refresh.paced(pause))
        return table, labels, started, begun

    def _swap(self, table, labels, started, begun):
        """Put in a table read by :meth:`_read_table` (under the lock).

        The next read of changes starts from when that read began: a
        change read meanwhile into the table it replaces is read again.
        """
        self._table, self._labels = table, labels
        self._read_from = started
        self._loaded_at = begun

    def _relabel(self):
        """An aggregate changed: put every host in its aggregates (and
        zone) as they are now, in place -- a full read would hold this
        request for seconds at 100,000 hosts. Only hosts in an aggregate,
        before or now, can change."""
        old, _ = self._labels
        self._labels = aggregates, zones = self._read_labels()
        table = self._table
        for host in set(old.index).union(aggregates.index):
            position = aggregates.position(host)
            for row in table.rows_of_host(host):
                state = table.state(row)
                state.availability_zone = zones[position]
                state.aggregates = aggregates.memberships[position]
                state.aggregates_key = position
        table.attributes_changed(
            ('availability_zone', 'aggregates', 'aggregates_key'))

    def _read_changes(self):
        """Apply the nodes and compute services changed since the last
        read: two queries on indexed timestamps, after a tiny one that
        tells whether an aggregate changed (then :meth:`_relabel`)."""
        started = timeutils.utcnow()
        since = self._read_from - CHANGE_MARGIN
        with session.reader_connection() as connection:
            if (db_aggregates.get_version(connection)
                    != self._labels[0].version):
                self._relabel()
            nodes = connection.execute(_CHANGED_NODES,
                                       {'since': since}).all()
            services = connection.execute(_CHANGED_SERVICES,
                                          {'since': since}).all()
        self._read_from = started
        table = self._table
        added, removed = [], []
        for row in nodes:
            values, deleted = tuple(row)[:-1], row[-1]
            position = table.row_of_node(values[_NODE_ID])
            if deleted:
                if position is not None:
                    removed.append(position)
            elif position is None:
                added.append(self._new_state(values))
            elif not _same(table.state(position), values):
                table.replace(position, self._new_state(values))
        if added or removed:
            table = self._table = table.with_changes(added, removed)
        for deleted, *values in services:
            service = None if deleted else HostService._make(values)
            for position in table.rows_of_host(values[1]):
                state = table.state(position)
                if deleted and (state.service is None
                                or state.service.id != values[0]):
                    continue
                state.service = service
                table.row_changed(position)
        if nodes or services:
            LOG.debug('Read %d changed compute nodes and %d changed compute '
                      'services', len(nodes), len(services))

    def consume(self, hosts, position, resources):
        """Account for a claim this scheduler just made on the host at
        ``position`` of ``hosts``: its HostState and the columns, so that
        the next instance of the request sees it."""
        hosts.state(position).consume_from_request(resources)
        hosts.table.row_changed(int(hosts.rows[position]))

    def get_filtered_hosts(self, hosts, spec_obj, index=0):
        """The hosts of ``hosts`` (a :class:`host_table.Hosts`) that pass,
        as a :class:`filters.FilterResult`.

        ``ignore_hosts`` are dropped first. When ``force_hosts`` is set,
        only those hosts are kept and the filters are skipped, as in Nova:
        an admin who forces a host knows better (the claim still checks
        for room) -- except for a rebuild's check of its host, which runs
        the filters that judge the new image (``RUN_ON_REBUILD``). A
        ``requested_destination`` keeps only that host, and the filters
        judge it.
        """
        result = filters.FilterResult(host_table.as_hosts(hosts))
        ignored = sorted(set(spec_obj.get('ignore_hosts', None) or ()))
        if ignored:
            result.record('ignore_hosts', result.hosts.subset(
                ~_host_in(result.hosts, ignored)),
                'the request ignores every host left')
        forced = sorted(set(spec_obj.get('force_hosts', None) or ()))
        if forced:
            result.record('force_hosts', result.hosts.subset(
                _host_in(result.hosts, forced)),
                'no compute node on %s' % ', '.join(forced))
            if not scheduler_utils.request_is_rebuild(spec_obj):
                return result
            return filters.get_filtered_hosts(
                [f for f in self.enabled_filters if f.RUN_ON_REBUILD],
                result.hosts, spec_obj, index, result=result)
        requested = spec_obj.get('requested_destination', None)
        if requested:
            result.record('requested_destination', result.hosts.subset(
                _host_in(result.hosts, [requested])),
                'the requested destination is not among them')
        return filters.get_filtered_hosts(self.enabled_filters, result.hosts,
                                          spec_obj, index, result=result)

    def get_weighed_hosts(self, hosts, spec_obj, limit=None):
        """``hosts`` best first, as a :class:`host_table.Hosts`; with
        ``limit``, at least the best ``limit`` of them."""
        return weights.best_first(self.weighers, hosts, spec_obj, limit)


def _changed_since(table):
    """Rows created or stamped at or after ``:since`` (deleted ones too):
    an OR of two indexed ranges."""
    since = sa.bindparam('since')
    return sa.or_(table.c.updated_at >= since, table.c.created_at >= since)


def _nodes_with_services():
    """Every compute node with its live compute service, if any."""
    services = _services.c
    return (
        sa.select(*[_nodes.c[column] for column, _ in _NODE_COLUMNS],
                  *[services[name] for name in HostService._fields])
        .select_from(_nodes.outerjoin(_services, sa.and_(
            services.host == _nodes.c.host,
            services.binary == COMPUTE_BINARY,
            services.deleted == 0))))


# Built once: building a statement costs more than SQLite running it.
_ALL_NODES = _nodes_with_services().where(
    _nodes.c.deleted == 0).order_by(_nodes.c.id)
# No ORDER BY: SQLite would scan the table in id order instead of using
# the indexes (new nodes are put in id order by HostTable.with_changes).
_CHANGED_NODES = _nodes_with_services().add_columns(_nodes.c.deleted).where(
    _changed_since(_nodes))
_CHANGED_SERVICES = sa.select(
    _services.c.deleted, *[_services.c[n] for n in HostService._fields]
).where(_services.c.binary == COMPUTE_BINARY, _changed_since(_services))


def _same(old, values):
    """Whether a row of :func:`_nodes_with_services` read again says
    nothing new about HostState ``old`` (it was read within the margin, or
    this scheduler's own claim made the change). Asked of the row, before
    a HostState is built: most rows of a read of changes are such."""
    service = values[len(_NODE_COLUMNS):]
    return (old.generation == values[_GENERATION]
            and old.updated == values[_UPDATED]
            and old.service == (None if service[0] is None else service))


def _host_in(hosts, names):
    return np.isin(hosts.column('host'), names)
