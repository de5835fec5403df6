import { describe, expect, it } from 'vitest';
import { fmtBytes, fmtKB, fmtPercent, fmtRate, fmtRatioRange, mdTable } from './table';

describe('mdTable', () => {
  it('pads columns (counting "×" as one character) and right-aligns where asked', () => {
    const t = mdTable(['model', 'ratio'], [['a', '1.00×'], ['longer', '0.5×']], ['left', 'right']);
    expect(t.split('\n')).toEqual([
      '| model  | ratio |',
      '| ------ | ----: |',
      '| a      | 1.00× |',
      '| longer |  0.5× |',
    ]);
  });
  it('escapes pipes inside cells', () => {
    expect(mdTable(['a'], [['x|y']])).toContain('x\\|y');
  });
});

describe('number formats', () => {
  it('shows rates with about three significant figures', () => {
    expect(fmtRate(1234.5)).toBe('1235');
    expect(fmtRate(12.345)).toBe('12.3');
    expect(fmtRate(1.2345)).toBe('1.23');
    expect(fmtRate(0.01234)).toBe('0.012');
    expect(fmtRate(NaN)).toBe('–');
  });
  it('shows a ratio with its range over rounds', () => {
    expect(fmtRatioRange(0.84, [0.8, 0.9])).toBe('0.84× (0.80–0.90)');
    expect(fmtRatioRange(1, [1, 1])).toBe('1.00×');
  });
  it('shows sizes in decimal kilobytes, as the budget is stated', () => {
    expect(fmtKB(250_000)).toBe('250.0 kB');
    expect(fmtBytes(null)).toBe('–');
    expect(fmtBytes(2_500_000)).toBe('2.50 MB');
    expect(fmtPercent(0.1234, 1)).toBe('12.3 %');
  });
});
