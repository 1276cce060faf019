"""The built site onto disk, all or nothing: pages go into a fresh folder beside the
output, which then takes the output's place in one step. A failed or killed build leaves
the previous site as it was, and nothing is ever written outside the output folder.
"""
from __future__ import annotations

import ctypes
import os
import shutil
import tempfile
from collections import deque
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Callable

from .. import urls
from ..diagnostics import Diagnostic, Location, error
from ..files import walk

if TYPE_CHECKING:  # a folder's check needs no renderer
    from ..model import Site
    from .kept import KeptPages

MARKER = ".sitegen-output"  # in every folder sitegen writes: only such a folder is replaced


class WriteError(Exception):
    """A page that would land outside the output folder, or two pages on one file."""


def check_out(out: Path, root: Path) -> list[Diagnostic]:
    """Refuse output folders whose replacement would lose something."""
    out = out.resolve()
    root = root.resolve()
    where = Location("--out")
    if out == Path(out.anchor) or out == Path.home().resolve() or out in (root, *root.parents):
        return [error(where, f"refusing to build into {out}: it holds the project or your files; "
                             "choose a folder of its own, such as site/")]
    if out.exists() and not out.is_dir():
        return [error(where, f"{out} is a file, not a folder: choose another --out")]
    if out.is_dir() and any(out.iterdir()) and not (out / MARKER).is_file():
        return [error(where, f"refusing to replace {out}: it is not empty and sitegen did not "
                             "create it; empty it or choose another --out")]
    return []


