import { describe, expect, it } from 'vitest';
import { attribute, decodeVlq, groupOf, SourceMapIndex } from './attribution';

describe('source-map attribution', () => {
  it('decodes base64 VLQ fields', () => {
    expect(decodeVlq('AAAA')).toEqual([0, 0, 0, 0]);
    expect(decodeVlq('IAAM')).toEqual([4, 0, 0, 6]);
    expect(decodeVlq('D')).toEqual([-1]);
    expect(decodeVlq('gB')).toEqual([16]);
  });

  it('groups sources by npm package (scoped too) or app folder', () => {
    expect(groupOf('../node_modules/react-dom/cjs/x.js')).toBe('react-dom');
    expect(groupOf('../../node_modules/@reduxjs/toolkit/dist/a.js')).toBe('@reduxjs/toolkit');
    expect(groupOf('../src/ui/App.tsx')).toBe('app: src/ui');
  });

  it('gives each mapped segment the characters up to the next one', () => {
    // Line "aaaabbbbbb": cols 0–3 from source 0, cols 4–9 from source 1.
    const shares = attribute('aaaabbbbbb', { sources: ['node_modules/x/a.js', 'src/ui/b.ts'], mappings: 'AAAA,ICAA' });
    expect(shares).toEqual([
      { group: 'app: src/ui', chars: 6, share: 0.6 },
      { group: 'x', chars: 4, share: 0.4 },
    ]);
  });
});

describe('SourceMapIndex', () => {
  it('maps a generated position to the source, line and name of the segment at or before it', () => {
    // Line 0: col 0 → a.ts line 1 col 0; col 10 → b.ts line 3 col 2, name "render".
    const idx = new SourceMapIndex({ sources: ['a.ts', 'b.ts'], names: ['render'], mappings: 'AAAA,UCEEA' });
    expect(idx.lookup(0, 4)).toEqual({ source: 'a.ts', line: 1, name: null });
    expect(idx.lookup(0, 12)).toEqual({ source: 'b.ts', line: 3, name: 'render' });
    expect(idx.lookup(5, 0)).toBeNull();
  });
});
