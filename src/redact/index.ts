// Nothing secret leaves the runner: what is secret (secrets.ts), credentials in
// URLs (url.ts), and the one redaction every rendered form goes through (redact.ts).
export { createRedactor, maskValues, REDACTED, redactReport } from './redact.js'
export {
  collectSecrets,
  MIN_NAMED_SECRET_LENGTH,
  MIN_SECRET_LENGTH,
  SECRET_NAME,
  type SecretSources
} from './secrets.js'
export { redactUrlCredentials, urlCredentials } from './url.js'
