// src/gomod/ owns what go.mod, go.sum and the go command's module errors mean: the go.mod
// directives with their lines (modfile), Go versions (version), unified diffs as `go mod tidy
// -diff` writes them (diff), drift in words and the line to annotate (drift), and which module an
// error names and whether a retry could help (errors). The tidy stage runs go; this decides.
//
// The few go.mod directives the gate needs, with their line numbers: the
// `module`, `go` and `toolchain` lines and each requirement. Blocks
// (`require ( ... )`) and comments are understood; everything else is skipped.
import { splitLines } from '../text/lines.js'

export interface Requirement {
  path: string
  version: string
  indirect: boolean
  /** 1-based line in go.mod. */
  line: number
}

export interface ModDirectives {
  module?: { path: string; line: number }
  go?: { version: string; line: number }
  toolchain?: { name: string; line: number }
  requires: Requirement[]
}

function stripComment(text: string): { code: string; comment: string } {
  const at = text.indexOf('//')
  return at < 0
    ? { code: text.trim(), comment: '' }
    : { code: text.slice(0, at).trim(), comment: text.slice(at + 2).trim() }
}

function unquote(token: string): string {
  return token.startsWith('"') && token.endsWith('"') && token.length >= 2 ? token.slice(1, -1) : token
}

/** Reads a requirement written as `path version [// indirect]` (inside a block or after `require`). */
export function parseRequirement(text: string, line: number): Requirement | undefined {
  const { code, comment } = stripComment(text)
  const fields = code.split(/\s+/).filter((f) => f !== '')
  if (fields.length !== 2) return undefined
  return {
    path: unquote(fields[0]),
    version: unquote(fields[1]),
    indirect: /^indirect\b/.test(comment),
    line
  }
}

export function parseModDirectives(text: string): ModDirectives {
  const result: ModDirectives = { requires: [] }
  let block: string | undefined
  const lines = splitLines(text)
  for (let i = 0; i < lines.length; i++) {
    const line = i + 1
    const { code } = stripComment(lines[i])
    if (code === '') continue
    if (block !== undefined) {
      if (code === ')') {
        block = undefined
        continue
      }
      if (block === 'require') {
        const req = parseRequirement(lines[i], line)
        if (req) result.requires.push(req)
      }
      continue
    }
    const m = /^(\w+)\s*(.*)$/.exec(code)
    if (!m) continue
    const [, verb, rest] = m
    if (rest === '(') {
      block = verb
      continue
    }
    switch (verb) {
      case 'module':
        result.module = { path: unquote(rest.trim()), line }
        break
      case 'go':
        result.go = { version: rest.trim(), line }
        break
      case 'toolchain':
        result.toolchain = { name: rest.trim(), line }
        break
      case 'require': {
        const req = parseRequirement(lines[i].replace(/^\s*require\s+/, ''), line)
        if (req) result.requires.push(req)
        break
      }
    }
  }
  return result
}
