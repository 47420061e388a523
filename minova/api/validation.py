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
import re
import string
import unicodedata

import jsonschema
import webob

from minova.api import microversion
from minova import exception


def _is_printable(char):
    """Nova's rule: not "other" (control, format such as the bidi
    overrides, unassigned...) and no separator but a plain space (Zs)."""
    category = unicodedata.category(char)
    return not category.startswith('C') and (
        not category.startswith('Z') or category == 'Zs')


def _char_class(predicate):
    """A regex character class of the code points below U+FFFF that
    ``predicate`` accepts, as ranges."""
    ranges, start = [], None
    for code in range(0x10000):
        inside = code < 0xFFFF and predicate(chr(code))
        if inside and start is None:
            start = code
        elif not inside and start is not None:
            ranges.append('%s-%s' % (re.escape(chr(start)),
                                     re.escape(chr(code - 1))))
            start = None
    return '[%s]' % ''.join(ranges)


def printable_name_regex(exclude=''):
    """Nova's ``valid_name_regex``: printable characters of the Basic
    Multilingual Plane (but ``exclude``), not starting or ending with a
    space. ``\\Z``, not ``$``, so that a trailing newline is refused too.
    """
    spaces = _char_class(lambda c: unicodedata.category(c) == 'Zs')
    printable = _char_class(lambda c: _is_printable(c) and c not in exclude)
    return re.compile(r'^(?!%s)%s*(?<!%s)\Z' % (spaces, printable, spaces))


_KEYPAIR_CHARS = '_- ' + string.digits + string.ascii_letters

#: The ``format`` of a name field: its regex and, as Nova says it, what a
#: name must be.
NAME_FORMATS = {
    'name': (printable_name_regex(),
             'printable characters. Can not start or end with whitespace.'),
    'az_name': (printable_name_regex(exclude=':'),
                'printable characters except ":". Can not start or end '
                'with whitespace.'),
    # Keypair names (with 'name' for the whitespace rule): Nova's safe
    # characters, and from 2.92 '@' and '.' too.
    'keypair_name_20': (re.compile(r'^[%s]*\Z' % re.escape(_KEYPAIR_CHARS)),
                        'Only expected characters: [%s]' % _KEYPAIR_CHARS),
    'keypair_name_292': (
        re.compile(r'^[%s]*\Z' % re.escape('@.' + _KEYPAIR_CHARS)),
        'Only expected characters: [@.%s]' % _KEYPAIR_CHARS),
}


def _format_checker():
    """Draft 4's format checks plus :data:`NAME_FORMATS`."""
    checker = jsonschema.FormatChecker(formats=())
    checker.checkers.update(jsonschema.Draft4Validator.FORMAT_CHECKER.checkers)
    for name, (regex, _reason) in NAME_FORMATS.items():
        checker.checks(name)(
            lambda value, regex=regex: not isinstance(value, str) or
            regex.match(value) is not None)
    return checker


_FORMAT_CHECKER = _format_checker()


def validator(schema):
    """A checked, compiled validator of ``schema``, for :func:`validate`
    (compile once, at import, what is validated per request)."""
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema, format_checker=_FORMAT_CHECKER)


_validator = validator


def _message(error, what):
    # Name the innermost field; list indexes (networks/0) name nothing.
    names = [part for part in error.path if isinstance(part, str)]
    if names and error.validator == 'format' and \
            error.validator_value in NAME_FORMATS:
        # The value escaped: it may hold the very control characters that
        # were refused.
        return ("Invalid input for %s %s. Value: %s. An invalid '%s' value "
                "was provided. The name must be: %s"
                % (what, names[-1], ascii(error.instance), names[-1],
                   NAME_FORMATS[error.validator_value][1]))
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
    # Parsed once: the check runs on every request.
    min_version = microversion.APIVersionRequest.coerce(min_version)
    max_version = microversion.APIVersionRequest.coerce(max_version)

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            if _applies(_request(args, kwargs), min_version, max_version):
                validate(validator, kwargs.get('body'))
            return func(*args, **kwargs)
        return wrapper
    return decorator


def versioned_schema(table):
    """Validate the ``body`` argument with the schema of the request's
    microversion: ``table`` lists ``(schema, min_version, max_version)``,
    ranges apart, oldest first (a resource's ``CREATE``, say)."""
    compiled = [(_validator(body_schema),
                 microversion.APIVersionRequest.coerce(low),
                 microversion.APIVersionRequest.coerce(high))
                for body_schema, low, high in table]

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            version = _request(args, kwargs).api_version
            for validator, low, high in compiled:
                if version.matches(low, high):
                    validate(validator, kwargs.get('body'))
                    break
            return func(*args, **kwargs)
        return wrapper
    return decorator


def query_schema(query_params_schema, min_version=None, max_version=None):
    """Validate the query string: each parameter is a list of its values
    (``?a=1&a=2`` is ``{"a": ["1", "2"]}``), as in Nova.
    """
    validator = _validator(query_params_schema)
    min_version = microversion.APIVersionRequest.coerce(min_version)
    max_version = microversion.APIVersionRequest.coerce(max_version)

    def decorator(func):
        @functools.wraps(func)
        def wrapper(*args, **kwargs):
            req = _request(args, kwargs)
            if _applies(req, min_version, max_version):
                validate(validator, req.GET.dict_of_lists(), is_body=False)
            return func(*args, **kwargs)
        return wrapper
    return decorator
