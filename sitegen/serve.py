"""`sitegen serve`: build, serve the output, rebuild on change and reload the browser.
A failed rebuild keeps the last good site served and prints the problems."""
from __future__ import annotations

import sys
from pathlib import Path

from .build import build
from .config import CONFIG_FILE, Config
from .diagnostics import format_text


def serve(config: Config, out: Path, host: str, port: int) -> int:
    from livereload import Server

    def rebuild() -> None:
        result = build(config, out)
        if result.diagnostics:
            sys.stderr.write(format_text(result.diagnostics))
        if result.ok:
            sys.stderr.write(f"sitegen: rebuilt {len(result.site.pages)} pages\n")
        else:
            sys.stderr.write("sitegen: errors above; still serving the last good site\n")

    rebuild()
    if not out.is_dir():
        return 1
    server = Server()
    for folder in (config.seeds_dir, config.annotations_dir, config.theme_dir):
        server.watch(str(folder), rebuild, delay=0.1)
    server.watch(str(config.root / CONFIG_FILE), rebuild)
    if host not in ("127.0.0.1", "localhost", "::1"):
        sys.stderr.write(f"sitegen: serving on {host}, reachable from other machines\n")
    try:
        server.serve(host=host, port=port, root=str(out), open_url_delay=None)
    except KeyboardInterrupt:
        pass
    return 0
