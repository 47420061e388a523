"""The process's database engine and transactions.

A process that talks to the database (api, conductor, scheduler, manage, or
minova-all) calls :func:`configure` once at start. A compute never does, so
any database access from compute code fails loudly instead of silently
opening a connection: compute reaches the database only through the
conductor.
"""

import contextlib
import os
import threading

from oslo_db import exception as db_exc
from oslo_db.sqlalchemy import engines
from oslo_db.sqlalchemy import exc_filters
import sqlalchemy
from sqlalchemy import orm

from minova.db import pool_ping
from minova.db import sqlite_checkpoint
from minova import exception

_lock = threading.Lock()
_state = {'engine': None, 'sessionmaker': None, 'writer_engine': None,
          'url': None, 'writer_lock': None, 'engines': (),
          'checkpointer': None}

# How long a writer waits for its turn, as SQLite's busy_timeout below.
_WRITER_WAIT = 30


class DatabaseNotConfigured(exception.MinovaException):
    msg_fmt = ('This service has no database: it reaches the database only '
               'through the conductor (%(what)s).')


def _sqlite_connect(dbapi_connection, connection_record):
    # minova emits BEGIN itself (_sqlite_begin): pysqlite's own is off.
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    # WAL lets readers run beside the one writer; the busy timeout makes
    # concurrent writers wait for each other instead of failing.
    cursor.execute('PRAGMA journal_mode=WAL')
    cursor.execute('PRAGMA synchronous=NORMAL')
    cursor.execute('PRAGMA busy_timeout=30000')
    cursor.execute('PRAGMA foreign_keys=ON')
    # Checkpoints run in a thread of their own (minova.db.sqlite_checkpoint),
    # not in the commit that finds the log full.
    cursor.execute('PRAGMA wal_autocheckpoint=0')
    cursor.close()


def _sqlite_begin(connection):
    """Set the mode of the connection for the transaction it begins.

    A writer's transaction begins IMMEDIATE (:func:`_sqlite_do_begin`):
    begun DEFERRED, a transaction that reads and then writes cannot upgrade
    its lock while another connection writes, and SQLite fails it at once
    ("database is locked") instead of waiting out the busy timeout. A
    reader's transaction is made read-only, so a write slipped into a
    reader fails loudly rather than racing the writers. (The pragma is sent
    only when the connection's mode changes: writers and readers have pools
    of their own, so in the steady state nothing is sent here.)
    """
    writer = bool(connection.get_execution_options().get('minova_writer'))
    info = connection.connection.info
    if info.get('minova_writer') is not writer:
        connection.exec_driver_sql('PRAGMA query_only=%d' % (not writer))
        info['minova_writer'] = writer


def _sqlite_do_begin(pooled):
    """The dialect's BEGIN: straight to the driver, as one call.

    (Sent as a statement through the Connection, a BEGIN cost a third of
    an empty transaction. An error here still goes through the engine's
    error handling, so oslo.db translates it like any statement's.)
    """
    pooled.driver_connection.execute(
        'BEGIN IMMEDIATE' if pooled.info.get('minova_writer') else 'BEGIN')


def _create_sqlite_engine(url, conf):
    """The embedded default's engine, with a pool of open connections.

    (oslo.db gives file SQLite a NullPool: every transaction would open the
    file and set its pragmas anew, which dominated the cost of a boot.)
    """
    path = url[len('sqlite:///'):]
    if path and not path.startswith(':'):
        os.makedirs(os.path.dirname(path) or '.', exist_ok=True)
    engine = sqlalchemy.create_engine(
        url, poolclass=sqlalchemy.pool.QueuePool,
        # No cap on overflow: a thread that holds a reader while it waits to
        # write must never starve the writer of a connection.
        pool_size=conf.database.max_pool_size or 5, max_overflow=-1,
        logging_name='minova.db')
    sqlalchemy.event.listen(engine, 'connect', _sqlite_connect)
    sqlalchemy.event.listen(engine, 'begin', _sqlite_begin)
    engine.dialect.do_begin = _sqlite_do_begin  # this engine's dialect only
    # oslo.db's translation of driver errors (DBDuplicateEntry, ...), which
    # the query modules catch whatever the database.
    exc_filters.register_engine(engine)
    with engine.connect():
        pass  # fail now, naming the option, if the file cannot be opened
    return engine


def create_engine(conf):
    """Open (and test) the engine for ``[database] connection``.

    Raises :class:`minova.exception.DatabaseUnreachable`, naming the
    option and the URL, when the database cannot be reached.
    """
    url = conf.database.connection
    if not url:
        raise exception.ConfigError(group='database', option='connection',
                                    value=url, reason='no database URL set')
    try:
        if url.startswith('sqlite:'):
            return _create_sqlite_engine(url, conf)
        engine = engines.create_engine(
            url,
            max_retries=conf.database.max_retries,
            retry_interval=conf.database.retry_interval,
            max_pool_size=conf.database.max_pool_size,
            max_overflow=conf.database.max_overflow,
            pool_timeout=conf.database.pool_timeout,
            connection_recycle_time=conf.database.connection_recycle_time,
            # The checkin hook yields to eventlet; minova runs on threads.
            thread_checkin=False,
            logging_name='minova.db')
        pool_ping.install(engine)
        return engine
    except (db_exc.DBConnectionError, db_exc.DBError,
            sqlalchemy.exc.OperationalError) as e:
        raise exception.DatabaseUnreachable(url=url, reason=_first_line(e))
    except (sqlalchemy.exc.ArgumentError, sqlalchemy.exc.NoSuchModuleError,
            ImportError) as e:
        raise exception.ConfigError(group='database', option='connection',
                                    value=url, reason=_first_line(e))


