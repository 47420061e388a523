"""The database: models, one query module per table family, migrations.

Only the api, conductor and scheduler reach this package (through
:mod:`minova.objects`); a compute never does, it asks the conductor.
"""
