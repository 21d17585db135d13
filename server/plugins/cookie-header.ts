// The plugin's two cookies are read and written here, without @fastify/cookie's hooks: those parse every cookie of
// every request and run an onSend hook on every answer (a tenth of a status check's time), and they hung a Map of
// cookies to set on each socket's upgrade reply for the socket's whole life. A host's own @fastify/cookie is left
// alone and keeps working beside these.

export interface CookieAttributes {
  path: string;
  secure: boolean;
  /** Seconds; none: a session cookie. 0: delete it. */
  maxAge?: number;
}

/** The value of the cookie `name` in a `Cookie` header: the first one (the most specific path), URL-decoded. */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      let value = header.slice(eq + 1, end).trim();
      if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      if (!value.includes('%')) return value;
      try {
        return decodeURIComponent(value);
      } catch {
        return undefined;
      }
    }
    start = end + 1;
  }
  return undefined;
}

/** A `Set-Cookie` value: always HttpOnly and SameSite=Strict. */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  let cookie = `${name}=${encodeURIComponent(value)}; Path=${attributes.path}; HttpOnly; SameSite=Strict`;
  if (attributes.secure) cookie += '; Secure';
  if (attributes.maxAge !== undefined) {
    cookie += `; Max-Age=${attributes.maxAge}`;
    if (attributes.maxAge === 0) cookie += '; Expires=Thu, 01 Jan 1970 00:00:00 GMT';
  }
  return cookie;
}
