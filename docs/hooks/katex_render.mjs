// Renders LaTeX to HTML with KaTeX for the nnref site build.
// Protocol: one JSON array of {tex, display} per input line; one JSON array of
// {html} or {error} per output line, in the same order. One process serves a build.
import { createInterface } from "node:readline";
import katex from "katex";

const lines = createInterface({ input: process.stdin, crlfDelay: Infinity });
for await (const line of lines) {
  if (!line.trim()) continue;
  const results = JSON.parse(line).map(({ tex, display }) => {
    try {
      return {
        html: katex.renderToString(tex, {
          displayMode: display,
          throwOnError: true,
          strict: "ignore",
          output: "htmlAndMathml",
        }),
      };
    } catch (error) {
      return { error: String(error.message ?? error) };
    }
  });
  process.stdout.write(JSON.stringify(results) + "\n");
}
