"""The site configuration: `[tool.sitegen]` in the project's pyproject.toml."""
from __future__ import annotations

import re
import tomllib
from importlib import resources
from dataclasses import dataclass, fields
from pathlib import Path

from .diagnostics import Diagnostic, Location, error, suggest

CONFIG_FILE = "pyproject.toml"


@dataclass(frozen=True)
class Config:
    """Where things are and what the site is called. Paths are absolute."""

    root: Path
    title: str = "sitegen"
    description: str = ""
    base_url: str = ""
    theme: str = "default"
    seeds: str = "seeds"
    annotations: str = "annotations"
    output: str = "site"
    repo_url: str = ""
    intro: str = ""  # a Markdown file whose text opens the home page

    @property
    def seeds_dir(self) -> Path:
        return self.root / self.seeds

    @property
    def annotations_dir(self) -> Path:
        return self.root / self.annotations

    @property
    def output_dir(self) -> Path:
        return self.root / self.output

    @property
    def theme_dir(self) -> Path:
        """The project's themes/<theme>/, a path relative to the root, or a bundled theme."""
        for folder in (self.root / "themes" / self.theme, self.root / self.theme):
            if (folder / "templates").is_dir():
                return folder
        bundled = bundled_themes() / self.theme
        return bundled if (bundled / "templates").is_dir() else self.root / "themes" / self.theme


def bundled_themes() -> Path:
    """The themes shipped with sitegen: package data when installed, themes/ in a checkout."""
    try:
        return Path(str(resources.files("sitegen.themes")))
    except ModuleNotFoundError:  # an editable install maps only the sitegen package
        return Path(__file__).resolve().parent.parent / "themes"


KEYS = {f.name: f for f in fields(Config) if f.name != "root"}


def find_root(start: Path) -> Path:
    """The nearest folder at or above `start` whose pyproject.toml has [tool.sitegen]."""
    start = start.resolve()
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_FILE
        if candidate.is_file() and "[tool.sitegen]" in candidate.read_text("utf-8", "replace"):
            return folder
    return start


def _line_of(text: str, key: str) -> int:
    """Line of `key = ...` inside [tool.sitegen]; tomllib keeps no positions."""
    in_table = False
    for n, line in enumerate(text.splitlines(), 1):
        stripped = line.strip()
        if stripped.startswith("["):
            in_table = stripped == "[tool.sitegen]"
        elif in_table and re.match(rf"{re.escape(key)}\s*=", stripped):
            return n
    return 1


def load_config(root: Path) -> tuple[Config, list[Diagnostic]]:
    """Read [tool.sitegen]; unknown keys and wrong types are diagnostics, not exceptions."""
    root = Path(root).resolve()
    path = root / CONFIG_FILE
    where = Location(CONFIG_FILE, 1, 1)
    if not path.is_file():
        return Config(root), [error(Location(CONFIG_FILE), f"no {CONFIG_FILE} in {root}: "
                                    "create one with a [tool.sitegen] table (title = \"…\")")]
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
        table = tomllib.loads(text).get("tool", {}).get("sitegen")
    except UnicodeDecodeError as exc:
        return Config(root), [error(where, f"not valid UTF-8 at byte {exc.start}: save it as UTF-8")]
    except tomllib.TOMLDecodeError as exc:
        m = re.search(r"line (\d+), column (\d+)", str(exc))
        line, col = (int(m[1]), int(m[2])) if m else (1, 1)
        return Config(root), [error(Location(CONFIG_FILE, int(line), int(col)),
                                    f"TOML syntax error: {str(exc).split(' (at')[0]}")]
    if not isinstance(table, dict):
        return Config(root), [error(where, "no [tool.sitegen] table: add one with at least "
                                    "title = \"…\"")]
    values, problems = {}, []
    for key, value in table.items():
        at = Location(CONFIG_FILE, _line_of(text, key), 1)
        if key not in KEYS:
            problems.append(error(at, f"unknown key '{key}' in [tool.sitegen].{suggest(key, KEYS)}"
                                      f" Known keys: {', '.join(KEYS)}"))
        elif not isinstance(value, str):
            problems.append(error(at, f"'{key}' in [tool.sitegen] must be a string, "
                                      f"got {type(value).__name__}: write {key} = \"…\""))
        else:
            values[key] = value
    config = Config(root, **values)
    if config.repo_url and not re.match(r"https?://", config.repo_url):
        problems.append(error(Location(CONFIG_FILE, _line_of(text, "repo_url"), 1),
                              "'repo_url' must start with http:// or https://, e.g. "
                              "repo_url = \"https://github.com/owner/repo\""))
    if config.base_url and not re.match(r"https?://", config.base_url):
        problems.append(error(Location(CONFIG_FILE, _line_of(text, "base_url"), 1),
                              "'base_url' must start with http:// or https://, "
                              "e.g. base_url = \"https://example.org/reader/\""))
    return config, problems
