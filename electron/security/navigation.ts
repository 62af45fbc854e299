import type { AllowedOrigin } from './sender'

/** True when a navigation target stays on our own app:// origin (checklist #13). */
export function isInternalUrl(raw: string, origin: AllowedOrigin): boolean {
  try {
    const url = new URL(raw)
    return url.protocol === origin.protocol && url.host === origin.host
  } catch {
    return false
  }
}

/**
 * The permission policy (checklist #5): everything is refused except writing to the clipboard,
 * which "Copy" buttons (script preview, diagnostics) need after a click.
 */
export function allowPermission(permission: string): boolean {
  return permission === 'clipboard-sanitized-write'
}
