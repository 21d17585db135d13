import { css } from 'lit';
import { theme } from '../shared/theme.styles.js';
import { visuallyHidden } from '../shared/visually-hidden.styles.js';

export const styles = [
  theme,
  visuallyHidden,
  css`
    :host {
      display: block;
      font: var(--_font);
    }
    .bar {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: var(--_spacing);
      padding: calc(var(--_spacing) * 0.66) var(--_spacing);
      border: 1px solid var(--dictation-bar-border-color, var(--_color-border));
      border-radius: var(--_radius);
      background: var(--dictation-bar-background, var(--_color-surface));
      color: var(--_color-text);
    }
    button,
    select {
      font: inherit;
    }
    .record {
      display: inline-flex;
      align-items: center;
      gap: 0.4rem;
      padding: 0.4rem 0.9rem;
      border-radius: 999px;
      border: 1px solid var(--dictation-bar-accent, var(--_color-danger));
      background: var(--_color-surface-raised);
      color: var(--dictation-bar-accent, var(--_color-danger));
      cursor: pointer;
    }
    .record:disabled {
      border-color: var(--_color-disabled);
      color: var(--_color-disabled);
      cursor: not-allowed;
    }
    :host([recording='on']) .record {
      background: var(--dictation-bar-accent, var(--_color-danger));
      color: var(--_color-on-danger);
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
      background: var(--_color-idle);
    }
    :host([state='connecting']) .indicator {
      background: var(--_color-pending);
    }
    :host([state='ready']) .indicator {
      background: var(--_color-success);
    }
    :host([state='lost']) .indicator,
    :host([state='failed']) .indicator {
      background: var(--_color-danger);
    }
    .messages {
      /* At 320 px the chooser wraps below the text instead of covering it (WCAG 1.4.10). */
      flex: 1 1 10rem;
      min-width: 0;
      overflow-wrap: anywhere;
    }
    .alert:empty,
    .status:empty {
      display: none;
    }
    .alert {
      color: var(--_color-danger);
      font-weight: 600;
    }
    .level {
      flex: none;
      width: 4rem;
    }
    .partial {
      /* A line of its own under the controls: beside them it grew the row with each partial result, and the centred
         controls (Stop among them) moved while the clinician aimed at them. */
      flex: 1 0 100%;
      color: var(--_color-text-muted);
      font-style: italic;
    }
    .partial:empty {
      display: none;
    }
    /* Kept while recording, empty or not, so the page under the bar does not jump as each utterance starts and ends. */
    :host([recording='on']) .partial {
      display: block;
      min-height: 1lh;
    }
    select {
      max-width: 100%;
      padding: 0.2rem 0.3rem;
      border: 1px solid var(--_color-border);
      border-radius: calc(var(--_radius) / 2);
      background: var(--_color-surface-raised);
      color: var(--_color-text);
    }
    .microphone {
      max-width: 12rem;
      min-width: 0;
    }
    .retry,
    .lists,
    .device {
      padding: 0.3rem 0.8rem;
      border-radius: calc(var(--_radius) / 2);
      border: 1px solid var(--_color-accent);
      background: var(--_color-surface-raised);
      color: var(--_color-accent);
      cursor: pointer;
    }
  `,
];
