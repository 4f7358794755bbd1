"""The cache's files on disk: where they live, when they are trusted, how they are framed.

Nothing here knows what a file holds; :mod:`kgraph.cache` decides that.

* **Where**: ``$KGRAPH_CACHE_DIR``, else ``$XDG_CACHE_HOME/kgraph``, else
  ``~/.cache/kgraph``. The directory is made private (0700).
* **Trusted** only when it is a directory owned by the user and writable by no one else
  (as ssh and git refuse such paths), and only regular files owned by the user, opened
  without following a symbolic link and within a size bound, are read. Anything else (a
  FIFO, a link to ``/dev/zero``, a shared or foreign directory) is left alone: kgraph then
  works without the cache and says why once (:func:`notes`).
* **Framed**: every file is a magic string, a header (its length and CRC-32), and named
  sections, each with the CRC-32 of every block of ``BLOCK`` bytes. Small files are
  checked whole when opened; in a large one, a block is checked the first time something
  in it is read (:class:`Blob`), so that opening the 100k-entity graph costs milliseconds
  instead of reading 170 MB. A block that fails its check raises :class:`Damaged`.
* **Values** are plain data (``marshal`` of dicts, lists, strings, numbers) and arrays:
  reading a cache file never runs code, whatever the file holds.
* **Written** all or nothing: a temporary file in the same directory, then ``os.replace``.
"""

from __future__ import annotations

import itertools
import marshal
import mmap
import os
import stat
import struct
import tempfile
import zlib
from array import array
from collections.abc import Iterable
from pathlib import Path
from typing import Any

MARSHAL = 2  # no object references: the bytes depend on the values only
_SHIFT = 20
BLOCK = 1 << _SHIFT  # bytes per checked block of a section
CHECK_WHOLE_BELOW = 16 << 20  # files smaller than this are checked whole when opened
MAX_FILE = 16 << 30  # a cache file larger than this is not one of ours
_HEAD = struct.Struct("<II")  # header length, CRC-32 of the header
_SINGLE = struct.Struct("<QI")  # payload length, CRC-32 (one-payload frames)


class Damaged(Exception):
    """A cache file turned out damaged while it was being read (a block failed its check,
    or a value in it is not what was stored)."""


# -- where, and whether to trust it ---------------------------------------------------------

_NOTES: list[str] = []


def notes() -> list[str]:
    """What kept the cache from being used since the last call (each said once), for
    the command line to tell the user."""
    out = list(_NOTES)
    _NOTES.clear()
    _SAID.clear()
    return out


def _note(message: str) -> None:
    if message not in _NOTES and message not in _SAID:
        _NOTES.append(message)
        _SAID.add(message)


_SAID: set[str] = set()


def cache_dir() -> Path:
    explicit = os.environ.get("KGRAPH_CACHE_DIR")
    if explicit:
        return Path(explicit)
    xdg = os.environ.get("XDG_CACHE_HOME")
    base = Path(xdg) if xdg else Path.home() / ".cache"
    return base / "kgraph"


def usable_dir(create: bool = False) -> Path | None:
    """The cache directory when it exists and can be trusted (see the module's
    docstring), made first when ``create`` is true; else None (and a note says why,
    unless it simply does not exist yet or cannot be made)."""
    where = cache_dir()
    try:
        st = os.stat(where)
    except FileNotFoundError:
        if not create:
            return None
        try:
            os.makedirs(where, mode=0o700, exist_ok=True)
            st = os.stat(where)
        except OSError:
            return None  # nowhere to write: the cache only costs speed
    except OSError as exc:
        _note(f"not using the cache in '{_shown(where)}': {exc.strerror or exc}")
        return None
    problem = _untrusted(st)
    if problem is None and not os.access(where, os.R_OK | os.W_OK | os.X_OK):
        problem = "it cannot be read and written"
    if problem is not None:
        _note(f"not using the cache in '{_shown(where)}': {problem} "
              "(set KGRAPH_CACHE_DIR to a private directory)")
        return None
    return where


def allowed() -> bool:
    """Whether the cache may be used: its directory can be trusted, or does not exist
    yet (it is made, private, when something is first written)."""
    try:
        os.stat(cache_dir())
    except FileNotFoundError:
        return True
    except OSError:
        pass
    return usable_dir() is not None


def _untrusted(st: os.stat_result) -> str | None:
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a directory"
    if hasattr(os, "getuid") and st.st_uid != os.getuid():
        return "it belongs to another user"
    if st.st_mode & (stat.S_IWGRP | stat.S_IWOTH):
        return "others can write to it"
    return None


