import { defineStore } from 'pinia'
import { edgeRequirements } from '../../../shared/domain/rules/edge-requirements'
import { computed, ref, shallowRef, watch } from 'vue'
import type { Input, Output } from '../../../shared/contract'
import type { ProjectData } from '../../../shared/domain/model/project'
import { pemArmour } from '../../../shared/domain/pem-armour'
import { csrRequestFromProject } from '../../../shared/domain/rules/certificates'
import { type AppErrorData, ErrorCode } from '../../../shared/errors'
import type { Result } from '../../../shared/result'
import { useApi } from '../api/inject'
import { toBase64 } from '../lib/base64'
import { useProjectsStore } from './projects'

export type InspectResult = Output<'certificates', 'inspect'>
export type CheckResult = Output<'certificates', 'check'>
export type CertFacts = InspectResult['certificates'][number]
export type CertFinding = CheckResult['findings'][number]
export type StoreEntry = Output<'certificates', 'storeList'>['entries'][number]
export type PendingRequest = Output<'certificates', 'storeList'>['pending'][number]
export type StoreStatus = Output<'certificates', 'storeStatus'>
export type CsrResult = Output<'certificates', 'createCsr'>
export type ConvertResult = Output<'certificates', 'convert'>
export type ImportResult = Output<'certificates', 'storeImport'>
export type ExportOptions = Omit<Input<'certificates', 'storeExport'>, 'thumbprint'>

/** A file as the routes take it: a display name and its bytes in base64 (never a path). */
export interface CertFile {
  name: string
  data: string
  password?: string
}

/** What the admin last inspected: the facts, the Edge findings and the files they came from. */
export interface Analysis {
  files: CertFile[]
  inspect: InspectResult
  check: CheckResult
}

/** Codes for which the right answer is a password prompt. */
export const PASSWORD_CODES: ReadonlySet<string> = new Set<ErrorCode>([ErrorCode.PasswordRequired, ErrorCode.WrongPassword])

/** What to do about each coded error, shown under its message; keyed by the closed code set, so a renamed code is a compile error. */
export const ERROR_ADVICE: Readonly<Partial<Record<ErrorCode, string>>> = {
  [ErrorCode.WrongPassword]: 'Type the password again (it is case-sensitive). If it is right, the file was damaged while copying: export it again from the source.',
  [ErrorCode.PasswordRequired]: 'Enter the password the file was exported with.',
  [ErrorCode.Truncated]: 'The file is incomplete. Copy or download it again (in binary mode for FTP) and make sure the transfer finished.',
  [ErrorCode.Malformed]: 'The file is not a readable certificate. Check that you picked the right file; if it was pasted, paste the whole block including the BEGIN and END lines.',
  [ErrorCode.UnsupportedFormat]: 'Pick a .cer, .crt, .pem, .p7b, .pfx/.p12, private key or .req file. Office documents, ZIP archives and screenshots cannot be read.',
  [ErrorCode.TooLarge]: 'Certificate files are a few kilobytes. Pick the certificate itself, not an archive or a folder export.',
  [ErrorCode.StoreLocked]: 'Unlock the certificate store below with its passphrase, then try again.',
  [ErrorCode.KeyMismatch]: "The private key belongs to another certificate. Pick the key generated with this certificate's request, or the PFX exported from the Edge that made the request.",
  [ErrorCode.Validation]: 'Correct the value and try again.',
  [ErrorCode.NotFound]: 'The certificate is no longer in the store. Refresh the list.',
  [ErrorCode.Transport]: "The application's background process did not answer. Try again; restart the application if it persists.",
}

/** The advice for a code as it arrives over the wire (a plain string), if there is one. */
export function adviceFor(code: string): string | undefined {
  return Object.hasOwn(ERROR_ADVICE, code) ? ERROR_ADVICE[code as ErrorCode] : undefined
}

/** Reads a dropped or chosen file into a CertFile (File.arrayBuffer; the renderer never sees a path). */
export async function readCertFile(file: File): Promise<CertFile> {
  return { name: file.name.slice(0, 260) || 'file', data: toBase64(new Uint8Array(await file.arrayBuffer())) }
}

/** Hands bytes to the browser as a download (Blob + anchor with `download`). */
export { downloadBytes } from '../lib/browser-io'

/** Name of the file the app adds with issuers found in the store, the trust anchors or at the CA. */
export const FOUND_ISSUERS_FILE = 'issuers found.pem'

/**
 * The picked files plus one PEM file with the issuers the check found elsewhere (store, anchors,
 * the CA's AIA URL), so a conversion or an import carries the completed chain.
 */
export function withFoundIssuers(files: readonly CertFile[], check: CheckResult): CertFile[] {
  const own = files.filter((f) => f.name !== FOUND_ISSUERS_FILE)
  const sources = check.trust?.sources ?? []
  const found = (check.completedChain ?? []).filter((_, i) => i > 0 && sources[i] !== 'file' && sources[i] !== 'picked')
  if (!found.length) return own
  const pem = found.map((derB64) => pemArmour('CERTIFICATE', derB64)).join('')
  return [...own, { name: FOUND_ISSUERS_FILE, data: toBase64(new TextEncoder().encode(pem)) }]
}

