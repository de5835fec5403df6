/**
 * An on-screen SVG as a drawable image. Serialized markup loses every style that came from a
 * stylesheet (Recharts tick colours, our `.rel-grid` lines, inherited fonts), so the clone gets
 * each element's computed style written inline first.
 */
import { inlineStyleText } from '../chartPng';

const SVG_NS = 'http://www.w3.org/2000/svg';

/** A copy of `svg` with computed styles inlined and its rendered size made explicit. */
export function inlinedClone(svg: SVGSVGElement, width: number, height: number): SVGSVGElement {
  const clone = svg.cloneNode(true) as SVGSVGElement;
  const originals = [svg, ...svg.querySelectorAll('*')];
  const copies = [clone, ...clone.querySelectorAll('*')];
  // cloneNode keeps the tree shape, so the two lists pair up element for element.
  originals.forEach((el, i) => {
    const copy = copies[i];
    if (!copy) return;
    const computed = getComputedStyle(el);
    const style = inlineStyleText((p) => computed.getPropertyValue(p));
    if (style) copy.setAttribute('style', style);
  });
  clone.setAttribute('xmlns', SVG_NS);
  // Sized by CSS on screen (viewBox only, or width 100%): an image needs the size in the markup.
  clone.setAttribute('width', String(width));
  clone.setAttribute('height', String(height));
  return clone;
}

/** Loads the inlined SVG as an image of the given CSS size. */
export async function svgImage(
  svg: SVGSVGElement,
  width: number,
  height: number,
): Promise<HTMLImageElement> {
  const markup = new XMLSerializer().serializeToString(inlinedClone(svg, width, height));
  const url = URL.createObjectURL(new Blob([markup], { type: 'image/svg+xml;charset=utf-8' }));
  try {
    const img = new Image(width, height);
    img.src = url;
    await img.decode();
    return img;
  } finally {
    URL.revokeObjectURL(url);
  }
}
