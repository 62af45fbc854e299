import { z } from 'zod'
import { route } from './define'
import { CertificateRequest } from '../domain/model/certificates'
import { MAX_CERTIFICATE_FILE_BASE64, MAX_CERTIFICATE_FILE_BYTES } from '../domain/file-limits'
import { MAX_STORE_QUERY } from '../domain/store-query'

/**
 * Namespace `certificates` (issue 3). The renderer never names a path: files travel as base64
 * bytes, results come back as JSON-safe values. Passwords travel inside the input and are never
 * logged (the service logs codes and counts only).
 */

export const Base64 = z
  .string()
  .max(MAX_CERTIFICATE_FILE_BASE64, `A certificate file may be at most ${MAX_CERTIFICATE_FILE_BYTES / 1024 / 1024} MB.`)
  .regex(/^[A-Za-z0-9+/]*={0,2}$/, 'base64 expected')
const Password = z.string().max(1024)
const Thumbprint = z.string().regex(/^[0-9A-Fa-f: ]{40,59}$/, 'SHA-1 thumbprint expected')

export const FileInput = z.object({
  /** Shown in messages only (e.g. the dropped file's base name); never a path that is opened. */
  name: z.string().max(260).default('file'),
  data: Base64,
  password: Password.optional(),
})
export type FileInput = z.infer<typeof FileInput>

export const PublicKeyFacts = z.object({ type: z.string(), bits: z.number().int(), curve: z.string().optional() })

export const CertificateFactsSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  serialDerHex: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  dnsNames: z.array(z.string()),
  otherNameCount: z.number().int(),
  ipAddresses: z.array(z.string()),
  eku: z.array(z.string()).nullable(),
  keyUsage: z.array(z.string()).nullable(),
  publicKey: PublicKeyFacts,
  thumbprint: z.string(),
  sha256: z.string(),
  isCA: z.boolean(),
  selfIssued: z.boolean(),
  signatureAlgorithm: z.string(),
  hasCrlDistributionPoint: z.boolean(),
  caIssuers: z.array(z.string()),
})
export type CertificateFactsData = z.infer<typeof CertificateFactsSchema>

export const KeyFactsSchema = z.object({
  type: z.string(),
  bits: z.number().int(),
  curve: z.string().optional(),
  matchesCertificate: z.string().nullable(),
  friendlyName: z.string().optional(),
})

export const CsrFactsSchema = z.object({
  subject: z.string(),
  dnsNames: z.array(z.string()),
  publicKey: PublicKeyFacts,
  signatureValid: z.boolean(),
  spkiSha256: z.string(),
})

export const Pkcs12InfoSchema = z.object({
  mac: z.string().nullable(),
  macIterations: z.number().int().nullable(),
  certEncryption: z.array(z.string()),
  keyEncryption: z.array(z.string()),
  password: z.enum(['given', 'empty', 'absent']),
})

export const PublicKeyInfoSchema = z.object({
  type: z.string(),
  bits: z.number().int(),
  curve: z.string().optional(),
  spkiSha256: z.string(),
  matchesCertificate: z.string().nullable(),
  matchesPrivateKey: z.boolean(),
  stored: z.object({ certificates: z.array(z.string()), pendingRequests: z.array(z.string()) }).optional(),
})

export const InspectOutput = z.object({
  format: z.string(),
  certificates: z.array(CertificateFactsSchema),
  privateKeys: z.array(KeyFactsSchema),
  requests: z.array(CsrFactsSchema),
  /** Public key files (PUBLIC KEY, RSA PUBLIC KEY, DER SPKI): type, size, SPKI SHA-256, what they match. */
  publicKeys: z.array(PublicKeyInfoSchema).default([]),
  chain: z.array(z.string()),
  chainComplete: z.boolean(),
  missingIssuer: z.string().nullable(),
  leaf: z.string().nullable(),
  pkcs12: Pkcs12InfoSchema.nullable(),
  friendlyName: z.string().optional(),
})
export type InspectOutput = z.infer<typeof InspectOutput>

const Names = z.array(z.string().max(253)).max(64)
export const Requirements = z.object({
  sipDomains: Names.default([]),
  xmppDomains: Names.default([]),
  edgeFqdns: Names.default([]),
  trustAnchors: z.array(Base64).max(16).optional(),
  /** ISO 8601 evaluation time; default now. */
  at: z.iso.datetime({ offset: true }).optional(),
})

export const FindingSchema = z.object({
  code: z.string(),
  severity: z.enum(['error', 'warning', 'notice']),
  message: z.string(),
  names: z.array(z.string()).optional(),
  urls: z.array(z.string()).optional(),
})

