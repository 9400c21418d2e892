// Fails when src/api/schema.d.ts is not what `npm run gen:types` makes from ../openapi.yaml,
// so a spec change can never ship with stale SPA types.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { generateTypes } from './gen-types.mjs';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const committed = join(root, 'src/api/schema.d.ts');
const dir = mkdtempSync(join(tmpdir(), 'rapport-types-'));
const fresh = join(dir, 'schema.d.ts');

try {
  generateTypes(fresh);
  let current = '';
  try {
    current = readFileSync(committed, 'utf8');
  } catch {
    current = '';
  }
  if (current !== readFileSync(fresh, 'utf8')) {
    console.error(
      'src/api/schema.d.ts is out of date with ../openapi.yaml.\n' +
        'Run `npm run gen:types` in frontend/ (or `make openapi`) and commit the result.',
    );
    process.exitCode = 1;
  } else {
    console.log('src/api/schema.d.ts matches ../openapi.yaml.');
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
