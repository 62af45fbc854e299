/**
 * PEM text for one block in the strict form of RFC 7468 §2 (64-character base64 lines), which
 * every reader accepts: OpenSSL, Windows certutil and the Certificate Wizard's import page.
 * Works on base64 text, so the renderer (btoa) and the engine (Buffer) share it.
 */

const PEM_LINE_LENGTH = 64

/** RFC 1421 headers (Proc-Type, DEK-Info), when given, precede the base64 after a blank line. */
export function pemArmour(label: string, base64: string, headers: Readonly<Record<string, string>> = {}): string {
  const lines: string[] = []
  for (let i = 0; i < base64.length; i += PEM_LINE_LENGTH) lines.push(base64.slice(i, i + PEM_LINE_LENGTH))
  const hdr = Object.entries(headers).map(([k, v]) => `${k}: ${v}`)
  return [`-----BEGIN ${label}-----`, ...hdr, ...(hdr.length ? [''] : []), ...lines, `-----END ${label}-----`, ''].join('\n')
}
