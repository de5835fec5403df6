import { describe, expect, it } from 'vitest';
import { MAX_RUN_FILE_BYTES, parseRunFile, runFileText } from './runFile';
import { mustParseConfig } from './schema';

describe('exported run files', () => {
  it('writes non-finite numbers as null and reads them back as null', () => {
    const text = runFileText({
      config: mustParseConfig({}),
      history: [
        {
          step: 1,
          lossTrain: NaN,
          lossVal: Infinity,
          accuracyTrain: 0,
          accuracyVal: null,
          gradNorm: { a: NaN },
        },
      ],
    });
    const r = parseRunFile(text);
    expect(r.ok && r.run.history[0]).toMatchObject({
      lossTrain: null,
      lossVal: null,
      gradNorm: { a: null },
    });
  });

  it('refuses text that is not JSON, saying so', () => {
    const r = parseRunFile('{"config": {');
    expect(r).toMatchObject({ ok: false });
    expect(!r.ok && r.message).toMatch(/^The file is not JSON/);
  });

  it('refuses a run whose config has a bad field, naming the field', () => {
    const r = parseRunFile(JSON.stringify({ config: { model: { depth: -3 } }, history: [] }));
    expect(!r.ok && r.message).toMatch(/config\.model\.depth/);
  });

  it('refuses a file without a history, and one whose records lack a step', () => {
    expect(!parseRunFile(JSON.stringify({ config: {} })).ok).toBe(true);
    const r = parseRunFile(JSON.stringify({ config: {}, history: [{ lossTrain: 1 }] }));
    expect(!r.ok && r.message).toMatch(/history\.0\.step/);
  });

  it('refuses an oversized file before parsing it', () => {
    const r = parseRunFile('{}', MAX_RUN_FILE_BYTES + 1);
    expect(!r.ok && r.message).toMatch(/MB are refused/);
  });
});
