import {
  ErrorCode,
  type ErrorBody,
  type ExtendSessionResponse,
  type JournalKeyResponse,
  type SessionResponse,
} from '../../protocol/index.js';
import type { Phrase, TermKey } from './localize.js';

export type ApiResult<T> =
  | { ok: true; body: T; receivedAt: number; sentAt: number }
  /** `phrase` says it in the user's language: the server's code mapped to a term, its English text only as a last resort. */
  | { ok: false; status: number; code: string; phrase: Phrase; retryAfter?: number };

/** Status 0 means the request never got an answer (server down, offline). */
export const NETWORK_ERROR = 'NETWORK_ERROR';
/** Status 0 too: the server answers, but not to this page's origin (it is missing from ALLOWED_ORIGINS). */
export const ORIGIN_NOT_ALLOWED = 'ORIGIN_NOT_ALLOWED';

/** Said in the console once per page, with what to change: the status bar says it in a user's words. */
const toldConsole = new Set<string>();
export function tellIntegratorOnce(key: string, message: string): void {
  if (toldConsole.has(key)) return;
  toldConsole.add(key);
  console.error(`dictation-bar: ${message}`);
}

/** Thin client for `/api/auth/*`. Never throws: every outcome is a value the caller renders. */
export class SessionApi {
  readonly #base: string;

  constructor(base: string) {
    this.#base = base;
  }

  /** The origin the API lives on. */
  get origin(): string {
    return new URL(this.#base, location.href).origin;
  }

  login(username: string, password: string) {
    return this.#request<SessionResponse>('POST', '/auth/login', { username, password });
  }
  logout() {
    return this.#request<null>('POST', '/auth/logout');
  }
  status() {
    return this.#request<SessionResponse>('GET', '/auth/session-status');
  }
  extend() {
    return this.#request<ExtendSessionResponse>('POST', '/auth/extend-session');
  }
  journalKey() {
    return this.#request<JournalKeyResponse>('GET', '/auth/journal-key');
  }

  /**
   * Whether a request that failed as a network error was refused by CORS: the service's health route answers a
   * `no-cors` request (which CORS does not check) and refuses the same request in `cors` mode. Both, so a link that
   * merely dropped one request is not blamed on the configuration. Only for an API on another origin: a same-origin
   * request never meets CORS.
   */
  async #refusesThisOrigin(): Promise<boolean> {
    if (this.origin === location.origin) return false;
    const health = `${this.#base.replace(/\/$/, '')}/health`;
    const answers = (mode: RequestMode) =>
      fetch(health, { mode, credentials: 'omit', cache: 'no-store' }).then(
        () => true,
        () => false,
      );
    const [opaque, readable] = await Promise.all([answers('no-cors'), answers('cors')]);
    return opaque && !readable;
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const sentAt = Date.now();
    let response: Response;
    try {
      response = await fetch(this.#base.replace(/\/$/, '') + path, {
        method,
        credentials: 'include',
        cache: 'no-store',
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    } catch {
      if (navigator.onLine && (await this.#refusesThisOrigin())) {
        tellIntegratorOnce(
          ORIGIN_NOT_ALLOWED,
          `${this.origin} answers, but not to pages of ${location.origin} (no CORS headers for it). Add ${location.origin} to the server's ALLOWED_ORIGINS.`,
        );
        return { ok: false, status: 0, code: ORIGIN_NOT_ALLOWED, phrase: ['originNotAllowed', location.origin] };
      }
      return { ok: false, status: 0, code: NETWORK_ERROR, phrase: navigator.onLine ? ['unreachable'] : ['offlineRetry'] };
    }
    const receivedAt = Date.now();
    const text = await response.text().catch(() => '');
    let json: unknown = null;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      /* a proxy's HTML error page: handled below */
    }
    if (response.ok) return { ok: true, body: json as T, sentAt, receivedAt };
    const error = (json as Partial<ErrorBody> | null)?.error;
    const retryAfter = Number(response.headers.get('retry-after')) || undefined;
    return {
      ok: false,
      status: response.status,
      code: error?.code ?? `HTTP_${response.status}`,
      phrase: error ? phraseForError(error.code, error.message, retryAfter ?? 60) : ['serverAnswered', response.status],
      retryAfter,
    };
  }
}

/** When the server said to ask again (`Retry-After`), else 2 s: a moment for its session store to come back. */
export const retryAfterMs = (result: { retryAfter?: number }) => (result.retryAfter ?? 2) * 1000;

/** Server minus client clock, measured at the middle of the round trip. */
export function clockOffset(serverTime: string, sentAt: number, receivedAt: number): number {
  return Date.parse(serverTime) - (sentAt + receivedAt) / 2;
}

/** The server's error codes the user can meet, in the user's words; an unknown code keeps the server's English. */
const TERM_FOR_ERROR: Partial<Record<string, TermKey>> = {
  [ErrorCode.InvalidCredentials]: 'errInvalidCredentials',
  [ErrorCode.RateLimited]: 'errRateLimited',
  [ErrorCode.ValidationError]: 'errValidation',
  [ErrorCode.ForbiddenOrigin]: 'errForbiddenOrigin',
  [ErrorCode.NotAuthenticated]: 'errNotAuthenticated',
  [ErrorCode.InternalError]: 'errInternal',
  [ErrorCode.SessionStoreUnavailable]: 'errStoreUnavailable',
  [ErrorCode.SessionExpired]: 'endExpired',
  [ErrorCode.SessionReplaced]: 'endReplaced',
  [ErrorCode.SessionTerminated]: 'endTerminated',
  [ErrorCode.KeepAliveTimeout]: 'endKeepAliveTimeout',
  [ErrorCode.PageLeft]: 'endPageLeft',
  [ErrorCode.ConnectionLost]: 'endConnectionLost',
};

export function phraseForError(code: string, serverMessage: string, retryAfterSeconds: number): Phrase {
  if (code === ErrorCode.LoginThrottled) return ['errLoginThrottled', retryAfterSeconds];
  const term = TERM_FOR_ERROR[code];
  return term ? ([term] as unknown as Phrase) : ['serverSaid', serverMessage];
}
