"""Turn the paths a user gave into the files to read, in a fixed order, reporting what cannot be read.

Folders are walked depth first with each folder's names sorted, so two runs see the same order.
Only one folder's names are held at a time (not the whole tree). Hidden names (".x") inside folders
are skipped; a hidden file named explicitly is read. Symlinks are followed, loops are reported.
"""
from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from parallax.model import ReadFailure
from parallax.sources.sidecar import sidecar_names


def path_uri(path: str | Path) -> str:
    """The path as text that can always be stored: undecodable bytes in a file name
    (Python keeps them as lone surrogates) are shown as \\xNN escapes."""
    return str(path).encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def iter_inputs(paths: Iterable[str | Path]) -> Iterator[Path | ReadFailure]:
    """Yield each regular file under `paths` (sorted within folders) or a ReadFailure."""
    visited: set[tuple[int, int]] = set()
    for raw in paths:
        yield from _visit(Path(raw), visited)


def _visit(path: Path, visited: set[tuple[int, int]]) -> Iterator[Path | ReadFailure]:
    try:
        info = path.stat()
    except FileNotFoundError:
        reason = "broken symlink" if path.is_symlink() else "no such file or directory"
        yield ReadFailure(path_uri(path), reason)
        return
    except PermissionError:
        yield ReadFailure(path_uri(path), "permission denied")
        return
    except OSError as exc:     # symlink loops (ELOOP), names too long, I/O errors
        yield ReadFailure(path_uri(path), f"cannot read: {exc.strerror or exc}")
        return
    if stat.S_ISDIR(info.st_mode):
        yield from _walk_folder(path, info, visited)
    elif stat.S_ISREG(info.st_mode):
        yield path
    else:  # reading a FIFO or a device could block forever or never end
        yield ReadFailure(path_uri(path), "not a regular file (FIFO, socket or device)")


def _walk_folder(folder: Path, info: os.stat_result, visited: set[tuple[int, int]]) -> Iterator[Path | ReadFailure]:
    key = (info.st_dev, info.st_ino)
    if key in visited:
        yield ReadFailure(path_uri(folder), "folder already read (a symlink leads back to it); skipped")
        return
    visited.add(key)
    try:
        with os.scandir(folder) as entries:
            names = sorted(entry.name for entry in entries if not entry.name.startswith("."))
    except PermissionError:
        yield ReadFailure(path_uri(folder), "permission denied")
        return
    except OSError as exc:
        yield ReadFailure(path_uri(folder), f"cannot list folder: {exc.strerror or exc}")
        return
    sidecars = sidecar_names(names)   # metadata of the documents beside them, read with those
    for name in names:
        if name not in sidecars:
            yield from _visit(folder / name, visited)
