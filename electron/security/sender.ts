/** The protocol and host a trusted page is served from (compared separately: see below). */
export interface AllowedOrigin {
  readonly protocol: string // 'app:'
  readonly host: string // 'wizard'
}

interface SenderEvent {
  readonly senderFrame: { readonly url: string } | null
  readonly sender: { readonly mainFrame: unknown }
}

/**
 * Accepts only the main frame of our own app:// page.
 *
 * Any frame can send IPC (Electron security checklist #17). URL.origin is "null" for custom
 * schemes, so protocol and host are compared separately (style.md §4.1).
 */
export function createSenderCheck(allowed: readonly AllowedOrigin[]) {
  return (event: SenderEvent): boolean => {
    const frame = event.senderFrame
    if (!frame || frame !== event.sender.mainFrame) return false
    try {
      const url = new URL(frame.url)
      return allowed.some((a) => a.protocol === url.protocol && a.host === url.host)
    } catch {
      return false
    }
  }
}
