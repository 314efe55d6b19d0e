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
