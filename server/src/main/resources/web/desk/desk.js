/* Vagtcentral desk, for dispatchers and field workers: plain JS, no build step. Token in sessionStorage; live updates
   over SSE read with fetch() (EventSource cannot send the Authorization header). Every text comes from i18n.js
   (Danish first), every time is Copenhagen time. */
(function () {
  'use strict';
  var T = DeskI18n;
  var t = T.t;
  var $ = function (id) { return document.getElementById(id); };
  var state = { token: sessionStorage.getItem('vc.token'), user: null, cards: new Map(), ended: {}, names: {},
    onDuty: [], stream: null, retry: 1000, tab: 'calls' };
  var CALL_OUTCOMES = ['NO_INJURY', 'FALL_WITHOUT_INJURY', 'INJURED', 'ADMITTED', 'FALSE_ALARM', 'NO_ACCESS', 'NOT_HOME',
    'DECEASED'];
  var TECH_OUTCOMES = ['DEVICE_FIXED', 'CONTACT_RESTORED', 'NO_FAULT_FOUND', 'NOTED'];
  var RESPONSES = ['HELP_SENT', 'NURSE_REQUESTED', 'DOCTOR_CONTACTED', 'EMERGENCY_112'];
  // the order of a desk's queue (server: DeskQueue): waiting for acknowledgement, acknowledged, in progress, information
  var GROUPS = ['WAITING', 'ACKNOWLEDGED', 'IN_PROGRESS', 'INFORMATION'];

  function api(method, path, body) {
    var opts = { method: method, headers: {} };
    if (state.token) { opts.headers.Authorization = 'Bearer ' + state.token; }
    if (body !== undefined) { opts.headers['content-type'] = 'application/json'; opts.body = JSON.stringify(body); }
    return fetch(path, opts).then(function (r) {
      return r.text().then(function (text) {
        var json = null;
        try { json = text ? JSON.parse(text) : null; } catch (e) { json = null; }
        if (r.status === 401 && path !== '/api/v1/login') { logout(); }
        if (!r.ok) {
          var msg = json && json.message ? json.message : r.status + ' ' + r.statusText;
          if (json && json.fields && json.fields.length > 1) {
            msg += ': ' + json.fields.map(function (f) { return f.field + ' ' + f.message; }).join('; ');
          }
          var err = new Error(msg); err.status = r.status; throw err;
        }
        return json;
      });
    });
  }

  // ---------------------------------------------------------------- language
  T.apply();
  $('lang').addEventListener('click', function () {
    T.setLanguage(T.language() === 'da' ? 'en' : 'da');
    $('lang').setAttribute('lang', T.language() === 'da' ? 'en' : 'da');
    redrawAll();
  });
  $('lang').setAttribute('lang', T.language() === 'da' ? 'en' : 'da');

  function redrawAll() {
    soundUi();
    live(state.liveOn);
    if (state.user) { whoText(); }
    state.cards.forEach(function (card) { card.actionsKey = null; fill(card); if (card.data) { renderCard(card); } });
    tick();
    counts();
    outcomeOptions();
    renderHistory();
    duties.justs.forEach(function (item) { item.li.remove(); });
    duties.justs.clear();
    duties.plans.forEach(function (item) { item.li.remove(); });
    duties.plans.clear();
    renderDuties();
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
    state.cards.forEach(function (card) { card.li.remove(); });
    state.cards.clear();
    closeNotifications();
    updateRing();
    document.body.classList.add('anonymous');
    document.body.classList.remove('worker', 'dispatcher');
    $('deskView').hidden = true; $('who').hidden = true; $('loginView').hidden = false; $('soundResume').hidden = true;
  }

  function start(user) {
    state.user = user;
    if (user.role !== 'DISPATCHER' && user.role !== 'WORKER') {
      var role = user.role;
      logout();
      $('loginError').textContent = t('login.wrongRole', { role: role });
      return;
    }
    document.body.classList.remove('anonymous');
    document.body.classList.toggle('worker', user.role === 'WORKER');
    document.body.classList.toggle('dispatcher', user.role === 'DISPATCHER');
    whoText();
    $('loginView').hidden = true; $('deskView').hidden = false; $('who').hidden = false;
    soundUi();
    connect();
  }

  function whoText() {
    $('whoName').textContent = (state.user.displayName || state.user.username) + ' · '
      + t('who.role.' + state.user.role) + ' · ' + (state.names[state.user.supplierId] || state.user.supplierId);
  }

  // ---------------------------------------------------------------- tabs (WAI-ARIA tabs: arrows, Home, End)
  var tabs = Array.prototype.slice.call(document.querySelectorAll('[role="tab"]'));
  function visibleTabs() { return tabs.filter(function (b) { return b.offsetParent !== null; }); }
  function selectTab(name, focus) {
    state.tab = name;
    tabs.forEach(function (b) {
      var on = b.dataset.tab === name;
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
      $(b.getAttribute('aria-controls')).hidden = !on;
      if (on && focus) { b.focus(); }
    });
    if (name === 'history' && !history.loaded) { searchHistory(); }
    if (name === 'duties') { loadDuties(); }
  }
  tabs.forEach(function (b) {
    b.addEventListener('click', function () { selectTab(b.dataset.tab, false); });
    b.addEventListener('keydown', function (ev) {
      var list = visibleTabs(); var i = list.indexOf(b); var next = null;
      if (ev.key === 'ArrowRight') { next = list[(i + 1) % list.length]; }
      if (ev.key === 'ArrowLeft') { next = list[(i - 1 + list.length) % list.length]; }
      if (ev.key === 'Home') { next = list[0]; }
      if (ev.key === 'End') { next = list[list.length - 1]; }
      if (next) { ev.preventDefault(); selectTab(next.dataset.tab, true); }
    });
  });

  // ---------------------------------------------------------------- queue
  // The queue is read once per login (and on a resync); after that every pushed message, and on a reconnect the
  // ones missed meanwhile, is applied to its own card in place (the message carries the alarm with its state, group,
  // deadline and allowed actions), so a busy desk never re-reads or redraws the whole list.
  function loadQueue() {
    var asked = Date.now();
    return Promise.all([api('GET', '/api/v1/desk/alarms'), loadOnDuty()]).then(function (r) {
      var present = new Set();
      r[0].items.forEach(function (a) { present.add(a.id); apply(a, {}); });
      // a card the read did not return has ended, unless a push brought it while the read was under way
      state.cards.forEach(function (card, id) { if (!present.has(id) && card.at < asked) { removeCard(id); } });
      counts();
      if (state.user.role === 'DISPATCHER') { loadDuties(); }
    });
  }

  function loadOnDuty() {
    return api('GET', '/api/v1/desk/on-duty').then(function (r) {
      state.onDuty = r.items;
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
    state.cards.forEach(function (card) { card.actionsKey = null; fill(card); });
  }

  function isWorker() { return state.user && state.user.role === 'WORKER'; }

  /** The group as this desk sees it: a call another service holds is for information. */
  function groupOf(a) {
    if (a.holderSupplierId !== state.user.supplierId) { return 'INFORMATION'; }
    return GROUPS.indexOf(a.group) >= 0 ? a.group : 'INFORMATION';
  }

  function laneOf(a) { return a.lane === 'TECHNICAL' ? 'TECHNICAL' : 'CALLS'; }

  /** Whether this desk must answer it (for the ring, the title and the badge); a field worker: only their own. */
  function needsAnswer(a) {
    var g = groupOf(a);
    return laneOf(a) === 'CALLS' && (g === 'WAITING' || g === 'ACKNOWLEDGED') && (!isWorker() || a.mine);
  }

  function upsert(a) {
    if (a.state === 'CLOSED' || a.state === 'CANCELLED') { state.ended[a.id] = a.version || 0; removeCard(a.id); return; }
    var card = state.cards.get(a.id);
    if (!card) {
      card = { a: a, li: document.getElementById('alarmTpl').content.firstElementChild.cloneNode(true) };
      card.li.dataset.id = a.id;
      card.li.setAttribute('aria-label', 'Alarm ' + a.id);
      var details = card.li.querySelector('details.more');
      details.addEventListener('toggle', function () { if (details.open) { loadCard(card); } });
      state.cards.set(a.id, card);
    }
    card.a = a; card.at = Date.now();
    fill(card);
    place(card);
    tickCard(card.li, Date.now());
  }

  function removeCard(id) {
    var card = state.cards.get(id);
    if (card) { card.li.remove(); state.cards.delete(id); closeNotification(id); }
  }

  /** The badges, the tab title and the ring follow what is on the desk. */
  function counts() {
    var calls = 0; var answer = 0; var tech = 0; var techWaiting = 0;
    state.cards.forEach(function (card) {
      if (laneOf(card.a) === 'TECHNICAL') {
        tech++;
        if (groupOf(card.a) === 'WAITING') { techWaiting++; }
      } else {
        calls++;
        if (needsAnswer(card.a)) { answer++; }
      }
    });
    $('empty').hidden = calls > 0;
    $('techEmpty').hidden = tech > 0;
    $('count-calls').textContent = answer ? String(answer) : '';
    $('count-technical').textContent = techWaiting ? String(techWaiting) : '';
    document.title = (answer ? t('title.waiting', { n: answer }) : '') + t('app.title');
    document.body.dataset.waiting = String(answer);
    updateRing();
  }

  // mirrors DeskQueue.order: a field worker's own calls first; then the group; calls by time left, the most
  // overdue first, then the time received; information newest first
  function order(x, y) {
    if (isWorker() && !!x.mine !== !!y.mine) { return x.mine ? -1 : 1; }
    var gx = GROUPS.indexOf(groupOf(x)); var gy = GROUPS.indexOf(groupOf(y));
    if (gx !== gy) { return gx - gy; }
    if (groupOf(x) === 'INFORMATION') { return y.id - x.id; }
    var dx = x.responseDeadline ? Date.parse(x.responseDeadline) : Infinity;
    var dy = y.responseDeadline ? Date.parse(y.responseDeadline) : Infinity;
    if (dx !== dy) { return dx < dy ? -1 : 1; }
    var rx = Date.parse(x.receivedAt) || 0; var ry = Date.parse(y.receivedAt) || 0;
    if (rx !== ry) { return rx - ry; }
    return x.id - y.id;
  }

  function place(card) {
    var list = laneOf(card.a) === 'TECHNICAL' ? $('techQueue') : $('queue'); var li = card.li;
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

  function fill(card) {
    var li = card.li; var a = card.a;
    var group = groupOf(a); var lane = laneOf(a);
    li.dataset.group = group;
    li.dataset.lane = lane;
    li.classList.toggle('technical', lane === 'TECHNICAL');
    li.classList.toggle('new', !!a.fresh && Date.now() - a.fresh < 10000);
    if (a.fresh) { li.dataset.fresh = a.fresh; }
    li.classList.toggle('mine', !!a.mine);
    li.dataset.version = a.version == null ? '' : a.version;
    q(li, '.cat-icon use').setAttribute('href', a.category === 'FIRE' ? '#i-fire' : lane === 'TECHNICAL' ? '#i-wrench'
      : '#i-alert');
    q(li, '.cat').textContent = T.enumText('category', a.category);
    q(li, '.group').textContent = t('group.' + group);
    q(li, '.state').textContent = T.enumText('state', a.state) + (a.response ? ' · ' + T.enumText('response', a.response) : '');
    var tag = q(li, '.mine-tag'); tag.hidden = !(isWorker() && a.mine); tag.textContent = t('mine');
    var c = a.citizen || {};
    q(li, '.name').textContent = c.name || t('unknown.citizen');
    q(li, '.address').textContent = c.address || '';
    var phone = q(li, '.phone'); phone.hidden = !c.phone;
    if (c.phone) { phone.href = 'tel:' + c.phone.replace(/\s/g, ''); q(phone, 'span').textContent = c.phone; }
    var key = q(li, '.key'); key.hidden = !c.keyNote; q(key, 'span').textContent = c.keyNote || '';
    // what the device reported, in words when the code is known (e.g. YS: a missed test or supervision signal)
    var known = a.eventCode && T.has('code.' + a.eventCode);
    q(li, '.code').textContent = '#' + a.id + (known ? ' · ' + t('code.' + a.eventCode)
      : (a.eventCode ? ' · ' + a.eventCode : '') + (a.text ? ' ' + a.text : ''));
    var raw = q(li, '.raw');
    raw.hidden = !a.rawData;
    raw.textContent = a.rawData ? t('raw', { raw: a.rawData }) : '';
    // --- SCAIP call-back address (crd), issue 14: the voice address the desk calls back ---
    var cb = q(li, '.callback');
    var noVoice = /^no-voice:/i.test(a.callbackAddress || '');
    cb.hidden = !a.callbackAddress;
    cb.classList.toggle('no-voice', noVoice);
    cb.textContent = !a.callbackAddress ? '' : noVoice ? t('callback.none') : t('callback', { address: a.callbackAddress });
    // --- end call-back address ---
    q(li, '.holder').textContent = a.holderSupplierId && a.holderSupplierId !== state.user.supplierId
      ? (a.holder ? a.holder.name : a.holderSupplierId) : '';
    q(li, '.worker').textContent = a.worker ? t('worker', { name: a.worker.name }) : '';
    q(li, '.countdown').dataset.deadline = a.responseDeadline && a.handling === 'CALL'
      && (group === 'WAITING' || group === 'ACKNOWLEDGED') ? a.responseDeadline : '';
    q(li, '.age').dataset.since = a.receivedAt || '';
    q(li, 'details.more summary').textContent = t('card.summary');
    // the action buttons and forms are rebuilt only when what is allowed changes, so a half-typed note survives
    var key2 = (a.allowedActions || []).join(',') + '|' + (a.holderSupplierId || '') + '|' + !!a.mine + '|'
      + (a.helpWorkerId || '') + '|' + T.language();
    if (card.actionsKey !== key2) {
      card.actionsKey = key2;
      var box = q(li, '.actions'); box.textContent = '';
      actions(box, a);
      if (card.data) { renderCard(card); }
    }
  }

  function can(a, k) { return (a.allowedActions || []).indexOf(k) >= 0; }

  function actions(box, a) {
    var worker = isWorker();
    if (a.holderSupplierId !== state.user.supplierId) {
      // another service holds the call (fire-and-rescue, or municipal home care after a forward): only it acts
      box.appendChild(el('div', 'held', t('held.by', { name: a.holder ? a.holder.name : a.holderSupplierId || '' })));
      return;
    }
    if (worker && !a.mine) {
      box.appendChild(el('div', 'held', a.worker ? t('assigned.other', { name: a.worker.name }) : t('assigned.desk')));
      return;
    }
    var technical = laneOf(a) === 'TECHNICAL';
    if (can(a, 'ACKNOWLEDGE')) {
      button(box, worker ? t('act.accept') : t('act.acknowledge'), 'primary', function () { act(a, 'acknowledge', {}); },
        'acknowledge');
    }
    if (worker && can(a, 'RESPOND') && !(a.response === 'HELP_SENT' && a.helpWorkerId === state.user.workerId)) {
      // one tap: the worker answers the call by going to it
      button(box, t('act.onMyWay'), 'primary', function () {
        act(a, 'respond', { response: 'HELP_SENT', workerId: state.user.workerId });
      }, 'on-my-way');
    }
    // an answer once recorded may be amended (the API allows it), but the form is offered only until then
    if (!worker && !technical && can(a, 'RESPOND') && a.state !== 'RESPONDED') { respondForm(box, a); }
    if (can(a, 'ON_SITE')) {
      button(box, t('act.onSite'), worker ? 'primary' : null, function () { act(a, 'on-site', {}); }, 'on-site');
    }
    if (can(a, 'CLOSE')) { closeForm(box, a, technical ? TECH_OUTCOMES : CALL_OUTCOMES); }
  }

  function respondForm(box, a) {
    var f = el('form'); var sid = 'resp-' + a.id; var wid = 'resp-w-' + a.id;
    var l = el('label', null, t('field.response')); l.htmlFor = sid;
    var s = el('select'); s.id = sid;
    RESPONSES.forEach(function (r) { var op = el('option', null, T.enumText('response', r)); op.value = r; s.appendChild(op); });
    var wl = el('label', null, t('field.worker')); wl.htmlFor = wid;
    var w = el('select'); w.id = wid;
    state.onDuty.forEach(function (d) {
      var op = el('option', null, d.name + ' (' + T.enumText('role', d.role) + ')'); op.value = d.workerId; w.appendChild(op);
    });
    if (!state.onDuty.length) { var none = el('option', null, t('nobody.onDuty')); none.value = ''; w.appendChild(none); }
    s.addEventListener('change', function () { w.disabled = s.value !== 'HELP_SENT'; w.hidden = wl.hidden = w.disabled; });
    var b = el('button', 'primary', t('act.record')); b.type = 'submit';
    [l, s, wl, w, b].forEach(function (n) { f.appendChild(n); });
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = { response: s.value };
      if (s.value === 'HELP_SENT') { body.workerId = w.value; }
      act(a, 'respond', body);
    });
    box.appendChild(f);
  }

  function closeForm(box, a, outcomes) {
    var f = el('form'); var id = 'close-' + a.id; var nid = 'close-n-' + a.id;
    var l = el('label', null, t('field.outcome')); l.htmlFor = id;
    var s = el('select'); s.id = id; s.required = true;
    var pick = el('option', null, t('choose')); pick.value = ''; s.appendChild(pick);
    outcomes.forEach(function (o) { var op = el('option', null, T.enumText('outcome', o)); op.value = o; s.appendChild(op); });
    var nl = el('label', null, t('field.note')); nl.htmlFor = nid;
    var n = el('input'); n.id = nid; n.maxLength = 2000;
    var b = el('button', null, t('act.close')); b.type = 'submit';
    [l, s, nl, n, b].forEach(function (x) { f.appendChild(x); });
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      var body = { outcome: s.value };
      if (n.value.trim()) { body.note = n.value; }
      act(a, 'close', body);
    });
    box.appendChild(f);
  }

  function act(a, action, body) {
    $('actionError').textContent = '';
    return api('POST', '/api/v1/alarms/' + a.id + '/' + action, body).then(function (detail) {
      // the answer is the alarm after the step: show it now (the pushed update follows and changes nothing)
      var st = detail.status || {};
      apply({ id: a.id, state: st.state, allowedActions: st.allowedActions, holderKind: st.holder,
        holderSupplierId: st.holderSupplierId, response: st.response, acknowledgedBy: st.acknowledgedBy,
        acknowledgedAt: st.acknowledgedAt, helpWorkerId: st.helpWorkerId, version: st.version, group: st.group,
        lane: st.lane }, {});
      var card = state.cards.get(a.id);
      if (card && card.data) { loadCard(card); }
      return detail;
    }).catch(function (e) {
      showError(e, t('error.action', { id: a.id }));
      reload(); // the card may be stale: read the queue once
    });
  }

  function showError(e, prefix) {
    $('actionError').textContent = (prefix || '') + (e.status === 409 || e.status === 403 ? t('refused') : '') + e.message;
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
    if (prev && prev.version != null && update.version != null && update.version < prev.version) { return false; }
    if (!prev && update.id in state.ended && (update.version == null || update.version <= state.ended[update.id])) { return false; }
    var a = Object.assign({}, prev || {}, update);
    if (msg.citizen) { a.citizen = msg.citizen; }
    var wid = a.helpWorkerId || a.workerId;
    if (msg.worker && msg.worker.id === wid) {
      a.worker = { id: msg.worker.id, name: msg.worker.name };
    } else if (wid && (!a.worker || a.worker.id !== wid)) {
      a.worker = { id: wid, name: workerName(wid) };
    }
    if (msg.supplier) { noteName(msg.supplier.id, msg.supplier.name); }
    if (update.holder && update.holder.id) { noteName(update.holder.id, update.holder.name); }
    if (a.holderSupplierId && (!a.holder || a.holder.id !== a.holderSupplierId)) {
      a.holder = { id: a.holderSupplierId, name: state.names[a.holderSupplierId] || a.holderSupplierId, kind: a.holderKind };
    }
    if (isWorker() && !('mine' in update)) { a.mine = mineOf(a, prev, msg); }
    var wasWaiting = prev && needsAnswer(prev) && groupOf(prev) === 'WAITING';
    upsert(a);
    if (wasWaiting && !(groupOf(a) === 'WAITING' && needsAnswer(a))) { closeNotification(a.id); }
    counts();
    return !prev;
  }

  /**
   * Whether a pushed call is this field worker's (the server's WorkerAssignment decides on every action): the worker
   * sent to it; before anyone is sent, the worker it was routed to, or a worker a message named (a re-notified backup,
   * the worker told of a forwarded call). Once theirs it stays theirs until someone else is sent.
   */
  function mineOf(a, prev, msg) {
    var me = state.user.workerId;
    if (a.helpWorkerId) { return a.helpWorkerId === me; }
    if (a.holderSupplierId === a.supplierId && a.workerId === me) { return true; }
    if (msg && msg.worker && msg.worker.id === me) { return true; }
    return !!(prev && prev.mine);
  }

  /** A supplier's name, learnt from the queue and the pushes (the header shows the desk's own). */
  function noteName(id, name) {
    if (!name || state.names[id] === name) { return; }
    state.names[id] = name;
    if (id === state.user.supplierId) { whoText(); }
  }

  function workerName(id) {
    var d = state.onDuty.filter(function (w) { return w.workerId === id; })[0];
    return d ? d.name : id;
  }

  // ---------------------------------------------------------------- the citizen card and the call's tools
  function loadCard(card) {
    var body = q(card.li, '.card-body');
    if (!card.data) { body.textContent = t('card.loading'); }
    return api('GET', '/api/v1/desk/alarms/' + card.a.id + '/card').then(function (data) {
      card.data = data; renderCard(card);
    }).catch(function (e) { body.textContent = e.message; });
  }

  function renderCard(card) {
    var a = card.a; var data = card.data; var body = q(card.li, '.card-body');
    var open = card.li.querySelector('details.more').open;
    body.textContent = '';
    var c = data.citizen;
    if (!c) {
      body.appendChild(el('p', null, t('card.noCitizen')));
    } else {
      var dl = el('dl');
      var row = function (label, value) {
        if (value === null || value === undefined || value === '') { return; }
        dl.appendChild(el('dt', null, label));
        var dd = el('dd'); if (typeof value === 'string') { dd.textContent = value; } else { dd.appendChild(value); }
        dl.appendChild(dd);
      };
      if (c.phone) { row(t('card.phone'), telLink(c.phone)); }
      if (c.language) { row(t('card.language'), T.languageName(c.language)); }
      if (c.status === 'PAUSED') { row(t('card.status'), t('status.PAUSED')); }
      row(t('card.medical'), c.medicalNote);
      row(t('card.practical'), c.practicalNote);
      row(t('card.keyNote'), c.keyNote);
      if (c.keyBoxLocation || c.keyBoxCodeSet) {
        var kb = el('span'); kb.appendChild(document.createTextNode(c.keyBoxLocation || ''));
        if (c.keyBoxCodeSet && a.handling === 'CALL' && a.holderSupplierId === state.user.supplierId
          && (!isWorker() || a.mine)) {
          kb.appendChild(document.createTextNode(' '));
          var shown = el('span', 'code-shown');
          var kbtn = button(kb, t('card.keyCode.show'), null, function () {
            kbtn.disabled = true;
            api('POST', '/api/v1/desk/alarms/' + a.id + '/key-code').then(function (r) {
              shown.textContent = t('card.keyCode.shown', { code: r.keyBoxCode }); kbtn.remove();
            }).catch(function (e) { kbtn.disabled = false; shown.textContent = e.message; });
          }, 'key-code');
          kb.appendChild(shown);
        } else if (!c.keyBoxCodeSet) {
          kb.appendChild(document.createTextNode(' – ' + t('card.keyCode.none')));
        }
        row(t('card.keyBox'), kb);
      }
      body.appendChild(dl);
      if (c.contacts && c.contacts.length) {
        body.appendChild(el('h3', null, t('card.contacts')));
        var ul = el('ul');
        c.contacts.forEach(function (k) {
          var li = el('li', null, k.name + (k.relation ? ' (' + k.relation + ') ' : ' '));
          li.appendChild(telLink(k.phone)); ul.appendChild(li);
        });
        body.appendChild(ul);
      }
      var map = el('a', null, ''); map.href = 'https://www.openstreetmap.org/search?query=' + encodeURIComponent(c.address);
      map.target = '_blank'; map.rel = 'noopener';
      map.appendChild(svg('#i-map')); map.appendChild(document.createTextNode(' ' + t('card.map')));
      body.appendChild(el('p')).appendChild(map);
      body.appendChild(el('h3', null, t('card.recent')));
      if (!data.recentAlarms.length) {
        body.appendChild(el('p', 'empty', t('card.recent.none')));
      } else {
        var rl = el('ol', 'recent');
        data.recentAlarms.forEach(function (r) {
          var li = el('li'); li.appendChild(timeEl(r.receivedAt, T.when(r.receivedAt)));
          li.appendChild(document.createTextNode(' · #' + r.id + ' ' + T.enumText('category', r.category) + ' · '
            + endText(r)));
          rl.appendChild(li);
        });
        body.appendChild(rl);
      }
    }
    body.appendChild(el('h3', null, t('card.timeline')));
    var tl = el('ol', 'timeline');
    data.timeline.forEach(function (e) {
      var li = el('li'); li.appendChild(timeEl(e.at, T.time(e.at)));
      li.appendChild(document.createTextNode(' ' + T.enumText('timeline', e.kind) + ' – ' + e.actor
        + (e.detail ? ': ' + e.detail : '')));
      tl.appendChild(li);
    });
    body.appendChild(tl);
    tools(body, card);
    card.li.querySelector('details.more').open = open;
  }

  /** Note, re-notify, forward and cancel: on the card, for those who may. */
  function tools(body, card) {
    var a = card.a; var mineToAct = a.holderSupplierId === state.user.supplierId && (!isWorker() || a.mine);
    var box = el('div', 'tools');
    if (mineToAct || !isWorker()) {
      textForm(box, a, 'note', 'text', t('field.note'), t('act.note'), function (v) { return { text: v }; });
    }
    if (!isWorker() && mineToAct) {
      if (can(a, 'RENOTIFY')) {
        button(box, t('act.renotify'), null, function () { act(a, 'renotify', {}); }, 'renotify');
      }
      var targets = ['MUNICIPAL_HOME_CARE', 'FIRE_AND_RESCUE'].filter(function (x) {
        return can(a, x === 'MUNICIPAL_HOME_CARE' ? 'FORWARD_MUNICIPAL' : 'FORWARD_FIRE');
      });
      if (targets.length) {
        var f = el('form'); var sid = 'fwd-' + a.id; var rid = 'fwd-r-' + a.id;
        var l = el('label', null, t('field.target')); l.htmlFor = sid;
        var s = el('select'); s.id = sid;
        targets.forEach(function (x) { var op = el('option', null, T.enumText('target', x)); op.value = x; s.appendChild(op); });
        var rl = el('label', null, t('field.reason')); rl.htmlFor = rid;
        var r = el('input'); r.id = rid; r.required = true; r.maxLength = 2000;
        var b = el('button', 'danger', t('act.forward')); b.type = 'submit';
        [l, s, rl, r, b].forEach(function (x) { f.appendChild(x); });
        f.addEventListener('submit', function (ev) {
          ev.preventDefault(); act(a, 'forward', { target: s.value, reason: r.value });
        });
        box.appendChild(f);
      }
      if (can(a, 'CANCEL')) {
        textForm(box, a, 'cancel', 'reason', t('field.reason'), t('act.cancel'), function (v) { return { reason: v }; });
      }
    }
    body.appendChild(box);
  }

  function textForm(box, a, action, field, label, text, bodyOf) {
    var f = el('form'); var id = action + '-' + a.id;
    var l = el('label', null, label); l.htmlFor = id;
    var i = el('input'); i.id = id; i.required = true; i.maxLength = 2000;
    var b = el('button', null, text); b.type = 'submit';
    f.appendChild(l); f.appendChild(i); f.appendChild(b);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      act(a, action, bodyOf(i.value)).then(function (ok) { if (ok) { i.value = ''; } });
    });
    box.appendChild(f);
  }

  function endText(r) {
    if (r.endKind === 'CLOSED' && r.outcome) { return T.enumText('outcome', r.outcome) + (r.note ? ' – ' + r.note : ''); }
    if (r.endKind) { return T.enumText('end', r.endKind) + (r.note ? ' – ' + r.note : ''); }
    return T.enumText('state', r.state);
  }

  function telLink(phone) {
    var a = el('a'); a.href = 'tel:' + String(phone).replace(/\s/g, '');
    a.appendChild(svg('#i-phone')); a.appendChild(document.createTextNode(' ' + phone)); return a;
  }

  function timeEl(iso, text) { var e = el('time', null, text); e.dateTime = iso || ''; return e; }

  // ---------------------------------------------------------------- the ring, the sound and desktop notifications
  // The desk rings (Web Audio) while a call it must answer is not acknowledged, every 2.5 s, once the dispatcher
  // has turned the sound on; the choice is kept in localStorage, so the desk rings again after a reload (a browser
  // that paused the audio until a click gets a banner asking for one). A hidden tab gets a desktop notification.
  var sound = { wanted: localStorage.getItem('vc.desk.sound') === 'on', ctx: null, timer: null, rings: 0,
    notes: new Map() };

  function audio() {
    if (!sound.ctx) {
      try {
        sound.ctx = new (window.AudioContext || window.webkitAudioContext)();
        sound.ctx.onstatechange = soundUi;
      } catch (e) { sound.ctx = null; }
    }
    return sound.ctx;
  }

  function setSound(on) {
    sound.wanted = on;
    localStorage.setItem('vc.desk.sound', on ? 'on' : 'off');
    if (on) {
      var ctx = audio(); if (ctx) { ctx.resume().then(soundUi, soundUi); }
      if (window.Notification && Notification.permission === 'default') { Notification.requestPermission().catch(function () {}); }
    }
    soundUi();
    updateRing();
  }

  function soundUi() {
    var b = $('sound');
    var running = sound.ctx && sound.ctx.state === 'running';
    b.setAttribute('aria-pressed', sound.wanted ? 'true' : 'false');
    q(b, '.label').textContent = sound.wanted ? t('sound.on') : t('sound.off');
    b.title = sound.wanted ? t('sound.title.on') : t('sound.title.off');
    q(b, 'use').setAttribute('href', sound.wanted ? '#i-bell' : '#i-bell-off');
    $('soundResume').hidden = !(state.user && sound.wanted && !running);
    document.body.dataset.sound = sound.wanted ? (running ? 'on' : 'paused') : 'off';
  }

  $('sound').addEventListener('click', function () { setSound(!sound.wanted); if (sound.wanted) { ringOnce(); } });
  $('soundResume').addEventListener('click', function () { setSound(true); });
  // any click or key on the page resumes a sound the browser paused (after a reload)
  ['pointerdown', 'keydown'].forEach(function (type) {
    document.addEventListener(type, function () {
      if (sound.wanted && state.user) {
        var ctx = audio(); if (ctx && ctx.state !== 'running') { ctx.resume().then(soundUi, soundUi); }
      }
    }, true);
  });

  function waitingCalls() {
    var out = [];
    state.cards.forEach(function (card) { if (needsAnswer(card.a) && groupOf(card.a) === 'WAITING') { out.push(card.a); } });
    return out;
  }

  function updateRing() {
    var ringing = !!state.user && waitingCalls().length > 0;
    document.body.dataset.ringing = ringing ? 'true' : 'false';
    if (ringing && !sound.timer) { ringOnce(); sound.timer = setInterval(ringOnce, 2500); }
    if (!ringing && sound.timer) { clearInterval(sound.timer); sound.timer = null; }
  }

  function ringOnce() {
    var ctx = sound.ctx;
    if (!sound.wanted || !ctx || ctx.state !== 'running') { return; }
    for (var i = 0; i < 3; i++) {
      var o = ctx.createOscillator(); var g = ctx.createGain();
      var t0 = ctx.currentTime + i * 0.3;
      o.frequency.value = i === 1 ? 1175 : 880; o.type = 'square';
      g.gain.setValueAtTime(0.0001, t0); g.gain.exponentialRampToValueAtTime(0.25, t0 + 0.02);
      g.gain.exponentialRampToValueAtTime(0.0001, t0 + 0.22);
      o.connect(g); g.connect(ctx.destination); o.start(t0); o.stop(t0 + 0.24);
    }
    sound.rings++;
    document.body.dataset.rings = String(sound.rings);
  }

  function desktopNotice(a, what) {
    if (!window.Notification || Notification.permission !== 'granted' || !document.hidden || !sound.wanted) { return; }
    var c = a.citizen || {};
    try {
      var n = new Notification(t('notify.title', { what: what, citizen: c.name || t('unknown.citizen') }),
        { body: (c.address || '') + ' · #' + a.id, tag: 'vc-alarm-' + a.id, requireInteraction: true });
      n.onclick = function () { window.focus(); selectTab('calls', false); n.close(); };
      sound.notes.set(a.id, n);
    } catch (e) { /* some browsers only notify from a service worker */ }
  }

  function closeNotification(id) {
    var n = sound.notes.get(id); if (n) { n.close(); sound.notes.delete(id); }
  }

  function closeNotifications() { sound.notes.forEach(function (n) { n.close(); }); sound.notes.clear(); }

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

  var TRAIL_EVENTS = { 'justification.due': 'duties.justifications', 'justification.rejected': 'duties.justifications',
    'justification.accepted': 'duties.justifications', 'action_plan.required': 'duties.plans',
    'action_plan.approved': 'duties.plans', 'action_plan.rejected': 'duties.plans', 'breach.candidate': 'duties.breaches' };

  function dispatch(ev) {
    if (!ev) { return; }
    var msg; try { msg = JSON.parse(ev.data); } catch (e) { return; }
    if (TRAIL_EVENTS[ev.event]) {
      if (state.user.role === 'DISPATCHER') {
        loadDuties();
        if (ev.event === 'justification.due' || ev.event === 'justification.rejected' || ev.event === 'action_plan.required'
          || ev.event === 'action_plan.rejected') {
          flash(t('flash.duty', { what: t(TRAIL_EVENTS[ev.event]) }));
        }
      }
      return;
    }
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
    var hints = q(card.li, '.hints');
    hints.appendChild(el('div', null, T.time(msg.at || new Date().toISOString()) + ' ' + msg.detail));
    while (hints.childNodes.length > MAX_HINTS) { hints.removeChild(hints.firstChild); } // the newest stay
  }

  var FLASH = { 'alarm.renotified': 'flash.renotified', 'alarm.forwarded': 'flash.forwarded',
    'alarm.repeated': 'flash.repeated', 'alarm.information': 'flash.information' };

  function alert(msg, event) {
    var card = state.cards.get(msg.alarm.id);
    var a = card ? card.a : msg.alarm;
    if (isWorker() && !a.mine && event !== 'alarm.information') { return; } // another worker's call: no alarm here
    var c = msg.citizen ? msg.citizen.name + ', ' + msg.citizen.address : 'alarm #' + msg.alarm.id;
    var what = t(FLASH[event] || (laneOf(a) === 'TECHNICAL' ? 'flash.notice' : 'flash.new'));
    flash(what + ': ' + T.enumText('category', msg.alarm.category) + ' – ' + c);
    if (needsAnswer(a)) { desktopNotice(a, what); }
    if (laneOf(a) === 'TECHNICAL' || !needsAnswer(a)) { ringOnce(); } // a notice or information: one ring, no repeat
  }

  function flash(text) {
    var f = $('flash');
    f.textContent = text;
    f.hidden = false;
    // restart the flash without forcing a layout of the whole queue (a busy desk gets many of these)
    if (f.getAnimations) { f.getAnimations().forEach(function (an) { an.cancel(); an.play(); }); }
    clearTimeout(flash.t); flash.t = setTimeout(function () { f.hidden = true; }, 15000);
  }

  // ---------------------------------------------------------------- history of closed calls
  var history = { items: [], next: null, query: '', loaded: false };

  function outcomeOptions() {
    var s = $('historyOutcome'); var keep = s.value;
    s.textContent = '';
    var any = el('option', null, t('history.any')); any.value = ''; s.appendChild(any);
    CALL_OUTCOMES.concat(TECH_OUTCOMES).forEach(function (o) {
      var op = el('option', null, T.enumText('outcome', o)); op.value = o; s.appendChild(op);
    });
    s.value = keep;
  }
  outcomeOptions();

  $('historyForm').addEventListener('submit', function (ev) { ev.preventDefault(); searchHistory(); });
  $('historyMore').addEventListener('click', function () { fetchHistory(history.next); });

  function searchHistory() {
    var p = [];
    [['q', 'historyQ'], ['outcome', 'historyOutcome'], ['from', 'historyFrom'], ['to', 'historyTo']].forEach(function (x) {
      var v = $(x[1]).value.trim(); if (v) { p.push(x[0] + '=' + encodeURIComponent(v)); }
    });
    history.query = p.join('&');
    history.items = [];
    history.loaded = true;
    fetchHistory(null);
  }

  function fetchHistory(cursor) {
    var url = '/api/v1/desk/history?limit=50' + (history.query ? '&' + history.query : '')
      + (cursor ? '&cursor=' + encodeURIComponent(cursor) : '');
    api('GET', url).then(function (r) {
      history.items = history.items.concat(r.items); history.next = r.nextCursor; renderHistory();
    }).catch(function (e) { showError(e); });
  }

  function renderHistory() {
    var body = $('historyRows'); body.textContent = '';
    history.items.forEach(function (h) {
      var tr = el('tr'); tr.dataset.id = h.id;
      var td = function (text) { var c = el('td', null, text); tr.appendChild(c); return c; };
      td('').appendChild(timeEl(h.receivedAt, T.dateTime(h.receivedAt)));
      td(h.citizen ? h.citizen.name + ', ' + h.citizen.address : t('unknown.citizen'));
      td('#' + h.id + ' ' + T.enumText('category', h.category) + (h.response ? ' · ' + T.enumText('response', h.response) : ''));
      td(endText(h) + (h.endedAt ? ' · ' + T.dateTime(h.endedAt) : ''));
      td(h.endedBy || '');
      body.appendChild(tr);
    });
    $('historyEmpty').hidden = !history.loaded || history.items.length > 0;
    $('historyMore').hidden = !history.next;
  }

  // ---------------------------------------------------------------- justifications and action plans
  // The supplier's written duties to the municipality, written and followed here: each justification and plan is an
  // item updated in place (a half-written text survives a reload of the list), read again on every pushed change.
  var duties = { justs: new Map(), plans: new Map(), breaches: [], loading: false, again: false };

  function loadDuties() {
    if (!state.user || state.user.role !== 'DISPATCHER') { return; }
    if (duties.loading) { duties.again = true; return; }
    duties.loading = true;
    var s = encodeURIComponent(state.user.supplierId);
    Promise.all([
      api('GET', '/api/v1/justifications?state=OPEN,REJECTED,SUBMITTED&limit=500&supplierId=' + s),
      api('GET', '/api/v1/action-plans?state=REQUIRED,REJECTED,SUBMITTED,APPROVED&limit=100&supplierId=' + s),
      api('GET', '/api/v1/breach-candidates?state=OPEN&limit=100&supplierId=' + s)
    ]).then(function (r) {
      duties.justList = r[0].items; duties.planList = r[1].items; duties.breaches = r[2].items;
      renderDuties();
    }).catch(function () {}).then(function () {
      duties.loading = false;
      if (duties.again) { duties.again = false; loadDuties(); }
    });
  }

  function renderDuties() {
    if (!duties.justList) { return; }
    sync(duties.justs, duties.justList, $('justs'), justItem, fillJust);
    sync(duties.plans, duties.planList, $('plans'), planItem, fillPlan);
    $('justsEmpty').hidden = duties.justList.length > 0;
    $('plansEmpty').hidden = duties.planList.length > 0;
    var bl = $('breaches'); bl.textContent = '';
    duties.breaches.forEach(function (b) {
      bl.appendChild(el('li', 'duty', t('breach.head', { alarm: b.alarmId, plan: b.actionPlanId }) + ' · '
        + T.dateTime(b.raisedAt)));
    });
    $('breachesEmpty').hidden = duties.breaches.length > 0;
    var owed = duties.justList.filter(function (j) { return j.state === 'OPEN' || j.state === 'REJECTED'; }).length
      + duties.planList.filter(function (p) { return p.state === 'REQUIRED' || p.state === 'REJECTED'; }).length;
    $('count-duties').textContent = owed ? String(owed) : '';
  }

  /** Keeps one element per item in the list's order; an item's form is built once and its status updated. */
  function sync(map, list, ol, make, update) {
    var ids = new Set(list.map(function (x) { return x.id; }));
    map.forEach(function (item, id) { if (!ids.has(id)) { item.li.remove(); map.delete(id); } });
    list.forEach(function (x) {
      var item = map.get(x.id);
      if (!item || item.state !== x.state) {
        if (item) { item.li.remove(); }
        item = { li: make(x), state: x.state }; map.set(x.id, item);
      }
      update(item.li, x);
      ol.appendChild(item.li);
    });
  }

  function justItem(j) {
    var li = el('li', 'duty'); li.dataset.id = j.id;
    li.appendChild(el('strong', 'head'));
    li.appendChild(el('div', 'status'));
    if (j.state === 'OPEN' || j.state === 'REJECTED') {
      var f = el('form'); var id = 'just-' + j.id;
      var lab = el('label', null, t('just.text')); lab.htmlFor = id;
      var ta = el('textarea'); ta.id = id; ta.required = true; ta.maxLength = 8000;
      var b = el('button', 'primary', t('act.submit')); b.type = 'submit';
      f.appendChild(lab); f.appendChild(ta); f.appendChild(b);
      f.addEventListener('submit', function (ev) {
        ev.preventDefault();
        api('POST', '/api/v1/justifications/' + j.id + '/submit', { text: ta.value })
          .then(function () { loadDuties(); }).catch(function (e) { showError(e); });
      });
      li.appendChild(f);
    }
    versions(li, '/api/v1/justifications/' + j.id);
    return li;
  }

  function fillJust(li, j) {
    q(li, '.head').textContent = t('just.head', { alarm: j.alarmId, target: T.enumText('target', j.forwardTarget),
      when: T.dateTime(j.forwardedAt) });
    var s = q(li, '.status'); s.textContent = '';
    s.appendChild(el('span', null, t('just.state.' + j.state) + ' · '));
    var due = el('span', 'due' + (j.overdue ? ' overdue' : ''), t('just.due', { due: T.dateTime(j.dueAt) })
      + (j.overdue ? ' – ' + t('just.overdue') : ''));
    s.appendChild(due);
    if (j.state === 'REJECTED' && j.decisionReason) { s.appendChild(el('div', null, t('just.rejected', { reason: j.decisionReason }))); }
  }

  /** The versions and decisions of a justification, read when opened. */
  function versions(li, path) {
    var d = el('details'); var s = el('summary', null, t('just.versions')); d.appendChild(s);
    var body = el('div'); d.appendChild(body);
    d.addEventListener('toggle', function () {
      if (!d.open) { return; }
      api('GET', path).then(function (j) {
        body.textContent = '';
        var ol = el('ol');
        (j.versions || []).forEach(function (v) {
          var item = el('li'); item.appendChild(el('div', null, 'v' + v.version + ' · ' + v.author + ' · '
            + T.dateTime(v.submittedAt)));
          item.appendChild(el('blockquote', null, v.text)); ol.appendChild(item);
        });
        (j.decisions || []).forEach(function (x) {
          ol.appendChild(el('li', null, x.decision + ' · ' + x.decidedBy + ' · ' + T.dateTime(x.decidedAt)
            + (x.reason ? ' – ' + x.reason : '')));
        });
        body.appendChild(ol);
      }).catch(function (e) { body.textContent = e.message; });
    });
    li.appendChild(d);
  }

  function planItem(p) {
    var li = el('li', 'duty'); li.dataset.id = p.id;
    li.appendChild(el('strong', 'head'));
    li.appendChild(el('div', 'status'));
    li.appendChild(el('div', 'alarms'));
    if (p.state === 'REQUIRED' || p.state === 'REJECTED') {
      var f = el('form');
      var field = function (key, tag, type) {
        var id = 'plan-' + key + '-' + p.id; var l = el('label', null, t('plan.' + key)); l.htmlFor = id;
        var i = el(tag); i.id = id; i.required = true; if (type) { i.type = type; }
        f.appendChild(l); f.appendChild(i); return i;
      };
      var text = field('text', 'textarea'); var measures = field('measures', 'textarea');
      var starts = field('starts', 'input', 'date'); var ends = field('ends', 'input', 'date');
      var b = el('button', 'primary', t('act.submit')); b.type = 'submit'; f.appendChild(b);
      f.addEventListener('submit', function (ev) {
        ev.preventDefault();
        api('POST', '/api/v1/action-plans/' + p.id + '/submit', { text: text.value, measures: measures.value,
          startsOn: starts.value, endsOn: ends.value }).then(function () { loadDuties(); })
          .catch(function (e) { showError(e); });
      });
      li.appendChild(f);
    } else {
      li.appendChild(el('blockquote', 'plan-text'));
    }
    return li;
  }

  function fillPlan(li, p) {
    q(li, '.head').textContent = t('plan.head', { id: p.id, n: (p.alarms || []).length,
      counting: T.enumText('plan.counting', p.counting) });
    q(li, '.status').textContent = t('plan.state.' + p.state, { until: T.dateTime(p.followUpUntil) })
      + (p.state === 'REJECTED' && p.decisionReason ? ' – ' + t('plan.rejected', { reason: p.decisionReason }) : '');
    q(li, '.alarms').textContent = t('plan.alarms', { ids: (p.alarms || []).map(function (a) { return '#' + a.alarmId; })
      .join(', ') });
    var text = q(li, '.plan-text');
    if (text) {
      text.textContent = (p.text || '') + (p.measures ? ' — ' + p.measures : '')
        + (p.startsOn ? ' (' + T.date(p.startsOn) + ' – ' + T.date(p.endsOn) + ')' : '');
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
        cls += ' expired'; text = t('countdown.over', { d: T.duration(-left) });
      } else {
        cls += left > 600 ? ' green' : left >= 180 ? ' amber' : ' red'; text = t('countdown.left', { d: T.duration(left) });
      }
    }
    if (cd.className !== cls) { cd.className = cls; }
    if (cd.textContent !== text) { cd.textContent = text; }
    var age = q(li, '.age'); var since = age.dataset.since;
    var a = since ? t('received', { time: T.time(since), ago: T.duration((now - Date.parse(since)) / 1000) }) : '';
    if (age.textContent !== a) { age.textContent = a; }
    if (li.classList.contains('new') && li.dataset.fresh && now - Number(li.dataset.fresh) > 10000) { li.classList.remove('new'); }
  }
  setInterval(tick, 1000);

  function live(on) {
    state.liveOn = !!on;
    var l = $('live'); l.textContent = on ? t('live.on') : t('live.off'); l.className = 'live ' + (on ? 'on' : 'off');
    l.dataset.state = on ? 'on' : 'off';
  }

  // ---------------------------------------------------------------- helpers
  function el(tag, cls, text) {
    var n = document.createElement(tag); if (cls) { n.className = cls; } if (text != null) { n.textContent = text; } return n;
  }
  function svg(ref) {
    var s = document.createElementNS('http://www.w3.org/2000/svg', 'svg'); s.setAttribute('class', 'icon');
    s.setAttribute('aria-hidden', 'true');
    var u = document.createElementNS('http://www.w3.org/2000/svg', 'use'); u.setAttribute('href', ref); s.appendChild(u);
    return s;
  }
  function q(root, sel) { return root.querySelector(sel); }
  function button(box, text, cls, onClick, action) {
    var b = el('button', cls, text); b.type = 'button'; b.addEventListener('click', onClick);
    if (action) { b.dataset.action = action; }
    box.appendChild(b); return b;
  }

  soundUi();
  live(false);
  // resume a session in this tab
  if (state.token) {
    api('GET', '/api/v1/me').then(function (me) { start(me.user || me); }).catch(logout);
  }
})();
