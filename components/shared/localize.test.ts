import { expect, fixture, html, waitUntil } from '@open-wc/testing';
import { en } from '../translations/en.js';
import { es } from '../translations/es.js';
import { registerTranslation, translationFor, type PartialTranslation } from './localize.js';
import { API, logoutDirectly, post, readyPage, signedOutPage, waitForState } from '../test/helpers.js';

const shadowText = (el: Element, selector: string) => el.shadowRoot!.querySelector(selector)!.textContent!.replace(/\s+/g, ' ').trim();

describe('languages', () => {
  afterEach(() => {
    document.documentElement.removeAttribute('lang');
  });

  for (const language of [es]) {
    it(`${language.$name} has every term of English, of the same kind, and no other`, () => {
      const terms = (t: PartialTranslation) =>
        Object.entries(t)
          .map(([key, value]) => `${key}: ${typeof value === 'function' ? `function/${(value as () => string).length}` : typeof value}`)
          .sort();
      expect(terms(language)).to.deep.equal(terms(en));
      for (const [key, value] of Object.entries(language)) {
        if (typeof value === 'string') expect(value, key).not.to.equal('');
      }
    });
  }

  it('counts and times follow each language’s plural rules and words', () => {
    expect(en.recovered(1)).to.contain('1 word dictated');
    expect(en.recovered(3)).to.contain('3 words dictated');
    expect(es.recovered(1)).to.match(/^Se recuperó 1 palabra dictada/);
    expect(es.recovered(3)).to.match(/^Se recuperaron 3 palabras dictadas/);
    expect(en.linkKeepAliveTimeout(5)).to.contain('within 5 seconds');
    expect(en.timeLeft(65)).to.match(/^1 minute,? (and )?5 seconds left\.$/);
    expect(es.timeLeft(120)).to.equal('Tiempo restante: 2 minutos.');
    expect(es.linkKeepAliveTimeout(1)).to.contain('en 1 segundo.');
  });

  it('a language tag finds its translation, its base language, or English', () => {
    expect(translationFor('es-MX').$code).to.equal('es');
    expect(translationFor('ES').$code).to.equal('es');
    expect(translationFor('de-AT').$code).to.equal('en');
  });

  it('the elements speak the nearest lang, mark their text with it, and follow a change at once', async () => {
    const { manager, bar } = await signedOutPage();
    const wrapper = document.createElement('div');
    wrapper.lang = 'es-ES';
    manager.parentElement!.insertBefore(wrapper, manager);
    wrapper.append(manager);
    await waitForState(manager, 'signed-out');
    await manager.updateComplete;
    expect(shadowText(manager, 'h2')).to.equal('Inicie sesión para dictar');
    expect(manager.shadowRoot!.querySelector('[part=login]')!.getAttribute('lang')).to.equal('es');
    expect(shadowText(bar, '[part=record-button]')).to.equal('Dictar');
    expect(bar.shadowRoot!.querySelector('[part=bar]')!.getAttribute('lang')).to.equal('es');

    // A language the page has not registered: English, marked as English so a German voice does not read it.
    wrapper.lang = 'de';
    await waitUntil(() => shadowText(bar, '[part=record-button]') === 'Dictate', 'back to English');
    expect(bar.shadowRoot!.querySelector('[part=bar]')!.getAttribute('lang')).to.equal('en');

    // The element's own lang wins over its ancestors'.
    bar.lang = 'es';
    await waitUntil(() => shadowText(bar, '[part=record-button]') === 'Dictar', 'its own lang');
    expect(shadowText(manager, 'h2')).to.equal('Log in to dictate');
    await expect(bar).to.be.accessible();
  });

  it('inside an app’s own component, a lang changed in its shadow root is followed too', async () => {
    await logoutDirectly();
    const app = await fixture<HTMLDivElement>(html`<div></div>`);
    const section = document.createElement('section');
    section.lang = 'en';
    app.attachShadow({ mode: 'open' }).append(section);
    section.innerHTML = `<session-manager api-base="${API}"><textarea aria-label="Note"></textarea><dictation-bar></dictation-bar></session-manager>`;
    const manager = section.querySelector('session-manager')!;
    const bar = section.querySelector('dictation-bar')!;
    await waitForState(manager, 'signed-out');
    await waitUntil(() => shadowText(bar, '[part=record-button]') === 'Dictate' && !bar.isUpdatePending && !manager.isUpdatePending, 'settled, in English');

    // Nothing else re-renders them now: only the observer can carry this change.
    section.lang = 'es';
    await waitUntil(() => shadowText(bar, '[part=record-button]') === 'Dictar', 'the shadow root’s lang change');
    await waitUntil(() => shadowText(manager, 'h2') === 'Inicie sesión para dictar', 'the login form too');
  });

  it('a right-to-left page mirrors the elements (logical sides only)', async () => {
    const { manager } = await signedOutPage();
    const notice = manager.shadowRoot!.querySelector('.notice')!;
    expect(getComputedStyle(notice).borderLeftWidth).to.equal('4px');
    manager.dir = 'rtl';
    expect(getComputedStyle(notice).borderRightWidth).to.equal('4px');
    expect(getComputedStyle(notice).borderLeftWidth).to.equal('0px');
  });

  it('a page adds a language without rebuilding; terms it leaves out are said in English', async () => {
    registerTranslation({ $code: 'de', $name: 'Deutsch', dictate: 'Diktieren', loginTitle: 'Zum Diktieren anmelden' });
    document.documentElement.lang = 'de';
    const { manager, bar } = await signedOutPage();
    await manager.updateComplete;
    expect(shadowText(manager, 'h2')).to.equal('Zum Diktieren anmelden');
    expect(shadowText(bar, '[part=record-button]')).to.equal('Diktieren');
    expect(shadowText(manager, 'button[type=submit]')).to.equal('Log in');
  });

  it('server errors are said in the page’s language by their code', async () => {
    document.documentElement.lang = 'es';
    const { manager } = await signedOutPage();
    const form = manager.shadowRoot!.querySelector('form')!;
    form.querySelector<HTMLInputElement>('[name=username]')!.value = 'demo';
    form.querySelector<HTMLInputElement>('[name=password]')!.value = 'wrong';
    form.querySelector('button')!.click();
    await waitUntil(() => shadowText(manager, '#login-error') !== '', 'a login error');
    expect(shadowText(manager, '#login-error')).to.equal('Usuario o contraseña incorrectos.');
    await expect(manager).to.be.accessible();
    // Switched after the fact, the same error is said again in the new language.
    document.documentElement.lang = 'en';
    await waitUntil(() => shadowText(manager, '#login-error') === 'Wrong username or password.', 'the error in English');
  });

  it('a session that ended elsewhere is explained in Spanish, in the bar and on the login form', async () => {
    document.documentElement.lang = 'es';
    const { manager, bar } = await readyPage();
    expect(bar.statusText).to.match(/^Listo para dictar\. Pulse Dictar o Alt\+Shift\+D para empezar\.$/);
    await logoutDirectly();
    await manager.checkSession();
    await waitForState(manager, 'ended');
    await waitUntil(() => bar.state === 'lost' || bar.state === 'idle', 'the bar stops');
    await manager.updateComplete;
    expect(bar.statusText).to.contain('Se cerró su sesión');
  });

  it('the expiry dialog counts down and announces in the page’s language, and is accessible', async () => {
    document.documentElement.lang = 'es';
    const { manager } = await readyPage({ warningThreshold: 20 });
    await post('/dev/expire-session', { seconds: 21 });
    await manager.checkSession();
    await waitForState(manager, 'expiring', 5000);
    const warning = manager.shadowRoot!.querySelector('session-expiry-warning')!;
    const dialog = warning.shadowRoot!.querySelector('dialog')!;
    await waitUntil(() => dialog.open, 'the dialog opens');
    expect(dialog.getAttribute('lang')).to.equal('es');
    expect(shadowText(warning, 'h2')).to.equal('Su sesión está a punto de caducar');
    expect(warning.shadowRoot!.activeElement!.textContent!.trim()).to.equal('Mantener la sesión');
    // Read out at 20 s left (the ticking number itself is silent).
    await waitUntil(() => shadowText(warning, '[aria-live=polite]') === 'Tiempo restante: 20 segundos.', 'the announcement', { timeout: 3000 });
    await expect(warning).to.be.accessible();
  });
});
