"""The search index: Pagefind (the binary of the pagefind[bin] package) indexes a search
document for each source, term and cross-reference page, and puts its bundle (index and
search UI) into the site folder, so search works from any static host with no server.

A search document is a page's searchable text and nothing else (a source's title, its
metadata, its paragraphs, and its notes and cross-references, each found where it is on
the page; a term's name, summary and text), made where that text is, under the page's own
path in a folder of its own: Pagefind reads a tenth of what the pages hold, and an edit
that changes no searchable text (a template, a link) indexes nothing again.

A large site is indexed in parts: each page belongs to one part by a hash of its path, the
first part is the bundle in pagefind/ and the others are bundles in pagefind/part-N/,
listed in pagefind/parts.json for the search page to merge (Pagefind's `mergeIndex`). With
the build cache, a part whose pages are all unchanged is not indexed again, so an edit
re-indexes one part, not the site.

The binary is run as a command, which returns once every file is on disk; the package's
async service API was seen to return before large files were fully written."""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import dataclass
from hashlib import blake2b
from pathlib import Path
from typing import Callable

from ..diagnostics import Diagnostic, Location, error
from ..keys import digest
from .write import contents, prune

Tell = Callable[[str, int, int], None]  # who hears how indexing goes

BUNDLE = "pagefind"
SCRATCH = "/dev/shm"  # where the documents are written for Pagefind: memory, where the system
# has it (a large site's documents are thousands of small files, slow to make on a disk)
PARTS = "parts.json"  # in the bundle: the folders of the other parts, relative to it
PART_PAGES = 1000  # a site is split in parts of about this many pages or more
MAX_PARTS = 16  # each part costs the reader requests and a search of its own, and each
# is one Pagefind run of about 0.33 MB a document: at 10,000 pages, 8 parts of 1,300 answered
# a first word over a slow link soonest (tests/benchmarks/search_latency.py), but two of
# their runs beside the building process took the build past 1 GB (PROFILE.md, 2026-12-07)


def part_count(pages: int) -> int:
    """How many parts a site of `pages` pages is indexed in: a power of two, so that most
    pages stay in their part when the site grows past a threshold."""
    count = 1
    while count < MAX_PARTS and pages > count * PART_PAGES:
        count *= 2
    return count


def parts(files: list[str]) -> dict[str, list[str]]:
    """The site-relative HTML files by the bundle folder of their part. The pages at the top
    of the site (home, indexes, search) stay in the first part."""
    count = part_count(len(files))
    grouped: dict[str, list[str]] = defaultdict(list)
    for file in sorted(files):
        number = 0
        if count > 1 and file.count("/") > 1:
            number = int.from_bytes(blake2b(file.encode(), digest_size=4).digest(), "big") % count
        grouped[BUNDLE if number == 0 else f"{BUNDLE}/part-{number}"].append(file)
    return dict(grouped)


@dataclass(frozen=True)
class Previous:
    """The index in the output folder a build replaces: the key of each part, the files the
    build wrote there and those still as written, so a part unchanged since can be linked."""

    folder: Path
    parts: dict[str, str]  # bundle folder: key of the part
    written: list[str]  # site-relative files
    unchanged: set[str]

    def files(self, bundle: str, key: str) -> list[str] | None:
        """The files of the part `bundle` if it was indexed with `key` and none of its files
        was touched since (the list of other parts aside: it is written afresh)."""
        if self.parts.get(bundle) != key:
            return None
        files = [f for f in self.written if _in(f, bundle) and f != f"{BUNDLE}/{PARTS}"]
        return files if files and all(f in self.unchanged for f in files) else None


def part_keys(keys: dict[str, str]) -> dict[str, str]:
    """The key of each part's index by its bundle folder, from the key of each HTML file
    (site-relative file: key of its content)."""
    return {bundle: digest(bundle, *(f"{f}\0{keys[f]}" for f in members))
            for bundle, members in parts(sorted(keys)).items()}


