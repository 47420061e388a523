"""Generated libvirt XML checked against libvirt's own RelaxNG schema.

The schema ships with libvirt (``/usr/share/libvirt/schemas``, Debian's
libvirt0 package); lxml validates against it. Without either, the tests
that need it skip and say why.
"""

import os

try:
    from lxml import etree
except ImportError:
    etree = None

DOMAIN_SCHEMA = '/usr/share/libvirt/schemas/domain.rng'

# The least a domain needs around the device under test.
MINIMAL_DOMAIN = """<domain type='qemu'>
  <name>schema-check</name>
  <memory unit='KiB'>65536</memory>
  <os><type arch='x86_64' machine='pc'>hvm</type></os>
  <features><acpi/></features>
  <devices>%s</devices>
</domain>"""

_schema = None


def missing():
    """Why validation cannot run here, or None."""
    if etree is None:
        return 'lxml is not installed'
    if not os.path.exists(DOMAIN_SCHEMA):
        return '%s is missing (install libvirt)' % DOMAIN_SCHEMA
    return None


def _get_schema():
    global _schema
    if _schema is None:
        _schema = etree.RelaxNG(etree.parse(DOMAIN_SCHEMA))
    return _schema


def assert_valid_domain(testcase, xml):
    """Fail ``testcase`` with the schema's errors unless ``xml`` is a
    valid domain; skip it when the schema cannot be used here."""
    reason = missing()
    if reason:
        testcase.skipTest(reason)
    schema = _get_schema()
    if not schema.validate(etree.fromstring(xml)):
        testcase.fail('invalid domain XML: %s\n%s' % (schema.error_log, xml))


def assert_valid_device(testcase, device_conf):
    """A device config object, validated inside a minimal domain."""
    assert_valid_domain(testcase, MINIMAL_DOMAIN % device_conf.to_xml())
