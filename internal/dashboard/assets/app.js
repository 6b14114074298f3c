// apigw dashboard: reads the admin API of this origin and renders it.
// Plain DOM code, no framework. Every value from the API is set as text
// (textContent), never parsed as HTML: request paths come from clients.
'use strict';

// The requests table keeps the newest MAX_ROWS rows. New records are drawn
// in batches at most every BATCH_MS, at most PER_BATCH of them (the newest
// of the batch), so at thousands of requests a second the page samples
// about PER_BATCH * 1000 / BATCH_MS rows a second instead of drawing every
// one; rows a reader opened stay until closed.
const MAX_ROWS = 200;
const BATCH_MS = 500;
const PER_BATCH = 20;
const HISTORY = 50; // records fetched when the page opens
const CACHE_ROWS = 500;

const $ = (id) => document.getElementById(id);

// el builds an element: attrs are properties or attributes, children are
// nodes or strings (always text).
function el(tag, attrs, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') e.className = v;
    else if (k in e && typeof v !== 'string') e[k] = v;
    else e.setAttribute(k, v === true ? '' : v);
  }
  for (const c of children) {
    if (c === undefined || c === null || c === '') continue;
    e.append(c instanceof Node ? c : String(c));
  }
  return e;
}

async function api(path, options) {
  const resp = await fetch(path, Object.assign({ headers: { Accept: 'application/json' } }, options));
  const body = await resp.json().catch(() => null);
  if (!resp.ok) {
    throw new Error((body && body.message) || resp.status + ' ' + resp.statusText);
  }
  return body;
}

// ---- formatting ----

function latency(ns) {
  if (!ns) return '–';
  const ms = ns / 1e6;
  if (ms < 1) return Math.round(ns / 1e3) + ' µs';
  if (ms < 100) return ms.toFixed(1) + ' ms';
  return Math.round(ms) + ' ms';
}

function clockTime(iso) {
  const d = new Date(iso);
  if (isNaN(d)) return '';
  return d.toLocaleTimeString([], { hour12: false }) + '.' + String(d.getMilliseconds()).padStart(3, '0');
}

function seconds(s) {
  s = Math.max(0, Math.ceil(s));
  if (s < 60) return s + ' s';
  return Math.floor(s / 60) + ' min ' + String(s % 60).padStart(2, '0') + ' s';
}

// breakable renders an ARN or path so that lines break only after a ':' or
// a '/' (never at the hyphen in "us-east-1"); the text copies unchanged.
function breakable(text) {
  const parts = String(text).split(/(?<=[:/])/);
  const out = document.createDocumentFragment();
  parts.forEach((p, i) => {
    if (i > 0) out.append(el('wbr'));
    out.append(el('span', { class: 'seg' }, p));
  });
  return out;
}

function arnList(arns) {
  return el('ul', { class: 'arns' }, ...(arns || []).map((a) => el('li', { class: 'mono' }, breakable(a))));
}

function statusClass(status) {
  return 'status s' + String(status).charAt(0);
}

// ---- requests ----

const req = {
  received: 0,
  shown: 0,
  pending: [], // newest last, at most MAX_ROWS
  seen: new Set(), // recent request ids, to drop duplicates
  seenOrder: [],
  paused: false,
  timer: 0,
  lastDraw: 0,
};

function remember(id) {
  if (!id) return true;
  if (req.seen.has(id)) return false;
  req.seen.add(id);
  req.seenOrder.push(id);
  if (req.seenOrder.length > 4 * MAX_ROWS) req.seen.delete(req.seenOrder.shift());
  return true;
}

// receive takes one record from the history or a poll (dropping one
// already seen), or the JSON text of one from the stream: the stream never
// repeats a record, and its text is parsed only if it is drawn, so the
// records sampled away cost no parsing.
function receive(rec) {
  if (typeof rec !== 'string' && !remember(rec.requestId)) return;
  req.received++;
  req.pending.push(rec);
  if (req.pending.length > PER_BATCH) req.pending.shift();
  schedule();
}

// schedule draws the pending records soon, or, while paused, only updates
// the counter.
function schedule() {
  if (req.timer) return;
  const wait = Math.max(0, req.lastDraw + BATCH_MS - performance.now());
  req.timer = setTimeout(() => requestAnimationFrame(() => (req.paused ? recount() : draw())), wait);
}

