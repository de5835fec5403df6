import { describe, expect, it } from 'vitest';
import { keptNotes, NOTES_END, NOTES_START, withNotes } from './doc';

describe('docs/BENCHMARKS.md notes', () => {
  it('carries hand-written notes into the regenerated file', () => {
    const first = withNotes('# report 1', null);
    expect(keptNotes(first)).toMatch(/No notes yet/);
    const edited = first.replace(/_No notes yet[^\n]*/, 'The CNN fails because …');
    const second = withNotes('# report 2', keptNotes(edited));
    expect(second).toContain('# report 2');
    expect(second).toContain('The CNN fails because …');
    expect(second.indexOf(NOTES_START)).toBeLessThan(second.indexOf(NOTES_END));
  });
  it('finds no notes in a file without the markers', () => {
    expect(keptNotes('# old file')).toBeNull();
  });
});
