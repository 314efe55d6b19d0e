// The go.mod core on text recorded from Go 1.26: versions, directives, tidy
// diffs (written and read), drift in words, and module errors.
import { describe, expect, test } from '@jest/globals'
import fc from 'fast-check'
import { type FileDiff, parseUnifiedDiff, unifiedDiff } from '../../src/gomod/diff.js'
import { describeDrift, explainTidyDiff } from '../../src/gomod/drift.js'
import { isTransientModuleError, modulesInError } from '../../src/gomod/errors.js'
import { parseModDirectives } from '../../src/gomod/modfile.js'
import { compareGoVersions, parseGoVersion } from '../../src/gomod/version.js'

const DRIFT_GO_MOD = `module example.com/tidy-drift

go 1.22

require (
\texample.com/legacyclock v0.3.0 // gate:want mod-tidy
\texample.com/money v1.2.0
)

replace (
\texample.com/legacyclock v0.3.0 => ./third_party/legacyclock
\texample.com/money v1.2.0 => ./third_party/money
)
`
const DRIFT_TIDY_GO_MOD = `module example.com/tidy-drift

go 1.22

require example.com/money v1.2.0

replace (
\texample.com/legacyclock v0.3.0 => ./third_party/legacyclock
\texample.com/money v1.2.0 => ./third_party/money
)
`
// `go mod tidy -diff` (go1.26.8) on __tests__/fixtures/tidy-drift; it ends each file with a blank line.
const DRIFT_DIFF = `diff current/go.mod tidy/go.mod
--- current/go.mod
+++ tidy/go.mod
@@ -2,10 +2,7 @@
 
 go 1.22
 
-require (
-\texample.com/legacyclock v0.3.0 // gate:want mod-tidy
-\texample.com/money v1.2.0
-)
+require example.com/money v1.2.0
 
 replace (
 \texample.com/legacyclock v0.3.0 => ./third_party/legacyclock

`

describe('Go versions', () => {
  test('language versions, prereleases and releases sort as Go sorts them', () => {
    const order = ['1.20', '1.21', '1.21rc1', '1.21.0', '1.21.1', 'go1.22.0', '1.99']
    const parsed = order.map((v) => parseGoVersion(v))
    for (let i = 1; i < parsed.length; i++) {
      expect(compareGoVersions(parsed[i - 1]!, parsed[i]!)).toBeLessThan(0)
    }
    expect(compareGoVersions(parseGoVersion('1.22.0')!, parseGoVersion('go1.22.0')!)).toBe(0)
    expect(parseGoVersion('devel go1.27-abcdef')).toBeUndefined()
  })
})

describe('go.mod directives', () => {
  test('module, go, toolchain and requirements in and out of blocks, with lines', () => {
    const mod = parseModDirectives(`// Service module.
module "example.com/shop"

go 1.23.2 // the language version

toolchain go1.24.1

require github.com/google/uuid v1.6.0

require (
\tgolang.org/x/text v0.21.0 // indirect
\t// a comment line
\tgopkg.in/yaml.v3 v3.0.1
)

replace golang.org/x/text => ../text
`)
    expect(mod.module).toEqual({ path: 'example.com/shop', line: 2 })
    expect(mod.go).toEqual({ version: '1.23.2', line: 4 })
    expect(mod.toolchain).toEqual({ name: 'go1.24.1', line: 6 })
    expect(mod.requires).toEqual([
      { path: 'github.com/google/uuid', version: 'v1.6.0', indirect: false, line: 8 },
      { path: 'golang.org/x/text', version: 'v0.21.0', indirect: true, line: 11 },
      { path: 'gopkg.in/yaml.v3', version: 'v3.0.1', indirect: false, line: 13 }
    ])
  })
})

