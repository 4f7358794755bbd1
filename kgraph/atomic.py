"""Writing output files safely: all or nothing.

Everything goes to a temporary file in the target's own directory; only when the whole
output has been written, flushed and fsync'ed is it renamed over the target with
``os.replace`` (atomic on POSIX). So a failed or interrupted export never leaves a
partial or empty file behind and never clobbers the previous one.

* :func:`atomic_write` writes one file.
* :class:`FileSet` stages several files in one directory and renames them all at the
  end (each rename is atomic; the set is replaced in one short burst, after every file
  was written successfully).

Targets that exist but are not regular files (a directory, a FIFO, a device) are refused,
and a symbolic link is followed so that the link keeps pointing at the new content. A
file the user may not write (read-only, 0444) is not replaced: "permission denied", as
writing it in place would say. Paths given as ``protect`` (the data kgraph reads: its
files and directories) are never written, whatever the link or name that leads there: a
:class:`~kgraph.errors.UsageError`. Operating-system errors become
:class:`~kgraph.errors.OutputError` with the path and a reason a person can act on
("permission denied", "no space left on device", ...).
"""

from __future__ import annotations

import errno
import os
import signal
import stat
import tempfile
from collections.abc import Iterable, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Self

from kgraph.errors import OutputError, UsageError

_REASONS = {
    errno.EACCES: "permission denied",
    errno.EPERM: "operation not permitted",
    errno.ENOSPC: "no space left on device",
    errno.EDQUOT: "disk quota exceeded",
    errno.EROFS: "read-only file system",
    errno.ENOENT: "directory does not exist",
    errno.ENOTDIR: "a parent of the path is not a directory",
    errno.EISDIR: "is a directory",
    errno.ENAMETOOLONG: "file name too long",
    errno.EFBIG: "file too large",
    errno.EIO: "input/output error",
    errno.EXDEV: "cannot rename across file systems",
}


def reason(exc: OSError) -> str:
    """A short, human reason for an ``OSError``."""
    if exc.errno in _REASONS:
        return _REASONS[exc.errno]
    return exc.strerror or exc.__class__.__name__


def output_error(path: Path | str, exc: OSError, doing: str = "cannot write") -> OutputError:
    return OutputError(f"{doing} '{path}': {reason(exc)}")


def resolve_target(path: Path | str) -> Path:
    """The file that will really be written: symbolic links are followed (a dangling link
    is written through to its target), and a target that exists must be a regular file."""
    p = Path(path)
    if p.is_symlink():
        p = Path(os.path.realpath(p))
    try:
        st = p.stat()
    except FileNotFoundError:
        return p
    except OSError as exc:
        raise output_error(path, exc) from None
    if stat.S_ISDIR(st.st_mode):
        raise OutputError(f"cannot write '{path}': it is a directory")
    if not stat.S_ISREG(st.st_mode):
        raise OutputError(f"cannot write '{path}': it exists and is not a regular file "
                          "(a FIFO, socket or device); refusing to replace it")
    return p


def _real(path: Path | str) -> Path:
    """``path`` with every symbolic link resolved (also for a path that does not exist yet)."""
    return Path(os.path.realpath(path))


def refuse_protected(path: Path | str, protect: Iterable[Path | str]) -> None:
    """Raise :class:`UsageError` when writing ``path`` (a file or a directory to write
    files into) would write into one of ``protect``: one of those files itself, or
    anything inside one of those directories."""
    target = _real(path)
    for item in protect:
        root = _real(item)
        inside = target == root or root in target.parents
        if not inside and target.exists() and root.exists():
            with suppress(OSError):
                inside = os.path.samefile(target, root)
        if inside:
            what = "directory" if root.is_dir() else "file"
            raise UsageError(
                f"refusing to write '{path}': it is in the data kgraph reads ({what} "
                f"'{item}'); kgraph changes its data only through its editing commands. "
                "Write the output somewhere else.")


def check_writable(path: Path | str, target: Path) -> None:
    """An existing ``target`` the user may not write is not replaced (renaming over it
    would succeed where writing it would not)."""
    if target.exists() and not os.access(target, os.W_OK):
        raise OutputError(f"cannot write '{path}': permission denied (the file is "
                          "read-only; change its mode or write elsewhere)")


def _new_file_mode(existing: Path) -> int:
    """Keep the mode of the file being replaced; new files get 0666 minus the umask."""
    try:
        return stat.S_IMODE(existing.stat().st_mode)
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask


# Ctrl-C and SIGTERM (which kgraph's command turns into an exception too)
_INTERRUPTS = {signal.SIGINT, signal.SIGTERM}


@contextmanager
def interrupts_held() -> Iterator[None]:
    """Hold Ctrl-C and SIGTERM back while a temporary file is created and registered for
    removal: arriving in between, they would leave it behind. They are delivered (and
    raise) when the block ends."""
    if not hasattr(signal, "pthread_sigmask"):  # Windows
        yield
        return
    held = signal.pthread_sigmask(signal.SIG_BLOCK, _INTERRUPTS)
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, held)


def _check_parent(target: Path, shown: Path | str) -> None:
    parent = target.parent
    if not parent.exists():
        raise OutputError(f"cannot write '{shown}': directory '{parent}' does not exist")
    if not parent.is_dir():
        raise OutputError(f"cannot write '{shown}': '{parent}' is not a directory")


