// Which values are secret: integration-env values (unless marked public), the
// values of environment variables whose names say secret, and the credentials
// of URLs. Short values and port-like numbers are left alone, so `PORT=5432`
// does not turn every 5432 into ***.
import { urlCredentials } from './url.js'

/** integration-env values and URL credentials shorter than this are left alone. */
export const MIN_SECRET_LENGTH = 4
/**
 * A name is only a guess: shorter values of such variables are flags and
 * placeholders (`USE_KEYRING=true`, `DB_PASSWORD=test`), not credentials.
 */
export const MIN_NAMED_SECRET_LENGTH = 6
/** A port or a count (`5432`, `30`): a setting, never a credential worth hiding every number for. */
const PLAIN_NUMBER = /^\d{1,5}$/
/** Environment variables whose values are treated as secret by their name alone. */
export const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY/i

export interface SecretSources {
  /** The step's environment (the runner's, or the CLI's). */
  env?: Readonly<Record<string, string | undefined>>
  /** integration-env as parsed: every value is secret but those named in publicNames. */
  integrationEnv?: Readonly<Record<string, string>>
  /** integration-env names marked `public:`. */
  publicNames?: readonly string[]
  /** URLs go-gate was given (wait-for targets): their credentials are secret. */
  urls?: readonly string[]
  /** Values go-gate was given as secrets (github-token): secret whole, whatever their length. */
  values?: readonly string[]
}

/** The value and, for a value of several lines, each line (the runner masks line by line). */
function pieces(value: string, min: number): string[] {
  const out: string[] = []
  const whole = value.trim()
  if (whole.length >= min) out.push(whole)
  if (/[\r\n]/.test(whole)) {
    for (const line of whole.split(/\r?\n|\r/)) if (line.trim().length >= min) out.push(line.trim())
  }
  return out
}

/** A value set by name: secret unless short or a plain number. */
function settingPieces(value: string, min: number): string[] {
  return PLAIN_NUMBER.test(value.trim()) ? [] : pieces(value, min)
}

function credentialsIn(text: string): string[] {
  return urlCredentials(text).flatMap((c) => pieces(c, MIN_SECRET_LENGTH))
}

/** The credential of a URL go-gate was given, read as the URL parser reads it (spaces and all). */
function parsedCredentials(url: string): string[] {
  const found = credentialsIn(url)
  try {
    const parsed = new URL(url)
    const credential = parsed.password !== '' ? parsed.password : parsed.username
    for (const form of [credential, safeDecode(credential)]) found.push(...pieces(form, MIN_SECRET_LENGTH))
  } catch {
    // Not a URL: options reject it before anything runs; the regex above still read it.
  }
  return found
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** Every secret value the sources hold, longest first, without duplicates. */
export function collectSecrets(sources: SecretSources): string[] {
  const found = new Set<string>()
  const add = (values: string[]) => {
    for (const v of values) found.add(v)
  }
  const integration = sources.integrationEnv ?? {}
  const publicNames = new Set(sources.publicNames ?? [])
  for (const [name, value] of Object.entries(integration)) {
    add(credentialsIn(value))
    if (!publicNames.has(name)) add(settingPieces(value, MIN_SECRET_LENGTH))
  }
  for (const [name, value] of Object.entries(sources.env ?? {})) {
    if (value === undefined || value === '') continue
    add(credentialsIn(value))
    // integration-env decides for its own names (public: included); INPUT_* are go-gate's inputs.
    if (name in integration || /^INPUT_/i.test(name)) continue
    if (SECRET_NAME.test(name)) add(settingPieces(value, MIN_NAMED_SECRET_LENGTH))
  }
  for (const url of sources.urls ?? []) add(parsedCredentials(url))
  for (const value of sources.values ?? []) add(pieces(value, 1))
  return [...found].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0))
}
