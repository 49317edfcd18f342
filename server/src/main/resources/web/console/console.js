// Supervisor console: plain JS, no build step. Talks to the Vagtcentral JSON API with the bearer token kept in
// sessionStorage. The lists page by cursor (100 at a time, "more" fetches the next page); suppliers come from
// GET /api/v1/suppliers?municipalityId= (the municipality's suppliers, for the pickers).
(function () {
  'use strict';

  var TOKEN_KEY = 'vagtcentral.console.token';
  var state = { me: null, municipalityId: null, suppliers: new Set() };

  function $(id) { return document.getElementById(id); }

  function esc(v) {
    return String(v == null ? '' : v).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }

  function when(iso) {
    if (!iso) { return ''; }
    var d = new Date(iso);
    return isNaN(d) ? iso : d.toLocaleString('da-DK', { dateStyle: 'short', timeStyle: 'short' });
  }

  function token() { return sessionStorage.getItem(TOKEN_KEY); }

  /** fetch with the bearer token; resolves the parsed JSON, rejects with {status, error, message}. */
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
            if (r.status === 401 && path !== '/api/v1/login') { loggedOut('Your session ended; log in again.'); }
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
    var prefix = err.status === 409 ? 'Refused (409' + (err.code ? ' ' + err.code : '') + '): '
      : err.status ? 'Error ' + err.status + (err.code ? ' ' + err.code : '') + ': ' : '';
    return prefix + err.message;
  }

  function flash(text, isError) {
    var f = $('flash');
    f.textContent = text;
    f.className = 'flash' + (isError ? ' error' : '');
    f.hidden = false;
    clearTimeout(flash.timer);
    flash.timer = setTimeout(function () { f.hidden = true; }, isError ? 12000 : 4000);
  }

  // ------------------------------------------------------------------ login

  function loggedOut(message) {
    if (state.stream) { state.stream.abort(); state.stream = null; }
    sessionStorage.removeItem(TOKEN_KEY);
    state.me = null;
    $('app').hidden = true;
    $('who').hidden = true;
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

  function start() {
    api('GET', '/api/v1/me').then(function (me) {
      state.me = me;
      if (me.role !== 'SUPERVISOR' && me.role !== 'ADMIN') {
        loggedOut('This console is for supervisors; ' + me.username + ' is ' + me.role + '. Dispatchers use /desk/.');
        return;
      }
      state.municipalityId = me.municipalityId || sessionStorage.getItem(TOKEN_KEY + '.municipality') || '';
      $('municipality').value = state.municipalityId;
      $('municipality').readOnly = me.role !== 'ADMIN';
      $('who-name').textContent = (me.displayName || me.username) + ' (' + me.role.toLowerCase() + ')';
      $('login-view').hidden = true;
      $('who').hidden = false;
      $('app').hidden = false;
      defaults();
      refresh();
    }).catch(function (err) { if (err.status !== 401) { loggedOut(describe(err)); } });
  }

  $('municipality').addEventListener('change', function () {
    state.municipalityId = $('municipality').value.trim();
    sessionStorage.setItem(TOKEN_KEY + '.municipality', state.municipalityId);
    refresh();
  });
  $('refresh').addEventListener('click', function () { refresh(); });

  // ------------------------------------------------------------------ tabs

  Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (b) {
    b.addEventListener('click', function () {
      Array.prototype.forEach.call(document.querySelectorAll('#tabs button'), function (o) {
        o.classList.toggle('active', o === b);
      });
      Array.prototype.forEach.call(document.querySelectorAll('.tab'), function (t) {
        t.hidden = t.id !== 'tab-' + b.dataset.tab;
      });
    });
  });

  function scope() {
    return state.municipalityId ? '?municipalityId=' + encodeURIComponent(state.municipalityId) : '';
  }

  function refresh() {
    state.suppliers = new Set();
    var all = [loadInbox(), loadJustifications(), loadEscalations(), loadPlans(), loadBreaches()];
    position.reset(); // everything was just read: a new stream needs no catch-up
    listen();
    var directory = state.municipalityId ? '/api/v1/suppliers' + scope()
      : state.me && state.me.role === 'ADMIN' ? '/api/v1/admin/suppliers' : null;
    if (directory) {
      all.push(api('GET', directory).then(function (res) {
        res.items.forEach(function (s) { addSupplier(s.id); });
      }).catch(function () { /* the ids named in the lists still fill the picker */ }));
    }
    return Promise.all(all).then(renderSuppliers);
  }

  // ------------------------------------------------------------------ cursor-paged lists

  var PAGE = 100;
  var pages = {};

  /** Loads the first page of a list into el; "more" appends the next one (the lists answer nextCursor). */
  function paged(key, el, path, render) {
    var p = pages[key] = { key: key, el: el, path: path, render: render, items: [], next: null };
    return nextPage(p, null);
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

  function nextPage(p, cursor) {
    var url = p.path + (p.path.indexOf('?') >= 0 ? '&' : '?') + 'limit=' + PAGE
      + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    return api('GET', url).then(function (res) {
      if (pages[p.key] !== p) { return; } // reloaded meanwhile
      p.items = p.items.concat(res.items);
      p.next = res.nextCursor || null;
      p.el.innerHTML = p.render(p.items) + (p.next ? '<p><button type="button" class="more" data-more="' + esc(p.key)
        + '">Vis flere (more) – ' + p.items.length + ' shown</button></p>' : '');
    }).catch(failInto(p.el));
  }

  function addSupplier(id) { if (id) { state.suppliers.add(id); } }

  function renderSuppliers() {
    var list = Array.from(state.suppliers).sort();
    $('suppliers').innerHTML = list.map(function (s) { return '<option value="' + esc(s) + '">'; }).join('');
    ['fig-supplier', 'cov-supplier'].forEach(function (id) {
      if (!$(id).value && list.length) { $(id).value = list[0]; }
    });
  }

  function failInto(el) {
    return function (err) { el.innerHTML = '<p class="error">' + esc(describe(err)) + '</p>'; };
  }

  function alarmLink(id) {
    return id == null ? '' : '<a class="alarm" data-alarm="' + esc(id) + '">#' + esc(id) + '</a>';
  }

  function badge(text, cls) { return '<span class="badge ' + esc(cls || text) + '">' + esc(text) + '</span>'; }

  /**
   * The decide form of a trail item: a reason field and one button per verb ({verb, label, danger, required}); the
   * delegated click handler below sends it.
   */
  function decideForm(kind, id, placeholder, verbs) {
    return '<div class="actions"><input placeholder="' + esc(placeholder) + '" data-reason>'
      + verbs.map(function (v) {
        return '<button' + (v.danger ? ' class="danger"' : '') + ' data-decide="' + esc(kind) + '" data-id="'
          + esc(id) + '" data-verb="' + esc(v.verb) + '"' + (v.required ? ' data-required' : '') + '>'
          + esc(v.label) + '</button>';
      }).join('') + '</div>';
  }

  function table(headers, rows, empty) {
    if (!rows.length) { return '<p class="empty">' + esc(empty || 'Nothing here.') + '</p>'; }
    return '<table><thead><tr>' + headers.map(function (h) { return '<th>' + esc(h) + '</th>'; }).join('')
      + '</tr></thead><tbody>' + rows.join('') + '</tbody></table>';
  }

  // ------------------------------------------------------------------ the supervisors' inbox (live)

  var INBOX_KIND = { UNROUTABLE: 'Ikke til valgt leverandør (unroutable)', NO_RECIPIENT: 'Ingen modtager (no recipient)',
    ROUTING_FAILED: 'Fejl i fordelingen (routing failed)',
    NOT_ACKNOWLEDGED: 'Ikke kvitteret (not taken)', CANCELLED_UNANSWERED: 'Annulleret ubesvaret (cancelled unanswered)',
    SYSTEM_FAULT: 'Systemfejl (system fault)', ADVERSE_EVENT_CANDIDATE: 'Mulig UTH (adverse-event candidate)',
    REPORTABLE_OUTCOME: 'Skal indberettes (reportable outcome)', NO_FORWARD_TARGET: 'Kan ikke viderestilles (no target)',
    FIRE_WITHOUT_FIRE_AND_RESCUE: 'Brand uden beredskab (fire, no fire-and-rescue)',
    SUPPLIER_SUSPENDED: 'Leverandør suspenderet (supplier suspended)', JUSTIFICATION_OVERDUE: 'Begrundelse for sent',
    COVERAGE_HOLE: 'Hul i vagtplan (coverage hole)' };

  function loadInbox() {
    var q = scope();
    var path = '/api/v1/inbox' + q + ($('show-resolved-inbox').checked ? (q ? '&' : '?') + 'state=ALL' : '');
    return paged('inbox', $('inbox'), path, function (items) {
      $('inbox-count').textContent = items.filter(function (i) { return i.state === 'OPEN'; }).length
        ? '(' + items.filter(function (i) { return i.state === 'OPEN'; }).length + ')' : '';
      return table(['Raised', 'What', 'Alarm', 'Supplier', 'Why', 'Resolve'], items.map(function (i) {
        var resolve = i.state === 'OPEN'
          ? decideForm('inbox', i.id, 'what was done (required)', [{ verb: 'resolve', label: 'Resolve', required: true }])
          : esc(i.resolution || '') + ' <span class="note">(' + esc(i.resolvedBy) + ', ' + esc(when(i.resolvedAt))
            + ')</span>';
        return '<tr class="' + (i.state === 'OPEN' ? 'overdue' : '') + '"><td>' + esc(when(i.raisedAt)) + '</td><td>'
          + esc(INBOX_KIND[i.kind] || i.kind) + (i.municipalityId ? '' : ' ' + badge('all')) + '</td><td>'
          + (i.alarmId ? alarmLink(i.alarmId) : '') + '</td><td>' + esc(i.supplierId || '') + '</td><td>'
          + esc(i.reason) + '</td><td>' + resolve + '</td></tr>';
      }), 'Nothing on the inbox.');
    });
  }
  $('show-resolved-inbox').addEventListener('change', function () { loadInbox(); });

  /** Runs load once within half a second however many events ask for it: a burst reloads a list once. */
  var pending = {};
  function soon(key, load) {
    if (pending[key]) { return; }
    pending[key] = setTimeout(function () { pending[key] = null; load(); }, 500);
  }

  /** The supervisors' live stream (event-stream.js). */
  // where the stream got to: a reconnect sends it and the server replays what was missed (or says resync)
  var position = EventStream.position();

  function listen() {
    if (state.stream) { state.stream.abort(); }
    var ctrl = new AbortController(); state.stream = ctrl;
    var q = scope();
    fetch('/api/v1/supervision/events' + q + position.query(q ? '&' : '?'), { headers: {
      Authorization: 'Bearer ' + token(), Accept: 'text/event-stream' }, signal: ctrl.signal, cache: 'no-store' })
      .then(function (r) {
      if (r.status >= 400 && r.status < 500) {
        // refused (e.g. no municipality chosen): asking again every 3 s would not change the answer
        $('inbox-live').textContent = '(not live: ' + (state.municipalityId ? 'refused' : 'choose a municipality') + ')';
        ctrl.abort();
        return;
      }
      if (!r.ok || !r.body) { throw new Error('stream ' + r.status); }
      $('inbox-live').textContent = '(live)';
      return EventStream.read(r, function (block) {
        if (position.see(block) === 'resync') {
          soon('inbox', loadInbox); soon('justifications', loadJustifications);
          return;
        }
        if (/^event: inbox\.item$/m.test(block)) { soon('inbox', loadInbox); flash('Indbakke (inbox): new or changed item'); }
        if (/^event: justification\.due$/m.test(block)) { soon('justifications', loadJustifications); }
      });
    }).catch(function () {
      if (ctrl.signal.aborted) { return; }
      $('inbox-live').textContent = '(offline, reconnecting)';
      setTimeout(function () { if (state.stream === ctrl && token()) { listen(); } }, 3000);
    });
  }

  // ------------------------------------------------------------------ justifications

  function loadJustifications() {
    // waiting ones (the server lists overdue first); "show decided" lists every state
    var q = scope();
    var states = $('show-decided-justifications').checked ? '' : 'state=OPEN,SUBMITTED,REJECTED';
    var path = '/api/v1/justifications' + q + (states ? (q ? '&' : '?') + states : '');
    return paged('justifications', $('justifications'), path, function (items) {
      items.forEach(function (j) { addSupplier(j.supplierId); });
      return table(['Alarm', 'Supplier', 'Forwarded', 'Due', 'State', 'Decision', 'Decide'],
        items.map(function (j) {
          var decide = j.state === 'SUBMITTED'
            ? decideForm('justifications', j.id, 'reason (required to reject)', [{ verb: 'accept', label: 'Accept' },
              { verb: 'reject', label: 'Reject', danger: true, required: true }])
            : j.state === 'OPEN' || j.state === 'REJECTED' ? '<span class="note">waiting for the supplier</span>' : '';
          return '<tr class="' + (j.overdue ? 'overdue' : '') + '"><td>' + alarmLink(j.alarmId)
            + ' <a href="#" data-justification="' + esc(j.id) + '">history</a></td><td>'
            + esc(j.supplierId) + '</td><td>' + esc(when(j.forwardedAt)) + ' ' + esc(j.forwardTarget || '')
            + '</td><td>' + esc(when(j.dueAt)) + (j.overdue ? ' ' + badge('overdue') : '') + '</td><td>'
            + badge(j.state) + '</td><td>' + esc(j.decisionReason || '') + (j.decidedBy ? ' <span class="note">('
            + esc(j.decidedBy) + ')</span>' : '') + '</td><td>' + decide + '</td></tr>';
        }), 'No open justifications.');
    });
  }
  $('show-decided-justifications').addEventListener('change', function () { loadJustifications(); });

  // ------------------------------------------------------------------ escalations

  function loadEscalations() {
    return paged('escalations', $('escalations'), '/api/v1/escalations' + scope(), function (items) {
      items.forEach(function (e) { addSupplier(e.supplierId); });
      return table(['Alarm', 'Supplier', 'Step', 'Kind', 'Due', 'Fired'],
        items.map(function (e) {
          return '<tr><td>' + alarmLink(e.alarmId) + '</td><td>' + esc(e.supplierId) + supplierPhone(e) + '</td><td>'
            + esc(e.step) + '</td><td>' + esc(e.kind) + '</td><td>' + esc(when(e.dueAt)) + '</td><td>' + esc(when(e.firedAt))
            + (e.late ? ' ' + badge('late') : '') + '</td></tr>';
        }), 'No escalations.');
    });
  }

  /** The supplier's 24/7 phone (a tel: link) and who to ask for, under its id; nothing when none is on record. */
  function supplierPhone(e) {
    if (!e.supplierPhone) { return ''; }
    return '<br><a href="tel:' + esc(e.supplierPhone.replace(/[ -]/g, '')) + '">' + esc(e.supplierPhone) + '</a>'
      + (e.supplierContactPerson ? ' <span class="note">' + esc(e.supplierContactPerson) + '</span>' : '');
  }

  // ------------------------------------------------------------------ action plans

  function loadPlans() {
    return paged('plans', $('plans'), '/api/v1/action-plans' + scope(), function (items) {
      items.forEach(function (p) { addSupplier(p.supplierId); });
      return table(['Plan', 'Supplier', 'State', 'Required', 'Forwards', 'Plan and measures', 'Alarms', 'Decide'],
        items.map(function (p) {
          var decide = p.state === 'SUBMITTED'
            ? decideForm('action-plans', p.id, 'reason (required to reject)', [{ verb: 'approve', label: 'Approve' },
              { verb: 'reject', label: 'Reject', danger: true, required: true }])
            : esc(p.decisionReason || '');
          return '<tr><td>#' + esc(p.id) + '</td><td>' + esc(p.supplierId) + '</td><td>' + badge(p.state)
            + (p.followUpUntil ? '<br><span class="note">follow-up until ' + esc(when(p.followUpUntil)) + '</span>' : '')
            + '</td><td>' + esc(when(p.requiredAt)) + '</td><td>' + esc(p.counting) + ' / ' + esc(p.threshold)
            + '</td><td>' + esc(p.text || '') + (p.measures ? '<br><em>' + esc(p.measures) + '</em>' : '')
            + (p.startsOn ? '<br><span class="note">' + esc(p.startsOn) + ' – ' + esc(p.endsOn || '') + '</span>' : '')
            + '</td><td>' + (p.alarms || []).map(function (a) { return alarmLink(a.alarmId); }).join(' ')
            + '</td><td>' + decide + '</td></tr>';
        }), 'No action plans.');
    });
  }

  // ------------------------------------------------------------------ breach candidates

  function loadBreaches() {
    return paged('breaches', $('breaches'), '/api/v1/breach-candidates' + scope(), function (items) {
      items.forEach(function (b) { addSupplier(b.supplierId); });
      return table(['Candidate', 'Supplier', 'Alarm', 'Action plan', 'Raised', 'State', 'Decide'],
        items.map(function (b) {
          var decide = !b.decidedAt
            ? decideForm('breach-candidates', b.id, 'reason (required)', [
              { verb: 'confirm', label: 'Confirm', danger: true, required: true },
              { verb: 'dismiss', label: 'Dismiss', required: true }])
            : esc(b.decisionReason || '') + (b.decidedBy ? ' <span class="note">(' + esc(b.decidedBy) + ')</span>' : '');
          return '<tr><td>#' + esc(b.id) + '</td><td>' + esc(b.supplierId) + '</td><td>' + alarmLink(b.alarmId)
            + '</td><td>#' + esc(b.actionPlanId) + '</td><td>' + esc(when(b.raisedAt)) + '</td><td>'
            + badge(b.state) + '</td><td>' + decide + '</td></tr>';
        }), 'No breach candidates.');
    });
  }

  // ------------------------------------------------------------------ decisions (delegated clicks)

  var RELOAD = { 'justifications': loadJustifications, 'action-plans': loadPlans, 'breach-candidates': loadBreaches,
    'inbox': loadInbox };

  document.addEventListener('click', function (e) {
    var more = e.target.closest('button[data-more]');
    if (more) {
      var p = pages[more.dataset.more];
      more.disabled = true;
      if (p && p.next) { nextPage(p, p.next); }
      return;
    }
    var b = e.target.closest('button[data-decide]');
    if (b) {
      var input = b.parentNode.querySelector('[data-reason]');
      var reason = input ? input.value.trim() : '';
      if (b.hasAttribute('data-required') && !reason) {
        flash('Give a reason to ' + b.dataset.verb + '.', true);
        if (input) { input.focus(); }
        return;
      }
      b.disabled = true;
      var kind = b.dataset.decide;
      var body = reason ? (kind === 'inbox' ? { resolution: reason } : { reason: reason }) : {};
      // others decide as themselves; an ADMIN must name the actor
      if (state.me && state.me.role === 'ADMIN') { body.actor = state.me.username; }
      api('POST', '/api/v1/' + kind + '/' + b.dataset.id + '/' + b.dataset.verb, body)
        .then(function (item) {
          flash(kind.replace('-', ' ') + ' #' + b.dataset.id + ': ' + (item && item.state ? item.state : 'done'));
          return RELOAD[kind]();
        })
        .catch(function (err) { b.disabled = false; flash(describe(err), true); });
      return;
    }
    var a = e.target.closest('a[data-alarm]');
    if (a) { showAlarm(a.dataset.alarm); }
    var h = e.target.closest('a[data-justification]');
    if (h) { e.preventDefault(); showJustification(h.dataset.justification); }
  });

  /** A justification's versions and every decision on it, with the due dates as they were. */
  function showJustification(id) {
    var el = $('alarm-detail');
    el.innerHTML = '<p class="note">Loading justification #' + esc(id) + '…</p>';
    var dialog = $('alarm-dialog');
    if (dialog.showModal) { if (!dialog.open) { dialog.showModal(); } } else { dialog.setAttribute('open', ''); }
    api('GET', '/api/v1/justifications/' + encodeURIComponent(id)).then(function (j) {
      el.innerHTML = '<h2>Justification #' + esc(j.id) + ' ' + badge(j.state) + '</h2>'
        + '<dl class="kv">' + kv('Alarm', '#' + j.alarmId) + kv('Supplier', j.supplierId) + kv('Due', when(j.dueAt))
        + '</dl><h3>Versions</h3>' + table(['Version', 'Submitted', 'By', 'In time', 'Text'],
          (j.versions || []).map(function (v) {
            return '<tr><td>' + esc(v.version) + '</td><td>' + esc(when(v.submittedAt)) + '</td><td>' + esc(v.author)
              + '</td><td>' + (v.inTime ? 'yes' : 'no') + '</td><td>' + esc(v.text) + '</td></tr>';
          }), 'Nothing submitted yet.')
        + '<h3>Decisions</h3>' + table(['Version', 'Decision', 'When', 'By', 'Reason', 'Due before', 'Due after'],
          (j.decisions || []).map(function (d) {
            return '<tr><td>' + esc(d.version) + '</td><td>' + badge(d.decision) + '</td><td>' + esc(when(d.decidedAt))
              + '</td><td>' + esc(d.decidedBy) + '</td><td>' + esc(d.reason || '') + '</td><td>'
              + esc(when(d.dueBefore)) + '</td><td>' + esc(when(d.dueAfter)) + '</td></tr>';
          }), 'No decisions yet.');
    }).catch(failInto(el));
  }

  // ------------------------------------------------------------------ alarm timeline

  function showAlarm(id) {
    var el = $('alarm-detail');
    el.innerHTML = '<p class="note">Loading alarm #' + esc(id) + '…</p>';
    var dialog = $('alarm-dialog');
    if (dialog.showModal) { if (!dialog.open) { dialog.showModal(); } } else { dialog.setAttribute('open', ''); }
    api('GET', '/api/v1/alarms/' + encodeURIComponent(id)).then(function (a) {
      var r = a.routing || {};
      var s = a.status || {};
      el.innerHTML = '<h2>Alarm #' + esc(a.id) + ' ' + badge(s.state || a.state) + '</h2>'
        + '<dl class="kv">'
        + kv('Received', when(a.receivedAt)) + kv('Account', a.account) + kv('Category', a.category + ' ' + (a.eventCode || ''))
        + kv('Citizen', r.citizenId) + kv('Municipality', r.municipalityId) + kv('Supplier', r.supplierId)
        + kv('Handling', r.handling) + kv('Response deadline', when(a.responseDeadline))
        + kv('Acknowledged', when(s.acknowledgedAt) + (s.acknowledgedBy ? ' by ' + s.acknowledgedBy : ''))
        + kv('Response', (s.response || '') + (s.respondedAt ? ' at ' + when(s.respondedAt) : ''))
        + kv('Answered in time', s.answeredInTime == null ? '' : s.answeredInTime ? 'yes' : 'no')
        + kv('Forwarded', [s.forwardedMunicipalAt && 'municipal ' + when(s.forwardedMunicipalAt),
          s.forwardedFireAt && 'fire ' + when(s.forwardedFireAt)].filter(Boolean).join(', '))
        + '</dl>'
        + '<h3>Deadlines</h3>' + table(['Step', 'Due', 'Fired', 'Outcome'], (a.deadlines || []).map(function (d) {
          return '<tr><td>' + esc(d.step) + '</td><td>' + esc(when(d.dueAt)) + '</td><td>' + esc(when(d.firedAt))
            + '</td><td>' + esc(d.outcome) + '</td></tr>';
        }), 'No deadlines.')
        + '<h3>Timeline</h3>' + table(['At', 'Actor', 'What', 'State', 'Detail'], (a.timeline || []).map(function (t) {
          return '<tr><td>' + esc(when(t.at)) + '</td><td>' + esc(t.actor) + '</td><td>' + esc(t.kind) + '</td><td>'
            + esc((t.fromState || '') + (t.toState ? ' → ' + t.toState : '')) + '</td><td>' + esc(t.detail) + '</td></tr>';
        }), 'No timeline entries.');
    }).catch(failInto(el));
  }

  function kv(k, v) { return v ? '<dt>' + esc(k) + '</dt><dd>' + esc(v) + '</dd>' : ''; }

  // ------------------------------------------------------------------ figures and charts

  function isoDate(d) { return d.toISOString().slice(0, 10); }

  function defaults() {
    var now = new Date();
    if (!$('fig-to').value) { $('fig-to').value = isoDate(new Date(now.getTime() + 86400000)); }
    if (!$('fig-from').value) { $('fig-from').value = isoDate(new Date(now.getTime() - 29 * 86400000)); }
    if (!$('stmt-month').value) {
      var prev = new Date(now.getFullYear(), now.getMonth() - 1, 1);
      $('stmt-month').value = prev.getFullYear() + '-' + String(prev.getMonth() + 1).padStart(2, '0');
    }
  }

  function figuresQuery(extra) {
    return '/api/v1/suppliers/' + encodeURIComponent($('fig-supplier').value.trim()) + '/figures?from='
      + encodeURIComponent($('fig-from').value) + '&to=' + encodeURIComponent($('fig-to').value) + (extra || '');
  }

  $('figures-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var el = $('figures');
    api('GET', figuresQuery()).then(function (f) {
      el.innerHTML = '<dl class="kv">' + kv('Calls', String(f.calls))
        + kv('Answered in time', f.answeredInTime + (f.shareAnsweredInTime == null ? ''
          : ' (' + Math.round(f.shareAnsweredInTime * 1000) / 10 + ' %)'))
        + kv('p50 / p90 / max', [f.p50Seconds, f.p90Seconds, f.maxSeconds].map(secs).join(' / '))
        + kv('Forwards', String(f.forwards)) + kv('Overdue justifications', String(f.overdueJustifications)) + '</dl>';
      $('chart-response').innerHTML = bars([['p50', f.p50Seconds], ['p90', f.p90Seconds], ['max', f.maxSeconds]], secs);
      return forwardsChart($('fig-supplier').value.trim(), $('fig-from').value, $('fig-to').value);
    }).catch(failInto(el));
  });

  function secs(s) {
    if (s == null) { return '–'; }
    s = Math.round(s);
    return s >= 60 ? Math.floor(s / 60) + ' min ' + (s % 60) + ' s' : s + ' s';
  }

  /** A bar chart as inline SVG: data is [[label, value], ...]. */
  function bars(data, format) {
    var w = 420, h = 200, pad = 28, n = Math.max(data.length, 1);
    var max = data.reduce(function (m, d) { return Math.max(m, d[1] || 0); }, 0) || 1;
    var bw = (w - pad * 2) / n;
    var svg = '<svg viewBox="0 0 ' + w + ' ' + h + '" width="100%" role="img">';
    svg += '<line x1="' + pad + '" y1="' + (h - pad) + '" x2="' + (w - pad) + '" y2="' + (h - pad) + '" stroke="#999"/>';
    data.forEach(function (d, i) {
      var v = d[1] || 0;
      var bh = (h - pad * 2) * v / max;
      var x = pad + i * bw + bw * 0.15;
      svg += '<rect x="' + x + '" y="' + (h - pad - bh) + '" width="' + bw * 0.7 + '" height="' + bh
        + '" fill="#0b5cad"><title>' + esc(d[0]) + ': ' + esc(format(d[1])) + '</title></rect>';
      svg += '<text x="' + (x + bw * 0.35) + '" y="' + (h - pad + 14) + '" text-anchor="middle">' + esc(d[0]) + '</text>';
      svg += '<text x="' + (x + bw * 0.35) + '" y="' + (h - pad - bh - 4) + '" text-anchor="middle">'
        + esc(format(d[1])) + '</text>';
    });
    return svg + '</svg>';
  }

  /** Monday of the ISO week of d, as YYYY-MM-DD. */
  function weekOf(d) {
    var day = new Date(Date.UTC(d.getFullYear(), d.getMonth(), d.getDate()));
    day.setUTCDate(day.getUTCDate() - ((day.getUTCDay() + 6) % 7));
    return day.toISOString().slice(0, 10);
  }

  /** Forwards per week for one supplier, counted from the escalations list (kinds FORWARDED_*). */
  function forwardsChart(supplier, from, to) {
    var q = '?supplierId=' + encodeURIComponent(supplier) + '&from=' + encodeURIComponent(from) + '&to='
      + encodeURIComponent(to) + '&limit=1000'
      + (state.municipalityId ? '&municipalityId=' + encodeURIComponent(state.municipalityId) : '');
    return allPages('/api/v1/escalations' + q).then(function (items) {
      var weeks = {};
      for (var t = new Date(from + 'T00:00:00'); t < new Date(to + 'T00:00:00'); t = new Date(t.getTime() + 7 * 86400000)) {
        weeks[weekOf(t)] = 0;
      }
      items.forEach(function (e) {
        if (String(e.kind).indexOf('FORWARDED') === 0) {
          var k = weekOf(new Date(e.firedAt));
          weeks[k] = (weeks[k] || 0) + 1;
        }
      });
      var data = Object.keys(weeks).sort().map(function (k) { return [k.slice(5), weeks[k]]; });
      $('chart-forwards').innerHTML = data.length ? bars(data, function (v) { return String(v || 0); })
        : '<p class="empty">No weeks in the period.</p>';
    }).catch(failInto($('chart-forwards')));
  }

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
    if (!$('fig-supplier').value.trim()) { flash('Choose a supplier first.', true); return; }
    download(figuresQuery('&format=csv'), 'figures.csv');
  });

  $('csv-statement').addEventListener('click', function () {
    var s = $('fig-supplier').value.trim();
    if (!s) { flash('Choose a supplier first.', true); return; }
    download('/api/v1/suppliers/' + encodeURIComponent(s) + '/statement?format=csv&month='
      + encodeURIComponent($('stmt-month').value), 'statement.csv');
  });

  // ------------------------------------------------------------------ duty coverage

  $('coverage-form').addEventListener('submit', function (e) {
    e.preventDefault();
    var el = $('coverage');
    var s = $('cov-supplier').value.trim();
    api('GET', '/api/v1/suppliers/' + encodeURIComponent(s) + '/coverage?days=7').then(function (res) {
      el.innerHTML = '<p class="note">' + esc(when(res.from)) + ' – ' + esc(when(res.to)) + '</p>'
        + table(['From', 'To', 'Minutes uncovered'], res.gaps.map(function (g) {
          return '<tr class="overdue"><td>' + esc(when(g.from)) + '</td><td>' + esc(when(g.to)) + '</td><td>'
            + esc(g.minutes) + '</td></tr>';
        }), 'No gaps: someone is on duty around the clock.');
    }).catch(failInto(el));
  });

  // ------------------------------------------------------------------ boot

  if (token()) { start(); } else { loggedOut(''); }
}());
