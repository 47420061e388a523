"""Quotas: the limits set for a project and its users (Nova's
``objects.Quotas`` for the DbQuotaDriver), and the counts the quota
engine (:mod:`minova.compute.quota`) needs beyond instances and groups.

Only the API service reads or writes these, and nothing here crosses RPC,
so they are plain values, not versioned objects. Each method takes the
caller's ``session`` when the read belongs to its transaction.
"""

import contextlib

from minova.db import quotas as db
from minova.db import session as db_session


@contextlib.contextmanager
def _reader(session):
    if session is not None:
        yield session
    else:
        with db_session.reader_connection() as s:
            yield s


class Quotas:

    @staticmethod
    def get_limits(context, project_id, user_id=None, session=None):
        """``(project_limits, user_limits)``, the ``{resource: limit}`` set
        for the project and, with ``user_id``, for the user in it."""
        with _reader(session) as s:
            return db.get_limits(s, project_id, user_id)

    @staticmethod
    def get_user_limit_sums(context, project_id):
        """``({resource: sum of the users' limits}, {resources a user may
        use without limit})`` in the project."""
        with _reader(None) as s:
            return db.get_user_limit_sums(s, project_id)

    @staticmethod
    def set_limits(context, project_id, limits, user_id=None):
        """Store ``limits`` for the project (or its user) in one commit."""
        with db_session.writer_connection() as s:
            db.set_limits(s, project_id, limits, user_id)

    @staticmethod
    def destroy_all_by_project(context, project_id):
        with db_session.writer_connection() as s:
            db.destroy_all_by_project(s, project_id)

    @staticmethod
    def destroy_all_by_project_and_user(context, project_id, user_id):
        with db_session.writer_connection() as s:
            db.destroy_all_by_project_and_user(s, project_id, user_id)

    @staticmethod
    def count_key_pairs(context, user_id, session=None):
        with _reader(session) as s:
            return db.count_key_pairs(s, user_id)

    @staticmethod
    def lock(session, *names):
        """Queue ``session``'s transaction behind any other that locked
        ``names``, until it ends (see :func:`minova.db.quotas.lock`)."""
        db.lock(session, *names)
