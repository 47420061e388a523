"""``.. minova-rpc-api:: minova.conductor.rpcapi`` — a table of what an
``rpcapi.py`` module sends over the bus, read from the code itself so the
documentation cannot drift from it.

For each client class (a subclass of :class:`minova.rpcapi.RPCAPI`) it lists
the topic, the newest version and, per method, whether it is a **cast**
(fire and forget) or a **call** (waits for the answer), the version it is
sent at, and whether it goes to one named host or to any consumer of the
topic.
"""

import ast
import importlib
import inspect
import textwrap

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective
from sphinx.util import nodes as sphinx_nodes


def _send_sites(method):
    """``(kind, version, to_one_host)`` of each message ``method`` sends."""
    tree = ast.parse(textwrap.dedent(inspect.getsource(method)))
    prepared = {}
    sites = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        name = getattr(node.func, 'attr', None)
        if name == '_prepare':
            version = (node.args[0].value if node.args and
                       isinstance(node.args[0], ast.Constant) else '?')
            to_host = len(node.args) > 1 or any(
                k.arg == 'server' for k in node.keywords)
            prepared = {'version': version, 'to_host': to_host}
        elif name in ('cast', 'call'):
            sites.append((name, prepared.get('version', '?'),
                          prepared.get('to_host', False)))
    return sites


def _rows(cls):
    rows = []
    for name, method in sorted(vars(cls).items()):
        if name.startswith('_') or not inspect.isfunction(method):
            continue
        doc = (inspect.getdoc(method) or '').split('\n\n')[0].replace(
            '\n', ' ')
        for kind, version, to_host in _send_sites(method):
            rows.append((name, kind, version,
                         'one host (%s.<host>)' % cls.TOPIC if to_host
                         else 'any %s' % cls.TOPIC, doc))
    return rows


class RPCAPIDirective(SphinxDirective):
    required_arguments = 1

    def run(self):
        from minova import rpcapi
        module = importlib.import_module(self.arguments[0])
        lines = []
        for _, cls in inspect.getmembers(module, inspect.isclass):
            if (not issubclass(cls, rpcapi.RPCAPI) or cls is rpcapi.RPCAPI or
                    cls.__module__ != module.__name__):
                continue
            lines += ['**%s.%s** — topic ``%s``%s, version %s, capped by '
                      '``[upgrade_levels] %s``' % (
                          module.__name__, cls.__name__, cls.TOPIC,
                          ' (namespace ``%s``)' % cls.NAMESPACE
                          if cls.NAMESPACE else '', cls.VERSION,
                          cls.UPGRADE_LEVEL), '',
                      '.. list-table::', '   :header-rows: 1',
                      '   :widths: 25 8 8 20 39', '',
                      '   * - method', '     - kind', '     - version',
                      '     - to', '     - what for']
            for row in _rows(cls):
                lines.append('   * - ``%s``' % row[0])
                lines += ['     - %s' % cell if cell else '     -'
                          for cell in (('**%s**' % row[1],) + row[2:])]
            lines.append('')
        node = nodes.section()
        node.document = self.state.document
        sphinx_nodes.nested_parse_with_titles(
            self.state, StringList(lines, source=self.arguments[0]), node)
        return node.children


def setup(app):
    app.add_directive('minova-rpc-api', RPCAPIDirective)
    return {'parallel_read_safe': True, 'parallel_write_safe': True}