export const CheckOutput = z.object({
  verdict: z.enum(['pass', 'warn', 'fail']),
  findings: z.array(FindingSchema),
  leaf: z.string().nullable(),
  chain: z.array(z.string()),
  requiredNames: z.array(z.string()),
  /** The chain on its own: trusted / incomplete (trust not evaluated) / untrusted, against which anchors. */
  trust: z
    .object({
      status: z.enum(['trusted', 'incomplete', 'untrusted']),
      anchors: z.enum(['given', 'runtime']),
      sources: z.array(z.enum(['file', 'picked', 'store', 'anchor', 'fetched'])),
    })
    .optional(),
  /** The built path as DER (base64), leaf first: the completed chain for an export. */
  completedChain: z.array(Base64).optional(),
  /** Issuer downloads that failed (only when fetching was asked for). */
  fetch: z.array(z.object({ url: z.string(), code: z.string(), message: z.string() })).optional(),
})
export type CheckOutput = z.infer<typeof CheckOutput>

export const PfxProfile = z.enum(['compatible', 'modern'])
export const ConvertTarget = z.enum(['pem', 'der', 'p7b', 'pfx'])

export const ConvertOutput = z.object({
  data: z.string(),
  extension: z.enum(['pem', 'cer', 'p7b', 'pfx', 'der']),
  certificates: z.array(z.string()),
  includesKey: z.boolean(),
  /** What the written bytes really hold, read back by the importer (shown next to what was asked). */
  readBack: z
    .object({
      format: z.string(),
      certificates: z.array(z.object({ thumbprint: z.string(), subject: z.string() })),
      includesKey: z.boolean(),
      /** Plain words: how the file is protected (PFX algorithms and MAC, an encrypted PEM key, or none). */
      protection: z.string(),
    })
    .optional(),
})

/** The admin's request fields keep the limits and defaults the project saves them with. */
const RequestField = CertificateRequest.shape

/**
 * The CSR request: the one declaration the engine (csr.ts), the Certificates step and the script
 * writers type their request with (CsrRequestValues in shared/domain/rules/certificates.ts).
 */
export const CsrInput = z.object({
  accessEdgeFqdn: z.string().max(253),
  /** Required SANs (requiredSans(project) names). */
  sans: Names.default([]),
  extraSans: RequestField.extraSans,
  allowWildcard: RequestField.allowWildcard,
  // `keySize` is the wire and Request-CsCertificate name; the project keeps the Certificate
  // Wizard's "Bit length" as `bitLength`. requestKeySize in shared/domain/rules/certificates.ts
  // is the one place that maps them.
  keySize: RequestField.bitLength,
  friendlyName: RequestField.friendlyName,
  organization: RequestField.organization,
  organizationalUnit: RequestField.organizationalUnit,
  country: RequestField.country,
  state: RequestField.state,
  city: RequestField.city,
  exportable: RequestField.exportable,
  requestFile: RequestField.requestFile,
  templateName: RequestField.templateName,
  sipDomains: Names.default([]),
  /** Keep the new key in the store as a pending key (store must be unlocked). */
  storePendingKey: z.boolean().default(true),
  /** Also return the key as encrypted PKCS#8 PEM under this password. */
  keyPassword: Password.optional(),
})

export const CsrOutput = z.object({
  csrPem: z.string(),
  subject: z.string(),
  sans: z.array(z.string()),
  keySize: z.number().int(),
  requestCsCertificate: z.string(),
  wizardFields: z.array(z.object({ page: z.string(), field: z.string(), value: z.string() })),
  pendingId: z.string().nullable(),
  encryptedKeyPem: z.string().nullable(),
})

const UpperHex = z.string().regex(/^[0-9A-F]+$/)

/** A certificate in the store, as listed; the store's index.json keeps the same fields (cert-store.ts). */
export const StoreEntrySchema = z.object({
  thumbprint: UpperHex.length(40),
  sha256: UpperHex.length(64),
  subject: z.string(),
  issuer: z.string(),
  serialNumber: z.string(),
  notBefore: z.string(),
  notAfter: z.string(),
  dnsNames: z.array(z.string()),
  isCA: z.boolean(),
  keyType: z.string(),
  keyBits: z.number().int(),
  hasKey: z.boolean(),
  tags: z.array(z.string().max(32)).max(16),
  friendlyName: z.string().max(256).optional(),
  source: z.string().max(260).optional(),
  addedAt: z.string(),
})

/** The key of a CSR waiting for its certificate (no key material: its SPKI hash pairs it). */
export const PendingSchema = z.object({ id: z.string().regex(/^[0-9a-f-]{36}$/), spkiSha256: UpperHex.length(64), subject: z.string(), sans: z.array(z.string()), createdAt: z.string() })

