"""The MkDocs hook that joins the site to nnref and derivations.

What it does, by build event:

- ``on_pre_build``: forget modules of ``nnref`` and ``derivations`` whose source
  changed, so ``mkdocs serve`` uses the code as edited.
- ``on_files``: serve KaTeX's CSS and fonts from the site; read every page's
  placements, so the Verification page knows which page uses which derivation,
  and start what is not cached in worker processes (`parallel_work`).
- ``on_page_markdown``: replace ``{{ derivation(...) }}``, ``{{ figure(...) }}``,
  ``{{ value(...) }}`` and ``{{ verification() }}`` with their content.
- ``on_page_content``: render every formula with KaTeX, leaving for now only the
  text a reader sees in its place.
- ``on_post_page``: put KaTeX's HTML and the SVG figures in. This comes after the
  search plugin has read the page (``on_page_context``), so the search index holds
  what a reader reads, not KaTeX's markup nor the SVGs' internals, and indexing
  stays fast (a page of 300 formulas weighs 1.4 MB once rendered).

Any failure (a false derivation step, a figure that raises, a LaTeX error, an
unknown name) is logged as an error naming the page, so ``mkdocs build --strict``
stops, and the page itself shows the error to an author running ``mkdocs serve``.

``NNREF_SITE_EXECUTE=0`` builds the same pages without executing anything: no
derivation, figure, value, markdown-exec block or notebook cell runs, and a short
note stands where their output would be. Only the build benchmark uses it, to time
the site without its computations (`benchmarks/build.py`).
"""

from __future__ import annotations

import html
import json
import logging
import os
import re
import subprocess
import sys
from collections import Counter
from fnmatch import fnmatch
from pathlib import Path

import directives
import notebook_pages
from build_cache import (
    TRACKED_PACKAGES,
    FileCache,
    JsonCache,
    digest,
    forget_module_locations,
    notebook_digest,
    package_digest,
)
from derivation_pages import DerivationPages, Outcome
from executed_code import ExecutedCode
from figures import FigureError, FigureModules, compute_value, render_svg
from jinja2 import Environment
from jinja2.bccache import Bucket, BytecodeCache
from katex_maths import KatexRenderer
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import event_priority
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from parallel_work import Job, Output, ParallelWork
from search_entries import SearchEntries

log = logging.getLogger("mkdocs.plugins.nnref")

_ROOT = Path(__file__).resolve().parents[2]
# Tests point this elsewhere to build from a clean cache.
_CACHE = Path(os.environ.get("NNREF_SITE_CACHE", _ROOT / ".cache" / "site"))
_KATEX = _ROOT / "node_modules" / "katex"
# Where a figure's SVG goes, until on_post_page puts it in.
# Where a figure's SVG goes, until on_post_page puts it in; it holds the figure's alt
# text meanwhile, which is what the search index keeps of a figure.
_SLOT = '<div class="nnref-figure-slot" data-key="{key}">{alt}</div>'
_FILLED_SLOT = re.compile(r'<div class="nnref-figure-slot" data-key="(?P<key>[0-9a-f]+)">.*?</div>')
_ARIA_LABEL = re.compile(r'aria-label="(?P<alt>[^"]*)"')


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
        # Seconds each parallel job took last time, to submit the longest first.
        self.durations = JsonCache(_CACHE / "durations.json")
        self.uses: dict[str, list[str]] = {}
        self.slots: dict[str, str] = {}
        self.execute = True
        self.code = ExecutedCode(JsonCache(_CACHE / "executed-code.json"))
        self.search = SearchEntries(_CACHE / "search-entries.json")
        self.work = ParallelWork()
        # (kind, key) -> where it came from ("cache", "worker", "here"), for the summary.
        self.made: dict[tuple[str, str], str] = {}

    def save(self) -> None:
        self.katex.save()
        self.code.cache.save()
        self.search.save()
        self.derivations.save()
        self.values.save()
        for label, seconds in self.work.durations.items():
            self.durations.put(label, f"{seconds:.3f}")
        self.durations.save()


_site: _Site | None = None


