"""Sphinx configuration for minova's documentation (``tox -e docs``)."""

import os
import sys

# minova first: it chooses oslo.service's threading backend before the
# oslo libraries that the config extension loads can choose another.
import minova  # noqa: F401
from minova import version as minova_version

sys.path.insert(0, os.path.join(os.path.dirname(__file__), '_ext'))

project = 'minova'
copyright = 'minova contributors'
release = minova_version.__version__
version = release

extensions = [
    'oslo_config.sphinxext',
    'minova_rpc',
]

master_doc = 'index'
exclude_patterns = ['_build']
html_theme = 'alabaster'
html_static_path = []
pygments_style = 'sphinx'

# The pages of the documentation, in reading order. index.rst lists those
# that exist, so that a page can be named here before it is written.
PAGES = [
    'architecture',
    'boot_path',
    'actions_path',
    'resize_path',
    'volume_path',
    'volumes',
    'volume_api',
    'image_api',
    'reliability',
    'deployment',
    'scheduler',
    'scale',
    'virt_drivers',
    'plugin_guide',
    'api',
    'policy',
    'keystone',
    'tempest',
    'api_microversion_history',
    'api_routes',
    'api_samples',
    'api_reference',
    'quotas',
    'configuration/index',
]


def _toctree(app, docname, source):
    if docname != app.config.master_doc:
        return
    present = [page for page in PAGES
               if os.path.exists(os.path.join(app.srcdir, page + '.rst'))]
    toctree = '.. toctree::\n   :maxdepth: 2\n\n' + ''.join(
        '   %s\n' % page for page in present)
    source[0] = source[0].replace('.. minova-pages::\n', toctree)


def setup(app):
    app.connect('source-read', _toctree)
