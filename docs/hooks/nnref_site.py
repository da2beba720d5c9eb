"""The MkDocs hook that joins the site to nnref and derivations.

What it does, by build event:

- ``on_pre_build``: forget modules of ``nnref`` and ``derivations`` whose source
  changed, so ``mkdocs serve`` uses the code as edited.
- ``on_files``: serve KaTeX's CSS and fonts from the site; read every page's
  placements, so the Verification page knows which page uses which derivation.
- ``on_page_markdown``: replace ``{{ derivation(...) }}``, ``{{ figure(...) }}``,
  ``{{ value(...) }}`` and ``{{ verification() }}`` with their content.
- ``on_page_content``: put the SVG figures in, and render every formula with KaTeX.

Any failure (a false derivation step, a figure that raises, a LaTeX error, an
unknown name) is logged as an error naming the page, so ``mkdocs build --strict``
stops, and the page itself shows the error to an author running ``mkdocs serve``.
"""

from __future__ import annotations

import html
import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import directives
import notebook_pages
from build_cache import FileCache, JsonCache, digest, package_digest
from derivation_pages import DerivationPages
from figures import FigureError, FigureModules, compute_value, render_svg
from katex_maths import KatexRenderer
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page

log = logging.getLogger("mkdocs.plugins.nnref")

_ROOT = Path(__file__).resolve().parents[2]
# Tests point this elsewhere to build from a clean cache.
_CACHE = Path(os.environ.get("NNREF_SITE_CACHE", _ROOT / ".cache" / "site"))
_KATEX = _ROOT / "node_modules" / "katex"
_SLOT = "NNREF-FIGURE-SLOT-"


class _Site:
    """What one build (or one ``mkdocs serve`` session) keeps between events."""

    def __init__(self, config: MkDocsConfig) -> None:
        package = _KATEX / "package.json"
        if not package.exists():
            raise PluginError(
                f"KaTeX is not installed ({package} is missing): run `npm ci` in "
                f"{_ROOT}, or the set-up command of the README"
            )
        version = json.loads(package.read_text(encoding="utf-8"))["version"]
        self.katex_version = version
        self.katex = KatexRenderer(
            Path(__file__).with_name("katex_render.mjs"), _CACHE / "katex.json", version
        )
        self.derivations = DerivationPages(_CACHE / "derivations.json")
        self.figures = FigureModules(Path(config.docs_dir) / "figures")
        self.svgs = FileCache(_CACHE / "figures", ".svg")
        self.values = JsonCache(_CACHE / "values.json")
        self.uses: dict[str, list[str]] = {}
        self.slots: dict[str, str] = {}

    def save(self) -> None:
        self.katex.save()
        self.derivations.save()
        self.values.save()


_site: _Site | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    _fix_build_date()
    if _site is None:
        _site = _Site(config)
    _point_notebook_cache(config)
    return config


def _fix_build_date() -> None:
    """Date the build by its commit, so two builds of one commit are byte-identical.

    MkDocs reads SOURCE_DATE_EPOCH for the sitemap's and the pages' dates; a value
    given by the caller wins, and outside a git checkout the epoch 0 is used.
    """
    if "SOURCE_DATE_EPOCH" in os.environ:
        return
    try:
        stamp = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=_ROOT,
            capture_output=True,
            text=True,
            check=True,
            timeout=10,
        ).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        stamp = ""
    os.environ["SOURCE_DATE_EPOCH"] = stamp if stamp.isdigit() else "0"


