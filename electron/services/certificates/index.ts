/**
 * Public surface of the certificate engine. The live XMPP probe imports `certificateFacts` and
 * `checkCertificates` from here (names are stable); the shells import `createCertificateService`
 * and the runners.
 */
export { certificateFacts, type CertificateFacts, type PublicKeyFacts } from './facts'
export {
  checkCertificates,
  requiredNames,
  requirementsFromProject,
  verdictOf,
  FINDING_CODES,
  SEVERITY,
  EXPIRES_SOON_DAYS,
  type CheckSubject,
  type EdgeCheckResult,
  type EdgeRequirements,
  type Finding,
  type FindingCode,
  type Severity,
  type Verdict,
} from './edge-check'
export { createCertificateService, type CertificateHandlers, type CertificateServiceDeps } from './service'
export { createInProcessRunner, createWorkerRunner, type CryptoRunner } from './crypto-runner'
export { createPrimitives, type CryptoPrimitives } from './primitives'
export { detectNativeSupport, type NativeSupportReport } from './native-support'
export { readContainer, type Container, type ContainerFormat } from './read-container'
export { inspectContainer, type InspectResult, type KeyFacts } from './inspect'
export { convert, type ConvertRequest, type ConvertResult, type ConvertTarget } from './convert'
export { createCsr, assembleSans, type CsrResult } from './csr'
export { createCertStore, type CertStore, type StoreEntry } from './cert-store'
export type { PfxProfile } from './pkcs12-writer'
