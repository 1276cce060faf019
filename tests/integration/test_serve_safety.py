"""`sitegen serve` serves its output folder and nothing else, on loopback unless told, and
holds up under load: a real server in a subprocess, asked over raw sockets so that no
client tidies the paths first."""
from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from ..conftest import make_project
from ..conftest import free_port, get, wait_for

pytestmark = pytest.mark.slow  # builds whole sites, or serves them: see the README's Tests

SECRET = "TOP SECRET, outside the site"


def start(root: Path, temp: Path, *args: str) -> tuple[subprocess.Popen, int]:
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "sitegen", "serve", "--port", str(port),
                                *args], cwd=root, env={**os.environ, "TMPDIR": str(temp)},
                               stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        wait_for(lambda: get(f"http://127.0.0.1:{port}/")[0] == 200, timeout=30)
    except AssertionError:
        process.kill()
        raise AssertionError(process.communicate()[0]) from None
    return process, port


def stop(process: subprocess.Popen) -> str:
    process.terminate()
    return process.communicate(timeout=15)[0]


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    base = tmp_path_factory.mktemp("serve-safety")
    root = make_project(base / "project")
    temp = base / "tmp"
    temp.mkdir()
    process, port = start(root, temp)
    [folder] = temp.iterdir()
    site = folder / "site"
    for place in (base, temp, folder):  # a secret one, two and three levels above the site
        (place / "secret.txt").write_text(SECRET, "utf-8")
    (base / "private").mkdir()
    (base / "private" / "index.html").write_text(SECRET, "utf-8")
    (site / "link.txt").symlink_to(base / "secret.txt")
    (site / "linked").symlink_to(base / "private")
    yield port, site
    output = stop(process)
    assert "Traceback" not in output, output


def raw_get(port: int, target: str) -> tuple[int, bytes]:
    """The status and body of a GET of `target` exactly as written."""
    with socket.create_connection(("127.0.0.1", port), timeout=5) as s:
        s.sendall(f"GET {target} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n"
                  .encode("latin-1"))
        data = b""
        while chunk := s.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


TRAVERSALS = [
    "/../secret.txt", "/../../secret.txt", "/../../../secret.txt",
    "/static/../../secret.txt", "/static/../../../secret.txt",
    "/%2e%2e/secret.txt", "/%2e%2e/%2e%2e/secret.txt", "/%2E%2E%2Fsecret.txt",
    "/%2E%2E%2F%2E%2E%2Fsecret.txt", "/..%2fsecret.txt", "/..%2f..%2fsecret.txt",
    "/.%2e/secret.txt", "/%252e%252e/secret.txt", "/%252e%252e%252fsecret.txt",
    "/..%5csecret.txt", "/..\\secret.txt", "/%2e%2e%5c%2e%2e%5csecret.txt",
    "/..;/secret.txt", "/%c0%ae%c0%ae/secret.txt", "/%00../secret.txt",
    "//etc/passwd", "/%2fetc%2fpasswd", "/%2Fetc/passwd", "/../../../../../../../../etc/passwd",
    "/static/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/.%2e/.%2e/.%2e/etc/passwd",
    "http://127.0.0.1/../secret.txt", "/link.txt", "/linked/", "/linked/index.html",
    "/linked/../link.txt",
]


@pytest.mark.parametrize("target", TRAVERSALS)
def test_nothing_outside_the_site_is_served(server, target):
    port, _ = server
    status, body = raw_get(port, target)
    assert status in (400, 403, 404), (status, body[:200])
    assert SECRET.encode() not in body and b"root:" not in body


def served_as(port: int, site: Path):
    """The file's bytes as the server sends them: livereload puts its script before a page's
    </head> (learnt from the home page, checked to be the only change)."""
    status, page = raw_get(port, "/")
    disk = (site / "index.html").read_bytes()
    head = disk.index(b"</head>")
    injected = page[head:head + len(page) - len(disk)]
    assert status == 200 and page == disk[:head] + injected + disk[head:]

    def expected(path: str) -> bytes:
        data = (site / path).read_bytes()
        return data.replace(b"</head>", injected + b"</head>", 1) if path.endswith(".html") else data
    return expected


def test_the_site_itself_is_served(server):
    port, site = server
    expected = served_as(port, site)
    for target, path in [("/", "index.html"), ("/glossary/csto/", "glossary/csto/index.html"),
                         ("/static/style.css", "static/style.css"),
                         ("/glossary/%63sto/", "glossary/csto/index.html")]:
        assert raw_get(port, target) == (200, expected(path)), target


def test_two_thousand_requests_over_fifty_connections(server):
    port, site = server
    pages = {"/": "index.html", "/glossary/": "glossary/index.html",
             "/sources/alpha/": "sources/alpha/index.html", "/static/reader.js": "static/reader.js",
             "/crossrefs/concern/": "crossrefs/concern/index.html"}
    expected = {url: served_as(port, site)(path) for url, path in pages.items()}
    urls = list(pages)

    def client(n: int) -> list[str]:
        problems = []
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        try:
            for i in range(40):  # keep-alive: one connection, forty requests
                url = urls[(n + i) % len(urls)]
                connection.request("GET", url)
                response = connection.getresponse()
                body = response.read()
                if response.status != 200 or body != expected[url]:
                    problems.append(f"{url}: {response.status}, {len(body)} bytes")
        except (OSError, http.client.HTTPException) as exc:
            problems.append(f"connection {n}: {exc!r}")
        finally:
            connection.close()
        return problems

    with ThreadPoolExecutor(50) as pool:
        problems = [p for found in pool.map(client, range(50)) for p in found]
    assert problems == []


def listening(port: int) -> set[str]:
    """The local addresses a TCP port listens on, from the kernel's table (Linux)."""
    found = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not Path(table).exists():
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            local, state = line.split()[1], line.split()[3]
            address, _, hex_port = local.partition(":")
            if int(hex_port, 16) == port and state == "0A":  # LISTEN
                found.add(address)
    return found


def test_loopback_by_default(server):
    port, _ = server
    if not Path("/proc/net/tcp").exists():
        pytest.skip("no /proc/net/tcp to read the listening address from")
    assert listening(port) == {"0100007F"}  # 127.0.0.1, nothing else


def test_all_interfaces_only_when_asked_and_with_a_warning(tmp_path):
    root = make_project(tmp_path / "project")
    temp = tmp_path / "tmp"
    temp.mkdir()
    process, port = start(root, temp, "--host", "0.0.0.0")
    if Path("/proc/net/tcp").exists():
        assert "00000000" in listening(port)
    output = stop(process)
    assert "sitegen: serving on 0.0.0.0: other machines can reach this preview" in output

