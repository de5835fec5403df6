import { describe, expect, it } from 'vitest';
import { bareFrame, plotFrame, X_AXIS_HEIGHT, Y_AXIS_WIDTH } from './frame';

describe('plot frame', () => {
  it('leaves room for the value axis, the step axis and the margins', () => {
    const f = plotFrame(600, 260, { top: 6, right: 18, bottom: 0, left: 0 });
    expect(f).toEqual({ left: Y_AXIS_WIDTH, top: 6, right: 582, bottom: 260 - X_AXIS_HEIGHT });
  });

  it('never turns inside out in a tiny box', () => {
    const f = plotFrame(10, 10);
    expect(f.right).toBeGreaterThan(f.left);
    expect(f.bottom).toBeGreaterThan(f.top);
    const b = bareFrame(2, 2, { top: 4, right: 4, bottom: 0, left: 4 });
    expect(b.right).toBeGreaterThan(b.left);
  });
});
