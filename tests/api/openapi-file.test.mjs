// openapi-file.test.mjs - docs/openapi.json itself: no object may hold a key twice.  JSON.parse
// keeps the last of two equal keys silently, so a schema added twice by two merges (or a
// path whose second copy differs) would go unnoticed by every other check.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';

test('docs/openapi.json has no duplicate keys', () => {
  const script = `
import json, sys
dups = []
def hook(pairs):
    seen = set()
    for k, _ in pairs:
        if k in seen:
            dups.append(k)
        seen.add(k)
    return dict(pairs)
json.load(open('docs/openapi.json', encoding='utf-8'), object_pairs_hook=hook)
print(json.dumps(dups))
`;
  const out = execFileSync('/usr/bin/python3', ['-c', script], { encoding: 'utf8' });
  assert.deepEqual(JSON.parse(out), []);
});