def on_config(config: MkDocsConfig) -> MkDocsConfig:
    global _site
    _fix_build_date()
    if _site is None:
        _site = _Site(config)
    _site.execute = os.environ.get("NNREF_SITE_EXECUTE", "1").strip() != "0"
    _configure_code_blocks(_site, config)
    _skip_markdown_in_notebook_search(config)
    search = config.plugins.get("material/search") or config.plugins.get("search")
    if search is not None:
        _site.search.wrap(search)
    _point_notebook_cache(config)
    return config


def _configure_code_blocks(site: _Site, config: MkDocsConfig) -> None:
    """markdown-exec blocks: cached (see `executed_code`), or shown unexecuted.

    With execution off, notebooks are also converted without running them.
    """
    if not site.execute:
        jupyter = config.plugins.get("mkdocs-jupyter")
        if jupyter is not None:
            jupyter.config["execute"] = False
    # What else shapes a block's HTML: the Markdown extensions and their settings.
    # (Plugins add extension objects, which stand here by their class.)
    context = json.dumps(
        [config.markdown_extensions, config.mdx_configs],
        sort_keys=True,
        default=lambda value: type(value).__qualname__,
    )
    superfences = config.mdx_configs.get("pymdownx.superfences", {})
    for fence in superfences.get("custom_fences", []):
        run = fence.get("format")
        if not getattr(run, "__module__", "").startswith("markdown_exec"):
            continue
        if site.execute:
            fence["format"] = site.code.cached_formatter(run, context)
        else:
            fence["format"] = _code_not_executed


def _skip_markdown_in_notebook_search(config: MkDocsConfig) -> None:
    """Spare mkdocs-jupyter from opening every Markdown page, on every build.

    To tell whether a ``.md`` page is a notebook (jupytext), mkdocs-jupyter reads it
    before it looks at its ``include`` patterns: with this site's patterns, which
    take no ``.md`` file, the answer is always no, and ignoring ``*.md`` gives it at
    once. (It was a tenth of a rebuild.)
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is None:
        return
    patterns = [str(pattern).rsplit("/", 1)[-1] for pattern in jupyter.config["include"]]
    if not any(fnmatch("page.md", pattern) for pattern in patterns):
        jupyter.config["ignore"] = [*jupyter.config["ignore"], "*.md"]


def _code_not_executed(source: str, language: str, *args: object, **kwargs: object) -> str:
    return (
        f'<pre><code class="language-{html.escape(language)}">{html.escape(source)}</code></pre>'
        f"<p><em>{_NOT_EXECUTED}</em></p>"
    )


_NOT_EXECUTED = "Not executed in this build (NNREF_SITE_EXECUTE=0)."


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
    """Key executed notebooks by nnref's source too: mkdocs-jupyter hashes only the notebook.

    This is the folder for a notebook page that `on_pre_page` does not narrow down.
    """
    jupyter = config.plugins.get("mkdocs-jupyter")
    if jupyter is not None:
        jupyter.config["cache_dir"] = str(_CACHE / "notebooks" / package_digest("nnref"))


@event_priority(50)  # before mkdocs-jupyter's on_pre_page reads its cache_dir
def on_pre_page(page: Page, config: MkDocsConfig, files: Files) -> Page:
    """Key a notebook's execution by the modules its cells use, not by all of nnref."""
    jupyter = config.plugins.get("mkdocs-jupyter")
    source = page.file.abs_src_path
    if jupyter is not None and source and source.endswith(".ipynb"):
        try:
            key = notebook_digest(Path(source))
        except (OSError, ValueError):
            return page  # an unreadable notebook: mkdocs-jupyter reports it
        jupyter.config["cache_dir"] = str(_CACHE / "notebooks" / key)
    return page


def on_pre_build(config: MkDocsConfig) -> None:
    _forget_changed_modules()
    forget_module_locations()
    _point_notebook_cache(config)
    site = _require_site()
    site.made.clear()
    site.code.ran = site.code.reused = 0


def on_env(env: Environment, config: MkDocsConfig, files: Files) -> Environment:
    """Keep the theme's compiled templates across the rebuilds of ``mkdocs serve``."""
    env.bytecode_cache = _TEMPLATES
    return env