describe('unified diffs', () => {
  test('written as go mod tidy -diff writes them', () => {
    expect(`${unifiedDiff(DRIFT_GO_MOD, DRIFT_TIDY_GO_MOD, 'current/go.mod', 'tidy/go.mod')}\n`).toBe(
      DRIFT_DIFF
    )
    expect(unifiedDiff('a\n', 'a\n', 'x', 'y')).toBe('')
    expect(unifiedDiff('', 'x v1 h1:a=\n', 'current/go.sum', 'tidy/go.sum')).toBe(
      'diff current/go.sum tidy/go.sum\n--- current/go.sum\n+++ tidy/go.sum\n@@ -0,0 +1,1 @@\n+x v1 h1:a=\n'
    )
  })

  test('read back into hunks with the line numbers of both sides', () => {
    const [file] = parseUnifiedDiff(DRIFT_DIFF)
    expect(file.oldName).toBe('current/go.mod')
    expect(file.hunks).toHaveLength(1)
    const removed = file.hunks[0].lines.filter((l) => l.op === '-')
    expect(removed.map((l) => l.oldLine)).toEqual([5, 6, 7, 8])
    expect(file.hunks[0].lines.find((l) => l.op === '+')).toEqual({
      op: '+',
      text: 'require example.com/money v1.2.0',
      newLine: 5
    })
  })

  function apply(old: string[], file: FileDiff): string[] {
    const out: string[] = []
    let next = 1
    for (const hunk of file.hunks) {
      const first = hunk.lines.find((l) => l.oldLine !== undefined)?.oldLine ?? hunk.oldStart + 1
      while (next < first) out.push(old[next++ - 1])
      for (const l of hunk.lines) {
        if (l.op !== '-') out.push(l.text)
        if (l.op !== '+') next++
      }
    }
    while (next <= old.length) out.push(old[next++ - 1])
    return out
  }

  test('any diff read back turns the old text into the new one', () => {
    const lines = fc.array(fc.constantFrom('a', 'b', 'c', '', 'require x v1', ')'), { maxLength: 30 })
    fc.assert(
      fc.property(lines, lines, (a, b) => {
        const toText = (ls: string[]) => (ls.length === 0 ? '' : `${ls.join('\n')}\n`)
        const diff = unifiedDiff(toText(a), toText(b), 'current/f', 'tidy/f')
        if (diff === '') return expect(a).toEqual(b)
        const [file] = parseUnifiedDiff(diff)
        expect(apply(a, file)).toEqual(b)
      }),
      { numRuns: 300 }
    )
  })
})

