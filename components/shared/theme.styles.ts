import { css, unsafeCSS } from 'lit';
import { COLOR_TOKENS, SHAPE_TOKENS } from './theme-tokens.js';

type Scheme = 'light' | 'dark';
const colors = (scheme: Scheme) =>
  Object.entries(COLOR_TOKENS)
    .map(([name, token]) => `--_${name}: var(--dictation-${name}, ${token[scheme]});`)
    .join('\n');
const shapes = Object.entries(SHAPE_TOKENS)
  .map(([name, token]) => `--_${name}: var(--dictation-${name}, ${token});`)
  .join('\n');

/** The tokens as private `--_*` properties on the host, in the theme the element is in. */
export const theme = css`
  :host {
    ${unsafeCSS(shapes)}
    ${unsafeCSS(colors('light'))}
    --_color-scheme: light;
  }
  @media (prefers-color-scheme: dark) {
    :host(:not([theme='light'])) {
      ${unsafeCSS(colors('dark'))}
      --_color-scheme: dark;
    }
  }
  :host([theme='dark']) {
    ${unsafeCSS(colors('dark'))}
    --_color-scheme: dark;
  }
  /* On the elements' own surfaces only (set on the host it would restyle the page's slotted fields too). */
  .themed {
    color-scheme: var(--_color-scheme);
  }
  :focus-visible {
    outline: var(--_focus-ring-width) solid var(--_focus-ring-color);
    outline-offset: 2px;
  }
`;
