/**
 * The worker's `FileSource`: the shipped image files fetched over HTTP, with progress as the body
 * streams in. Uses only fetch and ReadableStream, which workers (and Node) have.
 */
import type { FileSource } from '../engine/images';

/**
 * `baseUrl` is the directory holding the files (absolute, or relative to the worker's location).
 * `expectedBytes` gives a file's known size, for progress when the server sends no usable length.
 */
export function fetchSource(
  baseUrl: string,
  expectedBytes?: (file: string) => number | undefined,
): FileSource {
  const base = baseUrl.endsWith('/') ? baseUrl : `${baseUrl}/`;
  return async (file, onProgress) => {
    const url = base + file;
    let response: Response;
    try {
      response = await fetch(url);
    } catch (err) {
      throw new Error(
        `could not fetch ${url}: ${err instanceof Error ? err.message : String(err)}`,
        { cause: err },
      );
    }
    if (!response.ok) {
      const status = `${response.status} ${response.statusText}`.trim();
      throw new Error(`fetching ${url} failed: HTTP ${status}`);
    }
    const total = expectedBytes?.(file) ?? contentLength(response);
    if (!response.body) {
      const buf = await response.arrayBuffer();
      onProgress?.(1);
      return buf;
    }
    const reader = response.body.getReader();
    const chunks: Uint8Array[] = [];
    let received = 0;
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value);
      received += value.byteLength;
      if (total) onProgress?.(Math.min(1, received / total));
    }
    const out = new Uint8Array(received);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    onProgress?.(1);
    return out.buffer;
  };
}

/** Content-Length counts encoded bytes: with gzip or brotli it is not the size of the body read. */
function contentLength(response: Response): number | undefined {
  if (response.headers.get('content-encoding')) return undefined;
  const n = Number(response.headers.get('content-length'));
  return Number.isFinite(n) && n > 0 ? n : undefined;
}
