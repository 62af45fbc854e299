/** Where the offline request is written on the Edge when the admin names no file (the Certificate Wizard's default). */
// Its own zod-free module: the certificate engine and `xgw` read it without loading the schemas.
export const DEFAULT_REQUEST_FILE = 'C:\\cert_external_edge.req'
