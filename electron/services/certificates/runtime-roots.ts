/**
 * The roots the runtime trusts when the admin gives no trust anchor: Node's bundled root store
 * (Mozilla's list, `tls.rootCertificates`) and, where the runtime can read it, the operating
 * system's store (`tls.getCACertificates('system')`, Node 22.15+/23.5+). Parsed once per process.
 */
import * as tls from 'node:tls'
import { type ParsedCertificate, parseCertificate } from './facts'
import { splitPem } from './pem'

export interface RuntimeRoots {
  readonly certs: readonly ParsedCertificate[]
  /** How the admin is told what "trusted" meant. */
  readonly description: string
}

let cached: RuntimeRoots | null = null

function pemDers(pems: readonly string[]): Buffer[] {
  return pems.flatMap((pem) =>
    splitPem(Buffer.from(pem, 'utf8'), (l) => l === 'CERTIFICATE')
      .filter((b) => b.label === 'CERTIFICATE')
      .map((b) => b.der),
  )
}

function parsedAll(ders: readonly Buffer[]): ParsedCertificate[] {
  const out: ParsedCertificate[] = []
  for (const d of ders) {
    try {
      out.push(parseCertificate(d))
    } catch {
      // A root this engine cannot parse cannot anchor a path either; skip it.
    }
  }
  return out
}

/** Node's bundled roots plus the system store where readable (memoised). */
export function runtimeRoots(): RuntimeRoots {
  if (cached) return cached
  const getCa = (tls as unknown as { getCACertificates?: (kind: string) => string[] }).getCACertificates
  let system: string[]
  try {
    system = getCa ? getCa('system') : []
  } catch {
    system = []
  }
  const certs = parsedAll(pemDers([...tls.rootCertificates, ...system]))
  cached = {
    certs,
    description: system.length
      ? `the public root certificates bundled with Node.js and the operating system's trusted roots (${certs.length} roots)`
      : `the public root certificates bundled with Node.js (Mozilla's list, ${certs.length} roots; this runtime cannot read the operating system's store)`,
  }
  return cached
}
