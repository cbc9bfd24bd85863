// The dashboard: one EventSource to the gateway (/ui/events) for the cluster, one fetch per click for the demo.
import { LineChart } from './chart.js';

const $ = (id) => document.getElementById(id);
const chart = new LineChart($('chart'), $('legend'));

function cell(text, className) {
  const td = document.createElement('td');
  td.textContent = text ?? '–';
  if (className) td.className = className;
  return td;
}

function badge(element, text, tone) {
  element.textContent = text;
  element.className = `badge ${tone}`;
}

const STATE_TONE = { ready: 'ok', probing: 'warn', ejected: 'bad' };

function renderMembers(cluster) {
  const rows = cluster.members.map((member) => {
    const tr = document.createElement('tr');
    tr.dataset.testid = 'member';
    tr.dataset.address = member.address;
    const name = member.services.length ? member.services.join(', ') : member.id.slice(0, 8);
    tr.append(cell(member.self ? `${name} (this gateway)` : name), cell(member.address), cell(member.role));
    return tr;
  });
  $('members').replaceChildren(...rows);
  $('member-count').textContent = `${cluster.members.length} (${cluster.members.filter((m) => m.role === 'data').length} data)`;
  if (cluster.safe === true) badge($('safety'), 'cluster safe', 'ok');
  else if (cluster.safe === false) badge($('safety'), 'migrating', 'warn');
  else badge($('safety'), 'safety unknown', 'wait');
  if (cluster.majority === true) badge($('majority'), 'majority in sight', 'ok');
  else if (cluster.majority === false) badge($('majority'), 'minority: writes refused', 'bad');
  else badge($('majority'), 'no split-brain protection', 'wait');
}

function renderDatabase(database) {
  const element = $('database');
  element.dataset.state = database.state;
  if (database.state === 'up') badge(element, `database up (${database.reporting} nodes)`, 'ok');
  else if (database.state === 'down') {
    badge(element, `database unreachable from ${database.unreachable.length} of ${database.reporting}`, 'bad');
    element.title = database.unreachable.map((n) => `${n.service}: ${n.detail ?? ''}`).join('\n');
  } else badge(element, 'database unknown', 'wait');
}

function renderInstances(services) {
  const rows = [];
  const rates = new Map();
  for (const service of services) {
    for (const instance of service.instances) {
      const tr = document.createElement('tr');
      tr.dataset.testid = 'instance';
      tr.dataset.address = instance.address;
      tr.dataset.state = instance.state;
      tr.dataset.service = service.name;
      tr.dataset.rps = instance.rps;
      const state = document.createElement('span');
      state.className = `state ${STATE_TONE[instance.state] ?? 'wait'}`;
      state.textContent = instance.state;
      const stateCell = cell('');
      stateCell.replaceChildren(state);
      // The service's concurrency limit at the gateway (all instances together) and what it refused.
      const limit = service.limit == null ? '' : ` · limit ${service.limit}, shed ${service.shed}`;
      tr.append(cell(service.name + limit), cell(instance.address), stateCell, cell(instance.inFlight, 'num'),
        cell(instance.rps, 'num'), cell(instance.errorsPerSecond, 'num'), cell(instance.p50Ms, 'num'),
        cell(instance.p99Ms, 'num'));
      rows.push(tr);
      rates.set(`${service.name.replace('-service', '')} ${instance.address}`, instance.rps);
    }
  }
  $('instances').replaceChildren(...rows);
  chart.push(rates);
}

function addEvent(event) {
  const li = document.createElement('li');
  li.dataset.testid = 'event';
  li.dataset.kind = event.kind;
  const time = document.createElement('time');
  time.textContent = new Date(event.at).toLocaleTimeString();
  const kind = document.createElement('span');
  kind.className = 'kind';
  kind.textContent = event.kind;
  li.append(time, kind, event.text);
  $('timeline').prepend(li);
}

function connect() {
  const source = new EventSource('events');
  source.onopen = () => badge($('stream'), 'live', 'ok');
  source.onerror = () => badge($('stream'), 'reconnecting…', 'warn');
  source.addEventListener('history', (e) => {
    $('timeline').replaceChildren();
    JSON.parse(e.data).forEach(addEvent);
  });
  source.addEventListener('snapshot', (e) => {
    const snapshot = JSON.parse(e.data);
    if (snapshot.cluster) renderMembers(snapshot.cluster);
    if (snapshot.services) renderInstances(snapshot.services);
    if (snapshot.database) renderDatabase(snapshot.database);
  });
  source.addEventListener('event', (e) => addEvent(JSON.parse(e.data)));
}

function headers(json) {
  const h = { Accept: 'application/json' };
  const token = $('token').value.trim();
  if (token) h.Authorization = `Bearer ${token}`;
  if (json) h['Content-Type'] = 'application/json';
  return h;
}

async function loadProducts() {
  const response = await fetch('api/products', { headers: headers(false) });
  if (!response.ok) return;
  const { products } = await response.json();
  $('sku').replaceChildren(...products.slice(0, 50).map((p) => new Option(`${p.sku} · ${p.name}`, p.sku)));
}

async function refreshStock() {
  const sku = $('sku').value;
  if (!sku || !$('token').value.trim()) return;
  const response = await fetch(`api/stock/${encodeURIComponent(sku)}`, { headers: headers(false) });
  const tr = document.createElement('tr');
  tr.dataset.testid = 'stock';
  if (response.ok) {
    const stock = await response.json();
    tr.dataset.available = stock.available;
    tr.append(cell(stock.sku), cell(stock.available, 'num'), cell(stock.reserved, 'num'), cell(stock.sold, 'num'));
  } else {
    tr.append(cell(sku), cell(`HTTP ${response.status}`));
  }
  $('stock').replaceChildren(tr);
}

async function placeOrder(event) {
  event.preventDefault();
  const body = { items: [{ sku: $('sku').value, qty: Number($('qty').value) }] };
  const h = headers(true);
  h['Idempotency-Key'] = crypto.randomUUID();
  const response = await fetch('api/orders', { method: 'POST', headers: h, body: JSON.stringify(body) });
  const answer = await response.json().catch(() => ({}));
  const result = $('order-result');
  result.dataset.status = response.status;
  result.textContent = response.ok
    ? `${response.status}: order ${answer.id} ${answer.status}`
    : `${response.status}: ${answer.title ?? ''} ${answer.detail ?? ''}`;
  await refreshStock();
}

$('order-form').addEventListener('submit', placeOrder);
$('refresh-stock').addEventListener('click', refreshStock);
$('sku').addEventListener('change', refreshStock);
$('token').addEventListener('change', refreshStock);
connect();
loadProducts();
