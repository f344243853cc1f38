"""Tables of the file store: files kept in the database in chunks, so any app server can stream
them out.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import BigInteger, Boolean, ForeignKey, Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from webapp.clock import AwareDateTime, utcnow
from webapp.extensions import db


class StoredFile(db.Model):
    """A file made by a job (a letter download); readable from every app server."""

    __tablename__ = "stored_file"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(255))
    content_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(BigInteger, default=0)
    # False while it is being written: a half-written file is never served.
    complete: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[dt.datetime] = mapped_column(AwareDateTime(), default=utcnow)


class StoredFileChunk(db.Model):
    """One piece of a stored file, in order (`seq` from 0)."""

    __tablename__ = "stored_file_chunk"

    file_id: Mapped[int] = mapped_column(
        ForeignKey("stored_file.id", ondelete="CASCADE"), primary_key=True
    )
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    data: Mapped[bytes] = mapped_column(LargeBinary)
