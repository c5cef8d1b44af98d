// lib.mjs - shared helpers for the API tests (Node's built-in test runner, no packages).
//
// startServer() runs the real binary on port 0 with a fresh temporary database and stops it
// by PID.  api() sends one request and, when GUANLAN_RESPONSE_LOG is set, appends the
// exchange to that file so responses.check.mjs can check every response against the published
// schema and list the routes no test exercised (redis's req-res-log-validator idea).
import { spawn, spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const BIN = resolve(process.env.GUANLAN_BIN || './guanlan');

// argon2id at its minimum cost: the tests log in often and need not resist cracking.
export const ENV = { ...process.env, GUANLAN_FAST_HASH: '1' };
export const ADMIN_PASSWORD = 'admin-test-password';

// Run a guanlan subcommand synchronously; returns {status, stdout, stderr}.
export function run(args, opts = {}) {
  const r = spawnSync(BIN, args, { encoding: 'utf8', env: ENV, ...opts });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

export function tempDir() {
  return mkdtempSync(join(tmpdir(), 'guanlan-test-'));
}

// Start `guanlan serve` on an ephemeral port.  options.demo loads the demo data (with its
// six users) first, otherwise `guanlan init` creates the admin; options.db uses an existing
// database file; options.args adds serve options.  The server runs in its temporary
// directory, so it serves the API only unless options.args names --web.  server.token is an admin API token that
// api() sends unless told otherwise.
export async function startServer(options = {}) {
  const dir = tempDir();
  const db = options.db || join(dir, 'test.db');
  if (options.demo) {
    const r = run(['demo', '--db', db]);
    if (r.status !== 0) throw new Error(`guanlan demo failed: ${r.stderr}`);
  } else if (!options.db) {
    const r = run(['init', '--db', db], { env: { ...ENV, GUANLAN_ADMIN_PASSWORD: ADMIN_PASSWORD }, input: '' });
    if (r.status !== 0) throw new Error(`guanlan init failed: ${r.stderr}`);
  }
  const t = run(['token', 'add', 'admin', 'tests', '--db', db]);
  if (t.status !== 0) throw new Error(`guanlan token add failed: ${t.stderr}`);
  const token = t.stdout.trim();
  const child = spawn(BIN, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--threads', '2',
    ...(options.args || [])], { stdio: ['ignore', 'pipe', 'pipe'], env: ENV, cwd: options.cwd || dir });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const base = await new Promise((resolveBase, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${stderr}`)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (http:\/\/[\d.]+:\d+)/);
      if (m) { clearTimeout(timer); resolveBase(m[1]); }
    });
    child.on('exit', (code) => { clearTimeout(timer); reject(new Error(`server exited ${code}: ${stderr}`)); });
  });
  const server = {
    base, db, dir, child, token,
    log: () => stderr,
    async stop() {
      if (child.exitCode !== null) return child.exitCode;
      const exited = new Promise((r) => child.on('exit', (code) => r(code)));
      process.kill(child.pid, 'SIGTERM');
      const code = await exited;
      if (!options.keep) rmSync(dir, { recursive: true, force: true });
      return code;
    },
  };
  return server;
}

// Map a concrete path to its route pattern, using `guanlan routes`.
let routeTable = null;
export function routes() {
  if (!routeTable) {
    routeTable = run(['routes']).stdout.trim().split('\n').map((line) => {
      const [method, pattern] = line.split(' ');
      const re = new RegExp('^' + pattern.replace(/\{[^}]+\}/g, '[^/]+') + '$');
      return { method, pattern, re };
    });
  }
  return routeTable;
}

export function routeOf(method, path) {
  const p = path.split('?')[0];
  // As the server: a literal route for the path hides the routes with placeholders.
  const all = routes().filter((x) => x.re.test(p));
  const literal = all.some((x) => !x.pattern.includes('{'));
  const r = all.find((x) => x.method === method && !(literal && x.pattern.includes('{')));
  return r ? r.pattern : null;
}

// Send a request.  body: object (sent as JSON), string (sent as is) or undefined.
// The admin token goes along unless headers names Authorization (null: send none).
export async function api(server, method, path, body, headers = {}) {
  const h = { ...headers };
  if (!('Authorization' in h) && server.token) h.Authorization = `Bearer ${server.token}`;
  if (h.Authorization === null) delete h.Authorization;
  let payload;
  if (body !== undefined) {
    payload = typeof body === 'string' || body instanceof Uint8Array ? body : JSON.stringify(body);
    if (!Object.keys(h).some((k) => k.toLowerCase() === 'content-type')) h['Content-Type'] = 'application/json';
  }
  const res = await fetch(server.base + path, { method, headers: h, body: payload });
  // bytes for downloads (.xlsx); text keeps a leading byte-order mark, as sent.
  const bytes = Buffer.from(await res.arrayBuffer());
  const text = bytes.toString('utf8');
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = undefined; }
  const out = { status: res.status, headers: res.headers, text, json, bytes };
  if (process.env.GUANLAN_RESPONSE_LOG) {
    appendFileSync(process.env.GUANLAN_RESPONSE_LOG, JSON.stringify({
      method, path, route: routeOf(method === 'HEAD' ? 'GET' : method, path),
      status: res.status, contentType: res.headers.get('content-type'), body: json,
    }) + '\n');
  }
  return out;
}
