"""Integration tests: minova's services as separate OS processes over a real
RabbitMQ and a real PostgreSQL, both started (if need be) by the fixtures in
:mod:`minova.tests.integration.fixtures`. They run as root, on a machine where
tools/run-tests.sh has installed rabbitmq-server and postgresql."""
