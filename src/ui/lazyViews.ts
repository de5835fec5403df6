/**
 * Tabs other than Training, loaded the first time they are opened: the page starts with less
 * JavaScript to fetch and parse, and most visits never open most tabs.
 */
import { lazy } from 'react';

export const LayersView = lazy(() =>
  import('./LayersView').then((m) => ({ default: m.LayersView })),
);
export const CurvatureView = lazy(() =>
  import('./CurvatureView').then((m) => ({ default: m.CurvatureView })),
);
export const EventList = lazy(() => import('./EventList').then((m) => ({ default: m.EventList })));
export const RunsView = lazy(() =>
  import('./runs/RunsView').then((m) => ({ default: m.RunsView })),
);
export const ExperimentsView = lazy(() =>
  import('./experiments/ExperimentsView').then((m) => ({ default: m.ExperimentsView })),
);
