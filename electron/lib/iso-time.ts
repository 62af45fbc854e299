const two = (n: number) => (n < 10 ? '0' : '') + n

/**
 * What `new Date(ms).toISOString()` returns, without its cost on first use: V8 takes about 1 ms to
 * set toISOString up the first time a process calls it, and a one-shot `xgw inspect` calls it
 * (issue 12: the command's start-up is measured against `node -e 0`). The same text for every
 * year toISOString writes with four digits (0 to 9999); outside those, and for an invalid time,
 * it is toISOString itself (which throws a RangeError for the latter).
 */
export function isoTime(ms: number): string {
  const d = new Date(ms)
  const year = d.getUTCFullYear()
  if (!(year >= 0 && year <= 9999)) return d.toISOString()
  const date = `${String(year).padStart(4, '0')}-${two(d.getUTCMonth() + 1)}-${two(d.getUTCDate())}`
  return `${date}T${two(d.getUTCHours())}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')}Z`
}
