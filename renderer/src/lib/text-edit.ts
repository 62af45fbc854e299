/**
 * Cut, Copy, Paste, Select all and Undo for the app's own menus (the browser host's Edit menu and
 * context menu). They act on a text field or a code view; every change goes through
 * execCommand('insertText'/'delete'), so the field's input event fires (v-model sees it) and the
 * browser's own undo history keeps working.
 */

export type TextField = HTMLInputElement | HTMLTextAreaElement

const TEXT_INPUT_TYPES = new Set(['text', 'search', 'url', 'email', 'tel', 'password'])

/** A field that takes typed text (not a checkbox, a button or a file input). */
export function isTextField(el: Element | null): el is TextField {
  if (el instanceof HTMLTextAreaElement) return true
  return el instanceof HTMLInputElement && TEXT_INPUT_TYPES.has(el.type)
}

export const isEditable = (f: TextField) => !f.readOnly && !f.disabled

function selectedIn(f: TextField): string {
  const start = f.selectionStart ?? 0
  const end = f.selectionEnd ?? 0
  return f.value.slice(start, end)
}

/** Writes to the clipboard: the async API, else the copy command (both need the click that called us). */
async function writeClipboard(text: string): Promise<boolean> {
  try {
    await navigator.clipboard.writeText(text)
    return true
  } catch {
    return document.execCommand('copy')
  }
}

export function hasSelection(f: TextField): boolean {
  return (f.selectionEnd ?? 0) > (f.selectionStart ?? 0) && f.type !== 'password'
}

export async function copyField(f: TextField): Promise<boolean> {
  if (!hasSelection(f)) return false
  return writeClipboard(selectedIn(f))
}

export async function cutField(f: TextField): Promise<boolean> {
  if (!hasSelection(f) || !isEditable(f)) return false
  const ok = await writeClipboard(selectedIn(f))
  f.focus()
  if (ok) document.execCommand('delete')
  return ok
}

/**
 * Pastes the clipboard's text at the caret. In a browser this needs the clipboard-read permission
 * (Chromium asks once per site); a refusal resolves to a message for the admin instead.
 */
export async function pasteField(f: TextField): Promise<string | null> {
  if (!isEditable(f)) return 'This field is read-only.'
  let text: string
  try {
    text = await navigator.clipboard.readText()
  } catch {
    return 'The browser did not allow reading the clipboard: press Ctrl+V in the field instead.'
  }
  f.focus()
  if (!document.execCommand('insertText', false, text)) {
    // Fallback for engines without insertText: splice and tell v-model.
    const start = f.selectionStart ?? f.value.length
    f.setRangeText(text, start, f.selectionEnd ?? start, 'end')
    f.dispatchEvent(new Event('input', { bubbles: true }))
  }
  return null
}

export function selectAllField(f: TextField): void {
  f.focus()
  f.select()
}

export function undoField(f: TextField, redo = false): void {
  f.focus()
  document.execCommand(redo ? 'redo' : 'undo')
}

/** The text selected inside `el`, or '' when the selection is elsewhere. */
export function selectionWithin(el: Element): string {
  const sel = window.getSelection()
  if (!sel || sel.isCollapsed || !sel.anchorNode || !el.contains(sel.anchorNode)) return ''
  return sel.toString()
}

/** Copy in a code view: the selection inside it, else the whole view. */
export function copyCode(el: Element): Promise<boolean> {
  return writeClipboard(selectionWithin(el) || (el.textContent ?? ''))
}

export function selectAllCode(el: Element): void {
  window.getSelection()?.selectAllChildren(el)
}
