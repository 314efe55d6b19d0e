// The sentences the cache steps write to the log and the summary.
import { formatDuration } from '../text/duration.js'
import type { PrunePlan } from './prune.js'

export function formatMiB(bytes: number): string {
  return `${(bytes / 1048576).toFixed(1)} MiB`
}

export function describePrune(folder: string, plan: PrunePlan, ms: number): string {
  return (
    `Pruned ${plan.remove.length} build-cache entries go-gate restored and this run did not use (${formatMiB(plan.removeBytes)}) from ${folder} ` +
    `in ${formatDuration(ms)}; ${plan.keepEntries} entries (${formatMiB(plan.keepBytes)}) kept.`
  )
}

export interface SaveOutcome {
  key: string
  saved: boolean
  /** Why nothing was saved (not an error). */
  skipped?: string
  /** A fault that stopped the save (the job goes on). */
  fault?: string
  archiveBytes?: number
  saveMs?: number
  pruned?: { entries: number; bytes: number; keptEntries: number; keptBytes: number; ms: number }
}

/** Markdown for the post step's job summary: one short table. */
export function renderSaveSummary(outcome: SaveOutcome): string {
  const rows: [string, string][] = []
  const status = outcome.saved
    ? 'saved'
    : outcome.skipped
      ? `not saved: ${outcome.skipped}`
      : `not saved: ${outcome.fault ?? 'unknown'}`
  rows.push(['Cache', `\`${outcome.key}\` ${status}`])
  if (outcome.archiveBytes !== undefined) rows.push(['Archive', formatMiB(outcome.archiveBytes)])
  if (outcome.saveMs !== undefined) rows.push(['Save time', formatDuration(outcome.saveMs)])
  if (outcome.pruned) {
    const p = outcome.pruned
    rows.push([
      'Pruned before saving',
      `${p.entries} unused entries, ${formatMiB(p.bytes)} (${formatDuration(p.ms)})`
    ])
    rows.push(['Build cache kept', `${p.keptEntries} entries, ${formatMiB(p.keptBytes)}`])
  }
  const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ')
  return [
    '### go-gate cache save',
    '',
    '| What | Result |',
    '| --- | --- |',
    ...rows.map(([k, v]) => `| ${k} | ${cell(v)} |`),
    ''
  ].join('\n')
}

/** Short and single-line, for a warning. */
export function summarizeFaults(faults: readonly string[]): string {
  const unique = [...new Set(faults.map((f) => f.replace(/\s+/g, ' ').trim()).filter((f) => f !== ''))]
  const text = unique.join('; ')
  return text.length > 600 ? `${text.slice(0, 600)}…` : text
}