def _exchange(a: Path, b: Path) -> bool:
    """Swap two folders atomically (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    try:
        libc = ctypes.CDLL(None, use_errno=True)
        renameat2 = libc.renameat2
    except (OSError, AttributeError):
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(a), at_fdcwd, os.fsencode(b), rename_exchange) == 0


def _target(folder: Path, relative: str, written: set[str], made: set[Path]) -> Path:
    """Where a site-relative file goes: inside `folder` (the folder is new, so nothing in
    it can be a link out; the name itself is checked), once, its folder made."""
    parts = PurePosixPath(relative).parts
    if not parts or relative.startswith("/") or ".." in parts or "\\" in relative:
        raise WriteError(f"'{relative}' would be written outside the output folder")
    if relative in written:
        raise WriteError(f"two pages would be written to '{relative}'")
    written.add(relative)
    path = folder.joinpath(*parts)
    if path.parent not in made:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
        except (FileExistsError, NotADirectoryError):  # a file where a folder goes
            for above in reversed(path.parents):
                if above.is_relative_to(folder) and above.is_file():
                    above.unlink()
            path.parent.mkdir(parents=True, exist_ok=True)
        made.add(path.parent)
    return path


class Filler:
    """Writes a site into `folder`, page by page as pages come (a large site's pages need
    not all be held at once), then its assets: a new folder, or the spare (the site before
    the one in `old`), whose files are replaced where they differ and removed where the
    site has none. A page whose HTML has the key that `same` gives its file is a hard link
    to that file in the `old` site (which no one has touched since it was written), not a
    new copy; else, where the build cache `kept` it (output.kept), to the page kept. A file
    found in the folder is never written through: it may be a link to a file of `old`."""

    def __init__(self, folder: Path, old: Path | None = None, same: dict[str, str] | None = None,
                 kept: KeptPages | None = None):
        self.folder = folder.resolve()
        self.old, self.same, self.kept = old, same or {}, kept
        self.present, self.folders = contents(self.folder)
        self.written: set[str] = set()
        self.made: set[Path] = {self.folder, *self.folders}

    @property
    def fresh(self) -> bool:
        """Whether the folder was new and empty: pages may be written into it from any
        process (see claim)."""
        return not self.present and self.folders == set()

    def link(self, url: str, key: str) -> bool:
        """Make the page at `url` the very file of the old site, if that file was written
        with `key` and no one has touched it since, or else the page kept under `key`;
        False if it cannot."""
        relative = urls.file_of(url)
        if not key:
            return False
        if self.old is not None and self.same.get(relative) == key:
            source = self.old / relative
        elif self.kept is not None and (found := self.kept.find(key)) is not None:
            source = Path(found)
        else:
            return False
        target = _target(self.folder, relative, self.written, self.made)
        present = self.present.get(relative)
        try:
            if present is not None and os.stat(source).st_ino == present:
                return True  # already that very file
            _free(target, present, self.folders)
            os.link(source, target)
            return True
        except OSError:  # another file system, or gone: it is to be written
            self.written.discard(relative)
            return False

    def page(self, page) -> None:
        relative = urls.file_of(page.url)
        target = _target(self.folder, relative, self.written, self.made)
        _free(target, self.present.get(relative), self.folders)
        with open(target, "wb") as file:
            file.writelines(page.chunks())

    def path_of(self, url: str) -> str:
        """The path where the page at `url` goes in a fresh folder, checked: the page may be
        written there by `write_new` in any process, then `claim`ed here."""
        relative = urls.file_of(url)
        parts = PurePosixPath(relative).parts
        if not parts or relative.startswith("/") or ".." in parts or "\\" in relative:
            raise WriteError(f"'{relative}' would be written outside the output folder")
        return os.path.join(self.folder, *parts)

    def claim(self, url: str) -> None:
        """Count the page at `url`, written at its `path_of` by any process, as written."""
        relative = urls.file_of(url)
        if relative in self.written:
            raise WriteError(f"two pages would be written to '{relative}'")
        self.written.add(relative)

    def close(self, assets, leave: Callable[[str], bool] | None = None) -> None:
        """Copy the assets, mark the folder as sitegen's, remove what the site has not (but
        the files that `leave` claims: what comes after, the search index, sets those)."""
        for asset in assets:
            target = _target(self.folder, asset.dest, self.written, self.made)
            _free(target, self.present.get(asset.dest), self.folders)
            shutil.copyfile(asset.src, target)
        _free(self.folder / MARKER, self.present.get(MARKER))
        (self.folder / MARKER).write_text(
            "This folder is built by sitegen and replaced on each build.\n", "utf-8")
        stale = self.present.keys() - self.written - {MARKER}
        prune(self.folder, {f for f in stale if not leave(f)} if leave else stale)


def write_new(path: str, chunks) -> None:
    """Write a page into a fresh folder, where `Filler.claim` gave it its path."""
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "wb") as file:
        file.writelines(chunks)


def contents(folder: Path) -> tuple[dict[str, int], set[Path]]:
    """The files under `folder` (site-relative: inode) and its folders. A symbolic link
    found there is refused: the folder is then not one sitegen made."""
    files: dict[str, int] = {}
    folders: set[Path] = set()
    start = len(os.path.join(str(folder), ""))
    for entry in walk(folder, strict=True):
        if entry.is_symlink():
            raise WriteError(f"a link in a folder being written: {entry.path}")
        if entry.is_dir():
            folders.add(Path(entry.path))
        else:
            files[entry.path[start:]] = entry.inode()
    return files, folders


def _free(target: Path, found: int | None, folders: set[Path] | None = None) -> None:
    """Make way for a new file where an old file or folder (of a reused folder) is."""
    if found is not None:
        target.unlink(missing_ok=True)
    elif folders and target in folders:
        shutil.rmtree(target)


def prune(folder: Path, stale: set[str]) -> None:
    """Remove the `stale` files, then the folders they leave empty."""
    emptied: set[str] = set()
    for relative in stale:
        try:
            os.unlink(os.path.join(folder, relative))
        except OSError:
            pass  # gone already, or its place taken by a folder of the site
        parent = os.path.dirname(relative)
        while parent and parent not in emptied:
            emptied.add(parent)
            parent = os.path.dirname(parent)
    for relative in sorted(emptied, key=lambda p: p.count("/"), reverse=True):
        try:
            os.rmdir(os.path.join(folder, relative))
        except OSError:
            pass  # not empty: still in use


def clean_up(out: Path) -> None:
    """Remove the temporary folders a killed build left beside `out`."""
    for stale in out.parent.glob(f".{out.name}.tmp-*"):
        shutil.rmtree(stale, ignore_errors=True)


class Staging:
    """A site being written: a temporary folder beside `out` that pages go into as they are
    rendered (`page`), swapped in whole at the end (`finish`), or dropped (`abort`). With
    a `spare` folder (in the build cache), the site replaced is kept there, and the next
    build starts from it: it changes what differs instead of making every folder and file
    of the site again and deleting the old ones. `same`: the files of `out` known to be as
    written, by the key of their page, and `kept`, the pages the build cache keeps (see
    Filler)."""

    def __init__(self, out: Path, same: dict[str, str] | None = None, spare: Path | None = None,
                 kept: KeptPages | None = None):
        self.out = out.resolve()
        self.out.parent.mkdir(parents=True, exist_ok=True)
        self.spare, self.same = spare, same or {}
        clean_up(self.out)
        self.folder = _reuse(spare, self.out) if spare is not None and self.same else None
        if self.folder is not None:
            try:
                self.filler = Filler(self.folder, self.out, self.same, kept)
                return
            except (WriteError, OSError):
                shutil.rmtree(self.folder, ignore_errors=True)  # not as sitegen left it
        self.folder = Path(tempfile.mkdtemp(prefix=f".{self.out.name}.tmp-", dir=self.out.parent))
        self.filler = Filler(self.folder, self.out if self.same else None, self.same, kept)

    def page(self, page) -> None:
        """Write one page."""
        self.filler.page(page)

    def finish(self, assets, finish=None, leave: Callable[[str], bool] | None = None
               ) -> list[Diagnostic]:
        """Add the assets, let `finish(folder)` add to the folder (the search index) and
        return problems, which cancel the swap; then swap the folder in. The files that
        `leave` claims are left for `finish` to set right."""
        try:
            self.filler.close(assets, leave)
            problems = finish(self.folder) if finish else []
            if problems:
                self.abort()
                return problems
            out, fresh = self.out, self.folder
            if out.exists() and _exchange(fresh, out):
                _keep(fresh, self.spare)  # the old site, now under the temporary name
            elif out.exists():
                old = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
                out.rename(old / "old")
                fresh.rename(out)
                shutil.rmtree(old)
            else:
                fresh.rename(out)
        except (WriteError, OSError) as exc:
            self.abort()
            return [error(Location(str(self.out.name)), f"could not write the site: {exc}")]
        return []

    def abort(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def write(site: Site, out: Path, finish=None, same: dict[str, str] | None = None,
          spare: Path | None = None, leave: Callable[[str], bool] | None = None
          ) -> list[Diagnostic]:
    """Build into a temporary folder beside `out`, then swap it in whole (see Staging)."""
    try:
        staging = Staging(out, same, spare)
    except (WriteError, OSError) as exc:
        return [error(Location(str(Path(out).name)), f"could not write the site: {exc}")]
    try:
        for page in site.pages:
            staging.page(page)
    except (WriteError, OSError) as exc:
        staging.abort()
        return [error(Location(str(staging.out.name)), f"could not write the site: {exc}")]
    return staging.finish(site.assets, finish, leave)


def _reuse(spare: Path, out: Path) -> Path | None:
    """The spare folder moved beside `out` under a temporary name (a killed build's is
    removed by the next one), or None if there is none to use."""
    if not (spare / MARKER).is_file():
        return None
    moved = Path(tempfile.mkdtemp(prefix=f".{out.name}.tmp-", dir=out.parent))
    try:
        os.replace(spare, moved)
    except OSError:  # another file system
        shutil.rmtree(moved, ignore_errors=True)
        shutil.rmtree(spare, ignore_errors=True)
        return None
    return moved


def _keep(old: Path, spare: Path | None) -> None:
    """Keep the replaced site as the spare, or remove it."""
    if spare is not None:
        try:
            spare.parent.mkdir(parents=True, exist_ok=True)
            shutil.rmtree(spare, ignore_errors=True)
            os.replace(old, spare)
            return
        except OSError:
            pass
    shutil.rmtree(old, ignore_errors=True)


def _replace(path: Path, data: bytes) -> None:
    """Write one file so that a reader sees the old or the new one, never half of it."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.tmp")
    temporary.write_bytes(data)
    os.replace(temporary, path)


