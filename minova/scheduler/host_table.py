"""The scheduler's host states as columns, for filters that judge all hosts
at once.

A filter that loops over 10,000 Python objects costs milliseconds; the same
comparison on a numpy column costs microseconds. :class:`HostTable` keeps
the :class:`~minova.scheduler.host_state.HostState` of every compute node
(what the per-host plugin interface reads) and, built on first use, one
numpy array per HostState attribute (what the vectorised interface reads):
``table.column('usable_ram_mb')``. When one host changes, its row of every
column built so far is updated in place; adding or removing hosts makes a
new table, so a request that still holds the old one is not disturbed.

:class:`Hosts` is what filters and weighers receive: some rows of a table,
in an order.

A table built for the background read of every host is built with a
``pause``: 100,000 rows are some 100 ms of work (the index) and 15 to 45 ms
a column, partly C calls over every row that hold the GIL all along, so it
is done :data:`STEP` rows at a time with ``pause()`` between, for the
decisions (see :mod:`minova.scheduler.host_refresh`).
"""

import operator

import numpy as np

#: Rows a stepwise build handles between two calls of its ``pause``
#: (well under a millisecond of work).
STEP = 500

_NUMERIC_TYPES = (
    ({bool}, bool), ({int}, np.int64), ({int, bool}, np.int64),
    ({float}, np.float64), ({int, float}, np.float64),
    ({int, float, bool}, np.float64), ({float, bool}, np.float64))


def _steps(count, pause):
    """``(start, stop)`` of the steps over ``count`` rows: all at once
    without ``pause``, else STEP rows at a time with ``pause()`` between
    two."""
    if pause is None:
        yield 0, count
        return
    for start in range(0, count, STEP):
        if start:
            pause()
        yield start, min(start + STEP, count)


def _as_column(values, pause=None):
    """``values`` as a numpy array: numbers as numbers, anything else
    (strings, None, tuples, objects) as an object array; in steps with
    ``pause``."""
    kinds = set()
    for start, stop in _steps(len(values), pause):
        kinds.update(map(type, values[start:stop]))
    dtype = object
    for numeric_kinds, numeric_dtype in _NUMERIC_TYPES:
        if kinds == numeric_kinds:
            dtype = numeric_dtype
            break
    if pause is None:
        return np.fromiter(values, dtype=dtype, count=len(values))
    column = np.empty(len(values), dtype=dtype)
    for start, stop in _steps(len(values), pause):
        column[start:stop] = np.fromiter(values[start:stop], dtype=dtype,
                                         count=stop - start)
    return column


def _fits(column, value):
    """Whether ``value`` can be stored in ``column`` without changing it."""
    kind = column.dtype.kind
    if kind == 'O':
        return True
    if kind == 'f':
        return type(value) in (int, float, bool)
    if kind == 'i':
        return type(value) in (int, bool)
    return type(value) is bool


