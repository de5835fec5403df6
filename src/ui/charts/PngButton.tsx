import { memo, useState, type MouseEvent, type RefObject } from 'react';
import { downloadBlob } from '../runs/download';
import { pngFileName } from './chartPng';

interface Props {
  /** The chart's name: the image's heading, the file name and the button's accessible name. */
  title: string;
  /** The newest step shown, if any: goes into the file name and under the title. */
  step?: number | null;
  /** Extra context for the image heading, e.g. the layer a heatmap shows. */
  detail?: string | null;
  /** The panel to draw; by default the `<section>` the button sits in. */
  target?: RefObject<HTMLElement | null>;
}

type Status = 'idle' | 'busy' | 'failed';

/**
 * "PNG" in a chart header: downloads the chart as an image. All the work (and its code, loaded
 * on demand) happens on click, so a chart re-rendering every record pays nothing for it.
 */
export const PngButton = memo(function PngButton({ title, step, detail, target }: Props) {
  const [status, setStatus] = useState<Status>('idle');
  const label = `Download ${title} as PNG`;

  const onClick = async (e: MouseEvent<HTMLButtonElement>) => {
    // Read before the first await: React clears currentTarget once the handler returns.
    const panel = target?.current ?? e.currentTarget.closest('section');
    if (!panel || status === 'busy') return;
    setStatus('busy');
    try {
      const { renderChartPng } = await import('./png/renderChartPng');
      const blob = await renderChartPng(panel, { title, step, detail });
      downloadBlob(pngFileName(title, step), blob);
      setStatus('idle');
    } catch (err) {
      console.error('PNG export failed', err);
      setStatus('failed');
    }
  };

  return (
    <button
      type="button"
      className="png-button"
      aria-label={label}
      title={status === 'failed' ? 'PNG export failed (details in the console)' : label}
      data-status={status}
      // Not `disabled`: that would drop keyboard focus while the image is made.
      aria-busy={status === 'busy'}
      onClick={onClick}
    >
      {status === 'failed' ? 'PNG ✗' : 'PNG'}
    </button>
  );
});
