/**
 * The design tokens every element draws with: `--dictation-<token>` on the page (or on one element) overrides the
 * default of both themes. Light is the default; dark when the reader's system prefers it, unless the element has
 * `theme="light"`; `theme="dark"` forces dark. Every pair below keeps WCAG AA contrast (4.5:1 for text, 3:1 for
 * the focus ring and the indicator) on its own surface, whatever the page around it looks like: the elements paint
 * their own surfaces rather than inheriting the page's colours.
 */
export const COLOR_TOKENS = {
  'color-text': { light: '#111827', dark: '#e5e7eb' },
  'color-text-muted': { light: '#374151', dark: '#cbd5e1' },
  'color-surface': { light: '#f8fafc', dark: '#1f2937' },
  'color-surface-raised': { light: '#ffffff', dark: '#111827' },
  'color-border': { light: '#6b7280', dark: '#9ca3af' },
  'color-accent': { light: '#1d4ed8', dark: '#93c5fd' },
  'color-on-accent': { light: '#ffffff', dark: '#0b1220' },
  'color-danger': { light: '#b91c1c', dark: '#fca5a5' },
  'color-on-danger': { light: '#ffffff', dark: '#1f0a0a' },
  'color-notice-surface': { light: '#fffbeb', dark: '#332508' },
  'color-notice-border': { light: '#b45309', dark: '#f59e0b' },
  'color-success': { light: '#15803d', dark: '#4ade80' },
  'color-pending': { light: '#b45309', dark: '#fbbf24' },
  'color-idle': { light: '#6b7280', dark: '#9ca3af' },
  'color-disabled': { light: '#4b5563', dark: '#9ca3af' },
  'color-backdrop': { light: 'rgb(17 24 39 / 55%)', dark: 'rgb(0 0 0 / 70%)' },
  'focus-ring-color': { light: '#1e3a8a', dark: '#fbbf24' },
} as const;

export const SHAPE_TOKENS = {
  radius: '0.5rem',
  spacing: '0.75rem',
  font: 'inherit',
  'focus-ring-width': '3px',
} as const;

/** Every token's name. */
export type TokenName = keyof typeof COLOR_TOKENS | keyof typeof SHAPE_TOKENS;

/** `auto`: dark when the reader's system prefers it. `light` or `dark`: that theme, whatever the system says. */
export type Theme = 'auto' | 'light' | 'dark';
