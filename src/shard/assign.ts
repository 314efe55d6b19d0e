// src/shard/ owns sharding's decisions: the `shard` input read (spec), the test functions a
// package declares (count), which packages each shard runs and why (assign), and the timings
// record: built from a run, merged, keyed and read back (timings). Pure: the pipeline lists the
// packages and runs them, src/github/ restores and saves the record.
//
// Which packages a shard runs. Every shard of a matrix computes the whole split from the same
// inputs and keeps its own part, so the shards agree without talking to each other: the split
// depends only on the package list (not its order), the weights and the shard count.
import { createHash } from 'node:crypto'
import type { ShardAssignment, ShardSpec } from '../model/shard.js'
import { plural } from '../text/plural.js'
import { shardLabel } from './spec.js'

/** A package as `go list` shows it, with what sharding weighs it by. */
export interface ShardPackage {
  importPath: string
  /** TestXxx functions in its _test.go files (0 without test files). */
  testFunctions: number
  /** Whether it has _test.go files at all; one without still runs (its coverage counts) but weighs least. */
  hasTestFiles: boolean
}

export interface ShardPlan {
  basis: ShardAssignment['basis']
  /** Each shard's packages (in listing order) and load, shard 1 first. */
  shards: { packages: string[]; load: number }[]
  /** How many listed packages the timings knew (timings basis). */
  timed: number
  /** Seconds given to packages with tests that the timings did not know (timings basis). */
  assumedSeconds?: number
  totalPackages: number
  /** A hash of every shard's packages: equal plans have equal ids. */
  splitId: string
}

/** sha256 of the import path: a tie-break that is stable and owes nothing to the listing order. */
function stableHash(importPath: string): string {
  return createHash('sha256').update(importPath).digest('hex')
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2
}

interface Weighted {
  importPath: string
  weight: number
  tieBreak: string
}

/** Seconds known for the listed packages; only finite, non-negative numbers count. */
function knownSeconds(
  packages: readonly ShardPackage[],
  timings: Readonly<Record<string, number>> | undefined
): Map<string, number> {
  const known = new Map<string, number>()
  if (!timings) return known
  for (const p of packages) {
    const s = Object.hasOwn(timings, p.importPath) ? timings[p.importPath] : undefined
    if (typeof s === 'number' && Number.isFinite(s) && s >= 0) known.set(p.importPath, s)
  }
  return known
}

/**
 * Splits the packages over `count` shards, longest first onto the least-loaded shard (ties: fewer
 * packages, then the lowest shard). With timings that know at least one listed package, a package
 * weighs its measured seconds; one they do not know weighs the median of the known ones with tests
 * (the least known one when it has no tests). Without, a package weighs its test functions (at
 * least 1), and equal weights are ordered by a hash of the import path.
 */
export function planShards(
  packages: readonly ShardPackage[],
  count: number,
  timings?: Readonly<Record<string, number>>
): ShardPlan {
  // One entry per import path: a listing that repeats one must not run it twice.
  const unique = [...new Map(packages.map((p) => [p.importPath, p])).values()]
  const known = knownSeconds(unique, timings)
  const basis: ShardAssignment['basis'] = known.size > 0 ? 'timings' : 'test-count'
  let weighted: Weighted[]
  let assumedSeconds: number | undefined
  if (basis === 'timings') {
    const withTests = unique.filter((p) => p.hasTestFiles && known.has(p.importPath))
    const knownValues = [...known.values()]
    assumedSeconds = median(
      withTests.length > 0 ? withTests.map((p) => known.get(p.importPath) as number) : knownValues
    )
    const least = Math.min(...knownValues)
    weighted = unique.map((p) => ({
      importPath: p.importPath,
      weight: known.get(p.importPath) ?? (p.hasTestFiles ? (assumedSeconds as number) : least),
      tieBreak: p.importPath
    }))
    if (!unique.some((p) => p.hasTestFiles && !known.has(p.importPath))) assumedSeconds = undefined
  } else {
    weighted = unique.map((p) => ({
      importPath: p.importPath,
      weight: Math.max(p.testFunctions, 1),
      tieBreak: stableHash(p.importPath)
    }))
  }
  weighted.sort(
    (a, b) =>
      b.weight - a.weight ||
      (a.tieBreak < b.tieBreak ? -1 : a.tieBreak > b.tieBreak ? 1 : 0) ||
      (a.importPath < b.importPath ? -1 : a.importPath > b.importPath ? 1 : 0)
  )
  const loads = new Array<number>(count).fill(0)
  const sizes = new Array<number>(count).fill(0)
  const shardOf = new Map<string, number>()
  for (const p of weighted) {
    let best = 0
    for (let i = 1; i < count; i++) {
      if (loads[i] < loads[best] || (loads[i] === loads[best] && sizes[i] < sizes[best])) best = i
    }
    loads[best] += p.weight
    sizes[best]++
    shardOf.set(p.importPath, best)
  }
  const shards = loads.map((load) => ({ packages: [] as string[], load }))
  // Each shard's packages in listing order, as `go list` printed them.
  for (const p of unique) shards[shardOf.get(p.importPath) as number].packages.push(p.importPath)
  const splitId = createHash('sha256')
    .update(JSON.stringify(shards.map((s) => [...s.packages].sort())))
    .digest('hex')
    .slice(0, 16)
  return { basis, shards, timed: known.size, assumedSeconds, totalPackages: unique.length, splitId }
}

