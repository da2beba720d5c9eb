"""The site's page tree as mkdocs.yml declares it, and where each page is built."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath
from typing import Any

import yaml


@dataclass(frozen=True)
class NavPage:
    """A page of the navigation: its title, its source under docs/ and its built URL path."""

    title: str
    source: str  # e.g. "activations.md", "notebooks/two-layer-network.ipynb"
    path: str  # URL path under the site root, e.g. "activations/" ("" for the home page)

    @property
    def built_file(self) -> str:
        """The HTML file of the page, relative to the site folder."""
        if self.path.endswith("/") or not self.path:
            return f"{self.path}index.html"
        return self.path

    @property
    def label(self) -> str:
        """A short id for test names: the source without its suffix."""
        return PurePosixPath(self.source).with_suffix("").as_posix()


class _IgnoreTags(yaml.SafeLoader):
    """Read mkdocs.yml without importing what its ``!!python/name`` tags name."""


_IgnoreTags.add_multi_constructor("!", lambda loader, suffix, node: None)
_IgnoreTags.add_multi_constructor("tag:yaml.org,2002:python/", lambda loader, suffix, node: None)


def read_config(project: Path) -> dict[str, Any]:
    config: dict[str, Any] = yaml.load(
        (project / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_IgnoreTags
    )
    return config


def nav_pages(project: Path) -> list[NavPage]:
    """Every page the navigation of ``project/mkdocs.yml`` lists, in order (links left out)."""
    config = read_config(project)
    directory_urls = config.get("use_directory_urls", True)
    pages: list[NavPage] = []

    def walk(entry: object, title: str | None) -> None:
        if isinstance(entry, list):
            for item in entry:
                walk(item, None)
        elif isinstance(entry, dict):
            for key, value in entry.items():
                walk(value, str(key))
        elif isinstance(entry, str) and "://" not in entry:
            source = entry.lstrip("/")
            pages.append(NavPage(title or source, source, url_path(source, directory_urls)))

    walk(config.get("nav") or [], None)
    return pages


def url_path(source: str, directory_urls: bool = True) -> str:
    """The URL path MkDocs gives a page's source file (``notation.md`` -> ``notation/``)."""
    source_path = PurePosixPath(source)
    if not directory_urls:
        return source_path.with_suffix(".html").as_posix()
    if source_path.stem in ("index", "README"):
        folder = source_path.parent
    else:
        folder = source_path.parent / source_path.stem
    return "" if folder == PurePosixPath(".") else f"{folder.as_posix()}/"


def docs_dir(project: Path) -> Path:
    return project / str(read_config(project).get("docs_dir", "docs"))


def site_url(project: Path) -> str:
    return str(read_config(project).get("site_url") or "")
