"""What tells that a theme's templates changed: each file's time stamp and size."""
from __future__ import annotations

from pathlib import Path


def template_stamps(folder: Path) -> dict[str, tuple[int, int]]:
    """Each template file's time stamp and size, to tell which ones an edit changed."""
    return {p.relative_to(folder).as_posix(): (p.stat().st_mtime_ns, p.stat().st_size)
            for p in sorted(folder.rglob("*.html"))}
