import { css } from 'lit';
import { theme } from '../shared/theme.styles.js';

export const styles = [
  theme,
  css`
    :host {
      display: block;
      font: var(--_font);
    }
    [hidden] {
      display: none !important;
    }
    .login,
    .account {
      border: 1px solid var(--session-manager-border-color, var(--_color-border));
      border-radius: var(--_radius);
      color: var(--session-manager-color, var(--_color-text));
    }
    .login {
      max-width: 22rem;
      margin: 0 0 1rem;
      padding: calc(var(--_spacing) * 1.33);
      background: var(--session-manager-background, var(--_color-surface-raised));
    }
    h2 {
      margin: 0 0 var(--_spacing);
      font-size: 1.1rem;
    }
    label {
      display: grid;
      gap: 0.25rem;
      margin-bottom: var(--_spacing);
    }
    input {
      font: inherit;
      padding: 0.4rem 0.5rem;
      border: 1px solid var(--_color-border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_color-surface-raised);
      color: var(--_color-text);
    }
    input[aria-invalid='true'] {
      border-color: var(--_color-danger);
    }
    button {
      font: inherit;
      padding: 0.4rem 1rem;
      border-radius: calc(var(--_radius) / 2);
      border: 1px solid var(--session-manager-accent, var(--_color-accent));
      background: var(--session-manager-accent, var(--_color-accent));
      color: var(--_color-on-accent);
      cursor: pointer;
    }
    button:disabled {
      opacity: 0.6;
      cursor: progress;
    }
    .notice {
      margin: 0 0 var(--_spacing);
      padding: 0.5rem;
      border-inline-start: 4px solid var(--_color-notice-border);
      background: var(--_color-notice-surface);
    }
    .error {
      margin: 0 0 var(--_spacing);
      color: var(--_color-danger);
    }
    .error:empty {
      display: none;
    }
    .account {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_spacing);
      margin-bottom: 0.5rem;
      padding: 0.25rem var(--_spacing);
      background: var(--_color-surface);
      font-size: 0.9rem;
    }
    .account button {
      padding: 0.2rem 0.6rem;
      background: var(--_color-surface-raised);
      color: var(--session-manager-accent, var(--_color-accent));
    }
  `,
];
