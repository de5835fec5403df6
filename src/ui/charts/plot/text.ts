/**
 * Text size without measuring: the plot never asks the browser how wide a label is (that forces a
 * layout). A width from the character count is a slight over-estimate for the UI font, so boxes
 * and spacing computed from it always fit.
 */

/** Average advance of a character in the UI sans-serif, as a fraction of the font size. */
export const CHAR_WIDTH_EM = 0.6;

export function textWidth(text: string, fontSize: number): number {
  return text.length * fontSize * CHAR_WIDTH_EM;
}
