// Copies niivue's prebuilt single-file ES module (dist/index.js: no imports, no bundler needed) and its licence
// into ../wwwroot/lib, from where the app serves it as /static/lib/niivue.js (no CDN: the viewer works offline).
import { mkdirSync, copyFileSync, existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const packageDir = join(here, 'node_modules', '@niivue', 'niivue');
const bundle = join(packageDir, 'dist', 'index.js');
if (!existsSync(bundle)) {
  console.error(`copy-niivue: ${bundle} is missing; expected @niivue/niivue to ship dist/index.js (run npm ci in ${here}).`);
  process.exit(1);
}
const tail = readFileSync(bundle, 'utf8').slice(-6000);
if (!/\bNiivue\b/.test(tail) || !/export\s*\{/.test(tail)) {
  console.error('copy-niivue: dist/index.js does not end with an export list naming Niivue; the package layout changed.');
  process.exit(1);
}
const target = join(here, '..', 'wwwroot', 'lib');
mkdirSync(target, { recursive: true });
copyFileSync(bundle, join(target, 'niivue.js'));
for (const name of ['LICENSE', 'LICENSE.md', 'license']) {
  if (existsSync(join(packageDir, name))) copyFileSync(join(packageDir, name), join(target, 'niivue.LICENSE.txt'));
}
console.log(`copy-niivue: copied @niivue/niivue dist/index.js to ${join(target, 'niivue.js')}`);
