/**
 * The `certificates` service: the route handlers of shared/contract/certificates.ts over the
 * engine, the store and the runner. Built by a factory with its dependencies passed in; nothing
 * happens at construction (no disk, no worker, no probes).
 */
import * as path from 'node:path'
import type { z } from 'zod'
import { certificates as routes } from '../../../shared/contract/certificates'
import { AppError, ErrorCode } from '../../../shared/errors'
import type { Logger } from '../../lib/logger'
import { type FetchOptions, fetchMissingIssuers } from './aia-fetch'
import { createCertStore } from './cert-store'
import { type CsrProgress, createCsr } from './csr'
import type { CheckSubject, EdgeRequirements } from './edge-check'
import { PEM_KEY_ITERATIONS } from './keys'
import { toPem } from './pem'
import { detectNativeSupport } from './native-support'
import { createPrimitives } from './primitives'
import { type CryptoRunner, createInProcessRunner } from './crypto-runner'
import type { Container } from './read-container'

type Routes = typeof routes
/** Exactly `Handlers['certificates']` once the namespace is registered in shared/contract/index.ts. */
export type CertificateHandlers = {
  [M in keyof Routes]: (input: z.output<Routes[M]['input']>) => Promise<z.output<Routes[M]['output']>>
}

export interface CertificateServiceDeps {
  /** `<dataDir>/store`. */
  readonly storeDir: string
  readonly log: Logger
  readonly now?: () => Date
  /** Where heavy parsing runs; default in-process. The shells pass createWorkerRunner(url). */
  readonly runner?: CryptoRunner
  /** Force node-forge for every primitive it implements (tests; a build whose probes fail). */
  readonly forceFallback?: boolean
  /** Key-generation progress for the UI (the route itself answers once, at the end). */
  readonly onCsrProgress?: (e: CsrProgress) => void
  /** Bounds for "Find missing issuers" (tests shorten the 10 s timeout). */
  readonly fetchOptions?: Omit<FetchOptions, 'log'>
}

const b64 = (s: string) => Buffer.from(s, 'base64')

function containerKind(c: Container): CheckSubject['container'] {
  if (c.format === 'pkcs12') return 'pfx'
  if (c.format === 'pkcs7-der' || c.format === 'pkcs7-pem') return 'p7b'
  if (c.format === 'pem') return 'pem'
  return 'der'
}

