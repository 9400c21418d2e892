// Generates src/api/schema.d.ts from ../openapi.yaml (or to the path given as the argument).
// One place for the flags, shared by `npm run gen:types` and `npm run check:types-fresh`.
import { execFileSync } from 'node:child_process';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');

export function generateTypes(output = join(root, 'src/api/schema.d.ts')) {
  execFileSync(
    join(root, 'node_modules/.bin/openapi-typescript'),
    [
      join(root, '../openapi.yaml'),
      '--output',
      output,
      // A request field with a server default stays optional for the client to send.
      '--default-non-nullable',
      'false',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  generateTypes(process.argv[2] ? resolve(process.argv[2]) : undefined);
  console.log('Wrote src/api/schema.d.ts from ../openapi.yaml.');
}