/** One decimal for seconds, as the summary shows loads. */
function seconds(s: number): string {
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`
}

function loadText(basis: ShardAssignment['basis'], load: number): string {
  return basis === 'timings' ? seconds(load) : plural(load, 'test function')
}

/** This shard's part of the plan, with the sentence that says why. */
export function shardAssignment(plan: ShardPlan, spec: ShardSpec, timingsKey?: string): ShardAssignment {
  const mine = plan.shards[spec.index - 1] ?? { packages: [], load: 0 }
  const maxLoad = Math.max(0, ...plan.shards.map((s) => s.load))
  const label = shardLabel(spec)
  const how =
    plan.basis === 'timings'
      ? `by the test times measured in an earlier run (${plan.timed} of ${plan.totalPackages} packages timed${
          plan.assumedSeconds !== undefined
            ? `; the others counted at the median, ${seconds(plan.assumedSeconds)}`
            : ''
        })`
      : 'by their number of test functions, as no timings record knew these packages'
  let reason: string
  if (mine.packages.length === 0) {
    const empty = plan.shards.filter((s) => s.packages.length === 0).length
    reason =
      plan.totalPackages === 0
        ? `Shard ${label} got no packages: the package patterns matched none.`
        : `Shard ${label} got no packages: ${plural(plan.totalPackages, 'package')} over ${plural(spec.count, 'shard')} leave ${plural(empty, 'shard')} empty.`
  } else {
    const most =
      mine.load >= maxLoad
        ? 'this is the most loaded shard'
        : `the most loaded shard has ${loadText(plan.basis, maxLoad)}`
    reason = `Shard ${label} ran ${mine.packages.length} of ${plural(plan.totalPackages, 'package')}, assigned ${how}: ${loadText(plan.basis, mine.load)} here; ${most}.`
  }
  return {
    shard: spec,
    basis: plan.basis,
    packages: mine.packages,
    totalPackages: plan.totalPackages,
    load: mine.load,
    maxLoad,
    reason,
    splitId: plan.splitId,
    ...(plan.basis === 'timings' && timingsKey ? { timingsKey } : {})
  }
}

/**
 * Whether the shards of one run split the packages the same way: undefined when they did, else the
 * sentence that says which differ and why it matters. A shard that split differently (it restored
 * another timings record) may have left packages unrun that another shard counted on.
 */
export function splitDisagreement(assignments: readonly ShardAssignment[]): string | undefined {
  const withId = assignments.filter((a) => a.splitId !== undefined)
  if (withId.length < 2) return undefined
  const groups = new Map<string, ShardAssignment[]>()
  for (const a of withId) groups.set(a.splitId as string, [...(groups.get(a.splitId as string) ?? []), a])
  if (groups.size === 1) return undefined
  const describe = (group: ShardAssignment[]) => {
    const a = group[0]
    const basis =
      a.basis === 'timings' ? `timings${a.timingsKey ? ` of ${a.timingsKey}` : ''}` : 'test functions'
    return `shard ${group.map((g) => g.shard.index).join(', ')} by ${basis}`
  }
  return `The shards split the packages differently (${[...groups.values()].map(describe).join('; ')}), so some packages may have run twice or not at all: a timings record was saved between the shards' starts. Run the workflow again.`
}
