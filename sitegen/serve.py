"""`sitegen serve`: build into a temporary folder, serve it with livereload, watch the
project (watchfiles: inotify where the system has it), rebuild what an edit touched, and
reload the open pages.

A build that fails keeps the last good pages served; every page then shows a banner with
the same messages `sitegen check` prints, and the terminal prints them too. A reload keeps
the reader's scroll position. Ctrl-C stops the server and removes the temporary folder.
"""
from __future__ import annotations

import json
import os
import shutil
import signal
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from .build import Build, collector_waits
from .preview import Builder
from .config import CONFIG_FILE, Config, load_config
from .diagnostics import Diagnostic, format_text, has_errors
from .engine.progress import terminal_line

SETTLE_MS = 20  # a burst of saves closer together than this is one change
PREVIEW_SCRIPT = '<script src="/__sitegen/preview.js"></script>'
LOOPBACK = ("127.0.0.1", "localhost", "::1")

PREVIEW_JS = r"""(() => {
  "use strict";
  // Keep the reader where they were across the reloads of the preview.
  const key = "sitegen-scroll:" + location.pathname;
  addEventListener("beforeunload", () => sessionStorage.setItem(key, JSON.stringify([scrollX, scrollY])));
  const nav = performance.getEntriesByType("navigation")[0];
  const saved = sessionStorage.getItem(key);
  if (saved && nav && nav.type === "reload") {
    history.scrollRestoration = "manual";
    const [x, y] = JSON.parse(saved);
    const restore = () => scrollTo(x, y);
    if (document.readyState === "complete") restore(); else addEventListener("load", restore);
  }
  // Show the problems of the last build over the last good page.
  fetch("/__sitegen/status.json", { cache: "no-store" }).then((r) => r.json()).then((status) => {
    if (!status.errors.length) return;
    const banner = document.createElement("div");
    banner.id = "sitegen-errors";
    banner.setAttribute("role", "alert");
    banner.style.cssText = "position:fixed;inset:0 0 auto 0;z-index:1000;max-height:50vh;overflow:auto;" +
      "background:#7a1010;color:#fff;font:13px/1.45 ui-monospace,monospace;padding:.75rem 1rem;" +
      "white-space:pre-wrap;box-shadow:0 2px 12px rgb(0 0 0/40%)";
    const title = document.createElement("strong");
    title.textContent = "sitegen: the last edit does not build; this is the last good page.\n";
    banner.append(title, status.errors.join("\n"));
    document.body.prepend(banner);
  });
})();
"""


class Status:
    """What the preview says about the last build: its error lines, for the banner."""

    def __init__(self) -> None:
        self.errors: list[str] = []

    def json(self) -> str:
        return json.dumps({"errors": self.errors}, ensure_ascii=False)


def decorate(html: str) -> str:
    """A preview page: the built page with the preview's script."""
    return html.replace("</head>", PREVIEW_SCRIPT + "</head>", 1)


def watched(config: Config) -> list[Path]:
    """The files and folders the site is built from."""
    paths = [config.seeds_dir, config.annotations_dir, config.theme_dir, config.root / CONFIG_FILE]
    if config.intro:
        paths.append(config.root / config.intro)
    return [p for p in paths if p.exists()]


class Preview:
    """The watch-rebuild-reload loop around a Builder."""

    def __init__(self, config: Config, folder: Path, status: Status, reload) -> None:
        self.config, self.folder, self.status, self.reload = config, folder, status, reload
        self.builder = Builder(config, folder / "site", decorate=decorate)
        self.indexer = ThreadPoolExecutor(1)

    @property
    def site(self) -> Path:
        return self.builder.out

    def build(self, changed: set[str] | None = None) -> Build:
        started = time.perf_counter()
        line = terminal_line() if self.builder.last is None else None  # the first is long
        result = self.builder.build(changed, line)
        if line:
            line.wipe()
        took = time.perf_counter() - started
        problems = [d for d in result.diagnostics if d.severity == "error"]
        self.status.errors = [str(d) for d in problems]
        if result.diagnostics:
            sys.stderr.write(format_text(result.diagnostics))
        if has_errors(problems):
            if not self.site.exists():
                self._placeholder(problems)
            sys.stderr.write("sitegen: errors above; the last good site is still served\n")
        else:
            pages = sum(f.endswith(".html") for f in result.written)
            sys.stderr.write(f"sitegen: {pages} page{'s' * (pages != 1)} rebuilt in "
                             f"{took * 1000:.0f} ms\n")
        return result

    def _placeholder(self, problems: list[Diagnostic]) -> None:
        """Before any good build there is nothing to show but the problems."""
        self.site.mkdir(parents=True, exist_ok=True)
        (self.site / "index.html").write_text(
            "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>sitegen: "
            "errors</title>" + PREVIEW_SCRIPT + "</head><body><h1>The site could not be built"
            "</h1><p>Fix the problems shown above; this page reloads by itself.</p></body></html>",
            "utf-8")

    def _reconfigure(self) -> None:
        config, problems = load_config(self.config.root)
        if has_errors(problems):
            sys.stderr.write(format_text(problems))
            return
        self.config = config
        old = self.builder.out
        self.builder = Builder(config, old, decorate=decorate)

    def changed(self, paths: set[str]) -> None:
        """Files changed: rebuild, reload the open pages, and index for search. The cycle
        collector waits until the browser was told: its first pass over a large corpus's
        objects takes most of a second."""
        with collector_waits():
            if str(self.config.root / CONFIG_FILE) in paths:
                self._reconfigure()
            had_errors = bool(self.status.errors)
            result = self.build(paths)
            styles = [f for f in result.written if f.endswith(".css")]
            pages = [f for f in result.written if f.endswith(".html")]
            if not result.ok or had_errors or pages or styles:
                # A stylesheet alone is swapped in place by livereload.js; else the page reloads.
                self.reload(styles[0] if styles and not pages and result.ok else "index.html")
            if result.ok and pages:
                self.indexer.submit(self.builder.finish)