WRITERS = 4  # threads that write files at once where there are many (PROFILE.md)


def _replace_all(files: list) -> None:
    """Write each (path, page) as _replace does; many on WRITERS threads, each page's bytes
    made here, a few ahead of the writes (never all of them held at once)."""
    if len(files) < 8 * WRITERS:
        for path, page in files:
            _replace(path, b"".join(page.chunks()))
        return
    with ThreadPoolExecutor(WRITERS) as pool:
        pending: deque = deque()
        for path, page in files:
            pending.append(pool.submit(_replace, path, b"".join(page.chunks())))
            if len(pending) > 2 * WRITERS:
                pending.popleft().result()
        for written in pending:
            written.result()


def update(out: Path, pages, removed: set[str], assets) -> list[str]:
    """Change a built site in place: write `pages` and `assets`, delete the `removed` pages.
    Returns the site-relative files written or deleted."""
    out = out.resolve()
    changed, files = [], []
    for page in pages:
        relative = urls.file_of(page.url)
        path = (out / relative).resolve()
        if not path.is_relative_to(out):
            raise WriteError(f"'{relative}' would be written outside the output folder")
        files.append((path, page))
        changed.append(relative)
    _replace_all(files)
    for asset in assets:
        _replace(out / asset.dest, asset.src.read_bytes())
        changed.append(asset.dest)
    for url in sorted(removed):
        path = out / urls.file_of(url)
        if path.is_file():
            path.unlink()
            changed.append(urls.file_of(url))
            if path.parent != out and not any(path.parent.iterdir()):
                path.parent.rmdir()
    return changed
