"""A sample third-party plugin for minova's scheduler.

- ``HostNamePatternFilter`` keeps instances off hosts by name: only hosts
  whose name matches ``[minova_sample_plugin] host_pattern`` and that
  ``excluded_hosts`` does not list (hosts in maintenance) pass.
- ``PreferredHostWeigher`` ranks hosts by an operator's preference,
  ``[minova_sample_plugin] host_preferences`` (``host:weight`` pairs).
"""
