/**
 * The certificate store's passphrase rule, in one place: the Certificates step checks it before
 * sending, the engine enforces it (so `xgw` and the browser host refuse exactly what the app does).
 * It protects every private key at rest, hence a longer minimum than an export password's hint.
 */
export const STORE_PASSPHRASE_MIN_LENGTH = 12

/** Why a passphrase is refused, or null. `creating`: the store has no passphrase yet (first use). */
export function storePassphraseProblem(passphrase: string, creating: boolean): string | null {
  if (passphrase.length === 0) return 'Enter the store passphrase.'
  if (creating && [...passphrase].length < STORE_PASSPHRASE_MIN_LENGTH) {
    return `Use ${STORE_PASSPHRASE_MIN_LENGTH} characters or more for the store passphrase: it protects every private key in the store.`
  }
  return null
}