const plainFiles = (files: readonly CertFile[]) => files.map((f) => ({ name: f.name, data: f.data, ...(f.password !== undefined ? { password: f.password } : {}) }))

/**
 * The Certificates step's state: the last inspection, the file-system store, the pending CSR.
 * Passwords and the store passphrase are passed through to the routes and never kept here.
 */
export const useCertificatesStore = defineStore('certificates', () => {
  const api = useApi()
  const projects = useProjectsStore()

  const analysis = ref<Analysis | null>(null)
  const busy = ref<string | null>(null)
  const status = ref<StoreStatus | null>(null)
  // Replaced wholesale on every refresh, never mutated in place: a shallow ref spares 10,000 deep proxies.
  const entries = shallowRef<StoreEntry[]>([])
  const pending = ref<PendingRequest[]>([])
  const query = ref('')
  const csr = ref<CsrResult | null>(null)
  /** Milliseconds since key generation started, or null when none runs. */
  const keygenElapsed = ref<number | null>(null)

  /** The Edge requirements of a project: one definition shared with the engine and the live probe. */
  const requirements = (data: ProjectData) => edgeRequirements(data)

  async function run<T>(label: string, call: () => Promise<Result<T>>): Promise<Result<T>> {
    busy.value = label
    try {
      return await call()
    } finally {
      busy.value = null
    }
  }

  /**
   * Inspects every file (the first is the one judged; the others are its key or chain), then
   * checks them together for the Edge. Keeps the result as `analysis`. On failure answers the
   * error and which file caused it, so the step can ask for that file's password.
   */
  async function analyse(files: CertFile[], data: ProjectData): Promise<{ ok: true; value: Analysis } | { ok: false; error: AppErrorData; index: number }> {
    const wire = plainFiles(files)
    if (!wire.length) return { ok: false, error: { code: 'VALIDATION', message: 'Pick a file first.' }, index: 0 }
    let first: InspectResult | null = null
    // Each file alone first, so a password prompt names the file that needs it.
    for (const [i, f] of wire.entries()) {
      const insp = await run(`Reading ${f.name}…`, () => api.certificates.inspect(f))
      if (!insp.ok) return { ok: false, error: insp.error, index: i }
      first ??= insp.value
    }
    // Then the files picked together as one set: the card shows the key and chain from all of them.
    if (wire.length > 1) {
      const all = await run('Reading the files together…', () => api.certificates.inspect({ ...wire[0]!, extraFiles: wire.slice(1) }))
      if (!all.ok) return { ok: false, error: all.error, index: 0 }
      first = all.value
    }
    const chk = await run('Checking it for the Edge…', () => api.certificates.check({ file: wire[0]!, extraFiles: wire.slice(1), requirements: requirements(data) }))
    if (!chk.ok) return { ok: false, error: chk.error, index: 0 }
    analysis.value = { files: withFoundIssuers(files, chk.value), inspect: first!, check: chk.value }
    return { ok: true, value: analysis.value }
  }

  /** "Find missing issuers": the store and the CA's AIA URL (an explicit request: it contacts the CA). */
  async function findIssuers(data: ProjectData): Promise<Result<CheckResult>> {
    const a = analysis.value
    if (!a) return { ok: false, error: { code: 'VALIDATION', message: 'Pick a file first.' } }
    const wire = plainFiles(a.files.filter((f) => f.name !== FOUND_ISSUERS_FILE))
    const chk = await run('Looking for the missing issuers…', () => api.certificates.check({ file: wire[0]!, extraFiles: wire.slice(1), fetchIssuers: true, requirements: requirements(data) }))
    if (chk.ok) analysis.value = { ...a, files: withFoundIssuers(a.files, chk.value), check: chk.value }
    return chk
  }

  function clearAnalysis() {
    analysis.value = null
  }

  /** Converts every picked file as one set (key and chain from all of them); includeKey false leaves a key out on purpose. */
  async function convert(
    files: CertFile[],
    opts: { to: 'pem' | 'der' | 'p7b' | 'pfx'; outPassword?: string; profile: 'compatible' | 'modern'; friendlyName?: string; includeKey?: boolean; unencryptedKey?: boolean },
  ): Promise<Result<ConvertResult>> {
    const [first, ...rest] = files
    if (!first) return { ok: false, error: { code: 'VALIDATION', message: 'Pick the certificate and its key first.' } }
    return run('Converting…', () =>
      api.certificates.convert({
        file: plainFiles([first])[0]!,
        extraFiles: plainFiles(rest),
        to: opts.to,
        profile: opts.profile,
        includeKey: opts.includeKey !== false,
        ...(opts.outPassword !== undefined ? { outPassword: opts.outPassword } : {}),
        ...(opts.friendlyName ? { friendlyName: opts.friendlyName } : {}),
        ...(opts.unencryptedKey ? { unencryptedKey: true } : {}),
      }),
    )
  }

  /** Generates key + CSR for the project (the key waits encrypted in the store). */
  async function createCsr(data: ProjectData): Promise<Result<CsrResult>> {
    const r = csrRequestFromProject(data)
    const t0 = performance.now()
    keygenElapsed.value = 0
    const timer = setInterval(() => (keygenElapsed.value = Math.round(performance.now() - t0)), 200)
    try {
      const res = await run(`Generating a ${r.keySize}-bit RSA key and the request…`, () => api.certificates.createCsr({ ...r, storePendingKey: true }))
      if (res.ok) {
        csr.value = res.value
        await refreshStore()
      }
      return res
    } finally {
      clearInterval(timer)
      keygenElapsed.value = null
    }
  }

  // ---- The store ----
  async function refreshStore(): Promise<AppErrorData | null> {
    const st = await api.certificates.storeStatus({})
    if (!st.ok) return st.error
    status.value = st.value
    const ls = await api.certificates.storeList(query.value.trim() ? { query: query.value.trim() } : {})
    if (!ls.ok) return ls.error
    entries.value = ls.value.entries
    pending.value = ls.value.pending
    return null
  }

  async function unlock(passphrase: string): Promise<Result<{ created: boolean }>> {
    const res = await run('Unlocking the store…', () => api.certificates.storeUnlock({ passphrase }))
    await refreshStore()
    return res
  }

  async function lock(): Promise<void> {
    await api.certificates.storeLock({})
    await refreshStore()
  }

  async function importFiles(files: CertFile[]): Promise<Result<ImportResult>> {
    const res = await run('Importing into the store…', () => api.certificates.storeImport({ files: plainFiles(files) }))
    await refreshStore()
    return res
  }

  async function tag(thumbprint: string, on = true): Promise<Result<StoreEntry>> {
    const res = await api.certificates.storeTag({ thumbprint, tag: 'edge', on })
    await refreshStore()
    return res
  }

  async function remove(thumbprint: string): Promise<Result<object>> {
    const res = await api.certificates.storeRemove({ thumbprint })
    await refreshStore()
    return res
  }

  async function exportEntry(thumbprint: string, opts: ExportOptions): Promise<Result<ConvertResult>> {
    return run('Exporting…', () => api.certificates.storeExport({ thumbprint, ...opts }))
  }

  const edgeEntry = computed(() => entries.value.find((e) => e.tags.includes('edge')) ?? null)

  // Another project: the last inspection and CSR belonged to the previous one.
  watch(
    () => projects.current?.id,
    () => {
      analysis.value = null
      csr.value = null
    },
  )

  return {
    analysis,
    busy,
    status,
    entries,
    pending,
    query,
    csr,
    keygenElapsed,
    edgeEntry,
    requirements,
    analyse,
    findIssuers,
    clearAnalysis,
    convert,
    createCsr,
    refreshStore,
    unlock,
    lock,
    importFiles,
    tag,
    remove,
    exportEntry,
  }
})

