// Builds Argmap's offline GraphiQL playground into internal/playground/static,
// which the Go binary embeds (go:embed): the pinned UMD builds of React,
// GraphiQL and the explorer plugin from node_modules (installed by `npm ci`
// from package-lock.json), plus index.html and app.js. No bundler: files are
// copied, source-map comments dropped and a content hash put into every asset
// name, so the server can let browsers cache them for good.
//
// Fails when node_modules does not hold the pinned versions, when index.html
// references a file the build does not produce, or when any output could make
// a browser fetch something from another origin: the playground must work on
// closed networks.
//
//   npm ci && npm run build      (or `make playground` from the repository root)
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const out = join(here, '..', '..', 'internal', 'playground', 'static');
const nm = (p) => join(here, 'node_modules', p);
const fail = (msg) => {
  console.error(`build: ${msg}`);
  process.exit(1);
};

// 1. node_modules must hold exactly the versions package.json pins.
const pkg = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
for (const [name, want] of Object.entries(pkg.devDependencies)) {
  const file = nm(`${name}/package.json`);
  const have = existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : 'nothing';
  if (have !== want) fail(`node_modules has ${name} ${have}, package.json pins ${want}: run \`npm ci\``);
}

// 2. The assets, by the path index.html names them with (relative to the page).
const stripSourceMap = (text) =>
  text.replace(/\n?\/\/# sourceMappingURL=\S*\s*$/, '\n').replace(/\/\*# sourceMappingURL=[^*]*\*\/\s*$/, '\n');
const assets = [
  ['playground/vendor/react.production.min.js', nm('react/umd/react.production.min.js')],
  ['playground/vendor/react-dom.production.min.js', nm('react-dom/umd/react-dom.production.min.js')],
  ['playground/vendor/graphiql.min.js', nm('graphiql/graphiql.min.js')],
  ['playground/vendor/graphiql.min.css', nm('graphiql/graphiql.min.css')],
  ['playground/vendor/plugin-explorer.umd.js', nm('@graphiql/plugin-explorer/dist/index.umd.js')],
  ['playground/vendor/plugin-explorer.css', nm('@graphiql/plugin-explorer/dist/style.css')],
  ['playground/app.js', join(here, 'app.js')],
];

// Patterns that make a browser fetch something from another origin at runtime.
const external = [
  /url\(\s*['"]?(https?:)?\/\//gi, // CSS url(http://…) or url(//…)
  /@import\s+(url\()?\s*['"]?(https?:)?\/\//gi, // CSS @import of a remote sheet
  /<(script|link|img|iframe|source|video|audio|embed|object)[^>]+(src|href|data)=["']?(https?:)?\/\//gi, // HTML tags
  /\bimport\(\s*['"`](https?:)?\/\//gi,
  /importScripts\(\s*['"`](https?:)?\/\//gi,
  /new\s+(Shared)?Worker\(\s*['"`](https?:)?\/\//gi,
  /fetch\(\s*['"`](https?:)?\/\//gi,
  /sourceMappingURL=(https?:)?\/\//gi,
];
let problems = 0;
function checkExternal(name, text) {
  for (const re of external) {
    for (const m of text.matchAll(re)) {
      problems++;
      console.error(`EXTERNAL ${name}: ${text.slice(m.index, m.index + 100)}`);
    }
  }
}

const hashed = (path, buf) => {
  const h = createHash('sha256').update(buf).digest('hex').slice(0, 12);
  return path.replace(/(\.[a-z0-9]+)$/, `.${h}$1`);
};

const written = []; // [path under static/, contents], written once all checks pass
const write = (path, buf) => written.push([path, buf]);

// 3. Copy the assets under hashed names and point index.html at them.
let page = readFileSync(join(here, 'index.html'), 'utf8');
for (const [path, src] of assets) {
  const buf = Buffer.from(stripSourceMap(readFileSync(src, 'utf8')), 'utf8');
  checkExternal(path, buf.toString('utf8'));
  const name = hashed(path, buf);
  const ref = `="${path}"`;
  if (!page.includes(ref)) fail(`index.html does not reference ${path}`);
  page = page.replaceAll(ref, `="${name}"`);
  write(name, buf);
}

// Every src/href of the page must be a data: URL or a file of this build.
for (const m of page.matchAll(/\b(?:src|href)=["']([^"']*)["']/gi)) {
  const url = m[1];
  if (url.startsWith('data:')) continue;
  if (!written.some(([path]) => path === url)) fail(`index.html references ${url}, which the build does not produce`);
}
checkExternal('index.html', page);
write('index.html', Buffer.from(page, 'utf8'));

// 4. The licences of what is shipped (not referenced by the page).
const notices = Object.keys(pkg.devDependencies)
  .filter((name) => name !== 'playwright-core') // test tool, not shipped
  .sort()
  .map((name) => {
    const meta = JSON.parse(readFileSync(nm(`${name}/package.json`), 'utf8'));
    const licence = existsSync(nm(`${name}/LICENSE`)) ? readFileSync(nm(`${name}/LICENSE`), 'utf8').trim() : `License: ${meta.license}`;
    return `${name} ${meta.version}\n\n${licence}\n`;
  });
write('playground/vendor/THIRD-PARTY-NOTICES.txt', Buffer.from(notices.join(`\n${'-'.repeat(72)}\n\n`), 'utf8'));

if (problems) fail(`${problems} reference(s) to another origin found; nothing written`);

// 5. Replace the output folder.
rmSync(out, { recursive: true, force: true });
let total = 0;
for (const [path, buf] of written) {
  const file = join(out, path);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, buf);
  total += buf.length;
  console.log(`${String(buf.length).padStart(9)}  ${path}`);
}
console.log(`${String(total).padStart(9)}  bytes in ${relative(process.cwd(), out) || '.'}`);
