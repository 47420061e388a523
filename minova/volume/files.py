"""The files of the local volume back end, made, copied and measured with
``qemu-img``.

A raw volume is a sparse file: creating one costs nothing whatever its
size, and a copy (``qemu-img convert``) skips its holes. A qcow2 volume
starts at a few hundred KB and grows as the guest writes. A copy made
while a guest has the file open passes ``-U`` (force share): qemu locks
the files it writes, and the copy is then crash-consistent, as a snapshot
of an attached volume is in Cinder.
"""

import os

from oslo_concurrency import processutils
from oslo_serialization import jsonutils

GIB = 1024 ** 3


def qemu_img(*args):
    """Run qemu-img; ProcessExecutionError (with its stderr) if it fails."""
    out, _err = processutils.execute('qemu-img', *args)
    return out


def virtual_size(path, disk_format):
    """The bytes the file at ``path`` holds as a disk."""
    return jsonutils.loads(qemu_img(
        'info', '--output=json', '-f', disk_format, path))['virtual-size']


def create(path, size_gb, disk_format):
    """An empty volume of ``size_gb`` GB at ``path`` (which must not
    exist)."""
    if disk_format == 'qcow2':
        qemu_img('create', '-q', '-f', 'qcow2', path, '%dG' % size_gb)
        return
    with open(path, 'xb') as f:
        f.truncate(size_gb * GIB)


def copy(source, source_format, path, disk_format, size_gb=None,
         force_share=False):
    """Copy the disk at ``source`` into a new file at ``path`` in
    ``disk_format``, grown to ``size_gb`` GB when given (never shrunk)."""
    args = ['convert', '-f', source_format, '-O', disk_format]
    if force_share:
        args.append('-U')
    qemu_img(*(args + [source, path]))
    if size_gb is not None:
        grow(path, disk_format, size_gb)


def grow(path, disk_format, size_gb):
    """Grow the disk at ``path`` to ``size_gb`` GB (never shrink it)."""
    if virtual_size(path, disk_format) >= size_gb * GIB:
        return
    if disk_format == 'qcow2':
        qemu_img('resize', '-q', '-f', 'qcow2', path, '%dG' % size_gb)
    else:
        with open(path, 'r+b') as f:
            f.truncate(size_gb * GIB)


def remove(path):
    """Remove the file at ``path``; gone already (or never made) is
    fine."""
    if path:
        try:
            os.unlink(path)
        except (FileNotFoundError, NotADirectoryError):
            pass