def _keep_compiled_templates(config: MkDocsConfig) -> None:
    """Keep mkdocstrings' compiled templates across the rebuilds of ``mkdocs serve``.

    Each rebuild makes new template environments (the theme's, mkdocstrings'), which
    would compile every template again: a tenth of the time of a rebuild. The
    handlers render pages before ``on_env``, so they get the cache in ``on_files``.
    """
    mkdocstrings = config.plugins.get("mkdocstrings")
    if mkdocstrings is None:
        return
    for name in mkdocstrings.config.handlers:
        mkdocstrings.get_handler(name).env.bytecode_cache = _TEMPLATES


class _CompiledTemplates(BytecodeCache):
    """Compiled templates in memory, by template and source checksum (Jinja's keys)."""

    def __init__(self) -> None:
        self._code: dict[tuple[str, str], bytes] = {}

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get((bucket.key, bucket.checksum))
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        self._code[(bucket.key, bucket.checksum)] = bucket.bytecode_to_string()


_TEMPLATES = _CompiledTemplates()


def on_files(files: Files, config: MkDocsConfig) -> Files:
    site = _require_site()
    _keep_compiled_templates(config)
    # KaTeX's CSS finds its fonts at fonts/..., beside it.
    katex_assets = [_KATEX / "dist" / "katex.min.css"]
    katex_assets += sorted((_KATEX / "dist" / "fonts").glob("*.woff2"))
    for asset in katex_assets:
        relative = asset.relative_to(_KATEX / "dist").as_posix()
        files.append(File.generated(config, f"assets/katex/{relative}", abs_src_path=str(asset)))
    site.uses = {}
    placements: list[directives.Placement] = []
    for file in files.documentation_pages():
        if not file.src_path.endswith(".md"):
            continue
        try:
            found = directives.find(Path(file.abs_src_path or "").read_text(encoding="utf-8"))
        except directives.PlacementError:
            continue  # reported with the page itself in on_page_markdown
        placements += found
        for placement in found:
            if placement.kind == "derivation":
                site.uses.setdefault(placement.name, []).append(file.src_uri)
    site.work.close()
    if site.execute:
        jobs = _uncached_jobs(site, placements)
        estimates = {
            job.label: float(seconds)
            for job in jobs
            if (seconds := site.durations.get(job.label)) is not None
        }
        site.work = ParallelWork.start(jobs, estimates)
    return files


def _uncached_jobs(site: _Site, placements: list[directives.Placement]) -> list[Job]:
    """What the pages need and the cache lacks: one job per figure module or derivation."""
    import derivations

    by_module: dict[str, dict[Output, None]] = {}
    stale_modules: set[str] = set()
    derivation_names: dict[str, None] = {}
    for placement in placements:
        if placement.kind in ("figure", "value"):
            try:
                key = site.figures.key(placement.name)
            except FigureError:
                continue  # reported with its page
            module = placement.name.split(".")[0]
            by_module.setdefault(module, {})[Output(placement.kind, placement.name, key)] = None
            if not (site.svgs if placement.kind == "figure" else site.values).has(key):
                stale_modules.add(module)
        elif placement.kind == "derivation":
            derivation_names[placement.name] = None
        elif placement.kind == "verification":
            derivation_names.update(dict.fromkeys(derivations.names()))
    folder = str(site.figures.folder)
    # A module with one output to make makes all of them: one run, one measurement.
    jobs = [
        Job(f"figures/{module}.py", tuple(by_module[module]), folder)
        for module in sorted(stale_modules)
    ]
    for name in derivation_names:
        try:
            key = site.derivations.key(name)
        except KeyError:
            continue  # reported with its page
        if not site.derivations.has(key):
            jobs.append(Job(f"derivation {name}", (Output("derivation", name, key),), folder))
    return jobs


def on_page_markdown(markdown: str, page: Page, config: MkDocsConfig, files: Files) -> str:
    site = _require_site()
    source = _page_path(page)

    def place(placement: directives.Placement) -> str:
        if not site.execute:
            return _not_executed(placement)
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
    html_, errors = site.katex.stand_ins(html_)
    for error in errors:
        log.error("nnref: %s: KaTeX cannot render maths: %s", _page_path(page), error)
    return html_


