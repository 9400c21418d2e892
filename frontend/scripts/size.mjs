// Prints and asserts the gzipped size of the JavaScript a first visit downloads: the entry
// chunk plus every chunk it imports statically. Lazy routes and charts are left out on purpose;
// that is the point of lazy-loading them.
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const BUDGET_KB = 300;
const root = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = join(root, 'dist');
const manifest = JSON.parse(readFileSync(join(dist, '.vite/manifest.json'), 'utf8'));

const entries = Object.keys(manifest).filter((key) => manifest[key].isEntry);
if (entries.length === 0) {
  console.error('No entry chunk in dist/.vite/manifest.json; run `npm run build` first.');
  process.exit(1);
}

const seen = new Set();
const visit = (key) => {
  if (seen.has(key)) return;
  seen.add(key);
  for (const dep of manifest[key].imports ?? []) visit(dep);
};
entries.forEach(visit);

const gz = (file) => gzipSync(readFileSync(join(dist, file)), { level: 9 }).length;
const kb = (bytes) => (bytes / 1024).toFixed(1);

let jsTotal = 0;
const rows = [];
const css = new Set();
for (const key of seen) {
  const chunk = manifest[key];
  const size = gz(chunk.file);
  jsTotal += size;
  rows.push([chunk.file, size]);
  for (const file of chunk.css ?? []) css.add(file);
}
rows.sort((a, b) => b[1] - a[1]);
for (const [file, size] of rows) console.log(`${kb(size).padStart(8)} KB gz  ${file}`);
const cssTotal = [...css].reduce((sum, file) => sum + gz(file), 0);
const lazy = Object.values(manifest).filter((c) => c.isDynamicEntry).length;

console.log(`Initial JS: ${kb(jsTotal)} KB gzipped (budget ${BUDGET_KB} KB), ${rows.length} chunk(s).`);
console.log(`Initial CSS: ${kb(cssTotal)} KB gzipped (not counted). Lazy chunks: ${lazy}.`);
if (jsTotal > BUDGET_KB * 1024) {
  console.error(`Initial JS is over budget by ${kb(jsTotal - BUDGET_KB * 1024)} KB gzipped.`);
  process.exit(1);
}
