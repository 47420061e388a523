"""Loading replaceable parts with stevedore, by entry-point name.

A configured name that is not installed, or a plugin that fails to import,
stops the service at start with one line naming the option, the value, the
namespace and what is installed: never a traceback from inside stevedore,
never a silent skip.
"""

import importlib.metadata

from stevedore import driver
from stevedore import named

from minova import exception

NAMESPACES = {
    'minova.scheduler.driver': ('scheduler', 'driver'),
    'minova.scheduler.filters': ('filter_scheduler', 'enabled_filters'),
    'minova.scheduler.weighers': ('filter_scheduler', 'weight_classes'),
    'minova.virt.drivers': ('DEFAULT', 'compute_driver'),
    'minova.virt.libvirt.volume_drivers': (None, None),
    'minova.volume.api': ('volume', 'backend'),
    'minova.image.api': ('image', 'backend'),
    'minova.network.api': ('network', 'backend'),
}


def installed(namespace):
    """Sorted entry-point names installed in ``namespace``."""
    return sorted({ep.name for ep in
                   importlib.metadata.entry_points(group=namespace)})


def configured(conf, namespace):
    """The names the config enables in ``namespace`` (a list)."""
    group, option = NAMESPACES.get(namespace, (None, None))
    if option is None:
        return []
    try:
        section = conf if group == 'DEFAULT' else getattr(conf, group)
        value = getattr(section, option)
    except Exception:
        return []
    return list(value) if isinstance(value, (list, tuple)) else [value]


def _error(namespace, value, reason):
    group, option = NAMESPACES.get(namespace, ('?', '?'))
    return exception.PluginLoadError(
        group=group, option=option, value=value,
        reason='%s (namespace %s; installed: %s)' % (
            reason, namespace, ', '.join(installed(namespace)) or 'none'))


def _raise_load_failure(manager, entrypoint, error):
    raise _error(manager.namespace, entrypoint.name,
                 'plugin %s failed to load: %s: %s' % (
                     entrypoint.name, type(error).__name__, error))


def load_class(namespace, name):
    """The class registered as ``name`` in ``namespace`` (not instantiated)."""
    if name not in installed(namespace):
        raise _error(namespace, name, 'no plugin named %r' % name)
    try:
        mgr = driver.DriverManager(namespace, name, invoke_on_load=False,
                                   on_load_failure_callback=_raise_load_failure)
    except exception.PluginLoadError:
        raise
    except Exception as e:
        raise _error(namespace, name, '%s: %s' % (type(e).__name__, e))
    return mgr.driver


def load_classes(namespace, names):
    """The classes for ``names``, in the order given."""
    missing = [n for n in names if n not in installed(namespace)]
    if missing:
        raise _error(namespace, names,
                     'no plugin named %s' % ', '.join(map(repr, missing)))
    mgr = named.NamedExtensionManager(
        namespace, names, invoke_on_load=False, name_order=True,
        on_load_failure_callback=_raise_load_failure)
    return [ext.plugin for ext in mgr]
