"""Versioned objects: everything that crosses the bus.

Importing this package registers every object class, so a service can
deserialize whatever arrives.
"""


def register_all():
    # Imported for their registration side effect.
    from minova.objects import block_device  # noqa: F401
    from minova.objects import compute_node  # noqa: F401
    from minova.objects import flavor  # noqa: F401
    from minova.objects import image_meta  # noqa: F401
    from minova.objects import instance  # noqa: F401
    from minova.objects import instance_action  # noqa: F401
    from minova.objects import instance_fault  # noqa: F401
    from minova.objects import instance_group  # noqa: F401
    from minova.objects import keypair  # noqa: F401
    from minova.objects import migration  # noqa: F401
    from minova.objects import request_spec  # noqa: F401
    from minova.objects import service  # noqa: F401


register_all()
