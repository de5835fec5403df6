import { describe, expect, it } from 'vitest';
import { fitLines, READOUT_LINE_HEIGHT, readoutBox, readoutCapacity } from './readoutBox';

const frame = { left: 44, top: 6, right: 582, bottom: 230 };

describe('readout box', () => {
  it('sits right of the guide, inside the SVG', () => {
    const box = readoutBox(['step 70', 'train loss : 0.5754'], 300, frame, 600);
    expect(box.x).toBe(310);
    expect(box.y).toBe(frame.top + 4);
    expect(box.height).toBe(2 * READOUT_LINE_HEIGHT + 12);
    // 19 characters of 12 px text at 0.6 em, plus padding.
    expect(box.width).toBe(Math.ceil(19 * 12 * 0.6 + 16));
  });

  it('flips to the left of the guide near the right edge', () => {
    const box = readoutBox(['step 70', 'train loss : 0.5754'], 560, frame, 600);
    expect(box.x + box.width).toBe(550);
  });

  it('never leaves the SVG on the left either', () => {
    const box = readoutBox(
      ['a very long line of text that is wider than the plot'],
      60,
      frame,
      200,
    );
    expect(box.x).toBeGreaterThanOrEqual(0);
  });
});

describe('readout lines', () => {
  it('lists every value when they fit', () => {
    expect(fitLines('step 5', ['a : 1', 'b : 2'], 10)).toEqual({
      lines: ['step 5', 'a : 1', 'b : 2'],
      shown: 2,
    });
  });

  it('summarizes what does not fit', () => {
    const values = Array.from({ length: 20 }, (_, i) => `layer${i} : ${i}`);
    const { lines, shown } = fitLines('step 5', values, 6);
    expect(lines).toHaveLength(6);
    expect(shown).toBe(4);
    expect(lines[5]).toBe('+ 16 more');
  });

  it('has room for about one line per 16 px of plot height', () => {
    expect(readoutCapacity(frame)).toBe(13);
    expect(readoutCapacity({ left: 0, top: 0, right: 10, bottom: 10 })).toBe(2);
  });
});
