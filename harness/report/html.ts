// The report page: one HTML file with the header written out as HTML (readable with
// scripts off), the data as inline JSON, and the viewer's CSS and JavaScript inlined from
// harness/report/viewer/ at build time. Nothing is fetched when the page is viewed.

import { readFileSync } from 'node:fs';
import type { FailureSummaryEntry } from './summary.ts';
import type { ReportData } from './types.ts';
import { renderCoveragePlot, type GrowthCurve } from './coverage-plot.ts';

/** Violations listed in full in the header; the rest fold into a <details>. */
export const headerViolationsMax = 12;
/** Rows of the marked-operations list. */
export const markedOpsListedMax = 200;

let assets: { css: string; js: string } | undefined;

function viewerAssets(): { css: string; js: string } {
  assets ??= {
    css: readFileSync(new URL('./viewer/viewer.css', import.meta.url), 'utf8'),
    js: readFileSync(new URL('./viewer/viewer.js', import.meta.url), 'utf8'),
  };
  return assets;
}

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] as string);
}

/** JSON safe inside a <script> element: no "</script>", no "<!--", no U+2028/2029 surprises. */
export function scriptJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/** Inline code must not close its own <script>. */
function inlineScript(js: string): string {
  return js.replace(/<\/script/gi, '<\\/script');
}

function ms(t: number): string {
  return `${String(Math.round(t)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009')} ms`;
}

function headerHtml(data: ReportData): string {
  const m = data.meta;
  const e = escapeHtml;
  const verdict =
    m.verdict === 'violation'
      ? '<span class="verdict-violation">✗ violation</span>'
      : m.verdict === 'unfinished'
        ? '<span class="verdict-violation">✗ could not finish</span>'
        : '<span class="verdict-ok">✓ no violation</span>';
  const parts: string[] = [];
  parts.push(`<h1>${verdict} · ${e(m.impl)}${m.bug !== null ? ` <span class="muted">(bug: ${e(m.bug)})</span>` : ''} · seed ${m.seed}</h1>`);
  const facts = [
    m.describe !== null ? e(m.describe) : '',
    m.bugDescription !== null ? `<br><b>bug ${e(m.bug ?? '')}:</b> ${e(m.bugDescription)}` : '',
  ].join('');
  if (facts !== '') parts.push(`<p class="muted">${facts}</p>`);
  const replay =
    m.replayIdentical === null ? '' : m.replayIdentical ? ' · replay reproduced the recorded trace' : ' · <b class="mark-blocking">the replay took a different trace than the record</b> (the algorithm, a checker or the harness changed since)';
  parts.push(
    `<p>${m.nodeCount} nodes · ${m.opCount} client operations · ${ms(m.endMs)} of virtual time (faults until ${ms(m.faultPhaseEndMs)}, then healed) · trace <code>${e(m.traceHash)}</code>${replay}</p>`,
  );
  if (m.overflow !== null) parts.push(`<p class="mark-blocking" id="overflow">${e(m.overflow)}</p>`);
  if (m.liveness !== null) parts.push(`<p class="muted" id="liveness">${e(m.liveness)}</p>`);
  if (m.commands !== null) parts.push(`<p class="commands">replay: <code>${e(m.commands.replay)}</code> shrink: <code>${e(m.commands.shrink)}</code></p>`);
  if (data.violations.length > 0) {
    const item = (v: ReportData['violations'][number]): string =>
      `<li data-checker="${e(v.checker)}" data-time-ms="${v.timeMs}"><span class="checker">${e(v.checker)}</span>${e(v.message)} <a href="#" data-jump-ms="${v.timeMs}">t = ${ms(v.timeMs)}</a>${v.nodes.length > 0 ? ` · node${v.nodes.length > 1 ? 's' : ''} ${v.nodes.join(', ')}` : ''}</li>`;
    const shown = data.violations.slice(0, headerViolationsMax).map(item).join('');
    const rest = data.violations.slice(headerViolationsMax);
    parts.push(`<h2>${data.violations.length} violation${data.violations.length > 1 ? 's' : ''}</h2><ul id="violations">${shown}</ul>`);
    if (rest.length > 0) parts.push(`<details><summary>${rest.length} more</summary><ul id="violations-more">${rest.map(item).join('')}</ul></details>`);
  }
  const h = data.history;
  if (h !== null && h.failures.length > 0) {
    const byId = new Map(h.ops.map((o) => [o.id, o]));
    parts.push('<h2>linearizability</h2>');
    for (const f of h.failures) {
      parts.push(
        `<div class="lin-failure" data-key="${e(f.key ?? '')}"><p>${e(f.explanation)}</p><p class="muted">On the timeline: the longest linearizable prefix is outlined in green and numbered in linearization order (${f.prefix.length} operations, from state <code>${e(f.initialState)}</code>); the operations that could not be placed next are outlined in orange; the one whose response arrived while still impossible to place is outlined in red (✗).</p>`,
      );
      const marked = [...f.stuck.filter((id) => id !== f.blocking), ...(f.blocking !== null ? [f.blocking] : [])];
      const list = marked
        .map((id) => byId.get(id))
        .filter((o) => o !== undefined)
        .slice(0, markedOpsListedMax)
        .map(
          (o) =>
            `<li data-op-id="${o.id}" data-mark="${o.mark ?? ''}" class="mark-${o.mark ?? ''}">${o.mark === 'blocking' ? 'blocking' : 'stuck'}: p${o.process} ${e(o.f)}${o.key !== null ? ` ${e(o.key)}` : ''} ${e(o.input)}${o.output !== '' ? ` → ${e(o.output)}` : ''} <a href="#" data-jump-ms="${o.endMs ?? o.startMs}">t = ${ms(o.startMs)}${o.endMs !== null ? `..${ms(o.endMs)}` : '..∞'}</a></li>`,
        )
        .join('');
      parts.push(`<ol id="marked-ops">${list}</ol></div>`);
    }
  } else if (h !== null) {
    parts.push(`<p class="muted">client history: ${h.ops.length} operations, linearizability ${e(h.verdict.replace('_', ' '))}</p>`);
  }
  parts.push('<div class="grid"><div>');
  parts.push(`<h2>fault plan (${data.faults.length})</h2>`);
  if (data.faults.length === 0) parts.push('<p class="muted">no faults</p>');
  else {
    const rows = data.faults
      .map(
        (f) =>
          `<tr data-fault="${f.index}"${f.skipped ? ' class="muted"' : ''}><td class="num">${f.index}</td><td>${e(f.type)}</td><td>${e(f.target)}</td><td class="num">${ms(f.startMs)}</td><td class="num">${ms(f.endMs)}</td><td class="num">${ms(f.endMs - f.startMs)}</td><td>${f.skipped ? 'skipped' : ''}</td></tr>`,
      )
      .join('');
    parts.push(`<table class="plain" id="fault-plan"><thead><tr><th class="num">#</th><th>fault</th><th>target</th><th class="num">from</th><th class="num">to</th><th class="num">for</th><th></th></tr></thead><tbody>${rows}</tbody></table>`);
  }
  parts.push('</div>');
  if (data.notes.length > 0) parts.push(`<div><h2>left out</h2><ul class="muted">${data.notes.map((n) => `<li>${e(n)}</li>`).join('')}</ul></div>`);
  parts.push('</div>');
  return parts.join('\n');
}

