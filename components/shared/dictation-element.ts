import { LitElement } from 'lit';
import { property } from 'lit/decorators.js';
import { LocalizeController } from './localize.js';
import type { Theme } from './theme-tokens.js';

/**
 * What the three elements share, as Shoelace's base element does: the `theme` attribute their styles key on, and
 * their words in the language of the nearest `lang` (`this.t`; templates mark their text with `lang=${this.t.lang}`).
 */
export class DictationElement extends LitElement {
  /** `auto` follows the reader's system (dark or light); `light` or `dark` forces that theme. */
  @property({ reflect: true }) theme: Theme = 'auto';

  /** The element's words, in the language of the nearest `lang`. */
  protected readonly t = new LocalizeController(this);
}
