"""The outlet registry: web domain -> outlet name, country, language.

The bundled `outlets.yaml` lists major outlets; a user file of the same shape (a list of
{domain, name, country, language}) named by the environment variable PARALLAX_OUTLETS adds entries
and overrides bundled ones with the same domain. Names look up countries too, so an outlet found in
the text ("/TASS/") gets its country when the registry knows it.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlparse

BUNDLED = Path(__file__).with_name("outlets.yaml")
ENV_VAR = "PARALLAX_OUTLETS"


class RegistryError(ValueError):
    """A registry file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class OutletInfo:
    name: str
    country: str | None = None
    language: str | None = None


def _load(path: Path) -> list[dict]:
    import yaml

    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as exc:
        raise RegistryError(f"outlet registry {path}: cannot read: {exc}") from None
    if not isinstance(data, list) or not all(isinstance(e, dict) and e.get("domain") and e.get("name")
                                             for e in data):
        raise RegistryError(f"outlet registry {path}: expected a list of entries with 'domain' and 'name'")
    return data


@lru_cache(maxsize=4)
def _registry(user_file: str | None) -> tuple[dict[str, OutletInfo], dict[str, OutletInfo]]:
    by_domain: dict[str, OutletInfo] = {}
    for path in [BUNDLED, *([Path(user_file)] if user_file else [])]:
        for e in _load(path):
            by_domain[str(e["domain"]).casefold().removeprefix("www.")] = OutletInfo(
                str(e["name"]), e.get("country"), e.get("language"))
    by_name = {info.name.casefold(): info for info in by_domain.values()}
    return by_domain, by_name


def registry() -> tuple[dict[str, OutletInfo], dict[str, OutletInfo]]:
    return _registry(os.environ.get(ENV_VAR) or None)


def by_url(url: str | None) -> OutletInfo | None:
    """The registry entry of the URL's host or of its nearest registered parent domain."""
    if not url or "://" not in url:
        return None
    host = (urlparse(url).hostname or "").casefold().removeprefix("www.")
    domains = registry()[0]
    parts = host.split(".")
    for i in range(len(parts) - 1):
        info = domains.get(".".join(parts[i:]))
        if info:
            return info
    return None


def by_name(name: str | None) -> OutletInfo | None:
    return registry()[1].get((name or "").casefold().strip()) if name else None
