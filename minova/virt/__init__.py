"""Virt drivers: how a compute service drives its hypervisor.

:mod:`minova.virt.driver` is the contract (``ComputeDriver``);
:mod:`minova.virt.fake` and :mod:`minova.virt.libvirt` are the in-tree
drivers, loaded by name from the ``minova.virt.drivers`` entry points.
"""