def on_post_page(output: str, page: Page, config: MkDocsConfig) -> str:
    site = _require_site()
    output = _FILLED_SLOT.sub(lambda slot: site.slots.get(slot["key"], slot[0]), output)
    if 'class="nnref-figure-slot"' in output:
        log.error("nnref: %s: a figure's place was lost on the way to HTML", _page_path(page))
    return site.katex.fill_in(output)


def on_post_build(config: MkDocsConfig) -> None:
    _remember_imported_modules()
    site = _require_site()
    site.save()
    site.work.close()
    if site.execute:
        log.info(
            "nnref: %s; code blocks: %d run, %d from the cache; search entries of %d pages reused",
            _summary(site.made),
            site.code.ran,
            site.code.reused,
            site.search.reused,
        )


def on_build_error(error: Exception) -> None:
    _remember_imported_modules()
    if _site is not None:
        _site.work.close()


def on_shutdown() -> None:
    if _site is not None:
        _site.work.close()
        _site.katex.close()


def _summary(made: dict[tuple[str, str], str]) -> str:
    """E.g. "made 3 figures, 1 values, 2 derivations (4 in worker processes); 20 from the cache"."""
    counts = Counter((kind, where) for (kind, _), where in made.items())
    new = ", ".join(
        f"{counts[kind, 'here'] + counts[kind, 'worker']} {kind}s"
        for kind in ("figure", "value", "derivation")
    )
    in_workers = sum(n for (_, where), n in counts.items() if where == "worker")
    cached = sum(n for (_, where), n in counts.items() if where == "cache")
    return f"made {new} ({in_workers} in worker processes); {cached} from the cache"


def _placed(site: _Site, placement: directives.Placement, page: Page) -> str:
    if placement.kind == "derivation":
        return "\n" + _derivation(site, placement.name).markdown + "\n"
    if placement.kind == "figure":
        return _figure_markdown(site, placement)
    if placement.kind == "value":
        key = site.figures.key(placement.name)
        value = _made(site, "value", placement.name, key, site.values)
        return _marked_as_measured(value) if _is_measured(placement.name) else value
    return _verification_table(site, page)


def _is_measured(name: str) -> bool:
    """A `measured_*` figure or value times something on the machine that builds the site."""
    return name.rpartition(".")[2].startswith("measured_")


def _marked_as_measured(markdown: str) -> str:
    """Mark a measurement: it differs from build to build, so search leaves it out and the
    reproducibility test compares everything but what stands between the two comments."""
    if "\n" not in markdown.strip():
        return (
            '<span class="nnref-measured" data-search-exclude markdown="span">'
            f"<!--nnref-measured-->{markdown.strip()}<!--/nnref-measured--></span>"
        )
    return (
        '\n<div class="nnref-measured" data-search-exclude markdown="block">\n\n'
        f"<!--nnref-measured-->\n\n{markdown.strip()}\n\n<!--/nnref-measured-->\n\n</div>\n"
    )


def _made(site: _Site, kind: str, name: str, key: str, cache: FileCache | JsonCache) -> str:
    """A figure's SVG or a value's Markdown: from this build's job, the cache, or made here.

    The job comes first: when it remakes its module's outputs, a cached output of the
    module is stale beside the others (another run, another measurement).
    """
    text = None if site.work.covers(kind, key) else cache.get(key)
    if text is not None:
        site.made.setdefault((kind, key), "cache")
        return text
    text = site.work.result(kind, key)
    if text is not None:
        site.made[(kind, key)] = "worker" if site.work.workers else "here"
    else:
        producer = site.figures.producer(name)
        text = render_svg(producer) if kind == "figure" else compute_value(producer)
        site.made[(kind, key)] = "here"
    log.debug("nnref: %s %s made (%s)", kind, name, site.made[(kind, key)])
    cache.put(key, text)
    return text


def _derivation(site: _Site, name: str) -> Outcome:
    key = site.derivations.key(name)
    where = "cache" if site.derivations.has(key) else "here"

    def prepared(key: str) -> str | None:
        nonlocal where
        text = site.work.result("derivation", key)
        if text is not None:
            where = "worker" if site.work.workers else "here"
        return text

    outcome = site.derivations.outcome(name, prepared)
    site.made.setdefault(("derivation", key), where)
    return outcome


