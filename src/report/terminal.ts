// The report for a terminal: the CLI prints it, in colour on a TTY.

import { lineRangeText } from '../coverage/patch.js'
import { formatCoveragePercent } from '../coverage/percent.js'
import type { Failure, RunReport } from '../model/report.js'
import { formatDuration } from '../text/duration.js'
import { failureSubject, formatLocation, rootCauseLine } from './describe.js'
import { KIND_LABELS } from './kinds.js'
import { shardTerminalLines } from './shard.js'
import { plural } from './words.js'

/** Failures the terminal lists one by one; the rest are in the summary and the JSON report. */
const TERMINAL_FAILURES = 20

export interface TerminalOptions {
  color: boolean
}

// Test output may carry terminal escapes; show them, never let them act.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g
function sanitize(text: string): string {
  return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`)
}

export function renderTerminal(report: RunReport, options: TerminalOptions): string {
  const paint = (code: string, text: string) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text)
  const red = (t: string) => paint('31', t)
  const green = (t: string) => paint('32', t)
  const bold = (t: string) => paint('1', t)
  const dim = (t: string) => paint('2', t)
  const lines: string[] = []
  if (report.rootCause) lines.push(red(bold(`✗ ${sanitize(rootCauseLine(report))}`)))
  else {
    const coverage = report.stages.find((s) => s.coverage)?.coverage
    lines.push(green(bold(`✓ go-gate passed${coverage ? ` (coverage ${coverage.percentText}%)` : ''}`)))
  }
  lines.push('')
  for (const stage of report.stages) {
    const mark = stage.status === 'passed' ? green('✓') : stage.status === 'failed' ? red('✗') : dim('-')
    const why = stage.skipReason ? dim(` (skipped: ${stage.skipReason})`) : ''
    const time =
      stage.status === 'skipped' || stage.durationMs === 0 ? '' : dim(` ${formatDuration(stage.durationMs)}`)
    lines.push(`${mark} ${stage.stage}${why}${time}`)
    for (const line of shardTerminalLines(stage)) lines.push(dim(`    ${sanitize(line)}`))
    for (const note of stage.notes) lines.push(dim(`    ${sanitize(note)}`))
    for (const f of (stage.flaky ?? []).slice(0, TERMINAL_FAILURES)) {
      const location = formatLocation(f.firstFailure.location)
      lines.push(
        `    flaky: ${sanitize(`${f.package}.${f.test}`)}${location ? ` at ${sanitize(location)}` : ''} passed on attempt ${f.passedOn} of ${f.attempts}`
      )
    }
    for (const q of (stage.quarantined ?? []).slice(0, TERMINAL_FAILURES)) {
      lines.push(
        `    quarantined: ${sanitize(`${q.package}.${q.test}`)} ${q.failed ? 'failed (not blocking)' : 'passed: it can be released'}`
      )
    }
  }
  const failures: Failure[] = [...report.setupFailures, ...report.stages.flatMap((s) => s.failures)]
  if (failures.length > 0) {
    lines.push('', bold(`${plural(failures.length, 'failure')}:`))
    for (const [i, failure] of failures.slice(0, TERMINAL_FAILURES).entries()) {
      const subject = failureSubject(failure)
      const location = formatLocation(failure.location)
      lines.push(
        '',
        `${i + 1}. ${red(KIND_LABELS[failure.kind])}${failure.kind === 'lint' && failure.tool ? ` (${failure.tool})` : ''}${subject ? ` ${bold(sanitize(subject))}` : ''}${location ? ` at ${location}` : ''}`
      )
      for (const line of failure.message.split('\n').slice(0, 25)) lines.push(`   ${sanitize(line)}`)
    }
    if (failures.length > TERMINAL_FAILURES)
      lines.push('', dim(`… and ${failures.length - TERMINAL_FAILURES} more failures`))
  }
  for (const stage of report.stages) {
    if (stage.diff) {
      lines.push('', bold(`${stage.stage}: diff`))
      for (const line of stage.diff.split('\n').slice(0, 80)) {
        const text = `   ${sanitize(line)}`
        lines.push(line.startsWith('+') ? green(text) : line.startsWith('-') ? red(text) : text)
      }
    }
    if (stage.rawTail && stage.rawTail.length > 0) {
      lines.push('', bold(`${stage.stage}: go-gate could not explain this output; its last lines:`))
      for (const line of stage.rawTail) lines.push(`   ${sanitize(line)}`)
    }
    if (stage.coverage) {
      const c = stage.coverage
      lines.push(
        '',
        bold(`Coverage ${c.percentText}%`) + dim(` (${c.covered} of ${plural(c.statements, 'statement')})`)
      )
      for (const p of c.packages.slice(0, 10))
        lines.push(
          dim(`   ${p.statements === 0 ? '   –  ' : `${p.percent.toFixed(1).padStart(5)}%`} ${p.importPath}`)
        )
    }
    const patch = stage.patchCoverage
    if (patch) {
      const since = `lines changed since ${patch.baseSha.slice(0, 7)}`
      lines.push(
        '',
        patch.percent === undefined
          ? bold('Patch coverage: ') + dim(`no statements on the ${since}`)
          : bold(`Patch coverage ${formatCoveragePercent(patch.percent)}%`) +
              dim(` (${patch.covered} of ${plural(patch.statements, 'statement')} on ${since})`)
      )
      for (const r of patch.uncovered.slice(0, 10))
        lines.push(dim(`   not covered: ${sanitize(r.file)}:${lineRangeText(r)}`))
      if (patch.uncovered.length > 10) lines.push(dim(`   … and ${patch.uncovered.length - 10} more ranges`))
    }
  }
  const t = report.tests
  const counts =
    t.passed + t.failed + t.skipped === 0
      ? 'none ran'
      : `${green(`${t.passed} passed`)}, ${t.failed > 0 ? red(`${t.failed} failed`) : '0 failed'}, ${t.skipped} skipped`
  lines.push('', `Tests: ${counts} in ${formatDuration(report.durationMs)}`)
  return `${lines.join('\n')}\n`
}
