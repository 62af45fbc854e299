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

/** The permission policy: the wizard needs none, so every request is refused (checklist #5). */
export function allowPermission(_permission: string): boolean {
  return false
}
