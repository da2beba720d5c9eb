// What a reader's browser shows on the current page, as plain data for the browser tests.
// Evaluated by Playwright as an async arrow function; returns a JSON-serialisable object.
// With { measureInk: false } it leaves out the slowest part, the ink of figures in both palettes.
async (options) => {
  const measureInk = !options || options.measureInk !== false;
  const short = (text, size = 100) => {
    const flat = (text || "").replace(/\s+/g, " ").trim();
    return flat.length > size ? flat.slice(0, size - 1) + "…" : flat;
  };
  const describe = (element) => {
    const id = element.id ? `#${element.id}` : "";
    const inFigure = element.closest("figure[id]");
    const where = inFigure && inFigure !== element ? ` in figure#${inFigure.id}` : "";
    const heading = nearestHeading(element);
    return `<${element.tagName.toLowerCase()}${id}>${where}${heading ? ` under "${heading}"` : ""}`;
  };
  const nearestHeading = (element) => {
    const headings = [...document.querySelectorAll("article h1, article h2, article h3, article h4")];
    let found = "";
    for (const heading of headings) {
      if (heading.compareDocumentPosition(element) & Node.DOCUMENT_POSITION_FOLLOWING) {
        found = short(heading.textContent.replace("¶", ""), 60);
      }
    }
    return found;
  };
  // Why an element takes no space although nothing is wrong with it.
  const hiddenBy = (element) => {
    if (element.closest("details:not([open])")) return "a closed <details>";
    if (element.closest(".tabbed-block") && !element.checkVisibility()) return "an inactive tab";
    return "";
  };

  // ---- maths --------------------------------------------------------------------------
  const katex = document.querySelectorAll(".katex").length;
  const unrendered = [...document.querySelectorAll(".arithmatex")].map((e) => short(e.textContent));
  const mathErrors = [...document.querySelectorAll(".katex-error, .nnref-math-error")].map(
    (e) => `${describe(e)}: ${short(e.getAttribute("title") || "")} ${short(e.textContent)}`,
  );
  // Text a reader sees, outside code and outside rendered maths.
  const prose = [];
  const skip = "pre, code, kbd, samp, script, style, textarea, .katex, .highlight";
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const parent = node.parentElement;
    if (!parent || parent.closest(skip) || !parent.checkVisibility()) continue;
    prose.push(node.nodeValue);
  }
  const text = prose.join(" ");
  const rawTex = [];
  // $$, \frac, \begin or any other TeX command, \( or \[ left as text.
  for (const match of text.matchAll(/\$\$|\\[A-Za-z]{2,}|\\[([]/g)) {
    rawTex.push(short(text.slice(Math.max(0, match.index - 40), match.index + 40), 90));
  }
  const rawTexSeen = [...new Set(rawTex)];

  // ---- figures and images --------------------------------------------------------------
  await Promise.all(
    [...document.images].map((image) => {
      image.loading = "eager";
      return image.decode().catch(() => null);
    }),
  );
  const label = (element) => {
    const labelledBy = (element.getAttribute("aria-labelledby") || "")
      .split(/\s+/)
      .filter(Boolean)
      .map((id) => document.getElementById(id)?.textContent || "")
      .join(" ");
    return short(
      (element.tagName === "IMG" ? element.getAttribute("alt") : "") ||
        element.getAttribute("aria-label") ||
        labelledBy,
      200,
    );
  };
  const graphics = [...document.querySelectorAll("figure, img, svg[role=img], figure svg:not(svg svg)")];
  const figures = [...new Set(graphics)].map((element) => {
    const box = element.getBoundingClientRect();
    const item = {
      what: describe(element),
      tag: element.tagName.toLowerCase(),
      inNnrefFigure: Boolean(element.closest(".nnref-figure")),
      width: box.width,
      height: box.height,
      hiddenBy: hiddenBy(element),
      label: label(element),
      role: element.getAttribute("role") || "",
    };
    if (element.tagName === "FIGURE") {
      // A figure is labelled by its own aria label or by the labelled graphic it holds.
      const inner = [...element.querySelectorAll("img, svg[role=img]")].map(label).find(Boolean);
      item.label = item.label || inner || "";
    }
    if (element.tagName === "IMG") {
      item.loaded = element.complete && element.naturalWidth > 0;
      item.source = short(element.getAttribute("src"), 80);
    }
    if (element.tagName.toLowerCase() === "svg") {
      item.marks = element.querySelectorAll("path, text, line, rect, circle, polyline, polygon, use").length;
    }
    return item;
  });

  // ---- links and anchors ----------------------------------------------------------------
  const links = [...document.querySelectorAll("a[href]")].map((a) => ({
    href: a.getAttribute("href"),
    url: a.href,
    text: short(a.textContent, 50),
  }));
  const withId = {};
  for (const element of document.querySelectorAll("[id]")) {
    (withId[element.id] = withId[element.id] || []).push(element);
  }
  // Inside inline SVGs, what an id is for is to be referenced (clip paths, markers): two
  // figures may repeat one harmlessly if it is never referenced or means the same thing.
  const referenced = new Set();
  for (const element of document.querySelectorAll("svg *")) {
    for (const attribute of element.attributes) {
      for (const match of attribute.value.matchAll(/url\(#([^)]+)\)|^#(.+)$/g)) {
        referenced.add(match[1] || match[2]);
      }
    }
  }
  const harmless = (id, elements) =>
    elements.every((element) => element.closest("svg")) &&
    (!referenced.has(id) || elements.every((element) => element.outerHTML === elements[0].outerHTML));
  const duplicateIds = Object.entries(withId)
    .filter(([id, elements]) => elements.length > 1 && !harmless(id, elements))
    .map(([id, elements]) => `${id} (${elements.length} times, first ${describe(elements[0])})`);

  // ---- figure ink against the page, in the light and the dark palette -------------------
  const parseColour = (value) => {
    const match = /rgba?\(([^)]+)\)/.exec(value || "");
    if (!match) return null;
    const parts = match[1].split(/[\s,/]+/).filter(Boolean).map(Number);
    return { rgb: parts.slice(0, 3), alpha: parts.length > 3 ? parts[3] : 1 };
  };
  const luminance = ([r, g, b]) => {
    const linear = (c) => {
      const s = c / 255;
      return s <= 0.03928 ? s / 12.92 : ((s + 0.055) / 1.055) ** 2.4;
    };
    return 0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b);
  };
  const contrast = (a, b) => {
    const [high, low] = [luminance(a), luminance(b)].sort((x, y) => y - x);
    return (high + 0.05) / (low + 0.05);
  };
  const background = (element) => {
    for (let node = element; node; node = node.parentElement) {
      const colour = parseColour(getComputedStyle(node).backgroundColor);
      if (colour && colour.alpha > 0.5) return colour.rgb;
    }
    return [255, 255, 255];
  };
  // Opacity of an element and all its ancestors, remembered: figures have thousands of marks.
  const opacities = new Map();
  const groupOpacity = (node) => {
    if (!node || node === document.documentElement) return 1;
    if (!opacities.has(node)) {
      opacities.set(node, Number(getComputedStyle(node).opacity || 1) * groupOpacity(node.parentElement));
    }
    return opacities.get(node);
  };
  const opacity = (element, own) => Number(own || 1) * groupOpacity(element);
  // Text is read against what is drawn under it: the page, a filled shape, or an image.
  // The browser's own hit testing finds it, clip paths included, once the figure is in view.
  const inkOf = (svg) => {
    const page = background(svg);
    const text = [];
    const marks = [];
    let overImages = 0;
    svg.scrollIntoView({ block: "center" });
    const under = (element) => {
      const box = element.getBoundingClientRect();
      for (const hit of document.elementsFromPoint(box.left + box.width / 2, box.top + box.height / 2)) {
        if (hit === svg || !svg.contains(hit) || hit.closest("text")) continue;
        if (hit.tagName.toLowerCase() === "image") return { rgb: null };
        const style = getComputedStyle(hit);
        const fill = parseColour(style.fill);
        if (fill && fill.alpha * opacity(hit, style.fillOpacity) >= 0.5) return { rgb: fill.rgb };
      }
      return { rgb: page };
    };
    for (const element of svg.querySelectorAll("text, path, line, polyline, polygon, circle, rect, use")) {
      // Definitions are drawn only where a <use> places them, in the <use>'s colours.
      if (element.closest("defs, clipPath, marker, mask, pattern, symbol")) continue;
      const style = getComputedStyle(element);
      if (style.display === "none" || style.visibility === "hidden") continue;
      if (element.tagName.toLowerCase() === "text") {
        const fill = parseColour(style.fill);
        if (!fill || fill.alpha * opacity(element, style.fillOpacity) < 0.5) continue;
        const behind = under(element);
        if (behind.rgb === null) {
          overImages += 1; // colours of a raster image are not known here
          continue;
        }
        text.push({
          ratio: contrast(fill.rgb, behind.rgb),
          colour: style.fill,
          against: `rgb(${behind.rgb.join(", ")})`,
          sample: short(element.textContent, 30),
        });
        continue;
      }
      const stroke = parseColour(style.stroke);
      if (stroke && parseFloat(style.strokeWidth) >= 0.5 && stroke.alpha * opacity(element, style.strokeOpacity) >= 0.5) {
        marks.push({ ratio: contrast(stroke.rgb, page), colour: style.stroke, sample: "stroke" });
      }
      const fill = parseColour(style.fill);
      if (fill && fill.alpha * opacity(element, style.fillOpacity) >= 0.5) {
        marks.push({ ratio: contrast(fill.rgb, page), colour: style.fill, sample: "fill" });
      }
    }
    const lowest = (items) => items.reduce((low, item) => (low && low.ratio <= item.ratio ? low : item), null);
    return {
      background: `rgb(${page.join(", ")})`,
      text: lowest(text),
      mark: lowest(marks),
      texts: text.length,
      overImages,
    };
  };
  const figureSvgs = [...document.querySelectorAll("figure svg:not(svg svg), svg[role=img]")].filter(
    (svg) => svg.checkVisibility(),
  );
  const inkIn = (scheme) => {
    opacities.clear();
    const body = document.body;
    const before = body.getAttribute("data-md-color-scheme");
    body.setAttribute("data-md-color-switching", ""); // as the palette toggle does: no transitions
    body.setAttribute("data-md-color-scheme", scheme);
    const ink = [...new Set(figureSvgs)].map((svg) => ({ what: describe(svg), ...inkOf(svg) }));
    if (before === null) body.removeAttribute("data-md-color-scheme");
    else body.setAttribute("data-md-color-scheme", before);
    body.removeAttribute("data-md-color-switching");
    return ink;
  };

  return {
    title: document.title,
    scheme: document.body.getAttribute("data-md-color-scheme"),
    katex,
    unrendered,
    mathErrors,
    rawTex: rawTexSeen,
    figures,
    links,
    duplicateIds,
    ink: measureInk ? { default: inkIn("default"), slate: inkIn("slate") } : {},
  };
}
