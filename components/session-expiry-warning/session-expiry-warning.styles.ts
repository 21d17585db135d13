import { css } from 'lit';
import { theme } from '../shared/theme.styles.js';
import { visuallyHidden } from '../shared/visually-hidden.styles.js';

export const styles = [
  theme,
  visuallyHidden,
  css`
    :host {
      display: contents;
    }
    dialog {
      max-width: min(28rem, calc(100vw - 2rem));
      padding: calc(var(--_spacing) * 1.66) calc(var(--_spacing) * 2);
      border: 1px solid var(--_color-border);
      border-radius: var(--_radius);
      background: var(--session-expiry-warning-background, var(--_color-surface-raised));
      color: var(--session-expiry-warning-color, var(--_color-text));
      font: var(--_font);
    }
    dialog::backdrop {
      background: var(--_color-backdrop);
    }
    h2 {
      margin: 0 0 0.5rem;
      font-size: 1.2rem;
    }
    .time {
      font-variant-numeric: tabular-nums;
      font-weight: 700;
    }
    .error {
      color: var(--_color-danger);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      gap: var(--_spacing);
      justify-content: flex-end;
      margin-top: calc(var(--_spacing) * 1.33);
    }
    button {
      font: inherit;
      padding: 0.45rem 1rem;
      border-radius: calc(var(--_radius) / 2);
      border: 1px solid var(--session-expiry-warning-accent, var(--_color-accent));
      cursor: pointer;
    }
    .primary {
      background: var(--session-expiry-warning-accent, var(--_color-accent));
      color: var(--_color-on-accent);
    }
    .secondary {
      background: var(--_color-surface-raised);
      color: var(--session-expiry-warning-accent, var(--_color-accent));
    }
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
  `,
];
