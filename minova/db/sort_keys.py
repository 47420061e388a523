"""The one check of a listing's sort keys, shared by the tables that page."""

from minova import exception


def check(sort_keys, allowed):
    """ValidationError (400) naming the first of ``sort_keys`` that is not
    in ``allowed``."""
    for key in sort_keys:
        if key not in allowed:
            raise exception.ValidationError(
                field='sort_key', reason='%r is not one of %s' % (
                    key, ', '.join(allowed)))