/** A stored certificate judged against the project with what the store knows: names, dates, key. */
export interface EntryVerdict {
  readonly verdict: 'pass' | 'warn' | 'fail' | 'ca'
  /** One short reason per problem, for the row. */
  readonly reasons: readonly string[]
}

const DAY_MS = 86_400_000

/**
 * The store row's verdict: fail for missing required SANs, a date outside the validity period or an
 * RSA key under 2048 bits; warn for expiry within 30 days or no private key (the Edge needs the
 * PFX); a CA certificate is not judged. Chain, EKU and CRL are judged when the file is inspected.
 */
export function entryVerdict(e: StoreEntry, required: readonly string[], now = Date.now()): EntryVerdict {
  if (e.isCA) return { verdict: 'ca', reasons: [] }
  const fail: string[] = []
  const warn: string[] = []
  const have = new Set(e.dnsNames.map((n) => n.toLowerCase()))
  const missing = required.filter((n) => !have.has(n.toLowerCase()))
  if (missing.length) fail.push(`lacks ${missing.join(', ')}`)
  const nb = Date.parse(e.notBefore)
  const na = Date.parse(e.notAfter)
  if (now > na) fail.push(`expired ${e.notAfter.slice(0, 10)}`)
  else if (now < nb) fail.push(`not valid before ${e.notBefore.slice(0, 10)}`)
  else if (na - now < 30 * DAY_MS) warn.push(`expires ${e.notAfter.slice(0, 10)}`)
  if (e.keyType === 'RSA' && e.keyBits < 2048) fail.push(`RSA ${e.keyBits} bits`)
  if (!e.hasKey) warn.push('no private key')
  return { verdict: fail.length ? 'fail' : warn.length ? 'warn' : 'pass', reasons: [...fail, ...warn] }
}

/** Lower-case text a row is searched by (computed once per entry, so a keystroke is one pass of includes). */
export function entryHaystack(e: StoreEntry): string {
  return [e.subject, e.issuer, e.thumbprint, e.serialNumber, e.friendlyName ?? '', ...e.dnsNames, ...e.tags].join('\n').toLowerCase()
}
