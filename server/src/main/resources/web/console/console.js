// Supervisor console: plain JS, no build step. Talks to the Vagtcentral JSON API with the bearer token kept in
// sessionStorage. Every text comes from the catalogue in strings.js (Danish first, English beside it); every time is
// shown in Copenhagen time with Intl.DateTimeFormat, with seconds; durations and enum values as words.
// Live: the supervisors' stream (GET /api/v1/supervision/events) tells of every change; the affected list and the
// tab counts (GET /api/v1/supervision/counts) are read again, so nothing needs a manual refresh.
(function () {
  'use strict';

  var TOKEN_KEY = 'vagtcentral.console.token';
  var LANG_KEY = 'vagtcentral.console.lang';
  var ZONE = 'Europe/Copenhagen';
  var state = { me: null, municipalityId: null, suppliers: [], names: {}, lang: 'da', counts: null, shown: {} };

  function $(id) { return document.getElementById(id); }

  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  // ------------------------------------------------------------------ words: the catalogue, times, durations

  function catalogue() { return ConsoleStrings[state.lang] || ConsoleStrings.da; }

  function locale() { return state.lang === 'en' ? 'en-GB' : 'da-DK'; }

  /** The text for key, with {name} filled from vars. */
  function t(key, vars) {
    var s = catalogue()[key];
    if (s == null) { s = ConsoleStrings.da[key]; }
    if (s == null) { return key; }
    return s.replace(/\{(\w+)\}/g, function (m, k) { return vars && vars[k] != null ? vars[k] : m; });
  }

  /** An enum value as words: the catalogue's prefix.VALUE, or the name itself made readable. */
  function word(prefix, value) {
    if (value == null || value === '') { return ''; }
    var s = catalogue()[prefix + '.' + value];
    if (s != null) { return s; }
    var plain = String(value).replace(/[_-]+/g, ' ').toLowerCase();
    return plain.charAt(0).toUpperCase() + plain.slice(1);
  }

  var formats = {};
  function format(name, options) {
    var key = state.lang + ':' + name;
    if (!formats[key]) { formats[key] = new Intl.DateTimeFormat(locale(), Object.assign({ timeZone: ZONE }, options)); }
    return formats[key];
  }

  /** An instant as a Copenhagen date and time with seconds. */
  function when(iso) {
    if (!iso) { return ''; }
    var d = new Date(iso);
    if (isNaN(d)) { return String(iso); }
    return format('date', { day: '2-digit', month: '2-digit', year: 'numeric' }).format(d) + ' '
      + format('time', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' }).format(d);
  }

  /** A date (YYYY-MM-DD) in words, e.g. 1. dec. 2026. */
  function dateWords(text) {
    if (!text) { return ''; }
    var p = String(text).split('-');
    var d = new Date(Date.UTC(Number(p[0]), Number(p[1]) - 1, Number(p[2]), 12));
    return new Intl.DateTimeFormat(locale(), { dateStyle: 'medium', timeZone: 'UTC' }).format(d);
  }

  /** A month (YYYY-MM) in words, e.g. mar. 26. */
  function monthWords(text, long) {
    var p = String(text).split('-');
    var d = new Date(Date.UTC(Number(p[0]), Number(p[1]) - 1, 15));
    return new Intl.DateTimeFormat(locale(), long ? { month: 'long', year: 'numeric', timeZone: 'UTC' }
      : { month: 'short', year: '2-digit', timeZone: 'UTC' }).format(d);
  }

  /** The Copenhagen calendar date of d as YYYY-MM-DD. */
  function copenhagenDate(d) {
    return new Intl.DateTimeFormat('en-CA', { timeZone: ZONE, year: 'numeric', month: '2-digit', day: '2-digit' })
      .format(d);
  }

  function shiftMonth(ym, months) {
    var p = ym.split('-');
    var d = new Date(Date.UTC(Number(p[0]), Number(p[1]) - 1 + months, 1));
    return d.getUTCFullYear() + '-' + String(d.getUTCMonth() + 1).padStart(2, '0');
  }

  function unit(n, name) {
    return new Intl.NumberFormat(locale(), { style: 'unit', unit: name, unitDisplay: 'long' }).format(n);
  }

  /** A number of seconds as words: the largest unit and the next, e.g. "3 minutter og 20 sekunder". */
  function duration(seconds) {
    if (seconds == null || isNaN(seconds)) { return t('common.none'); }
    var s = Math.max(0, Math.round(Number(seconds)));
    var units = [['day', 86400], ['hour', 3600], ['minute', 60], ['second', 1]];
    var i = 0;
    while (i < units.length - 1 && s < units[i][1]) { i++; }
    var first = Math.floor(s / units[i][1]);
    var parts = [unit(first, units[i][0])];
    if (i < units.length - 1) {
      var next = Math.floor((s - first * units[i][1]) / units[i + 1][1]);
      if (next > 0) { parts.push(unit(next, units[i + 1][0])); }
    }
    return parts.length > 1 ? new Intl.ListFormat(locale(), { style: 'long', type: 'conjunction' }).format(parts)
      : parts[0];
  }

  var ISO_DURATION = /\bP(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?\b/g;
  var ISO_INSTANT = /\b\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:\d{2})/g;

  var ENUM = /\b[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+\b/g;
  var ENUM_PREFIXES = ['unroutable', 'state', 'target', 'supplierKind', 'inbox.kind', 'timeline', 'response',
    'handling', 'category', 'escKind'];

  /** A NAME_LIKE_THIS from a server's text as words: from the catalogue where it is known, else its words. */
  function enumWords(name) {
    for (var i = 0; i < ENUM_PREFIXES.length; i++) {
      var s = catalogue()[ENUM_PREFIXES[i] + '.' + name];
      if (s != null) { return s; }
    }
    return name.replace(/_/g, ' ').toLowerCase();
  }

  /**
   * A server's text (a reason, a timeline detail; written in English) with its ISO instants as Copenhagen times,
   * its ISO durations and its enum names as words.
   */
  function prose(text) {
    if (text == null) { return ''; }
    return String(text).replace(ISO_INSTANT, function (m) { return when(m); }).replace(ENUM, enumWords)
      .replace(ISO_DURATION, function (m, d, h, min, sec) {
        if (m === 'P' || m === 'PT') { return m; }
        return duration((Number(d) || 0) * 86400 + (Number(h) || 0) * 3600 + (Number(min) || 0) * 60
          + (Number(sec) || 0));
      });
  }

  function percent(share) {
    return share == null ? t('common.none')
      : new Intl.NumberFormat(locale(), { style: 'percent', maximumFractionDigits: 1 }).format(share);
  }

  function number(v) { return v == null ? t('common.none') : new Intl.NumberFormat(locale()).format(v); }

  // ------------------------------------------------------------------ the static texts and the language

  function applyStatic() {
    document.documentElement.lang = state.lang;
    document.title = t('app.title');
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n]'), function (el) {
      el.textContent = t(el.getAttribute('data-i18n'));
    });
    Array.prototype.forEach.call(document.querySelectorAll('[data-i18n-aria-label]'), function (el) {
      el.setAttribute('aria-label', t(el.getAttribute('data-i18n-aria-label')));
    });
    $('lang').value = state.lang;
  }

  function setLanguage(lang) {
    state.lang = ConsoleStrings[lang] ? lang : 'da';
    localStorage.setItem(LANG_KEY, state.lang);
    $('flash').hidden = true; // said in the other language
    applyStatic();
    if (state.me) {
      who();
      live(state.live || 'offline');
      renderPickers();
      Object.keys(pages).forEach(function (k) { draw(pages[k]); });
      renderCounts();
      if (state.figures) { renderFigures(state.figures); }
      if (state.forwards) { renderForwards(state.forwards); }
      if (state.comparison) { renderComparison(state.comparison); }
      if (state.coverage) { renderCoverage(state.coverage); }
    }
  }
  $('lang').addEventListener('change', function () { setLanguage($('lang').value); });

  // ------------------------------------------------------------------ the API

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  /** fetch with the bearer token; resolves the parsed JSON, rejects with {status, code, message}. */
  function api(method, path, body) {
    var headers = {};
    if (token()) { headers.Authorization = 'Bearer ' + token(); }
    if (body !== undefined) { headers['Content-Type'] = 'application/json'; }
    return fetch(path, { method: method, headers: headers, body: body === undefined ? undefined : JSON.stringify(body) })
      .then(function (r) {
        if (r.status === 204) { return null; }
        return r.text().then(function (text) {
          var json = null;
          try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
          if (!r.ok) {
            if (r.status === 401 && path !== '/api/v1/login') { loggedOut(t('login.ended')); }
            var err = new Error((json && json.message) || ('HTTP ' + r.status));
            err.status = r.status;
            err.code = json && json.error;
            throw err;
          }
          return json;
        });
      });
  }

  function describe(err) {
    if (err.status === 409) { return t('common.refused', { code: err.code || '409', message: err.message }); }
    if (err.status) { return t('common.error', { status: err.status, message: err.message }); }
    return err.message;
  }

  function flash(text, isError) {
    var f = $('flash');
    f.textContent = text;
    f.className = 'flash' + (isError ? ' error' : '');
    f.hidden = false;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(function () { f.hidden = true; }, isError ? 12000 : 5000);
  }

  function announce(text) {
    $('announce').textContent = '';
    setTimeout(function () { $('announce').textContent = text; }, 50);
  }

  // ------------------------------------------------------------------ login

  function loggedOut(message) {
    if (state.stream) { state.stream.abort(); state.stream = null; }
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    $('app').hidden = true;
    ['live', 'who-name', 'municipality-field', 'logout'].forEach(function (id) { $(id).hidden = true; });
    $('login-view').hidden = false;
    $('login-error').textContent = message || '';
  }

  $('login-form').addEventListener('submit', function (e) {
    e.preventDefault();
    $('login-error').textContent = '';
    api('POST', '/api/v1/login', { username: $('username').value.trim(), password: $('password').value })
      .then(function (res) {
        sessionStorage.setItem(TOKEN_KEY, res.token);
        $('password').value = '';
        start();
      })
      .catch(function (err) { $('login-error').textContent = describe(err); });
  });

  $('logout').addEventListener('click', function () {
    api('POST', '/api/v1/logout').catch(function () { /* ended anyway */ })
      .then(function () { loggedOut(''); });
  });

  function who() {
    var me = state.me;
    // a display name says who and in what role already ("Karen (tilsyn, Odder Kommune)")
    $('who-name').textContent = me.displayName || me.username + ' (' + word('header.role', me.role) + ')';
  }

  function start() {
    api('GET', '/api/v1/me').then(function (me) {
      if (me.role !== 'SUPERVISOR' && me.role !== 'ADMIN') {
        loggedOut(t('login.notSupervisor', { user: me.username, role: me.role.toLowerCase() }));
        return;
      }
      state.me = me;
      who();
      $('login-view').hidden = true;
      ['live', 'who-name', 'municipality-field', 'logout'].forEach(function (id) { $(id).hidden = false; });
      $('app').hidden = false;
      defaults();
      return municipalities().then(function () { return refresh(); });
    }).catch(function (err) { if (err.status !== 401) { loggedOut(describe(err)); } });
  }

  /** The municipality picker: a supervisor's own (fixed); an administrator chooses among all. */
  function municipalities() {
    var sel = $('municipality');
    if (state.me.role !== 'ADMIN') {
      state.municipalityId = state.me.municipalityId || '';
      sel.innerHTML = '<option value="' + esc(state.municipalityId) + '">' + esc(state.municipalityId) + '</option>';
      sel.disabled = true;
      return Promise.resolve();
    }
    sel.disabled = false;
    return api('GET', '/api/v1/admin/municipalities').then(function (res) {
      var items = (res.items || []).map(function (m) { return m.value || m; });
      var saved = sessionStorage.getItem(TOKEN_KEY + '.municipality');
      sel.innerHTML = items.map(function (m) {
        return '<option value="' + esc(m.id) + '">' + esc(m.name || m.id) + '</option>';
      }).join('');
      state.municipalityId = items.some(function (m) { return m.id === saved; }) ? saved
        : items.length ? items[0].id : '';
      sel.value = state.municipalityId;
    });
  }

  $('municipality').addEventListener('change', function () {
    state.municipalityId = $('municipality').value;
    sessionStorage.setItem(TOKEN_KEY + '.municipality', state.municipalityId);
    state.shown = {};
    refresh();
  });

  function scope(sep) {
    return state.municipalityId ? (sep || '?') + 'municipalityId=' + encodeURIComponent(state.municipalityId) : '';
  }

  /** base with the municipality and then extra (a query string without its first separator) added. */
  function scoped(base, extra) {
    var s = base + scope();
    return extra ? s + (s.indexOf('?') >= 0 ? '&' : '?') + extra : s;
  }

  /** Reads everything for the chosen municipality and listens for changes. */
  function refresh() {
    position.reset(); // everything is read now: a new stream needs no catch-up
    listen();
    var all = [suppliers(), loadCounts(), loadInbox(), loadJustifications(), loadPlans(), loadBreaches(),
      loadEscalations()];
    return Promise.all(all).then(function () { shown(currentTab()); });
  }

  // ------------------------------------------------------------------ tabs (role=tablist, arrow keys)

  var tabs = Array.prototype.slice.call(document.querySelectorAll('#tabs [role=tab]'));

  function currentTab() {
    var on = tabs.filter(function (b) { return b.getAttribute('aria-selected') === 'true'; })[0];
    return on ? on.dataset.tab : 'inbox';
  }

  function selectTab(tab, focus) {
    tabs.forEach(function (b) {
      var on = b === tab;
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
      $(b.getAttribute('aria-controls')).hidden = !on;
    });
    if (focus) { tab.focus(); }
    shown(tab.dataset.tab);
  }

  tabs.forEach(function (b, i) {
    b.addEventListener('click', function () { selectTab(b, false); });
    b.addEventListener('keydown', function (e) {
      var to = null;
      if (e.key === 'ArrowRight') { to = tabs[(i + 1) % tabs.length]; }
      if (e.key === 'ArrowLeft') { to = tabs[(i - 1 + tabs.length) % tabs.length]; }
      if (e.key === 'Home') { to = tabs[0]; }
      if (e.key === 'End') { to = tabs[tabs.length - 1]; }
      if (to) { e.preventDefault(); selectTab(to, true); }
    });
  });

  /** The reports show something at once the first time their tab opens (the defaults are sensible). */
  function shown(tab) {
    if (!state.me || state.shown[tab]) { return; }
    if (tab === 'figures' && $('fig-supplier').value) { state.shown[tab] = true; showFigures(); }
    if (tab === 'comparison' && state.municipalityId) { state.shown[tab] = true; showComparison(); }
    if (tab === 'coverage' && $('cov-supplier').value) { state.shown[tab] = true; showCoverage(); }
  }

  // ------------------------------------------------------------------ suppliers and the pickers

  /** The municipality's suppliers (GET /api/v1/suppliers): names everywhere, care suppliers in the pickers. */
  function suppliers() {
    if (!state.municipalityId) { state.suppliers = []; renderPickers(); return Promise.resolve(); }
    return api('GET', '/api/v1/suppliers' + scope()).then(function (res) {
      state.suppliers = res.items || [];
      state.names = {};
      state.suppliers.forEach(function (s) { state.names[s.id] = s.name || s.id; });
      renderPickers();
      Object.keys(pages).forEach(function (k) { draw(pages[k]); });
    }).catch(function (err) { flash(describe(err), true); });
  }

  function supplierName(id) { return id == null ? '' : state.names[id] || id; }

  /** Private care suppliers first, then municipal home care, each by name; fire-and-rescue answers no calls here. */
  function careSuppliers() {
    var rank = { PRIVATE_CARE: 0, MUNICIPAL_HOME_CARE: 1 };
    return state.suppliers.filter(function (s) { return s.kind in rank; }).sort(function (a, b) {
      return rank[a.kind] - rank[b.kind] || String(a.name).localeCompare(String(b.name), locale());
    });
  }

  function renderPickers() {
    var care = careSuppliers();
    ['fig-supplier', 'cov-supplier'].forEach(function (id) {
      var sel = $(id);
      var was = sel.value;
      var html = '';
      ['PRIVATE_CARE', 'MUNICIPAL_HOME_CARE'].forEach(function (kind) {
        var group = care.filter(function (s) { return s.kind === kind; });
        if (group.length) {
          html += '<optgroup label="' + esc(word('supplierKind', kind)) + '">' + group.map(function (s) {
            return '<option value="' + esc(s.id) + '">' + esc(s.name || s.id) + '</option>';
          }).join('') + '</optgroup>';
        }
      });
      sel.innerHTML = html;
      // keep a choice still on the list; otherwise the first private supplier
      sel.value = care.some(function (s) { return s.id === was; }) ? was : care.length ? care[0].id : '';
    });
  }

  // ------------------------------------------------------------------ counts per tab (live)

  function loadCounts() {
    if (!state.municipalityId) { return Promise.resolve(); }
    return api('GET', '/api/v1/supervision/counts' + scope()).then(function (c) {
      state.counts = c;
      renderCounts();
    }).catch(function () { /* the lists still show what waits */ });
  }

  var GROUPS = {
    unroutable: ['UNROUTABLE', 'NO_RECIPIENT', 'ROUTING_FAILED', 'NO_FORWARD_TARGET', 'FIRE_WITHOUT_FIRE_AND_RESCUE'],
    cancelled: ['CANCELLED_UNANSWERED'],
    overdue: ['JUSTIFICATION_OVERDUE'],
    coverage: ['COVERAGE_HOLE'],
    calls: ['NOT_ACKNOWLEDGED', 'SYSTEM_FAULT', 'ADVERSE_EVENT_CANDIDATE', 'REPORTABLE_OUTCOME', 'SUPPLIER_SUSPENDED']
  };

  function setCount(el, n, urgent) {
    el.textContent = n ? String(n) : '';
    el.classList.toggle('urgent', !!urgent && n > 0);
    el.hidden = !n;
  }

  function renderCounts() {
    var c = state.counts;
    if (!c) { return; }
    var q = function (sel) { return document.querySelector(sel); };
    setCount(q('[data-count=inbox]'), c.inbox.open, true);
    setCount(q('[data-count=justifications]'), c.justifications.toDecide + c.justifications.overdue,
      c.justifications.overdue > 0);
    setCount(q('[data-count=plans]'), c.actionPlans.toDecide, false);
    setCount(q('[data-count=breaches]'), c.breachCandidates.open, true);
    var byKind = c.inbox.byKind || {};
    setCount(q('[data-group-count=all]'), c.inbox.open, false);
    Object.keys(GROUPS).forEach(function (g) {
      setCount(q('[data-group-count=' + g + ']'), GROUPS[g].reduce(function (n, k) { return n + (byKind[k] || 0); }, 0),
        false);
    });
  }

  // ------------------------------------------------------------------ cursor-paged lists

  var PAGE = 100;
  var pages = {};

  /** Loads the first page of a list into el; "more" appends the next one (the lists answer nextCursor). */
  function paged(key, el, path, render) {
    var p = pages[key] = { key: key, el: el, path: path, render: render, items: [], next: null, loaded: false };
    return nextPage(p, null);
  }

  function nextPage(p, cursor) {
    var url = p.path + (p.path.indexOf('?') >= 0 ? '&' : '?') + 'limit=' + PAGE
      + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    return api('GET', url).then(function (res) {
      if (pages[p.key] !== p) { return; } // reloaded meanwhile
      p.items = p.items.concat(res.items);
      p.next = res.nextCursor || null;
      p.loaded = true;
      draw(p);
    }).catch(failInto(p.el));
  }

  /**
   * Renders a list again, keeping what the supervisor was typing: each text field with a data-keep key gets its
   * value back (and the focus), as long as the same item and version is still there.
   */
  function draw(p) {
    if (!p.loaded) { return; }
    var kept = {};
    var focused = document.activeElement && p.el.contains(document.activeElement)
      ? document.activeElement.getAttribute('data-keep') : null;
    Array.prototype.forEach.call(p.el.querySelectorAll('[data-keep]'), function (f) { kept[f.getAttribute('data-keep')] = f.value; });
    p.el.innerHTML = p.render(p.items) + (p.next ? '<p><button type="button" class="more" data-more="' + esc(p.key)
      + '">' + esc(t('common.more', { n: p.items.length })) + '</button></p>' : '');
    Array.prototype.forEach.call(p.el.querySelectorAll('[data-keep]'), function (f) {
      var k = f.getAttribute('data-keep');
      if (kept[k]) { f.value = kept[k]; }
      if (k === focused) { f.focus(); }
    });
  }

  function failInto(el) {
    return function (err) { el.innerHTML = '<p class="error">' + esc(describe(err)) + '</p>'; };
  }

  function alarmLink(id) {
    return id == null ? '' : '<a href="#" class="alarm" data-alarm="' + esc(id) + '">#' + esc(id) + '</a>';
  }

  function badge(text, cls) { return '<span class="badge ' + esc(cls || '') + '">' + esc(text) + '</span>'; }

  function stateBadge(value) { return badge(word('state', value), 's-' + value); }

  function table(headers, rows, empty) {
    if (!rows.length) { return '<p class="empty">' + esc(empty || t('common.nothing')) + '</p>'; }
    return '<table><thead><tr>' + headers.map(function (h) { return '<th scope="col">' + esc(h) + '</th>'; }).join('')
      + '</tr></thead><tbody>' + rows.join('') + '</tbody></table>';
  }

  function kv(k, v, raw) { return v ? '<dt>' + esc(k) + '</dt><dd>' + (raw ? v : esc(v)) + '</dd>' : ''; }

  var formSeq = 0;

  /**
   * The decide form of a trail item: a labelled reason field and one button per verb ({verb, label, danger,
   * required}); version is the version the supervisor reads (sent with the decision), when the item has versions.
   */
  function decideForm(kind, id, version, reasonLabel, verbs) {
    var fid = 'reason-' + (++formSeq);
    return '<div class="decide"><label for="' + fid + '">' + esc(reasonLabel) + '</label>'
      + '<textarea id="' + fid + '" rows="2" maxlength="2000" data-reason data-keep="' + esc(kind + ':' + id + ':'
        + (version || 0)) + '"></textarea><div class="actions">'
      + verbs.map(function (v) {
        return '<button type="button" class="' + (v.danger ? 'danger' : 'primary') + '" data-decide="' + esc(kind)
          + '" data-id="' + esc(id) + '" data-verb="' + esc(v.verb) + '"' + (version ? ' data-version="'
          + esc(version) + '"' : '') + (v.required ? ' data-required' : '') + '>' + esc(v.label) + '</button>';
      }).join('') + '</div></div>';
  }

  // ------------------------------------------------------------------ the supervisors' inbox (live)

  function inboxGroup() {
    var checked = document.querySelector('input[name=inbox-group]:checked');
    return checked ? checked.value : 'all';
  }

  function loadInbox() {
    var g = inboxGroup();
    var path = scoped('/api/v1/inbox', ($('show-resolved-inbox').checked ? 'state=ALL' : 'state=OPEN')
      + (g !== 'all' ? '&kind=' + GROUPS[g].join(',') : ''));
    return paged('inbox', $('inbox'), path, function (items) {
      return table([t('inbox.col.raised'), t('inbox.col.what'), t('inbox.col.alarm'), t('inbox.col.supplier'),
        t('inbox.col.detail'), t('inbox.col.resolve')], items.map(function (i) {
        var resolve;
        if (i.state === 'OPEN') {
          var fid = 'resolve-' + i.id;
          resolve = '<div class="actions"><label class="vh" for="' + fid + '">' + esc(t('inbox.resolution'))
            + '</label><input id="' + fid + '" data-reason data-keep="inbox:' + esc(i.id) + '" placeholder="'
            + esc(t('inbox.resolution')) + '"><button type="button" data-decide="inbox" data-id="' + esc(i.id)
            + '" data-verb="resolve" data-required>' + esc(t('inbox.resolve')) + '</button></div>';
        } else {
          resolve = esc(i.resolution || '') + ' <span class="note">(' + esc(t('inbox.resolvedBy', {
            who: i.resolvedBy, when: when(i.resolvedAt) })) + ')</span>';
        }
        return '<tr class="' + (i.state === 'OPEN' ? 'open' : '') + '" data-inbox="' + esc(i.id) + '"><td>'
          + esc(when(i.raisedAt)) + '</td><td>' + esc(word('inbox.kind', i.kind))
          + (i.municipalityId ? '' : ' ' + badge(t('inbox.everyone'))) + '</td><td>' + alarmLink(i.alarmId)
          + '</td><td>' + esc(supplierName(i.supplierId)) + '</td><td>' + esc(prose(i.reason)) + '</td><td>'
          + resolve + '</td></tr>';
      }), t('inbox.empty'));
    });
  }
  $('show-resolved-inbox').addEventListener('change', function () { loadInbox(); });
  Array.prototype.forEach.call(document.querySelectorAll('input[name=inbox-group]'), function (r) {
    r.addEventListener('change', function () { loadInbox(); });
  });

  /** Runs load once within a short while however many events ask for it: a burst reloads a list once. */
  var pending = {};
  function soon(key, load) {
    if (pending[key]) { return; }
    pending[key] = setTimeout(function () { pending[key] = null; load(); }, 250);
  }

  // where the stream got to: a reconnect sends it and the server replays what was missed (or says resync)
  var position = EventStream.position();

  function live(s) {
    state.live = s;
    $('live').setAttribute('data-state', s);
    $('live-text').textContent = t('live.' + s);
  }

  var ON_EVENT = [
    [/^inbox\./, ['inbox']],
    [/^justification\./, ['justifications']],
    [/^action_plan\./, ['plans']],
    [/^breach\./, ['breaches']],
    [/^alarm\.(forwarded|unroutable)/, ['escalations']]
  ];
  var LOADERS = { inbox: function () { return loadInbox(); }, justifications: function () { return loadJustifications(); },
    plans: function () { return loadPlans(); }, breaches: function () { return loadBreaches(); },
    escalations: function () { return loadEscalations(); }, counts: function () { return loadCounts(); } };

  /** The supervisors' live stream (event-stream.js). */
  function listen() {
    if (state.stream) { state.stream.abort(); }
    var ctrl = new AbortController(); state.stream = ctrl;
    if (!state.municipalityId) { live('choose'); return; }
    fetch('/api/v1/supervision/events' + scope() + position.query('&'), { headers: {
      Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' }, signal: ctrl.signal, cache: 'no-store' })
      .then(function (r) {
        if (r.status >= 400 && r.status < 500) {
          // refused: asking again every 3 s would not change the answer
          live('refused');
          ctrl.abort();
          return;
        }
        if (!r.ok || !r.body) { throw new Error('stream ' + r.status); }
        live('live');
        return EventStream.read(r, function (block) {
          if (position.see(block) === 'resync') {
            Object.keys(LOADERS).forEach(function (k) { soon(k, LOADERS[k]); });
            return;
          }
          var m = /^event: ?(.+)$/m.exec(block);
          if (!m) { return; }
          var event = m[1].trim();
          ON_EVENT.forEach(function (rule) {
            if (rule[0].test(event)) { rule[1].forEach(function (k) { soon(k, LOADERS[k]); }); }
          });
          soon('counts', LOADERS.counts);
          if (event === 'inbox.item') { told(block); }
        });
      }).catch(function () {
        if (ctrl.signal.aborted) { return; }
        live('reconnecting');
        setTimeout(function () { if (state.stream === ctrl && token()) { listen(); } }, 3000);
      });
  }

  /** A new inbox item is said aloud (a screen reader's live region) and shown. */
  function told(block) {
    var d = /^data: ?(.*)$/m.exec(block);
    try {
      var item = d ? JSON.parse(d[1]) : null;
      if (item && item.state === 'OPEN' && item.version === 1) {
        var what = word('inbox.kind', item.kind) + (item.alarmId ? ' #' + item.alarmId : '');
        announce(t('inbox.new', { what: what }));
        flash(t('inbox.new', { what: what }));
      }
    } catch (e) { /* not JSON: the list is read again anyway */ }
  }

  // ------------------------------------------------------------------ versions and decisions, read where decided

  /** Every version, newest first, each with its text in full; the decisions made on it under it. */
  function versionsHtml(versions, decisions, plan) {
    if (!versions || !versions.length) { return ''; }
    var latest = versions[versions.length - 1].version;
    var legacy = (decisions || []).filter(function (d) { return d.version === 0; });
    return versions.slice().reverse().map(function (v) {
      var on = (decisions || []).filter(function (d) { return d.version === v.version; });
      return '<section class="version' + (v.version === latest ? ' latest' : '') + '" data-version="'
        + esc(v.version) + '"><h4>' + esc(t('version.heading', { v: v.version }))
        + (v.version === latest ? ' ' + badge(t('version.latest'), 'latest') : '')
        + ' <span class="note">' + esc(t('version.by', { when: when(v.submittedAt), who: v.author }))
        + (v.inTime == null ? '' : ' · ' + esc(v.inTime ? t('version.inTime') : t('version.late'))) + '</span></h4>'
        + '<blockquote class="text">' + esc(v.text) + '</blockquote>'
        + (plan ? '<h5>' + esc(t('version.measures')) + '</h5><blockquote class="text">' + esc(v.measures)
          + '</blockquote>' + (v.startsOn || v.endsOn ? '<p class="note">' + esc(t('version.period')) + ': '
          + esc(dateWords(v.startsOn)) + ' – ' + esc(dateWords(v.endsOn)) + '</p>' : '') : '')
        + on.map(decisionHtml).join('') + '</section>';
    }).join('') + legacy.map(function (d) {
      return '<section class="version"><h4>' + esc(t('version.legacy')) + '</h4>' + decisionHtml(d) + '</section>';
    }).join('');
  }

  function decisionHtml(d) {
    var cls = d.decision === 'REJECTED' ? 'rejected' : 'accepted';
    return '<p class="decision ' + cls + '">' + esc(t('decision.line', { decision: word('decision', d.decision),
      v: d.version, when: when(d.decidedAt), who: d.decidedBy })) + (d.reason ? ': <q>' + esc(d.reason) + '</q>' : '')
      + (d.dueAfter && d.dueAfter !== d.dueBefore ? ' <span class="note">(' + esc(t('decision.dueMoved',
        { when: when(d.dueAfter) })) + ')</span>' : '') + '</p>';
  }

  // ------------------------------------------------------------------ justifications

  function loadJustifications() {
    // waiting ones (the server lists overdue first); "show accepted" lists every state
    var states = $('show-decided-justifications').checked ? '' : 'state=OPEN,SUBMITTED,REJECTED';
    return paged('justifications', $('justifications'), scoped('/api/v1/justifications', states), function (items) {
      if (!items.length) { return '<p class="empty">' + esc(t('just.empty')) + '</p>'; }
      return items.map(function (j) { return justificationHtml(j, false); }).join('');
    });
  }
  $('show-decided-justifications').addEventListener('change', function () { loadJustifications(); });

  function justificationHtml(j, nested) {
    var versions = j.versions || [];
    var latest = versions.length ? versions[versions.length - 1].version : null;
    var decide = '';
    if (!nested) {
      decide = j.state === 'SUBMITTED' && latest
        ? decideForm('justifications', j.id, latest, t('just.reasonLabel'), [
          { verb: 'accept', label: t('just.accept', { v: latest }) },
          { verb: 'reject', label: t('just.reject', { v: latest }), danger: true, required: true }])
        : j.state === 'OPEN' || j.state === 'REJECTED' ? '<p class="note">' + esc(t('just.waiting')) + '</p>' : '';
    }
    var h = nested ? 'h4' : 'h3';
    return '<article class="case' + (j.overdue ? ' overdue' : '') + '" data-justification="' + esc(j.id) + '"><' + h
      + '>' + esc(t('just.heading', { id: j.id })) + ' · ' + alarmLink(j.alarmId) + ' · '
      + esc(supplierName(j.supplierId)) + ' ' + stateBadge(j.state)
      + (j.overdue ? ' ' + badge(t('common.overdue'), 'overdue') : '') + '</' + h + '>'
      + '<dl class="kv">' + kv(t('just.forwarded'), when(j.forwardedAt) + (j.forwardTarget ? ' → '
        + word('target', j.forwardTarget) : '')) + kv(t('just.due'), when(j.dueAt)) + '</dl>'
      + (versions.length ? versionsHtml(versions, j.decisions) : '<p class="note">' + esc(t('just.noVersion')) + '</p>')
      + (versions.length ? decide : '') + '</article>';
  }

  // ------------------------------------------------------------------ action plans

  function loadPlans() {
    return paged('plans', $('plans'), '/api/v1/action-plans' + scope(), function (items) {
      if (!items.length) { return '<p class="empty">' + esc(t('plan.empty')) + '</p>'; }
      return items.map(function (p) { return planHtml(p, false); }).join('');
    });
  }

  function planHtml(p, nested) {
    var versions = p.versions || [];
    var latest = versions.length ? versions[versions.length - 1].version : null;
    var decide = '';
    if (!nested) {
      decide = p.state === 'SUBMITTED' && latest
        ? decideForm('action-plans', p.id, latest, t('just.reasonLabel'), [
          { verb: 'approve', label: t('plan.approve', { v: latest }) },
          { verb: 'reject', label: t('plan.reject', { v: latest }), danger: true, required: true }])
        : p.state === 'REQUIRED' || p.state === 'REJECTED' ? '<p class="note">' + esc(t('plan.waiting')) + '</p>' : '';
    }
    var h = nested ? 'h4' : 'h3';
    return '<article class="case" data-plan="' + esc(p.id) + '"><' + h + '>' + esc(t('plan.heading', { id: p.id }))
      + ' · ' + esc(supplierName(p.supplierId)) + ' ' + stateBadge(p.state) + '</' + h + '>'
      + '<dl class="kv">' + kv(t('plan.required'), when(p.requiredAt))
      + kv(t('plan.rule'), t('plan.ruleText.' + p.counting, { n: p.threshold }))
      + kv(t('plan.alarms'), (p.alarms || []).map(function (a) {
        return alarmLink(a.alarmId) + ' <span class="note">(' + esc(when(a.forwardedAt)) + ', '
          + esc(word('plan.role', a.role)) + ')</span>';
      }).join(', '), true)
      + kv(t('plan.followUp'), when(p.followUpUntil)) + '</dl>'
      + (versions.length ? versionsHtml(versions, p.decisions, true) : '<p class="note">' + esc(t('plan.waiting'))
        + '</p>')
      + decide + '</article>';
  }

  // ------------------------------------------------------------------ breach candidates, with their history

  var breachHistory = {};
  var expanded = {};

  function loadBreaches() {
    return paged('breaches', $('breaches'), '/api/v1/breach-candidates' + scope(), function (items) {
      if (!items.length) { return '<p class="empty">' + esc(t('breach.empty')) + '</p>'; }
      return items.map(breachHtml).join('');
    }).then(function () {
      // the open ones are read with their history at once: they are few, and they wait for a decision
      var open = (pages.breaches.items || []).filter(function (b) { return b.state === 'OPEN'; });
      return Promise.all(open.map(function (b) {
        if (expanded[b.id] === undefined) { expanded[b.id] = true; }
        return expanded[b.id] ? readBreach(b.id, b.state) : null;
      }));
    });
  }

  function readBreach(id, st) {
    var cached = breachHistory[id];
    if (cached && cached.state === st) { return Promise.resolve(); }
    return api('GET', '/api/v1/breach-candidates/' + encodeURIComponent(id)).then(function (b) {
      breachHistory[id] = b;
      draw(pages.breaches);
    }).catch(function (err) { flash(describe(err), true); });
  }

  function breachHtml(b) {
    var open = expanded[b.id];
    var history = breachHistory[b.id];
    var button = '<button type="button" class="link" data-breach="' + esc(b.id) + '" aria-expanded="'
      + (open ? 'true' : 'false') + '" aria-controls="breach-history-' + esc(b.id) + '">'
      + esc(open ? t('breach.hide') : b.state === 'OPEN' ? t('breach.read') : t('breach.readDecided')) + '</button>';
    var body = '';
    if (open) {
      body = '<div class="history" id="breach-history-' + esc(b.id) + '">' + (history ? breachHistoryHtml(history)
        : '<p class="note">' + esc(t('breach.loading')) + '</p>') + '</div>';
    }
    var decided = b.decidedAt ? '<p class="decision ' + (b.state === 'CONFIRMED' ? 'rejected' : 'accepted') + '">'
      + esc(word('state', b.state)) + ' – ' + esc(when(b.decidedAt)) + ', ' + esc(b.decidedBy)
      + (b.decisionReason ? ': <q>' + esc(b.decisionReason) + '</q>' : '') + '</p>' : '';
    return '<article class="case" data-breach-case="' + esc(b.id) + '"><h3>' + esc(t('breach.heading', { id: b.id }))
      + ' · ' + esc(supplierName(b.supplierId)) + ' ' + stateBadge(b.state) + '</h3><dl class="kv">'
      + kv(t('breach.raised'), when(b.raisedAt)) + kv(t('breach.theAlarm'), alarmLink(b.alarmId), true)
      + kv(t('breach.plan'), '#' + b.actionPlanId) + '</dl>' + decided + button + body
      // the decision only where the history has been read
      + (b.state === 'OPEN' && open && history ? decideForm('breach-candidates', b.id, null, t('breach.reasonLabel'), [
        { verb: 'confirm', label: t('breach.confirm'), danger: true, required: true },
        { verb: 'dismiss', label: t('breach.dismiss'), required: true }]) : '')
      + '</article>';
  }

  function breachHistoryHtml(h) {
    return (h.actionPlan ? planHtml(h.actionPlan, true) : '')
      + '<h4>' + esc(t('breach.alarmJustifications')) + '</h4>'
      + ((h.justifications || []).length ? h.justifications.map(function (j) { return justificationHtml(j, true); })
        .join('') : '<p class="note">' + esc(t('breach.noJustification')) + '</p>')
      + '<h4>' + esc(t('breach.others')) + '</h4>'
      + ((h.otherCandidates || []).length ? '<ul class="others">' + h.otherCandidates.map(function (o) {
        return '<li>' + esc(t('breach.heading', { id: o.id })) + ' · ' + alarmLink(o.alarmId) + ' · '
          + esc(when(o.raisedAt)) + ' ' + stateBadge(o.state) + (o.decisionReason ? ' <q>' + esc(o.decisionReason)
          + '</q>' : '') + '</li>';
      }).join('') + '</ul>' : '<p class="note">' + esc(t('breach.noOthers')) + '</p>');
  }

  // ------------------------------------------------------------------ escalations

  function loadEscalations() {
    return paged('escalations', $('escalations'), '/api/v1/escalations' + scope(), function (items) {
      return table([t('esc.col.alarm'), t('esc.col.supplier'), t('esc.col.step'), t('esc.col.kind'), t('esc.col.due'),
        t('esc.col.fired')], items.map(function (e) {
        return '<tr><td>' + alarmLink(e.alarmId) + '</td><td>' + esc(supplierName(e.supplierId)) + supplierPhone(e)
          + '</td><td>' + esc(word('step', e.step)) + '</td><td>' + esc(word('escKind', e.kind)) + '</td><td>'
          + esc(when(e.dueAt)) + '</td><td>' + esc(when(e.firedAt)) + (e.late ? ' ' + badge(t('esc.late'), 'overdue')
          : '') + '</td></tr>';
      }), t('esc.empty'));
    });
  }

  /** The supplier's 24/7 phone (a tel: link) and who to ask for, under its name; nothing when none is on record. */
  function supplierPhone(e) {
    if (!e.supplierPhone) { return ''; }
    return '<br><a href="tel:' + esc(e.supplierPhone.replace(/[ -]/g, '')) + '">' + esc(e.supplierPhone) + '</a>'
      + (e.supplierContactPerson ? ' <span class="note">' + esc(e.supplierContactPerson) + '</span>' : '');
  }

  // ------------------------------------------------------------------ decisions (delegated clicks)

  var RELOAD = { 'justifications': loadJustifications, 'action-plans': loadPlans, 'breach-candidates': loadBreaches,
    'inbox': loadInbox };
  var HEADING = { 'justifications': 'just.heading', 'action-plans': 'plan.heading', 'breach-candidates': 'breach.heading' };

  document.addEventListener('click', function (e) {
    var more = e.target.closest('button[data-more]');
    if (more) {
      var p = pages[more.dataset.more];
      more.disabled = true;
      if (p && p.next) { nextPage(p, p.next); }
      return;
    }
    var b = e.target.closest('button[data-decide]');
    if (b) { decide(b); return; }
    var br = e.target.closest('button[data-breach]');
    if (br) {
      var id = br.dataset.breach;
      expanded[id] = !expanded[id];
      draw(pages.breaches);
      if (expanded[id]) {
        var item = pages.breaches.items.filter(function (x) { return String(x.id) === id; })[0];
        readBreach(id, item ? item.state : null);
      }
      return;
    }
    var a = e.target.closest('a[data-alarm]');
    if (a) { e.preventDefault(); showAlarm(a.dataset.alarm); }
  });

  function decide(b) {
    var box = b.closest('.decide') || b.closest('.actions');
    var input = box ? box.querySelector('[data-reason]') : null;
    var reason = input ? input.value.trim() : '';
    if (b.hasAttribute('data-required') && !reason) {
      flash(t('common.giveReason', { verb: t('verb.' + b.dataset.verb) }), true);
      if (input) { input.focus(); }
      return;
    }
    b.disabled = true;
    var kind = b.dataset.decide;
    var body = reason ? (kind === 'inbox' ? { resolution: reason } : { reason: reason }) : {};
    // the decision is on the version shown: the server refuses it if a newer one has arrived meanwhile
    if (b.dataset.version) { body.version = Number(b.dataset.version); }
    // others decide as themselves; an ADMIN must name the actor
    if (state.me && state.me.role === 'ADMIN') { body.actor = state.me.username; }
    api('POST', '/api/v1/' + kind + '/' + b.dataset.id + '/' + b.dataset.verb, body)
      .then(function (item) {
        var what = kind === 'inbox' ? word('inbox.kind', item && item.kind) : t(HEADING[kind], { id: b.dataset.id });
        flash(t('common.done', { what: what, state: word('state', item && item.state) }));
        if (input) { input.value = ''; }
        loadCounts();
        return RELOAD[kind]();
      })
      .catch(function (err) {
        b.disabled = false;
        flash(describe(err), true);
        if (err.status === 409) { RELOAD[kind](); } // show what changed
      });
  }

  // ------------------------------------------------------------------ alarm timeline

  function openDialog() {
    var dialog = $('alarm-dialog');
    if (dialog.showModal) { if (!dialog.open) { dialog.showModal(); } } else { dialog.setAttribute('open', ''); }
  }

  function showAlarm(id) {
    var el = $('alarm-detail');
    el.innerHTML = '<p class="note">' + esc(t('loading')) + '</p>';
    openDialog();
    api('GET', '/api/v1/alarms/' + encodeURIComponent(id)).then(function (a) {
      var r = a.routing || {};
      var s = a.status || {};
      el.innerHTML = '<h2 id="alarm-title">' + esc(t('alarm.heading', { id: a.id })) + ' ' + stateBadge(s.state || a.state)
        + '</h2><dl class="kv">'
        + kv(t('alarm.received'), when(a.receivedAt)) + kv(t('alarm.account'), a.account)
        + kv(t('alarm.category'), word('category', a.category) + (a.eventCode ? ' (' + a.eventCode + ')' : ''))
        + kv(t('alarm.citizen'), r.citizenId) + kv(t('alarm.municipality'), r.municipalityId)
        + kv(t('alarm.supplier'), supplierName(r.supplierId)) + kv(t('alarm.handling'), word('handling', r.handling))
        + kv(t('alarm.deadline'), when(a.responseDeadline))
        + kv(t('alarm.acknowledged'), s.acknowledgedAt ? t('alarm.by', { when: when(s.acknowledgedAt),
          who: s.acknowledgedBy || '' }) : '')
        + kv(t('alarm.response'), s.response ? t('alarm.at', { what: word('response', s.response),
          when: when(s.respondedAt) }) : '')
        + kv(t('alarm.inTime'), s.answeredInTime == null ? '' : s.answeredInTime ? t('common.yes') : t('common.no'))
        + kv(t('alarm.forwarded'), [s.forwardedMunicipalAt && word('target', 'MUNICIPAL_HOME_CARE') + ' '
          + when(s.forwardedMunicipalAt), s.forwardedFireAt && word('target', 'FIRE_AND_RESCUE') + ' '
          + when(s.forwardedFireAt)].filter(Boolean).join(', '))
        + '</dl><h3>' + esc(t('alarm.deadlines')) + '</h3>' + table([t('alarm.col.step'), t('alarm.col.due'),
          t('alarm.col.fired'), t('alarm.col.outcome')], (a.deadlines || []).map(function (d) {
          return '<tr><td>' + esc(word('step', d.step)) + '</td><td>' + esc(when(d.dueAt)) + '</td><td>'
            + esc(when(d.firedAt)) + '</td><td>' + esc(word('outcome', d.outcome)) + '</td></tr>';
        }), t('alarm.noDeadlines'))
        + '<h3>' + esc(t('alarm.timeline')) + '</h3>' + table([t('alarm.col.at'), t('alarm.col.actor'),
          t('alarm.col.what'), t('alarm.col.state'), t('alarm.col.detail')], (a.timeline || []).map(function (x) {
          return '<tr><td>' + esc(when(x.at)) + '</td><td>' + esc(x.actor) + '</td><td>' + esc(word('timeline', x.kind))
            + '</td><td>' + esc(x.toState && x.toState !== x.fromState ? (x.fromState ? word('state', x.fromState)
              + ' → ' : '') + word('state', x.toState) : '') + '</td><td>' + esc(prose(x.detail)) + '</td></tr>';
        }), t('alarm.noTimeline'));
    }).catch(failInto(el));
  }

  // ------------------------------------------------------------------ figures for one supplier

  function defaults() {
    var now = new Date();
    if (!$('fig-to').value) { $('fig-to').value = copenhagenDate(new Date(now.getTime() + 86400000)); }
    if (!$('fig-from').value) { $('fig-from').value = copenhagenDate(new Date(now.getTime() - 29 * 86400000)); }
    var thisMonth = copenhagenDate(now).slice(0, 7);
    if (!$('stmt-month').value) { $('stmt-month').value = shiftMonth(thisMonth, -1); }
    if (!$('cmp-to').value) { $('cmp-to').value = thisMonth; }
    if (!$('cmp-from').value) { $('cmp-from').value = shiftMonth(thisMonth, -11); }
  }

  function figuresQuery(extra) {
    return '/api/v1/suppliers/' + encodeURIComponent($('fig-supplier').value) + '/figures?from='
      + encodeURIComponent($('fig-from').value) + '&to=' + encodeURIComponent($('fig-to').value) + (extra || '');
  }

  $('figures-form').addEventListener('submit', function (e) { e.preventDefault(); showFigures(); });

  function showFigures() {
    var supplier = $('fig-supplier').value;
    if (!supplier) { flash(t('fig.chooseSupplier'), true); return; }
    api('GET', figuresQuery()).then(function (f) {
      state.figures = f;
      renderFigures(f);
      return forwardsChart(supplier, $('fig-from').value, $('fig-to').value);
    }).catch(failInto($('figures')));
  }

  function renderFigures(f) {
    $('figures').innerHTML = '<dl class="kv figures">' + kv(t('fig.supplier'), supplierName(f.supplierId))
      + kv(t('fig.calls'), number(f.calls))
      + kv(t('fig.inTime'), number(f.answeredInTime) + (f.shareAnsweredInTime == null ? ''
        : ' (' + percent(f.shareAnsweredInTime) + ')'))
      + kv(t('fig.p50'), duration(f.p50Seconds)) + kv(t('fig.p90'), duration(f.p90Seconds))
      + kv(t('fig.max'), duration(f.maxSeconds)) + kv(t('fig.forwards'), number(f.forwards))
      + kv(t('fig.cancelled'), number(f.cancelledUnanswered)) + kv(t('fig.overdue'), number(f.overdueJustifications))
      + '</dl>';
    $('chart-response').innerHTML = Charts.bars([[t('fig.p50'), f.p50Seconds], [t('fig.p90'), f.p90Seconds],
      [t('fig.max'), f.maxSeconds]], duration, t('fig.chartResponse'));
  }

  /** The Monday of the ISO week of a Copenhagen date (YYYY-MM-DD), and the week's number. */
  function isoWeek(date) {
    var p = date.split('-');
    var d = new Date(Date.UTC(Number(p[0]), Number(p[1]) - 1, Number(p[2])));
    var monday = new Date(d.getTime() - ((d.getUTCDay() + 6) % 7) * 86400000);
    var thursday = new Date(monday.getTime() + 3 * 86400000);
    var jan1 = new Date(Date.UTC(thursday.getUTCFullYear(), 0, 1));
    return { monday: monday.toISOString().slice(0, 10), week: Math.floor((thursday - jan1) / 604800000) + 1 };
  }

  /** Forwards per ISO week (Copenhagen dates) for one supplier, counted from the escalations (kinds FORWARDED_*). */
  function forwardsChart(supplier, from, to) {
    var q = '?supplierId=' + encodeURIComponent(supplier) + '&from=' + encodeURIComponent(from) + '&to='
      + encodeURIComponent(to) + '&limit=1000' + scope('&');
    return allPages('/api/v1/escalations' + q).then(function (items) {
      var weeks = {};
      for (var day = from; day < to; day = copenhagenDate(new Date(Date.parse(day + 'T12:00:00Z') + 7 * 86400000))) {
        var w = isoWeek(day);
        weeks[w.monday] = { week: w.week, n: 0 };
      }
      items.forEach(function (e) {
        if (String(e.kind).indexOf('FORWARDED') === 0) {
          var w = isoWeek(copenhagenDate(new Date(e.firedAt)));
          (weeks[w.monday] = weeks[w.monday] || { week: w.week, n: 0 }).n++;
        }
      });
      state.forwards = Object.keys(weeks).sort().map(function (k) { return [weeks[k].week, weeks[k].n]; });
      renderForwards(state.forwards);
    }).catch(failInto($('chart-forwards')));
  }

  function renderForwards(data) {
    $('chart-forwards').innerHTML = data.length ? Charts.bars(data.map(function (d) {
      return [t('fig.week', { w: d[0] }), d[1]];
    }), function (v) { return number(v || 0); }, t('fig.chartForwards')) : '<p class="empty">' + esc(t('fig.noWeeks'))
      + '</p>';
  }

  /** Every item of a list, page after page (for the charts; at most 50 pages of 1000). */
  function allPages(path) {
    var out = [];
    var step = function (cursor, n) {
      return api('GET', path + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '')).then(function (res) {
        out = out.concat(res.items);
        return res.nextCursor && n < 50 ? step(res.nextCursor, n + 1) : out;
      });
    };
    return step(null, 1);
  }

  // ------------------------------------------------------------------ the comparison across the municipality

  var METRICS = {
    share: { value: function (m) { return m.shareAnsweredInTime; }, format: percent, max: 1 },
    calls: { value: function (m) { return m.calls; }, format: number },
    forwards: { value: function (m) { return m.forwards; }, format: number },
    p90: { value: function (m) { return m.p90Seconds; }, format: duration,
      axis: function (v) { return number(Math.round(v / 60)) + ' min'; } },
    cancelled: { value: function (m) { return m.cancelledUnanswered; }, format: number }
  };

  function comparisonQuery(extra) {
    return scoped('/api/v1/supplier-comparison', 'from=' + encodeURIComponent($('cmp-from').value) + '&to='
      + encodeURIComponent($('cmp-to').value) + (extra || ''));
  }

  $('comparison-form').addEventListener('submit', function (e) { e.preventDefault(); showComparison(); });
  $('cmp-metric').addEventListener('change', function () { if (state.comparison) { renderComparison(state.comparison); } });

  function showComparison() {
    return api('GET', comparisonQuery()).then(function (c) {
      state.comparison = c;
      renderComparison(c);
    }).catch(failInto($('comparison')));
  }

  function renderComparison(c) {
    var metric = METRICS[$('cmp-metric').value] || METRICS.share;
    var metricName = t('cmp.metric.' + $('cmp-metric').value);
    var months = c.months || [];
    var labels = months.map(function (m) { return monthWords(m); });
    if (!c.suppliers.length) {
      $('cmp-chart').innerHTML = '';
      $('comparison').innerHTML = '<p class="empty">' + esc(t('cmp.none')) + '</p>';
      return;
    }
    var label = t('cmp.chartLabel', { metric: metricName, n: c.suppliers.length, from: monthWords(c.from, true),
      to: monthWords(c.to, true) });
    $('cmp-caption').textContent = label;
    $('cmp-chart').innerHTML = Charts.lines(labels, c.suppliers.map(function (s) {
      return { name: s.name || s.id, values: s.months.map(metric.value) };
    }), metric.axis || metric.format, label, metric.max, metric.format);
    $('comparison').innerHTML = '<div class="scroll"><table class="comparison"><caption>' + esc(metricName)
      + '</caption><thead><tr><th scope="col">' + esc(t('cmp.supplier')) + '</th>'
      + months.map(function (m) { return '<th scope="col">' + esc(monthWords(m)) + '</th>'; }).join('')
      + '<th scope="col">' + esc(t('cmp.total')) + '</th></tr></thead><tbody>'
      + c.suppliers.map(function (s) {
        return '<tr data-supplier="' + esc(s.id) + '"><th scope="row">' + esc(s.name || s.id) + ' <span class="note">'
          + esc(word('supplierKind', s.kind)) + '</span></th>' + s.months.map(function (m) {
          return '<td>' + esc(metric.format(metric.value(m))) + '</td>';
        }).join('') + '<td>' + esc(metric.format(metric.value(s.total))) + '</td></tr>';
      }).join('') + '</tbody></table></div>';
  }

  $('csv-comparison').addEventListener('click', function () {
    download(comparisonQuery('&format=csv'), 'supplier-comparison.csv');
  });

  // ------------------------------------------------------------------ CSV downloads (fetch with the token, save a Blob)

  function download(path, fallbackName) {
    fetch(path, { headers: { Authorization: 'Bearer ' + token() } }).then(function (r) {
      if (!r.ok) {
        return r.json().catch(function () { return {}; }).then(function (j) {
          var err = new Error(j.message || ('HTTP ' + r.status));
          err.status = r.status;
          err.code = j.error;
          throw err;
        });
      }
      var cd = r.headers.get('content-disposition') || '';
      var m = /filename="?([^";]+)"?/.exec(cd);
      return r.blob().then(function (blob) {
        var url = URL.createObjectURL(blob);
        var a = document.createElement('a');
        a.href = url;
        a.download = m ? m[1] : fallbackName;
        document.body.appendChild(a);
        a.click();
        a.remove();
        setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
      });
    }).catch(function (err) { flash(describe(err), true); });
  }

  $('csv-figures').addEventListener('click', function () {
    if (!$('fig-supplier').value) { flash(t('fig.chooseSupplier'), true); return; }
    download(figuresQuery('&format=csv'), 'figures.csv');
  });

  $('csv-statement').addEventListener('click', function () {
    var s = $('fig-supplier').value;
    if (!s) { flash(t('fig.chooseSupplier'), true); return; }
    download('/api/v1/suppliers/' + encodeURIComponent(s) + '/statement?format=csv&month='
      + encodeURIComponent($('stmt-month').value), 'statement.csv');
  });

  // ------------------------------------------------------------------ duty coverage

  $('coverage-form').addEventListener('submit', function (e) { e.preventDefault(); showCoverage(); });

  function showCoverage() {
    var s = $('cov-supplier').value;
    if (!s) { flash(t('fig.chooseSupplier'), true); return; }
    api('GET', '/api/v1/suppliers/' + encodeURIComponent(s) + '/coverage?days=' + encodeURIComponent($('cov-days').value))
      .then(function (res) { state.coverage = res; renderCoverage(res); })
      .catch(failInto($('coverage')));
  }

  function renderCoverage(res) {
    $('coverage').innerHTML = '<p class="note">' + esc(supplierName(res.supplierId)) + ': '
      + esc(t('cov.period', { from: when(res.from), to: when(res.to) })) + '</p>'
      + table([t('cov.col.from'), t('cov.col.to'), t('cov.col.length')], res.gaps.map(function (g) {
        return '<tr class="open"><td>' + esc(when(g.from)) + '</td><td>' + esc(when(g.to)) + '</td><td>'
          + esc(duration((Date.parse(g.to) - Date.parse(g.from)) / 1000)) + '</td></tr>';
      }), t('cov.none'));
  }

  // ------------------------------------------------------------------ boot

  setLanguage(localStorage.getItem(LANG_KEY) || 'da');
  if (token()) { start(); } else { loggedOut(''); }
}());
