/**
 * Query parameters the lab understands: `backend`, and the experiment config as flat dotted
 * parameters (`src/config/urlConfig.ts`). Bad values are reported, never trusted.
 */
import { configFromSearch, configToSearch } from '../config/urlConfig';
import type { ExperimentConfig } from '../config/schema';
import { BACKEND_PREFERENCES, type BackendPreference } from '../protocol';

export interface UrlOptions {
  backend: BackendPreference;
  /** The experiment the URL describes: defaults, overridden by every valid config parameter. */
  config: ExperimentConfig;
  /** One sentence per ignored parameter (empty when the URL is clean). */
  warnings: string[];
}

/**
 * `?backend=auto|webgpu|webgl|wasm|cpu` (default auto): auto times the model on every available
 * backend and trains on the fastest; a name is tried first, then its fallbacks.
 */
function readBackend(params: URLSearchParams): { backend: BackendPreference; warning: string | null } {
  const raw = params.get('backend');
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

export function readUrlOptions(search: string): UrlOptions {
  const { backend, warning } = readBackend(new URLSearchParams(search));
  const { config, problems } = configFromSearch(search);
  return { backend, config, warnings: warning ? [warning, ...problems] : problems };
}

/**
 * The query string (with its `?`, or empty) for `config`, keeping the current `backend` parameter
 * first; everything else in `currentSearch` is replaced (stale or rejected parameters go).
 */
export function searchFor(config: ExperimentConfig, currentSearch: string): string {
  const backend = new URLSearchParams(currentSearch).get('backend');
  const parts = [
    backend === null ? '' : new URLSearchParams({ backend }).toString(),
    configToSearch(config),
  ].filter((s) => s !== '');
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/**
 * Puts `config` in the address bar without a reload or a new history entry, so copying the
 * address shares the experiment. Path and hash stay as they are.
 */
export function writeConfigToUrl(config: ExperimentConfig): void {
  const { pathname, search, hash } = window.location;
  const next = searchFor(config, search);
  if (next === search) return;
  window.history.replaceState(window.history.state, '', `${pathname}${next}${hash}`);
}

/**
 * `search` with `backend` set to `pref`, first, and every other parameter untouched (as typed).
 * Auto is the default, so choosing it removes the parameter.
 */
export function searchWithBackend(search: string, pref: BackendPreference): string {
  const rest = search
    .replace(/^\?/, '')
    .split('&')
    .filter((p) => p !== '' && p !== 'backend' && !p.startsWith('backend='));
  const parts = pref === 'auto' ? rest : [`backend=${pref}`, ...rest];
  return parts.length > 0 ? `?${parts.join('&')}` : '';
}

/**
 * The Backend selector and the hook that owns the worker meet here: the URL holds the preference
 * (so a copied address keeps it), and this event says it changed (replaceState fires none).
 */
const BACKEND_EVENT = 'stability-lab:backend';

/** The backend preference in the address bar now (auto when absent or unreadable). */
export function readBackendPreference(): BackendPreference {
  return readBackend(new URLSearchParams(window.location.search)).backend;
}

/** Puts `pref` in the address bar and tells the lab, which restarts its worker with it. */
export function setBackendPreference(pref: BackendPreference): void {
  const { pathname, search, hash } = window.location;
  const next = searchWithBackend(search, pref);
  if (next !== search) window.history.replaceState(window.history.state, '', `${pathname}${next}${hash}`);
  window.dispatchEvent(new Event(BACKEND_EVENT));
}

/** Calls `onChange` after every `setBackendPreference`; returns the unsubscribe function. */
export function subscribeBackendPreference(onChange: () => void): () => void {
  window.addEventListener(BACKEND_EVENT, onChange);
  return () => window.removeEventListener(BACKEND_EVENT, onChange);
}
