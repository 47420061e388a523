"""Decode a request body as JSON, strictly enough that nothing behind the
router fails on what Python's ``json`` lets through.

Python's ``json`` accepts ``NaN`` and ``Infinity`` (RFC 8259 does not),
reads ``1e999`` as infinity, keeps lone UTF-16 surrogates (``"\\ud800"``)
that no database or encoder can store and NUL characters that PostgreSQL
cannot, hands over integers no column holds, and recurses into nesting
until a ``RecursionError``. Each of these is a 400 here, naming the field
where there is one; the rest is left to the handlers' JSON schemas.
"""

import math

from oslo_serialization import jsonutils
import webob.exc

from minova import exception

# Deeper than any body of the API (a server's block device mapping is 4).
MAX_DEPTH = 32
# No field of the API takes an integer beyond a signed 64-bit one.
MAX_INTEGER = 2 ** 63 - 1


def _malformed(reason):
    return webob.exc.HTTPBadRequest(
        explanation='Malformed request body: %s' % reason)


def _refuse_constant(name):
    raise ValueError('%s is not a JSON number' % name)


def _finite_float(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError('%s is out of range' % text)
    return value


def _text_problem(value):
    """Why the string ``value`` cannot be stored, or None."""
    try:
        value.encode('utf-8')
    except UnicodeEncodeError:
        return 'a lone UTF-16 surrogate is not text'
    if '\x00' in value:
        return 'a NUL character cannot be stored'
    return None


def _invalid(field, reason):
    if field is None:
        return _malformed(reason)
    return exception.ValidationError(field=field, reason=reason)


def check(body):
    """Raise 400 if ``body`` (decoded JSON) nests deeper than
    :data:`MAX_DEPTH`, holds a string with a lone surrogate or a NUL, or an
    integer beyond :data:`MAX_INTEGER`; the message names the innermost
    field.

    Iterative, so that a deep body cannot exhaust the stack here either.
    """
    stack = [(body, 1, None)]
    while stack:
        value, depth, field = stack.pop()
        if isinstance(value, str):
            problem = _text_problem(value)
            if problem:
                raise _invalid(field, problem)
        elif isinstance(value, bool):
            pass
        elif isinstance(value, int):
            if abs(value) > MAX_INTEGER:
                raise _invalid(field, '%s is out of range' % value)
        elif isinstance(value, (dict, list)):
            if depth > MAX_DEPTH:
                raise _malformed('nested deeper than %d' % MAX_DEPTH)
            if isinstance(value, list):
                stack.extend((item, depth + 1, field) for item in value)
                continue
            for key, item in value.items():
                problem = _text_problem(key)
                if problem:
                    raise _invalid(field, 'in a key, %s' % problem)
                stack.append((item, depth + 1, key))


def loads(data):
    """The JSON document ``data`` (bytes), checked by :func:`check`;
    ``HTTPBadRequest`` or ``ValidationError`` (400) if it is not one."""
    try:
        body = jsonutils.loads(data, parse_constant=_refuse_constant,
                               parse_float=_finite_float)
    except RecursionError:
        raise _malformed('nested deeper than %d' % MAX_DEPTH)
    except ValueError as exc:
        raise _malformed(exc)
    check(body)
    return body
