import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfigFile, readJsonFile } from './io';

let dir = '';
const write = async (name: string, value: unknown) => {
  const path = join(dir, name);
  await writeFile(path, typeof value === 'string' ? value : JSON.stringify(value));
  return path;
};

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'stability-lab-io-'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('loadConfigFile', () => {
  it('reads a partial config file', async () => {
    const r = await loadConfigFile(await write('c.json', { seed: 4, model: { depth: 2 } }));
    expect(r).toMatchObject({
      ok: true,
      source: { kind: 'config' },
      config: { seed: 4, model: { depth: 2, width: 16 } },
    });
  });

  it("reads the config of an exported run, ignoring extra keys such as the browser's name", async () => {
    const history = [{ step: 10, lossTrain: 0.5 }];
    const path = await write('run.json', {
      name: 'my run',
      config: { seed: 3, model: { norm: 'layer' } },
      env: { backend: 'webgl' },
      history,
      events: [],
      summary: { steps: 10 },
    });
    const r = await loadConfigFile(path);
    expect(r).toMatchObject({
      ok: true,
      source: { kind: 'exported-run', fileSeed: 3, history, backend: 'webgl' },
      config: { seed: 3, model: { norm: 'layer' } },
    });
    // --seed overrides the run's seed, still validated.
    expect(await loadConfigFile(path, 9)).toMatchObject({
      ok: true,
      config: { seed: 9 },
      source: { fileSeed: 3 },
    });
    expect(await loadConfigFile(path, 0)).toMatchObject({ ok: false });
  });

  it("names the bad fields of an exported run's config", async () => {
    const path = await write('bad-run.json', { config: { model: { depth: -3, foo: 1 } } });
    const r = await loadConfigFile(path);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.messages[0]).toBe(`the config of exported run "${path}" has 2 invalid fields:`);
    expect(r.messages.slice(1).join('\n')).toMatch(
      /model\.depth[\s\S]*unknown key "model\.foo"|unknown key "model\.foo"[\s\S]*model\.depth/,
    );
    expect(await loadConfigFile(await write('null-config.json', { config: null }))).toEqual({
      ok: false,
      messages: [`exported run "${join(dir, 'null-config.json')}": "config" must be an object`],
    });
  });

  it('points a sweep file at the sweep command', async () => {
    const path = await write('sweep.json', { axes: [] });
    expect(await loadConfigFile(path)).toEqual({
      ok: false,
      messages: [
        `config file "${path}" looks like a sweep file (it has "axes"); run it with \`sweep\``,
      ],
    });
  });
});

describe('readJsonFile', () => {
  it('wants a JSON object', async () => {
    for (const [text, got] of [
      ['null', 'null'],
      ['[1]', 'an array'],
      ['3', 'number'],
    ]) {
      const path = await write('x.json', text);
      expect(await readJsonFile(path, 'sweep file')).toEqual({
        ok: false,
        messages: [`sweep file "${path}" must hold a JSON object, not ${got}`],
      });
    }
  });
});
