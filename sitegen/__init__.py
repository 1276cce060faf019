"""sitegen: source texts and YAML annotations to a cross-linked static reading site."""
from .build import Build, build, check
from .config import Config, load_config
from .diagnostics import Diagnostic, Location

__all__ = ["Build", "Config", "Diagnostic", "Location", "build", "check", "load_config"]
__version__ = "0.1.0"