function legendHtml(data: ReportData): string {
  const sw = (color: string, label: string, style = ''): string => `<span><span class="swatch" style="background:${color};${style}"></span>${label}</span>`;
  const history =
    data.history === null
      ? ''
      : [
          sw('#9fe0a3', 'ok'),
          sw('#f2b4b3', 'fail'),
          sw('#fff3a8', 'info (outcome unknown: drawn to the end)'),
          sw('#fff', 'linearizable prefix', 'border:2px solid #1e7d32'),
          sw('#fff', 'could not be placed', 'border:2px solid #e67e22'),
          sw('#fff', 'blocking', 'border:2px solid #c0392b'),
        ].join('');
  const nodes = [sw('#f0a04b', 'leader'), sw('#f4d03f', 'candidate'), sw('#f9e79f', 'pre-candidate'), sw('#aed6f1', 'follower'), sw('#2c3e50', 'crashed'), sw('rgba(142,68,173,0.45)', 'paused'), sw('rgba(192,57,43,0.3)', 'cut off (edges)')].join('');
  return `<div class="legend">${history}${nodes}<span class="muted">dashed red line: a violation</span></div>`;
}

export function renderReportHtml(data: ReportData): string {
  const { css, js } = viewerAssets();
  const title = `faultline · ${data.meta.impl}${data.meta.bug !== null ? ` (${data.meta.bug})` : ''} · seed ${data.meta.seed} · ${data.meta.verdict}`;
  const hasHistory = data.history !== null;
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="generator" content="faultline report">
<title>${escapeHtml(title)}</title>
<style>${css}</style>
</head>
<body>
<header id="summary">
${headerHtml(data)}
</header>
<noscript>The timeline, message diagram and plots need JavaScript; the summary above does not.</noscript>
<nav id="toolbar">
<button id="zoom-in" title="zoom in">+</button><button id="zoom-out" title="zoom out">-</button><button id="zoom-reset">whole run</button>
<button id="focus-violation"${data.violations.length === 0 ? ' disabled' : ''}>go to the violation</button>
<button id="messages-here" title="show the messages of the timeline's view">messages of this view</button>
${hasHistory ? '<select id="key-filter"><option value="">all keys</option></select>' : ''}
<span id="window-label" class="muted mono"></span>
<span class="muted">wheel: zoom · drag: pan · click: details</span>
</nav>
<section class="pane" id="timeline" data-history-lanes="${data.history?.processes.length ?? 0}" data-node-lanes="${data.nodes.length}" data-ops="${data.history?.ops.length ?? 0}" data-marked-ops="${data.history?.ops.filter((o) => o.mark !== null && o.mark !== 'prefix').length ?? 0}" data-prefix-ops="${data.history?.ops.filter((o) => o.mark === 'prefix').length ?? 0}" data-fault-windows="${data.faults.length}">
<h2>${hasHistory ? 'client history and nodes' : 'nodes'} <span class="muted">(time in virtual ms; the blue box is the message diagram's window)</span></h2>
${legendHtml(data)}
<canvas id="timeline-canvas"></canvas>
</section>
<section class="pane" id="message-diagram" data-messages="${data.messages.from.length}" data-messages-total="${data.messages.total}">
<h2>messages <span class="muted">(arrows: delivered · red ✗: dropped · dashed purple: a duplicate · ▼ request ▲ reply ● timer ■ apply ✗ crash)</span></h2>
<canvas id="message-canvas"></canvas>
<div id="message-status"></div>
</section>
${
  hasHistory
    ? `<section class="pane" id="plots" data-ops="${data.history?.ops.length ?? 0}">
<h2>latency <span class="muted">(per operation, by invoke time; info at the top; fault windows shaded)</span></h2>
<canvas id="latency-canvas"></canvas>
<h2>throughput <span class="muted">(completions per second: green ok, red fail, yellow info)</span></h2>
<canvas id="rate-canvas"></canvas>
</section>`
    : ''
}
<aside id="details" hidden><button class="close" id="details-close" title="close">×</button><h3 id="details-title"></h3><div id="details-body"></div></aside>
<script type="application/json" id="report-data">${scriptJson(data)}</script>
<script>${inlineScript(js)}</script>
</body>
</html>
`;
}

export function renderSummaryHtml(title: string, entries: readonly FailureSummaryEntry[], note?: { text: string; link?: { href: string; label: string } }, curves: readonly GrowthCurve[] = []): string {
  const e = escapeHtml;
  const plot = renderCoveragePlot(curves);
  const rows = entries
    .map(
      (x) =>
        `<tr><td>${x.report !== undefined ? `<a href="${e(x.report)}">${e(x.impl)}${x.bug !== undefined ? ` (${e(x.bug)})` : ''} · seed ${x.seed}</a>` : `${e(x.impl)} · seed ${x.seed}`}</td><td>${x.violations
          .slice(0, 3)
          .map((v) => `<span class="checker">${e(v.checker)}</span>${e(v.message.length > 200 ? `${v.message.slice(0, 200)}…` : v.message)}`)
          .join('<br>')}${x.violations.length > 3 ? `<br><span class="muted">and ${x.violations.length - 3} more</span>` : ''}</td><td><code>npx faultline replay ${e(x.record)}</code></td></tr>`,
    )
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${e(title)}</title><style>${viewerAssets().css}</style></head>
<body>
<header id="summary"><h1>${e(title)}</h1><p class="muted">${entries.length} failure${entries.length === 1 ? '' : 's'}; each links to its report.</p>${note ? `<p id="sweep">${e(note.text)}${note.link ? ` <a href="${e(note.link.href)}">${e(note.link.label)}</a>` : ''}</p>` : ''}</header>
<section class="pane"><table class="plain" id="failures"><thead><tr><th>run</th><th>violations</th><th>replay</th></tr></thead><tbody>
${rows}
</tbody></table></section>
${plot === '' ? '' : `<section class="pane" id="coverage"><h2>Coverage over the sweep</h2>${plot}</section>`}
</body>
</html>
`;
}
