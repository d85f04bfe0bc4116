/**
 * The capture step's page tools as inline SVG (no font glyphs: a symbol missing from Vazirmatn shows
 * as an empty box). Each is decorative: the button around it carries the Persian name.
 */
const common = { viewBox: '0 0 24 24', width: 18, height: 18, 'aria-hidden': true, focusable: false, fill: 'none', stroke: 'currentColor', strokeWidth: 2, strokeLinecap: 'round', strokeLinejoin: 'round' } as const;

export function RotateLeftIcon() {
  return (
    <svg {...common}>
      <path d="M4 4v5h5" />
      <path d="M4.6 9A8 8 0 1 1 6 17.7" />
    </svg>
  );
}

export function RotateRightIcon() {
  return (
    <svg {...common}>
      <path d="M20 4v5h-5" />
      <path d="M19.4 9A8 8 0 1 0 18 17.7" />
    </svg>
  );
}

export function SplitIcon() {
  return (
    <svg {...common}>
      <path d="M3 12h18" strokeDasharray="3 2.5" />
      <rect x="6" y="3" width="12" height="6" rx="1" />
      <rect x="6" y="15" width="12" height="6" rx="1" />
    </svg>
  );
}

export function RescanIcon() {
  return (
    <svg {...common}>
      <rect x="3" y="10" width="18" height="8" rx="1.5" />
      <path d="M6 14h12M7 10l2-5h6l2 5" />
    </svg>
  );
}

export function DeleteIcon() {
  return (
    <svg {...common}>
      <path d="M4 7h16M9 7V4h6v3M6 7l1 13h10l1-13M10 11v6M14 11v6" />
    </svg>
  );
}

export function UndoIcon() {
  return (
    <svg {...common}>
      <path d="M15 5l4 4-4 4" />
      <path d="M19 9H9a5 5 0 0 0 0 10h3" />
    </svg>
  );
}
