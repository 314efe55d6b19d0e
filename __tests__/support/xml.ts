// A small strict reader of the XML go-gate writes (JUnit): elements, attributes, text. It refuses
// what an XML 1.0 parser refuses in that subset (unclosed or crossed tags, a raw `<` or `&`,
// characters XML cannot carry, duplicate attributes), so a test that reads a file back knows a
// consumer can.
export interface XmlElement {
  name: string
  attributes: Record<string, string>
  children: XmlElement[]
  text: string
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" }
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/

function decode(text: string, where: string): string {
  if (/<|&(?!(?:amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);)/.test(text))
    throw new Error(`raw < or & in ${where}`)
  return text.replace(/&(amp|lt|gt|quot|apos|#\d+|#x[0-9a-fA-F]+);/g, (_, e: string) => {
    if (e.startsWith('#x')) return String.fromCodePoint(Number.parseInt(e.slice(2), 16))
    if (e.startsWith('#')) return String.fromCodePoint(Number(e.slice(1)))
    return ENTITIES[e]
  })
}

export function parseXml(xml: string): XmlElement {
  if (NOT_XML.test(xml)) throw new Error('a character XML 1.0 cannot carry')
  let body = xml.replace(/^<\?xml[^?]*\?>\s*/, '')
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '' }
  const stack: XmlElement[] = [root]
  const tag = /^<(\/?)([A-Za-z_][\w.-]*)((?:\s+[A-Za-z_][\w.-]*="[^"<]*")*)\s*(\/?)>/
  while (body.length > 0) {
    const lt = body.indexOf('<')
    const text = lt < 0 ? body : body.slice(0, lt)
    if (text !== '') stack[stack.length - 1].text += decode(text, 'text')
    if (lt < 0) break
    body = body.slice(lt)
    const m = tag.exec(body)
    if (!m) throw new Error(`malformed tag at ${JSON.stringify(body.slice(0, 40))}`)
    body = body.slice(m[0].length)
    const [, closing, name, attrs, selfClosing] = m
    if (closing) {
      const open = stack.pop()
      if (!open || open.name !== name) throw new Error(`</${name}> closes <${open?.name}>`)
      continue
    }
    const element: XmlElement = { name, attributes: {}, children: [], text: '' }
    for (const a of attrs.matchAll(/([A-Za-z_][\w.-]*)="([^"]*)"/g)) {
      if (a[1] in element.attributes) throw new Error(`duplicate attribute ${a[1]}`)
      element.attributes[a[1]] = decode(a[2], `attribute ${a[1]}`)
    }
    stack[stack.length - 1].children.push(element)
    if (!selfClosing) stack.push(element)
  }
  if (stack.length !== 1) throw new Error(`<${stack[stack.length - 1].name}> is never closed`)
  if (root.children.length !== 1) throw new Error('not one root element')
  return root.children[0]
}

/** Every element named `name` below `element`, depth first. */
export function elements(element: XmlElement, name: string): XmlElement[] {
  return element.children.flatMap((c) => [...(c.name === name ? [c] : []), ...elements(c, name)])
}
