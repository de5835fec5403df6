/**
 * Evidence for the JavaScript-size budget: which packages the main-thread bundle's bytes come from,
 * read from the build's source map (generated characters attributed to their source file, grouped by
 * npm package or by app folder). Characters, not gzip bytes: the shares are what to read.
 */
import { readFileSync } from 'node:fs';

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';
const B64_INDEX = new Map([...B64].map((c, i) => [c, i]));

/** Decodes one segment's base64 VLQ fields. */
export function decodeVlq(segment: string): number[] {
  const out: number[] = [];
  let value = 0;
  let shift = 0;
  for (const ch of segment) {
    const digit = B64_INDEX.get(ch);
    if (digit === undefined) throw new Error(`bad VLQ character "${ch}"`);
    value += (digit & 31) << shift;
    if (digit & 32) shift += 5;
    else {
      out.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return out;
}

/** "react-dom", "@tensorflow/tfjs-core", or "app: src/ui" for the project's own files. */
export function groupOf(source: string): string {
  const nm = source.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = source.slice(nm + 'node_modules/'.length).split('/');
    return parts[0]!.startsWith('@') ? `${parts[0]}/${parts[1]}` : parts[0]!;
  }
  const src = source.indexOf('src/');
  if (src >= 0) return `app: ${source.slice(src).split('/').slice(0, 2).join('/')}`;
  return source.startsWith('\0') || source === '' ? '(bundler runtime)' : `other: ${source}`;
}

export interface Share {
  group: string;
  chars: number;
  share: number;
}

/** Characters of `code` per source group, by the mappings of its source map. */
export function attribute(code: string, map: { sources: string[]; mappings: string }): Share[] {
  const lines = code.split('\n');
  const counts = new Map<string, number>();
  const add = (g: string, n: number) => {
    if (n > 0) counts.set(g, (counts.get(g) ?? 0) + n);
  };
  let src = 0;
  map.mappings.split(';').forEach((line, li) => {
    const text = lines[li] ?? '';
    let col = 0;
    const segs: { col: number; src: number | null }[] = [];
    for (const seg of line.split(',')) {
      if (!seg) continue;
      const f = decodeVlq(seg);
      col += f[0]!;
      if (f.length >= 4) src += f[1]!;
      segs.push({ col, src: f.length >= 4 ? src : null });
    }
    let covered = 0;
    segs.forEach((s, i) => {
      const end = segs[i + 1]?.col ?? text.length;
      const n = Math.max(0, end - s.col);
      covered += n;
      add(s.src === null ? '(unmapped)' : groupOf(map.sources[s.src] ?? ''), n);
    });
    add('(unmapped)', Math.max(0, text.length - covered));
  });
  const total = [...counts.values()].reduce((a, b) => a + b, 0);
  return [...counts.entries()]
    .map(([group, chars]) => ({ group, chars, share: total ? chars / total : 0 }))
    .sort((a, b) => b.chars - a.chars);
}

export interface OriginalPosition {
  source: string;
  /** 1-based, as editors show it. */
  line: number;
  name: string | null;
}

/** Lookups from generated (line, column) to the original source, for naming profiled functions. */
export class SourceMapIndex {
  /** Per generated line: segments [column, source, line, column, name?], by column. */
  private readonly lines: number[][][] = [];

  constructor(private readonly map: { sources: string[]; names?: string[]; mappings: string }) {
    const acc = [0, 0, 0, 0];
    for (const line of map.mappings.split(';')) {
      let col = 0;
      const segs: number[][] = [];
      for (const seg of line.split(',')) {
        if (!seg) continue;
        const f = decodeVlq(seg);
        col += f[0]!;
        if (f.length < 4) continue;
        acc[0]! += f[1]!;
        acc[1]! += f[2]!;
        acc[2]! += f[3]!;
        if (f.length >= 5) acc[3]! += f[4]!;
        segs.push(f.length >= 5 ? [col, acc[0]!, acc[1]!, acc[2]!, acc[3]!] : [col, acc[0]!, acc[1]!, acc[2]!]);
      }
      this.lines.push(segs);
    }
  }

  /** Zero-based generated line and column, as the DevTools protocol gives them. */
  lookup(line: number, column: number): OriginalPosition | null {
    const segs = this.lines[line];
    if (!segs) return null;
    let hit: number[] | undefined;
    for (const s of segs) {
      if (s[0]! > column) break;
      hit = s;
    }
    if (!hit) return null;
    return { source: this.map.sources[hit[1]!] ?? '?', line: hit[2]! + 1, name: hit[4] !== undefined ? (this.map.names?.[hit[4]] ?? null) : null };
  }
}

export function loadSourceMap(jsPath: string): SourceMapIndex | null {
  try {
    return new SourceMapIndex(JSON.parse(readFileSync(`${jsPath}.map`, 'utf8')));
  } catch {
    return null;
  }
}

export function attributeFile(jsPath: string): Share[] | null {
  try {
    const map = JSON.parse(readFileSync(`${jsPath}.map`, 'utf8')) as { sources: string[]; mappings: string };
    return attribute(readFileSync(jsPath, 'utf8'), map);
  } catch {
    return null;
  }
}
