// The app's icons, one drawing each: the player's (the reader and the mini player) and the library's.
// Decorative, unless given a label: every button that shows one has a text or an aria-label.

const iconProps = { width: 18, height: 18, viewBox: '0 0 24 24', 'aria-hidden': true, focusable: false } as const;

export function PauseIcon() {
  return (
    <svg {...iconProps}>
      <rect x="6" y="5" width="4" height="14" rx="1" fill="currentColor" />
      <rect x="14" y="5" width="4" height="14" rx="1" fill="currentColor" />
    </svg>
  );
}

/** `size`: in pixels, 18 unless told (the library's Play button is smaller). */
export function PlayIcon({ size }: { size?: number }) {
  return (
    <svg {...iconProps} {...(size ? { width: size, height: size } : {})}>
      <path d="M8 5.5v13a1 1 0 0 0 1.5.86l10.4-6.5a1 1 0 0 0 0-1.72L9.5 4.64A1 1 0 0 0 8 5.5z" fill="currentColor" />
    </svg>
  );
}

export function StopIcon() {
  return (
    <svg {...iconProps}>
      <rect x="6" y="6" width="12" height="12" rx="1.5" fill="currentColor" />
    </svg>
  );
}

export function RestartIcon() {
  return (
    <svg {...iconProps}>
      <path d="M5 12a7 7 0 1 0 2.05-4.95M5 4v4h4" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function PrevIcon() {
  return (
    <svg {...iconProps}>
      <rect x="5" y="5" width="2.5" height="14" rx="1" fill="currentColor" />
      <path d="M19 6.2v11.6a.8.8 0 0 1-1.2.7L9.6 12.7a.8.8 0 0 1 0-1.4l8.2-5.8a.8.8 0 0 1 1.2.7z" fill="currentColor" />
    </svg>
  );
}

export function NextIcon() {
  return (
    <svg {...iconProps}>
      <rect x="16.5" y="5" width="2.5" height="14" rx="1" fill="currentColor" />
      <path d="M5 6.2v11.6a.8.8 0 0 0 1.2.7l8.2-5.8a.8.8 0 0 0 0-1.4L6.2 5.5A.8.8 0 0 0 5 6.2z" fill="currentColor" />
    </svg>
  );
}

export function SpeakerIcon() {
  return (
    <svg {...iconProps}>
      <path d="M4 9.5h3.5L12 5.5v13l-4.5-4H4z" fill="currentColor" />
      <path
        d="M15.5 9a4 4 0 0 1 0 6M18 6.5a7.5 7.5 0 0 1 0 11"
        fill="none"
        stroke="currentColor"
        strokeWidth="1.8"
        strokeLinecap="round"
      />
    </svg>
  );
}

export function PinIcon({ filled = false, label }: { filled?: boolean; label?: string }) {
  return (
    <svg {...iconProps} {...(label ? { 'aria-hidden': false, role: 'img', 'aria-label': label } : {})} className={label ? 'pin-mark' : undefined}>
      <path d="M9 3h6l-1 6 4 4v2h-5v6l-1 1-1-1v-6H6v-2l4-4z" fill={filled ? 'currentColor' : 'none'} stroke="currentColor" strokeWidth="1.6" strokeLinejoin="round" />
    </svg>
  );
}

export function ExportIcon() {
  return (
    <svg {...iconProps}>
      <path d="M12 4v11M7.5 8.5 12 4l4.5 4.5M5 14v5h14v-5" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}

export function TrashIcon() {
  return (
    <svg {...iconProps}>
      <path d="M5 7h14M10 7V4.5h4V7M7 7l1 13h8l1-13" fill="none" stroke="currentColor" strokeWidth="1.7" strokeLinecap="round" strokeLinejoin="round" />
    </svg>
  );
}
