"""The libvirt virt driver: ``driver`` (the ComputeDriver), ``host`` (the
connection), ``guest`` (one domain) and ``config`` (domain XML)."""
