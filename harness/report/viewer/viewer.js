// faultline report viewer: draws the embedded report data (harness/report/types.ts) on
// canvases that share one virtual-time axis. Plain browser JavaScript, inlined into the
// report at build time; no libraries, no network. Only what is on screen is drawn, so a
// run of 10 000 operations pans and zooms smoothly.
(function () {
  'use strict';

  var data = JSON.parse(document.getElementById('report-data').textContent);
  var meta = data.meta;
  var GUTTER = 116;
  var RIGHT = 14;
  var AXIS_H = 22;
  var FAULT_H = 11;
  var NODE_H = 22;
  var MSG_DRAW_MAX = 4000;
  var EVENT_DRAW_MAX = 6000;
  var SPAN_MIN_MS = 2;

  var palette = {
    ok: '#9fe0a3', okEdge: '#3f9f47', fail: '#f2b4b3', failEdge: '#c0392b', info: '#fff3a8', infoEdge: '#b7950b',
    pending: '#d5dbdb', prefix: '#1e7d32', stuck: '#e67e22', blocking: '#c0392b', grid: '#eef1f4', axis: '#5d6b78',
    window: 'rgba(52, 152, 219, 0.13)', windowEdge: 'rgba(41, 128, 185, 0.8)', violation: '#c0392b',
  };
  var roleColors = {
    leader: '#f0a04b', candidate: '#f4d03f', 'pre-candidate': '#f9e79f', follower: '#aed6f1', crashed: '#2c3e50',
    coordinator: '#f0a04b', worker: '#aed6f1', primary: '#f0a04b', '': '#dfe6e9',
  };
  var extraRoleColors = ['#a3e4d7', '#d7bde2', '#f5cba7', '#abebc6', '#fad7a0', '#d6eaf8'];
  var faultColors = {
    crash: '#2c3e50', pause: '#8e44ad', partition: '#c0392b', isolate: '#c0392b', ring: '#c0392b', bridge: '#c0392b',
    one_way: '#e74c3c', network: '#d35400', clock_drift: '#16a085', disk_no_sync: '#7f8c8d',
  };
  var bandStyles = {
    crashed: 'rgba(44, 62, 80, 0.85)', paused: 'rgba(142, 68, 173, 0.45)', disconnected: 'rgba(192, 57, 43, 0.30)', cut: 'rgba(192, 57, 43, 0.22)',
  };
  var eventGlyphs = {
    timer: '#95a5a6', request: '#2980b9', reply: '#27ae60', client_drop: '#c0392b', crash: '#000', restart: '#000', pause: '#8e44ad', resume: '#8e44ad',
    disconnect: '#c0392b', connect: '#27ae60', apply: '#16a085', snapshot: '#16a085', log: '#7f8c8d', drift: '#16a085',
  };

  // ------------------------------------------------------------------ helpers

  function $(id) { return document.getElementById(id); }
  function clamp(x, lo, hi) { return Math.max(lo, Math.min(hi, x)); }
  function lowerBound(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] < x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function upperBound(arr, x) {
    var lo = 0, hi = arr.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (arr[mid] <= x) lo = mid + 1; else hi = mid; }
    return lo;
  }
  function fmtMs(t) {
    return String(Math.round(t)).replace(/\B(?=(\d{3})+(?!\d))/g, '\u2009') + ' ms';
  }
  function niceStep(span, target) {
    var raw = span / target;
    var p = Math.pow(10, Math.floor(Math.log10(Math.max(raw, 1e-9))));
    var steps = [1, 2, 5, 10];
    for (var i = 0; i < steps.length; i++) if (steps[i] * p >= raw) return Math.max(1, steps[i] * p);
    return Math.max(1, 10 * p);
  }
  function tickLabel(t, step) {
    if (step >= 1000) return (t / 1000).toFixed(step >= 10000 ? 0 : step >= 1000 ? (step % 1000 === 0 ? 0 : 1) : 2) + ' s';
    return String(t);
  }
  function roleColor(role) {
    if (Object.prototype.hasOwnProperty.call(roleColors, role)) return roleColors[role];
    var h = 0;
    for (var i = 0; i < role.length; i++) h = (h * 31 + role.charCodeAt(i)) | 0;
    return extraRoleColors[Math.abs(h) % extraRoleColors.length];
  }
  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) { return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]; });
  }
  function prettyJson(text) {
    if (text === null || text === undefined) return '(not kept: past the snapshot cap)';
    try { return JSON.stringify(JSON.parse(text), null, 1); } catch (e) { return text; }
  }

  // ------------------------------------------------------------------ state

  var endMs = Math.max(1, meta.endMs);
  var view = { t0: 0, t1: endMs };
  var win = { t0: 0, t1: endMs };
  var keyFilter = '';
  var ops = data.history ? data.history.ops : [];
  var opStart = ops.map(function (o) { return o.startMs; });
  var processes = data.history ? data.history.processes : [];
  var laneOfProcess = {};
  processes.forEach(function (p, i) { laneOfProcess[p] = i; });
  var maxOpSpan = 0;
  ops.forEach(function (o) { if (o.endMs !== null) maxOpSpan = Math.max(maxOpSpan, o.endMs - o.startMs); });
  var msgs = data.messages;
  var maxMsgSpan = 0;
  for (var mi = 0; mi < msgs.sendMs.length; mi++) if (msgs.endMs[mi] >= 0) maxMsgSpan = Math.max(maxMsgSpan, msgs.endMs[mi] - msgs.sendMs[mi]);
  var evs = data.events;
  var violationTimes = [];
  data.violations.forEach(function (v) { if (violationTimes.indexOf(v.timeMs) < 0 && violationTimes.length < 64) violationTimes.push(v.timeMs); });
  var faults = data.faults.filter(function (f) { return !f.skipped; });

  // Fault windows stacked into tracks so overlapping windows stay visible.
  var faultTrack = [];
  var trackEnds = [];
  faults.forEach(function (f, i) {
    var t = 0;
    while (t < trackEnds.length && trackEnds[t] > f.startMs) t++;
    if (t === trackEnds.length) trackEnds.push(0);
    trackEnds[t] = Math.max(f.endMs, f.startMs + 1);
    faultTrack[i] = t;
  });
  var faultTracks = Math.max(1, Math.min(6, trackEnds.length));

  var laneH = processes.length === 0 ? 0 : processes.length <= 24 ? 16 : Math.max(3, Math.floor(384 / processes.length));
  var layout = {};
  (function () {
    var y = AXIS_H;
    layout.faultY = y + 2; y += faultTracks * FAULT_H + 6;
    layout.historyY = y; y += processes.length * laneH + (processes.length ? 8 : 0);
    layout.nodeY = y; y += data.nodes.length * NODE_H + 6;
    layout.timelineH = y;
  })();
  var msgRowH = clamp(Math.floor(320 / Math.max(1, data.nodes.length)), 26, 56);
  var msgH = AXIS_H + data.nodes.length * msgRowH + 12;

  var canvases = {
    timeline: $('timeline-canvas'), messages: $('message-canvas'), latency: $('latency-canvas'), rate: $('rate-canvas'),
  };
  var heights = { timeline: layout.timelineH, messages: msgH, latency: 170, rate: 150 };
  var ctxs = {};
  var widths = {};
  var hits = { timeline: [], messages: [] };

  function sizeCanvases() {
    var dpr = window.devicePixelRatio || 1;
    Object.keys(canvases).forEach(function (k) {
      var c = canvases[k];
      if (!c) return;
      var w = c.clientWidth || c.parentNode.clientWidth || 800;
      c.style.height = heights[k] + 'px';
      c.width = Math.round(w * dpr);
      c.height = Math.round(heights[k] * dpr);
      var ctx = c.getContext('2d');
      ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
      ctxs[k] = ctx;
      widths[k] = w;
    });
  }

  function xOf(t, v, w) { return GUTTER + ((t - v.t0) / (v.t1 - v.t0)) * (w - GUTTER - RIGHT); }
  function tOf(x, v, w) { return v.t0 + ((x - GUTTER) / (w - GUTTER - RIGHT)) * (v.t1 - v.t0); }

  // ------------------------------------------------------------------ drawing

  function drawAxis(ctx, v, w, h, top) {
    var span = v.t1 - v.t0;
    var step = niceStep(span, Math.max(3, Math.floor((w - GUTTER) / 90)));
    ctx.font = '11px system-ui, sans-serif';
    ctx.textBaseline = 'middle';
    ctx.textAlign = 'center';
    for (var t = Math.ceil(v.t0 / step) * step; t <= v.t1; t += step) {
      var x = xOf(t, v, w);
      ctx.strokeStyle = palette.grid;
      ctx.beginPath(); ctx.moveTo(x + 0.5, top + AXIS_H - 4); ctx.lineTo(x + 0.5, h); ctx.stroke();
      ctx.fillStyle = palette.axis;
      ctx.fillText(tickLabel(t, step), x, top + AXIS_H / 2);
    }
    ctx.strokeStyle = '#c5ccd3';
    ctx.beginPath(); ctx.moveTo(GUTTER, top + AXIS_H - 0.5); ctx.lineTo(w - RIGHT, top + AXIS_H - 0.5); ctx.stroke();
  }

  function clipPlot(ctx, w, h) {
    ctx.save();
    ctx.beginPath(); ctx.rect(GUTTER, 0, w - GUTTER - RIGHT, h); ctx.clip();
  }

  function drawViolationLines(ctx, v, w, top, bottom) {
    ctx.strokeStyle = palette.violation;
    ctx.setLineDash([4, 3]);
    violationTimes.forEach(function (t) {
      if (t < v.t0 || t > v.t1) return;
      var x = Math.round(xOf(t, v, w)) + 0.5;
      ctx.beginPath(); ctx.moveTo(x, top); ctx.lineTo(x, bottom); ctx.stroke();
    });
    ctx.setLineDash([]);
  }

  function drawFaultShading(ctx, v, w, top, bottom) {
    faults.forEach(function (f) {
      if (f.endMs < v.t0 || f.startMs > v.t1) return;
      var x0 = xOf(f.startMs, v, w), x1 = Math.max(x0 + 1, xOf(f.endMs, v, w));
      ctx.fillStyle = faultColors[f.type] || '#999';
      ctx.globalAlpha = 0.09;
      ctx.fillRect(x0, top, x1 - x0, bottom - top);
      ctx.globalAlpha = 1;
    });
  }

  function opVisible(o) { return keyFilter === '' || o.key === keyFilter; }

  function drawTimeline() {
    var ctx = ctxs.timeline, w = widths.timeline, h = heights.timeline, v = view;
    var list = [];
    hits.timeline = list;
    ctx.clearRect(0, 0, w, h);
    drawAxis(ctx, v, w, h, 0);
    // Gutter labels.
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle'; ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = palette.axis;
    ctx.fillText('faults', GUTTER - 8, layout.faultY + (faultTracks * FAULT_H) / 2);
    if (laneH >= 9) processes.forEach(function (p, i) { ctx.fillText('client p' + p, GUTTER - 8, layout.historyY + i * laneH + laneH / 2); });
    else if (processes.length) ctx.fillText(processes.length + ' clients', GUTTER - 8, layout.historyY + (processes.length * laneH) / 2);
    data.nodes.forEach(function (n, i) { ctx.fillText('node ' + n.id, GUTTER - 8, layout.nodeY + i * NODE_H + NODE_H / 2); });

    clipPlot(ctx, w, h);
    // Message window (what the message diagram below shows).
    if (win.t1 > v.t0 && win.t0 < v.t1 && (win.t0 > 0 || win.t1 < endMs)) {
      var wx0 = xOf(win.t0, v, w), wx1 = xOf(win.t1, v, w);
      ctx.fillStyle = palette.window; ctx.fillRect(wx0, AXIS_H, Math.max(2, wx1 - wx0), h - AXIS_H);
      ctx.strokeStyle = palette.windowEdge; ctx.strokeRect(wx0 + 0.5, AXIS_H + 0.5, Math.max(2, wx1 - wx0), h - AXIS_H - 1);
    }
    // Fault windows.
    ctx.font = '10px system-ui, sans-serif'; ctx.textAlign = 'left';
    faults.forEach(function (f, i) {
      if (f.endMs < v.t0 || f.startMs > v.t1) return;
      var tr = Math.min(faultTrack[i], faultTracks - 1);
      var y = layout.faultY + tr * FAULT_H;
      var x0 = xOf(f.startMs, v, w), x1 = Math.max(x0 + 2, xOf(f.endMs, v, w));
      ctx.fillStyle = faultColors[f.type] || '#999';
      ctx.globalAlpha = 0.75; ctx.fillRect(x0, y, x1 - x0, FAULT_H - 2); ctx.globalAlpha = 1;
      if (x1 - x0 > 40) { ctx.fillStyle = '#fff'; ctx.fillText(f.type + ' ' + f.target, Math.max(x0, GUTTER) + 3, y + FAULT_H / 2 - 1); }
      list.push({ kind: 'fault', index: data.faults.indexOf(f), x0: x0, x1: x1, y0: y, y1: y + FAULT_H });
    });
    // History bars: one lane per client process, info bars to the end of the run.
    var drawn = 0;
    if (ops.length) {
      var first = lowerBound(opStart, v.t0 - maxOpSpan - 1);
      var last = upperBound(opStart, v.t1);
      var infoStart = 0;
      // Info and pending bars never end: any earlier one may reach into view.
      for (var k = 0; k < ops.length; k++) {
        var o = k < first ? (ops[k].status === 'info' || ops[k].status === 'pending' ? ops[k] : null) : k < last ? ops[k] : null;
        if (k === last) break;
        if (o === null) continue;
        var lane = laneOfProcess[o.process];
        var y0 = layout.historyY + lane * laneH + 1;
        var bh = Math.max(1, laneH - 2);
        var open = o.status === 'info' || o.status === 'pending';
        var tEnd = open ? endMs : o.endMs;
        if (tEnd < v.t0) continue;
        var x0 = xOf(o.startMs, v, w), x1 = Math.max(x0 + 1.5, xOf(tEnd, v, w));
        var dim = !opVisible(o);
        ctx.globalAlpha = dim ? 0.15 : 1;
        ctx.fillStyle = o.status === 'ok' ? palette.ok : o.status === 'fail' ? palette.fail : o.status === 'info' ? palette.info : palette.pending;
        ctx.fillRect(x0, y0, x1 - x0, bh);
        if (open && o.endMs !== null) {
          var xi = xOf(o.endMs, v, w);
          ctx.fillStyle = palette.infoEdge; ctx.fillRect(xi, y0, 1, bh);
        }
        if (o.mark !== null && !dim) {
          ctx.lineWidth = o.mark === 'prefix' ? 1.5 : 2.5;
          ctx.strokeStyle = palette[o.mark];
          ctx.strokeRect(x0 + 0.75, y0 + 0.75, Math.max(1, x1 - x0 - 1.5), Math.max(1, bh - 1.5));
          ctx.lineWidth = 1;
        }
        if (x1 - x0 > 26 && laneH >= 12) {
          ctx.fillStyle = '#1d2329'; ctx.font = '10px system-ui, sans-serif'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
          var label = (o.order !== null ? '#' + o.order + ' ' : o.mark === 'blocking' ? '\u2717 ' : '') + o.f + (o.key !== null ? ' ' + o.key : '') + (o.input ? ' ' + o.input : '') + (o.output ? ' \u2192 ' + o.output : '');
          ctx.save(); ctx.beginPath(); ctx.rect(x0, y0, x1 - x0, bh); ctx.clip();
          ctx.fillText(label, Math.max(x0, GUTTER) + 3, y0 + bh / 2);
          ctx.restore();
        }
        ctx.globalAlpha = 1;
        list.push({ kind: 'op', index: k, x0: x0, x1: x1, y0: y0, y1: y0 + bh });
        drawn++;
      }
    }
    // Node lanes: role and epoch segments, then crash / pause / cut bands over them.
    data.nodes.forEach(function (n, i) {
      var y = layout.nodeY + i * NODE_H + 1, nh = NODE_H - 3;
      n.segments.forEach(function (s) {
        if (s.endMs < v.t0 || s.startMs > v.t1) return;
        var x0 = xOf(s.startMs, v, w), x1 = Math.max(x0 + 1, xOf(s.endMs, v, w));
        ctx.fillStyle = roleColor(s.role);
        ctx.fillRect(x0, y, x1 - x0, nh);
        if (x1 - x0 > 34) {
          ctx.fillStyle = s.role === 'crashed' ? '#fff' : '#1d2329'; ctx.font = '10px system-ui, sans-serif'; ctx.textAlign = 'left'; ctx.textBaseline = 'middle';
          ctx.fillText((s.role || 'state') + (s.epoch ? ' ' + s.epoch : ''), Math.max(x0, GUTTER) + 3, y + nh / 2);
        }
      });
      n.bands.forEach(function (b) {
        if (b.endMs < v.t0 || b.startMs > v.t1) return;
        var x0 = xOf(b.startMs, v, w), x1 = Math.max(x0 + 2, xOf(b.endMs, v, w));
        ctx.fillStyle = bandStyles[b.kind] || 'rgba(0,0,0,0.2)';
        if (b.kind === 'crashed') ctx.fillRect(x0, y, x1 - x0, nh);
        else if (b.kind === 'paused') ctx.fillRect(x0, y + nh / 2, x1 - x0, nh / 2);
        else { ctx.fillRect(x0, y, x1 - x0, 4); ctx.fillRect(x0, y + nh - 4, x1 - x0, 4); }
        list.push({ kind: 'band', node: i, band: b, x0: x0, x1: x1, y0: y, y1: y + nh });
      });
      list.push({ kind: 'node', node: i, x0: GUTTER, x1: w - RIGHT, y0: y, y1: y + nh });
    });
    drawViolationLines(ctx, v, w, AXIS_H, h);
    ctx.restore();
    canvases.timeline.dataset.opsDrawn = String(drawn);
  }

  function msgY(node) { return AXIS_H + node * msgRowH + msgRowH / 2; }

  function drawMessages() {
    var ctx = ctxs.messages, w = widths.messages, h = heights.messages, v = win;
    var list = [];
    hits.messages = list;
    ctx.clearRect(0, 0, w, h);
    drawAxis(ctx, v, w, h, 0);
    ctx.textAlign = 'right'; ctx.textBaseline = 'middle'; ctx.font = '11px system-ui, sans-serif'; ctx.fillStyle = palette.axis;
    data.nodes.forEach(function (n, i) { ctx.fillText('node ' + n.id, GUTTER - 8, msgY(i)); });
    clipPlot(ctx, w, h);
    drawFaultShading(ctx, v, w, AXIS_H, h);
    // Node lines, broken where the node is crashed, thin where paused.
    data.nodes.forEach(function (n, i) {
      var y = Math.round(msgY(i)) + 0.5;
      ctx.strokeStyle = '#b8c2cc'; ctx.lineWidth = 1;
      ctx.beginPath(); ctx.moveTo(GUTTER, y); ctx.lineTo(w - RIGHT, y); ctx.stroke();
      n.bands.forEach(function (b) {
        if (b.endMs < v.t0 || b.startMs > v.t1) return;
        var x0 = xOf(b.startMs, v, w), x1 = Math.max(x0 + 2, xOf(b.endMs, v, w));
        ctx.fillStyle = bandStyles[b.kind];
        ctx.fillRect(x0, y - (b.kind === 'crashed' ? 4 : 2), x1 - x0, b.kind === 'crashed' ? 8 : 4);
      });
    });
    // Messages in the window, oldest first.
    var lo = lowerBound(msgs.sendMs, v.t0 - maxMsgSpan - 1);
    var hi = upperBound(msgs.sendMs, v.t1);
    var inView = [];
    for (var i = lo; i < hi; i++) {
      var end = msgs.endMs[i] < 0 ? endMs : msgs.endMs[i];
      if (end < v.t0) continue;
      inView.push(i);
    }
    var status = $('message-status');
    var ev0 = lowerBound(evs.timeMs, v.t0), ev1 = upperBound(evs.timeMs, v.t1);
    canvases.messages.dataset.messagesInView = String(inView.length);
    if (inView.length > MSG_DRAW_MAX) {
      // Too many to tell apart: a density strip per sender instead, and a prompt to zoom.
      var bins = Math.max(10, Math.floor((w - GUTTER - RIGHT) / 3));
      var counts = data.nodes.map(function () { return new Array(bins).fill(0); });
      var maxC = 1;
      inView.forEach(function (i) {
        var b = clamp(Math.floor(((msgs.sendMs[i] - v.t0) / (v.t1 - v.t0)) * bins), 0, bins - 1);
        var c = ++counts[msgs.from[i]][b];
        if (c > maxC) maxC = c;
      });
      counts.forEach(function (row, n) {
        row.forEach(function (c, b) {
          if (!c) return;
          ctx.fillStyle = 'rgba(41, 128, 185,' + (0.15 + (0.85 * c) / maxC).toFixed(3) + ')';
          ctx.fillRect(GUTTER + (b * (w - GUTTER - RIGHT)) / bins, msgY(n) - msgRowH / 3, (w - GUTTER - RIGHT) / bins + 0.5, (2 * msgRowH) / 3);
        });
      });
      canvases.messages.dataset.messagesDrawn = '0';
      status.textContent = inView.length + ' messages in this window: zoom in (wheel) to at most ' + MSG_DRAW_MAX + ' to see each one.';
    } else {
      inView.forEach(function (i) {
        var from = msgs.from[i], to = msgs.to[i];
        var x0 = xOf(msgs.sendMs[i], v, w), y0 = msgY(from);
        var fate = msgs.fate[i];
        var x1, y1;
        if (fate === 'dropped' && msgs.endMs[i] === msgs.sendMs[i]) {
          // Lost on the way out (partition, loss): a stub toward the receiver, ending in a cross.
          x1 = x0 + 8; y1 = y0 + (msgY(to) - y0) * 0.35;
        } else {
          x1 = xOf(msgs.endMs[i] < 0 ? endMs : msgs.endMs[i], v, w); y1 = fate === 'dropped' ? y0 + (msgY(to) - y0) * 0.85 : msgY(to);
        }
        var dup = msgs.copyOf[i] >= 0;
        ctx.strokeStyle = fate === 'dropped' ? '#c0392b' : dup ? '#8e44ad' : fate === 'in_flight' ? '#bdc3c7' : 'rgba(52, 73, 94, 0.75)';
        ctx.lineWidth = 1;
        if (dup) ctx.setLineDash([4, 2]);
        ctx.beginPath(); ctx.moveTo(x0, y0); ctx.lineTo(x1, y1); ctx.stroke();
        ctx.setLineDash([]);
        if (fate === 'dropped') {
          ctx.beginPath(); ctx.moveTo(x1 - 3, y1 - 3); ctx.lineTo(x1 + 3, y1 + 3); ctx.moveTo(x1 + 3, y1 - 3); ctx.lineTo(x1 - 3, y1 + 3); ctx.stroke();
        } else if (fate === 'delivered') {
          var ang = Math.atan2(y1 - y0, x1 - x0);
          ctx.fillStyle = ctx.strokeStyle;
          ctx.beginPath(); ctx.moveTo(x1, y1);
          ctx.lineTo(x1 - 6 * Math.cos(ang - 0.4), y1 - 6 * Math.sin(ang - 0.4));
          ctx.lineTo(x1 - 6 * Math.cos(ang + 0.4), y1 - 6 * Math.sin(ang + 0.4));
          ctx.closePath(); ctx.fill();
        }
        list.push({ kind: 'message', index: i, ax: x0, ay: y0, bx: x1, by: y1 });
      });
      canvases.messages.dataset.messagesDrawn = String(inView.length);
      // Node-local events as glyphs on the node lines.
      if (ev1 - ev0 <= EVENT_DRAW_MAX) {
        for (var e = ev0; e < ev1; e++) {
          var kind = evs.kind[e];
          var ex = xOf(evs.timeMs[e], v, w), ey = msgY(evs.node[e]);
          ctx.fillStyle = eventGlyphs[kind] || '#555';
          ctx.strokeStyle = eventGlyphs[kind] || '#555';
          if (kind === 'crash') { ctx.lineWidth = 2; ctx.beginPath(); ctx.moveTo(ex - 5, ey - 5); ctx.lineTo(ex + 5, ey + 5); ctx.moveTo(ex + 5, ey - 5); ctx.lineTo(ex - 5, ey + 5); ctx.stroke(); ctx.lineWidth = 1; }
          else if (kind === 'restart' || kind === 'pause' || kind === 'resume' || kind === 'connect' || kind === 'disconnect') ctx.fillRect(ex - 1, ey - 7, 3, 14);
          else if (kind === 'request') { ctx.beginPath(); ctx.moveTo(ex, ey - 2); ctx.lineTo(ex - 4, ey - 9); ctx.lineTo(ex + 4, ey - 9); ctx.closePath(); ctx.fill(); }
          else if (kind === 'reply') { ctx.beginPath(); ctx.moveTo(ex, ey - 9); ctx.lineTo(ex - 4, ey - 2); ctx.lineTo(ex + 4, ey - 2); ctx.closePath(); ctx.fill(); }
          else if (kind === 'apply' || kind === 'snapshot') ctx.fillRect(ex - 2, ey + 3, 4, 4);
          else { ctx.beginPath(); ctx.arc(ex, ey, 2.2, 0, 2 * Math.PI); ctx.fill(); }
          list.push({ kind: 'event', index: e, ax: ex, ay: ey, bx: ex, by: ey });
        }
      }
      status.textContent = inView.length + ' messages, ' + (ev1 - ev0) + ' node events between ' + fmtMs(v.t0) + ' and ' + fmtMs(v.t1) + '. Click an arrow or a mark for its details.';
    }
    drawViolationLines(ctx, v, w, AXIS_H, h);
    ctx.restore();
  }

  function drawPlotFrame(ctx, w, h, yMax, yLabel, logScale) {
    ctx.clearRect(0, 0, w, h);
    drawAxis(ctx, view, w, h - 4, 0);
    ctx.fillStyle = palette.axis; ctx.font = '11px system-ui, sans-serif'; ctx.textAlign = 'right'; ctx.textBaseline = 'middle';
    ctx.save(); ctx.translate(14, (h + AXIS_H) / 2); ctx.rotate(-Math.PI / 2); ctx.textAlign = 'center'; ctx.fillText(yLabel, 0, 0); ctx.restore();
    var ticks = logScale ? [1, 10, 100, 1000, 10000, 100000].filter(function (t) { return t <= yMax * 1.01; }) : [0, yMax / 2, yMax];
    ticks.forEach(function (t) {
      var y = plotY(t, yMax, h, logScale);
      ctx.fillText(logScale ? (t >= 1000 ? t / 1000 + ' s' : t + ' ms') : String(Math.round(t * 10) / 10), GUTTER - 6, y);
      ctx.strokeStyle = palette.grid; ctx.beginPath(); ctx.moveTo(GUTTER, Math.round(y) + 0.5); ctx.lineTo(w - RIGHT, Math.round(y) + 0.5); ctx.stroke();
    });
  }
  function plotY(value, yMax, h, logScale) {
    var top = AXIS_H + 6, bottom = h - 8;
    var f = logScale ? Math.log10(Math.max(1, value)) / Math.log10(Math.max(10, yMax)) : value / Math.max(1e-9, yMax);
    return bottom - clamp(f, 0, 1) * (bottom - top);
  }

  function drawLatency() {
    var ctx = ctxs.latency, w = widths.latency, h = heights.latency;
    var maxLat = 10;
    ops.forEach(function (o) { if (o.endMs !== null) maxLat = Math.max(maxLat, o.endMs - o.startMs); });
    drawPlotFrame(ctx, w, h, maxLat, 'latency', true);
    clipPlot(ctx, w, h);
    drawFaultShading(ctx, view, w, AXIS_H, h);
    var lo = lowerBound(opStart, view.t0), hi = upperBound(opStart, view.t1), n = 0;
    for (var i = lo; i < hi; i++) {
      var o = ops[i];
      if (!opVisible(o)) continue;
      var x = xOf(o.startMs, view, w);
      var y = o.status === 'info' || o.status === 'pending' ? AXIS_H + 4 : plotY(o.endMs - o.startMs, maxLat, h, true);
      ctx.fillStyle = o.status === 'ok' ? palette.okEdge : o.status === 'fail' ? palette.failEdge : palette.infoEdge;
      ctx.fillRect(x - 1.5, y - 1.5, 3, 3);
      n++;
    }
    drawViolationLines(ctx, view, w, AXIS_H, h);
    ctx.restore();
    canvases.latency.dataset.points = String(n);
  }

  function drawRate() {
    var ctx = ctxs.rate, w = widths.rate, h = heights.rate;
    var span = view.t1 - view.t0;
    var bucket = niceStep(span, 80);
    var b0 = Math.floor(view.t0 / bucket), nb = Math.ceil(view.t1 / bucket) - b0 + 1;
    var series = { ok: new Array(nb).fill(0), fail: new Array(nb).fill(0), info: new Array(nb).fill(0) };
    var maxC = 0;
    var lo = lowerBound(opStart, view.t0 - maxOpSpan - 1);
    for (var i = lo; i < ops.length; i++) {
      var o = ops[i];
      if (o.startMs > view.t1) break;
      if (o.endMs === null || !opVisible(o) || o.endMs < view.t0 || o.endMs > view.t1) continue;
      var b = Math.floor(o.endMs / bucket) - b0;
      if (b < 0 || b >= nb) continue;
      var s = series[o.status];
      if (!s) continue;
      s[b]++;
    }
    ['ok', 'fail', 'info'].forEach(function (k) { series[k].forEach(function (c) { maxC = Math.max(maxC, c); }); });
    var perSec = 1000 / bucket;
    drawPlotFrame(ctx, w, h, Math.max(1, maxC * perSec), 'ops/s', false);
    clipPlot(ctx, w, h);
    drawFaultShading(ctx, view, w, AXIS_H, h);
    var buckets = 0;
    [['ok', palette.okEdge], ['fail', palette.failEdge], ['info', palette.infoEdge]].forEach(function (pair) {
      var s = series[pair[0]];
      ctx.strokeStyle = pair[1]; ctx.lineWidth = 1.5; ctx.beginPath();
      for (var b = 0; b < nb; b++) {
        var x0 = xOf((b0 + b) * bucket, view, w), x1 = xOf((b0 + b + 1) * bucket, view, w);
        var y = plotY(s[b] * perSec, Math.max(1, maxC * perSec), h, false);
        if (b === 0) ctx.moveTo(x0, y); else ctx.lineTo(x0, y);
        ctx.lineTo(x1, y);
      }
      ctx.stroke(); ctx.lineWidth = 1;
      buckets = nb;
    });
    drawViolationLines(ctx, view, w, AXIS_H, h);
    ctx.restore();
    canvases.rate.dataset.buckets = String(buckets);
    canvases.rate.dataset.bucketMs = String(bucket);
  }

  var frame = 0;
  function redraw() {
    if (frame) return;
    frame = requestAnimationFrame(function () {
      frame = 0;
      drawNow();
    });
  }
  function drawNow() {
    drawTimeline();
    drawMessages();
    if (ops.length && ctxs.latency) { drawLatency(); drawRate(); }
    $('window-label').textContent = fmtMs(view.t0) + ' \u2013 ' + fmtMs(view.t1) + '  \u00b7  messages ' + fmtMs(win.t0) + ' \u2013 ' + fmtMs(win.t1);
  }

  // ------------------------------------------------------------------ zoom and pan

  function setRange(r, t0, t1) {
    var span = Math.max(SPAN_MIN_MS, t1 - t0);
    span = Math.min(span, endMs * 1.2 + 10);
    var lo = -endMs * 0.1, hi = endMs * 1.1 + 5;
    t0 = clamp(t0, lo, hi - span);
    r.t0 = t0; r.t1 = t0 + span;
    redraw();
  }
  function zoom(r, factor, atT) {
    var t = atT === undefined ? (r.t0 + r.t1) / 2 : atT;
    setRange(r, t - (t - r.t0) * factor, t + (r.t1 - t) * factor);
  }

  function attachZoomPan(canvas, range, onClick) {
    var drag = null;
    canvas.addEventListener('wheel', function (e) {
      e.preventDefault();
      var rect = canvas.getBoundingClientRect();
      var x = e.clientX - rect.left;
      var w = rect.width;
      var t = x < GUTTER ? undefined : tOf(x, range(), w);
      var dy = e.deltaMode === 1 ? e.deltaY * 16 : e.deltaY;
      if (e.shiftKey || Math.abs(e.deltaX) > Math.abs(dy)) {
        var r = range(); var d = (e.shiftKey ? dy : e.deltaX) / (w - GUTTER) * (r.t1 - r.t0);
        setRange(r, r.t0 + d, r.t1 + d);
      } else {
        zoom(range(), Math.pow(1.0015, dy), t);
      }
    }, { passive: false });
    canvas.addEventListener('mousedown', function (e) {
      if (e.button !== 0) return;
      var r = range();
      drag = { x: e.clientX, y: e.clientY, t0: r.t0, t1: r.t1, moved: false };
      canvas.classList.add('dragging');
    });
    window.addEventListener('mousemove', function (e) {
      if (!drag) return;
      var dx = e.clientX - drag.x;
      if (Math.abs(dx) > 3 || Math.abs(e.clientY - drag.y) > 3) drag.moved = true;
      if (!drag.moved) return;
      var w = canvas.getBoundingClientRect().width;
      var dt = (dx / (w - GUTTER - RIGHT)) * (drag.t1 - drag.t0);
      setRange(range(), drag.t0 - dt, drag.t1 - dt);
    });
    window.addEventListener('mouseup', function (e) {
      if (!drag) return;
      var wasClick = !drag.moved;
      drag = null;
      canvas.classList.remove('dragging');
      if (wasClick) {
        var rect = canvas.getBoundingClientRect();
        onClick(e.clientX - rect.left, e.clientY - rect.top, rect.width);
      }
    });
  }

  // ------------------------------------------------------------------ details

  function stateAt(node, t) {
    var lane = data.nodes[node];
    if (!lane) return null;
    var st = lane.states;
    var lo = 0, hi = st.length;
    while (lo < hi) { var mid = (lo + hi) >> 1; if (st[mid].timeMs <= t) lo = mid + 1; else hi = mid; }
    var s = st[lo - 1] || null;
    var crashed = lane.bands.some(function (b) { return b.kind === 'crashed' && b.startMs <= t && t < b.endMs; });
    return { snapshot: s, crashed: crashed };
  }

  function stateHtml(node, t, label) {
    var r = stateAt(node, t);
    var head = '<h4>node ' + node + ' ' + esc(label) + ' (t = ' + fmtMs(t) + ')</h4>';
    if (!r || !r.snapshot) return head + '<p class="muted">no state recorded yet</p>';
    var crashed = r.crashed ? '<p class="mark-blocking">crashed at this moment; the last state it had:</p>' : '';
    return head + crashed + '<p><b>' + esc(r.snapshot.summary) + '</b> <span class="muted">as of ' + fmtMs(r.snapshot.timeMs) + ' (last change point)</span></p><pre data-state-node="' + node + '">' + esc(prettyJson(r.snapshot.state)) + '</pre>';
  }

  function rows(pairs) {
    return '<table class="plain">' + pairs.map(function (p) { return '<tr><th>' + esc(p[0]) + '</th><td>' + p[1] + '</td></tr>'; }).join('') + '</table>';
  }

  function showDetails(kind, title, html) {
    var panel = $('details');
    panel.dataset.kind = kind;
    $('details-title').textContent = title;
    $('details-body').innerHTML = html;
    panel.hidden = false;
  }

  function opDetails(k) {
    var o = ops[k];
    var lin = '';
    if (o.mark === 'prefix') lin = '<p class="mark-prefix">step #' + o.order + ' of the longest linearizable prefix; model state after it: <code>' + esc(o.stateAfter) + '</code></p>';
    if (o.mark === 'stuck') lin = '<p class="mark-stuck">could come next after the longest linearizable prefix, but no order places it</p>';
    if (o.mark === 'blocking') lin = '<p class="mark-blocking">its response arrived while it still could not be linearized: the history is not linearizable here</p>';
    showDetails('op', 'client operation ' + o.f + (o.key !== null ? ' ' + o.key : ''), lin + rows([
      ['process', 'p' + o.process], ['request', esc(o.requestId || '')], ['input', '<code>' + esc(o.input) + '</code>'],
      ['result', '<code>' + esc(o.output) + '</code> (' + o.status + ')'], ['invoked', fmtMs(o.startMs)],
      ['completed', o.endMs === null ? 'never' : fmtMs(o.endMs) + (o.status === 'info' ? ' (unknown outcome: may take effect any time after the invoke)' : '')],
      ['latency', o.endMs === null ? '\u2013' : fmtMs(o.endMs - o.startMs)],
    ]));
  }

  function messageDetails(i) {
    var fate = msgs.fate[i];
    var orig = msgs.copyOf[i] >= 0 ? msgs.copyOf[i] : i;
    var html = rows([
      ['type', '<code>' + esc(msgs.types[msgs.type[i]]) + '</code>'], ['from \u2192 to', 'node ' + msgs.from[i] + ' \u2192 node ' + msgs.to[i]],
      ['sent', fmtMs(msgs.sendMs[i])],
      [fate === 'dropped' ? 'dropped' : fate === 'delivered' ? 'delivered' : 'in flight', msgs.endMs[i] < 0 ? 'at the end of the run' : fmtMs(msgs.endMs[i]) + (msgs.reason[i] ? ' (' + esc(msgs.reason[i]) + ')' : '') + (fate === 'delivered' ? ' \u00b7 ' + (msgs.endMs[i] - msgs.sendMs[i]) + ' ms in flight' : '')],
      ['duplicate', msgs.copyOf[i] >= 0 ? 'a copy made by the network' : '\u2013'],
    ]) + '<pre>' + esc(prettyJson(msgs.body[orig])) + '</pre>';
    html += stateHtml(msgs.from[i], msgs.sendMs[i], 'when it sent');
    if (fate === 'delivered') html += stateHtml(msgs.to[i], msgs.endMs[i], 'after it received');
    showDetails('message', 'message ' + msgs.types[msgs.type[i]] + ' ' + msgs.from[i] + ' \u2192 ' + msgs.to[i], html);
  }

  function eventDetails(e) {
    var node = evs.node[e], t = evs.timeMs[e];
    showDetails('event', evs.kind[e] + ' on node ' + node, rows([['event', esc(evs.kind[e])], ['node', String(node)], ['time', fmtMs(t)], ['detail', '<code>' + esc(evs.text[e]) + '</code>']]) + stateHtml(node, t, 'at this moment'));
  }

  function nodeDetails(node, t) {
    showDetails('state', 'node ' + node + ' at ' + fmtMs(t), stateHtml(node, t, 'at this moment'));
  }

  function faultDetails(i) {
    var f = data.faults[i];
    showDetails('fault', 'fault #' + f.index + ' ' + f.type, rows([['what', '<code>' + esc(f.text) + '</code>'], ['target', esc(f.target)], ['from', fmtMs(f.startMs)], ['to', fmtMs(f.endMs)]]));
  }

  function distToSegment(px, py, h) {
    var dx = h.bx - h.ax, dy = h.by - h.ay;
    var len2 = dx * dx + dy * dy;
    var u = len2 === 0 ? 0 : clamp(((px - h.ax) * dx + (py - h.ay) * dy) / len2, 0, 1);
    var x = h.ax + u * dx, y = h.ay + u * dy;
    return Math.hypot(px - x, py - y);
  }

  function clickTimeline(x, y, w) {
    var list = hits.timeline;
    // Most specific first: an op bar or fault bar, then a band or node lane.
    var order = ['op', 'fault', 'band', 'node'];
    for (var o = 0; o < order.length; o++) {
      for (var i = list.length - 1; i >= 0; i--) {
        var h = list[i];
        if (h.kind !== order[o] || x < h.x0 - 2 || x > h.x1 + 2 || y < h.y0 || y > h.y1) continue;
        if (h.kind === 'op') return opDetails(h.index);
        if (h.kind === 'fault') return faultDetails(h.index);
        return nodeDetails(data.nodes[h.node].id, Math.round(tOf(x, view, w)));
      }
    }
    if (x > GUTTER) {
      // Anywhere else: move the message window here, keeping its width.
      var t = tOf(x, view, w), span = win.t1 - win.t0;
      setRange(win, t - span / 2, t + span / 2);
    }
  }

  function clickMessages(x, y) {
    var best = null, bestD = 7;
    hits.messages.forEach(function (h) {
      var d = distToSegment(x, y, h) - (h.kind === 'event' ? 1.5 : 0);
      if (d < bestD) { bestD = d; best = h; }
    });
    if (!best) return;
    if (best.kind === 'message') messageDetails(best.index); else eventDetails(best.index);
  }

  // ------------------------------------------------------------------ page wiring

  function focusViolation() {
    var lin = data.history && data.history.failures[0];
    if (lin && lin.blocking !== null) {
      var ids = lin.stuck.concat([lin.blocking]);
      var byId = {};
      ops.forEach(function (o) { byId[o.id] = o; });
      var t0 = Infinity, t1 = -Infinity;
      ids.forEach(function (id) { var o = byId[id]; if (!o) return; t0 = Math.min(t0, o.startMs); t1 = Math.max(t1, o.endMs === null ? o.startMs : o.endMs); });
      var pad = Math.max(20, (t1 - t0) * 0.25);
      setRange(view, t0 - pad * 3, t1 + pad * 3);
      setRange(win, t0 - pad, t1 + pad);
      if (lin.key !== null) { keyFilter = lin.key; $('key-filter').value = lin.key; }
      return;
    }
    if (violationTimes.length) {
      var tv = Math.min.apply(null, violationTimes);
      setRange(view, tv - 3000, tv + 1000);
      setRange(win, tv - 450, tv + 150);
    }
  }

  function initialWindow() {
    // The message diagram starts around the first violation (or the run's start) at a width where arrows separate.
    var t = violationTimes.length ? Math.min.apply(null, violationTimes) : 0;
    var perMs = msgs.sendMs.length / endMs;
    var span = clamp(Math.round(600 / Math.max(perMs, 1e-6)), 50, Math.max(50, endMs));
    setRange(win, t - span * 0.75, t + span * 0.25);
  }

  function buildKeyFilter() {
    var sel = $('key-filter');
    if (!sel) return;
    var keys = {};
    ops.forEach(function (o) { if (o.key !== null) keys[o.key] = true; });
    Object.keys(keys).sort().forEach(function (k) {
      var opt = document.createElement('option');
      opt.value = k; opt.textContent = 'key ' + k;
      sel.appendChild(opt);
    });
    sel.addEventListener('change', function () { keyFilter = sel.value; redraw(); });
  }

  function init() {
    sizeCanvases();
    buildKeyFilter();
    initialWindow();
    attachZoomPan(canvases.timeline, function () { return view; }, clickTimeline);
    attachZoomPan(canvases.messages, function () { return win; }, clickMessages);
    if (canvases.latency) attachZoomPan(canvases.latency, function () { return view; }, function () {});
    if (canvases.rate) attachZoomPan(canvases.rate, function () { return view; }, function () {});
    $('zoom-in').addEventListener('click', function () { zoom(view, 0.5); });
    $('zoom-out').addEventListener('click', function () { zoom(view, 2); });
    $('zoom-reset').addEventListener('click', function () { setRange(view, 0, endMs); });
    $('focus-violation').addEventListener('click', focusViolation);
    $('messages-here').addEventListener('click', function () { setRange(win, view.t0, view.t1); });
    $('details-close').addEventListener('click', function () { $('details').hidden = true; });
    document.querySelectorAll('[data-jump-ms]').forEach(function (el) {
      el.addEventListener('click', function (e) {
        e.preventDefault();
        var t = Number(el.getAttribute('data-jump-ms'));
        setRange(win, t - 450, t + 150);
        if (t < view.t0 || t > view.t1) setRange(view, t - 3000, t + 1000);
        canvases.messages.scrollIntoView({ block: 'center' });
      });
    });
    window.addEventListener('resize', function () { sizeCanvases(); drawNow(); });
    drawNow();
    document.body.dataset.ready = 'true';
  }

  // A handle for tests and for the curious: where things are drawn, and the view.
  window.faultlineReport = {
    data: data,
    getView: function () { return { t0: view.t0, t1: view.t1, windowT0: win.t0, windowT1: win.t1 }; },
    setView: function (t0, t1) { setRange(view, t0, t1); drawNow(); },
    setWindow: function (t0, t1) { setRange(win, t0, t1); drawNow(); },
    /** Page coordinates of a drawn item: {kind: 'message'|'event'|'op', index} → {x, y} or null. */
    locate: function (kind, index) {
      var canvas = kind === 'op' ? canvases.timeline : canvases.messages;
      var list = kind === 'op' ? hits.timeline : hits.messages;
      for (var i = 0; i < list.length; i++) {
        var h = list[i];
        if (h.kind !== kind || h.index !== index) continue;
        var rect = canvas.getBoundingClientRect();
        var x = h.ax !== undefined ? (h.ax + h.bx) / 2 : (Math.max(h.x0, GUTTER) + Math.min(h.x1, rect.width - RIGHT)) / 2;
        var y = h.ay !== undefined ? (h.ay + h.by) / 2 : (h.y0 + h.y1) / 2;
        return { x: rect.left + x, y: rect.top + y };
      }
      return null;
    },
    drawnMessages: function () { return hits.messages.filter(function (h) { return h.kind === 'message'; }).map(function (h) { return h.index; }); },
  };

  init();
})();
