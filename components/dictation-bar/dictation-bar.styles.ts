import { css } from 'lit';
import { visuallyHidden } from '../shared/visually-hidden.styles.js';

export const styles = [
  visuallyHidden,
  css`
  :host {
    display: block;
    font: inherit;
  }
  .bar {
    display: flex;
    align-items: center;
    gap: 0.75rem;
    padding: 0.5rem 0.75rem;
    border: 1px solid var(--dictation-bar-border-color, #8a8f98);
    border-radius: 0.5rem;
    background: var(--dictation-bar-background, #f8fafc);
  }
  .record {
    font: inherit;
    display: inline-flex;
    align-items: center;
    gap: 0.4rem;
    padding: 0.4rem 0.9rem;
    border-radius: 999px;
    border: 1px solid var(--dictation-bar-accent, #b91c1c);
    background: #fff;
    color: var(--dictation-bar-accent, #b91c1c);
    cursor: pointer;
  }
  .record:disabled {
    border-color: #9ca3af;
    color: #4b5563;
    cursor: not-allowed;
  }
  .record:focus-visible,
  .retry:focus-visible {
    outline: 3px solid #f59e0b;
    outline-offset: 2px;
  }
  .dot {
    width: 0.65rem;
    height: 0.65rem;
    border-radius: 50%;
    background: currentColor;
  }
  .indicator {
    flex: none;
    width: 0.75rem;
    height: 0.75rem;
    border-radius: 50%;
    background: #9ca3af;
  }
  :host([state='connecting']) .indicator {
    background: #d97706;
  }
  :host([state='ready']) .indicator {
    background: #15803d;
  }
  :host([state='lost']) .indicator,
  :host([state='failed']) .indicator {
    background: #b91c1c;
  }
  .messages {
    flex: 1;
    min-width: 0;
  }
  .alert:empty,
  .status:empty {
    display: none;
  }
  .alert {
    color: #991b1b;
    font-weight: 600;
  }
  :host([recording='on']) .record {
    background: var(--dictation-bar-accent, #b91c1c);
    color: #fff;
  }
  .level {
    flex: none;
    width: 4rem;
  }
  .partial {
    color: #374151;
    font-style: italic;
  }
  .partial:empty {
    display: none;
  }
  select {
    font: inherit;
    max-width: 12rem;
  }
  .retry {
    font: inherit;
    padding: 0.3rem 0.8rem;
    border-radius: 0.25rem;
    border: 1px solid #1d4ed8;
    background: #fff;
    color: #1d4ed8;
    cursor: pointer;
  }
`,
];
