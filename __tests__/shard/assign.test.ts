// The split of packages over shards: every package in exactly one shard, the same split for the
// same inputs in any listing order, longest-first balance within the greedy bound, and the sentence
// that says why. Pure: no Go.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { planShards, type ShardPackage, shardAssignment, splitDisagreement } from '../../src/shard/assign.js'

const pkg = (importPath: string, testFunctions: number, hasTestFiles = testFunctions > 0): ShardPackage => ({
  importPath,
  testFunctions,
  hasTestFiles
})

/** Distinct import paths with test counts, and sometimes a timings record over some of them. */
const packagesArb = fc
  .uniqueArray(fc.stringMatching(/^example\.com\/m\/[a-z]{1,6}$/), { minLength: 0, maxLength: 40 })
  .chain((paths) =>
    fc.tuple(
      fc.constant(paths),
      fc.array(fc.integer({ min: 0, max: 30 }), { minLength: paths.length, maxLength: paths.length }),
      fc.array(fc.option(fc.integer({ min: 0, max: 5000 }), { nil: undefined }), {
        minLength: paths.length,
        maxLength: paths.length
      })
    )
  )
  .map(([paths, counts, seconds]) => {
    const packages = paths.map((p, i) => pkg(p, counts[i]))
    const timings: Record<string, number> = {}
    paths.forEach((p, i) => {
      if (seconds[i] !== undefined) timings[p] = (seconds[i] as number) / 100
    })
    return { packages, timings }
  })

const countArb = fc.integer({ min: 1, max: 12 })

