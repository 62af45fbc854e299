/**
 * `xgw inspect | check | convert | csr | store list|import|export|remove` (issue 3 "Command
 * line"). Commands read and write files themselves and call the `certificates` routes through
 * the typed API; passwords only come from --password-file / --password-env or a no-echo prompt
 * on a terminal, never from a plain argument. A coded failure prints one line (or
 * {"error":{"code","message"}} with --json) and exits 2.
 */
// Synchronous file calls: a command runs once and has nothing to overlap a read with, and the
// process's first asynchronous file call would start libuv's thread pool (xgw start-up, issue 12).
import * as fs from 'node:fs'
import * as path from 'node:path'
import { AppError, type AppErrorData } from '../../../shared/errors'
import type { Result } from '../../../shared/result'
import { type CliContext, type Command, EXIT_CHECK_FAILED, type OptionSpec, type OptionValues, printJson } from '../command'
import { daysLeft, expirySentence } from '../../../shared/domain/live/expiry'
import { MAX_CERTIFICATE_FILE_BYTES, tooLargeMessage } from '../../../shared/domain/file-limits'

/** Exit code of `store list --expiring` when a certificate expires within the days given. */
const EXIT_EXPIRING = 4

const PASSWORD: readonly OptionSpec[] = [
  { name: 'password-file', type: 'string', description: 'Read the file password from this file (UTF-8, no newline)', valueName: 'F' },
  { name: 'password-env', type: 'string', description: 'Read the file password from this environment variable', valueName: 'VAR' },
]
const STORE_PASS: readonly OptionSpec[] = [
  { name: 'store-passphrase-file', type: 'string', description: 'Store passphrase from this file', valueName: 'F' },
  { name: 'store-passphrase-env', type: 'string', description: 'Store passphrase from this environment variable', valueName: 'VAR' },
]
const OUT_PASS: readonly OptionSpec[] = [
  { name: 'out-password-file', type: 'string', description: 'Password for the written PFX or key, from this file', valueName: 'F' },
  { name: 'out-password-env', type: 'string', description: 'Password for the written PFX or key, from this environment variable', valueName: 'VAR' },
]
const JSON_OPT: OptionSpec = { name: 'json', type: 'boolean', description: 'Print JSON' }
const MAX_FOLDER_FILES = 1000

const str = (o: OptionValues, k: string): string | undefined => (typeof o[k] === 'string' ? o[k] : undefined)
const list = (o: OptionValues, k: string): string[] => {
  const v = o[k]
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : []
}

/** The `certificates` namespace of the typed API (Api['certificates'] once registered). */
function certs(ctx: CliContext) {
  return ctx.api.certificates
}

// Coded failures are AppErrors: the runner prints them (one line, or JSON) and picks the exit code,
// the same for every command.
function fail(code: AppErrorData['code'], message: string): never {
  throw new AppError(code, message)
}

/** Kept as a marker of the command bodies; errors go to the runner. */
function guarded(body: (pos: string[], o: OptionValues, ctx: CliContext) => Promise<number>) {
  return body
}

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new AppError(r.error.code, r.error.message, r.error.details)
  return r.value
}

