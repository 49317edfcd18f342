/* Vagtcentral live desk: plain JS, no build step. Token in sessionStorage; live updates over SSE read with fetch()
   (EventSource cannot send the Authorization header). */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var state = { token: sessionStorage.getItem('vc.token'), user: null, cards: new Map(), ended: {}, names: {}, onDuty: [],
    stream: null, soundOn: false, audio: null, retry: 1000 };
  var CATEGORY = { FIRE: 'Brand · fire', EMERGENCY: 'Nødkald · emergency', TECHNICAL: 'Teknisk · technical',
    CANCEL: 'Afmeldt · cancel', RESTORE: 'Genoprettet · restore', TEST: 'Test', SUPERVISION: 'Supervision',
    UNKNOWN: 'Ukendt hændelse – behandl som nødkald · not understood, treat as emergency' };
  // how a call ended (the contracts make some of them reportable to the municipality at once)
  var OUTCOMES = [['NO_INJURY', 'Ingen skade (no injury)'], ['FALL_WITHOUT_INJURY', 'Fald uden skade (fall, no injury)'],
    ['INJURED', 'Tilskadekomst (injured)'], ['ADMITTED', 'Indlagt (admitted)'], ['FALSE_ALARM', 'Fejlalarm (false alarm)'],
    ['NO_ACCESS', 'Låst dør / ingen adgang (no access)'], ['NOT_HOME', 'Borger ikke hjemme (not home)'],
    ['DECEASED', 'Død (deceased)']];
  var STATE = { RECEIVED: 'Modtaget', NOTIFIED: 'Afventer · waiting', ACKNOWLEDGED: 'Kvitteret · acknowledged',
    RESPONDED: 'Besvaret · responded', ON_SITE: 'På stedet · on site', FORWARDED_MUNICIPAL: 'Viderestillet · forwarded',
    FORWARDED_FIRE: 'Viderestillet brand · forwarded to fire', CLOSED: 'Lukket · closed', CANCELLED: 'Annulleret · cancelled' };

  function api(method, path, body) {
    var opts = { method: method, headers: {} };
    if (state.token) { opts.headers.Authorization = 'Bearer ' + state.token; }
    if (body !== undefined) { opts.headers['content-type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (t) {
        var json = null;
        try { json = t ? JSON.parse(t) : null; } catch (e) { json = null; }
        if (r.status === 401 && path !== '/api/v1/login') { logout(); }
        if (!r.ok) {
          var msg = json && json.message ? json.message : r.status + ' ' + r.statusText;
          if (json && json.fields) { msg += ': ' + json.fields.map(function (f) { return f.field + ' ' + f.message; }).join('; '); }
          var err = new Error(msg); err.status = r.status; throw err;
        }
        return json;
      });
    });
  }

  // ---------------------------------------------------------------- login
  $('loginForm').addEventListener('submit', function (ev) {
    ev.preventDefault();
    $('loginError').textContent = '';
    api('POST', '/api/v1/login', { username: $('username').value.trim(), password: $('password').value })
      .then(function (r) {
        state.token = r.token; sessionStorage.setItem('vc.token', r.token);
        $('password').value = '';
        start(r.user);
      }).catch(function (e) { $('loginError').textContent = e.message; });
  });
  $('logout').addEventListener('click', function () {
    api('POST', '/api/v1/logout').catch(function () {}).then(logout);
  });

  function logout() {
    sessionStorage.removeItem('vc.token');
    position.reset();
    state.token = null; state.user = null;
    if (state.stream) { state.stream.abort(); state.stream = null; }
    $('deskView').hidden = true; $('who').hidden = true; $('loginView').hidden = false;
  }

  function start(user) {
    state.user = user;
    if (user.role !== 'DISPATCHER' && user.role !== 'WORKER') {
      $('loginError').textContent = 'The desk is for dispatchers and field workers (this account is ' + user.role + ').';
      logout();
      return;
    }
    document.body.classList.toggle('worker', user.role === 'WORKER');
    $('whoName').textContent = (user.displayName || user.username) + ' · ' + user.role.toLowerCase()
      + ' · ' + user.supplierId;
    $('loginView').hidden = true; $('deskView').hidden = false; $('who').hidden = false;
    connect();
  }

  // ---------------------------------------------------------------- queue
  // The queue is read once per login (and on a resync); after that every pushed message, and on a reconnect the
  // ones missed meanwhile, is applied to its own card in place
  // (the message carries the alarm with its state, deadline and allowed actions), so a busy desk never re-reads or
  // redraws the whole list.
  function loadQueue() {
    var asked = Date.now();
    return Promise.all([api('GET', '/api/v1/desk/alarms'), loadOnDuty()]).then(function (r) {
      var present = new Set();
      r[0].items.forEach(function (a) { present.add(a.id); apply(a, {}); });
      // a card the read did not return has ended, unless a push brought it while the read was under way
      state.cards.forEach(function (card, id) { if (!present.has(id) && card.at < asked) { removeCard(id); } });
      counts();
      loadJustifications();
    });
  }

  function loadOnDuty() {
    return api('GET', '/api/v1/desk/on-duty').then(function (r) {
      state.onDuty = r.items; state.onDutyAt = Date.now();
      // the list changes when a shift ends: read it again then (and at the latest every 10 minutes)
      var next = r.items.reduce(function (m, d) { return Math.min(m, Date.parse(d.until)); }, Date.now() + 600000);
      clearTimeout(loadOnDuty.t);
      loadOnDuty.t = setTimeout(function () {
        if (state.token) { loadOnDuty().then(redrawResponseForms).catch(function () {}); }
      }, Math.max(5000, next - Date.now() + 1000));
      return r.items;
    });
  }

  function redrawResponseForms() {
    state.cards.forEach(function (card) { card.actionsKey = null; fill(card.li, card.a); });
  }

  // Justifications the supplier owes (forwarded calls): read on (re)connection, then kept by the pushed
  // justification.due / .rejected / .accepted messages, each applied to its own item so a half-written text survives.
  var justs = { items: new Map(), loading: false, again: false };
  function loadJustifications() {
    if (!state.user || state.user.role !== 'DISPATCHER') { $('justSection').hidden = true; return; }
    if (justs.loading) { justs.again = true; return; }
    justs.loading = true;
    var waiting = [];
    var page = function (cursor) {
      return api('GET', '/api/v1/justifications?state=OPEN,REJECTED&limit=1000&supplierId='
        + encodeURIComponent(state.user.supplierId) + (cursor ? '&cursor=' + encodeURIComponent(cursor) : ''))
        .then(function (r) {
          waiting = waiting.concat(r.items || []);
          return r.nextCursor && waiting.length < 5000 ? page(r.nextCursor) : waiting;
        });
    };
    page(null).then(function (list) {
      var ids = new Set(list.map(function (x) { return x.id; }));
      justs.items.forEach(function (item, id) { if (!ids.has(id)) { dropJust(id); } });
      list.forEach(putJust);
    }).catch(function () {}).then(function () {
      justs.loading = false;
      if (justs.again) { justs.again = false; loadJustifications(); }
    });
  }

  function justFromMessage(ev, msg) {
    if (!state.user || state.user.role !== 'DISPATCHER') { return; }
    var j = { id: msg.justificationId, alarmId: msg.alarmId, forwardTarget: msg.forwardTarget, dueAt: msg.dueAt,
      state: msg.state || (ev === 'justification.rejected' ? 'REJECTED' : ev === 'justification.accepted' ? 'ACCEPTED' : 'OPEN'),
      decisionReason: msg.reason };
    if (j.id == null) { loadJustifications(); return; }
    putJust(j);
  }

  function putJust(j) {
    if (j.state !== 'OPEN' && j.state !== 'REJECTED') { dropJust(j.id); return; }
    var item = justs.items.get(j.id);
    if (!item) {
      item = { li: justItem(j) };
      justs.items.set(j.id, item);
    }
    item.j = j;
    var overdue = Date.parse(j.dueAt) < Date.now();
    var head = q(item.li, '.due');
    head.className = 'due' + (overdue ? ' overdue' : '');
    head.textContent = ' · frist (due) ' + fmtTime(j.dueAt) + (overdue ? ' – overskredet (overdue)' : '')
      + (j.state === 'REJECTED' ? ' · afvist (rejected): ' + (j.decisionReason || '') : '');
    // soonest due first
    var list = $('justs'); var before = null;
    for (var n = list.firstElementChild; n; n = n.nextElementSibling) {
      var other = justs.items.get(Number(n.dataset.id));
      if (n !== item.li && other && Date.parse(other.j.dueAt) > Date.parse(j.dueAt)) { before = n; break; }
    }
    if (item.li.parentNode !== list || item.li.nextElementSibling !== before) { list.insertBefore(item.li, before); }
    $('justSection').hidden = false;
  }

  function dropJust(id) {
    var item = justs.items.get(id);
    if (item) { item.li.remove(); justs.items.delete(id); }
    $('justSection').hidden = justs.items.size === 0;
  }

  function justItem(j) {
    var li = el('li', 'just'); li.dataset.id = j.id;
    var h = el('div'); h.appendChild(el('strong', null, 'Alarm #' + j.alarmId + ' → ' + j.forwardTarget));
    h.appendChild(el('span', 'due')); li.appendChild(h);
    var f = el('form'); var id = 'just-' + j.id;
    var lab = el('label', null, 'Begrundelse (justification)'); lab.htmlFor = id;
    var ta = el('textarea'); ta.id = id; ta.required = true;
    var b = el('button', 'primary', 'Indsend (submit)'); b.type = 'submit';
    f.appendChild(lab); f.appendChild(ta); f.appendChild(b);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      api('POST', '/api/v1/justifications/' + j.id + '/submit', { text: ta.value })
        .then(function () { dropJust(j.id); }).catch(showError);
    });
    li.appendChild(f);
    return li;
  }

  function upsert(a) {
    if (a.state === 'CLOSED' || a.state === 'CANCELLED') { state.ended[a.id] = a.version || 0; removeCard(a.id); return; }
    var card = state.cards.get(a.id);
    if (!card) {
      card = { a: a, li: document.getElementById('alarmTpl').content.firstElementChild.cloneNode(true) };
      card.li.dataset.id = a.id;
      card.li.setAttribute('aria-label', 'Alarm ' + a.id);
      state.cards.set(a.id, card);
    }
    card.a = a; card.at = Date.now();
    fill(card.li, a, card);
    place(card);
    tickCard(card.li, Date.now());
  }

  function removeCard(id) {
    var card = state.cards.get(id);
    if (card) { card.li.remove(); state.cards.delete(id); }
  }

  function counts() {
    var n = state.cards.size;
    $('empty').hidden = n > 0;
    $('count').textContent = n ? '(' + n + ')' : '';
  }

  // a field worker's own alarms first; then calls before notices, nearest deadline, newest
  function order(x, y) {
    if (state.user.role === 'WORKER' && !!x.mine !== !!y.mine) { return x.mine ? -1 : 1; }
    var cx = x.handling === 'CALL' ? 0 : 1, cy = y.handling === 'CALL' ? 0 : 1;
    if (cx !== cy) { return cx - cy; }
    var dx = x.responseDeadline ? Date.parse(x.responseDeadline) : Infinity;
    var dy = y.responseDeadline ? Date.parse(y.responseDeadline) : Infinity;
    if (dx !== dy) { return dx < dy ? -1 : 1; }
    return y.id - x.id;
  }

  function place(card) {
    var list = $('queue'); var li = card.li;
    var prev = li.parentNode === list ? li.previousElementSibling : null;
    var next = li.parentNode === list ? li.nextElementSibling : null;
    if (li.parentNode === list && (!prev || order(cardOf(prev), card.a) <= 0) && (!next || order(card.a, cardOf(next)) <= 0)) {
      return; // already in its place
    }
    var before = null;
    for (var n = list.firstElementChild; n; n = n.nextElementSibling) {
      if (n !== li && order(card.a, cardOf(n)) < 0) { before = n; break; }
    }
    list.insertBefore(li, before);
  }

  function cardOf(li) { return state.cards.get(Number(li.dataset.id)).a; }

  function fill(li, a, card) {
    card = card || state.cards.get(a.id);
    li.classList.toggle('call', a.handling === 'CALL' || a.category === 'UNKNOWN');
    li.classList.toggle('notice', a.handling !== 'CALL');
    li.classList.toggle('new', !!a.fresh && Date.now() - a.fresh < 10000);
    if (a.fresh) { li.dataset.fresh = a.fresh; }
    li.classList.toggle('mine', !!a.mine);
    li.dataset.version = a.version == null ? '' : a.version;
    q(li, '.cat').textContent = (CATEGORY[a.category] || a.category) + (a.handling && a.handling !== 'CALL' ? ' (' + a.handling.toLowerCase().replace('_', ' ') + ')' : '');
    q(li, '.state').textContent = STATE[a.state] || a.state;
    var c = a.citizen || {};
    q(li, '.name').textContent = c.name || 'Ukendt borger (unknown citizen)';
    q(li, '.address').textContent = c.address || '';
    q(li, '.key').textContent = c.keyNote ? '🔑 ' + c.keyNote : '';
    q(li, '.code').textContent = (a.eventCode || '') + (a.text ? ' ' + a.text : '') + ' #' + a.id;
    var raw = q(li, '.raw');
    raw.hidden = !a.rawData;
    raw.textContent = a.rawData ? 'Enheden sendte (the device sent): ' + a.rawData : '';
    // --- SCAIP call-back address (crd), issue 14: the voice address the desk calls back ---
    var cb = q(li, '.callback');
    if (!cb) { cb = el('div', 'callback'); raw.parentNode.insertBefore(cb, raw); }
    var noVoice = /^no-voice:/i.test(a.callbackAddress || '');
    cb.hidden = !a.callbackAddress;
    cb.textContent = !a.callbackAddress ? '' : noVoice ? 'Ingen taleopkald fra enheden (no voice call)'
      : 'Ring tilbage (call back): ' + a.callbackAddress;
    // --- end call-back address ---
    q(li, '.holder').textContent = a.holder ? a.holder.name : (a.holderSupplierId || '');
    q(li, '.worker').textContent = a.worker ? 'medarbejder: ' + a.worker.name : '';
    q(li, '.countdown').dataset.deadline = a.responseDeadline && a.handling === 'CALL' && (a.state === 'NOTIFIED'
      || a.state === 'RECEIVED' || a.state === 'ACKNOWLEDGED' || a.state.indexOf('FORWARDED') === 0) ? a.responseDeadline : '';
    q(li, '.age').dataset.since = a.receivedAt || '';
    // the action buttons and forms are rebuilt only when what is allowed changes, so a half-typed note survives
    var key = (a.allowedActions || []).join(',') + '|' + (a.holderSupplierId || '');
    if (card.actionsKey !== key) {
      card.actionsKey = key;
      var box = q(li, '.actions'); box.textContent = '';
      actions(box, a);
    }
  }

  function actions(box, a) {
    var allowed = a.allowedActions || [];
    var worker = state.user.role === 'WORKER';
    var own = state.user.role === 'ADMIN' || !a.holderSupplierId || a.holderSupplierId === state.user.supplierId;
    if (!own) {
      // another service holds the call (fire-and-rescue, or municipal home care after a forward): only it acts
      box.appendChild(el('div', 'held', 'Håndteres af (held by) ' + (a.holder ? a.holder.name : a.holderSupplierId)
        + ' – kun til orientering (for information)'));
      return;
    }
    var can = function (k) { return allowed.indexOf(k) >= 0; };
    if (can('ACKNOWLEDGE')) {
      button(box, worker ? 'Accepter (accept)' : 'Kvitter (acknowledge)', 'primary', function () {
        act(a, 'acknowledge', {});
      });
    }
    if (!worker && can('RESPOND')) {
      var f = el('form'); var sid = 'resp-' + a.id; var wid = 'resp-w-' + a.id;
      var l = el('label', null, 'Svar (response)'); l.htmlFor = sid;
      var s = el('select'); s.id = sid;
      [['HELP_SENT', 'Hjælp sendt (help sent)'], ['NURSE_REQUESTED', 'Sygeplejerske (nurse requested)'],
        ['DOCTOR_CONTACTED', 'Læge kontaktet (doctor contacted)'], ['EMERGENCY_112', '112 ringet (emergency 112)']]
        .forEach(function (o) { var op = el('option', null, o[1]); op.value = o[0]; s.appendChild(op); });
      var wl = el('label', null, 'Medarbejder (worker)'); wl.htmlFor = wid;
      var w = el('select'); w.id = wid;
      state.onDuty.forEach(function (d) {
        var op = el('option', null, d.name + ' (' + d.role.toLowerCase() + ')'); op.value = d.workerId; w.appendChild(op);
      });
      if (!state.onDuty.length) { var none = el('option', null, 'ingen på vagt (nobody on duty)'); none.value = ''; w.appendChild(none); }
      s.addEventListener('change', function () { w.disabled = wl.hidden = s.value !== 'HELP_SENT'; w.hidden = w.disabled; });
      var b = el('button', 'primary', 'Registrer svar (record)'); b.type = 'submit';
      [l, s, wl, w, b].forEach(function (n) { f.appendChild(n); });
      f.addEventListener('submit', function (ev) {
        ev.preventDefault();
        var body = { response: s.value };
        if (s.value === 'HELP_SENT') { body.workerId = w.value; }
        act(a, 'respond', body);
      });
      box.appendChild(f);
    }
    if (can('ON_SITE')) {
      button(box, 'På stedet (on site)', null, function () { act(a, 'on-site', {}); });
    }
    if (can('CLOSE')) {
      closeForm(box, a);
    }
    if (!worker && can('CANCEL')) {
      textAction(box, a, 'cancel', 'reason', 'Årsag (reason)', 'Annuller (cancel)');
    }
  }

  function closeForm(box, a) {
    var f = el('form'); var id = 'close-' + a.id; var nid = 'close-n-' + a.id;
    var l = el('label', null, 'Udfald (outcome)'); l.htmlFor = id;
    var s = el('select'); s.id = id; s.required = true;
    var pick = el('option', null, 'vælg (choose)'); pick.value = ''; s.appendChild(pick);
    OUTCOMES.forEach(function (o) { var op = el('option', null, o[1]); op.value = o[0]; s.appendChild(op); });
    var nl = el('label', null, 'Note'); nl.htmlFor = nid;
    var n = el('input'); n.id = nid; n.maxLength = 2000;
    var b = el('button', null, 'Luk (close)'); b.type = 'submit';
    [l, s, nl, n, b].forEach(function (x) { f.appendChild(x); });
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = { outcome: s.value };
      if (n.value.trim()) { body.note = n.value; }
      act(a, 'close', body);
    });
    box.appendChild(f);
  }

  function textAction(box, a, action, field, label, text) {
    var f = el('form'); var id = action + '-' + a.id;
    var l = el('label', null, label); l.htmlFor = id;
    var i = el('input'); i.id = id; i.required = true; i.maxLength = 2000;
    var b = el('button', null, text); b.type = 'submit';
    f.appendChild(l); f.appendChild(i); f.appendChild(b);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault(); var body = {}; body[field] = i.value; act(a, action, body);
    });
    box.appendChild(f);
  }

  function act(a, action, body) {
    $('actionError').textContent = '';
    api('POST', '/api/v1/alarms/' + a.id + '/' + action, body).then(function (detail) {
      // the answer is the alarm after the step: show it now (the pushed update follows and changes nothing)
      var st = detail.status || {};
      apply({ id: a.id, state: st.state, allowedActions: st.allowedActions, holderKind: st.holder,
        holderSupplierId: st.holderSupplierId, response: st.response, acknowledgedBy: st.acknowledgedBy,
        helpWorkerId: st.helpWorkerId, version: st.version }, {});
    }).catch(function (e) {
      showError(e, 'Alarm #' + a.id + ' ' + action + ': ');
      reload(); // the card was stale: read the queue once
    });
  }

  function showError(e, prefix) {
    $('actionError').textContent = (prefix || '') + (e.status === 409 ? 'afvist (refused): ' : '') + e.message;
  }

  // one queue read at a time, for the rare cases a message cannot be applied to a card on its own
  var pending = null;
  function reload() {
    if (pending) { return pending; }
    pending = loadQueue().catch(function () {}).then(function () { pending = null; });
    return pending;
  }

  /** Merges an alarm update (from a push or an action's answer) into its card; an older view never wins. */
  function apply(update, msg) {
    var card = state.cards.get(update.id); var prev = card ? card.a : null;
    if (prev && prev.version != null && update.version != null && update.version < prev.version) { return; }
    if (!prev && update.id in state.ended && (update.version == null || update.version <= state.ended[update.id])) { return; }
    var a = Object.assign({}, prev || {}, update);
    if (msg.citizen) { a.citizen = msg.citizen; }
    var wid = a.helpWorkerId || a.workerId;
    if (msg.worker && msg.worker.id === wid) {
      a.worker = { id: msg.worker.id, name: msg.worker.name };
    } else if (wid && (!a.worker || a.worker.id !== wid)) {
      a.worker = { id: wid, name: workerName(wid) };
    }
    if (msg.supplier) { state.names[msg.supplier.id] = msg.supplier.name; }
    if (a.holderSupplierId && (!a.holder || a.holder.id !== a.holderSupplierId)) {
      a.holder = { id: a.holderSupplierId, name: state.names[a.holderSupplierId] || a.holderSupplierId, kind: a.holderKind };
    }
    if (state.user.role === 'WORKER') { a.mine = a.helpWorkerId === state.user.workerId || a.workerId === state.user.workerId; }
    upsert(a);
    counts();
    return !prev;
  }

  function workerName(id) {
    var d = state.onDuty.filter(function (w) { return w.workerId === id; })[0];
    return d ? d.name : id;
  }

  // ---------------------------------------------------------------- live stream (SSE over fetch)
  // where the stream got to: a reconnect sends it and the server replays what this desk missed meanwhile (or says
  // resync, and the queue is read again); a new login starts without one and reads the queue
  var position = EventStream.position();

  function connect() {
    if (state.stream) { state.stream.abort(); }
    var ctrl = new AbortController(); state.stream = ctrl;
    var catchUp = position.known();
    fetch('/api/v1/desk/events' + position.query('?'), { headers: { Authorization: 'Bearer ' + state.token,
      Accept: 'text/event-stream' }, signal: ctrl.signal, cache: 'no-store' }).then(function (r) {
      if (r.status === 401) { logout(); return; }
      if (!r.ok || !r.body) { throw new Error('stream ' + r.status); }
      live(true); state.retry = 1000;
      // after subscribing, so nothing falls between the read and the stream
      if (!catchUp) { loadQueue().catch(showError); }
      return EventStream.read(r, function (block) {
        if (position.see(block) === 'resync') { reload(); return; }
        dispatch(parseEvent(block));
      });
    }).catch(function () {
      if (ctrl.signal.aborted || !state.token) { return; }
      live(false);
      setTimeout(function () { if (state.stream === ctrl && state.token) { connect(); } }, state.retry);
      state.retry = Math.min(state.retry * 2, 30000);
    });
  }

  function parseEvent(block) {
    var ev = { event: 'message', data: '' }; var data = [];
    block.split('\n').forEach(function (line) {
      if (!line || line.charAt(0) === ':') { return; }
      var k = line.indexOf(':'); var name = k < 0 ? line : line.slice(0, k);
      var value = k < 0 ? '' : line.slice(k + 1).replace(/^ /, '');
      if (name === 'event') { ev.event = value; } else if (name === 'data') { data.push(value); }
    });
    ev.data = data.join('\n');
    return ev.data ? ev : null;
  }

  function dispatch(ev) {
    if (!ev) { return; }
    var msg; try { msg = JSON.parse(ev.data); } catch (e) { return; }
    if (ev.event.indexOf('justification.') === 0) { justFromMessage(ev.event, msg); return; }
    if (!msg.alarm) { return; }
    var announce = ev.event === 'alarm.new' || ev.event === 'alarm.fire' || ev.event === 'alarm.renotified'
      || ev.event === 'alarm.repeated';
    var update = Object.assign({}, msg.alarm);
    if (announce) { update.fresh = Date.now(); }
    var isNew = apply(update, msg);
    if (ev.event === 'alarm.repeated' || ev.event === 'alarm.device_hint') { hint(msg); }
    if (announce || ev.event === 'alarm.forwarded' || ev.event === 'alarm.information') { alert(msg, ev.event); }
    // a change to a call this desk had not listed (and no citizen with it): fetch the queue to fill the card in
    if (isNew && !msg.citizen && msg.alarm.state !== 'CLOSED' && msg.alarm.state !== 'CANCELLED') { reload(); }
  }

  /** A device's word on an open call (pressed again, a restore, a cancel): a line on its card; the call stays open. */
  var MAX_HINTS = 10;

  function hint(msg) {
    var card = state.cards.get(msg.alarm.id);
    if (!card || !msg.detail) { return; }
    var line = el('div', null, new Date(msg.at || Date.now()).toLocaleTimeString('da-DK') + ' ' + msg.detail);
    var hints = q(card.li, '.hints');
    hints.appendChild(line);
    while (hints.childNodes.length > MAX_HINTS) { hints.removeChild(hints.firstChild); } // the newest stay

  }

  var FLASH = { 'alarm.renotified': 'Gentaget alarm (re-notified): ', 'alarm.forwarded': 'Viderestillet (forwarded): ',
    'alarm.repeated': 'Trykket igen (pressed again): ', 'alarm.information': 'Til orientering (for information): ' };

  function alert(msg, event) {
    var f = $('flash');
    var c = msg.citizen ? msg.citizen.name + ', ' + msg.citizen.address : 'alarm #' + msg.alarm.id;
    f.textContent = (FLASH[event] || 'Ny alarm (new): ') + (CATEGORY[msg.alarm.category] || msg.alarm.category) + ' – ' + c;
    f.hidden = false;
    // restart the flash without forcing a layout of the whole queue (a busy desk gets many of these)
    if (f.getAnimations) { f.getAnimations().forEach(function (an) { an.cancel(); an.play(); }); }
    clearTimeout(alert.t); alert.t = setTimeout(function () { f.hidden = true; }, 15000);
    beep(msg.alarm.handling === 'CALL' ? 3 : 1);
    if (document.hidden) { document.title = '🔴 Ny alarm – Vagtcentral'; }
  }
  document.addEventListener('visibilitychange', function () { if (!document.hidden) { document.title = 'Vagtcentral – Desk / Vagtbord'; } });

  // ---------------------------------------------------------------- sound (muted until the first click)
  function enableSound() {
    if (state.soundOn) { return; }
    try {
      state.audio = state.audio || new (window.AudioContext || window.webkitAudioContext)();
      state.audio.resume(); state.soundOn = true;
      $('sound').textContent = '🔔 Lyd til'; $('sound').setAttribute('aria-pressed', 'true');
    } catch (e) { /* no audio */ }
  }
  document.addEventListener('click', enableSound, { once: true, capture: true });
  $('sound').addEventListener('click', function (ev) {
    ev.stopPropagation();
    if (state.soundOn) {
      state.soundOn = false; $('sound').textContent = '🔇 Lyd fra'; $('sound').setAttribute('aria-pressed', 'false');
    } else { enableSound(); beep(1); }
  });
  function beep(times) {
    if (!state.soundOn || !state.audio) { return; }
    var ctx = state.audio;
    for (var i = 0; i < times; i++) {
      var o = ctx.createOscillator(); var g = ctx.createGain();
      var t0 = ctx.currentTime + i * 0.35;
      o.frequency.value = 880; o.type = 'square';
      g.gain.setValueAtTime(0.0001, t0); g.gain.exponentialRampToValueAtTime(0.25, t0 + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.25);
      o.connect(g); g.connect(ctx.destination); o.start(t0); o.stop(t0 + 0.27);
    }
  }

  // ---------------------------------------------------------------- clocks
  function tick() {
    var now = Date.now();
    state.cards.forEach(function (card) { tickCard(card.li, now); });
  }

  function tickCard(li, now) {
    var cd = q(li, '.countdown'); var d = cd.dataset.deadline;
    var cls = 'countdown'; var text = '';
    if (d) {
      var left = Math.round((Date.parse(d) - now) / 1000);
      if (left <= 0) {
        cls += ' expired'; text = 'Frist overskredet ' + dur(-left) + ' (expired)';
      } else {
        cls += left > 600 ? ' green' : left >= 180 ? ' amber' : ' red'; text = 'Frist ' + dur(left);
      }
    }
    if (cd.className !== cls) { cd.className = cls; }
    if (cd.textContent !== text) { cd.textContent = text; }
    var age = q(li, '.age'); var since = age.dataset.since;
    var a = since ? 'modtaget for ' + dur(Math.max(0, Math.round((now - Date.parse(since)) / 1000))) + ' siden' : '';
    if (age.textContent !== a) { age.textContent = a; }
    if (li.classList.contains('new') && li.dataset.fresh && now - Number(li.dataset.fresh) > 10000) { li.classList.remove('new'); }
  }
  setInterval(tick, 1000);
  function live(on) { var l = $('live'); l.textContent = on ? 'live' : 'offline – genopretter…'; l.className = 'live ' + (on ? 'on' : 'off'); }

  // ---------------------------------------------------------------- helpers
  function dur(s) {
    var h = Math.floor(s / 3600), m = Math.floor(s % 3600 / 60), sec = s % 60;
    return (h ? h + 't ' : '') + (h || m ? m + 'm ' : '') + sec + 's';
  }
  function fmtTime(iso) { return iso ? new Date(iso).toLocaleString('da-DK') : ''; }
  function el(tag, cls, text) {
    var n = document.createElement(tag); if (cls) { n.className = cls; } if (text != null) { n.textContent = text; } return n;
  }
  function q(root, sel) { return root.querySelector(sel); }
  function button(box, text, cls, onClick) {
    var b = el('button', cls, text); b.type = 'button'; b.addEventListener('click', onClick); box.appendChild(b); return b;
  }

  // resume a session in this tab
  if (state.token) {
    api('GET', '/api/v1/me').then(function (me) { start(me.user || me); }).catch(logout);
  }
})();
