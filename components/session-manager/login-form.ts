import { html } from 'lit';
import type { LocalizeController, Phrase } from '../shared/localize.js';
import type { EmergencySaveResult } from '../shared/session-context.js';

export interface LoginFormState {
  /** Why the user is asked to log in (how the last session ended), in the element's language. */
  message: string | null;
  /** What the emergency save did before the session ended. */
  lastSave: EmergencySaveResult | null;
  error: Phrase | null;
  /** The name or password was refused: both fields are marked invalid. */
  invalid: boolean;
  busy: boolean;
  submit(event: SubmitEvent): void;
}

/** The built-in login panel (a page replaces the form with `slot="login"`). */
export function loginForm(t: LocalizeController, state: LoginFormState) {
  const save = state.lastSave;
  const saveNote =
    save && (save.saved > 0 || save.errors.length > 0)
      ? t.term('savedBeforeEnd', save.saved) + (save.errors.length ? ` ${t.term('notSaved', save.errors.join('; '))}` : '')
      : '';
  const invalid = state.invalid ? 'true' : 'false';
  return html`
    <section class="login themed" part="login" aria-labelledby="login-title" lang=${t.lang}>
      <slot name="login">
        <form part="login-form" @submit=${state.submit}>
          <h2 id="login-title">${t.term('loginTitle')}</h2>
          <p class="notice" role="status" ?hidden=${!state.message && !saveNote}>${state.message} ${saveNote}</p>
          <label
            >${t.term('username')}
            <input name="username" autocomplete="username" required aria-invalid=${invalid} aria-describedby="login-error"
          /></label>
          <label
            >${t.term('password')}
            <input
              name="password"
              type="password"
              autocomplete="current-password"
              required
              aria-invalid=${invalid}
              aria-describedby="login-error"
          /></label>
          <p class="error" id="login-error" role="alert">${t.phrase(state.error)}</p>
          <button type="submit" ?disabled=${state.busy}>${t.term(state.busy ? 'loggingIn' : 'logIn')}</button>
        </form>
      </slot>
    </section>
  `;
}
