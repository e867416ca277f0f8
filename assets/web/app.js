// The phone's replica: a G-Counter (or PN-Counter) of its own, in the
// browser. It counts its owner's presses in its own slot, merges every
// state the relay forwards (server-sent events) by taking each slot's
// maximum, and gossips its vector to the relay on its own timer, as the
// simulated workers do. Offline it keeps counting; back, it merges.
// Everything it shows goes through textContent: nothing is ever HTML.
'use strict';
(function () {
  const $ = (id) => document.getElementById(id);
  const STORE = 'gcounter-replica';
  let me = null;      // what the join answered: token, node, nodes, slots
  let vector = [];    // this replica's state
  let stream = null;  // EventSource of what the relay forwards
  let timer = null;   // the gossip timer
  let offline = false;
  let code = '';
  let name = '';
  // Presses made while rejoining (no seat to count them in yet): +1 and
  // -1, added to its own slots once the join answers.
  let held = [0, 0];

  function load() {
    try { return JSON.parse(localStorage.getItem(STORE) || 'null'); }
    catch (e) { return null; }
  }
  function save() {
    try {
      localStorage.setItem(STORE, JSON.stringify(
        { code: code, name: name, node: me ? me.node : -1,
          epoch: me ? me.epoch : 0, vector: vector }));
    } catch (e) { /* private mode: the replica lives in memory only */ }
  }

  function merge(other) {
    if (!Array.isArray(other) || other.length !== vector.length) return;
    for (let i = 0; i < vector.length; i++) {
      const v = other[i];
      if (Number.isSafeInteger(v) && v > vector[i]) vector[i] = v;
    }
  }
  function value() {
    const n = me.nodes;
    let up = 0, down = 0;
    for (let i = 0; i < n; i++) up += vector[i];
    for (let i = n; i < vector.length; i++) down += vector[i];
    return up - down;
  }

  function status(text, bad) {
    const s = $('status');
    s.textContent = text;
    s.className = bad ? 'status bad' : 'status';
  }

  function draw() {
    $('value').textContent = String(value());
    const names = $('vector-names'), counts = $('vector-counts');
    names.textContent = '';
    counts.textContent = '';
    for (let i = 0; i < vector.length; i++) {
      const node = i % me.nodes;
      const th = document.createElement('th');
      const td = document.createElement('td');
      th.textContent = (i >= me.nodes ? '-n' : 'n') + (node + 1);
      td.textContent = String(vector[i]);
      if (node === me.node) { th.className = 'mine'; td.className = 'mine'; }
      names.appendChild(th);
      counts.appendChild(td);
    }
  }

  async function post(path, body) {
    const r = await fetch(path, {
      method: 'POST', headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body), cache: 'no-store' });
    let answer = null;
    try { answer = await r.json(); } catch (e) { answer = null; }
    return { ok: r.ok, code: r.status, body: answer || {} };
  }

  function shown(state) {
    if (!state) return;
    merge(state.vector);
    save();
    draw();
    if (state.down) status('your replica is down on the projector', true);
    else if (state.partition === 3) status('cut off from the others', true);
    else if (state.partition) status('partly cut off by the presenter', true);
    else status('in touch with the relay', false);
  }

  // One gossip: this replica's vector to the relay.
  async function gossip() {
    if (!me || offline) return;
    try {
      const r = await post('/api/report', { token: me.token, vector: vector });
      if (r.ok) shown(r.body);
      else if (r.body.reset) { status(r.body.error, true); reset(); }
      else if (r.code === 403) rejoin();
      else status(r.body.error || ('refused (' + r.code + ')'), true);
    } catch (e) {
      status('offline: counting here, merging when back', true);
    }
  }

  function listen() {
    if (stream) stream.close();
    stream = new EventSource('/api/events?token=' +
                             encodeURIComponent(me.token));
    stream.onmessage = (e) => {
      try { shown(JSON.parse(e.data)); } catch (err) { /* not ours */ }
    };
  }

  function press(minus) {
    if (!me) {
      held[minus ? 1 : 0] += 1;
      const kept = held[0] + held[1];
      status('joining again: ' + kept + (kept === 1 ? ' press' : ' presses') +
             ' kept, counted once joined', true);
      return;
    }
    vector[minus ? me.nodes + me.node : me.node] += 1;
    save();
    draw();
    gossip();
  }

  async function join() {
    const err = $('join-error');
    err.textContent = '';
    let r;
    try {
      r = await post('/api/join', { code: code, name: name });
    } catch (e) {
      err.textContent = 'cannot reach the presenter\'s laptop';
      return false;
    }
    if (!r.ok) {
      err.textContent = r.body.error || ('refused (' + r.code + ')');
      $('join').hidden = false;
      $('replica').hidden = true;
      return false;
    }
    const kept = load();
    me = r.body;
    vector = new Array(me.slots).fill(0);
    // What this phone still holds from before (same run, same seat).
    if (kept && kept.code === code && kept.name === name &&
        kept.node === me.node && kept.epoch === me.epoch)
      merge(kept.vector);
    merge(me.state.vector);
    vector[me.node] += held[0];
    if (me.slots > me.nodes) vector[me.nodes + me.node] += held[1];
    held = [0, 0];
    $('who').textContent = me.name;
    $('node').textContent = 'n' + (me.node + 1);
    $('minus').hidden = me.crdt !== 'pncounter';
    $('join').hidden = true;
    $('replica').hidden = false;
    save();
    draw();
    listen();
    if (timer) clearInterval(timer);
    timer = setInterval(gossip, me.gossip_ms);
    gossip();
    return true;
  }

  // The presenter started over: this replica's counts belong to a world
  // that is gone, so it forgets them and joins the new one.
  function reset() {
    vector = vector.map(() => 0);
    if (me) {
      me.epoch = -1;
      draw(); // the old counts leave the screen now, not at the join
    }
    save();
    rejoin();
  }

  function rejoin() {
    me = null;
    if (stream) stream.close();
    join();
  }

  $('join-form').addEventListener('submit', (e) => {
    e.preventDefault();
    code = $('code').value.trim().toUpperCase();
    name = $('name').value.trim();
    join();
  });
  $('plus').addEventListener('click', () => press(false));
  $('minus').addEventListener('click', () => press(true));
  $('offline').addEventListener('change', (e) => {
    offline = e.target.checked;
    if (offline) {
      if (stream) stream.close();
      stream = null;
      status('offline (pretend): counting here', true);
    } else if (me) {
      listen();
      gossip();
    }
  });
  // Closing the tab: the projector shows this replica as down.
  window.addEventListener('pagehide', () => {
    if (me && navigator.sendBeacon)
      navigator.sendBeacon('/api/leave', JSON.stringify({ token: me.token }));
  });

  const kept = load();
  if (kept && kept.code && kept.name) {
    code = kept.code;
    name = kept.name;
    $('code').value = code;
    $('name').value = name;
    join();
  }
})();
