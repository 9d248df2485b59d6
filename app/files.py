"""Writing a file the user asked for so that a failure or a cancel leaves no partial file behind."""

from __future__ import annotations

import errno
import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from app.errors import FpaError


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A temporary path beside `target`, renamed to `target` when the block succeeds and removed when it fails.

    The rename is atomic on one file system, so `target` is either the old file (or none) or the complete new one.
    """
    try:
        handle, name = tempfile.mkstemp(prefix=f".{target.stem}-", suffix=".part", dir=target.parent)
    except OSError as exc:
        raise write_error(target, exc) from exc
    os.close(handle)
    partial = Path(name)
    try:
        yield partial
        os.replace(partial, target)
    except OSError as exc:
        raise write_error(target, exc) from exc
    finally:
        partial.unlink(missing_ok=True)


def write_error(target: Path, exc: OSError) -> FpaError:
    """The sentence for a file that could not be written."""
    if exc.errno == errno.ENOSPC:
        zh, en = "磁盘已满", "the disk is full"
    elif exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        zh, en = "没有写入权限，或文件正被其他程序（如 Excel）打开", "no permission, or another program has it open"
    elif exc.errno == errno.ENOENT:
        zh, en = "文件夹不存在", "the folder does not exist"
    else:
        zh = en = exc.strerror or str(exc)
    return FpaError(
        f"无法写入文件 {target}：{zh}。请换一个位置或关闭占用该文件的程序后重试。",
        f"Cannot write {target}: {en}. Choose another place, or close the program using the file, and try again.",
        code="file.write",
    )
