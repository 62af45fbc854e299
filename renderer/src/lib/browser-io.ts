/**
 * The two ways the renderer hands text or bytes to the admin without ever naming a path: a
 * download (the browser or Electron asks where to save) and the clipboard.
 */

/** Offers data as a file download under `name`. */
export function downloadBytes(name: string, data: Uint8Array | string, type = 'application/octet-stream'): void {
  const blob = new Blob([typeof data === 'string' ? data : data.slice().buffer], { type })
  const url = URL.createObjectURL(blob)
  const a = document.createElement('a')
  a.href = url
  a.download = name
  a.rel = 'noopener'
  a.hidden = true
  document.body.append(a)
  a.click()
  a.remove()
  // Revoked late: some browsers start reading the blob only after the click handler returns.
  setTimeout(() => URL.revokeObjectURL(url), 30_000)
}

/** Copies text; false when the clipboard refuses (no focus, no permission), so the caller can say so. */
export async function copyText(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return false
  }
}
