import { isAbsolute, relative, resolve, sep } from 'node:path'

/**
 * Maps an app:// (or loopback) request path to a file under `root`, or null when it would
 * escape it (checklist #18: serve only our own bundle). Decodes once, refuses NUL bytes and
 * any path that resolves outside the root after normalisation.
 */
export function resolveInside(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const clean = decoded.replace(/^\/+/, '') || 'index.html'
  const full = resolve(root, clean)
  const rel = relative(root, full)
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel) || rel.split(sep).includes('..')) return null
  return full
}

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.woff2': 'font/woff2',
}

/** The Content-Type for a served file, by extension. */
export function contentTypeFor(file: string): string {
  const dot = file.lastIndexOf('.')
  return TYPES[dot >= 0 ? file.slice(dot).toLowerCase() : ''] ?? 'application/octet-stream'
}
