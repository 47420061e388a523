"""The OpenStack compute API: version documents, fault bodies and, under
``compute/``, the v2.1 routing table and its resources.
"""
