/**
 * Backend choice inside the worker: webgpu → webgl → cpu, with the reason for every fallback in
 * words the UI can show. WASM is offered by name (`?backend=wasm`): on a software GPU it trains
 * every model of the lab several times faster than WebGPU (CNNs by im2col, see engine/conv.ts);
 * choosing it automatically by a measured probe is a later step.
 */
import * as tf from '@tensorflow/tfjs';
// Registers the 'webgpu' backend (only where navigator.gpu exists).
import '@tensorflow/tfjs-backend-webgpu';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
// Vite copies the binaries and gives their URLs; the worker cannot guess where they were served.
import wasmPlain from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm.wasm?url';
import wasmSimd from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-simd.wasm?url';
import wasmThreaded from '@tensorflow/tfjs-backend-wasm/dist/tfjs-backend-wasm-threaded-simd.wasm?url';
import type { BackendInfo, BackendName, BackendPreference } from '../protocol';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

const AUTO_ORDER: BackendName[] = ['webgpu', 'webgl', 'cpu'];

/** The backends tried for a preference, in order: the preferred one, then its fallbacks. */
function orderFor(pref: BackendPreference): BackendName[] {
  if (pref === 'auto') return AUTO_ORDER;
  if (pref === 'wasm') return ['wasm', 'cpu'];
  return AUTO_ORDER.slice(AUTO_ORDER.indexOf(pref));
}

/** The part of the WebGPU API used here (TypeScript's DOM lib does not describe WebGPU). */
interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; isFallbackAdapter?: boolean } } | null>;
}

async function probeWebGpu(): Promise<{ ok: true; adapter: string } | { ok: false; reason: string }> {
  const gpu = (globalThis.navigator as Navigator & { gpu?: GpuLike }).gpu;
  if (!gpu) return { ok: false, reason: 'WebGPU is not available in this browser (navigator.gpu is missing)' };
  const adapter = await gpu.requestAdapter();
  if (!adapter) return { ok: false, reason: 'no WebGPU adapter (requestAdapter returned null)' };
  const info = adapter.info ?? {};
  const name = [info.vendor, info.architecture].filter(Boolean).join('/') || 'unknown adapter';
  return { ok: true, adapter: info.isFallbackAdapter ? `${name} (software fallback adapter)` : name };
}

async function trySet(name: BackendName): Promise<{ ok: true; adapter: string | null } | { ok: false; reason: string }> {
  let adapter: string | null = null;
  if (name === 'webgpu') {
    const probe = await probeWebGpu();
    if (!probe.ok) return probe;
    adapter = probe.adapter;
    // The default matmul program is ~10× slower for the tiny shapes of this lab (TFJS-NOTES) and
    // uses float atomics, which make runs non-deterministic.
    tf.env().set('WEBGPU_MATMUL_PROGRAM_TYPE', 3);
  }
  try {
    if (await tf.setBackend(name)) {
      await tf.ready();
      return { ok: true, adapter };
    }
    return { ok: false, reason: `${name} backend failed to initialize` };
  } catch (e) {
    return { ok: false, reason: `${name} backend failed: ${e instanceof Error ? e.message : String(e)}` };
  }
}

/** Sets the first backend that works, starting from the preference, and says why others failed. */
export async function chooseBackend(pref: BackendPreference): Promise<BackendInfo> {
  const reasons: string[] = [];
  for (const name of orderFor(pref)) {
    const r = await trySet(name);
    if (r.ok) {
      return {
        backend: name,
        requested: pref,
        fallbackReason: reasons.length ? reasons.join('; ') : null,
        adapter: r.adapter,
        tfjsVersion: tf.version_core,
      };
    }
    reasons.push(r.reason);
  }
  throw new Error(`no backend could be initialized: ${reasons.join('; ')}`);
}
