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
  return readCookies(header, name)[0];
}

/**
 * Every value of the cookie `name` in a `Cookie` header, in the header's order, URL-decoded (broken encodings left
 * out). A sibling site of the domain can set a cookie of the same name with a longer path, which browsers send first:
 * the reader takes the first one that is really ours (its signature), not the first one.
 */
export function readCookies(header: string | undefined, name: string): string[] {
  const values: string[] = [];
  if (!header) return values;
  let start = 0;
  while (start < header.length) {
    let end = header.indexOf(';', start);
    if (end === -1) end = header.length;
    const eq = header.indexOf('=', start);
    if (eq !== -1 && eq < end && header.slice(start, eq).trim() === name) {
      let value = header.slice(eq + 1, end).trim();
      if (value.length > 1 && value.startsWith('"') && value.endsWith('"')) value = value.slice(1, -1);
      try {
        values.push(value.includes('%') ? decodeURIComponent(value) : value);
      } catch {
        /* broken URL encoding: not a value */
      }
    }
    start = end + 1;
  }
  return values;
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