def _server(status: Status):
    """The preview's web server (livereload's, on tornado): the site's files and nothing
    else, the status of the last build, and the preview's script."""
    from livereload import Server
    from livereload.handlers import StaticFileHandler
    from tornado import web

    class SiteFiles(StaticFileHandler):
        """The output folder's files and nothing else: a path that leads out of it (by '..',
        however encoded, or by a symbolic link) is refused, one with a NUL is not found."""

        def validate_absolute_path(self, root: str, absolute_path: str) -> str | None:
            if "\0" in absolute_path:
                raise web.HTTPError(404)
            inside = os.path.realpath(root)
            real = os.path.realpath(absolute_path)
            if real != inside and not real.startswith(inside + os.sep):
                raise web.HTTPError(403)
            return super().validate_absolute_path(root, absolute_path)

    class StatusHandler(web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "application/json; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(status.json())

    class ScriptHandler(web.RequestHandler):
        def get(self) -> None:
            self.set_header("Content-Type", "text/javascript; charset=utf-8")
            self.set_header("Cache-Control", "no-store")
            self.write(PREVIEW_JS)

    class PreviewServer(Server):
        def get_web_handlers(self, script):
            return [(r"/__sitegen/status\.json", StatusHandler),
                    (r"/__sitegen/preview\.js", ScriptHandler),
                    *super().get_web_handlers(script)]

    server = PreviewServer()
    server.SFH = SiteFiles
    return server


def serve(config: Config, host: str, port: int) -> int:
    from livereload.handlers import LiveReloadHandler
    from tornado import ioloop

    status = Status()
    folder = Path(tempfile.mkdtemp(prefix="sitegen-serve-"))
    # Ctrl-C and SIGTERM stop the preview, also where SIGINT came ignored (a shell starts
    # background jobs so, and a program run from one inherits it)
    previous = {sig: signal.signal(sig, _interrupt) for sig in (signal.SIGINT, signal.SIGTERM)}
    preview = None
    stop = threading.Event()
    try:
        preview = Preview(config, folder, status, lambda path: LiveReloadHandler.reload_waiters(path))
        preview.build()
        if host not in LOOPBACK:
            sys.stderr.write(f"sitegen: serving on {host}: other machines can reach this preview\n")
        server = _server(status)
        server.watch(str(folder / ".nothing"), delay="forever")  # livereload's own watcher idles
        loop = ioloop.IOLoop.current()
        watcher = threading.Thread(target=_watch, args=(watched(config), stop, loop, preview),
                                   daemon=True)
        watcher.start()
        sys.stderr.write(f"sitegen: serving http://{host}:{port}/ (Ctrl-C to stop)\n")
        try:
            server.serve(host=host, port=port, root=str(preview.site), open_url_delay=None,
                         restart_delay="forever")
        except OSError as exc:
            sys.stderr.write(f"sitegen: cannot serve on {host}:{port}: {exc.strerror or exc}; "
                             "choose another with --port\n")
            return 1
        return 0
    except KeyboardInterrupt:
        return 0
    finally:
        stop.set()
        for sig, handler in previous.items():
            signal.signal(sig, handler)
        if preview is not None:
            preview.indexer.shutdown(wait=True, cancel_futures=True)
        shutil.rmtree(folder, ignore_errors=True)


def _watch(paths: list[Path], stop: threading.Event, loop, preview: Preview) -> None:
    """Wait for changes (inotify, through watchfiles) and hand them to the server's loop, so
    that rebuilds run one at a time, between requests."""
    import watchfiles

    for changes in watchfiles.watch(*paths, debounce=SETTLE_MS, step=10, stop_event=stop,
                                    raise_interrupt=False):
        loop.add_callback(preview.changed, {path for _, path in changes})


def _interrupt(*_) -> None:
    """SIGTERM, and SIGINT however it came, stop the preview the way Ctrl-C does."""
    raise KeyboardInterrupt
