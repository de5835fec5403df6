import { describe, expect, it } from 'vitest';
import { mustParseConfig } from '../config/schema';
import {
  IMAGE_SETS,
  imageFileBytes,
  loadImageDataset,
  makeImageDataset,
  parseImageFile,
  type FileSource,
  type ImageFile,
} from './images';

/** A well-formed file: image i has label i % numClasses and every pixel equal to i % 256. */
function buildFile(count: number, rows = 4, cols = 3, numClasses = 10): ArrayBuffer {
  const buf = new ArrayBuffer(imageFileBytes(count, rows, cols));
  const view = new DataView(buf);
  new Uint8Array(buf).set([...'SLI1'].map((c) => c.charCodeAt(0)));
  view.setUint32(4, count, true);
  view.setUint16(8, rows, true);
  view.setUint16(10, cols, true);
  view.setUint16(12, numClasses, true);
  const bytes = new Uint8Array(buf);
  const dim = rows * cols;
  for (let i = 0; i < count; i++) {
    bytes[16 + i] = i % numClasses;
    bytes.fill(i % 256, 16 + count + i * dim, 16 + count + (i + 1) * dim);
  }
  return buf;
}

const DIGITS = IMAGE_SETS.mnist.classNames;

function config(opts: { seed?: number; size?: number; valFraction?: number; noise?: number } = {}) {
  const { seed = 1, ...dataset } = opts;
  return mustParseConfig({ seed, dataset: { name: 'mnist', noise: 0, ...dataset } });
}

describe('parseImageFile', () => {
  it('reads the header, labels and pixels', () => {
    const f = parseImageFile(buildFile(5, 4, 3, 10), 'x.bin');
    expect([f.count, f.rows, f.cols, f.numClasses]).toEqual([5, 4, 3, 10]);
    expect([...f.labels]).toEqual([0, 1, 2, 3, 4]);
    expect(f.pixels.length).toBe(5 * 12);
    expect(f.pixels[2 * 12 + 7]).toBe(2);
  });

  it('rejects a bad magic, naming the file', () => {
    const buf = buildFile(2);
    new Uint8Array(buf)[3] = '2'.charCodeAt(0);
    expect(() => parseImageFile(buf, 'x.bin')).toThrow(/x\.bin: bad magic "SLI2"/);
  });

  it('rejects truncated files with expected and actual sizes', () => {
    const buf = buildFile(3);
    const full = buf.byteLength;
    expect(() => parseImageFile(buf.slice(0, full - 1), 'x.bin')).toThrow(
      `x.bin: truncated: expected ${full} bytes for 3 images, got ${full - 1}`,
    );
    expect(() => parseImageFile(buf.slice(0, 10), 'x.bin')).toThrow(/x\.bin: truncated.*got 10/);
  });

  it('rejects trailing bytes and out-of-range labels', () => {
    const longer = new Uint8Array(buildFile(3).byteLength + 1);
    longer.set(new Uint8Array(buildFile(3)));
    expect(() => parseImageFile(longer.buffer, 'x.bin')).toThrow(/expected \d+ bytes/);
    const buf = buildFile(3);
    new Uint8Array(buf)[16 + 1] = 10;
    expect(() => parseImageFile(buf, 'x.bin')).toThrow(
      'x.bin: label 10 of image 1 is not below numClasses 10',
    );
  });
});

