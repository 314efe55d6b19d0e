// golangci-lint releases: asset names, the checksums file, versions. Pure; the
// download and the tool cache live in src/pipeline/install-golangci.ts.

/** Where releases are downloaded from; `${base}/v<ver>/<asset>`. */
export const GOLANGCI_RELEASE_BASE_URL = 'https://github.com/golangci/golangci-lint/releases/download'

export interface ReleaseAsset {
  /** `2.15.0`, without the v. */
  version: string
  /** `golangci-lint-2.15.0-linux-amd64.tar.gz` */
  archive: string
  format: 'tar.gz' | 'zip'
  /** The folder inside the archive: `golangci-lint-2.15.0-linux-amd64`. */
  folder: string
  /** `golangci-lint` or `golangci-lint.exe` */
  binary: string
  /** `golangci-lint-2.15.0-checksums.txt` */
  checksums: string
}

const OS_NAMES: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux',
  darwin: 'darwin',
  win32: 'windows',
  freebsd: 'freebsd',
  netbsd: 'netbsd',
  openbsd: 'openbsd',
  sunos: 'illumos'
}

const ARCH_NAMES: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  ia32: '386',
  arm: 'armv7',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips64el: 'mips64le'
}

/** `v2.15.0` or `2.15.0` → `2.15.0`. */
export function bareVersion(version: string): string {
  return version.trim().replace(/^v/, '')
}

/** The release asset for a platform (Node's process.platform / process.arch); undefined when golangci-lint publishes none. */
export function releaseAsset(
  version: string,
  platform: NodeJS.Platform,
  arch: string
): ReleaseAsset | undefined {
  const os = OS_NAMES[platform]
  const cpu = ARCH_NAMES[arch]
  if (!os || !cpu) return undefined
  const v = bareVersion(version)
  const folder = `golangci-lint-${v}-${os}-${cpu}`
  const format = os === 'windows' ? 'zip' : 'tar.gz'
  return {
    version: v,
    archive: `${folder}.${format}`,
    format,
    folder,
    binary: os === 'windows' ? 'golangci-lint.exe' : 'golangci-lint',
    checksums: `golangci-lint-${v}-checksums.txt`
  }
}

/** `${base}/v<ver>/<file>` */
export function releaseUrl(base: string, version: string, file: string): string {
  return `${base.replace(/\/+$/, '')}/v${bareVersion(version)}/${file}`
}

/** Reads a `sha256sum` style file (`<hex>  <name>`, `*` before binary names) into name → lowercase hex. */
export function parseChecksums(text: string): Map<string, string> {
  const sums = new Map<string, string>()
  for (const line of text.split('\n')) {
    const m = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line)
    if (m) sums.set(m[2], m[1].toLowerCase())
  }
  return sums
}

/** The version `golangci-lint version` prints (`golangci-lint has version 2.15.0 built with ...`), without the v. */
export function parseGolangciVersion(output: string): string | undefined {
  const m = /has version v?(\d+\.\d+\.\d+)/.exec(output) ?? /\bv?(\d+\.\d+\.\d+)\b/.exec(output)
  return m?.[1]
}

/** Compares two x.y.z versions (with or without v): negative, zero or positive. */
export function compareVersions(a: string, b: string): number {
  const pa = bareVersion(a).split('.').map(Number)
  const pb = bareVersion(b).split('.').map(Number)
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0)
    if (d !== 0) return d
  }
  return 0
}