function recount() {
  req.timer = 0;
  req.lastDraw = performance.now();
  counter();
}

// draw puts the pending records on the table in one DOM update.
function draw() {
  req.timer = 0;
  req.lastDraw = performance.now();
  const batch = req.pending;
  req.pending = [];
  const table = $('req-table');
  const frag = document.createDocumentFragment();
  for (let i = batch.length - 1; i >= 0; i--) {
    const rec = typeof batch[i] === 'string' ? parse(batch[i]) : batch[i];
    if (rec) {
      frag.append(requestRows(rec));
      req.shown++;
    }
  }
  table.insertBefore(frag, table.tBodies[0] || null);
  trim(table);
  counter();
}

// parse reads a streamed record; a malformed one is skipped.
function parse(text) {
  try {
    return JSON.parse(text);
  } catch (e) {
    return null;
  }
}

// trim drops the oldest rows past MAX_ROWS, keeping rows a reader opened.
function trim(table) {
  const bodies = table.tBodies;
  let extra = bodies.length - MAX_ROWS;
  for (let i = bodies.length - 1; i >= 0 && extra > 0; i--) {
    if (bodies[i].classList.contains('open')) continue;
    bodies[i].remove();
    extra--;
  }
}

function counter() {
  const n = req.shown, m = req.received;
  const empty = $('req-empty');
  empty.hidden = $('req-table').tBodies.length > 0;
  empty.textContent = req.paused && m > 0
    ? 'Paused: new requests are counted but not drawn. Resume shows the newest.'
    : 'No requests yet. Requests sent to the gateway appear here as they are served.';
  let text = 'no requests yet';
  if (m > 0) text = n === m ? `all ${m.toLocaleString()} requests shown` : `sampled: ${n.toLocaleString()} of ${m.toLocaleString()} requests shown`;
  if (req.paused) text += ' (paused)';
  $('sampled').textContent = text;
}

function authCell(auth) {
  if (!auth || !auth.authorizer) return el('td', { class: 'muted' }, 'none');
  return el('td', {},
    el('span', { class: 'badge o-' + auth.outcome }, auth.outcome),
    auth.cache ? el('span', { class: 'badge c-' + auth.cache.replace(/\s+/g, '-') }, auth.cache) : null,
    el('span', { class: 'authname' }, auth.authorizer));
}

// requestRows renders one record as its own tbody: the row and its details.
function requestRows(rec) {
  const auth = rec.auth || {};
  const detailId = 'd-' + rec.requestId;
  const button = el('button', {
    type: 'button', class: 'expand', 'aria-expanded': 'false',
    'aria-label': 'Details of ' + rec.method + ' ' + rec.path,
  }, '▸');
  const row = el('tr', { class: 'req' },
    el('td', {}, button),
    el('td', { class: 'mono' }, clockTime(rec.time)),
    el('td', {}, el('span', { class: statusClass(rec.status) }, rec.status)),
    el('td', { class: 'mono' }, rec.method),
    el('td', { class: 'mono path', title: rec.path }, rec.path),
    el('td', { class: 'mono route' }, rec.route || (rec.unsupported ? 'not served' : 'no route')),
    authCell(auth),
    el('td', { class: 'num mono' }, latency(rec.latency && rec.latency.total)));
  const body = el('tbody', { class: 'record', 'data-request-id': rec.requestId }, row);
  let detail = null; // built when first opened: most rows never are
  const toggle = () => {
    if (!detail) {
      detail = el('tr', { class: 'detail', id: detailId, hidden: true }, el('td', { colSpan: 8 }, details(rec)));
      body.append(detail);
      button.setAttribute('aria-controls', detailId);
    }
    const open = detail.hidden;
    detail.hidden = !open;
    button.setAttribute('aria-expanded', String(open));
    button.textContent = open ? '▾' : '▸';
    body.classList.toggle('open', open);
  };
  button.addEventListener('click', (ev) => { ev.stopPropagation(); toggle(); });
  row.addEventListener('click', toggle);
  return body;
}

