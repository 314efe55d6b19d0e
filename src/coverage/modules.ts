// Maps the file names of a profile to repository files. Go names a file by its package's
// import path (`example.com/m/internal/x/y.go`); the module path prefix tells which module
// directory holds it. Files of `go test x.go` packages are named by absolute path instead.

import path from 'node:path'
import type { CoverageModule } from '../model/coverage.js'
import { fileInside, pathInside } from '../text/paths.js'

export interface RepositoryFile {
  /** Repository-relative, `/`-separated. */
  file: string
  /** Import-path qualified name of the file; for absolute profile names, derived from the module. */
  importPath: string
}

/** Resolves profile file names; returns a reason string for a file it cannot place. */
export class ProfileFileResolver {
  private readonly modules: { path: string; prefix: string; dir: string; relDir: string | undefined }[]
  private readonly byDir: { path: string; dir: string }[]
  private readonly root: string

  constructor(repoRoot: string, modules: CoverageModule[]) {
    this.root = path.resolve(repoRoot)
    this.modules = modules
      .filter((m) => m.path.length > 0)
      .map((m) => {
        const dir = path.resolve(this.root, m.dir)
        return { path: m.path, prefix: `${m.path}/`, dir, relDir: this.relativeToRoot(dir) }
      })
      // Longest module path first: example.com/m/svc wins over example.com/m.
      .sort((a, b) => b.path.length - a.path.length)
    this.byDir = this.modules
      .map((m) => ({ path: m.path, dir: m.dir }))
      .sort((a, b) => b.dir.length - a.dir.length)
  }

  resolve(name: string): RepositoryFile | string {
    if (path.isAbsolute(name)) return this.resolveAbsolute(name)
    if (name.startsWith('.')) {
      return `file ${JSON.stringify(name)} is named relative to an unknown directory; expected an import path`
    }
    for (const m of this.modules) {
      if (!name.startsWith(m.prefix)) continue
      if (m.relDir === undefined) {
        return `file ${JSON.stringify(name)} belongs to module ${m.path} in ${m.dir}, outside the repository ${this.root}`
      }
      const rest = name.slice(m.prefix.length)
      return { file: m.relDir === '' ? rest : `${m.relDir}/${rest}`, importPath: name }
    }
    const known = this.modules.map((m) => m.path)
    const which =
      known.length === 0
        ? 'no modules were given'
        : `module${known.length > 1 ? 's' : ''} ${known.join(', ')}`
    return `file ${JSON.stringify(name)} is outside the module (${which}); run go test from the module's directory or list its module`
  }

  private resolveAbsolute(name: string): RepositoryFile | string {
    const abs = path.resolve(name)
    const file = this.relativeToRoot(abs)
    if (file === undefined || file === '') {
      return `file ${JSON.stringify(name)} is outside the module: it is not inside the repository ${this.root}`
    }
    for (const m of this.byDir) {
      const inModule = fileInside(m.dir, abs)
      if (inModule !== undefined) return { file, importPath: `${m.path}/${inModule}` }
    }
    return { file, importPath: file }
  }

  /** `/`-separated path relative to the root, '' for the root, undefined when outside it. */
  private relativeToRoot(abs: string): string | undefined {
    return pathInside(this.root, abs)
  }
}
