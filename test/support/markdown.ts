// Reading a guide the way a reader does: its fenced code blocks, by language, so tests can
// run or compare what the docs show.

/** The fenced blocks of `lang` ('' for bare fences) in `markdown`, as text without the fences. */
export function fencedBlocks(markdown: string, lang: string): string[] {
  // Walk the lines: a regex would take a closing fence for an opening one.
  const found: string[] = [];
  let open: { lang: string; lines: string[] } | undefined;
  for (const line of markdown.split('\n')) {
    if (open === undefined) {
      const m = /^```(\w*)$/.exec(line);
      if (m) open = { lang: m[1] ?? '', lines: [] };
    } else if (line === '```') {
      if (open.lang === lang) found.push(`${open.lines.join('\n')}\n`);
      open = undefined;
    } else {
      open.lines.push(line);
    }
  }
  return found;
}