def _shown(path: Path) -> str:
    home = str(Path.home())
    text = str(path)
    return "~" + text[len(home):] if home != "/" and text.startswith(home + os.sep) else text


# -- reading --------------------------------------------------------------------------------


def read_bytes(path: Path, limit: int = MAX_FILE) -> bytes | mmap.mmap | None:
    """The content of the cache file at ``path`` when it is a regular file owned by the
    user, in a cache directory that can be trusted, and no larger than ``limit``
    (mapped into memory when large), else None."""
    if usable_dir() is None:
        return None
    flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0) \
        | getattr(os, "O_CLOEXEC", 0)
    try:
        fd = os.open(path, flags)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if (not stat.S_ISREG(st.st_mode) or st.st_size > limit
                or (hasattr(os, "getuid") and st.st_uid != os.getuid())):
            return None
        if st.st_size >= CHECK_WHOLE_BELOW // 4:
            try:
                return mmap.mmap(fd, 0, access=mmap.ACCESS_READ)
            except (OSError, ValueError):
                pass
        chunks = []
        left = st.st_size + 1  # one more: a file that grew is seen as not ours
        while left > 0:
            chunk = os.read(fd, min(left, 1 << 24))
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) == st.st_size else None
    except OSError:
        return None
    finally:
        os.close(fd)


class Blob:
    """A section of a large file whose blocks are checked the first time they are read:
    ``blob[a:b]`` is a memoryview of bytes ``a`` to ``b``; :class:`Damaged` when a block
    they lie in fails its check."""

    __slots__ = ("_checked", "_crcs", "_view")

    def __init__(self, view: memoryview, crcs: list[int], checked: bool = False) -> None:
        self._view = view
        self._crcs = crcs
        self._checked = bytearray([1 if checked else 0]) * len(crcs)

    def __len__(self) -> int:
        return len(self._view)

    def __getitem__(self, span: slice) -> memoryview:
        a, b = span.start, span.stop
        first, last = a >> _SHIFT, (b - 1 if b > a else a) >> _SHIFT
        checked = self._checked
        if not (checked[first] and checked[last]):
            for k in range(first, last + 1):
                if not checked[k]:
                    if zlib.crc32(self._view[k * BLOCK:(k + 1) * BLOCK]) != self._crcs[k]:
                        raise Damaged("a block of a cache file failed its check")
                    checked[k] = 1
        return self._view[a:b]

    def whole(self) -> memoryview:
        """Every byte, all blocks checked."""
        return self[0:len(self._view)] if len(self._view) else self._view


