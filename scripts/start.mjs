// `npm start`: the desktop app when Electron's binary is installed, else the same app in the
// default browser through the loopback host (Electron's binary cannot be downloaded everywhere).
import { existsSync, readFileSync } from 'node:fs'
import { spawn, execFileSync } from 'node:child_process'
import { join } from 'node:path'
import { constants } from 'node:os'

const root = new URL('..', import.meta.url).pathname
execFileSync(process.execPath, [join(root, 'scripts/build-if-needed.mjs')], { stdio: 'inherit' })
const args = process.argv.slice(2)

// Ctrl+C or a service manager's stop reaches this wrapper; pass it on so the app (or the browser
// host, which holds a port) ends too, instead of being orphaned when this process exits.
let current = null
/** The shell's convention: a process ended by signal N exits with 128 + N. */
const signalExit = (signal) => (signal ? 128 + (constants.signals[signal] ?? 0) : 0)
for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    if (current && current.exitCode === null && current.signalCode === null) current.kill(signal)
    else process.exit(signalExit(signal))
  })
}

function startBrowserHost(reason) {
  process.stderr.write(`${reason} Starting XMPP Gateway Wizard in your browser instead.\n`)
  const child = spawn(process.execPath, [join(root, 'dist-electron/browser-host.js'), ...args], { stdio: 'inherit' })
  current = child
  child.on('exit', (code, signal) => process.exit(code ?? signalExit(signal)))
}

// Never require('electron') here: since Electron 42 that downloads the binary on first use.
const electronDir = join(root, 'node_modules', 'electron')
const pathFile = join(electronDir, 'path.txt')
const binary = existsSync(pathFile) ? join(electronDir, 'dist', readFileSync(pathFile, 'utf8').trim()) : null
if (!binary || !existsSync(binary)) {
  startBrowserHost("Electron's binary is not installed on this machine (it could not be downloaded).")
} else {
  const started = Date.now()
  const child = spawn(binary, [root, ...args], { stdio: 'inherit' })
  current = child
  child.on('error', (err) => startBrowserHost(`Electron could not start (${err.message}).`))
  child.on('exit', (code, signal) => {
    // An immediate failure (missing libraries, no display) falls back; a normal quit does not.
    if (signal) process.exit(signalExit(signal))
    if (code !== 0 && Date.now() - started < 5000) startBrowserHost(`Electron exited at start-up with code ${code}.`)
    else process.exit(code ?? 0)
  })
}
