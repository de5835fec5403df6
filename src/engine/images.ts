/**
 * Image sets shipped with the app as compact binaries (built by scripts/convert-images.mjs). The
 * engine only parses bytes: where they come from (disk in the CLI, fetch in the worker) is a
 * `FileSource` handed in by the caller, so this module needs no fs, fetch or DOM.
 *
 * File format, little-endian:
 *   offset  0  4 bytes   magic, ASCII "SLI1"
 *   offset  4  uint32    count: number of images
 *   offset  8  uint16    rows
 *   offset 10  uint16    cols
 *   offset 12  uint16    numClasses
 *   offset 14  uint16    reserved, 0
 *   offset 16  count × uint8 labels, each < numClasses
 *   then       count·rows·cols × uint8 pixels (0 = background), row-major, image after image
 */
import type { ExperimentConfig } from '../config/schema';
import type { Dataset } from './datasets';
import { deriveSeed, makeRng, normal, permutation } from './random';

const MAGIC = 'SLI1';
const HEADER_BYTES = 16;

/** Size in bytes of a file holding `count` images of rows×cols pixels. */
export function imageFileBytes(count: number, rows: number, cols: number): number {
  return HEADER_BYTES + count * (1 + rows * cols);
}

export type ImageSetName = 'mnist' | 'fashion-mnist';

export interface ImageSet {
  /** File name inside the data directory. */
  file: string;
  classNames: string[];
  /** Exact size of the shipped file, for progress when a server sends no length. */
  bytes: number;
}

// 600 images per class (scripts/convert-images.mjs): 6000 in each file.
export const IMAGE_SETS: Record<ImageSetName, ImageSet> = {
  mnist: {
    file: 'mnist.bin',
    classNames: ['0', '1', '2', '3', '4', '5', '6', '7', '8', '9'],
    bytes: imageFileBytes(6000, 28, 28),
  },
  'fashion-mnist': {
    file: 'fashion-mnist.bin',
    classNames: [
      'T-shirt/top',
      'Trouser',
      'Pullover',
      'Dress',
      'Coat',
      'Sandal',
      'Shirt',
      'Sneaker',
      'Bag',
      'Ankle boot',
    ],
    bytes: imageFileBytes(6000, 28, 28),
  },
};

export function isImageSet(name: string): name is ImageSetName {
  return Object.hasOwn(IMAGE_SETS, name);
}

export interface ImageFile {
  count: number;
  rows: number;
  cols: number;
  numClasses: number;
  labels: Uint8Array;
  pixels: Uint8Array;
}

/** Reads the bytes of one file; `onProgress` gets fractions in [0, 1] while they arrive. */
export type FileSource = (
  file: string,
  onProgress?: (fraction: number) => void,
) => Promise<ArrayBuffer>;

export function parseImageFile(buf: ArrayBuffer, name: string): ImageFile {
  if (buf.byteLength < HEADER_BYTES) {
    throw new Error(
      `${name}: truncated: expected at least ${HEADER_BYTES} header bytes, got ${buf.byteLength}`,
    );
  }
  const view = new DataView(buf);
  const magic = String.fromCharCode(...new Uint8Array(buf, 0, 4));
  if (magic !== MAGIC)
    throw new Error(`${name}: bad magic ${JSON.stringify(magic)}, expected "${MAGIC}"`);
  const count = view.getUint32(4, true);
  const rows = view.getUint16(8, true);
  const cols = view.getUint16(10, true);
  const numClasses = view.getUint16(12, true);
  if (rows === 0 || cols === 0) throw new Error(`${name}: image size ${rows}×${cols} is empty`);
  const expected = imageFileBytes(count, rows, cols);
  if (buf.byteLength < expected) {
    throw new Error(
      `${name}: truncated: expected ${expected} bytes for ${count} images, got ${buf.byteLength}`,
    );
  }
  // Trailing bytes mean the header does not describe this file, so its pixels cannot be trusted.
  if (buf.byteLength > expected) {
    throw new Error(
      `${name}: expected ${expected} bytes for ${count} images, got ${buf.byteLength}`,
    );
  }
  const labels = new Uint8Array(buf, HEADER_BYTES, count);
  const bad = labels.findIndex((label) => label >= numClasses);
  if (bad >= 0)
    throw new Error(
      `${name}: label ${labels[bad]} of image ${bad} is not below numClasses ${numClasses}`,
    );
  const pixels = new Uint8Array(buf, HEADER_BYTES + count, count * rows * cols);
  return { count, rows, cols, numClasses, labels, pixels };
}

/**
 * A seeded subset of `file` (at most `config.dataset.size` images) split into train and
 * validation, pixels scaled to [0, 1] plus optional Gaussian noise.
 */
export function makeImageDataset(
  config: Pick<ExperimentConfig, 'seed' | 'dataset'>,
  file: ImageFile,
  classNames: string[],
): Dataset {
  const { name, noise, valFraction } = config.dataset;
  if (classNames.length !== file.numClasses) {
    throw new Error(
      `dataset.name: "${name}" has ${file.numClasses} classes but ${classNames.length} class names`,
    );
  }
  const size = Math.min(config.dataset.size, file.count);
  if (size < 2)
    throw new Error(`dataset.name: "${name}" needs at least 2 images for a split, has ${size}`);
  const rng = makeRng(deriveSeed(config.seed, `data:${name}`));
  const order = permutation(file.count, rng);
  const nVal = Math.min(size - 1, Math.max(1, Math.round(size * valFraction)));
  const nTrain = size - nVal;
  const dim = file.rows * file.cols;
  const pick = (from: number, n: number) => {
    const x = new Float32Array(n * dim);
    const y = new Int32Array(n);
    for (let k = 0; k < n; k++) {
      const i = order[from + k]!;
      y[k] = file.labels[i]!;
      const src = file.pixels.subarray(i * dim, (i + 1) * dim);
      for (let p = 0; p < dim; p++)
        x[k * dim + p] = src[p]! / 255 + (noise > 0 ? noise * normal(rng) : 0);
    }
    return { x, y };
  };
  const train = pick(0, nTrain);
  const val = pick(nTrain, nVal);
  return {
    kind: 'images',
    xTrain: train.x,
    yTrain: train.y,
    xVal: val.x,
    yVal: val.y,
    inputShape: [file.rows, file.cols, 1],
    inputDim: dim,
    numClasses: file.numClasses,
    classNames,
    extent: null,
  };
}

/** Reads, checks and splits the shipped image set named by `config.dataset.name`. */
export async function loadImageDataset(
  config: Pick<ExperimentConfig, 'seed' | 'dataset'>,
  source: FileSource,
  onProgress?: (fraction: number) => void,
): Promise<Dataset> {
  const { name } = config.dataset;
  if (!isImageSet(name)) throw new Error(`dataset.name: "${name}" is not a shipped image set`);
  const set = IMAGE_SETS[name];
  const file = parseImageFile(await source(set.file, onProgress), set.file);
  return makeImageDataset(config, file, set.classNames);
}
