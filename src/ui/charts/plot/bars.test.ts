import { describe, expect, it } from 'vitest';
import { bandAt, barRects } from './bars';

const frame = { left: 4, top: 4, right: 104, bottom: 54 };

describe('histogram bars', () => {
  it('splits the width into equal bands, heights relative to the top value', () => {
    const rects = barRects([2, 4, 1, 3], frame, 4, 1);
    expect(rects.map((r) => r.x)).toEqual([4.5, 29.5, 54.5, 79.5]);
    expect(rects.every((r) => r.width === 24)).toBe(true);
    expect(rects.map((r) => r.height)).toEqual([25, 50, 12.5, 37.5]);
    expect(rects.map((r) => r.y + r.height)).toEqual([54, 54, 54, 54]);
  });

  it('draws nothing for empty bins and keeps each bar tied to its bin', () => {
    const rects = barRects([0, 5, 0, 5], frame, 5);
    expect(rects.map((r) => r.index)).toEqual([1, 3]);
  });

  it('keeps bars at least a pixel wide when bins are many', () => {
    const rects = barRects(
      Array.from({ length: 400 }, () => 1),
      frame,
      1,
      1,
    );
    expect(rects[0]!.width).toBe(1);
  });

  it('finds the bin under the pointer', () => {
    expect(bandAt(4, frame, 4)).toBe(0);
    expect(bandAt(30, frame, 4)).toBe(1);
    expect(bandAt(103.9, frame, 4)).toBe(3);
    expect(bandAt(2, frame, 4)).toBe(-1);
    expect(bandAt(104, frame, 4)).toBe(-1);
  });
});
