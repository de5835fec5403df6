import { readFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mustParseConfig } from '../config/schema';
import { IMAGE_SETS, loadImageDataset, parseImageFile, type ImageSetName } from '../engine/images';
import { fetchSource } from '../worker/fetchSource';
import { DATA_DIR, diskSource } from './dataFiles';

const PER_CLASS = 600;

// The first image of each shipped file, fixed by the converter's seed: a "0" and a T-shirt/top.
const FIRST_LABEL: Record<ImageSetName, number> = { mnist: 0, 'fashion-mnist': 0 };

describe.each(Object.keys(IMAGE_SETS) as ImageSetName[])('shipped %s', (name) => {
  const set = IMAGE_SETS[name];

  it('loads from disk with the documented header and size', async () => {
    const progress: number[] = [];
    const buf = await diskSource()(set.file, (f) => progress.push(f));
    expect(buf.byteLength).toBe(set.bytes);
    expect(progress).toEqual([1]);
    const f = parseImageFile(buf, set.file);
    expect([f.count, f.rows, f.cols, f.numClasses]).toEqual([10 * PER_CLASS, 28, 28, 10]);
    expect(set.classNames).toHaveLength(10);
  });

  it('holds every class equally, interleaved so prefixes are balanced', async () => {
    const f = parseImageFile(await diskSource()(set.file), set.file);
    const counts = new Array<number>(10).fill(0);
    f.labels.forEach((label, i) => {
      expect(label).toBeLessThan(10);
      counts[label]!++;
      // The converter emits every class once per run of ten images.
      if (i % 10 === 9) expect(new Set(counts)).toEqual(new Set([(i + 1) / 10]));
    });
    expect(counts).toEqual(new Array(10).fill(PER_CLASS));
  });

  it('has real pixels: the full 0..255 range and a first image with some ink', async () => {
    const f = parseImageFile(await diskSource()(set.file), set.file);
    expect(f.pixels.reduce((m, v) => Math.min(m, v), 255)).toBe(0);
    expect(f.pixels.reduce((m, v) => Math.max(m, v), 0)).toBe(255);
    expect(f.labels[0]).toBe(FIRST_LABEL[name]);
    const mean = f.pixels.subarray(0, 784).reduce((s, v) => s + v, 0) / 784 / 255;
    expect(mean).toBeGreaterThan(0.05);
    expect(mean).toBeLessThan(0.4);
  });

  it('becomes a seeded train/validation split', async () => {
    const config = mustParseConfig({ seed: 3, dataset: { name, size: 1000, valFraction: 0.2 } });
    const d = await loadImageDataset(config, diskSource());
    expect(d.yTrain.length).toBe(800);
    expect(d.yVal.length).toBe(200);
    expect(d.inputShape).toEqual([28, 28, 1]);
    expect(d.classNames).toEqual(set.classNames);
  });
});

describe('diskSource', () => {
  it('resolves the data directory from its own location, not the working directory', () => {
    expect(DATA_DIR.replaceAll('\\', '/')).toMatch(/\/public\/data\/?$/);
  });

  it('names a missing file and how to build it', async () => {
    await expect(diskSource('/nonexistent-dir')('mnist.bin')).rejects.toThrow(
      /\/nonexistent-dir\/mnist\.bin: not found; run `npm run data:images`/,
    );
  });
});

describe('fetchSource', () => {
  let server: Server;
  let base: string;
  const file = IMAGE_SETS.mnist.file;

  beforeAll(async () => {
    const bytes = await readFile(join(DATA_DIR, file));
    server = createServer((req, res) => {
      // `connection: close`: fetch must not reuse a socket the server's keep-alive timer may drop.
      if (req.url === `/data/${file}`) {
        res.writeHead(200, { 'content-length': bytes.byteLength, connection: 'close' });
        // Several writes, so the client sees the body arrive in more than one chunk.
        for (let at = 0; at < bytes.byteLength; at += 1 << 20)
          res.write(bytes.subarray(at, at + (1 << 20)));
        res.end();
      } else {
        res.writeHead(404, 'Not Found').end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
  });

  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  it('streams the bytes with rising progress that ends at 1', async () => {
    const progress: number[] = [];
    const buf = await fetchSource(base)(file, (f) => progress.push(f));
    const onDisk = await diskSource()(file);
    // Buffer.equals: a deep toEqual over 4.7 M elements takes half a minute.
    expect(Buffer.from(buf).equals(Buffer.from(onDisk))).toBe(true);
    expect(progress.length).toBeGreaterThan(2);
    expect(progress.at(-1)).toBe(1);
    for (let i = 1; i < progress.length; i++)
      expect(progress[i]).toBeGreaterThanOrEqual(progress[i - 1]!);
    expect(progress[0]).toBeLessThan(1);
  });

  it('uses the known size when given one', async () => {
    const progress: number[] = [];
    await fetchSource(`${base}/`, () => 2 * IMAGE_SETS.mnist.bytes)(file, (f) => progress.push(f));
    // Twice the real size: halfway when the body ends, then 1 once it is complete.
    expect(progress.at(-2)).toBeCloseTo(0.5, 6);
    expect(progress.at(-1)).toBe(1);
  });

  it('names the URL and status of a failed request', async () => {
    await expect(fetchSource(base)('missing.bin')).rejects.toThrow(
      `fetching ${base}/missing.bin failed: HTTP 404 Not Found`,
    );
  });
});