def index(folder: Path, documents: dict[str, Callable[[], bytes]], keys: dict[str, str],
          cache=None, previous: Previous | None = None, progress: Tell | None = None,
          watch: Callable[[str, list, int], None] | None = None) -> list[Diagnostic]:
    """Index the `documents` (site-relative HTML file: its search document) and write the
    search bundles into `folder`/pagefind/. `keys`: the digest of each document. With a
    `cache` (the build cache), a part whose documents an earlier build indexed is not
    indexed again: its files are hard links to those of the `previous` index where they are
    still as written, else taken from the cache. `progress` hears of the documents indexed,
    a part at a time (see progress.py); `watch` of each part indexed afresh ("search
    <bundle>", its pages)."""
    groups = parts(sorted(documents))
    caching = cache is not None and cache.enabled
    todo = _reused(folder, groups, part_keys(keys), cache if caching else None, previous)
    if watch:
        for bundle in sorted(todo):
            watch(f"search {bundle}", list(todo[bundle][0]), 1)
    problems = _indexed(folder, documents, todo, progress)
    if not problems and caching:
        for bundle, (_, key) in todo.items():
            made = folder / bundle
            cache.store("search", key, {p.relative_to(made).as_posix(): p.read_bytes()
                                        for p in sorted(made.rglob("*")) if p.is_file() and
                                        not p.relative_to(made).as_posix().startswith("part-")})
    if not problems:
        others = sorted(b[len(BUNDLE) + 1:] for b in groups if b != BUNDLE)
        listed = folder / BUNDLE / PARTS
        listed.unlink(missing_ok=True)  # never written through: it may be a hard link
        listed.parent.mkdir(parents=True, exist_ok=True)
        listed.write_text(json.dumps(others), "utf-8")
    return problems


def _reused(folder: Path, groups: dict[str, list[str]], wanted: dict[str, str], cache,
            previous: Previous | None) -> dict[str, tuple[list[str], str]]:
    """Each part whose index is as an earlier build made it, put in `folder` (linked from
    the previous index, or from the cache); the others, to index: their pages and key."""
    found = _found(folder)  # what a reused folder holds of an earlier index
    todo = {}
    for bundle, members in groups.items():
        key = wanted[bundle]
        linked = previous.files(bundle, key) if previous and cache is not None else None
        if linked and _link(previous.folder, folder, bundle, linked, found):
            cache.keep("search", [key])  # still the cache's, for a build with no last site
            continue
        _clear(folder, bundle, found)
        kept = cache.load("search", key) if cache is not None else None
        if kept is None:
            todo[bundle] = (members, key)
            continue
        for name, data in kept.items():
            (folder / bundle / name).parent.mkdir(parents=True, exist_ok=True)
            (folder / bundle / name).write_bytes(data)
    _drop(folder, found, [f for f in found if not any(_in(f, bundle) for bundle in groups)])
    return todo


def _indexed(folder: Path, documents: dict[str, Callable[[], bytes]],
             todo: dict[str, tuple[list[str], str]], progress: Tell | None) -> list[Diagnostic]:
    """Index the parts of `todo` at once, each from its documents written in a folder of
    its own; what went wrong."""
    scratch = SCRATCH if os.access(SCRATCH, os.W_OK) else folder
    sites = {}
    try:  # the documents are written here (they may be read from the cache: this thread's)
        for bundle in sorted(todo):
            sites[bundle] = Path(tempfile.mkdtemp(prefix=".sitegen-documents-", dir=scratch))
            write_documents(sites[bundle], {m: documents[m] for m in todo[bundle][0]})
        with ThreadPoolExecutor(min(len(todo), os.cpu_count() or 1) or 1) as pool:
            running = {pool.submit(index_into, sites[b], folder / b): b for b in sorted(todo)}
            if progress and todo:
                done, total = 0, sum(len(members) for members, _ in todo.values())
                progress("search", 0, total)
                for future in as_completed(running):
                    done += len(todo[running[future]][0])
                    progress("search", done, total)
            return [d for future, b in sorted(running.items(), key=lambda fb: fb[1])
                    for d in future.result()]
    finally:
        for site in sites.values():
            shutil.rmtree(site, ignore_errors=True)


