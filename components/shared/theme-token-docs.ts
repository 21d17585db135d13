import type { TokenName } from './theme-tokens.js';

/** What each token paints, for custom-elements.json and the README (kept out of the bundle). */
export const TOKEN_DOCS: Record<TokenName, string> = {
  'color-text': 'Text on the surfaces.',
  'color-text-muted': 'Secondary text: the words being recognised.',
  'color-surface': 'The bar and the account line.',
  'color-surface-raised': 'The login box, the dialog, inputs and secondary buttons.',
  'color-border': 'Borders of surfaces and inputs.',
  'color-accent': 'Primary buttons, links and secondary button text.',
  'color-on-accent': 'Text on the accent colour.',
  'color-danger': 'The record button, alerts and errors.',
  'color-on-danger': 'Text on the danger colour (a recording Stop button).',
  'color-notice-surface': 'Background of the login notice.',
  'color-notice-border': 'Edge of the login notice.',
  'color-success': 'Indicator: ready.',
  'color-pending': 'Indicator: connecting.',
  'color-idle': 'Indicator: not connected.',
  'color-disabled': 'Text and border of disabled buttons.',
  'color-backdrop': 'Behind the expiry dialog.',
  'focus-ring-color': 'Keyboard focus outline (3:1 or more on every surface).',
  'radius': 'Corner radius of surfaces (buttons use half of it, or a pill).',
  'spacing': 'Base gap and padding.',
  'font': "Font of every element (the page's by default).",
  'focus-ring-width': 'Keyboard focus outline width.',
};
