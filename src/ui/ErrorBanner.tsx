import { memo } from 'react';
import { readableFieldError } from './configForm';
import type { LabError } from './state';

/** Errors reported by the worker (or about it), with every bad field in words. */
export const ErrorBanner = memo(function ErrorBanner({
  error,
  onDismiss,
}: {
  error: LabError;
  onDismiss(): void;
}) {
  return (
    <div className="error-banner" role="alert" data-testid="error-banner">
      <div>
        <strong>Error:</strong> {error.message}
        {error.fields.length > 0 && (
          <ul>
            {error.fields.map((f) => (
              <li key={f.path}>{readableFieldError(f)}</li>
            ))}
          </ul>
        )}
      </div>
      <button type="button" className="ghost" onClick={onDismiss} aria-label="Dismiss error">
        ×
      </button>
    </div>
  );
});