async function readBytes(ctx: CliContext, file: string | undefined): Promise<{ name: string; bytes: Buffer }> {
  if (!file) fail('USAGE', 'Name the file to read.')
  const full = path.resolve(ctx.cwd, file)
  try {
    const st = fs.statSync(full)
    if (!st.isFile()) fail('USAGE', `${file} is not a file.`)
    if (st.size > MAX_CERTIFICATE_FILE_BYTES) fail('TOO_LARGE', tooLargeMessage(file, st.size))
    return { name: path.basename(full), bytes: fs.readFileSync(full) }
  } catch (e) {
    if (e instanceof AppError) throw e
    return fail('NOT_FOUND', `Cannot read ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
}

async function readInput(ctx: CliContext, file: string | undefined): Promise<{ name: string; data: string }> {
  const { name, bytes } = await readBytes(ctx, file)
  return { name, data: bytes.toString('base64') }
}

/**
 * A file's contents for `route`: the bytes as they are where the dispatcher takes them (xgw's
 * in-process inspect), else the contract's base64. For a 10 MB bundle base64 is a 14 MB string
 * and a second 10 MB copy once decoded, all held while the file is read. The API's type says
 * string (the contract's); a route that takes bytes accepts either.
 */
function fileData(ctx: CliContext, route: string, bytes: Buffer): string {
  return ctx.takesBytes?.(route) ? (bytes as unknown as string) : bytes.toString('base64')
}

async function writeOutput(ctx: CliContext, file: string | undefined, data: Buffer, secret: boolean): Promise<string> {
  if (!file) fail('USAGE', 'Name the output file with --out FILE.')
  const full = path.resolve(ctx.cwd, file)
  try {
    fs.writeFileSync(full, data, { mode: secret ? 0o600 : 0o644 })
    if (secret) fs.chmodSync(full, 0o600)
  } catch (e) {
    fail('STORE_IO', `Cannot write ${file} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`)
  }
  return full
}

/** Calls a route that may need the file password: asks on a terminal when the file says so. */
async function withPassword<T>(ctx: CliContext, o: OptionValues, call: (pw: string | undefined) => Promise<Result<T>>): Promise<T> {
  const given = await ctx.readPassword(o)
  const r = await call(given)
  if (!r.ok && r.error.code === 'PASSWORD_REQUIRED' && given === undefined) {
    const asked = await ctx.readPassword(o, { file: 'password-file', env: 'password-env', prompt: 'Password: ' })
    if (asked !== undefined) return value(await call(asked))
  }
  return value(r)
}

async function unlockStore(ctx: CliContext, o: OptionValues, required: boolean): Promise<void> {
  const pass = await ctx.readPassword(o, { file: 'store-passphrase-file', env: 'store-passphrase-env', ...(required ? { prompt: 'Store passphrase: ' } : {}) })
  if (pass === undefined) {
    if (required) fail('STORE_LOCKED', 'Give the store passphrase with --store-passphrase-file or --store-passphrase-env.')
    return
  }
  value(await certs(ctx).storeUnlock({ passphrase: pass }))
}

async function outPassword(ctx: CliContext, o: OptionValues, prompt: string): Promise<string | undefined> {
  return ctx.readPassword(o, { file: 'out-password-file', env: 'out-password-env', prompt })
}

const inspect: Command = {
  name: 'inspect',
  summary: 'Show the certificates and key in a PEM, DER, PFX, P7B, key or CSR file',
  usage: 'xgw inspect FILE [--password-file F | --password-env VAR] [--json]',
  options: [...PASSWORD, JSON_OPT],
  run: guarded(async (pos, o, ctx) => {
    const { name, bytes } = await readBytes(ctx, pos[0])
    const data = fileData(ctx, 'certificates.inspect', bytes)
    const r = await withPassword(ctx, o, (password) => certs(ctx).inspect({ name, data, ...(password !== undefined ? { password } : {}) }))
    const key = r.privateKeys[0]
    const out = {
      format: r.format,
      certificates: r.certificates.map((c) => ({
        subject: c.subject,
        issuer: c.issuer,
        serialNumber: c.serialNumber,
        notBefore: c.notBefore,
        notAfter: c.notAfter,
        dnsNames: c.dnsNames,
        thumbprint: c.thumbprint,
        sha256: c.sha256,
        publicKey: { type: c.publicKey.type, bits: c.publicKey.bits },
        isCA: c.isCA,
      })),
      privateKey: key ? { type: key.type, bits: key.bits, matchesCertificate: key.matchesCertificate } : null,
      ...(r.publicKeys.length ? { publicKeys: r.publicKeys } : {}),
    }
    if (ctx.json) printJson(ctx, out)
    else {
      ctx.out(`format: ${out.format}`)
      for (const c of out.certificates) {
        ctx.out(
          `certificate ${c.thumbprint}${c.isCA ? ' (CA)' : ''}\n  subject: ${c.subject}\n  issuer:  ${c.issuer}\n  serial:  ${c.serialNumber}\n  valid:   ${c.notBefore} .. ${c.notAfter}\n  names:   ${c.dnsNames.join(', ') || '-'}\n  key:     ${c.publicKey.type} ${c.publicKey.bits}\n  sha256:  ${c.sha256}`,
        )
      }
      if (!r.publicKeys.length || out.privateKey) ctx.out(out.privateKey ? `private key: ${out.privateKey.type} ${out.privateKey.bits}, matches ${out.privateKey.matchesCertificate ?? 'no certificate in the file'}` : 'private key: none')
      for (const k of r.publicKeys) {
        const where = [
          ...(k.matchesCertificate ? [`certificate ${k.matchesCertificate} in the file`] : []),
          ...(k.stored?.certificates ?? []).map((t) => `stored certificate ${t}`),
          ...(k.stored?.pendingRequests.length ? [`${k.stored.pendingRequests.length} pending request key(s) in the store`] : []),
        ]
        ctx.out(`public key: ${k.type} ${k.bits}${k.curve ? ` ${k.curve}` : ''}\n  spki sha256: ${k.spkiSha256}\n  matches: ${where.join(', ') || 'nothing in the file or the store'}`)
      }
    }
    return 0
  }),
}

const check: Command = {
  name: 'check',
  summary: 'Validate a certificate for the Edge external interface',
  usage: 'xgw check FILE [--password-file F | --password-env VAR] --sip-domain D... --xmpp-domain D... --edge-fqdn F... [--trust-anchor FILE] [--chain FILE...] [--fetch-issuers] [--at ISO-TIME] [--json]',
  options: [
    ...PASSWORD,
    { name: 'sip-domain', type: 'list', description: 'A SIP domain (sip.<domain> is required)', valueName: 'D' },
    { name: 'xmpp-domain', type: 'list', description: 'An XMPP domain (required bare)', valueName: 'D' },
    { name: 'edge-fqdn', type: 'list', description: 'An Edge external FQDN', valueName: 'F' },
    { name: 'trust-anchor', type: 'list', description: 'A trusted root certificate file', valueName: 'FILE' },
    { name: 'chain', type: 'list', description: 'Intermediate/root certificates to build the chain with', valueName: 'FILE' },
    { name: 'fetch-issuers', type: 'boolean', description: 'Download a missing issuer from the CA (AIA caIssuers URL, HTTP)' },
    { name: 'at', type: 'string', description: 'Evaluate at this ISO 8601 time instead of now', valueName: 'ISO-TIME' },
    JSON_OPT,
  ],
  run: guarded(async (pos, o, ctx) => {
    const file = await readInput(ctx, pos[0])
    const anchors = await Promise.all(list(o, 'trust-anchor').map(async (f) => (await readInput(ctx, f)).data))
    const chainFiles = await Promise.all(list(o, 'chain').map((f) => readInput(ctx, f)))
    const at = str(o, 'at')
    if (at !== undefined && !Number.isFinite(Date.parse(at))) fail('USAGE', '--at takes an ISO 8601 time such as 2026-01-31T12:00:00Z.')
    const r = await withPassword(ctx, o, (password) =>
      certs(ctx).check({
        file: { ...file, ...(password !== undefined ? { password } : {}) },
        chainFiles,
        fetchIssuers: o['fetch-issuers'] === true,
        requirements: {
          sipDomains: list(o, 'sip-domain'),
          xmppDomains: list(o, 'xmpp-domain'),
          edgeFqdns: list(o, 'edge-fqdn'),
          ...(anchors.length ? { trustAnchors: anchors } : {}),
          ...(at !== undefined ? { at: new Date(at).toISOString() } : {}),
        },
      }),
    )
    const out = {
      verdict: r.verdict,
      findings: r.findings.map((f) => ({ code: f.code, severity: f.severity, message: f.message })),
      leaf: r.leaf,
      ...(r.trust ? { chain: { status: r.trust.status, anchors: r.trust.anchors, certificates: r.chain.map((t, i) => ({ thumbprint: t, source: r.trust!.sources[i] })) } } : {}),
      ...(r.fetch ? { fetch: r.fetch } : {}),
    }
    if (ctx.json) ctx.out(JSON.stringify(out))
    else {
      ctx.out(`verdict: ${out.verdict}${out.leaf ? ` (certificate ${out.leaf})` : ''}`)
      if (r.trust)
        ctx.out(
          `chain: ${r.trust.status === 'incomplete' ? 'incomplete (trust not evaluated)' : r.trust.status}, ${r.chain.length} certificate(s) (${r.trust.sources.join(' > ')}), anchors ${r.trust.anchors === 'given' ? 'given with --trust-anchor' : "the runtime's public roots"}`,
        )
      for (const f of out.findings) ctx.out(`  ${f.severity.toUpperCase()} ${f.code}: ${f.message}`)
      for (const f of r.fetch ?? []) ctx.out(`  fetch ${f.url}: ${f.code} ${f.message}`)
    }
    return out.verdict === 'fail' ? EXIT_CHECK_FAILED : 0
  }),
}

const convert: Command = {
  name: 'convert',
  summary: 'Convert between PEM, DER, P7B and PFX',
  usage: 'xgw convert FILE [--password-file F | --password-env VAR] [--key FILE] [--chain FILE...] --to pem|der|p7b|pfx --out FILE [--out-password-file F | --no-encrypt] [--pfx-profile compatible|modern]',
  options: [
    ...PASSWORD,
    ...OUT_PASS,
    { name: 'key', type: 'string', description: 'A separate private key file', valueName: 'FILE' },
    { name: 'chain', type: 'list', description: 'Intermediate/root certificate files', valueName: 'FILE' },
    { name: 'to', type: 'string', description: 'pem, der, p7b or pfx', valueName: 'FORMAT' },
    { name: 'out', type: 'string', description: 'Output file', valueName: 'FILE' },
    { name: 'pfx-profile', type: 'string', description: 'compatible (3DES/SHA-1, default) or modern (AES-256/SHA-256)', valueName: 'PROFILE' },
    { name: 'friendly-name', type: 'string', description: 'Friendly name in the PFX', valueName: 'NAME' },
    { name: 'no-encrypt', type: 'boolean', description: 'Write the private key without a password (PEM/DER); only on this explicit choice' },
    JSON_OPT,
  ],
  run: guarded(async (pos, o, ctx) => {
    const to = str(o, 'to')
    if (to !== 'pem' && to !== 'der' && to !== 'p7b' && to !== 'pfx') fail('USAGE', '--to must be pem, der, p7b or pfx.')
    const profile = str(o, 'pfx-profile') ?? 'compatible'
    if (profile !== 'compatible' && profile !== 'modern') fail('USAGE', '--pfx-profile must be compatible or modern.')
    const file = await readInput(ctx, pos[0])
    const extra = [...(str(o, 'key') ? [await readInput(ctx, str(o, 'key'))] : []), ...(await Promise.all(list(o, 'chain').map((f) => readInput(ctx, f))))]
    const noEncrypt = o['no-encrypt'] === true
    if (noEncrypt && to === 'pfx') fail('USAGE', '--no-encrypt applies to a PEM or DER key; a PFX always has a password.')
    const outPw = noEncrypt ? undefined : await outPassword(ctx, o, to === 'pfx' ? 'PFX password: ' : 'Key password: ')
    if (to === 'pfx' && outPw === undefined) fail('USAGE', 'A PFX needs a password: give --out-password-file F or --out-password-env VAR.')
    const fn = str(o, 'friendly-name')
    const r = await withPassword(ctx, o, (password) => {
      const pw = password !== undefined ? { password } : {}
      return certs(ctx).convert({
        file: { ...file, ...pw },
        extraFiles: extra.map((x) => ({ ...x, ...pw })),
        to,
        profile,
        ...(outPw !== undefined && outPw !== '' ? { outPassword: outPw } : to === 'pfx' ? { outPassword: outPw ?? '' } : {}),
        ...(fn ? { friendlyName: fn } : {}),
        ...(noEncrypt ? { unencryptedKey: true } : {}),
      })
    })
    const written = await writeOutput(ctx, str(o, 'out'), Buffer.from(r.data, 'base64'), r.includesKey)
    const out = { out: written, format: to, certificates: r.certificates, includesKey: r.includesKey }
    ctx.out(ctx.json ? JSON.stringify(out) : `wrote ${written} (${to}, ${r.certificates.length} certificate(s)${r.includesKey ? ', with private key' : ''})`)
    return 0
  }),
}

const csr: Command = {
  name: 'csr',
  summary: 'Generate a key and CSR for the Access Edge (and the Request-CsCertificate line)',
  usage:
    'xgw csr --access-edge FQDN [--sip-domain D...] [--xmpp-domain D...] [--edge-fqdn F...] [--san NAME...] [--key-size 1024|2048|4096] [--friendly-name N] [--organization O] [--ou OU] [--country CC] [--state S] [--city C] [--allow-wildcard] --out FILE [--key-out FILE --out-password-file F] [--store --store-passphrase-file F] [--json]',
  options: [
    ...OUT_PASS,
    ...STORE_PASS,
    { name: 'access-edge', type: 'string', description: 'Access Edge external FQDN (the subject)', valueName: 'FQDN' },
    { name: 'sip-domain', type: 'list', description: 'SIP domain (adds sip.<domain>)', valueName: 'D' },
    { name: 'xmpp-domain', type: 'list', description: 'XMPP domain (added bare)', valueName: 'D' },
    { name: 'edge-fqdn', type: 'list', description: 'Further Edge external FQDN (e.g. Web Conferencing Edge)', valueName: 'F' },
    { name: 'san', type: 'list', description: 'Extra SAN', valueName: 'NAME' },
    { name: 'key-size', type: 'string', description: '1024, 2048 (default) or 4096', valueName: 'BITS' },
    { name: 'friendly-name', type: 'string', description: 'Friendly name', valueName: 'N' },
    { name: 'organization', type: 'string', description: 'Organization', valueName: 'O' },
    { name: 'ou', type: 'string', description: 'Organizational Unit', valueName: 'OU' },
    { name: 'country', type: 'string', description: 'Two-letter country code', valueName: 'CC' },
    { name: 'state', type: 'string', description: 'State/Province (full name)', valueName: 'S' },
    { name: 'city', type: 'string', description: 'City/Locality (full name)', valueName: 'C' },
    { name: 'allow-wildcard', type: 'boolean', description: 'Allow a wildcard SAN (not supported by the Edge)' },
    { name: 'out', type: 'string', description: 'CSR output file (PEM)', valueName: 'FILE' },
    { name: 'key-out', type: 'string', description: 'Encrypted private key output (PKCS#8 PEM)', valueName: 'FILE' },
    { name: 'store', type: 'boolean', description: 'Keep the key in the store as a pending key' },
    JSON_OPT,
  ],
  run: guarded(async (_pos, o, ctx) => {
    const edge = str(o, 'access-edge')
    if (!edge) fail('USAGE', 'Give the Access Edge external FQDN with --access-edge.')
    const keySize = Number(str(o, 'key-size') ?? 2048)
    if (keySize !== 1024 && keySize !== 2048 && keySize !== 4096) fail('USAGE', '--key-size must be 1024, 2048 or 4096.')
    const keyOut = str(o, 'key-out')
    const useStore = o.store === true
    if (!keyOut && !useStore) fail('USAGE', 'Keep the new key: give --key-out FILE (encrypted) or --store.')
    const keyPassword = keyOut ? await outPassword(ctx, o, 'Key password: ') : undefined
    if (keyOut && !keyPassword) fail('USAGE', 'The key file is written encrypted: give --out-password-file F or --out-password-env VAR.')
    if (useStore) await unlockStore(ctx, o, true)
    // Not the SAN list but the route's `sans` input, as typed: the engine checks each name and then
    // builds the list with the shared csrSans (subject first, lowercased, de-duplicated), as for the
    // wizard. requiredSans cannot take these options: it reads a project, which holds one Web
    // Conferencing Edge FQDN where --edge-fqdn repeats.
    const sans = [...list(o, 'edge-fqdn'), ...list(o, 'sip-domain').map((d) => `sip.${d}`), ...list(o, 'xmpp-domain')]
    const r = value(
      await certs(ctx).createCsr({
        accessEdgeFqdn: edge,
        sans,
        extraSans: list(o, 'san'),
        allowWildcard: o['allow-wildcard'] === true,
        keySize,
        friendlyName: str(o, 'friendly-name') ?? '',
        organization: str(o, 'organization') ?? '',
        organizationalUnit: str(o, 'ou') ?? '',
        country: str(o, 'country') ?? '',
        state: str(o, 'state') ?? '',
        city: str(o, 'city') ?? '',
        sipDomains: list(o, 'sip-domain'),
        storePendingKey: useStore,
        ...(keyPassword ? { keyPassword } : {}),
      }),
    )
    const csrFile = await writeOutput(ctx, str(o, 'out'), Buffer.from(r.csrPem), false)
    const keyFile = keyOut && r.encryptedKeyPem ? await writeOutput(ctx, keyOut, Buffer.from(r.encryptedKeyPem), true) : null
    const out = { csr: csrFile, key: keyFile, pendingId: r.pendingId, subject: r.subject, sans: r.sans, keySize: r.keySize, requestCsCertificate: r.requestCsCertificate, wizardFields: r.wizardFields }
    if (ctx.json) ctx.out(JSON.stringify(out))
    else {
      ctx.out(`wrote ${csrFile}${keyFile ? ` and ${keyFile}` : ''}\nsubject: ${r.subject}\nSANs: ${r.sans.join(', ')}\n\nOn the Edge instead (the key never leaves it):\n${r.requestCsCertificate}`)
    }
    return 0
  }),
}

const storeList: Command = {
  name: 'store list',
  summary: 'List or search the certificate store',
  usage: 'xgw store list [--query TEXT] [--expiring DAYS] [--json]',
  options: [
    { name: 'query', type: 'string', description: 'Filter by subject, SAN, issuer, thumbprint or tag', valueName: 'TEXT' },
    { name: 'expiring', type: 'string', description: 'Only certificates that expire within DAYS days; exit 4 when there is one (for a scheduled task)', valueName: 'DAYS' },
    JSON_OPT,
  ],
  run: guarded(async (_pos, o, ctx) => {
    const q = str(o, 'query')
    const within = str(o, 'expiring')
    // The whole store as JSON: 10,000 entries are printed from the index's bytes, not parsed and printed again.
    if (ctx.json && !q && within === undefined && (await ctx.printAnswerJson?.('certificates.storeList', {}))) return 0
    const r = value(await certs(ctx).storeList(q ? { query: q } : {}))
    if (within !== undefined) return listExpiring(ctx, r.entries, within)
    if (ctx.json) printJson(ctx, r)
    else {
      for (const e of r.entries) ctx.out(`${e.thumbprint} ${e.hasKey ? 'key ' : '    '}${e.tags.includes('edge') ? 'EDGE ' : ''}${e.subject} (until ${e.notAfter})`)
      if (r.pending.length) ctx.out(`${r.pending.length} pending request key(s) waiting for their certificate`)
    }
    return 0
  }),
}

/** `store list --expiring DAYS`: the certificates that expire within DAYS, soonest first; exit 4 when any. */
function listExpiring(ctx: CliContext, entries: ReadonlyArray<{ thumbprint: string; subject: string; notAfter: string; tags: string[] }>, within: string): number {
  if (!/^\d{1,5}$/.test(within)) fail('USAGE', '--expiring takes a whole number of days, e.g. --expiring 30.')
  const now = new Date()
  const hits = entries
    .map((e) => ({ ...e, daysLeft: daysLeft(e.notAfter, now) }))
    .filter((e) => e.daysLeft <= Number(within))
    .sort((a, b) => a.daysLeft - b.daysLeft)
  if (ctx.json) printJson(ctx, { within: Number(within), expiring: hits })
  else if (hits.length === 0) ctx.out(`No certificate in the store expires within ${within} days.`)
  else for (const e of hits) ctx.out(`${e.thumbprint} ${e.tags.includes('edge') ? 'EDGE ' : ''}${expirySentence(e)}`)
  return hits.length ? EXIT_EXPIRING : 0
}

const storeImport: Command = {
  name: 'store import',
  summary: 'Import files or whole folders into the store',
  usage: 'xgw store import FILE|FOLDER... [--password-file F | --password-env VAR] [--store-passphrase-file F | --store-passphrase-env VAR] [--json]',
  options: [...PASSWORD, ...STORE_PASS, JSON_OPT],
  run: guarded(async (pos, o, ctx) => {
    if (!pos.length) fail('USAGE', 'Name at least one file or folder to import.')
    const names: string[] = []
    for (const p of pos) {
      const full = path.resolve(ctx.cwd, p)
      let st: fs.Stats
      try {
        st = fs.statSync(full)
      } catch {
        fail('NOT_FOUND', `Cannot read ${p}.`)
      }
      if (st.isDirectory()) {
        for (const e of fs
          .readdirSync(full, { withFileTypes: true })
          .filter((d) => d.isFile())
          .sort((a, b) => a.name.localeCompare(b.name))) {
          names.push(path.join(full, e.name))
        }
      } else names.push(full)
    }
    if (names.length > MAX_FOLDER_FILES) fail('TOO_LARGE', `At most ${MAX_FOLDER_FILES} files per import.`)
    const password = await ctx.readPassword(o)
    await unlockStore(ctx, o, false)
    const files = []
    for (const n of names) files.push({ ...(await readInput(ctx, n)), ...(password !== undefined ? { password } : {}) })
    const r = value(await certs(ctx).storeImport({ files }))
    if (ctx.json) ctx.out(JSON.stringify(r))
    else {
      ctx.out(`added ${r.added.length}, already there ${r.duplicates.length}, keys paired ${r.paired.length}, not imported ${r.errors.length}`)
      for (const e of r.errors) ctx.out(`  not imported: ${e.name}: ${e.error.code} ${e.error.message}`)
    }
    return r.errors.length > 0 ? EXIT_CHECK_FAILED : 0
  }),
}

const storeExport: Command = {
  name: 'store export',
  summary: 'Export a stored certificate (with chain and key) to a file',
  usage: 'xgw store export THUMBPRINT --to pem|der|p7b|pfx --out FILE [--no-key] [--out-password-file F | --no-encrypt] [--pfx-profile compatible|modern] [--store-passphrase-file F]',
  options: [
    ...OUT_PASS,
    ...STORE_PASS,
    { name: 'to', type: 'string', description: 'pem, der, p7b or pfx', valueName: 'FORMAT' },
    { name: 'out', type: 'string', description: 'Output file', valueName: 'FILE' },
    { name: 'no-key', type: 'boolean', description: 'Leave the private key out' },
    { name: 'no-encrypt', type: 'boolean', description: 'Write the private key without a password (PEM); only on this explicit choice' },
    { name: 'pfx-profile', type: 'string', description: 'compatible (default) or modern', valueName: 'PROFILE' },
    JSON_OPT,
  ],
  run: guarded(async (pos, o, ctx) => {
    const to = str(o, 'to')
    if (to !== 'pem' && to !== 'der' && to !== 'p7b' && to !== 'pfx') fail('USAGE', '--to must be pem, der, p7b or pfx.')
    const profile = str(o, 'pfx-profile') ?? 'compatible'
    if (profile !== 'compatible' && profile !== 'modern') fail('USAGE', '--pfx-profile must be compatible or modern.')
    if (!pos[0]) fail('USAGE', 'Name the thumbprint to export.')
    const includeKey = o['no-key'] !== true && (to === 'pfx' || to === 'pem')
    if (includeKey) await unlockStore(ctx, o, false)
    const noEncrypt = o['no-encrypt'] === true
    if (noEncrypt && to === 'pfx') fail('USAGE', '--no-encrypt applies to a PEM key; a PFX always has a password.')
    const pw = noEncrypt || (!includeKey && to !== 'pfx') ? undefined : await outPassword(ctx, o, to === 'pfx' ? 'PFX password: ' : 'Key password: ')
    if (to === 'pfx' && pw === undefined) fail('USAGE', 'A PFX needs a password: give --out-password-file F or --out-password-env VAR.')
    const r = value(await certs(ctx).storeExport({ thumbprint: pos[0], to, includeKey, profile, ...(pw ? { password: pw } : to === 'pfx' ? { password: pw ?? '' } : {}), ...(noEncrypt ? { unencryptedKey: true } : {}) }))
    const written = await writeOutput(ctx, str(o, 'out'), Buffer.from(r.data, 'base64'), r.includesKey)
    const out = { out: written, format: to, certificates: r.certificates, includesKey: r.includesKey }
    ctx.out(ctx.json ? JSON.stringify(out) : `wrote ${written}`)
    return 0
  }),
}

const storeRemove: Command = {
  name: 'store remove',
  summary: 'Delete a certificate and its key from the store',
  usage: 'xgw store remove THUMBPRINT [--json]',
  options: [JSON_OPT],
  run: guarded(async (pos, _o, ctx) => {
    if (!pos[0]) fail('USAGE', 'Name the thumbprint to remove.')
    value(await certs(ctx).storeRemove({ thumbprint: pos[0] }))
    ctx.out(ctx.json ? JSON.stringify({ removed: pos[0].toUpperCase() }) : `removed ${pos[0]}`)
    return 0
  }),
}

/** Every certificate command, for the xgw command table. */
export const certificateCommands: Command[] = [inspect, check, convert, csr, storeList, storeImport, storeExport, storeRemove]
