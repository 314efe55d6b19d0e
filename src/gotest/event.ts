// One test2json event. Every field is optional but Action; unknown actions and
// fields are tolerated, wrongly typed fields are dropped rather than trusted.

export interface TestEvent {
  Action: string
  Time?: string
  Package?: string
  Test?: string
  Elapsed?: number
  Output?: string
  /** Go 1.24+: on a package's fail event, the package whose build failed. */
  FailedBuild?: string
  /** Go 1.24+: build-output / build-fail events are keyed by ImportPath. */
  ImportPath?: string
  /** Go 1.27+: frame, error or error-continue on output events. */
  OutputType?: string
  /** Go 1.25+: attr events. */
  Key?: string
  Value?: string
}

const STRING_FIELDS = [
  'Time',
  'Package',
  'Test',
  'Output',
  'FailedBuild',
  'ImportPath',
  'OutputType',
  'Key',
  'Value'
] as const

/** Parses one stdout line; null when the line is not a test2json event. */
export function parseTestEvent(line: string): TestEvent | null {
  const start = line.indexOf('{')
  if (start < 0 || start > 3) return null
  let value: unknown
  try {
    value = JSON.parse(start === 0 ? line : line.slice(start))
  } catch {
    return null
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return null
  const record = value as Record<string, unknown>
  if (typeof record.Action !== 'string' || record.Action === '') return null
  const event: TestEvent = { Action: record.Action }
  for (const field of STRING_FIELDS) {
    const v = record[field]
    if (typeof v === 'string') event[field] = v
  }
  if (typeof record.Elapsed === 'number' && Number.isFinite(record.Elapsed)) event.Elapsed = record.Elapsed
  return event
}
