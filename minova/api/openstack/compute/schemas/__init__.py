"""JSON schemas of the compute API's request bodies, one module per
resource (Nova's ``nova/api/openstack/compute/schemas``)."""
