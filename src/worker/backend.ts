/**
 * Backend set-up inside the worker. A backend named by the user is tried first, then its
 * fallbacks (webgpu → webgl → cpu; wasm → cpu), with the reason for every fallback in words the
 * UI can show. `auto` measures instead of guessing (probeChooser.ts): on a software GPU, and for
 * the tiny models of this lab anywhere, cpu or wasm beat a GPU's dispatch overhead (TFJS-NOTES).
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
import { MeasuredBackend } from './probeChooser';
import type { BackendChooser } from './session';

setWasmPaths({
  'tfjs-backend-wasm.wasm': wasmPlain,
  'tfjs-backend-wasm-simd.wasm': wasmSimd,
  'tfjs-backend-wasm-threaded-simd.wasm': wasmThreaded,
});

type NamedPreference = Exclude<BackendPreference, 'auto'>;

const GPU_FIRST: BackendName[] = ['webgpu', 'webgl', 'cpu'];

/** The backends tried for a named preference, in order: that one, then its fallbacks. */
function orderFor(pref: NamedPreference): BackendName[] {
  if (pref === 'wasm') return ['wasm', 'cpu'];
  return GPU_FIRST.slice(GPU_FIRST.indexOf(pref));
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

/** tfjs would fail later and louder (console errors) when no WebGL2 context can be made. */
function webGlProblem(): string | null {
  if (typeof OffscreenCanvas === 'undefined') return 'WebGL is not available here (no OffscreenCanvas in the worker)';
  try {
    const gl = new OffscreenCanvas(1, 1).getContext('webgl2');
    if (!gl) return 'no WebGL2 context could be made';
    gl.getExtension('WEBGL_lose_context')?.loseContext();
    return null;
  } catch (e) {
    return `no WebGL2 context could be made (${e instanceof Error ? e.message : String(e)})`;
  }
}

async function trySet(name: BackendName): Promise<{ ok: true; adapter: string | null } | { ok: false; reason: string }> {
  let adapter: string | null = null;
  // Once tfjs holds a WebGL backend, its context is the proof; no need to make another.
  if (name === 'webgl' && !tf.findBackend('webgl')) {
    const problem = webGlProblem();
    if (problem) return { ok: false, reason: problem };
  }
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
export async function chooseBackend(pref: NamedPreference): Promise<BackendInfo> {
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
        probe: null,
      };
    }
    reasons.push(r.reason);
  }
  throw new Error(`no backend could be initialized: ${reasons.join('; ')}`);
}

/**
 * The session's backend for a preference: a named one is set now (and posted), `auto` measures
 * each new workload once its data is loaded.
 */
export async function backendFor(
  pref: BackendPreference,
  postInfo: (info: BackendInfo) => void,
  /** True while other training shares the backend (see MeasuredBackendOptions.isBusy). */
  isBusy: () => boolean = () => false,
): Promise<BackendChooser> {
  if (pref === 'auto') {
    let adapter: string | null = null;
    return new MeasuredBackend({
      async setBackend(name) {
        const r = await trySet(name);
        if (r.ok && name === 'webgpu') adapter = r.adapter;
        return r.ok ? null : r.reason;
      },
      postInfo,
      isBusy,
      tfjsVersion: tf.version_core,
      adapter: () => adapter,
    });
  }
  const info = await chooseBackend(pref);
  postInfo(info);
  return { fixed: info.backend, prepare: () => Promise.resolve() };
}
