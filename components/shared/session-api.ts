import type {
  ErrorBody,
  ExtendSessionResponse,
  LoginResponse,
  SessionStatusResponse,
} from '../../protocol/index.js';

export type ApiResult<T> =
  | { ok: true; body: T; receivedAt: number; sentAt: number }
  | { ok: false; status: number; code: string; message: string };

/** Status 0 means the request never got an answer (server down, offline, CORS). */
export const NETWORK_ERROR = 'NETWORK_ERROR';

/** Thin client for `/api/auth/*`. Never throws: every outcome is a value the caller renders. */
export class SessionApi {
  constructor(private readonly base: string) {}

  login(username: string, password: string) {
    return this.#request<LoginResponse>('POST', '/auth/login', { username, password });
  }
  logout() {
    return this.#request<null>('POST', '/auth/logout');
  }
  status() {
    return this.#request<SessionStatusResponse>('GET', '/auth/session-status');
  }
  extend() {
    return this.#request<ExtendSessionResponse>('POST', '/auth/extend-session');
  }

  async #request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const sentAt = Date.now();
    let response: Response;
    try {
      response = await fetch(this.base.replace(/\/$/, '') + path, {
        method,
        credentials: 'include',
        cache: 'no-store',
        ...(body === undefined ? {} : { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) }),
      });
    } catch {
      const message = navigator.onLine
        ? 'Cannot reach the server. Check your connection and try again.'
        : 'You are offline. Reconnect to the network and try again.';
      return { ok: false, status: 0, code: NETWORK_ERROR, message };
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
    return {
      ok: false,
      status: response.status,
      code: error?.code ?? `HTTP_${response.status}`,
      message: error?.message ?? `The server answered ${response.status} ${response.statusText}.`.trim(),
    };
  }
}

/** Server minus client clock, measured at the middle of the round trip. */
export function clockOffset(serverTime: string, sentAt: number, receivedAt: number): number {
  return Date.parse(serverTime) - (sentAt + receivedAt) / 2;
}