describe('makeImageDataset', () => {
  const file: ImageFile = parseImageFile(buildFile(200), 'x.bin');

  it('splits the requested size by valFraction, with image shape and class names', () => {
    const d = makeImageDataset(config({ size: 100, valFraction: 0.3 }), file, DIGITS);
    expect(d.yTrain.length).toBe(70);
    expect(d.yVal.length).toBe(30);
    expect(d.xTrain.length).toBe(70 * 12);
    expect(d.xVal.length).toBe(30 * 12);
    expect(d).toMatchObject({ kind: 'images', inputShape: [4, 3, 1], inputDim: 12 });
    expect(d).toMatchObject({ numClasses: 10, classNames: DIGITS, extent: null });
  });

  it('caps the size at the images in the file, keeping at least one for validation', () => {
    const d = makeImageDataset(config({ size: 5000, valFraction: 0.05 }), file, DIGITS);
    expect(d.yTrain.length + d.yVal.length).toBe(200);
    expect(d.yVal.length).toBe(10);
    const tiny = parseImageFile(buildFile(40), 'x.bin');
    const t = makeImageDataset(config({ size: 40, valFraction: 0.05 }), tiny, DIGITS);
    expect(t.yVal.length).toBe(2);
  });

  it('is determined by the seed, and another seed picks another split', () => {
    const a = makeImageDataset(config({ seed: 7, size: 100 }), file, DIGITS);
    const b = makeImageDataset(config({ seed: 7, size: 100 }), file, DIGITS);
    const c = makeImageDataset(config({ seed: 8, size: 100 }), file, DIGITS);
    expect(a.xTrain).toEqual(b.xTrain);
    expect(a.yVal).toEqual(b.yVal);
    expect(a.yTrain).not.toEqual(c.yTrain);
  });

  it('keeps each image with its label and scales pixels to [0, 1]', () => {
    const d = makeImageDataset(config({ size: 200 }), file, DIGITS);
    const x = d.xTrain as Float32Array;
    const ids = new Set<number>();
    for (let k = 0; k < d.yTrain.length; k++) {
      // buildFile fills image i with i % 256 and labels it i % 10; all ids here are < 256.
      const id = Math.round(x[k * 12]! * 255);
      expect(x[k * 12 + 11]).toBeCloseTo(id / 255, 6);
      expect(d.yTrain[k]).toBe(id % 10);
      ids.add(id);
    }
    expect(ids.size).toBe(d.yTrain.length);
    for (const v of [...x, ...(d.xVal as Float32Array)]) expect(v >= 0 && v <= 1).toBe(true);
  });

  it('adds Gaussian pixel noise of the configured std', () => {
    const clean = makeImageDataset(config({ size: 200, noise: 0 }), file, DIGITS);
    const noisy = makeImageDataset(config({ size: 200, noise: 0.1 }), file, DIGITS);
    const a = clean.xTrain as Float32Array;
    const b = noisy.xTrain as Float32Array;
    let sq = 0;
    for (let i = 0; i < a.length; i++) sq += (b[i]! - a[i]!) ** 2;
    expect(Math.sqrt(sq / a.length)).toBeCloseTo(0.1, 2);
    expect(noisy.yTrain).toEqual(clean.yTrain);
  });

  it('rejects class names that do not match the file', () => {
    expect(() => makeImageDataset(config(), file, ['a', 'b'])).toThrow(/10 classes but 2/);
  });
});

describe('loadImageDataset', () => {
  it('reads the set file from the source and passes progress through', async () => {
    const asked: string[] = [];
    const source: FileSource = async (name, onProgress) => {
      asked.push(name);
      onProgress?.(1);
      return buildFile(100, 28, 28);
    };
    const progress: number[] = [];
    const d = await loadImageDataset(config({ size: 50 }), source, (f) => progress.push(f));
    expect(asked).toEqual(['mnist.bin']);
    expect(progress).toEqual([1]);
    expect(d.inputShape).toEqual([28, 28, 1]);
    expect(d.yTrain.length + d.yVal.length).toBe(50);
  });

  it('names a bad file and refuses sets that are not shipped images', async () => {
    const broken: FileSource = async () => new ArrayBuffer(3);
    await expect(loadImageDataset(config(), broken)).rejects.toThrow(/mnist\.bin: truncated/);
    const spiral = mustParseConfig({ dataset: { name: 'spiral' } });
    await expect(loadImageDataset(spiral, broken)).rejects.toThrow(
      'dataset.name: "spiral" is not a shipped image set',
    );
  });
});