/** Creates the service. */
export function createCertificateService(deps: CertificateServiceDeps): CertificateHandlers & { close(): Promise<void> } {
  const p = createPrimitives({ forceFallback: !!deps.forceFallback })
  const runner = deps.runner ?? createInProcessRunner({ forceFallback: !!deps.forceFallback })
  const now = deps.now ?? (() => new Date())
  const store = createCertStore({ dir: path.resolve(deps.storeDir), primitives: p, log: deps.log, now, runner })

  const readAll = async (files: readonly { name: string; data: string; password?: string | undefined }[]) => {
    const out: Container[] = []
    for (const f of files) out.push(await runner.read(b64(f.data), f.password))
    return out
  }
  const material = (cs: readonly Container[]) => ({
    certificates: cs.flatMap((c) => c.certificates),
    keys: cs.flatMap((c) => c.keys.map((k) => k.pkcs8)),
    friendlyName: cs.find((c) => c.friendlyName)?.friendlyName,
    cspName: cs.flatMap((c) => c.keys).find((k) => k.cspName)?.cspName,
  })

  return {
    async inspect(input) {
      // Reading, key import, pairing and chain order run where the runner runs (a worker in the shells);
      // files picked together (certificate, key, chain) are one set: facts and pairing over all of them.
      const file = (f: { data: string; password?: string | undefined }) => ({ bytes: b64(f.data), ...(f.password !== undefined ? { password: f.password } : {}) })
      let r = await runner.run('inspect', { ...file(input), extra: input.extraFiles.map(file) })
      if (r.publicKeys.length) {
        // A public key on its own says little: name the stored certificate or pending request it belongs to.
        const found = await store.findBySpki(r.publicKeys.map((k) => k.spkiSha256)).catch(() => new Map<string, { certificates: string[]; pendingRequests: string[] }>())
        r = { ...r, publicKeys: r.publicKeys.map((k) => ({ ...k, stored: found.get(k.spkiSha256) ?? { certificates: [], pendingRequests: [] } })) }
      }
      deps.log.info('certificate file inspected', { format: r.format, certificates: r.certificates.length, keys: r.privateKeys.length, publicKeys: r.publicKeys.length })
      return routes.inspect.output.parse(r)
    },

    async check(input) {
      const [primary, ...extra] = await readAll([input.file, ...input.extraFiles])
      const all = [primary!, ...extra]
      const m = material(all)
      const req = input.requirements
      const anchors = req.trustAnchors ? (await readAll(req.trustAnchors.map((data) => ({ name: 'anchor', data })))).flatMap((c) => c.certificates) : []
      const subject: CheckSubject = {
        container: containerKind(primary!),
        certificates: m.certificates,
        privateKeys: m.keys,
        ...(primary!.pkcs12 ? { hasMac: primary!.pkcs12.mac !== null } : {}),
        issuers: [
          ...(input.chainFiles.length ? (await readAll(input.chainFiles)).flatMap((c) => c.certificates.map((der) => ({ der, source: 'picked' as const }))) : []),
          ...(await store.issuerCertificates()).map((der) => ({ der, source: 'store' as const })),
        ],
      }
      const requirements: EdgeRequirements = {
        sipDomains: req.sipDomains,
        xmppDomains: req.xmppDomains,
        edgeFqdns: req.edgeFqdns,
        ...(anchors.length ? { trustAnchors: anchors } : {}),
        at: req.at ?? now(),
      }
      const check = (sub: CheckSubject, reqs: EdgeRequirements) => runner.run('check', { subject: sub, requirements: reqs })
      let r = await check(subject, requirements)
      if (input.fetchIssuers && r.trust?.status === 'incomplete') {
        // Explicit request only: AIA fetching contacts the CA's web server (HTTP, as AIA is).
        const fetched = await fetchMissingIssuers(p, subject, requirements, { log: deps.log, ...(deps.fetchOptions ?? {}) })
        if (fetched.certificates.length) {
          r = await check({ ...subject, issuers: [...(subject.issuers ?? []), ...fetched.certificates.map((der) => ({ der, source: 'fetched' as const }))] }, requirements)
        }
        deps.log.info('missing issuers fetched', { fetched: fetched.certificates.length, failures: fetched.failures.length })
        deps.log.info('certificate checked', { verdict: r.verdict, findings: r.findings.map((f) => f.code).join(',') })
        return routes.check.output.parse({ ...r, fetch: fetched.failures.map((f) => ({ url: f.url, code: f.code, message: f.message })), completedChain: (r.chainDer ?? []).map((d) => d.toString('base64')) })
      }
      deps.log.info('certificate checked', { verdict: r.verdict, findings: r.findings.map((f) => f.code).join(',') })
      return routes.check.output.parse({ ...r, completedChain: (r.chainDer ?? []).map((d) => d.toString('base64')) })
    },

    async convert(input) {
      const m = material(await readAll([input.file, ...input.extraFiles]))
      const r = await runner.run('convert', {
        certificates: m.certificates,
        keys: m.keys,
        to: input.to,
        ...(input.outPassword !== undefined ? { password: input.outPassword } : {}),
        profile: input.profile,
        ...((input.friendlyName ?? m.friendlyName) ? { friendlyName: input.friendlyName ?? m.friendlyName } : {}),
        ...(m.cspName ? { cspName: m.cspName } : {}),
        omitKey: !input.includeKey,
        ...(input.unencryptedKey ? { unencryptedKey: true } : {}),
      })
      deps.log.info('certificate converted', { to: input.to, profile: input.profile, certificates: r.certificates.length, key: r.includesKey })
      return { data: r.bytes.toString('base64'), extension: r.extension, certificates: [...r.certificates], includesKey: r.includesKey, readBack: r.readBack }
    },

    async createCsr(input) {
      if (!input.storePendingKey && input.keyPassword === undefined) {
        throw new AppError(ErrorCode.Validation, 'Keep the new private key somewhere: in the store (unlock it) or as an encrypted key file (give a key password).')
      }
      if (input.storePendingKey && !(await store.status()).unlocked) {
        throw new AppError(ErrorCode.StoreLocked, 'Unlock the certificate store first: the new private key is kept there, encrypted, until the certificate arrives.')
      }
      const r = await createCsr(p, input, deps.onCsrProgress, () => now().getTime())
      const pendingId = input.storePendingKey ? await store.addPending(r.keyPkcs8, r.subject, r.sans) : null
      // 600,000 PBKDF2 iterations, derived in the worker, not on this thread.
      const encryptedKeyPem = input.keyPassword !== undefined ? toPem('ENCRYPTED PRIVATE KEY', await runner.run('encryptKey', { pkcs8: r.keyPkcs8, password: input.keyPassword, iterations: PEM_KEY_ITERATIONS })) : null
      r.keyPkcs8.fill(0)
      deps.log.info('certificate request created', { keySize: r.keySize, sans: r.sans.length, pending: !!pendingId })
      return {
        csrPem: r.csrPem,
        subject: r.subject,
        sans: [...r.sans],
        keySize: r.keySize,
        requestCsCertificate: r.requestCsCertificate,
        wizardFields: r.wizardFields.map((f) => ({ ...f })),
        pendingId,
        encryptedKeyPem,
      }
    },

    async nativeSupport() {
      const rep = detectNativeSupport()
      const fallbacks = [
        ...Object.entries(rep.ciphers)
          .filter(([, v]) => !v)
          .map(([k]) => `cipher:${k}`),
        ...Object.entries(rep.pbkdf2)
          .filter(([, v]) => !v)
          .map(([k]) => `pbkdf2:${k}`),
        ...Object.entries(rep.hmac)
          .filter(([, v]) => !v)
          .map(([k]) => `hmac:${k}`),
        ...Object.entries(rep.hashes)
          .filter(([, v]) => !v)
          .map(([k]) => `hash:${k}`),
      ]
      return { mode: p.mode, fallbacks }
    },

    storeStatus: async () => ({ ...(await store.status()) }),

    async storeUnlock(input) {
      return store.unlock(input.passphrase)
    },

    async storeLock() {
      store.lock()
      return {}
    },

    async storeList(input) {
      // One read of the index for both lists. Not re-validated against the contract: the index was
      // validated with the contract's own entry schema (cert-store extends it) when read, or when
      // the bytes its seal names were, and a second pass over 10,000 entries blocked the main
      // thread for another 100 ms. xgw serves this route the same way (cli-dispatch.ts).
      return store.listing(input.query)
    },

    async storeImport(input) {
      const items = await runner.readMany(input.files.map((f) => ({ name: f.name, bytes: b64(f.data), ...(f.password !== undefined ? { password: f.password } : {}) })))
      const ok = items.flatMap((i) => (i.ok ? [{ name: i.name, container: i.container }] : []))
      const errors = items.flatMap((i) => (i.ok ? [] : [{ name: i.name, error: i.error }]))
      const r = await store.importContainers(ok, errors)
      return routes.storeImport.output.parse(r)
    },

    async storeExport(input) {
      const m = await store.material(input.thumbprint, input.includeKey && (input.to === 'pfx' || input.to === 'pem'))
      const r = await runner.run('convert', {
        certificates: m.certificates,
        keys: m.key ? [m.key] : [],
        to: input.to,
        ...(input.password !== undefined ? { password: input.password } : {}),
        profile: input.profile,
        ...((input.friendlyName ?? m.entry.friendlyName) ? { friendlyName: input.friendlyName ?? m.entry.friendlyName } : {}),
        ...(input.unencryptedKey ? { unencryptedKey: true } : {}),
      })
      m.key?.fill(0)
      return { data: r.bytes.toString('base64'), extension: r.extension, certificates: [...r.certificates], includesKey: r.includesKey, readBack: r.readBack }
    },

    async storeRemove(input) {
      await store.remove(input.thumbprint)
      return {}
    },

    async storeTag(input) {
      return routes.storeTag.output.parse(await store.tag(input.thumbprint, input.tag, input.on))
    },

    close: () => runner.close(),
  }
}
