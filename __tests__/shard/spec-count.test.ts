// The `shard` input read, and the test functions counted in a _test.go file. Pure: no Go.
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { describe, expect, test } from '@jest/globals'
import { GateError } from '../../src/errors.js'
import { parseOptions } from '../../src/options.js'
import { countTestFunctions } from '../../src/shard/count.js'
import { parseShardSpec } from '../../src/shard/spec.js'
import { REPO_ROOT } from '../support/runner.js'

const FIXTURE = path.join(REPO_ROOT, '__tests__', 'fixtures', 'shard-many')

describe('the shard input', () => {
  test.each([
    ['', undefined],
    ['1/1', { index: 1, count: 1 }],
    ['2/4', { index: 2, count: 4 }],
    [' 3 / 3 ', { index: 3, count: 3 }],
    ['256/256', { index: 256, count: 256 }]
  ])('%j is accepted', (value, spec) => {
    expect(parseShardSpec(value)).toEqual({ ok: true, spec })
  })

  test.each(['0/4', '5/4', '1/0', '1/257', '2', '2/', '/4', '-1/4', '1.5/4', 'a/b', '2/4/8', '2 of 4'])(
    '%j is refused, the input named and what it accepts said',
    (value) => {
      let error: unknown
      try {
        parseOptions((name) => (name === 'shard' ? value : undefined), '/repo')
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(GateError)
      expect((error as GateError).kind).toBe('invalid-input')
      expect((error as GateError).message).toContain(`Input "shard" is ${JSON.stringify(value)}`)
      expect((error as GateError).message).toContain(
        'expected i/n with whole numbers 1 ≤ i ≤ n ≤ 256, such as 2/4'
      )
    }
  )

  test('an index past the count says so', () => {
    expect(parseShardSpec('5/4')).toMatchObject({
      ok: false,
      accepted: expect.stringMatching(/^the shard must be from 1 to 4 /)
    })
    expect(parseShardSpec('1/300')).toMatchObject({
      ok: false,
      accepted: expect.stringMatching(/^the number of shards must be from 1 to 256/)
    })
  })

  test('options carry the shard', () => {
    expect(parseOptions((name) => (name === 'shard' ? '2/3' : undefined), '/repo').shard).toEqual({
      index: 2,
      count: 3
    })
    expect(parseOptions(() => undefined, '/repo').shard).toBeUndefined()
  })
})

describe('countTestFunctions', () => {
  test('the fixture files: internal and external tests', () => {
    const read = (file: string) => readFileSync(path.join(FIXTURE, file), 'utf8')
    expect(countTestFunctions(read('echo/echo_test.go'))).toBe(8)
    expect(countTestFunctions(read('golf/golf_test.go'))).toBe(4)
    expect(countTestFunctions(read('golf/golf_ext_test.go'))).toBe(2)
    expect(countTestFunctions(read('lima/lima.go'))).toBe(0)
  })

  test('what go test runs counts, and nothing else', () => {
    const text = [
      'func TestA(t *testing.T) {}',
      'func Test(t *testing.T) {}',
      'func Test_under(t *testing.T) {}',
      'func TestÜber(t *testing.T) {}',
      'func Test2(t *testing.T) {}',
      'func Testlower(t *testing.T) {}',
      'func TestMain(m *testing.M) {}',
      'func (s *suite) TestMethod(t *testing.T) {}',
      '  func TestIndented(t *testing.T) {}',
      'func BenchmarkX(b *testing.B) {}',
      'func helperTestX(t *testing.T) {}'
    ].join('\n')
    expect(countTestFunctions(text)).toBe(5)
  })
})
