/**
 * The Content Security Policy for every page we serve (Electron security checklist #7).
 *
 * Nothing inline and nothing remote: scripts and styles come only from our own bundle. Sent as
 * a header by the app:// handler and by the loopback host, and mirrored in index.html.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
  "object-src 'none'",
].join('; ')
