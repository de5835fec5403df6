import { describe, expect, it } from 'vitest';
import type { LabEvent } from '../events';
import { markersOf } from './eventMarkers';

const ev = (
  step: number,
  severity: LabEvent['severity'],
  source: LabEvent['source'] = 'monitor',
): LabEvent => ({
  step,
  kind: source === 'monitor' ? 'lossSpike' : 'clip',
  source,
  severity,
  title: `${severity} at ${step}`,
  detail: '',
  remedy: '',
});

describe('event markers on the loss chart', () => {
  it('puts one marker per step, coloured by its most severe event and labelled with every title', () => {
    const m = markersOf([ev(20, 'info', 'controller'), ev(10, 'warning'), ev(20, 'critical')]);
    expect(m.map((x) => [x.step, x.severity, x.source])).toEqual([
      [10, 'warning', 'monitor'],
      [20, 'critical', 'monitor'],
    ]);
    expect(m[1]!.label).toBe('Step 20: info – info at 20; critical – critical at 20');
  });

  it('marks controller-only steps as actions and keeps only the newest steps', () => {
    const events = Array.from({ length: 100 }, (_, i) => ev(i + 1, 'info', 'controller'));
    const m = markersOf(events, 10);
    expect(m.map((x) => x.step)).toEqual([91, 92, 93, 94, 95, 96, 97, 98, 99, 100]);
    expect(m.every((x) => x.source === 'controller')).toBe(true);
  });
});