def _first_line(error):
    text = str(getattr(error, 'inner_exception', None) or error)
    return text.strip().splitlines()[0] if text.strip() else type(error).__name__


def configure(conf):
    """Give this process its database; idempotent for the same URL."""
    with _lock:
        if _state['engine'] is not None:
            if _state['url'] == conf.database.connection:
                return _state['engine']
            _stop_engines()
        engine = create_engine(conf)
        writer_lock = None
        if engine.dialect.name == 'sqlite':
            # Writers get a pool of their own (each connection stays in
            # writer mode), and take turns in this process on a lock:
            # SQLite's busy handler would have them sleep in growing steps
            # (up to 100 ms) while the one writer commits.
            writer_engine = create_engine(conf)
            writer_lock = threading.RLock()
        else:
            writer_engine = engine
        _state.update(engine=engine, url=conf.database.connection,
                      engines=tuple({engine, writer_engine}),
                      writer_engine=writer_engine.execution_options(
                          minova_writer=True),
                      writer_lock=writer_lock,
                      sessionmaker=orm.sessionmaker(bind=engine,
                                                    expire_on_commit=False),
                      checkpointer=_checkpointer(engine))
        return engine


def _checkpointer(engine):
    """The started checkpointer of a SQLite file's engine, else None."""
    path = engine.url.database if engine.dialect.name == 'sqlite' else None
    if not path or path.startswith(':') or path.startswith('file:'):
        return None
    return sqlite_checkpoint.Checkpointer(path).start()


def _stop_engines():
    if _state.get('checkpointer') is not None:
        _state['checkpointer'].stop()
        _state['checkpointer'] = None
    for engine in _state['engines']:
        engine.dispose()


def reset():
    """Forget the configured engine (tests, and a clean shutdown)."""
    with _lock:
        _stop_engines()
        _state.update(engine=None, url=None, sessionmaker=None,
                      writer_engine=None, writer_lock=None, engines=())


def get_engine():
    if _state['engine'] is None:
        raise DatabaseNotConfigured(what='no [database] engine configured')
    return _state['engine']


@contextlib.contextmanager
def writer():
    """A session in a transaction that commits on success.

    On SQLite the writers of this process take turns on a lock first, so
    BEGIN IMMEDIATE finds the database free (unless another process
    writes). A writer must not wait, inside its transaction, for another
    thread's writer (say, through an RPC call): it never gets its turn.
    """
    maker = _state['sessionmaker']
    if maker is None:
        raise DatabaseNotConfigured(what='no [database] engine configured')
    with _writer_turn(_state['writer_lock']), \
            maker(bind=_state['writer_engine']) as session, session.begin():
        yield session


@contextlib.contextmanager
def _writer_turn(lock):
    if lock is None:
        yield
        return
    if not lock.acquire(timeout=_WRITER_WAIT):
        # What SQLite itself answers once its busy timeout is out.
        raise db_exc.DBError('database is locked: no writer turn in %ss'
                             % _WRITER_WAIT)
    try:
        yield
    finally:
        lock.release()


@contextlib.contextmanager
def reader():
    """A session for reads; nothing it does is committed."""
    maker = _state['sessionmaker']
    if maker is None:
        raise DatabaseNotConfigured(what='no [database] engine configured')
    shared = getattr(_shared, 'connection', None)
    with maker(bind=shared) if shared is not None else maker() as session:
        yield session


# The connection the readers of this thread share (:func:`shared_reads`).
_shared = threading.local()


@contextlib.contextmanager
def shared_reads():
    """The readers (:func:`reader`, :func:`reader_connection`) of this
    thread in the block share one connection and one read transaction.

    A request that reads a few things before it writes (a boot: flavor,
    image, quota) pays one transaction instead of one each: on PostgreSQL
    each is a BEGIN and a ROLLBACK round trip, and a pool checkout. Writers
    are not affected. Only for reads that need not see the block's own
    writes (on SQLite the transaction reads one snapshot).
    """
    if getattr(_shared, 'connection', None) is not None:
        yield  # already inside one
        return
    with get_engine().connect() as connection:
        # Begun here, so that the readers' sessions join it rather than
        # end it when they close; rolled back as the connection closes.
        connection.begin()
        _shared.connection = connection
        try:
            yield
        finally:
            _shared.connection = None


# The hot paths run Core statements only: for them a plain Connection is
# the transaction. A Session's bookkeeping costs more than the statements
# (its setup and close, and its dispatch of each statement), and the engine
# is the same, so are the SQLite writers' turns and oslo.db's translation of
# errors (DBDuplicateEntry...).

@contextlib.contextmanager
def writer_connection():
    """As :func:`writer`, a Connection instead of a Session: for Core
    statements only (no ORM entities)."""
    engine = _state['writer_engine']
    if engine is None:
        raise DatabaseNotConfigured(what='no [database] engine configured')
    with _writer_turn(_state['writer_lock']), engine.begin() as connection:
        yield connection


@contextlib.contextmanager
def reader_connection():
    """As :func:`reader`, a Connection instead of a Session: for Core
    statements only; nothing it does is committed."""
    engine = _state['engine']
    if engine is None:
        raise DatabaseNotConfigured(what='no [database] engine configured')
    shared = getattr(_shared, 'connection', None)
    if shared is not None:
        yield shared
        return
    with engine.connect() as connection:
        yield connection
