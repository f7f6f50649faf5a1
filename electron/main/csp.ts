/**
 * The desk's Content-Security-Policy: no inline script or style, no eval, nothing from elsewhere.
 * Electron sends it as a header and the page repeats it in a meta tag; the browser host sends it too.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ')
