import { css, unsafeCSS } from 'lit';
import { COLOR_TOKENS, SHAPE_TOKENS } from './theme-tokens.js';

type Scheme = 'light' | 'dark';
const colors = (scheme: Scheme) =>
  Object.entries(COLOR_TOKENS)
    .map(([name, token]) => `--_${name}: var(--dictation-${name}, ${token[scheme]});`)
    .join('\n');
const shapes = Object.entries(SHAPE_TOKENS)
  .map(([name, token]) => `--_${name}: var(--dictation-${name}, ${token.value});`)
  .join('\n');

/** The tokens as private `--_*` properties on the host, in the theme the element is in. */
export const theme = css`
  :host {
    ${unsafeCSS(shapes)}
    ${unsafeCSS(colors('light'))}
    color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${unsafeCSS(colors('dark'))}
      color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    ${unsafeCSS(colors('dark'))}
    color-scheme: dark;
  }
  :focus-visible {
    outline: var(--_focus-ring-width) solid var(--_focus-ring-color);
    outline-offset: 2px;
  }
`;
