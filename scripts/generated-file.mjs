// What the generator scripts (gen-hash-chains.mjs, gen-hash-wasm.mjs) share: format the module
// they write with the project's Prettier settings, and write it, or with --check say whether the
// committed file is what they would write.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import * as prettier from 'prettier'

/** `src` formatted as Prettier formats `target`. */
export async function formatAs(target, src) {
  const options = await prettier.resolveConfig(target)
  return prettier.format(src, { ...options, filepath: target })
}

/**
 * When `scriptUrl` (the caller's import.meta.url) is the script node was asked to run: writes
 * `target` with what `render()` returns, or with --check exits 1 when the file differs from it.
 */
export async function runGenerator(scriptUrl, target, render) {
  const script = fileURLToPath(scriptUrl)
  if (!process.argv[1] || script !== process.argv[1]) return
  const text = await render()
  if (!process.argv.includes('--check')) {
    writeFileSync(target, text)
    return
  }
  let current = ''
  try {
    current = readFileSync(target, 'utf8')
  } catch {
    // missing: differs
  }
  if (current !== text) {
    process.stderr.write(`${target} is not what scripts/${script.split(/[\\/]/).pop()} writes; run it.\n`)
    process.exit(1)
  }
}
