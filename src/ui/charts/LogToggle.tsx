import { useId } from 'react';

/** The "Log scale" checkbox of a chart header, labelled for screen readers and keyboard users. */
export function LogToggle({
  checked,
  onChange,
}: {
  checked: boolean;
  onChange: (on: boolean) => void;
}) {
  const id = useId();
  return (
    <div className="toggle">
      <input
        id={id}
        type="checkbox"
        checked={checked}
        onChange={(e) => onChange(e.target.checked)}
      />
      <label htmlFor={id}>Log scale</label>
    </div>
  );
}
