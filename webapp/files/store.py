"""Files that every app server can read: written by a job, streamed out by any web worker.

One small interface (`FileStore`): `create()` gives a writer, `open()` a reader that yields the
bytes in pieces, `delete()` forgets a file. Keys are opaque strings ("db:42"), so an object store
can be added later as another implementation without touching its callers. The default keeps
files in the database in chunks: nothing to set up, and memory stays flat both ways (a writer
holds one chunk, a reader asks for one chunk at a time).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from sqlalchemy import delete, insert, select, update

from webapp.extensions import db
from webapp.files.models import StoredFile, StoredFileChunk

CHUNK_BYTES = 512 * 1024  # a chunk per row: small enough for any database, large enough to be quick


class StoredFileMissing(LookupError):
    """No complete file has this key (never written, still being written, or deleted)."""


@dataclass(frozen=True, slots=True)
class FileInfo:
    """What a download needs to know before it streams the bytes."""

    key: str
    name: str
    content_type: str
    size: int


class FileWriter(Protocol):
    """A binary file being written; `key` is known from the start, `close()` makes it readable."""

    key: str

    def write(self, data: bytes) -> int: ...

    def flush(self) -> None: ...

    def close(self) -> None: ...

    def abort(self) -> None: ...


class FileStore(Protocol):
    """Where job output lives (see module docstring)."""

    def create(self, name: str, content_type: str) -> FileWriter: ...

    def info(self, key: str) -> FileInfo: ...

    def read(self, key: str) -> Iterator[bytes]: ...

    def delete(self, key: str) -> None: ...

    def purge_incomplete(self, before: dt.datetime) -> int: ...


class DatabaseFileStore:
    """Files as rows: a `stored_file` header and `stored_file_chunk` pieces, committed as written.

    Each chunk is committed on its own, so no transaction stays open for the length of a big
    export and readers on other servers are never blocked by it.
    """

    prefix = "db:"

    def create(self, name: str, content_type: str) -> _DatabaseWriter:
        """A new, incomplete file; write to it, then close() (or abort() to throw it away)."""
        row = StoredFile(name=name[:255], content_type=content_type, complete=False)
        db.session.add(row)
        db.session.commit()
        return _DatabaseWriter(self, row.id)

    def _id(self, key: str) -> int:
        if not key.startswith(self.prefix) or not key[len(self.prefix) :].isdigit():
            raise StoredFileMissing(key)
        return int(key[len(self.prefix) :])

    def info(self, key: str) -> FileInfo:
        """Name, type and size of a complete file; StoredFileMissing otherwise."""
        row = db.session.get(StoredFile, self._id(key))
        if row is None or not row.complete:
            raise StoredFileMissing(key)
        return FileInfo(key, row.name, row.content_type, row.size)

    def read(self, key: str) -> Iterator[bytes]:
        """The file's bytes, one chunk per query (needs an app context while it is iterated)."""
        file_id = self._id(key)
        seq = 0
        while True:
            data = db.session.scalar(
                select(StoredFileChunk.data).where(
                    StoredFileChunk.file_id == file_id, StoredFileChunk.seq == seq
                )
            )
            # Long downloads must not hold a transaction (and its snapshot) open between chunks.
            db.session.commit()
            if data is None:
                return
            yield bytes(data)
            seq += 1

    def delete(self, key: str) -> None:
        """Forget a file and its chunks (nothing happens if it is already gone)."""
        try:
            file_id = self._id(key)
        except StoredFileMissing:
            return
        db.session.execute(delete(StoredFileChunk).where(StoredFileChunk.file_id == file_id))
        db.session.execute(delete(StoredFile).where(StoredFile.id == file_id))
        db.session.commit()

    def purge_incomplete(self, before: dt.datetime) -> int:
        """Delete files left half-written (their worker died) made before `before`."""
        ids = db.session.scalars(
            select(StoredFile.id).where(
                StoredFile.complete.is_(False), StoredFile.created_at < before
            )
        ).all()
        for file_id in ids:
            self.delete(f"{self.prefix}{file_id}")
        return len(ids)


class _DatabaseWriter:
    """Buffers one chunk and inserts it as a row when full."""

    def __init__(self, store: DatabaseFileStore, file_id: int):
        self._store, self._file_id = store, file_id
        self.key = f"{store.prefix}{file_id}"
        self._buffer = bytearray()
        self._seq = 0
        self._size = 0
        self.closed = False

    def write(self, data: bytes) -> int:
        self._buffer += data
        self._size += len(data)
        while len(self._buffer) >= CHUNK_BYTES:
            self._save(bytes(self._buffer[:CHUNK_BYTES]))
            del self._buffer[:CHUNK_BYTES]
        return len(data)

    def flush(self) -> None:
        """Nothing to do: chunks are saved when full (zipfile and the PDF writer call this)."""

    def _save(self, piece: bytes) -> None:
        db.session.execute(
            insert(StoredFileChunk).values(file_id=self._file_id, seq=self._seq, data=piece)
        )
        db.session.commit()
        self._seq += 1

    def close(self) -> None:
        """Save the last chunk and mark the file complete (readable)."""
        if self.closed:
            return
        if self._buffer:
            self._save(bytes(self._buffer))
            self._buffer.clear()
        db.session.execute(
            update(StoredFile)
            .where(StoredFile.id == self._file_id)
            .values(size=self._size, complete=True)
        )
        db.session.commit()
        self.closed = True

    def abort(self) -> None:
        """Throw away what was written."""
        self.closed = True
        self._buffer.clear()
        db.session.rollback()
        self._store.delete(self.key)

    def __enter__(self) -> _DatabaseWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()


_STORES: dict[str, type] = {"database": DatabaseFileStore}


def file_store(kind: str = "database") -> FileStore:
    """The store of that kind (setting FILE_STORAGE; "database" is the one there is today)."""
    return _STORES[kind]()