def _not_executed(placement: directives.Placement) -> str:
    """A short note in place of an output, under the same anchor (links to it stay valid)."""
    if placement.kind == "value":
        return f"*(value {placement.name} not computed)*"
    what = f'{placement.kind}("{placement.name}")' if placement.name else f"{placement.kind}()"
    note = f'\n!!! note "{what} not made"\n\n    {_NOT_EXECUTED}\n'
    if placement.kind == "derivation":
        anchor = f"derivation-{placement.name}"
    elif placement.kind == "figure":
        anchor = _figure_anchor(placement.name)
    else:
        return note
    return f'\n<div id="{anchor}" markdown="block">\n{note}\n</div>\n'


def _figure_markdown(site: _Site, placement: directives.Placement) -> str:
    source_key = site.figures.key(placement.name)
    svg = _made(site, "figure", placement.name, source_key, site.svgs)
    key = digest(source_key, placement.name)
    measured = _is_measured(placement.name)
    site.slots[key] = f"<!--nnref-measured-->{svg}<!--/nnref-measured-->" if measured else svg
    alt = _ARIA_LABEL.search(svg)
    caption = str(placement.options.get("caption", "")).strip()
    anchor = _figure_anchor(placement.name)
    figcaption = f'\n<figcaption markdown="span">{caption}</figcaption>\n' if caption else ""
    return (
        f'\n<figure class="nnref-figure{" nnref-measured" if measured else ""}" id="{anchor}"'
        f'{" data-search-exclude" if measured else ""} markdown="block">\n\n'
        f"{_SLOT.format(key=key, alt=alt['alt'] if alt else '')}\n{figcaption}\n</figure>\n"
    )


def _figure_anchor(name: str) -> str:
    return "figure-" + name.replace(".", "-").replace("_", "-")


def _verification_table(site: _Site, page: Page) -> str:
    import derivations

    rows = [
        "| Derivation | Result | Steps proven | Proof methods | Placed on |",
        "|---|---|---:|---|---|",
    ]
    total_steps = 0
    for name in derivations.names():
        outcome = _derivation(site, name)
        total_steps += outcome.steps
        pages = site.uses.get(name, [])
        links = ", ".join(
            f"[{_page_title(uri)}]({_relative_link(page.file.src_uri, uri)}#derivation-{name})"
            for uri in sorted(set(pages))
        )
        methods = ", ".join(sorted(set(outcome.methods)))
        rows.append(
            f"| `{name}` | {outcome.title} | {outcome.steps} of {outcome.steps} | "
            f"{methods} | {links or '(not placed on a page)'} |"
        )
    # No SymPy timings here: they differ from build to build, and the page must not.
    summary = (
        f"**{len(derivations.names())} derivations, {total_steps} steps, every one proven "
        "by SymPy** while this site was built."
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


def _tracked_modules() -> dict[str, int]:
    """The imported modules of the tracked packages, with their source's mtime."""
    stamps = {}
    for name, module in list(sys.modules.items()):
        path = getattr(module, "__file__", None)
        if name.split(".")[0] in TRACKED_PACKAGES and path is not None:
            stamps[name] = Path(path).stat().st_mtime_ns if Path(path).exists() else -1
    return stamps


def _forget_changed_modules() -> None:
    """Drop every module of the tracked packages if any of their sources changed since import.

    The times are taken when a build ends (`_remember_imported_modules`): a module
    imported during a build is then compared, at the next build, with its source
    as it was when it was imported, so the first edit after ``mkdocs serve`` starts
    counts too.
    """
    now = _tracked_modules()
    if any(_import_stamps.get(name, stamp) != stamp for name, stamp in now.items()):
        for name in now:
            del sys.modules[name]
        _import_stamps.clear()
    elif "derivations" in sys.modules:
        sys.modules["derivations"].names.cache_clear()  # a new module may have appeared


def _remember_imported_modules() -> None:
    for name, stamp in _tracked_modules().items():
        _import_stamps.setdefault(name, stamp)


_import_stamps: dict[str, int] = {}