class Sections:
    """The named sections of one framed file (see :func:`write_sections`)."""

    def __init__(self, data: bytes | mmap.mmap, magic: bytes) -> None:
        view = memoryview(data)
        start = len(magic) + _HEAD.size
        if len(view) < start or bytes(view[:len(magic)]) != magic:
            raise Damaged("not a cache file of this kind")
        size, crc = _HEAD.unpack_from(view, len(magic))
        header = view[start:start + size]
        if len(header) != size or zlib.crc32(header) != crc:
            raise Damaged("a damaged header")
        layout = _loads(header)
        if not isinstance(layout, dict):
            raise Damaged("a damaged header")
        body = view[start + size:]
        self._data = data  # (keeps the mapping open)
        self._parts: dict[str, Blob] = {}
        whole = len(view) < CHECK_WHOLE_BELOW
        for name, entry in layout.items():
            if not (isinstance(entry, tuple) and len(entry) == 3):
                raise Damaged("a damaged header")
            offset, length, crcs = entry
            if (not isinstance(offset, int) or not isinstance(length, int) or offset < 0
                    or length < 0 or offset + length > len(body) or not isinstance(crcs, list)
                    or len(crcs) != max(1, -(-length // BLOCK))):
                raise Damaged("a section outside the file")
            blob = Blob(body[offset:offset + length], crcs)
            if whole:
                blob.whole()
            self._parts[name] = blob

    def __contains__(self, name: str) -> bool:
        return name in self._parts

    def blob(self, name: str) -> Blob:
        """A section whose blocks are checked as they are read."""
        try:
            return self._parts[name]
        except KeyError:
            raise Damaged(f"no section '{name}'") from None

    def bytes(self, name: str) -> memoryview:
        """A section, checked whole."""
        return self.blob(name).whole()

    def value(self, name: str) -> Any:
        """A section holding one marshalled value."""
        return _loads(self.bytes(name))

    def array(self, name: str, code: str) -> memoryview:
        """A section holding an array of ``code`` items (checked whole)."""
        view = self.bytes(name)
        if len(view) % struct.calcsize(code):
            raise Damaged(f"section '{name}' is not an array")
        return view.cast(code)  # type: ignore[call-overload,no-any-return]


def _loads(data: Any) -> Any:
    try:
        return marshal.loads(data)
    except (ValueError, EOFError, TypeError) as exc:
        raise Damaged(f"a damaged value: {exc}") from None


def loads(data: Any) -> Any:
    """A marshalled value; :class:`Damaged` when the bytes are not one."""
    return _loads(data)


def open_sections(path: Path, magic: bytes) -> Sections | None:
    """The sections of the framed file at ``path``, or None when it is missing, not to be
    trusted, not of this kind, or damaged."""
    data = read_bytes(path)
    if data is None:
        return None
    try:
        return Sections(data, magic)
    except Damaged:
        return None


def sections(parts: dict[str, bytes | list[bytes]], magic: bytes) -> list[bytes]:
    """Named byte strings (or lists of chunks) as the chunks of one framed file, each
    section on an 8-byte boundary (arrays are cast in place)."""
    layout: dict[str, tuple[int, int, list[int]]] = {}
    chunks: list[bytes] = []
    offset = 0
    for name, data in parts.items():
        pieces = data if isinstance(data, list) else [data]
        pad = -offset % 8
        chunks.append(b"\0" * pad)
        offset += pad
        length = sum(map(len, pieces))
        layout[name] = (offset, length, _block_crcs(pieces))
        chunks.extend(pieces)
        offset += length
    header = marshal.dumps(layout, MARSHAL)
    return [magic + _HEAD.pack(len(header), zlib.crc32(header)), header, *chunks]


def _block_crcs(pieces: Iterable[bytes]) -> list[int]:
    """The CRC-32 of each ``BLOCK`` bytes of the concatenated pieces (one for none)."""
    crcs: list[int] = []
    crc, filled = 0, 0
    batch: list[bytes] = []  # small pieces within the block, taken together
    for piece in pieces:
        if filled + len(piece) < BLOCK:
            batch.append(piece)
            filled += len(piece)
            continue
        if batch:
            crc = zlib.crc32(b"".join(batch), crc)
            batch = []
        view = memoryview(piece)
        while len(view):
            take = min(BLOCK - filled, len(view))
            crc = zlib.crc32(view[:take], crc)
            filled += take
            view = view[take:]
            if filled == BLOCK:
                crcs.append(crc)
                crc, filled = 0, 0
    if batch:
        crc = zlib.crc32(b"".join(batch), crc)
    if filled or not crcs:
        crcs.append(crc)
    return crcs


def offsets(parts: list[bytes]) -> bytes:
    """Where each of ``parts`` begins in their concatenation, and its end (an array of
    64-bit integers, as a section holds it)."""
    return array("q", itertools.accumulate(map(len, parts), initial=0)).tobytes()


# -- one-payload frames (the per-file parse cache, the file hashes) -------------------------


def frame(payload: bytes, magic: bytes) -> bytes:
    return magic + _SINGLE.pack(len(payload), zlib.crc32(payload)) + payload


def unframe(blob: bytes | mmap.mmap, magic: bytes) -> memoryview | None:
    """The payload of a one-payload frame, or None when it is not one, or damaged."""
    start = len(magic) + _SINGLE.size
    view = memoryview(blob)
    if len(view) < start or bytes(view[:len(magic)]) != magic:
        return None
    length, crc = _SINGLE.unpack_from(view, len(magic))
    if len(view) != start + length:
        return None
    payload = view[start:]
    if zlib.crc32(payload) != crc:
        return None
    return payload


def read_framed(path: Path, magic: bytes) -> memoryview | None:
    data = read_bytes(path)
    return None if data is None else unframe(data, magic)


# -- writing --------------------------------------------------------------------------------


def write(path: Path, blob: bytes | list[bytes]) -> bool:
    """Write ``blob`` (or its chunks, one after the other) to ``path`` all or nothing;
    False when that was not possible (an unusable cache only costs speed)."""
    from kgraph.atomic import interrupts_held

    if usable_dir(create=True) is None:
        return False
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    except OSError:
        return False
    tmp = None
    try:
        # a Ctrl-C between creating the file and the `finally` that removes it would
        # leave it behind: it is held back until the file is in the care of this block
        with interrupts_held():
            fd, tmp = tempfile.mkstemp(prefix=path.name + ".", suffix=".tmp",
                                       dir=path.parent)
        with os.fdopen(fd, "wb") as fh:
            if isinstance(blob, list):
                fh.writelines(blob)
            else:
                fh.write(blob)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
        return True
    except OSError:
        return False
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
