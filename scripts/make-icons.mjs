#!/usr/bin/env node
// Draws the app icon and writes every size packaging needs, with no dependencies:
//   build/icon.png           512x512 (electron-builder's generic icon; >= 256 is required)
//   build/icon.ico           16, 24, 32, 48, 64, 128, 256 (PNG entries; Windows Vista and later)
//   build/icons/NxN.png      16 … 512 for the Linux AppImage (electron-builder reads sizes from names)
//
// The glyph is a white speech bubble holding two linked nodes (federation between two servers) on a
// deep-blue rounded square. Shapes are signed distance functions, so edges are anti-aliased exactly
// at every size instead of being down-scaled from one bitmap.
//
// Output is deterministic (no timestamps in PNG or ICO), so the files are commit-ready and
//   node scripts/make-icons.mjs --check
// exits 1 when a committed file differs from what this script draws (used by the packaging test).
// `--root <dir>` writes or checks under another folder instead of the project root.
import { deflateSync } from 'node:zlib'
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..')
export const ICO_SIZES = [16, 24, 32, 48, 64, 128, 256]
export const LINUX_SIZES = [16, 24, 32, 48, 64, 128, 256, 512]

// ---------- drawing ----------

const clamp01 = (v) => (v < 0 ? 0 : v > 1 ? 1 : v)

/** Signed distance to a rounded box centred on (cx, cy) with half extents (hx, hy) and radius r. */
function sdRoundBox(px, py, cx, cy, hx, hy, r) {
  const qx = Math.abs(px - cx) - hx + r
  const qy = Math.abs(py - cy) - hy + r
  const ox = Math.max(qx, 0)
  const oy = Math.max(qy, 0)
  return Math.hypot(ox, oy) + Math.min(Math.max(qx, qy), 0) - r
}

const sdCircle = (px, py, cx, cy, r) => Math.hypot(px - cx, py - cy) - r

/** Signed distance to a segment (a → b) thickened to radius r: the link between the nodes. */
function sdCapsule(px, py, ax, ay, bx, by, r) {
  const pax = px - ax
  const pay = py - ay
  const bax = bx - ax
  const bay = by - ay
  const h = clamp01((pax * bax + pay * bay) / (bax * bax + bay * bay))
  return Math.hypot(pax - bax * h, pay - bay * h) - r
}

/** Signed distance to a triangle (Inigo Quilez's exact polygon distance, three vertices). */
function sdTriangle(px, py, v) {
  let d = Infinity
  let s = 1
  for (let i = 0, j = v.length - 1; i < v.length; j = i, i++) {
    const ex = v[j][0] - v[i][0]
    const ey = v[j][1] - v[i][1]
    const wx = px - v[i][0]
    const wy = py - v[i][1]
    const h = clamp01((wx * ex + wy * ey) / (ex * ex + ey * ey))
    d = Math.min(d, Math.hypot(wx - ex * h, wy - ey * h))
    const c1 = py >= v[i][1]
    const c2 = py < v[j][1]
    const c3 = ex * wy > ey * wx
    if ((c1 && c2 && c3) || (!c1 && !c2 && !c3)) s = -s
  }
  return s * d
}

const TOP = [0x2b, 0x62, 0xc0] // deep blue, lighter at the top for a little depth
const BOTTOM = [0x12, 0x3a, 0x82]
const WHITE = [0xff, 0xff, 0xff]
const NODE = [0x1c, 0x4b, 0x9e]

/**
 * Renders the icon at `size` pixels as straight (non-premultiplied) RGBA bytes.
 *
 * Below 32 px the two nodes would be a pixel or two of noise, so small sizes show the bubble only
 * and use a thinner margin to keep the glyph legible in the taskbar and title bar.
 */
