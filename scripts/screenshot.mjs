// Renders what a user sees into PNGs for the README: the job summary of a real
// run of examples/service, rendered as GitHub renders it (GFM with HTML, GitHub's
// stylesheet) in headless Chromium, and the CLI's report in a terminal.
//
//   npm run screenshots
//
// Needs: dist/ (npm run bundle), Go, and Chromium (`apt-get install chromium`, or
// CHROMIUM=/path/to/chrome). GitHub's stylesheet is the npm package
// github-markdown-css, a devDependency (or the file GITHUB_MARKDOWN_CSS names);
// without it the summary is rendered with a plain style and the script says so.
import { execFileSync, spawnSync } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import MarkdownIt from 'markdown-it'

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..')
const out = path.join(root, 'docs')
const scratch = mkdtempSync(path.join(os.tmpdir(), 'go-gate-screenshots-'))
const WIDTH = 1012

function chromium() {
  const candidates = [process.env.CHROMIUM, 'chromium', 'chromium-browser', 'google-chrome'].filter(Boolean)
  for (const name of candidates) {
    if (spawnSync(name, ['--version'], { stdio: 'ignore' }).status === 0) return name
  }
  throw new Error('Chromium was not found: apt-get install chromium, or set CHROMIUM=/path/to/chrome.')
}

function githubCss() {
  const candidates = [
    process.env.GITHUB_MARKDOWN_CSS,
    path.join(root, 'node_modules', 'github-markdown-css', 'github-markdown-light.css')
  ].filter(Boolean)
  for (const file of candidates) if (existsSync(file)) return readFileSync(file, 'utf8')
  process.stderr.write('github-markdown-css not found: the summary is rendered with a plain style.\n')
  return '.markdown-body { font-family: sans-serif; line-height: 1.5 } .markdown-body table { border-collapse: collapse } .markdown-body td, .markdown-body th { border: 1px solid #d0d7de; padding: 6px 13px }'
}

/** Runs the CLI on examples/service as a user would; fails loudly if the gate passed. */
function runCli(args) {
  const result = spawnSync(process.execPath, [path.join(root, 'dist', 'cli', 'index.js'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, GOFLAGS: '-buildvcs=false', GOTOOLCHAIN: 'local' }
  })
  if (result.status !== 1)
    throw new Error(`expected the example to fail (exit 1), got ${result.status}:\n${result.stderr}`)
  return result.stdout
}

/** The page's height once laid out, so the screenshot holds all of it and no more. */
function pageHeight(browser, file) {
  const dom = execFileSync(
    browser,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      `--window-size=${WIDTH},800`,
      '--dump-dom',
      `file://${file}`
    ],
    { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }
  )
  const height = Number(/data-height="(\d+)"/.exec(dom)?.[1])
  return Number.isFinite(height) && height > 0 ? height : 1600
}

function screenshot(browser, html, name) {
  const file = path.join(scratch, `${name}.html`)
  // The page measures itself; --dump-dom reports the measurement.
  const measure =
    '<script>addEventListener("load",()=>{document.body.dataset.height=Math.ceil(document.documentElement.getBoundingClientRect().height)})</script>'
  writeFileSync(file, html.replace('</body>', `${measure}</body>`))
  const height = pageHeight(browser, file)
  const png = path.join(out, `${name}.png`)
  execFileSync(
    browser,
    [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--hide-scrollbars',
      `--window-size=${WIDTH},${height}`,
      `--screenshot=${png}`,
      `file://${file}`
    ],
    { stdio: 'ignore' }
  )
  process.stdout.write(`wrote ${path.relative(root, png)} (${WIDTH}x${height})\n`)
}

const ESC = '\u001b'
const ANSI_COLOURS = {
  1: 'font-weight:bold',
  2: 'opacity:0.65',
  31: 'color:#ff7b72',
  32: 'color:#3fb950',
  33: 'color:#d29922'
}

/** Terminal text with SGR colour codes as HTML spans. */
function ansiToHtml(text) {
  const escapeHtml = (s) => s.replace(/[&<>]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;' })[c])
  let html = ''
  let open = 0
  for (const part of text.split(new RegExp(`(${ESC}\\[[0-9;]*m)`))) {
    const sgr = new RegExp(`^${ESC}\\[([0-9;]*)m$`).exec(part)
    if (!sgr) {
      html += escapeHtml(part)
      continue
    }
    const codes = sgr[1].split(';').filter((c) => c !== '')
    if (codes.length === 0 || codes.includes('0')) {
      html += '</span>'.repeat(open)
      open = 0
      continue
    }
    const style = codes
      .map((c) => ANSI_COLOURS[c])
      .filter(Boolean)
      .join(';')
    html += `<span style="${style}">`
    open++
  }
  return html + '</span>'.repeat(open)
}

const browser = chromium()
const stages = ['--stages', 'tidy,unit', '--coverage-threshold', '60']

const markdown = runCli(['run', 'examples/service', ...stages, '--format', 'markdown'])
const body = new MarkdownIt({ html: true, linkify: false }).render(markdown)
screenshot(
  browser,
  `<!doctype html><html><head><meta charset="utf-8"><style>${githubCss()}
body { margin: 0; background: #fff } .markdown-body { box-sizing: border-box; max-width: ${WIDTH}px; padding: 24px 32px }</style></head>
<body><article class="markdown-body">${body}</article></body></html>`,
  'summary'
)

const terminal = runCli(['run', 'examples/service', ...stages, '--color'])
screenshot(
  browser,
  `<!doctype html><html><head><meta charset="utf-8"><style>
body { margin: 0; background: #0d1117 }
pre { margin: 0; padding: 20px 24px; color: #e6edf3; font: 13px/1.5 "DejaVu Sans Mono", monospace; white-space: pre-wrap }
</style></head><body><pre>$ go-gate run examples/service ${stages.join(' ')}\n\n${ansiToHtml(terminal)}</pre></body></html>`,
  'cli'
)
