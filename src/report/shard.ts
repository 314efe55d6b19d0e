// The shard section of the summary and the terminal: which packages this shard ran in each
// sharded stage, and why (the split's basis and this shard's load against the most loaded one).
import type { RunReport, StageResult } from '../model/report.js'
import type { ShardAssignment } from '../model/shard.js'
import { shardLabel } from '../shard/spec.js'
import { codeSpan, escapeHtml, escapeMarkdown } from './escape.js'
import { plural } from './words.js'

/** Up to this many packages are named inline; more fold into a list. */
const INLINE_PACKAGES = 5
const MAX_PACKAGES_LISTED = 300

function shardedStages(report: RunReport): { stage: StageResult; shard: ShardAssignment }[] {
  return report.stages.flatMap((stage) => (stage.shard ? [{ stage, shard: stage.shard }] : []))
}

/** One paragraph per sharded stage: the reason sentence, then its packages (folded when many). */
export function renderShardSection(report: RunReport): string {
  const parts: string[] = []
  for (const { stage, shard } of shardedStages(report)) {
    const lines = [`**${stage.stage}:** ${escapeMarkdown(shard.reason)}`]
    const names = shard.packages.map((p) => codeSpan(p))
    if (names.length > 0 && names.length <= INLINE_PACKAGES) {
      lines[0] += ` Packages: ${names.join(', ')}.`
    } else if (names.length > INLINE_PACKAGES) {
      const listed = names.slice(0, MAX_PACKAGES_LISTED).map((n) => `- ${n}`)
      if (names.length > MAX_PACKAGES_LISTED)
        listed.push(`- … and ${names.length - MAX_PACKAGES_LISTED} more`)
      lines.push(
        '',
        `<details><summary>${escapeHtml(`The ${plural(names.length, 'package')} of shard ${shardLabel(shard.shard)} (${stage.stage})`)}</summary>`,
        '',
        ...listed,
        '',
        '</details>'
      )
    }
    parts.push(lines.join('\n'))
  }
  return parts.join('\n\n')
}

/** The same for the terminal: the reason, and the packages when they are few. */
export function shardTerminalLines(stage: StageResult): string[] {
  if (!stage.shard) return []
  const lines = [stage.shard.reason]
  if (stage.shard.packages.length > 0 && stage.shard.packages.length <= INLINE_PACKAGES)
    lines.push(`Packages: ${stage.shard.packages.join(', ')}`)
  return lines
}
