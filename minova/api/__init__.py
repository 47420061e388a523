"""minova-api: the WSGI application that serves Nova's compute API v2.1.

The pipeline is declared in ``api-paste.ini`` and loaded by
:func:`minova.api.wsgi.init_application`; :mod:`minova.api.server` serves it
over HTTP. ``doc/source/api.rst`` walks through both.
"""
