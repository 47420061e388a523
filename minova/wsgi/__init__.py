"""WSGI entry points for servers that mount minova themselves (gunicorn,
uWSGI, mod_wsgi), as Nova ships ``nova.wsgi``: :mod:`minova.wsgi.api`."""
