import { describe, expect, it } from 'vitest';
import { parseBenchArgs } from './args';

describe('bench flags', () => {
  it('runs every section on every backend by default', () => {
    const a = parseBenchArgs([]);
    expect([...a.sections]).toEqual(['speed', 'memory', 'app', 'size', 'node', 'parts']);
    expect(a.backends).toEqual(['webgpu', 'webgl', 'cpu']);
    expect(a.memorySteps).toEqual([100, 2000]);
    expect(a.doc).toBe('docs/BENCHMARKS.md');
    expect(a.appProfile).toBe('auto');
  });
  it('lets explicit flags win over --quick', () => {
    const a = parseBenchArgs(['--quick', '--rounds', '4']);
    expect(a.rounds).toBe(4);
    expect(a.models).toEqual(['spiral-mlp']);
  });
  it('names the flag and the bad value', () => {
    expect(() => parseBenchArgs(['--backends', 'webgpu,metal'])).toThrow('--backends: "metal" is not one of webgpu, webgl, cpu');
    expect(() => parseBenchArgs(['--rounds', '0'])).toThrow('--rounds: expected a positive integer, got "0"');
    expect(() => parseBenchArgs(['--memory-steps', '100'])).toThrow(/--memory-steps/);
  });
});
