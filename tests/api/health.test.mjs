// health.test.mjs - the server starts on port 0, answers /healthz, stops on SIGTERM.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startServer, api } from './lib.mjs';

test('healthz answers and the server stops cleanly on SIGTERM', async () => {
  const srv = await startServer();
  const r = await api(srv, 'GET', '/healthz');
  assert.equal(r.status, 200);
  assert.equal(r.json.status, 'ok');
  assert.equal(await srv.stop(), 0);
});
