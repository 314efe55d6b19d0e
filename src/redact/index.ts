// src/redact/ owns what counts as a secret (secrets.ts), credentials in URLs (url.ts), and the one
// redaction every rendered form goes through (redact.ts): nothing secret leaves the runner.
export { createRedactor, maskValues, REDACTED, redactReport } from './redact.js'
export {
  collectSecrets,
  MIN_NAMED_SECRET_LENGTH,
  MIN_SECRET_LENGTH,
  SECRET_NAME,
  type SecretSources
} from './secrets.js'
export { redactUrlCredentials, urlCredentials } from './url.js'
