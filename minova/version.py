"""minova's release number, read by setup.cfg and by every --version."""

__version__ = '0.1.0'
