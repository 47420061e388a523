"""Refuse a URL whose path or query string is not UTF-8, before anything
reads it.

WSGI hands the path and query over as bytes in Latin-1 strings; webob
decodes them as UTF-8 the first time ``req.path_info`` or ``req.GET`` is
read, deep inside a handler, where a ``UnicodeDecodeError`` would be a
500. :func:`check_url` tries those decodings once, up front, and raises
400 naming the part (and the query parameter) that does not decode.
"""

import urllib.parse

import webob.exc


def _decodes(data):
    try:
        data.decode('utf-8')
    except UnicodeDecodeError:
        return False
    return True


def check_url(environ):
    """Raise ``HTTPBadRequest`` unless PATH_INFO and QUERY_STRING are
    UTF-8 once percent-decoded."""
    path = environ.get('PATH_INFO', '').encode('latin-1')
    if not _decodes(path):
        raise webob.exc.HTTPBadRequest(
            explanation='The URL path is not valid UTF-8.')
    query = environ.get('QUERY_STRING', '').encode('latin-1')
    for param in query.replace(b';', b'&').split(b'&'):
        name, _sep, value = param.partition(b'=')
        name = urllib.parse.unquote_to_bytes(name.replace(b'+', b' '))
        value = urllib.parse.unquote_to_bytes(value.replace(b'+', b' '))
        if not _decodes(name):
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid query string: a parameter name is not '
                            'valid UTF-8.')
        if not _decodes(value):
            raise webob.exc.HTTPBadRequest(
                explanation='Invalid input for query parameters %s: the '
                            'value is not valid UTF-8.'
                            % name.decode('utf-8'))