def owns(file: str) -> bool:
    """Whether a site-relative file is the search index's (which `index` sets right)."""
    return file.startswith(BUNDLE + "/")


def _in(file: str, bundle: str) -> bool:
    """Whether a site-relative file belongs to the index part in `bundle`."""
    if not file.startswith(bundle + "/"):
        return False
    return bundle != BUNDLE or not file.startswith(f"{BUNDLE}/part-")


def _found(folder: Path) -> dict[str, int]:
    """The index files already in `folder` (site-relative: inode): the spare folder a build
    starts from holds the index of an earlier site."""
    if not (folder / BUNDLE).is_dir():
        return {}
    return {f"{BUNDLE}/{file}": inode for file, inode in contents(folder / BUNDLE)[0].items()}


def _link(old: Path, folder: Path, bundle: str, files: list[str], found: dict[str, int]) -> bool:
    """Make `files` (the part `bundle`) of `folder` the very files of `old`: hard links, and
    one that is one already stays. Other files of the part are removed. False (and the
    part cleared) if a link fails."""
    done = []
    try:
        for file in files:
            target = folder / file
            if file in found:
                if os.stat(old / file).st_ino == found[file]:
                    done.append(file)
                    continue
                target.unlink()
            target.parent.mkdir(parents=True, exist_ok=True)
            os.link(old / file, target)
            done.append(file)
    except OSError:
        prune(folder, set(done))
        _clear(folder, bundle, found)
        return False
    keep = set(done)
    _drop(folder, found, [f for f in found if _in(f, bundle) and f not in keep])
    for file in keep:
        found.pop(file, None)
    return True


def _clear(folder: Path, bundle: str, found: dict[str, int]) -> None:
    """Remove the files of part `bundle` that a reused folder holds, for new ones."""
    _drop(folder, found, [f for f in found if _in(f, bundle)])


def _drop(folder: Path, found: dict[str, int], files: list[str]) -> None:
    """Remove `files` of those `found` in `folder`, and the folders they leave empty."""
    prune(folder, set(files))
    for file in files:
        found.pop(file)





def write_documents(site: Path, documents: dict[str, Callable[[], bytes]]) -> None:
    made: set[str] = set()
    for member, make in documents.items():
        path = os.path.join(site, member)
        parent = os.path.dirname(path)
        if parent not in made:
            os.makedirs(parent, exist_ok=True)
            made.add(parent)
        with open(path, "wb") as file:
            file.write(make())


def index_into(folder: Path, bundle: Path) -> list[Diagnostic]:
    """Index the pages of `folder`; write the bundle into the folder `bundle`, with an
    empty list of other parts (`index` lists them when there are)."""
    where = Location(BUNDLE, 1, 1)
    try:
        from pagefind_bin import get_executable

        run = subprocess.run([str(get_executable()), "--site", str(folder), "--output-path",
                              str(bundle), "--force-language", "en", "--silent"],
                             capture_output=True, text=True, timeout=600, check=False)
    except (ImportError, FileNotFoundError, OSError, subprocess.SubprocessError) as exc:
        return [error(where, f"the search index could not be built: {exc}; is the "
                             "pagefind[bin] package installed?")]
    if run.returncode != 0 or not (bundle / "pagefind.js").is_file():
        detail = (run.stderr or run.stdout).strip().splitlines()[-1:] or ["no bundle written"]
        return [error(where, f"the search index could not be built: {detail[0]}")]
    (bundle / PARTS).write_text("[]", "utf-8")
    return []
