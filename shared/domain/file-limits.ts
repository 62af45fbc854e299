// The size limit of one certificate file, shared by the engine, the contract and the command line so
// all three refuse the same file with the same words. Free of zod: `xgw --help` stays light.

/**
 * The largest certificate file read: 16 MiB. A PFX with a long chain is under 50 KB; the limit is
 * set by PEM bundles: 8,200 ordinary RSA certificates take 10.6 MB, so some 12,000 fit.
 */
export const MAX_CERTIFICATE_FILE_BYTES = 16 * 1024 * 1024

/** The same limit for a file sent as base64 text (4 characters per 3 bytes). */
export const MAX_CERTIFICATE_FILE_BASE64 = Math.ceil(MAX_CERTIFICATE_FILE_BYTES / 3) * 4

/** The refusal, in the admin's words, wherever the limit is met. */
export function tooLargeMessage(what: string, bytes: number): string {
  const mb = (n: number) => (n / 1024 / 1024).toFixed(1)
  return `${what} is ${mb(bytes)} MB (${bytes.toLocaleString('en-US')} bytes); a certificate file may be at most ${mb(MAX_CERTIFICATE_FILE_BYTES)} MB (${MAX_CERTIFICATE_FILE_BYTES.toLocaleString('en-US')} bytes), enough for a PEM bundle of about 10,000 certificates. Split the file and read the parts.`
}