describe('planShards', () => {
  test('every package lands in exactly one shard, and each shard keeps the listing order', () => {
    fc.assert(
      fc.property(packagesArb, countArb, fc.boolean(), ({ packages, timings }, count, timed) => {
        const plan = planShards(packages, count, timed ? timings : undefined)
        expect(plan.shards).toHaveLength(count)
        const all = plan.shards.flatMap((s) => s.packages)
        expect([...all].sort()).toEqual(packages.map((p) => p.importPath).sort())
        expect(new Set(all).size).toBe(all.length)
        const order = new Map(packages.map((p, i) => [p.importPath, i]))
        for (const shard of plan.shards) {
          const indexes = shard.packages.map((p) => order.get(p) as number)
          expect(indexes).toEqual([...indexes].sort((a, b) => a - b))
        }
        // With at least as many packages as shards, no shard is left empty.
        if (packages.length >= count)
          for (const s of plan.shards) expect(s.packages.length).toBeGreaterThan(0)
      })
    )
  })

  test('the same inputs in any listing order give the same split', () => {
    fc.assert(
      fc.property(
        packagesArb.chain((x) =>
          fc.tuple(fc.constant(x), fc.shuffledSubarray(x.packages, { minLength: x.packages.length }))
        ),
        countArb,
        fc.boolean(),
        ([{ packages, timings }, shuffled], count, timed) => {
          const a = planShards(packages, count, timed ? timings : undefined)
          const b = planShards(shuffled, count, timed ? timings : undefined)
          const sets = (plan: typeof a) => plan.shards.map((s) => [...s.packages].sort())
          expect(sets(b)).toEqual(sets(a))
          expect(b.shards.map((s) => s.load)).toEqual(a.shards.map((s) => s.load))
          expect(b.basis).toBe(a.basis)
          expect(b.splitId).toBe(a.splitId)
        }
      )
    )
  })

  test('the most loaded shard is within the greedy bound: total/n + (1 - 1/n) × the heaviest package', () => {
    fc.assert(
      fc.property(packagesArb, countArb, ({ packages }, count) => {
        const plan = planShards(packages, count)
        const weights = packages.map((p) => Math.max(p.testFunctions, 1))
        const total = weights.reduce((a, b) => a + b, 0)
        const heaviest = Math.max(0, ...weights)
        const max = Math.max(...plan.shards.map((s) => s.load))
        expect(max).toBeLessThanOrEqual(total / count + (1 - 1 / count) * heaviest + 1e-9)
        expect(plan.shards.reduce((a, s) => a + s.load, 0)).toBe(total)
      })
    )
  })

  test('longest first is within 4/3 of the best split (checked against every split of small sets)', () => {
    const small = fc.tuple(
      fc.array(fc.integer({ min: 1, max: 50 }), { minLength: 1, maxLength: 8 }),
      fc.integer({ min: 2, max: 3 })
    )
    fc.assert(
      fc.property(small, ([seconds, count]) => {
        const packages = seconds.map((_, i) => pkg(`example.com/m/p${i}`, 1))
        const timings = Object.fromEntries(seconds.map((s, i) => [`example.com/m/p${i}`, s]))
        const plan = planShards(packages, count, timings)
        expect(plan.basis).toBe('timings')
        let best = Number.POSITIVE_INFINITY
        const loads = new Array<number>(count).fill(0)
        const place = (i: number) => {
          if (i === seconds.length) {
            best = Math.min(best, Math.max(...loads))
            return
          }
          for (let s = 0; s < count; s++) {
            loads[s] += seconds[i]
            place(i + 1)
            loads[s] -= seconds[i]
          }
        }
        place(0)
        const max = Math.max(...plan.shards.map((s) => s.load))
        expect(max).toBeLessThanOrEqual((4 / 3 - 1 / (3 * count)) * best + 1e-9)
      })
    )
  })

  test('by timings: longest first onto the least-loaded shard, ties to the lowest shard', () => {
    const packages = ['a', 'b', 'c', 'd', 'e'].map((n) => pkg(`m/${n}`, 1))
    const plan = planShards(packages, 2, { 'm/a': 5, 'm/b': 4, 'm/c': 3, 'm/d': 3, 'm/e': 1 })
    // a 5 → 1; b 4 → 2; c 3 → 2 (4 < 5); d 3 → 1 (5 < 7); e 1 → 2 (7 < 8).
    expect(plan.basis).toBe('timings')
    expect(plan.shards.map((s) => s.packages)).toEqual([
      ['m/a', 'm/d'],
      ['m/b', 'm/c', 'm/e']
    ])
    expect(plan.shards.map((s) => s.load)).toEqual([8, 8])
  })

  test('by timings: a package the record does not know weighs the median, one without tests the least', () => {
    const packages = [pkg('m/a', 3), pkg('m/b', 3), pkg('m/c', 3), pkg('m/new', 1), pkg('m/none', 0)]
    const plan = planShards(packages, 2, { 'm/a': 1, 'm/b': 2, 'm/c': 9 })
    expect(plan.timed).toBe(3)
    expect(plan.assumedSeconds).toBe(2)
    // c 9 → 1; new 2 and b 2 → 2, 2; a 1 → 2; none 1 (the least known) → 2: loads 9 and 6.
    expect(plan.shards.map((s) => s.load)).toEqual([9, 6])
    expect(plan.shards[1].packages).toEqual(['m/a', 'm/b', 'm/new', 'm/none'])
  })

  test('without timings, by test functions (at least 1 each); a record that knows none of the packages is not used', () => {
    const packages = [pkg('m/a', 6), pkg('m/b', 3), pkg('m/c', 3), pkg('m/d', 0)]
    const plan = planShards(packages, 2, { 'other/x': 4 })
    expect(plan.basis).toBe('test-count')
    expect(plan.shards.map((s) => s.load).sort()).toEqual([6, 7])
    // a 6; b and c 3 + 3 on the other; d (0 tests, weighs 1) ties at 6 and 6 and goes where fewer packages are.
    expect(plan.shards.find((s) => s.packages.includes('m/a'))?.packages).toEqual(['m/a', 'm/d'])
  })

  test('more shards than packages leaves the last shards empty', () => {
    const packages = [pkg('m/a', 2), pkg('m/b', 1)]
    const plan = planShards(packages, 4)
    expect(plan.shards.map((s) => s.packages.length)).toEqual([1, 1, 0, 0])
  })

  test('zero-second packages still spread over the shards', () => {
    const packages = ['a', 'b', 'c'].map((n) => pkg(`m/${n}`, 1))
    const plan = planShards(packages, 3, { 'm/a': 0, 'm/b': 0, 'm/c': 0 })
    expect(plan.shards.map((s) => s.packages.length)).toEqual([1, 1, 1])
  })
})

