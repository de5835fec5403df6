import { useEffect, useId, useRef } from 'react';

interface Props {
  title: string;
  message: string;
  confirmLabel: string;
  onConfirm(): void;
  /** Also called for Escape, or whatever else closes the dialog. */
  onCancel(): void;
}

/**
 * A modal confirmation on the native <dialog>: focus moves into it and stays there, Escape
 * cancels, and focus returns to where it was when the dialog closes. Mounted only while asking.
 */
export function ConfirmDialog({ title, message, confirmLabel, onConfirm, onCancel }: Props) {
  const ref = useRef<HTMLDialogElement>(null);
  const cancelButton = useRef<HTMLButtonElement>(null);
  // Set once the answer is given, so the 'close' event that follows is not taken for a Cancel.
  const isSettled = useRef(false);
  const id = useId();
  useEffect(() => {
    const dialog = ref.current;
    if (!dialog) return;
    const returnTo = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    isSettled.current = false;
    dialog.showModal();
    // The safe choice has the focus, so a stray Enter keeps the running model.
    cancelButton.current?.focus();
    return () => {
      isSettled.current = true;
      dialog.close();
      returnTo?.focus();
    };
  }, []);
  const settle = (answer: () => void) => {
    if (isSettled.current) return;
    isSettled.current = true;
    answer();
  };

  return (
    <dialog
      ref={ref}
      className="confirm-dialog"
      role="alertdialog"
      aria-labelledby={`${id}-title`}
      aria-describedby={`${id}-message`}
      // Escape closes the dialog natively; whatever closes it without an answer is a Cancel.
      // (A 'close' that arrives while the dialog is open again is stale: StrictMode re-mounts.)
      onClose={() => {
        if (!ref.current?.open) settle(onCancel);
      }}
    >
      <h2 id={`${id}-title`}>{title}</h2>
      <p id={`${id}-message`}>{message}</p>
      <div className="dialog-actions">
        <button type="button" className="primary" onClick={() => settle(onConfirm)}>
          {confirmLabel}
        </button>
        <button ref={cancelButton} type="button" onClick={() => settle(onCancel)}>
          Cancel
        </button>
      </div>
    </dialog>
  );
}