describe('tidy drift in words', () => {
  test('a requirement tidy drops: its own line, even when tidy rewrites the block around it', () => {
    const drift = explainTidyDiff(DRIFT_DIFF, parseModDirectives(DRIFT_GO_MOD))
    expect(drift).toMatchObject({
      line: 6,
      removed: ['example.com/legacyclock'],
      added: [],
      changed: [],
      goSumChanged: false
    })
    expect(describeDrift(drift!)).toBe('example.com/legacyclock is required but not used')
  })

  test('go.sum only: the require line of the module whose sums are missing', () => {
    const goMod = 'module example.com/sum\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0\n'
    const diff = `diff current/go.sum tidy/go.sum
--- current/go.sum
+++ tidy/go.sum
@@ -0,0 +1,2 @@
+github.com/google/uuid v1.6.0 h1:NIvaJDMOsjHA8n1jAhLSgzrAzy1Hgr+hNrb57e+94F0=
+github.com/google/uuid v1.6.0/go.mod h1:TIyPZe4MgqvfeYDBFedMoGGpEw/LqOeaOT+nhxU+yHo=
`
    const drift = explainTidyDiff(diff, parseModDirectives(goMod))
    expect(drift).toMatchObject({
      line: 5,
      sumMissing: ['github.com/google/uuid v1.6.0'],
      goModChanged: false,
      goSumChanged: true
    })
    expect(describeDrift(drift!)).toBe('go.sum lacks entries for github.com/google/uuid v1.6.0')
  })

  test('go.sum only, for a module go.mod does not list: the module line', () => {
    const diff =
      '--- current/go.sum\n+++ tidy/go.sum\n@@ -1,1 +0,0 @@\n-golang.org/x/mod v0.20.0/go.mod h1:abc=\n'
    const drift = explainTidyDiff(diff, parseModDirectives('// header\nmodule example.com/m\n\ngo 1.22\n'))
    expect(drift).toMatchObject({ line: 2, sumUnused: ['golang.org/x/mod v0.20.0'] })
  })

  test('a requirement to add: the line before it; a // indirect to drop: its line', () => {
    const added = explainTidyDiff(
      `--- current/go.mod
+++ tidy/go.mod
@@ -1,3 +1,5 @@
 module example.com/sum
 
 go 1.22
+
+require github.com/google/uuid v1.6.0
`,
      parseModDirectives('module example.com/sum\n\ngo 1.22\n')
    )
    expect(added).toMatchObject({ line: 3, added: ['github.com/google/uuid v1.6.0'] })
    expect(describeDrift(added!)).toBe('github.com/google/uuid must be added')

    const indirect = explainTidyDiff(
      `--- current/go.mod
+++ tidy/go.mod
@@ -2,4 +2,4 @@
 
 go 1.22
 
-require github.com/google/uuid v1.6.0 // indirect
+require github.com/google/uuid v1.6.0
`,
      parseModDirectives(
        'module example.com/sum\n\ngo 1.22\n\nrequire github.com/google/uuid v1.6.0 // indirect\n'
      )
    )
    expect(indirect).toMatchObject({ line: 5, changed: ['github.com/google/uuid: no longer // indirect'] })
  })
})

describe('module errors', () => {
  // Recorded from go1.26.8.
  const REFUSED =
    'go: example.com/ledgerkit@v1.4.0: Get "http://127.0.0.1:1/example.com/ledgerkit/@v/v1.4.0.mod": dial tcp 127.0.0.1:1: connect: connection refused'
  const NOT_FOUND =
    'go: example.com/absent@v1.0.0: reading http://127.0.0.1:18081/example.com/absent/@v/v1.0.0.mod: 404 Not Found'
  const REPLACED =
    'go: example.com/gone@v1.0.0 (replaced by ./gone): reading gone/go.mod: open /tmp/exp/e1/gone/go.mod: no such file or directory'
  const IMPORTS = `go: finding module for package example.com/nothere/pkg
go: example.com/e2 imports
\texample.com/nothere/pkg: cannot find module providing package example.com/nothere/pkg: module lookup disabled by GOPROXY=off`

  test('network trouble is worth another try; a missing module or version is not', () => {
    expect(isTransientModuleError(REFUSED)).toBe(true)
    expect(
      isTransientModuleError(
        'go: m@v1.0.0: reading https://proxy.golang.org/m/@v/v1.0.0.zip: 502 Bad Gateway'
      )
    ).toBe(true)
    expect(isTransientModuleError(NOT_FOUND)).toBe(false)
    expect(isTransientModuleError(REPLACED)).toBe(false)
    expect(isTransientModuleError(IMPORTS)).toBe(false)
    expect(isTransientModuleError(`${REFUSED}\n${NOT_FOUND}`)).toBe(false)
  })

  test('the module or package each error names', () => {
    expect(modulesInError(REFUSED)).toEqual(['example.com/ledgerkit@v1.4.0'])
    expect(modulesInError(REPLACED)).toEqual(['example.com/gone@v1.0.0'])
    expect(modulesInError(IMPORTS)).toEqual(['example.com/nothere/pkg'])
    expect(
      modulesInError(
        'golang.org/x/text v0.21.0: dir has been modified (/root/go/pkg/mod/golang.org/x/text@v0.21.0)'
      )
    ).toEqual(['golang.org/x/text@v0.21.0'])
  })
})