describe('shardAssignment', () => {
  test('says what the shard got, on what basis, and its load against the most loaded shard', () => {
    const packages = [pkg('m/a', 6), pkg('m/b', 3), pkg('m/c', 3), pkg('m/d', 0)]
    const plan = planShards(packages, 2)
    const heavy = plan.shards.findIndex((s) => s.packages.includes('m/a')) + 1
    const light = 3 - heavy
    const a = shardAssignment(plan, { index: light, count: 2 })
    expect(a).toMatchObject({ basis: 'test-count', totalPackages: 4, load: 6, maxLoad: 7 })
    expect(a.reason).toBe(
      `Shard ${light}/2 ran 2 of 4 packages, assigned by their number of test functions, as no timings record knew these packages: 6 test functions here; the most loaded shard has 7 test functions.`
    )
    const b = shardAssignment(plan, { index: heavy, count: 2 })
    expect(b.reason).toMatch(/: 7 test functions here; this is the most loaded shard\.$/)
  })

  test('by timings, the sentence gives the seconds and how many packages were timed', () => {
    const plan = planShards([pkg('m/a', 1), pkg('m/b', 1), pkg('m/c', 1)], 2, { 'm/a': 3.25, 'm/b': 1 })
    const a = shardAssignment(plan, { index: 1, count: 2 })
    expect(a.packages).toEqual(['m/a'])
    expect(a.reason).toBe(
      'Shard 1/2 ran 1 of 3 packages, assigned by the test times measured in an earlier run (2 of 3 packages timed; the others counted at the median, 2.1 s): 3.3 s here; this is the most loaded shard.'
    )
  })

  test('an empty shard says it got no packages and why', () => {
    const plan = planShards([pkg('m/a', 1)], 3)
    const a = shardAssignment(plan, { index: 3, count: 3 })
    expect(a.packages).toEqual([])
    expect(a.reason).toBe('Shard 3/3 got no packages: 1 package over 3 shards leave 2 shards empty.')
    expect(shardAssignment(planShards([], 2), { index: 1, count: 2 }).reason).toBe(
      'Shard 1/2 got no packages: the package patterns matched none.'
    )
  })
})

describe('shards that split differently', () => {
  const packages = ['a', 'b', 'c', 'd'].map((n) => pkg(`m/${n}`, 1))
  const older = { 'm/a': 4, 'm/b': 3, 'm/c': 2, 'm/d': 1 }
  const newer = { 'm/a': 10, 'm/b': 1, 'm/c': 1, 'm/d': 1 }

  test('a split has an id every shard of it shares; another record that moves a package changes it', () => {
    const plan = planShards(packages, 2, older)
    expect(plan.splitId).toMatch(/^[0-9a-f]{16}$/)
    const one = shardAssignment(plan, { index: 1, count: 2 }, 'go-gate-timings-v1-x-1111')
    const two = shardAssignment(plan, { index: 2, count: 2 }, 'go-gate-timings-v1-x-1111')
    expect(one.splitId).toBe(two.splitId)
    expect(one.timingsKey).toBe('go-gate-timings-v1-x-1111')
    expect(splitDisagreement([one, two])).toBeUndefined()
    // Split by test functions, a record key says nothing.
    expect(shardAssignment(planShards(packages, 2), { index: 1, count: 2 }, 'k').timingsKey).toBeUndefined()
    expect(planShards(packages, 2, newer).splitId).not.toBe(plan.splitId)
  })

  test('the merge can tell, naming the shards and the records they split by', () => {
    const one = shardAssignment(
      planShards(packages, 3, older),
      { index: 1, count: 3 },
      'go-gate-timings-v1-x-1111'
    )
    const two = shardAssignment(
      planShards(packages, 3, newer),
      { index: 2, count: 3 },
      'go-gate-timings-v1-x-2222'
    )
    const three = shardAssignment(
      planShards(packages, 3, older),
      { index: 3, count: 3 },
      'go-gate-timings-v1-x-1111'
    )
    expect(splitDisagreement([one, two, three])).toBe(
      "The shards split the packages differently (shard 1, 3 by timings of go-gate-timings-v1-x-1111; shard 2 by timings of go-gate-timings-v1-x-2222), so some packages may have run twice or not at all: a timings record was saved between the shards' starts. Run the workflow again."
    )
  })
})
