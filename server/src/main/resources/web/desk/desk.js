/* Vagtcentral live desk: plain JS, no build step. Token in sessionStorage; live updates over SSE read with fetch()
   (EventSource cannot send the Authorization header). */
(function () {
  'use strict';
  var $ = function (id) { return document.getElementById(id); };
  var state = { token: sessionStorage.getItem('vc.token'), user: null, alarms: new Map(), onDuty: [],
    stream: null, soundOn: false, audio: null, retry: 1000 };
  var CATEGORY = { FIRE: 'Brand · fire', EMERGENCY: 'Nødkald · emergency', TECHNICAL: 'Teknisk · technical',
    CANCEL: 'Afmeldt · cancel', RESTORE: 'Genoprettet · restore', TEST: 'Test', SUPERVISION: 'Supervision' };
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
  function loadQueue() {
    return Promise.all([api('GET', '/api/v1/desk/alarms'), api('GET', '/api/v1/desk/on-duty')]).then(function (r) {
      state.alarms = new Map();
      r[0].items.forEach(function (a) { state.alarms.set(a.id, a); });
      state.onDuty = r[1].items;
      render();
      loadJustifications();
    });
  }

  function loadJustifications() {
    if (!state.user || state.user.role !== 'DISPATCHER') { $('justSection').hidden = true; return; }
    api('GET', '/api/v1/justifications?supplierId=' + encodeURIComponent(state.user.supplierId)).then(function (r) {
      var open = (r.items || []).filter(function (j) { return j.state === 'OPEN' || j.state === 'REJECTED'; });
      var list = $('justs'); list.textContent = '';
      open.forEach(function (j) { list.appendChild(justItem(j)); });
      $('justSection').hidden = open.length === 0;
    }).catch(function () { $('justSection').hidden = true; });
  }

  function justItem(j) {
    var li = el('li', 'just');
    var h = el('div'); h.appendChild(el('strong', null, 'Alarm #' + j.alarmId + ' → ' + j.forwardTarget));
    var due = el('span', 'due' + (j.overdue ? ' overdue' : ''), ' · frist (due) ' + fmtTime(j.dueAt)
      + (j.overdue ? ' – overskredet (overdue)' : '') + (j.state === 'REJECTED' ? ' · afvist (rejected): ' + (j.decisionReason || '') : ''));
    h.appendChild(due); li.appendChild(h);
    var f = el('form'); var id = 'just-' + j.id;
    var lab = el('label', null, 'Begrundelse (justification)'); lab.htmlFor = id;
    var ta = el('textarea'); ta.id = id; ta.required = true;
    var b = el('button', 'primary', 'Indsend (submit)'); b.type = 'submit';
    f.appendChild(lab); f.appendChild(ta); f.appendChild(b);
    f.addEventListener('submit', function (ev) {
      ev.preventDefault();
      api('POST', '/api/v1/justifications/' + j.id + '/submit', { text: ta.value })
        .then(loadJustifications).catch(showError);
    });
    li.appendChild(f);
    return li;
  }

  function render() {
    var list = $('queue');
    var items = Array.from(state.alarms.values()).filter(function (a) {
      return a.state !== 'CLOSED' && a.state !== 'CANCELLED';
    }).sort(urgency);
    if (state.user.role === 'WORKER') {
      items.sort(function (x, y) { return (y.mine ? 1 : 0) - (x.mine ? 1 : 0); });
    }
    list.textContent = '';
    items.forEach(function (a) { list.appendChild(alarmItem(a)); });
    $('empty').hidden = items.length > 0;
    $('count').textContent = items.length ? '(' + items.length + ')' : '';
    tick();
  }

  function urgency(x, y) {
    var cx = x.handling === 'CALL' ? 0 : 1, cy = y.handling === 'CALL' ? 0 : 1;
    if (cx !== cy) { return cx - cy; }
    var dx = x.responseDeadline ? Date.parse(x.responseDeadline) : Infinity;
    var dy = y.responseDeadline ? Date.parse(y.responseDeadline) : Infinity;
    if (dx !== dy) { return dx < dy ? -1 : 1; }
    return y.id - x.id;
  }

  function alarmItem(a) {
    var li = document.getElementById('alarmTpl').content.firstElementChild.cloneNode(true);
    li.dataset.id = a.id;
    li.classList.add(a.handling === 'CALL' ? 'call' : 'notice');
    if (a.fresh) { li.classList.add('new'); }
    li.setAttribute('aria-label', 'Alarm ' + a.id);
    q(li, '.cat').textContent = (CATEGORY[a.category] || a.category) + (a.handling && a.handling !== 'CALL' ? ' (' + a.handling.toLowerCase().replace('_', ' ') + ')' : '');
    q(li, '.state').textContent = STATE[a.state] || a.state;
    var c = a.citizen || {};
    q(li, '.name').textContent = c.name || 'Ukendt borger (unknown citizen)';
    q(li, '.address').textContent = c.address || '';
    q(li, '.key').textContent = c.keyNote ? '🔑 ' + c.keyNote : '';
    q(li, '.code').textContent = (a.eventCode || '') + (a.text ? ' ' + a.text : '') + ' #' + a.id;
    q(li, '.holder').textContent = a.holder ? a.holder.name : (a.holderSupplierId || '');
    q(li, '.worker').textContent = a.worker ? 'medarbejder: ' + a.worker.name : '';
    var cd = q(li, '.countdown');
    cd.dataset.deadline = a.responseDeadline && a.handling === 'CALL' && (a.state === 'NOTIFIED' || a.state === 'RECEIVED'
      || a.state === 'ACKNOWLEDGED' || a.state.indexOf('FORWARDED') === 0) ? a.responseDeadline : '';
    q(li, '.age').dataset.since = a.receivedAt || '';
    actions(q(li, '.actions'), a);
    return li;
  }

  function actions(box, a) {
    var allowed = a.allowedActions || [];
    var worker = state.user.role === 'WORKER';
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
      textAction(box, a, 'close', 'outcome', 'Udfald (outcome)', 'Luk (close)');
    }
    if (!worker && can('CANCEL')) {
      textAction(box, a, 'cancel', 'reason', 'Årsag (reason)', 'Annuller (cancel)');
    }
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
    api('POST', '/api/v1/alarms/' + a.id + '/' + action, body).then(function () {
      return refreshOne(a.id);
    }).catch(function (e) {
      showError(e, 'Alarm #' + a.id + ' ' + action + ': ');
      refreshOne(a.id);
    });
  }

  function showError(e, prefix) {
    $('actionError').textContent = (prefix || '') + (e.status === 409 ? 'afvist (refused): ' : '') + e.message;
  }

  // after an own action or an SSE message: re-read the queue entry from the desk endpoint (one request)
  var pending = null;
  function refreshOne() {
    if (pending) { return pending; }
    pending = api('GET', '/api/v1/desk/alarms').then(function (r) {
      var fresh = new Map();
      r.items.forEach(function (a) {
        var old = state.alarms.get(a.id);
        if (old && old.fresh) { a.fresh = old.fresh; }
        fresh.set(a.id, a);
      });
      state.alarms = fresh;
      render();
    }).catch(function () {}).then(function () { pending = null; });
    return pending;
  }

  // ---------------------------------------------------------------- live stream (SSE over fetch)
  function connect() {
    if (state.stream) { state.stream.abort(); }
    var ctrl = new AbortController(); state.stream = ctrl;
    fetch('/api/v1/desk/events', { headers: { Authorization: 'Bearer ' + state.token, Accept: 'text/event-stream' },
      signal: ctrl.signal, cache: 'no-store' }).then(function (r) {
      if (r.status === 401) { logout(); return; }
      if (!r.ok || !r.body) { throw new Error('stream ' + r.status); }
      live(true); state.retry = 1000;
      loadQueue().catch(showError); // after subscribing, so nothing falls between the read and the stream
      var reader = r.body.getReader(); var decoder = new TextDecoder(); var buf = '';
      function pump() {
        return reader.read().then(function (chunk) {
          if (chunk.done) { throw new Error('stream ended'); }
          buf += decoder.decode(chunk.value, { stream: true }).replace(/\r\n?/g, '\n');
          var i;
          while ((i = buf.indexOf('\n\n')) >= 0) {
            var block = buf.slice(0, i); buf = buf.slice(i + 2);
            dispatch(parseEvent(block));
          }
          return pump();
        });
      }
      return pump();
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
    if (ev.event === 'justification.due' || ev.event === 'action_plan.required') { loadJustifications(); return; }
    if (!msg.alarm) { return; }
    var a = msg.alarm;
    if (ev.event === 'alarm.new' || ev.event === 'alarm.fire' || ev.event === 'alarm.renotified'
      || ev.event === 'alarm.forwarded') {
      alert(msg, ev.event);
    }
    // merge at once (the message carries the alarm, citizen and worker), then confirm from the desk endpoint
    var old = state.alarms.get(a.id) || {};
    var merged = Object.assign({}, old, a);
    if (msg.citizen) { merged.citizen = msg.citizen; }
    if (msg.worker) { merged.worker = msg.worker; }
    if (msg.supplier) { merged.holder = msg.supplier; }
    if (ev.event === 'alarm.new' || ev.event === 'alarm.fire' || ev.event === 'alarm.renotified') { merged.fresh = Date.now(); }
    if (state.user.role === 'WORKER' && msg.worker && msg.worker.id === state.user.workerId) { merged.mine = true; }
    state.alarms.set(a.id, merged);
    render();
    refreshOne();
    if (ev.event === 'alarm.forwarded') { loadJustifications(); }
  }

  function alert(msg, event) {
    var f = $('flash');
    var c = msg.citizen ? msg.citizen.name + ', ' + msg.citizen.address : 'alarm #' + msg.alarm.id;
    f.textContent = (event === 'alarm.renotified' ? 'Gentaget alarm (re-notified): ' : event === 'alarm.forwarded'
      ? 'Viderestillet (forwarded): ' : 'Ny alarm (new): ') + (CATEGORY[msg.alarm.category] || msg.alarm.category) + ' – ' + c;
    f.hidden = false;
    f.style.animation = 'none'; void f.offsetWidth; f.style.animation = '';
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
    document.querySelectorAll('.countdown').forEach(function (cd) {
      var d = cd.dataset.deadline;
      cd.className = 'countdown';
      if (!d) { cd.textContent = ''; return; }
      var left = Math.round((Date.parse(d) - now) / 1000);
      if (left <= 0) {
        cd.classList.add('expired'); cd.textContent = 'Frist overskredet ' + dur(-left) + ' (expired)';
      } else {
        cd.classList.add(left > 600 ? 'green' : left >= 180 ? 'amber' : 'red');
        cd.textContent = 'Frist ' + dur(left);
      }
    });
    document.querySelectorAll('.age').forEach(function (s) {
      s.textContent = s.dataset.since ? 'modtaget for ' + dur(Math.max(0, Math.round((now - Date.parse(s.dataset.since)) / 1000))) + ' siden' : '';
    });
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