def _point_notebook_cache(config: MkDocsConfig) -> None:
    """Key executed notebooks by nnref's source too: mkdocs-jupyter hashes only the notebook."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache_dir"] = str(_CACHE / "notebooks" / package_digest("nnref"))


def on_pre_build(config: MkDocsConfig) -> None:
    _forget_changed_modules()
    _point_notebook_cache(config)


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = _require_site()
    # KaTeX's CSS finds its fonts at fonts/..., beside it.
    katex_assets = [_KATEX / "dist" / "katex.min.css"]
    katex_assets += sorted((_KATEX / "dist" / "fonts").glob("*.woff2"))
    for asset in katex_assets:
        relative = asset.relative_to(_KATEX / "dist").as_posix()
        files.append(File.generated(config, f"assets/katex/{relative}", abs_src_path=str(asset)))
    site.uses = {}
    for file in files.documentation_pages():
        if not file.src_path.endswith(".md"):
            continue
        try:
            found = directives.find(Path(file.abs_src_path or "").read_text(encoding="utf-8"))
        except directives.PlacementError:
            continue  # reported with the page itself in on_page_markdown
        for placement in found:
            if placement.kind == "derivation":
                site.uses.setdefault(placement.name, []).append(file.src_uri)
    return files


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = _require_site()
    source = _page_path(page)

    def place(placement: directives.Placement) -> str:
        try:
            return _placed(site, placement, page)
        except (directives.PlacementError, FigureError, KeyError, AssertionError) as error:
            message = str(error.args[0]) if isinstance(error, KeyError) else str(error)
            log.error("nnref: %s: line %s: %s", source, placement.line, message)
            return _failure_admonition(placement, message)

    try:
        return directives.substitute(markdown, place)
    except directives.PlacementError as error:
        log.error("nnref: %s: %s", source, error)
        return markdown


def on_page_content(html_: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = _require_site()
    if page.file.src_uri.endswith(".ipynb"):
        html_ = notebook_pages.prepare(html_)
    for key, svg in site.slots.items():
        html_ = html_.replace(f"<p>{_SLOT}{key}</p>", svg)
    rendered, errors = site.katex.render_page(html_)
    for error in errors:
        log.error("nnref: %s: KaTeX cannot render maths: %s", _page_path(page), error)
    return rendered


def on_post_build(config: MkDocsConfig) -> None:
    _require_site().save()


def on_shutdown() -> None:
    if _site is not None:
        _site.katex.close()


def _placed(site: _Site, placement: directives.Placement, page: Page) -> str:
    if placement.kind == "derivation":
        return "\n" + site.derivations.outcome(placement.name).markdown + "\n"
    if placement.kind == "figure":
        return _figure_markdown(site, placement)
    if placement.kind == "value":
        producer = site.figures.producer(placement.name)
        value = site.values.get(producer.source_key)
        if value is None:
            value = compute_value(producer)
            site.values.put(producer.source_key, value)
        return value
    return _verification_table(site, page)


def _figure_markdown(site: _Site, placement: directives.Placement) -> str:
    producer = site.figures.producer(placement.name)
    svg = site.svgs.get(producer.source_key)
    if svg is None:
        svg = render_svg(producer)
        site.svgs.put(producer.source_key, svg)
    key = digest(producer.source_key, placement.name)
    site.slots[key] = svg
    caption = str(placement.options.get("caption", "")).strip()
    anchor = "figure-" + placement.name.replace(".", "-").replace("_", "-")
    figcaption = f'\n<figcaption markdown="span">{caption}</figcaption>\n' if caption else ""
    return (
        f'\n<figure class="nnref-figure" id="{anchor}" markdown="block">\n\n'
        f"{_SLOT}{key}\n{figcaption}\n</figure>\n"
    )


def _verification_table(site: _Site, page: Page) -> str:
    import derivations

    rows = [
        "| Derivation | Result | Steps proven | Proof methods | Placed on | SymPy time |",
        "|---|---|---:|---|---|---:|",
    ]
    total_steps = 0
    total_seconds = 0.0
    for name in derivations.names():
        outcome = site.derivations.outcome(name)
        total_steps += outcome.steps
        total_seconds += outcome.seconds
        pages = site.uses.get(name, [])
        links = ", ".join(
            f"[{_page_title(uri)}]({_relative_link(page.file.src_uri, uri)}#derivation-{name})"
            for uri in sorted(set(pages))
        )
        methods = ", ".join(sorted(set(outcome.methods)))
        rows.append(
            f"| `{name}` | {outcome.title} | {outcome.steps} of {outcome.steps} | "
            f"{methods} | {links or '(not placed on a page)'} | {outcome.seconds:.2f} s |"
        )
    summary = (
        f"**{len(derivations.names())} derivations, {total_steps} steps, every one proven "
        f"by SymPy** ({total_seconds:.1f} s of SymPy in all when last verified)."
    )
    return summary + "\n\n" + "\n".join(rows) + "\n"


def _page_title(src_uri: str) -> str:
    stem = Path(src_uri).stem
    return "Home" if stem == "index" else stem.replace("-", " ").replace("_", " ").capitalize()


def _relative_link(from_uri: str, to_uri: str) -> str:
    depth = len(Path(from_uri).parent.parts)
    return "../" * depth + to_uri


def _failure_admonition(placement: directives.Placement, message: str) -> str:
    what = f'{placement.kind}("{placement.name}")' if placement.name else f"{placement.kind}()"
    return f'\n!!! failure "nnref could not place {what}"\n\n    {html.escape(message)}\n'


def _page_path(page: Page) -> str:
    """The page's file as an author knows it, e.g. docs/activations.md."""
    path = Path(page.file.abs_src_path or page.file.src_path)
    try:
        return path.relative_to(Path.cwd()).as_posix()
    except ValueError:
        return path.as_posix()


def _require_site() -> _Site:
    if _site is None:
        raise PluginError("the nnref hook was not configured (on_config did not run)")
    return _site


def _forget_changed_modules() -> None:
    """Drop every nnref/derivations module if any of their sources changed since import."""
    tracked = {
        name: module
        for name, module in sys.modules.items()
        if name.split(".")[0] in ("nnref", "derivations")
    }
    stamps = _import_stamps
    changed = False
    for name, module in tracked.items():
        path = getattr(module, "__file__", None)
        if path is None:
            continue
        mtime = Path(path).stat().st_mtime_ns if Path(path).exists() else -1
        if stamps.setdefault(name, mtime) != mtime:
            changed = True
    if changed:
        for name in tracked:
            del sys.modules[name]
        stamps.clear()
    elif "derivations" in sys.modules:
        sys.modules["derivations"].names.cache_clear()  # a new module may have appeared


_import_stamps: dict[str, int] = {}
