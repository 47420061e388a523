"""The libvirt connection of one driver, and questions about the host.

One :class:`Host` per driver object, so two computes in one process each
have their own connection. libvirt connections are thread-safe; the lock
here only makes sure that parallel builds open one connection, not several.
The connection is opened lazily and reopened if libvirtd went away.
"""

import threading
import xml.etree.ElementTree as ET

from oslo_log import log as logging

from minova import exception
from minova.virt.libvirt import guest as libvirt_guest

try:
    import libvirt
except ImportError:  # an optional dependency: pip install 'minova[libvirt]'
    libvirt = None

LOG = logging.getLogger(__name__)

CONNECTION_URI_OPTION = '[libvirt] connection_uri'


def _ignore_libvirt_error(ctxt, error):
    """libvirt prints every error to stderr by default; we raise them."""


class Host:
    """Owns the connection to ``uri`` and answers questions about the host."""

    def __init__(self, uri):
        self.uri = uri
        self._conn = None
        self._lock = threading.Lock()
        self._capabilities = None

    def get_connection(self):
        """The open connection; opened here on first use.

        Raises :class:`~minova.exception.HypervisorUnavailable`, naming
        ``[libvirt] connection_uri`` and its value, when it cannot be opened.
        """
        conn = self._conn
        if conn is not None and conn.isAlive():
            return conn
        with self._lock:
            if self._conn is None or not self._conn.isAlive():
                self._conn = self._connect()
            return self._conn

    def _connect(self):
        if libvirt is None:
            raise exception.HypervisorUnavailable(
                option=CONNECTION_URI_OPTION, value=self.uri,
                reason="the libvirt Python binding is not installed "
                       "(pip install 'minova[libvirt]')")
        libvirt.registerErrorHandler(_ignore_libvirt_error, None)
        try:
            conn = libvirt.open(self.uri)
        except libvirt.libvirtError as e:
            raise exception.HypervisorUnavailable(
                option=CONNECTION_URI_OPTION, value=self.uri,
                reason=e.get_error_message())
        LOG.info('Connected to libvirt at %s (%s)', self.uri, conn.getType())
        return conn

    def close(self):
        with self._lock:
            conn, self._conn = self._conn, None
        if conn is not None:
            try:
                conn.close()
            except libvirt.libvirtError as e:
                LOG.warning('Closing the libvirt connection to %s: %s',
                            self.uri, e)

    # -- the hypervisor ----------------------------------------------------

    def get_hypervisor_type(self):
        """libvirt's driver name: ``QEMU``, or ``TEST`` for ``test://``."""
        return self.get_connection().getType()

    def is_test_driver(self):
        """Whether this is libvirt's in-process test hypervisor, which has
        its own domain type and no real disks."""
        return self.get_hypervisor_type() == 'TEST'

    def get_version(self):
        return self.get_connection().getVersion()

    def get_node_info(self):
        """``[arch, memory MB, cpus, MHz, nodes, sockets, cores, threads]``."""
        return self.get_connection().getInfo()

    def get_capabilities(self):
        """The parsed capabilities XML; it does not change while connected."""
        if self._capabilities is None:
            self._capabilities = ET.fromstring(
                self.get_connection().getCapabilities())
        return self._capabilities

    def get_supported_instances(self):
        """``[arch, domain type, os type]`` for each guest the host runs."""
        supported = []
        for guest in self.get_capabilities().findall('guest'):
            os_type = guest.findtext('os_type')
            for arch in guest.findall('arch'):
                for domain in arch.findall('domain'):
                    entry = [arch.get('name'), domain.get('type'), os_type]
                    if entry not in supported:
                        supported.append(entry)
        return supported

    # -- guests ------------------------------------------------------------

    def find_guest(self, instance):
        """The :class:`Guest` of ``instance`` (by uuid), or None."""
        try:
            domain = self.get_connection().lookupByUUIDString(instance.uuid)
        except libvirt.libvirtError as e:
            if e.get_error_code() == libvirt.VIR_ERR_NO_DOMAIN:
                return None
            raise
        return libvirt_guest.Guest(domain)

    def get_guest(self, instance):
        """Like :meth:`find_guest`, but InstanceNotFound when there is none."""
        guest = self.find_guest(instance)
        if guest is None:
            raise exception.InstanceNotFound(instance_id=instance.uuid)
        return guest

    def list_guests(self):
        """Every domain, running or not: stopped guests hold resources too."""
        return [libvirt_guest.Guest(domain)
                for domain in self.get_connection().listAllDomains(0)]

    def write_instance_config(self, xml):
        """Define (persist) a domain from ``xml``; it is not started."""
        return libvirt_guest.Guest(self.get_connection().defineXML(xml))
