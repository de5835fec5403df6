/**
 * A tab list after the WAI-ARIA tabs pattern: one tab in the Tab order, arrow keys (and Home/End)
 * move between tabs and select them, and each tab names the panel it controls.
 */
import { useRef, type KeyboardEvent, type ReactNode } from 'react';

export interface TabSpec<Id extends string> {
  id: Id;
  label: string;
  /** A count shown after the label, e.g. "Events (3)"; hidden when 0 or absent. */
  badge?: number;
  /** Colour of the badge (e.g. the worst event severity). */
  badgeColor?: string;
}

export const tabId = (prefix: string, id: string) => `${prefix}-tab-${id}`;
export const panelId = (prefix: string, id: string) => `${prefix}-panel-${id}`;

interface TabsProps<Id extends string> {
  tabs: readonly TabSpec<Id>[];
  selected: Id;
  onSelect(id: Id): void;
  /** Prefix of the tab and panel element ids. */
  idPrefix: string;
  label: string;
}

export function Tabs<Id extends string>({
  tabs,
  selected,
  onSelect,
  idPrefix,
  label,
}: TabsProps<Id>) {
  const refs = useRef(new Map<Id, HTMLButtonElement>());
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    // From the focused tab (usually the selected one, but a click may have focused another).
    const focused = tabs.findIndex((t) => refs.current.get(t.id) === e.target);
    const i = focused >= 0 ? focused : tabs.findIndex((t) => t.id === selected);
    const n = tabs.length;
    const to =
      e.key === 'ArrowRight'
        ? (i + 1) % n
        : e.key === 'ArrowLeft'
          ? (i - 1 + n) % n
          : e.key === 'Home'
            ? 0
            : e.key === 'End'
              ? n - 1
              : -1;
    if (to < 0) return;
    e.preventDefault();
    const next = tabs[to]!.id;
    onSelect(next);
    refs.current.get(next)?.focus();
  };
  return (
    <div className="tabs" role="tablist" aria-label={label} onKeyDown={onKeyDown}>
      {tabs.map((t) => {
        const isSelected = t.id === selected;
        const hasBadge = (t.badge ?? 0) > 0;
        return (
          <button
            key={t.id}
            ref={(el) => {
              if (el) refs.current.set(t.id, el);
              else refs.current.delete(t.id);
            }}
            type="button"
            role="tab"
            id={tabId(idPrefix, t.id)}
            aria-controls={panelId(idPrefix, t.id)}
            aria-selected={isSelected}
            tabIndex={isSelected ? 0 : -1}
            data-testid={`tab-${t.id}`}
            // The badge is a pill on screen; its name reads as "Events (3)".
            aria-label={hasBadge ? `${t.label} (${t.badge})` : undefined}
            onClick={() => onSelect(t.id)}
          >
            {t.label}
            {hasBadge && (
              <span
                className="tab-badge"
                aria-hidden="true"
                data-testid={`tab-${t.id}-badge`}
                style={t.badgeColor ? { background: t.badgeColor } : undefined}
              >
                {t.badge}
              </span>
            )}
          </button>
        );
      })}
    </div>
  );
}

interface PanelProps {
  idPrefix: string;
  id: string;
  isSelected: boolean;
  className?: string;
  children: ReactNode;
}

/**
 * A tab's panel. Unselected panels stay as empty hidden elements (so every tab's aria-controls
 * points somewhere) and render no children at all: hidden charts cost nothing.
 */
export function TabPanel({ idPrefix, id, isSelected, className, children }: PanelProps) {
  return (
    <div
      role="tabpanel"
      id={panelId(idPrefix, id)}
      aria-labelledby={tabId(idPrefix, id)}
      tabIndex={0}
      hidden={!isSelected}
      className={className}
    >
      {isSelected ? children : null}
    </div>
  );
}
