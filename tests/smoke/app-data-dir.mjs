// Starts the BUILT main.js as the desktop app (stand-in electron) and prints the data folder it
// uses, as app.info reports it, and where it put Chromium's userData. Run with --import ./register.mjs.
const electron = await import('electron')
await import(new URL('../../dist-electron/main.js', import.meta.url).href)
electron.fire()
for (let i = 0; i < 200 && !electron.handlers.has('app.info'); i++) await new Promise((r) => setTimeout(r, 20))
const frame = { url: 'app://wizard/index.html' }
const info = await electron.handlers.get('app.info')({ senderFrame: frame, sender: { mainFrame: frame } }, {})
process.stdout.write(`${JSON.stringify({ dataDir: info.value.dataDir, userData: electron.app.getPath('userData') })}\n`)
process.exit(0)