const ErrorDataSchema = z.object({ code: z.string(), message: z.string() })

export const certificates = {
  inspect: route({
    summary: 'Read a certificate, PFX, P7B, key or CSR file and list its facts',
    /** extraFiles: the files picked together with it (key, chain), read as one set. */
    input: FileInput.extend({ extraFiles: z.array(FileInput).max(16).default([]) }).strict(),
    output: InspectOutput,
  }),
  check: route({
    summary: 'Validate a certificate for the Edge external interface (findings and verdict)',
    input: z
      .object({
        file: FileInput,
        extraFiles: z.array(FileInput).max(16).default([]),
        /** Issuer certificates to build the path with (`--chain`): used for the chain, never judged as the leaf. */
        chainFiles: z.array(FileInput).max(16).default([]),
        /** Follow the AIA caIssuers URL of a missing issuer (explicit request only: it contacts the CA). */
        fetchIssuers: z.boolean().default(false),
        requirements: Requirements,
      })
      .strict(),
    output: CheckOutput,
  }),
  convert: route({
    summary: 'Convert to PEM, DER, P7B or PFX (compatible or modern profile)',
    input: z
      .object({
        file: FileInput,
        /** A separate key file and chain files. */
        extraFiles: z.array(FileInput).max(16).default([]),
        to: ConvertTarget,
        outPassword: Password.optional(),
        profile: PfxProfile.default('compatible'),
        friendlyName: z.string().max(128).optional(),
        /** Explicit choice to write a private key without a password (refused otherwise). */
        unencryptedKey: z.boolean().optional(),
        /** pem/pfx: false leaves a supplied key out on purpose (it is never dropped silently). */
        includeKey: z.boolean().default(true),
      })
      .strict(),
    output: ConvertOutput,
  }),
  createCsr: route({
    summary: 'Generate an RSA key and a CSR for the Access Edge, plus the Request-CsCertificate line',
    input: CsrInput.strict(),
    output: CsrOutput,
  }),
  nativeSupport: route({
    summary: 'Which primitives run natively and which fall back to node-forge',
    input: z.object({}).strict(),
    output: z.object({ mode: z.enum(['native', 'forge']), fallbacks: z.array(z.string()) }),
  }),
  storeStatus: route({
    summary: 'Certificate store: passphrase set, unlocked, counts',
    input: z.object({}).strict(),
    output: z.object({ initialised: z.boolean(), unlocked: z.boolean(), certificates: z.number().int(), pendingRequests: z.number().int() }),
  }),
  storeUnlock: route({
    summary: 'Set (first time) or verify the store passphrase and keep it for this session',
    input: z.object({ passphrase: Password }).strict(),
    output: z.object({ created: z.boolean() }),
  }),
  storeLock: route({ summary: 'Forget the store passphrase', input: z.object({}).strict(), output: z.object({}) }),
  storeList: route({
    summary: 'List or search the certificate store',
    input: z.object({ query: z.string().max(MAX_STORE_QUERY).optional() }).strict(),
    output: z.object({ entries: z.array(StoreEntrySchema), pending: z.array(PendingSchema) }),
  }),
  storeImport: route({
    summary: 'Import files into the store (de-duplicated; keys kept encrypted; pending keys paired)',
    input: z.object({ files: z.array(FileInput).min(1).max(1000) }).strict(),
    output: z.object({
      added: z.array(z.string()),
      duplicates: z.array(z.string()),
      paired: z.array(z.string()),
      pendingKeys: z.number().int(),
      errors: z.array(z.object({ name: z.string(), error: ErrorDataSchema })),
    }),
  }),
  storeExport: route({
    summary: 'Export a stored certificate with its chain (and key) as PEM, DER, P7B or PFX',
    input: z
      .object({
        thumbprint: Thumbprint,
        to: ConvertTarget,
        includeKey: z.boolean().default(true),
        password: Password.optional(),
        profile: PfxProfile.default('compatible'),
        friendlyName: z.string().max(128).optional(),
        /** Explicit choice to write the private key without a password (refused otherwise). */
        unencryptedKey: z.boolean().optional(),
      })
      .strict(),
    output: ConvertOutput,
  }),
  storeRemove: route({ summary: 'Delete a certificate (and its key) from the store', input: z.object({ thumbprint: Thumbprint }).strict(), output: z.object({}) }),
  storeTag: route({
    summary: 'Tag a stored certificate (the "edge" tag marks the one chosen for the Edge)',
    input: z.object({ thumbprint: Thumbprint, tag: z.string().min(1).max(32).default('edge'), on: z.boolean().default(true) }).strict(),
    output: StoreEntrySchema,
  }),
} as const
