"""The command line: a thin shell that parses arguments, calls the library, prints the
diagnostics in the chosen format, and picks the exit code (1 on any error)."""
from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from . import __version__
from .build import build, check
from .config import find_root, load_config
from .diagnostics import FORMATS, Diagnostic, has_errors, ordered


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
    c = verbs.add_parser("check", help="report every problem of the sources and annotations")
    c.add_argument("--format", choices=FORMATS, default="text", help="how to print problems")
    s = verbs.add_parser("serve", help="build, serve, watch, rebuild and reload the browser")
    s.add_argument("--host", default="127.0.0.1")
    s.add_argument("--port", type=int, default=8000)
    return parser


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    root = args.root.resolve() if args.root else find_root(Path.cwd())
    config, problems = load_config(root)
    fmt = getattr(args, "format", "text")
    if has_errors(problems):
        _report(problems, fmt)
        return 1
    if args.verb == "check":
        result = check(config)
        _report(problems + result.diagnostics, fmt)
        return 1 if not result.ok else 0
    if args.verb == "serve":
        from .serve import serve  # livereload is imported only when serving
        return serve(config, args.host, args.port)
    out = args.out.resolve() if args.out else config.output_dir
    started = time.perf_counter()
    result = build(config, out)
    _report(problems + result.diagnostics, fmt)
    if not result.ok:
        sys.stderr.write(f"sitegen: nothing written; {out} is as it was\n")
        return 1
    pages = len(result.site.pages) if result.site else 0
    sys.stderr.write(f"sitegen: built {pages} pages into {out} in "
                     f"{time.perf_counter() - started:.2f} s\n")
    return 0
