/** Query parameters the lab understands. Bad values are reported, never trusted. */
import { BACKEND_PREFERENCES, type BackendPreference } from '../protocol';

export interface UrlOptions {
  backend: BackendPreference;
  /** A sentence about an ignored parameter, or null. */
  warning: string | null;
}

/** `?backend=auto|webgpu|webgl|wasm|cpu` (default auto) picks the backend the worker tries first. */
export function readUrlOptions(search: string): UrlOptions {
  const raw = new URLSearchParams(search).get('backend');
  if (raw === null || raw === '') return { backend: 'auto', warning: null };
  const value = raw.toLowerCase();
  if ((BACKEND_PREFERENCES as readonly string[]).includes(value)) {
    return { backend: value as BackendPreference, warning: null };
  }
  return {
    backend: 'auto',
    warning: `URL parameter backend="${raw}" is not one of ${BACKEND_PREFERENCES.join(', ')}; using auto.`,
  };
}
