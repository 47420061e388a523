"""minova-manage: the operator's commands (database, services, plugins).

    minova-manage db sync | db version
    minova-manage service list
    minova-manage service disable --host H [--binary B] [--reason R]
    minova-manage service enable --host H [--binary minova-compute]
    minova-manage plugins list
    minova-manage flavor bootstrap | image bootstrap
"""

import sys

from oslo_config import cfg

from minova.cmd import common
from minova import config
from minova import context
from minova.db import migration
from minova.db import session
from minova import exception
from minova import flavors
from minova.image import local as image_local
from minova.objects import service as service_obj
from minova import plugins
from minova import servicegroup


def _table(headers, rows):
    widths = [max(len(str(x)) for x in col) for col in zip(headers, *rows)]
    line = '+' + '+'.join('-' * (w + 2) for w in widths) + '+'
    fmt = '|' + '|'.join(' %%-%ds ' % w for w in widths) + '|'
    out = [line, fmt % tuple(headers), line]
    out += [fmt % tuple(str(x) for x in row) for row in rows]
    out.append(line)
    return '\n'.join(out)


def db_sync(conf):
    migration.db_sync()
    print('Database is at revision %s' % migration.db_version())


def db_version(conf):
    print(migration.db_version() or 'empty')


def service_list(conf):
    ctxt = context.get_admin_context()
    rows = []
    for svc in service_obj.Service.get_all(ctxt):
        up = servicegroup.is_up(svc, conf.service_down_time)
        rows.append((svc.id, svc.binary, svc.host,
                     conf.compute.default_availability_zone
                     if svc.binary == 'minova-compute' else 'internal',
                     'disabled' if svc.disabled else 'enabled',
                     'up' if up else 'down',
                     svc.last_seen_up.strftime('%Y-%m-%dT%H:%M:%S')
                     if svc.last_seen_up else '-',
                     svc.disabled_reason or ''))
    print(_table(('Id', 'Binary', 'Host', 'Zone', 'Status', 'State',
                  'Updated At', 'Disabled Reason'), rows))


def _set_disabled(conf, disabled):
    ctxt = context.get_admin_context()
    args = conf.category
    svc = service_obj.Service.get_by_host_and_binary(ctxt, args.service_host,
                                                     args.binary)
    svc.disabled = disabled
    svc.disabled_reason = args.reason if disabled else None
    svc.save()
    print('%s on %s is %s' % (args.binary, args.service_host,
                              'disabled' if disabled else 'enabled'))


def plugins_list(conf):
    rows = []
    for namespace in sorted(plugins.NAMESPACES):
        enabled = set(plugins.configured(conf, namespace))
        for name in plugins.installed(namespace) or ['-']:
            rows.append((namespace, name, 'yes' if name in enabled else ''))
        for name in sorted(enabled - set(plugins.installed(namespace))):
            rows.append((namespace, name, 'ENABLED BUT NOT INSTALLED'))
    print(_table(('Namespace', 'Plugin', 'Enabled'), rows))


def flavor_bootstrap(conf):
    """The flavors minova-all's bootstrap makes, on a cloud without any."""
    created = flavors.bootstrap_flavors()
    print('Created flavors: %s' % ', '.join(f.name for f in created)
          if created else 'Flavors exist already: none created')


def image_bootstrap(conf):
    """minova-all's small image, on a cloud without images: run it where
    ``[image] local_image_dir`` is the API's."""
    image_id = image_local.bootstrap(conf, context.get_admin_context())
    print('Created image %s (%s)' % (image_local.BOOTSTRAP_IMAGE_NAME,
                                     image_id)
          if image_id else 'Images exist already: none created')


COMMANDS = {
    ('db', 'sync'): (db_sync, True),
    ('db', 'version'): (db_version, True),
    ('service', 'list'): (service_list, True),
    ('service', 'disable'): (lambda conf: _set_disabled(conf, True), True),
    ('service', 'enable'): (lambda conf: _set_disabled(conf, False), True),
    ('plugins', 'list'): (plugins_list, False),
    ('flavor', 'bootstrap'): (flavor_bootstrap, True),
    ('image', 'bootstrap'): (image_bootstrap, True),
}


def _add_parsers(subparsers):
    for category in ('db', 'service', 'plugins', 'flavor', 'image'):
        parser = subparsers.add_parser(category)
        actions = parser.add_subparsers(dest='action', required=True)
        for cat, action in COMMANDS:
            if cat != category:
                continue
            sub = actions.add_parser(action)
            if category == 'service' and action != 'list':
                # dest must not be 'host': that is [DEFAULT] host.
                sub.add_argument('--host', dest='service_host', required=True)
                sub.add_argument('--binary', default='minova-compute')
                if action == 'disable':
                    sub.add_argument('--reason')


def main(argv=None):
    conf = config.new_conf()
    conf.register_cli_opt(cfg.SubCommandOpt(
        'category', title='Commands', handler=_add_parsers,
        help='db, service, plugins, flavor or image'))
    prog = 'minova-manage'
    try:
        config.parse_args(conf, sys.argv[1:] if argv is None else argv)
        func, needs_db = COMMANDS[(conf.category.name, conf.category.action)]
        if needs_db:
            session.configure(conf)
        func(conf)
    except (cfg.Error, exception.ConfigError,
            exception.DatabaseUnreachable) as e:
        common.fail(prog, str(e).splitlines()[0])
    except exception.MinovaException as e:
        common.fail(prog, e.format_message())
    finally:
        session.reset()
