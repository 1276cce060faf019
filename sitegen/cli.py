"""The command line: a thin shell that parses arguments, calls the library, prints the
diagnostics in the chosen format, and picks the exit code (1 on any error)."""
from __future__ import annotations

import argparse
import gc
import sys
import time
from pathlib import Path

from . import __version__
from .build import build, check
from .engine.cache import FOLDER as CACHE_FOLDER, Cache
from .config import find_root, load_config
from .authoring import TEMPLATES, new_annotation
from .diagnostics import FORMATS, Diagnostic, has_errors, ordered, suggest
from .engine.progress import terminal_line
from .stages.schema import KINDS as SCHEMA_KINDS
from .stages.schema import schema_text


def _report(diagnostics: list[Diagnostic], fmt: str) -> None:
    diagnostics = ordered(diagnostics)
    out = sys.stdout if fmt == "json" else sys.stderr
    if fmt == "json" or diagnostics:
        out.write(FORMATS[fmt](diagnostics))
    errors = sum(d.severity == "error" for d in diagnostics)
    warnings = len(diagnostics) - errors
    if diagnostics and fmt == "text":
        sys.stderr.write(f"{errors} error{'s' * (errors != 1)}, "
                         f"{warnings} warning{'s' * (warnings != 1)}\n")


def _new(config, kind: str, annotation_id: str) -> int:
    if kind == "note":
        sources = {p.stem for p in config.seeds_dir.glob("*.md")}
        if annotation_id not in sources:
            sys.stderr.write(f"sitegen: no source '{annotation_id}'.{suggest(annotation_id, sources)}"
                             " Notes are filed under the id of the source they annotate\n")
            return 1
    try:
        path = new_annotation(config, kind, annotation_id)
    except (ValueError, FileExistsError) as exc:
        sys.stderr.write(f"sitegen: {exc}\n")
        return 1
    sys.stdout.write(f"{path.relative_to(config.root)}\n")
    return 0


def _quote(config, source_id: str, words: str) -> int:
    from .stages.anchor import quote_passage  # the stages load only for the verbs that run them
    from .stages.text import source_text
    from .stages.validate import source_file
    path = config.seeds_dir / f"{source_id}.md"
    loaded = source_file(config, path) if path.is_file() else None
    if loaded is None or loaded.source is None:
        sources = {p.stem for p in config.seeds_dir.glob("*.md")}
        sys.stderr.write(f"sitegen: no source '{source_id}'.{suggest(source_id, sources)}\n")
        return 1
    found = quote_passage(source_text(loaded.source, loaded.body), source_id, words)
    if found.found:
        sys.stdout.write(found.yaml)
        return 0
    sys.stderr.write(f"sitegen: not found in {source_id}. The closest passages:\n")
    for passage, line, score in found.closest:
        sys.stderr.write(f"  line {line} ({score:.0f}% alike): {' '.join(passage.split())}\n")
    return 1


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="sitegen", description=__doc__.splitlines()[0] if __doc__
                                     else None)
    parser.add_argument("--version", action="version", version=f"sitegen {__version__}")
    parser.add_argument("-C", "--root", type=Path, default=None,
                        help="the project folder (default: the nearest one with [tool.sitegen])")
    verbs = parser.add_subparsers(dest="verb", required=True, metavar="COMMAND")
    b = verbs.add_parser("build", help="build the site; on error, leave the output as it was")
    b.add_argument("--out", type=Path, default=None, help="output folder (default: site/)")
    b.add_argument("--format", choices=FORMATS, default="text", help="how to print problems")
    b.add_argument("--strict", action="store_true", help="fail on warnings too")
    b.add_argument("--timings", action="store_true",
                   help="print the time of each stage and the peak memory by its end")
    b.add_argument("--no-cache", action="store_true",
                   help=f"build from scratch, without reading or writing {CACHE_FOLDER}/")
    c = verbs.add_parser("check", help="report every problem of the sources and annotations")
    c.add_argument("--format", choices=FORMATS, default="text", help="how to print problems")
    c.add_argument("--strict", action="store_true", help="fail on warnings too")
    c.add_argument("--no-cache", action="store_true",
                   help=f"check from scratch, without reading or writing {CACHE_FOLDER}/")
    s = verbs.add_parser("serve", help="build, serve, watch, rebuild and reload the browser")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    q = verbs.add_parser("quote", help="find words in a source and print the passage to paste")
    q.add_argument("source", help="the source id (its file name in seeds/ without .md)")
    q.add_argument("words", help="the words of the passage, as a reader sees them")
    n = verbs.add_parser("new", help="write a new annotation file from a template")
    n.add_argument("kind", choices=sorted(TEMPLATES))
    n.add_argument("id", help="the new term's or cross-reference's id, or the noted source's id")
    k = verbs.add_parser("schema", help="print the JSON Schema of an annotation file")
    k.add_argument("kind", choices=sorted(SCHEMA_KINDS))
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run one command; its exit code. What `build` and `check` make lives until they end,
    so the cycle collector is paused for them: it would find nothing to free, and its pass
    over everything after the stages took 0.6 s at 10,000 sources (the preview keeps it)."""
    args = _parser().parse_args(argv)
    if args.verb not in ("build", "check"):
        return _run(args)
    collecting = gc.isenabled()
    gc.disable()
    try:
        return _run(args)
    finally:
        if collecting:
            gc.enable()


def _run(args: argparse.Namespace) -> int:
    root = args.root.resolve() if args.root else find_root(Path.cwd())
    config, problems = load_config(root)
    fmt = getattr(args, "format", "text")
    if has_errors(problems):
        _report(problems, fmt)
        return 1
    if args.verb == "check":
        status = terminal_line()
        cache = Cache(None if args.no_cache else config.root / CACHE_FOLDER)
        result = check(config, progress=status, cache=cache)
        cache.close()
        if status:
            status.wipe()
        _report(problems + result.diagnostics, fmt)
        return 1 if not result.ok or (args.strict and result.diagnostics) else 0
    if args.verb == "schema":
        sys.stdout.write(schema_text(args.kind))
        return 0
    if args.verb == "new":
        return _new(config, args.kind, args.id)
    if args.verb == "quote":
        return _quote(config, args.source, args.words)
    if args.verb == "serve":
        from .serve import serve  # livereload is imported only when serving
        return serve(config, args.host, args.port)
    out = args.out.resolve() if args.out else config.output_dir
    started = time.perf_counter()
    cache = Cache(None if args.no_cache else config.root / CACHE_FOLDER)
    status = terminal_line()
    result = build(config, out, progress=status, cache=cache, strict=args.strict)
    cache.close()
    if status:
        status.wipe()
    _report(problems + result.diagnostics, fmt)
    if args.timings:
        total = sum(result.timings.values()) or 1.0
        for stage, seconds in result.timings.items():
            peak = result.peaks.get(stage)
            sys.stderr.write(f"  {stage:<9} {seconds * 1000:9.0f} ms  {seconds / total:5.1%}"
                             + (f"  {peak:7,} MB peak\n" if peak else "\n"))
    if not result.ok or (args.strict and result.diagnostics):
        strict = " (--strict)" if result.ok else ""
        sys.stderr.write(f"sitegen: nothing written{strict}; {out} is as it was\n")
        return 1
    took = f"{time.perf_counter() - started:.2f} s"
    if result.up_to_date:
        sys.stderr.write(f"sitegen: {out} is up to date ({result.pages} pages, nothing changed; "
                         f"checked in {took})\n")
    else:
        sys.stderr.write(f"sitegen: built {result.pages} pages into {out} in {took}\n")
    return 0