function details(rec) {
  const auth = rec.auth || {};
  const lat = rec.latency || {};
  const integ = rec.integration || {};
  const dl = el('dl', { class: 'facts' });
  const fact = (name, value, cls) => {
    if (value === undefined || value === null || value === '' || (Array.isArray(value) && value.length === 0)) return;
    const dd = Array.isArray(value)
      ? el('dd', {}, arnList(value))
      : el('dd', { class: cls || '' }, value);
    dl.append(el('dt', {}, name), dd);
  };
  fact('Principal', auth.principal, 'mono');
  fact('Key hash', auth.keyHash, 'mono');
  fact('Allowed resources', auth.allowed);
  fact('Deciding statement', auth.statement, 'mono');
  fact('Error type', rec.errorType, 'mono');
  fact('Not served', rec.unsupported);
  fact('Resource policy', rec.resourcePolicy);
  // The route's integration; "(not reached)" when the gateway answered
  // before it (an authorizer's 401/403, a bad request).
  const reached = lat.integration > 0 || !rec.errorType;
  fact('Integration', [integ.kind, integ.function, integ.coldStart ? '(cold start)' : '', reached ? '' : '(not reached)'].filter(Boolean).join(' '));
  fact('Latency', `total ${latency(lat.total)}, authorizer ${latency(lat.authorizer)}, integration ${latency(lat.integration)}`);
  fact('Stage', [rec.api, rec.stage].filter(Boolean).join(' / '));
  fact('Request id', rec.requestId, 'mono');
  fact('Source IP', rec.sourceIp, 'mono');
  const why = auth.explanation || (auth.authorizer ? '' : 'No authorizer guards this route.');
  return el('div', { class: 'why' }, why ? el('p', { class: 'explain' }, why) : null, dl);
}

function initRequests() {
  $('pause').addEventListener('click', () => {
    req.paused = !req.paused;
    $('pause').setAttribute('aria-pressed', String(req.paused));
    $('pause').textContent = req.paused ? 'Resume' : 'Pause';
    counter();
    if (!req.paused && req.pending.length) schedule();
  });
  $('clear').addEventListener('click', () => {
    for (const b of Array.from($('req-table').tBodies)) b.remove();
    req.pending = [];
    req.received = req.shown = 0;
    counter();
  });
}

// ---- the stream, with polling as the fallback ----

function setConn(text, state) {
  const c = $('conn');
  c.textContent = text;
  c.className = 'conn ' + state;
}

async function loadHistory() {
  try {
    const recs = await api('/api/requests?limit=' + HISTORY);
    for (let i = (recs || []).length - 1; i >= 0; i--) receive(recs[i]);
  } catch (e) {
    setConn('admin API unreachable: ' + e.message, 'bad');
  }
}

function stream() {
  if (!window.EventSource) return poll();
  const es = new EventSource('/api/events');
  let opened = false;
  es.addEventListener('open', () => { opened = true; setConn('live', 'ok'); });
  es.addEventListener('request', (ev) => receive(ev.data));
  es.addEventListener('error', () => {
    if (!opened || es.readyState === EventSource.CLOSED) {
      es.close();
      poll();
    } else {
      setConn('reconnecting…', 'warn');
    }
  });
}

// poll reads the newest records every second when the stream is unavailable.
function poll() {
  setConn('polling', 'warn');
  const tick = async () => {
    try {
      const recs = await api('/api/requests?limit=' + MAX_ROWS);
      for (let i = (recs || []).length - 1; i >= 0; i--) receive(recs[i]);
      setConn('polling', 'warn');
    } catch (e) {
      setConn('admin API unreachable: ' + e.message, 'bad');
    }
    setTimeout(tick, 1000);
  };
  tick();
}

// ---- clock, cache, flush ----

const clock = { manual: false };

async function refreshClock() {
  try {
    const c = await api('/api/clock');
    clock.manual = !!c.manual;
    const now = String(c.now || '').replace('T', ' ').replace(/\.\d+/, '').replace('Z', ' UTC');
    $('clock').textContent = c.manual ? 'manual clock: ' + now : '';
    $('clock').title = c.manual ? 'apigw runs with --clock manual: cache TTLs follow this clock, moved by POST /api/clock' : '';
  } catch (e) {
    clock.manual = false;
  }
}

// seq orders the fetches: a slow poll that answers after a newer fetch
// (say, the one after a flush) must not put back what the flush removed.
const cache = { entries: [], fetched: 0, key: '', seq: 0, shown: 0 };

