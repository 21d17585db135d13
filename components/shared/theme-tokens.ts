/**
 * The design tokens every element draws with: `--dictation-<token>` on the page (or on one element) overrides the
 * default of both themes. Light is the default; dark when the reader's system prefers it, unless the element has
 * `theme="light"`; `theme="dark"` forces dark. Every pair below keeps WCAG AA contrast (4.5:1 for text, 3:1 for
 * the focus ring and the indicator) on its own surface, whatever the page around it looks like: the elements paint
 * their own surfaces rather than inheriting the page's colours.
 */
export const COLOR_TOKENS = {
  'color-text': { light: '#111827', dark: '#e5e7eb', describes: 'Text on the surfaces.' },
  'color-text-muted': { light: '#374151', dark: '#cbd5e1', describes: 'Secondary text: the words being recognised.' },
  'color-surface': { light: '#f8fafc', dark: '#1f2937', describes: 'The bar and the account line.' },
  'color-surface-raised': { light: '#ffffff', dark: '#111827', describes: 'The login box, the dialog, inputs and secondary buttons.' },
  'color-border': { light: '#6b7280', dark: '#9ca3af', describes: 'Borders of surfaces and inputs.' },
  'color-accent': { light: '#1d4ed8', dark: '#93c5fd', describes: 'Primary buttons, links and secondary button text.' },
  'color-on-accent': { light: '#ffffff', dark: '#0b1220', describes: 'Text on the accent colour.' },
  'color-danger': { light: '#b91c1c', dark: '#fca5a5', describes: 'The record button, alerts and errors.' },
  'color-on-danger': { light: '#ffffff', dark: '#1f0a0a', describes: 'Text on the danger colour (a recording Stop button).' },
  'color-notice-surface': { light: '#fffbeb', dark: '#332508', describes: 'Background of the login notice.' },
  'color-notice-border': { light: '#b45309', dark: '#f59e0b', describes: 'Edge of the login notice.' },
  'color-success': { light: '#15803d', dark: '#4ade80', describes: 'Indicator: ready.' },
  'color-pending': { light: '#b45309', dark: '#fbbf24', describes: 'Indicator: connecting.' },
  'color-idle': { light: '#6b7280', dark: '#9ca3af', describes: 'Indicator: not connected.' },
  'color-disabled': { light: '#4b5563', dark: '#9ca3af', describes: 'Text and border of disabled buttons.' },
  'color-backdrop': { light: 'rgb(17 24 39 / 55%)', dark: 'rgb(0 0 0 / 70%)', describes: 'Behind the expiry dialog.' },
  'focus-ring-color': { light: '#1e3a8a', dark: '#fbbf24', describes: 'Keyboard focus outline (3:1 or more on every surface).' },
} as const;

export const SHAPE_TOKENS = {
  radius: { value: '0.5rem', describes: 'Corner radius of surfaces (buttons use half of it, or a pill).' },
  spacing: { value: '0.75rem', describes: 'Base gap and padding.' },
  font: { value: 'inherit', describes: "Font of every element (the page's by default)." },
  'focus-ring-width': { value: '3px', describes: 'Keyboard focus outline width.' },
} as const;

/** `auto`: dark when the reader's system prefers it. `light` or `dark`: that theme, whatever the system says. */
export type Theme = 'auto' | 'light' | 'dark';
