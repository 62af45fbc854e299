import { describe, expect, it } from 'vitest'
import { isoTime } from '../../../../electron/lib/iso-time'

describe('isoTime', () => {
  it('writes what Date.prototype.toISOString writes, over the whole range of certificate dates and beyond', () => {
    const edges = [0, -1, 1, Date.UTC(1950, 0, 1), Date.UTC(2049, 11, 31, 23, 59, 59, 999), Date.UTC(2000, 1, 29, 12, 0, 0, 5)]
    const yearZero = new Date(0)
    yearZero.setUTCFullYear(0, 0, 1)
    const year9999 = new Date(0)
    year9999.setUTCFullYear(9999, 11, 31)
    year9999.setUTCHours(23, 59, 59, 999)
    const outside = [yearZero.getTime() - 1, year9999.getTime() + 1, -8.64e15, 8.64e15]
    // A fixed walk over years 0..9999 with odd steps, so months, days and milliseconds all vary.
    const walk: number[] = []
    for (let t = yearZero.getTime(); t <= year9999.getTime(); t += 86_400_000 * 365.2425 * 0.37 + 3_607_013) walk.push(Math.round(t))
    expect(walk.length).toBeGreaterThan(20_000)
    for (const t of [...edges, yearZero.getTime(), year9999.getTime(), ...outside, ...walk]) expect(isoTime(t), String(t)).toBe(new Date(t).toISOString())
  })

  it('throws where toISOString throws: an invalid time', () => {
    expect(() => isoTime(Number.NaN)).toThrow(RangeError)
    expect(() => isoTime(8.64e15 + 1)).toThrow(RangeError)
  })
})