export function renderIcon(size) {
  const rgba = Buffer.alloc(size * size * 4)
  const small = size < 32
  const margin = small ? 0.02 : 0.055
  const half = 0.5 - margin
  // a bolder tail when small, or it vanishes into one grey pixel
  const tail = small
    ? [
        [0.3, 0.6],
        [0.52, 0.6],
        [0.24, 0.86],
      ]
    : [
        [0.34, 0.6],
        [0.48, 0.6],
        [0.3, 0.78],
      ]
  for (let y = 0; y < size; y++) {
    for (let x = 0; x < size; x++) {
      // pixel centre in unit coordinates; distances * size are in pixels
      const px = (x + 0.5) / size
      const py = (y + 0.5) / size
      const cover = (d) => clamp01(0.5 - d * size)

      const bg = cover(sdRoundBox(px, py, 0.5, 0.5, half, half, 0.2 * half * 2))
      const t = clamp01((py - margin) / (1 - 2 * margin))
      let col = TOP.map((c, i) => c + (BOTTOM[i] - c) * t)
      const a = bg

      const bubble = Math.min(sdRoundBox(px, py, 0.5, 0.45, small ? 0.31 : 0.28, small ? 0.21 : 0.19, 0.09), sdTriangle(px, py, tail))
      const b = cover(bubble) * bg
      col = col.map((c, i) => c + (WHITE[i] - c) * b)

      if (!small) {
        const nodes = Math.min(sdCircle(px, py, 0.385, 0.45, 0.062), sdCircle(px, py, 0.615, 0.45, 0.062), sdCapsule(px, py, 0.385, 0.45, 0.615, 0.45, 0.017))
        const n = cover(nodes) * b
        col = col.map((c, i) => c + (NODE[i] - c) * n)
      }

      const o = (y * size + x) * 4
      rgba[o] = Math.round(col[0])
      rgba[o + 1] = Math.round(col[1])
      rgba[o + 2] = Math.round(col[2])
      rgba[o + 3] = Math.round(a * 255)
    }
  }
  return rgba
}

// ---------- PNG ----------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1
  return c >>> 0
})

function crc32(buf) {
  let c = 0xffffffff
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8)
  return (c ^ 0xffffffff) >>> 0
}

function chunk(type, data) {
  const len = Buffer.alloc(4)
  len.writeUInt32BE(data.length)
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data])
  const crc = Buffer.alloc(4)
  crc.writeUInt32BE(crc32(body))
  return Buffer.concat([len, body, crc])
}

/** Encodes straight RGBA bytes as an 8-bit RGBA PNG (filter type 0 on every row). */
export function encodePng(size, rgba) {
  const ihdr = Buffer.alloc(13)
  ihdr.writeUInt32BE(size, 0)
  ihdr.writeUInt32BE(size, 4)
  ihdr[8] = 8 // bit depth
  ihdr[9] = 6 // colour type: RGBA
  const raw = Buffer.alloc(size * (size * 4 + 1))
  for (let y = 0; y < size; y++) {
    raw[y * (size * 4 + 1)] = 0
    rgba.copy(raw, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4)
  }
  return Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), chunk('IHDR', ihdr), chunk('IDAT', deflateSync(raw, { level: 9 })), chunk('IEND', Buffer.alloc(0))])
}

// ---------- ICO ----------

/** Packs PNG images into an ICO file; a 256 px entry is written as 0 in the directory. */
export function encodeIco(images) {
  const header = Buffer.alloc(6)
  header.writeUInt16LE(0, 0)
  header.writeUInt16LE(1, 2) // type 1: icon
  header.writeUInt16LE(images.length, 4)
  const dir = Buffer.alloc(16 * images.length)
  let offset = 6 + dir.length
  images.forEach(({ size, png }, i) => {
    const e = i * 16
    dir[e] = size >= 256 ? 0 : size
    dir[e + 1] = size >= 256 ? 0 : size
    dir[e + 2] = 0 // no palette
    dir[e + 3] = 0
    dir.writeUInt16LE(1, e + 4) // colour planes
    dir.writeUInt16LE(32, e + 6) // bits per pixel
    dir.writeUInt32LE(png.length, e + 8)
    dir.writeUInt32LE(offset, e + 12)
    offset += png.length
  })
  return Buffer.concat([header, dir, ...images.map((i) => i.png)])
}

// ---------- main ----------

/** Every output file as [path relative to the project root, bytes]. */
export function buildAll() {
  const png = new Map()
  const pngOf = (size) => {
    if (!png.has(size)) png.set(size, encodePng(size, renderIcon(size)))
    return png.get(size)
  }
  const files = [['build/icon.png', pngOf(512)]]
  files.push(['build/icon.ico', encodeIco(ICO_SIZES.map((size) => ({ size, png: pngOf(size) })))])
  for (const size of LINUX_SIZES) files.push([`build/icons/${size}x${size}.png`, pngOf(size)])
  return files
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const check = process.argv.includes('--check')
  const rootArg = process.argv.indexOf('--root')
  const root = rootArg > 0 ? resolve(process.argv[rootArg + 1]) : ROOT
  const stale = []
  for (const [rel, bytes] of buildAll()) {
    const path = join(root, rel)
    if (check) {
      if (!existsSync(path) || !readFileSync(path).equals(bytes)) stale.push(rel)
    } else {
      mkdirSync(dirname(path), { recursive: true })
      writeFileSync(path, bytes)
      console.log(`${rel}  ${bytes.length} bytes`)
    }
  }
  if (stale.length > 0) {
    console.error(`out of date (run node scripts/make-icons.mjs): ${stale.join(', ')}`)
    process.exit(1)
  }
  if (check) console.log('icons up to date')
}
