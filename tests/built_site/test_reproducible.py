"""Builds of the same tree are byte-identical, file by file, whatever their caches held."""

from __future__ import annotations

import gzip
import re
from pathlib import Path

import pytest

from built_site.building import ROOT, Build
from built_site.navigation import nav_pages

pytestmark = pytest.mark.site

# Files that hold what changes most easily from one build to the next (dates, ids, order).
MUST_COMPARE = ("search/search_index.json", "sitemap.xml", "sitemap.xml.gz")
_CONTEXT = 60  # bytes shown on each side of the first difference
# What a `measured_*` figure or value shows is a timing on the build machine: the glue
# marks it so, and only it may differ between builds (the search index leaves it out).
_MEASURED = re.compile(rb"<!--nnref-measured-->.*?<!--/nnref-measured-->", re.DOTALL)


def test_two_clean_builds_are_byte_identical(built_site: Build, twin_site: Build) -> None:
    _assert_identical(built_site, twin_site, "two clean builds of the same tree")


def test_a_build_from_a_warm_cache_equals_a_clean_one(built_site: Build, warm_site: Build) -> None:
    """What the cache returns (KaTeX, SVGs, derivations, notebooks) is what a build makes."""
    _assert_identical(built_site, warm_site, "a clean build and a build from its cache")


def _assert_identical(built: Build, other: Build, what: str) -> None:
    first, second = _files(built.site), _files(other.site)
    expected = {*MUST_COMPARE, *(page.built_file for page in nav_pages(ROOT))}
    missing = sorted(expected - first.keys())
    assert not missing, "files the comparison must cover are not in the build:\n  " + "\n  ".join(
        missing
    )

    problems = [f"only in the first build: {path}" for path in sorted(first.keys() - second)]
    problems += [f"only in the second build: {path}" for path in sorted(second.keys() - first)]
    for path in sorted(first.keys() & second.keys()):
        a, b = _comparable(first[path].read_bytes()), _comparable(second[path].read_bytes())
        if a != b:
            problems.append(_difference(path, a, b))
    assert not problems, f"{what} differ ({built.site} and {other.site}):\n" + "\n".join(problems)


def _comparable(content: bytes) -> bytes:
    return _MEASURED.sub(b"<!--nnref-measured-->", content)


def test_measured_content_is_marked_and_kept_out_of_search(built_site: Build) -> None:
    """The vectorization page times loops at build time: its figures say so and are marked."""
    html = built_site.page("vectorization/index.html")
    assert html.count("<!--nnref-measured-->") >= 2, "the measured figure and ratio are marked"
    index = built_site.page("search/search_index.json")
    for measured in re.findall(r"<!--nnref-measured-->(.*?)<!--/nnref-measured-->", html, re.S):
        text = " ".join(re.sub(r"<[^>]+>", " ", measured).split())
        if text:
            assert text[:40] not in index, f"measured text in the search index: {text[:40]!r}"


def _files(site: Path) -> dict[str, Path]:
    return {path.relative_to(site).as_posix(): path for path in site.rglob("*") if path.is_file()}


def _difference(path: str, a: bytes, b: bytes) -> str:
    """Where two versions of a file first differ, with the bytes around it."""
    offset = next(
        (i for i, (x, y) in enumerate(zip(a, b, strict=False)) if x != y), min(len(a), len(b))
    )
    start = max(0, offset - _CONTEXT)
    lines = [
        f"{path}: {len(a)} and {len(b)} bytes, first difference at byte {offset}",
        f"    first:  {a[start : offset + _CONTEXT]!r}",
        f"    second: {b[start : offset + _CONTEXT]!r}",
    ]
    if path.endswith(".gz"):
        same = gzip.decompress(a) == gzip.decompress(b)
        lines.append(
            "    the uncompressed contents are identical: the gzip header differs (its mtime?)"
            if same
            else "    the uncompressed contents differ too"
        )
    return "\n".join(lines)
