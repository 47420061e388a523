"""The list of options for oslo-config-generator and the sphinx extension."""

from minova.conf import MODULES


def list_opts():
    """Return ``[(group, [opts])]`` for every group minova owns.

    ``[database]`` and the messaging groups belong to oslo.db and
    oslo.messaging; the generator config lists their namespaces too.
    """
    groups = {}
    for module in MODULES:
        for group, opts in module.list_opts().items():
            groups.setdefault(group, []).extend(opts)
    return sorted(groups.items())
