/**
 * The report's only script (inline). It never turns report data into markup: rows and
 * mail frames are built with textContent and srcdoc. Mail frames are sandboxed without
 * scripts, and carry their own CSP that blocks remote content until the reader asks.
 */
export const PAGE_SIZE = 100;

export const CLIENT_SCRIPT = String.raw`
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };

  // Screenshots: open large in a modal dialog (Esc or the button closes it; focus returns).
  var dialog = $('lightbox'), opener = null;
  document.addEventListener('click', function (event) {
    var thumb = event.target.closest && event.target.closest('.thumb');
    if (thumb) {
      opener = thumb;
      $('lightbox-img').src = thumb.getAttribute('data-full') || thumb.querySelector('img').src;
      $('lightbox-img').alt = thumb.getAttribute('data-caption');
      $('lightbox-caption').textContent = thumb.getAttribute('data-caption');
      dialog.showModal();
      $('lightbox-close').focus();
      return;
    }
    if (event.target === dialog || event.target.id === 'lightbox-close') dialog.close();
    var show = event.target.closest && event.target.closest('.show-mail');
    if (show) toggleMail(show);
    var remote = event.target.closest && event.target.closest('.show-remote');
    if (remote) showRemote(remote);
  });
  if (dialog) dialog.addEventListener('close', function () { $('lightbox-img').removeAttribute('src'); if (opener) opener.focus(); });

  // Mail: a sandboxed frame, created only when asked for.
  var BLOCKED = "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid:; font-src data:";
  var REMOTE = "default-src 'none'; style-src 'unsafe-inline'; img-src data: cid: http: https:; font-src data:";
  function escapeText(text) { return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;'); }
  function srcdoc(id, policy) {
    var body = JSON.parse($(id + '-body').textContent);
    var content = body.html !== null ? body.html : '<pre style="white-space:pre-wrap;font-family:inherit">' + escapeText(body.text) + '</pre>';
    return '<!doctype html><meta charset="utf-8"><meta http-equiv="Content-Security-Policy" content="' + policy + '"><base target="_blank">' + content;
  }
  function frameFor(id, policy) {
    var frame = document.createElement('iframe');
    frame.setAttribute('sandbox', '');
    frame.setAttribute('referrerpolicy', 'no-referrer');
    frame.setAttribute('title', 'Email: ' + $(id + '-subject').textContent);
    frame.srcdoc = srcdoc(id, policy);
    return frame;
  }
  function toggleMail(button) {
    var id = button.getAttribute('data-mail'), box = $(id + '-frame-box');
    var open = button.getAttribute('aria-expanded') === 'true';
    box.textContent = '';
    var remote = document.querySelector('.show-remote[data-mail="' + id + '"]');
    if (!open) box.appendChild(frameFor(id, BLOCKED));
    button.setAttribute('aria-expanded', String(!open));
    button.textContent = open ? 'Show the email' : 'Hide the email';
    remote.hidden = open;
    $(id + '-notice').hidden = open;
  }
  function showRemote(button) {
    var id = button.getAttribute('data-mail'), box = $(id + '-frame-box');
    box.textContent = '';
    box.appendChild(frameFor(id, REMOTE));
    button.hidden = true;
    $(id + '-notice').hidden = true;
  }

  // Links table: filter, search, sort, one page at a time.
  var data = $('links-data');
  if (!data) return;
  var parsed = JSON.parse(data.textContent), rows = parsed.rows, names = parsed.journeys;
  // Broken links first (sorted by state), until the reader sorts otherwise.
  var state = { filter: '', query: '', col: 0, dir: 1, page: 0, view: rows };
  var SIZE = ${PAGE_SIZE};
  var ORDER = { broken: 0, blocked: 1, skipped: 2, ok: 3 };
  // Table column → row index (row: journey, url, text, foundIn, state, reason, status, ms, hops).
  var FIELD = [4, 1, 2, 3, 6, 5, 0, 7];
  function recompute() {
    var q = state.query.toLowerCase(), f = state.filter;
    var view = rows.filter(function (r) {
      if (f && r[4] !== f) return false;
      if (!q) return true;
      return r[1].toLowerCase().indexOf(q) >= 0 || r[2].toLowerCase().indexOf(q) >= 0 || r[3].toLowerCase().indexOf(q) >= 0 || (r[5] || '').toLowerCase().indexOf(q) >= 0 || names[r[0]].toLowerCase().indexOf(q) >= 0;
    });
    if (state.col >= 0) {
      var field = FIELD[state.col], dir = state.dir;
      view = view.map(function (r, i) { return [r, i]; }).sort(function (a, b) {
        var x = a[0][field], y = b[0][field];
        if (field === 4) { x = ORDER[x]; y = ORDER[y]; }
        if (field === 0) { x = names[x]; y = names[y]; }
        if (x === null || x === undefined) x = '';
        if (y === null || y === undefined) y = '';
        var c = typeof x === 'number' && typeof y === 'number' ? x - y : String(x).localeCompare(String(y));
        return c !== 0 ? c * dir : a[1] - b[1];
      }).map(function (p) { return p[0]; });
    }
    state.view = view;
    state.page = 0;
    render();
  }
  function cell(tr, text) { var td = document.createElement('td'); td.textContent = text; tr.appendChild(td); return td; }
  function render() {
    var body = $('links-body'), view = state.view, start = state.page * SIZE, end = Math.min(view.length, start + SIZE);
    var fragment = document.createDocumentFragment();
    for (var i = start; i < end; i++) {
      var r = view[i], tr = document.createElement('tr');
      tr.className = 'link ' + r[4];
      var badge = document.createElement('span');
      badge.className = 'badge s-' + r[4];
      badge.textContent = { ok: '✓ OK', broken: '✗ Broken', blocked: '■ Blocked', skipped: '– Skipped' }[r[4]] || r[4];
      cell(tr, '').appendChild(badge);
      var address = cell(tr, '');
      if (/^https?:/i.test(r[1])) { var a = document.createElement('a'); a.href = r[1]; a.rel = 'noopener noreferrer'; a.textContent = r[1]; address.appendChild(a); }
      else address.textContent = r[1];
      if (r[8] > 1) { var hops = document.createElement('span'); hops.className = 'meta'; hops.textContent = ' (' + (r[8] - 1) + ' redirect' + (r[8] > 2 ? 's' : '') + ')'; address.appendChild(hops); }
      cell(tr, r[2]); cell(tr, r[3]); cell(tr, r[6] === null ? '' : String(r[6])); cell(tr, r[5]); cell(tr, names[r[0]]); cell(tr, String(r[7]));
      fragment.appendChild(tr);
    }
    body.textContent = '';
    body.appendChild(fragment);
    $('links-status').textContent = view.length === 0 ? 'No links match.' : 'Showing ' + (start + 1) + '–' + end + ' of ' + view.length + ' links' + (view.length !== rows.length ? ' (filtered from ' + rows.length + ')' : '') + '.';
    $('links-prev').disabled = state.page === 0;
    $('links-next').disabled = end >= view.length;
  }
  $('links-state').addEventListener('change', function (e) { state.filter = e.target.value; recompute(); });
  var timer = 0;
  $('links-search').addEventListener('input', function (e) { clearTimeout(timer); timer = setTimeout(function () { state.query = e.target.value.trim(); recompute(); }, 120); });
  $('links-prev').addEventListener('click', function () { if (state.page > 0) { state.page--; render(); } });
  $('links-next').addEventListener('click', function () { if ((state.page + 1) * SIZE < state.view.length) { state.page++; render(); } });
  Array.prototype.forEach.call(document.querySelectorAll('button.sort'), function (button) {
    button.addEventListener('click', function () {
      var col = Number(button.getAttribute('data-col'));
      state.dir = state.col === col ? -state.dir : 1;
      state.col = col;
      Array.prototype.forEach.call(document.querySelectorAll('button.sort'), function (b) {
        var th = b.parentNode, mine = b === button;
        th.setAttribute('aria-sort', mine ? (state.dir === 1 ? 'ascending' : 'descending') : 'none');
        b.lastChild.textContent = mine ? (state.dir === 1 ? ' ▲' : ' ▼') : '';
      });
      recompute();
    });
  });
  var first = document.querySelector('button.sort[data-col="0"]');
  first.parentNode.setAttribute('aria-sort', 'ascending');
  first.lastChild.textContent = ' ▲';
  recompute();
})();
`;
