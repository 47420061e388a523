"""Bringing minova up as separate processes on a machine: the system's
RabbitMQ and PostgreSQL, config files written from ``etc/minova``, and the
service processes with their pid files. ``tools/deploy.py`` is its command
line; the integration tests' fixtures share it."""
