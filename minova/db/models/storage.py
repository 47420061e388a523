"""The tables of the local image and volume back ends
(:mod:`minova.image.local`, :mod:`minova.volume.local`): images and their
members, volumes, their attachments and snapshots."""

from sqlalchemy import (BigInteger, Boolean, Column, ForeignKey, Index,
                        Integer, String, Text)

from minova.db.models import Base
from minova.db.models import TimestampMixin


class Image(TimestampMixin, Base):
    """An image of the local image back end (the file lives on disk)."""
    __tablename__ = 'images'
    __table_args__ = (Index('images_owner_idx', 'owner'),)
    id = Column(String(36), primary_key=True)
    name = Column(String(255))
    status = Column(String(30), nullable=False, default='queued')
    disk_format = Column(String(20))
    container_format = Column(String(20))
    size = Column(BigInteger)
    checksum = Column(String(32))
    min_disk = Column(Integer, nullable=False, default=0)
    min_ram = Column(Integer, nullable=False, default=0)
    visibility = Column(String(20), nullable=False, default='public')
    owner = Column(String(255))
    protected = Column(Boolean, nullable=False, default=False)
    properties = Column(Text, nullable=False, default='{}')
    path = Column(Text)
    os_hash_algo = Column(String(64))
    os_hash_value = Column(String(128))
    tags = Column(Text, nullable=False, default='[]', server_default='[]')


class ImageMember(TimestampMixin, Base):
    """A project an image of ``shared`` visibility is shared with, and
    whether it accepted (Glance's ``image_members``)."""
    __tablename__ = 'image_members'
    __table_args__ = (Index('image_members_member_idx', 'member'),)
    image_id = Column(String(36), ForeignKey('images.id', ondelete='CASCADE'),
                      primary_key=True, nullable=False)
    member = Column(String(255), primary_key=True, nullable=False)
    status = Column(String(20), nullable=False)


class Volume(TimestampMixin, Base):
    """A volume of the local block storage back end."""
    __tablename__ = 'volumes'
    id = Column(String(36), primary_key=True)
    name = Column(String(255))
    description = Column(Text)
    project_id = Column(String(255))
    user_id = Column(String(255))
    size = Column(Integer, nullable=False)
    status = Column(String(30), nullable=False, default='creating')
    attach_status = Column(String(30), nullable=False, default='detached')
    volume_type = Column(String(255))
    bootable = Column(Boolean, nullable=False, default=False)
    image_id = Column(String(36))
    path = Column(Text)
    availability_zone = Column(String(255))
    multiattach = Column(Boolean, nullable=False, default=False)
    disk_format = Column(String(30))
    snapshot_id = Column(String(36))
    # A JSON object (``metadata`` is taken by SQLAlchemy).
    volume_metadata = Column(Text)


class VolumeAttachment(TimestampMixin, Base):
    __tablename__ = 'volume_attachments'
    id = Column(String(36), primary_key=True)
    volume_id = Column(String(36), ForeignKey('volumes.id'), nullable=False)
    instance_uuid = Column(String(36), nullable=False)
    mountpoint = Column(String(255))
    connector = Column(Text)
    connection_info = Column(Text)
    status = Column(String(30), nullable=False, default='reserved')


class VolumeSnapshot(TimestampMixin, Base):
    """A point-in-time copy of a local volume: a file of its own."""
    __tablename__ = 'volume_snapshots'
    __table_args__ = (
        Index('volume_snapshots_volume_id_idx', 'volume_id'),)
    id = Column(String(36), primary_key=True)
    volume_id = Column(String(36), ForeignKey('volumes.id'), nullable=False)
    project_id = Column(String(255))
    name = Column(String(255))
    description = Column(Text)
    size = Column(Integer, nullable=False)
    status = Column(String(30), nullable=False, default='creating')
    disk_format = Column(String(30))
    path = Column(Text)