class HostTable:
    """Every compute node's HostState, plus columns built from them."""

    def __init__(self, states=(), pause=None):
        """With ``pause``, built in steps (see the module's docstring)."""
        self._states = states = list(states)
        self._row_of_node = row_of_node = {}
        self._rows_of_host = rows_of_host = {}
        for start, stop in _steps(len(states), pause):
            for row, state in enumerate(states[start:stop], start):
                row_of_node[state.compute_node_id] = row
                rows_of_host.setdefault(state.host, []).append(row)
        self._columns = {}
        self._distinct = {}

    def __len__(self):
        return len(self._states)

    def state(self, row):
        return self._states[row]

    def column(self, name, pause=None):
        """HostState attribute ``name`` of every row, as a numpy array
        (built in steps with ``pause``)."""
        column = self._columns.get(name)
        if column is None:
            get, states, values = operator.attrgetter(name), self._states, []
            for start, stop in _steps(len(states), pause):
                values.extend(map(get, states[start:stop]))
            column = _as_column(values, pause)
            self._columns[name] = column
        return column

    def distinct(self, name, pause=None):
        """``(values, codes)``: the distinct values of HostState attribute
        ``name`` (a list) and, per row, the index of its value there (a
        numpy array), so that a filter judges each distinct value once.
        The values must be hashable (TypeError otherwise). Built in steps
        with ``pause``."""
        found = self._distinct.get(name)
        if found is None:
            index, states = {}, self._states
            codes = np.empty(len(states), dtype=np.int64)
            for start, stop in _steps(len(states), pause):
                codes[start:stop] = np.fromiter(
                    (index.setdefault(getattr(state, name), len(index))
                     for state in states[start:stop]), dtype=np.int64,
                    count=stop - start)
            found = self._distinct[name] = (list(index), codes, index)
        return found[0], found[1]

    def row_of_node(self, compute_node_id):
        """The row of a compute node, or None."""
        return self._row_of_node.get(compute_node_id)

    def rows_of_host(self, host):
        return list(self._rows_of_host.get(host, ()))

    def row_changed(self, row):
        """Row ``row``'s HostState changed in place: update the columns."""
        state = self._states[row]
        for name, column in list(self._columns.items()):
            value = getattr(state, name)
            if _fits(column, value):
                column[row] = value
            else:
                # A number became a float or None: rebuild it on next use.
                self._columns.pop(name, None)
        for name, (values, codes, index) in list(self._distinct.items()):
            value = getattr(state, name)
            code = index.get(value)
            if code is None:
                code = index[value] = len(values)
                values.append(value)
            codes[row] = code

    def attributes_changed(self, names):
        """HostState attributes ``names`` of many rows changed in place:
        their columns are built again on next use."""
        for name in names:
            self._columns.pop(name, None)
            self._distinct.pop(name, None)

    def prime(self, other, pause=None):
        """Build now the columns ``other`` has built, so that the first
        request to use this table in its place does not pay for them;
        ``pause()``, if given, between two columns and within each."""
        for name in list(other._columns):
            self.column(name, pause)
            if pause:
                pause()
        for name in list(other._distinct):
            self.distinct(name, pause)
            if pause:
                pause()

    def free(self, pause, step=1000):
        """Drop everything this table holds, ``step`` rows at a time with
        ``pause()`` between: freeing 100,000 host states at once holds the
        GIL for a tenth of a second. Only for a table nothing else uses."""
        self._columns.clear()
        self._distinct.clear()
        self._row_of_node = {}
        hosts = self._rows_of_host
        while hosts:
            for _ in range(min(step, len(hosts))):
                hosts.popitem()
            pause()
        states = self._states
        while states:
            del states[-step:]
            pause()

    def replace(self, row, state):
        """Put ``state`` (the same compute node) in row ``row``."""
        self._states[row] = state
        self.row_changed(row)

    def with_changes(self, added=(), removed=()):
        """A new table: these rows' states gone, ``added`` states appended
        (in compute node id order)."""
        removed = set(removed)
        kept = [state for row, state in enumerate(self._states)
                if row not in removed]
        return HostTable(kept + sorted(added,
                                       key=lambda s: s.compute_node_id))

    def all(self):
        """Every row, as :class:`Hosts`."""
        return Hosts(self, np.arange(len(self._states)))


class Hosts:
    """Some rows of a :class:`HostTable`, in an order: the candidate hosts
    a filter or weigher judges.

    ``hosts.column(name)`` is a numpy array of HostState attribute
    ``name`` for these hosts, in order; ``hosts.states()`` the HostState
    objects themselves (a list: slow on many hosts, for per-host code).
    """

    __slots__ = ('table', 'rows')

    def __init__(self, table, rows):
        self.table = table
        self.rows = rows

    @classmethod
    def from_states(cls, states):
        """A view of just ``states`` (for tests and small tools)."""
        return HostTable(states).all()

    def __len__(self):
        return len(self.rows)

    def __iter__(self):
        return iter(self.states())

    def column(self, name):
        return self.table.column(name)[self.rows]

    def distinct(self, name):
        """``(values, codes)`` of attribute ``name`` for these hosts: see
        :meth:`HostTable.distinct`."""
        values, codes = self.table.distinct(name)
        return values, codes[self.rows]

    def judge_distinct(self, name, judge):
        """A numpy bool array: ``judge(value)`` of each host's attribute
        ``name``, asked once per distinct value."""
        values, codes = self.distinct(name)
        verdicts = np.zeros(len(values), dtype=bool)
        for code in np.unique(codes).tolist():
            verdicts[code] = bool(judge(values[code]))
        return verdicts[codes]

    def states(self):
        states = self.table._states
        return [states[row] for row in self.rows.tolist()]

    def state(self, position):
        return self.table.state(int(self.rows[position]))

    def subset(self, selector):
        """The hosts chosen by ``selector``: a boolean mask over these
        hosts, or positions among them (an order)."""
        return Hosts(self.table, self.rows[selector])

    def __repr__(self):
        return 'Hosts(%s)' % ', '.join(
            '%s/%s' % (s.host, s.nodename) for s in self.states())


def as_hosts(hosts):
    """``hosts`` as :class:`Hosts`: itself, or a view of a list of
    HostStates."""
    return hosts if isinstance(hosts, Hosts) else Hosts.from_states(hosts)
