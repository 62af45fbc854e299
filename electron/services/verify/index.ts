/** Public surface of the live checks (issue 5). */
export { createVerifyService, nodeNetPort, type VerifyHandlers, type VerifyServiceDeps } from './verify-service'
export { CHECK_CODES, FIXES, fixFor, type CheckCode, type CheckStatus } from './codes'
export { nodeResolverFactory, type DnsResolverPort, type ResolverFactory } from './dns-check'
export { certificateEngine, type CertificatePort } from './cert-report'
export type { NetPort } from './transport'
