"""Validate request bodies and query strings with JSON schema, Nova style.

A refused request gets 400 with a message that names the field::

    Invalid input for field/attribute name. Value: 42. 42 is not of type
    'string'

Handlers declare their schema, optionally per microversion range, and the
check runs before the handler::

    @validation.schema(schemas.create)                  # every version
    @validation.schema(schemas.create_v247, '2.47')     # 2.47 and later
    def create(self, req, body): ...

Schemas live in ``minova/api/openstack/compute/schemas/<resource>.py``.
"""

import functools

import jsonschema
import webob

from minova import exception

_FORMAT_CHECKER = jsonschema.Draft4Validator.FORMAT_CHECKER


def validator(schema):
    """A checked, compiled validator of ``schema``, for :func:`validate`
    (compile once, at import, what is validated per request)."""
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=_FORMAT_CHECKER)


_validator = validator


def _message(error, what):
    # Name the innermost field; list indexes (networks/0) name nothing.
    names = [part for part in error.path if isinstance(part, str)]
    if names:
        return ('Invalid input for %s %s. Value: %s. %s'
                % (what, names[-1], error.instance, error.message))
    return error.message


def validate(schema_or_validator, instance, is_body=True):
    """Raise :class:`~minova.exception.ValidationError` (400) if
    ``instance`` does not match; the message names the offending field.
    """
    validator = schema_or_validator
    if not hasattr(validator, 'iter_errors'):
        validator = _validator(schema_or_validator)
    # The first error, as jsonschema's own validate() and Nova report it.
    error = next(iter(validator.iter_errors(instance)), None)
    if error is not None:
        what = 'field/attribute' if is_body else 'query parameters'
        raise exception.ValidationError(message=_message(error, what))


def _request(args, kwargs):
    """The webob request among a handler's arguments (after ``self``)."""
    if 'req' in kwargs:
        return kwargs['req']
    return next(a for a in args if isinstance(a, webob.Request))


def _applies(req, min_version, max_version):
    return req.api_version.matches(min_version, max_version)


def schema(request_body_schema, min_version=None, max_version=None):
    """Validate the ``body`` argument of a handler, for the requests whose
    microversion is in [min_version, max_version].
    """
    validator = _validator(request_body_schema)

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if _applies(_request(args, kwargs), min_version, max_version):
                validate(validator, kwargs.get('body'))
            return func(*args, **kwargs)
        return wrapper
    return decorator


def query_schema(query_params_schema, min_version=None, max_version=None):
    """Validate the query string: each parameter is a list of its values
    (``?a=1&a=2`` is ``{"a": ["1", "2"]}``), as in Nova.
    """
    validator = _validator(query_params_schema)

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            req = _request(args, kwargs)
            if _applies(req, min_version, max_version):
                validate(validator, req.GET.dict_of_lists(), is_body=False)
            return func(*args, **kwargs)
        return wrapper
    return decorator
