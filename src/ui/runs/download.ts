/** Saves text as a file (see downloadBlob). */
export function downloadText(filename: string, text: string, type: string): void {
  downloadBlob(filename, new Blob([text], { type }));
}

/** Saves a blob as a file through a temporary link (works in every browser, no permission needed). */
export function downloadBlob(filename: string, blob: Blob): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = filename;
  document.body.append(a);
  a.click();
  a.remove();
  // Revoked on the next task: the download has started by then.
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/** A file-name-safe version of a run name. */
export const fileNameOf = (name: string) =>
  name.replace(/[^\w.-]+/g, '_').replace(/^_+|_+$/g, '') || 'run';
