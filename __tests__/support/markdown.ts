// Renders a summary the way GitHub would (CommonMark with HTML allowed) and
// returns what a reader would get outside code: the test for escaping.
import MarkdownIt from 'markdown-it'

const md = new MarkdownIt({ html: true })

/** The rendered HTML of a summary with every <code> and <pre> element removed. */
export function renderedOutsideCode(markdown: string): string {
  return md
    .render(markdown)
    .replace(/<pre[\s\S]*?<\/pre>/g, '')
    .replace(/<code[\s\S]*?<\/code>/g, '')
}

/** HTML tags a test name or output could smuggle in: anything but what go-gate writes itself. */
export function foreignTags(html: string): string[] {
  const allowed = new Set([
    'p',
    'details',
    'summary',
    'table',
    'thead',
    'tbody',
    'tr',
    'th',
    'td',
    'h3',
    'h4',
    'ul',
    'li',
    'blockquote',
    'strong',
    'em',
    'a',
    'br'
  ])
  const tags = [...html.matchAll(/<\/?([a-zA-Z][\w-]*)/g)].map((m) => m[1].toLowerCase())
  return tags.filter((t) => !allowed.has(t))
}

/** The sentence that names the root cause: the first line after the summary's `### go-gate` heading. */
export function summaryHeadline(summary: string): string {
  const lines = summary.split('\n').filter((l) => l.trim() !== '')
  return lines[0] === '### go-gate' ? (lines[1] ?? '') : (lines[0] ?? '')
}

/** The summary rendered as GitHub renders it (CommonMark, tables, HTML allowed). */
export function renderMarkdown(markdown: string): string {
  return md.render(markdown)
}

/** What a reader sees of rendered HTML: the text, tags removed, entities decoded, spacing kept. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)))
    .replace(/&amp;/g, '&')
}

/** The rendered first sentence: the paragraph after the `go-gate` heading. */
export function renderedHeadline(summary: string): string {
  const html = md.render(summary)
  const match = /<h3>go-gate<\/h3>\s*<p>([\s\S]*?)<\/p>/.exec(html)
  return match ? match[1] : ''
}
