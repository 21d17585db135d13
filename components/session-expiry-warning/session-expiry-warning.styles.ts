import { css } from 'lit';
import { visuallyHidden } from '../shared/visually-hidden.styles.js';

export const styles = [
  visuallyHidden,
  css`
  :host {
    display: contents;
  }
  dialog {
    max-width: min(28rem, calc(100vw - 2rem));
    padding: 1.25rem 1.5rem;
    border: 1px solid #8a8f98;
    border-radius: 0.5rem;
    background: var(--session-expiry-warning-background, #fff);
    color: var(--session-expiry-warning-color, #111827);
    font: inherit;
  }
  dialog::backdrop {
    background: rgb(17 24 39 / 55%);
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
    color: #b91c1c;
  }
  .actions {
    display: flex;
    gap: 0.75rem;
    justify-content: flex-end;
    margin-top: 1rem;
  }
  button {
    font: inherit;
    padding: 0.45rem 1rem;
    border-radius: 0.25rem;
    border: 1px solid #1d4ed8;
    cursor: pointer;
  }
  .primary {
    background: var(--session-expiry-warning-accent, #1d4ed8);
    color: #fff;
  }
  .secondary {
    background: #fff;
    color: #1d4ed8;
  }
  button:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 2px;
  }
  button:disabled {
    opacity: 0.6;
    cursor: progress;
  }
`,
];
