"""View builders: turn minova's objects into Nova's JSON, field for field."""