async function refreshCache() {
  const seq = ++cache.seq;
  try {
    const entries = (await api('/api/cache')) || [];
    if (seq < cache.shown) return;
    cache.shown = seq;
    cache.fetched = performance.now();
    entries.sort((a, b) => a.ttlLeftSeconds - b.ttlLeftSeconds || (a.keyHash < b.keyHash ? -1 : 1));
    cache.entries = entries;
    const key = JSON.stringify(entries.map((e) => [e.apiId, e.stage, e.authorizer, e.keyHash, e.createdAt]));
    if (key !== cache.key) {
      cache.key = key;
      renderCache();
    }
    countdown();
  } catch (e) {
    $('cache-count').textContent = 'unavailable: ' + e.message;
  }
}

// renderCache draws the entries (sorted soonest to expire first), at most
// CACHE_ROWS of them (a cache of many identities stays quick to draw).
function renderCache() {
  const rows = cache.entries.slice(0, CACHE_ROWS).map(cacheRow);
  $('cache-body').replaceChildren(...rows);
  $('cache-empty').hidden = rows.length > 0;
  const n = cache.entries.length;
  let text = n === 1 ? '1 entry' : n.toLocaleString() + ' entries';
  if (n > rows.length) text += `, the ${rows.length} soonest to expire shown`;
  $('cache-count').textContent = text;
}

// cacheRow is one entry; its key hash opens the cached policy document
// (GET /api/cache/{keyHash}) in a row below it.
function cacheRow(e) {
  const open = el('button', { type: 'button', class: 'linkish mono', 'aria-expanded': 'false',
    'aria-label': 'Policy of cache entry ' + e.keyHash }, e.keyHash);
  const row = el('tr', {},
    el('td', {}, [e.api, e.stage].filter(Boolean).join(' / ')),
    el('td', {}, e.authorizer),
    el('td', { class: 'mono' }, e.principal || '–'),
    el('td', {}, open),
    el('td', { class: 'mono' }, e.source || '–'),
    el('td', { class: 'num mono ttl' }, ''),
    el('td', {}, e.allowed && e.allowed.length ? arnList(e.allowed) : el('span', { class: 'muted' }, 'none (the policy allows nothing)')));
  open.addEventListener('click', () => togglePolicy(row, open, e.keyHash));
  return row;
}

async function togglePolicy(row, button, keyHash) {
  const next = row.nextElementSibling;
  if (next && next.classList.contains('policy')) {
    next.remove();
    button.setAttribute('aria-expanded', 'false');
    return;
  }
  const pre = el('pre', { class: 'mono' }, 'loading…');
  row.after(el('tr', { class: 'policy' }, el('td', { colSpan: 7 }, pre)));
  button.setAttribute('aria-expanded', 'true');
  try {
    const d = await api('/api/cache/' + encodeURIComponent(keyHash));
    pre.textContent = JSON.stringify({ policyDocument: d.policy, context: d.context }, null, 2);
  } catch (err) {
    pre.textContent = 'Could not read the entry: ' + err.message;
  }
}

// countdown updates each entry's time left between fetches (the server's
// value as fetched, less the time since; a manual clock stands still).
function countdown() {
  const cells = $('cache-body').querySelectorAll('td.ttl');
  const since = clock.manual ? 0 : (performance.now() - cache.fetched) / 1000;
  cells.forEach((cell, i) => {
    const e = cache.entries[i];
    if (!e) return;
    const left = e.ttlLeftSeconds - since;
    cell.textContent = seconds(left);
    cell.classList.toggle('expiring', left < 10);
  });
}

async function flush(stage, button) {
  const q = new URLSearchParams();
  if (stage.apiId) q.set('api', stage.apiId);
  if (stage.stage) q.set('stage', stage.stage);
  button.disabled = true;
  try {
    const r = await api('/api/flush?' + q, { method: 'POST' });
    const n = r.flushed;
    const at = new Date().toLocaleTimeString([], { hour12: false });
    $('flush-status').textContent = `Flushed ${n} ${n === 1 ? 'entry' : 'entries'} from ${stage.label} at ${at}.`;
    await refreshCache();
  } catch (e) {
    $('flush-status').textContent = `Flush of ${stage.label} failed: ${e.message}`;
  } finally {
    button.disabled = false;
  }
}

