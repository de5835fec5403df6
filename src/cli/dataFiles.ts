/**
 * The CLI's `FileSource`: the shipped image files read from disk. The default directory is found
 * from this module's own location, so the CLI works from any working directory.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { FileSource } from '../engine/images';

export const DATA_DIR = fileURLToPath(new URL('../../public/data/', import.meta.url));

export function diskSource(dir: string = DATA_DIR): FileSource {
  return async (file, onProgress) => {
    const path = join(dir, file);
    let bytes: Buffer;
    try {
      bytes = await readFile(path);
    } catch (err) {
      const why = (err as NodeJS.ErrnoException).code === 'ENOENT' ? 'not found' : String(err);
      throw new Error(`${path}: ${why}; run \`npm run data:images\` to build the image sets`, {
        cause: err,
      });
    }
    onProgress?.(1);
    // A Buffer may be a window on a larger (or shared) pool; hand out an ArrayBuffer of its own.
    const out = new ArrayBuffer(bytes.byteLength);
    new Uint8Array(out).set(bytes);
    return out;
  };
}