class _Staged:
    """One temporary file next to its target, committed with :meth:`commit`."""

    def __init__(self, path: Path | str, binary: bool, encoding: str, newline: str | None,
                 protect: Iterable[Path | str] = ()):
        self.shown = path
        refuse_protected(path, protect)
        self.target = resolve_target(path)
        _check_parent(self.target, path)
        check_writable(path, self.target)
        try:
            fd, tmp = tempfile.mkstemp(prefix=f".{self.target.name}.", suffix=".tmp",
                                       dir=self.target.parent)
        except OSError as exc:
            raise output_error(path, exc) from None
        self.tmp = Path(tmp)
        try:
            mode = "wb" if binary else "w"
            kwargs: dict[str, Any] = {} if binary else {"encoding": encoding,
                                                       "newline": newline}
            self.fh: IO[Any] = os.fdopen(fd, mode, **kwargs)
        except BaseException:
            os.close(fd)
            self.discard()
            raise

    def close(self) -> None:
        """Flush and fsync the temporary file (errors here are write errors)."""
        try:
            if not self.fh.closed:
                self.fh.flush()
                os.fsync(self.fh.fileno())
                self.fh.close()
        except OSError as exc:
            with suppress(OSError):
                self.fh.close()
            raise output_error(self.shown, exc) from None

    def commit(self) -> None:
        try:
            os.chmod(self.tmp, _new_file_mode(self.target))
            os.replace(self.tmp, self.target)
        except OSError as exc:
            self.discard()
            raise output_error(self.shown, exc) from None
        _fsync_dir(self.target.parent)

    def discard(self) -> None:
        fh = getattr(self, "fh", None)
        if fh is not None and not fh.closed:
            with suppress(OSError):
                fh.close()
        with suppress(OSError):
            self.tmp.unlink()


def _fsync_dir(directory: Path) -> None:
    """Make the rename durable (best effort: not every platform can open a directory)."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


@contextmanager
def atomic_write(path: Path | str, binary: bool = False, encoding: str = "utf-8",
                 newline: str | None = "\n", protect: Iterable[Path | str] = ()
                 ) -> Iterator[IO[Any]]:
    """Open ``path`` for writing, all or nothing.

    The body writes to a temporary file in the same directory; when it returns normally
    the file is fsync'ed and renamed over ``path``. When it raises, the temporary file is
    removed, ``path`` is left as it was, and the exception propagates (an ``OSError``
    becomes :class:`OutputError`). ``protect``: paths never to write (see
    :func:`refuse_protected`).
    """
    staged: _Staged | None = None
    protect = tuple(protect)
    try:
        with interrupts_held():
            staged = _Staged(path, binary, encoding, newline, protect)
        yield staged.fh
        staged.close()
    except OSError as exc:
        if staged is not None:
            staged.discard()
        raise output_error(path, exc) from None
    except BaseException:
        if staged is not None:
            staged.discard()
        raise
    staged.commit()


class FileSet:
    """Several files in one directory, written all or nothing.

    >>> with FileSet("out") as files:             # doctest: +SKIP
    ...     files.open("nodes.csv").write("...")
    ...     files.open("edges.csv").write("...")

    The directory is created if it is missing (its parent must exist). Nothing in it is
    touched until every file has been written; then each is renamed into place. Files of
    the directory that this set does not write are left alone.
    """

    def __init__(self, directory: Path | str, encoding: str = "utf-8",
                 protect: Iterable[Path | str] = ()):
        self.directory = Path(directory)
        self.encoding = encoding
        self.protect = tuple(protect)
        self._staged: dict[str, _Staged] = {}
        self._created = False

    def __enter__(self) -> Self:
        d = self.directory
        refuse_protected(d, self.protect)
        if d.exists() and not d.is_dir():
            raise OutputError(f"cannot write to '{d}': it exists and is not a directory")
        if not d.exists():
            _check_parent(d, d)
            try:
                d.mkdir()
                self._created = True
            except FileExistsError:
                if not d.is_dir():
                    raise OutputError(f"cannot write to '{d}': it exists and is not a "
                                      "directory") from None
            except OSError as exc:
                raise output_error(d, exc, "cannot create directory") from None
        return self

    def open(self, name: str, newline: str | None = "\n") -> IO[str]:
        if name in self._staged:
            raise ValueError(f"{name} is already open")
        with interrupts_held():
            staged = _Staged(self.directory / name, False, self.encoding, newline,
                             self.protect)
            self._staged[name] = staged
        return staged.fh

    def __exit__(self, exc_type: type[BaseException] | None, exc: BaseException | None,
                 tb: TracebackType | None) -> None:
        if exc_type is not None:
            self._abort()
            if isinstance(exc, OSError) and not isinstance(exc, OutputError):
                raise output_error(self.directory, exc) from None
            return
        try:
            for staged in self._staged.values():
                staged.close()
        except BaseException:
            self._abort()
            raise
        # an interrupt waits until every file is in place: old and new files never mix
        stages = list(self._staged.values())
        with interrupts_held():
            for i, staged in enumerate(stages):
                try:
                    staged.commit()
                except BaseException:
                    for rest in stages[i + 1:]:
                        rest.discard()
                    raise

    def _abort(self) -> None:
        for staged in self._staged.values():
            staged.discard()
        if self._created:
            with suppress(OSError):
                self.directory.rmdir()
