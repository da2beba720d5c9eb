"""The search index's entries of a page, reused while the page is unchanged.

mkdocs-material's search plugin parses the HTML of every page on every build to cut
it into the sections of the search index; on this site that is the largest part of a
rebuild (the API page alone is megabytes of highlighted source). The entries of a
page depend only on its HTML, its address, its title, its table of contents and its
``search``/``tags`` metadata, so :class:`SearchEntries` wraps the plugin's indexing:
a page whose digest of those is known gets its entries back from the build cache,
exactly as the plugin made them; any other page is indexed by the plugin itself.

If the plugin is not there or not as expected (another version), nothing is wrapped.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from build_cache import digest, write_atomically


class SearchEntries:
    """Entries by page digest, kept on disk for the pages of the last build."""

    def __init__(self, path: Path) -> None:
        self._path = path
        self._known: dict[str, list[Any]] = {}
        self._used: dict[str, list[Any]] = {}
        if path.exists():
            try:
                self._known = json.loads(path.read_text(encoding="utf-8"))
            except (OSError, json.JSONDecodeError):
                self._known = {}
        self.reused = 0

    def wrap(self, search_plugin: Any) -> bool:
        """Wrap the plugin's ``add_entry_from_context``; say whether it could be done."""
        index = getattr(search_plugin, "search_index", None)
        index_page = getattr(index, "add_entry_from_context", None)
        if index_page is None or not isinstance(getattr(index, "entries", None), list):
            return False
        self._known.update(self._used)
        self._used = {}
        self.reused = 0

        def add_entry_from_context(page: Any) -> None:
            key = _page_key(page)
            entries = self._known.get(key)
            if entries is not None:
                self.reused += 1
            else:
                start = len(index.entries)
                index_page(page)
                entries = json.loads(json.dumps(index.entries[start:]))
                del index.entries[start:]
            index.entries.extend(json.loads(json.dumps(entries)))
            self._used[key] = entries

        index.add_entry_from_context = add_entry_from_context
        return True

    def save(self) -> None:
        """Keep the entries of this build's pages (those of older versions are dropped)."""
        if self._used and self._used.keys() != self._known.keys():
            # Not sorted: the index keeps the order of keys the plugin gave each entry.
            write_atomically(self._path, json.dumps(self._used))
            self._known = dict(self._used)


def _page_key(page: Any) -> str:
    meta = {name: page.meta.get(name) for name in ("search", "tags", "title")}
    return digest(
        page.url,
        str(page.title),
        json.dumps(meta, sort_keys=True, default=str),
        json.dumps(_toc(page.toc)),
        page.content or "",
    )


def _toc(items: Any) -> list[Any]:
    return [[item.id, item.url, str(item.title), _toc(item.children)] for item in items]
