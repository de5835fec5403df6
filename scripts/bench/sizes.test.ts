import { describe, expect, it } from 'vitest';
import { closure, staticImports } from './sizes';

describe('main-thread chunk graph', () => {
  it('follows static imports but not dynamic ones', () => {
    const code = 'import{a as b}from"./vendor-1.js";import"./side-2.js";const l=()=>import("./lazy-3.js");';
    expect(staticImports(code)).toEqual(['vendor-1.js', 'side-2.js']);
  });
  it('collects every chunk reachable from the entry, once', () => {
    const files: Record<string, string> = {
      'entry.js': 'import"./a.js";import"./b.js";',
      'a.js': 'import"./b.js";',
      'b.js': 'import"./a.js";',
    };
    expect(closure(['entry.js'], (f) => files[f]!).sort()).toEqual(['a.js', 'b.js', 'entry.js']);
  });
});
