"""Where ``fetch``, ``store`` and ``auth`` find credentials, URLs and the store, from
the environment and the user's config file. The only module of the fetch commands
that reads the environment.

- ACLED account: ``ACLED_USERNAME`` and ``ACLED_PASSWORD``, else ``[acled]`` ``username``
  and ``password`` in ``config.toml`` in the user config dir
  (``$XDG_CONFIG_HOME/fatalities``, else ``~/.config/fatalities``), which must have
  mode 0600: a file others can read is refused.
- HDX HAPI: ``HAPI_APP_IDENTIFIER``, else ``[hapi] app_identifier`` in the config,
  else ``--app-name`` and ``--email``.
- URLs: ``--api-url``, else ``ACLED_API_URL`` / ``HAPI_API_URL``, else the real ones.
- Store: ``--store DIR``, else ``FATALITIES_DATA_DIR``, else ``$XDG_DATA_HOME/fatalities``,
  else ``~/.local/share/fatalities``; ACLED data in its ``acled/``, HAPI's in ``hapi/``.

>>> data_directory({"FATALITIES_DATA_DIR": "/d"}).as_posix()
'/d'
>>> data_directory({"XDG_DATA_HOME": "/x", "HOME": "/h"}).as_posix()
'/x/fatalities'
>>> config_path({"HOME": "/h"}).as_posix()
'/h/.config/fatalities/config.toml'
"""

from __future__ import annotations

import os
import stat
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from fatalities.errors import InputError
from fatalities.io.acled_api import DEFAULT_ACLED_URL, Credentials
from fatalities.io.hapi_api import DEFAULT_HAPI_URL, app_identifier

__all__ = [
    "Setting",
    "acled_credentials",
    "acled_url",
    "config_path",
    "data_directory",
    "hapi_identifier",
    "hapi_url",
    "store_directory",
    "token_path",
]


def _env(environ: Mapping[str, str] | None) -> Mapping[str, str]:
    return os.environ if environ is None else environ


def _home(env: Mapping[str, str]) -> Path:
    home = env.get("HOME", "").strip()
    return Path(home) if home else Path.home()


def _xdg(env: Mapping[str, str], name: str, fallback: str) -> Path:
    value = env.get(name, "").strip()
    if value and Path(value).is_absolute():  # the XDG spec ignores relative paths
        return Path(value) / "fatalities"
    return _home(env) / fallback / "fatalities"


def config_path(environ: Mapping[str, str] | None = None) -> Path:
    """The user's config file (it may not exist)."""
    return _xdg(_env(environ), "XDG_CONFIG_HOME", ".config") / "config.toml"


def data_directory(environ: Mapping[str, str] | None = None) -> Path:
    """Where stores live unless ``--store`` says otherwise."""
    env = _env(environ)
    override = env.get("FATALITIES_DATA_DIR", "").strip()
    if override:
        return Path(override).expanduser()
    return _xdg(env, "XDG_DATA_HOME", ".local/share")


def store_directory(
    source: str, option: str | None, environ: Mapping[str, str] | None = None
) -> Path:
    """The store folder of ``source`` (``acled`` or ``hapi``) under the data directory."""
    root = Path(option).expanduser() if option else data_directory(environ)
    return root / source


def token_path(environ: Mapping[str, str] | None = None) -> Path:
    """The cached ACLED token (mode 0600), beside the config file."""
    return config_path(environ).with_name("acled-token.json")


def _config(environ: Mapping[str, str] | None = None) -> tuple[Path, dict[str, Any]]:
    """The config file and its contents (empty when there is none). A file that
    others can read, or that is not TOML, is refused."""
    path = config_path(environ)
    try:
        status = path.stat()
    except FileNotFoundError:
        return path, {}
    except OSError as error:
        raise InputError(f"{path}: cannot be read ({error.strerror})") from None
    if status.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise InputError(
            f"{path}: has mode {stat.S_IMODE(status.st_mode):04o}, so other users can read "
            f"the password in it; refused: run chmod 600 {path}"
        )
    try:
        return path, tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise InputError(f"{path}: not a valid TOML config ({type(error).__name__})") from None


def acled_credentials(environ: Mapping[str, str] | None = None) -> Credentials | None:
    """The ACLED account to use, or ``None`` when none is configured."""
    env = _env(environ)
    username = env.get("ACLED_USERNAME", "").strip()
    password = env.get("ACLED_PASSWORD", "")
    if username and password:
        return Credentials(
            username, password, origin="the environment (ACLED_USERNAME, ACLED_PASSWORD)"
        )
    if username or password:
        given, missing = (
            ("ACLED_USERNAME", "ACLED_PASSWORD")
            if username
            else ("ACLED_PASSWORD", "ACLED_USERNAME")
        )
        raise InputError(f"{given} is set but {missing} is not: set both, or neither")
    path, config = _config(environ)
    section = config.get("acled")
    if not isinstance(section, dict):
        return None
    username = str(section.get("username", "")).strip()
    password = str(section.get("password", ""))
    if not (username and password):
        raise InputError(f"{path}: the [acled] table needs both username and password")
    return Credentials(username, password, origin=f"the config file {path}")


def require_acled_credentials(environ: Mapping[str, str] | None = None) -> Credentials:
    """The ACLED account, or an error that says how to give one."""
    found = acled_credentials(environ)
    if found is None:
        raise InputError(
            "no ACLED account: set ACLED_USERNAME and ACLED_PASSWORD, or put them in "
            f"{config_path(environ)} ([acled] username, password; chmod 600)"
        )
    return found


def acled_url(option: str | None, environ: Mapping[str, str] | None = None) -> Setting:
    """ACLED's base URL: ``--api-url``, ``ACLED_API_URL`` or the default."""
    return _url(option, "ACLED_API_URL", DEFAULT_ACLED_URL, environ)


def hapi_url(option: str | None, environ: Mapping[str, str] | None = None) -> Setting:
    """HDX HAPI's base URL: ``--api-url``, ``HAPI_API_URL`` or the default."""
    return _url(option, "HAPI_API_URL", DEFAULT_HAPI_URL, environ)


@dataclass(frozen=True)
class Setting:
    """A value and where it came from (``--api-url``, ``ACLED_API_URL``, default)."""

    value: str
    origin: str


def _url(option: str | None, name: str, default: str, environ: Mapping[str, str] | None) -> Setting:
    env = _env(environ)
    if option:
        value, origin = option, "--api-url"
    elif env.get(name, "").strip():
        value, origin = env[name].strip(), name
    else:
        value, origin = default, "default"
    if not value.startswith(("http://", "https://")):
        raise InputError(f"{origin} {value!r}: give a URL starting with https://")
    return Setting(value.rstrip("/"), origin)


def hapi_identifier(
    app_name: str | None, email: str | None, environ: Mapping[str, str] | None = None
) -> Setting | None:
    """HAPI's app identifier: ``--app-name`` and ``--email``, ``HAPI_APP_IDENTIFIER``,
    or ``[hapi] app_identifier`` in the config; ``None`` when there is none."""
    if app_name or email:
        if not (app_name and email):
            raise InputError("--app-name and --email go together: give both")
        return Setting(app_identifier(app_name, email), "--app-name and --email")
    env = _env(environ)
    if env.get("HAPI_APP_IDENTIFIER", "").strip():
        return Setting(env["HAPI_APP_IDENTIFIER"].strip(), "HAPI_APP_IDENTIFIER")
    path, config = _config(environ)
    section = config.get("hapi")
    if isinstance(section, dict) and section.get("app_identifier"):
        return Setting(str(section["app_identifier"]), f"the config file {path}")
    return None
