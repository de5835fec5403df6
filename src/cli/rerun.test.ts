import { describe, expect, it } from 'vitest';
import type { HistoryRecord } from '../engine/run';
import { compareHistories } from './rerun';

const rec = (step: number, lossTrain: number, extra: Partial<HistoryRecord> = {}) =>
  ({
    step,
    lossTrain,
    lossVal: lossTrain + 0.1,
    gradNorm: { output: 1 },
    ...extra,
  }) as HistoryRecord;
const asJson = (x: unknown) => JSON.parse(JSON.stringify(x)) as unknown[];
const same = { exported: 'cpu', rerun: 'cpu' };

describe('compareHistories', () => {
  it('says when the rerun is identical, NaN and null alike (the export went through JSON)', () => {
    const history = [rec(10, 0.5), rec(20, NaN)];
    expect(compareHistories(asJson(history), history, same)).toBe(
      'The rerun reproduced the exported history exactly (2 records).',
    );
  });

  it('compares on the fields a browser export holds', () => {
    const rerun = [rec(10, 0.5, { ece: 0.1 })];
    expect(compareHistories(asJson([rec(10, 0.5)]), rerun, same)).toMatch(
      /^The rerun reproduced every field of the exported history \(1 record;/,
    );
  });

  it('names the first step and field that differ, and a backend change', () => {
    const exported = asJson([rec(10, 0.5), rec(20, 0.4)]);
    expect(compareHistories(exported, [rec(10, 0.5), rec(20, 0.41)], same)).toBe(
      "The rerun's history differs from the exported one from step 20 on (lossTrain: exported 0.4000, rerun 0.4100).",
    );
    expect(
      compareHistories(exported, [rec(10, 0.5, { gradNorm: { output: 2 } }), rec(20, 0.4)], {
        exported: 'webgl',
        rerun: 'wasm',
      }),
    ).toBe(
      "The rerun's history differs from the exported one from step 10 on (gradNorm); the export ran on webgl and this rerun on wasm, which round differently.",
    );
    expect(compareHistories(exported, [rec(10, 0.5)], same)).toMatch(
      /from step 20 on \(the rerun has no record there\)/,
    );
    expect(compareHistories(asJson([rec(10, 0.5)]), [rec(10, 0.5), rec(20, 0.4)], same)).toMatch(
      /from its end \(the export has 1 record, the rerun 2\)/,
    );
  });
});