// stages lists each API stage whose routes have an authorizer.
function stages(routes) {
  const byKey = new Map();
  for (const r of routes) {
    if (!r.authorizer) continue;
    const key = r.apiId + '/' + r.stage;
    if (!byKey.has(key)) byKey.set(key, { apiId: r.apiId, stage: r.stage, api: r.api });
  }
  const list = Array.from(byKey.values());
  const apis = new Set(list.map((s) => s.apiId));
  for (const s of list) s.label = apis.size > 1 ? `${s.api} / ${s.stage}` : `stage ${s.stage}`;
  return list;
}

function renderFlushButtons(routes) {
  const buttons = stages(routes).map((s) => {
    const b = el('button', { type: 'button', class: 'flush', 'data-api-id': s.apiId, 'data-stage': s.stage }, 'Flush ' + s.label);
    b.addEventListener('click', () => flush(s, b));
    return b;
  });
  $('flush-buttons').replaceChildren(...buttons);
}

// ---- routes and functions ----

const routes = { key: '' };

async function refreshRoutes() {
  try {
    const list = (await api('/api/routes')) || [];
    const key = JSON.stringify(list);
    if (key === routes.key) return;
    routes.key = key;
    renderRoutes(list);
    renderFlushButtons(list);
  } catch (e) {
    $('routes-count').textContent = 'unavailable: ' + e.message;
  }
}

function authorizerCell(a) {
  if (!a) return el('td', {}, el('span', { class: 'badge open' }, 'open'));
  const ttl = a.ttlSeconds ? `cached ${a.ttlSeconds} s` : 'not cached';
  const ids = (a.identitySources || []).join(', ');
  return el('td', {},
    el('span', { class: 'authname' }, a.name),
    el('span', { class: 'muted' }, ` ${a.type}, ${ttl}`),
    ids ? el('div', { class: 'muted mono small' }, ids) : null);
}

function renderRoutes(list) {
  const rows = list.map((r) => el('tr', {},
    el('td', { class: 'mono' }, r.routeKey || `${r.method} ${r.path}`),
    el('td', {}, [r.api, r.stage].filter(Boolean).join(' / '), r.kind === 'HTTP' ? el('span', { class: 'muted' }, ' (HTTP API)') : null),
    authorizerCell(r.authorizer),
    el('td', { class: 'mono' }, r.unsupported ? el('span', { class: 'badge warn' }, 'not served: ' + r.unsupported) : r.integration)));
  $('routes-body').replaceChildren(...rows);
  $('routes-empty').hidden = rows.length > 0;
  $('routes-count').textContent = rows.length === 1 ? '1 route' : rows.length + ' routes';
}

const NO_POOLS = document.getElementById('functions-empty').textContent;

async function refreshFunctions() {
  try {
    const pools = (await api('/api/functions')) || [];
    const rows = pools.map((p) => el('tr', {},
      el('td', { class: 'mono' }, p.function),
      el('td', {}, p.runtime),
      el('td', { class: 'num' }, p.maxConcurrency ? `${p.processes} / ${p.maxConcurrency}` : p.processes),
      el('td', { class: 'num' }, p.warm ?? 0),
      el('td', { class: 'num' }, p.busy ?? 0),
      el('td', { class: 'num' }, p.queued ?? 0),
      el('td', { class: 'num' }, p.coldStarts ?? 0),
      el('td', { class: 'num' }, p.invocations ?? 0),
      el('td', { class: 'num' + (p.errors ? ' bad' : '') }, p.errors ?? 0)));
    $('functions-body').replaceChildren(...rows);
    $('functions-empty').hidden = rows.length > 0;
    $('functions-empty').textContent = NO_POOLS;
  } catch (e) {
    $('functions-empty').textContent = 'Function pools unavailable: ' + e.message;
    $('functions-empty').hidden = false;
  }
}

// every runs fn now and then every ms after each run ends.
function every(ms, fn) {
  const run = async () => { await fn(); setTimeout(run, ms); };
  run();
}

async function start() {
  initRequests();
  counter();
  every(5000, refreshClock);
  every(1000, refreshCache);
  every(5000, refreshRoutes);
  every(1000, refreshFunctions);
  setInterval(countdown, 250);
  await loadHistory();
  stream();
}

start();
