import { describe, expect, it } from 'vitest';
import { parseOptions, DEFAULT_OPTIONS } from './compareOptions';
import {
  EMPTY_SELECTION,
  keepExisting,
  parseSelection,
  serializeSelection,
  setSelected,
  showOnly,
  togglePin,
} from './compareSelection';

describe('compare selection', () => {
  it('round-trips through its stored form', () => {
    const s = { selected: ['a', 'b'], baseline: 'b' };
    expect(parseSelection(serializeSelection(s))).toEqual(s);
  });

  it('reads anything malformed as empty, and drops a baseline that is not selected', () => {
    expect(parseSelection(null)).toEqual(EMPTY_SELECTION);
    expect(parseSelection('{')).toEqual(EMPTY_SELECTION);
    expect(parseSelection('[1,2]')).toEqual(EMPTY_SELECTION);
    expect(parseSelection('{"selected":["a",3,"a"],"baseline":"z"}')).toEqual({
      selected: ['a'],
      baseline: null,
    });
  });

  it('selecting keeps selection order; deselecting the baseline unpins it', () => {
    let s = setSelected(EMPTY_SELECTION, 'b', true);
    s = setSelected(s, 'a', true);
    expect(s.selected).toEqual(['b', 'a']);
    s = togglePin(s, 'a');
    expect(s.baseline).toBe('a');
    s = setSelected(s, 'a', false);
    expect(s).toEqual({ selected: ['b'], baseline: null });
  });

  it('pinning selects the run; pinning the baseline again unpins it', () => {
    let s = togglePin(EMPTY_SELECTION, 'c');
    expect(s).toEqual({ selected: ['c'], baseline: 'c' });
    s = togglePin(s, 'c');
    expect(s).toEqual({ selected: ['c'], baseline: null });
  });

  it('deleted runs drop out', () => {
    const s = { selected: ['a', 'b', 'c'], baseline: 'b' };
    expect(keepExisting(s, (id) => id !== 'b')).toEqual({ selected: ['a', 'c'], baseline: null });
    expect(keepExisting(s, () => true)).toBe(s);
  });

  it('show replaces the selection and keeps the baseline only if it is among the runs', () => {
    const s = { selected: ['a', 'b'], baseline: 'a' };
    expect(showOnly(s, ['c', 'd', 'c'])).toEqual({ selected: ['c', 'd'], baseline: null });
    expect(showOnly(s, ['a', 'e'])).toEqual({ selected: ['a', 'e'], baseline: 'a' });
  });
});

describe('compare options', () => {
  it('takes each well-typed field and defaults the rest', () => {
    expect(parseOptions(null)).toEqual(DEFAULT_OPTIONS);
    expect(parseOptions('not json')).toEqual(DEFAULT_OPTIONS);
    expect(
      parseOptions('{"metric":"sharpness","log":true,"diff":"yes","groupSeeds":false,"open":"r1"}'),
    ).toEqual({ metric: 'sharpness', log: true, diff: false, groupSeeds: false, open: 'r1' });
    expect(parseOptions('{"metric":"nonsense"}').metric).toBe('lossVal');
  });
});
