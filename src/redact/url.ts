// Credentials in URLs: `scheme://user:password@host` anywhere in a text. Go
// prints proxy URLs with the password as xxxxx but keeps the user name, which
// is where many tokens go (`https://TOKEN@proxy`), so the whole userinfo goes.

/**
 * A scheme, `//`, then the userinfo up to the last `@` before the host ends
 * (white space, `/`, `?`, `#` or a quote): a raw `@` in a password stays inside.
 */
const URL_USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#"'<>@]*(?:@[^\s/?#"'<>@]*)*@/g

/** The text with the userinfo of every URL in it replaced: `https://***@proxy.corp/go`. */
export function redactUrlCredentials(text: string): string {
  if (!text.includes('@') || !text.includes('://')) return text
  return text.replace(URL_USERINFO, (match, scheme: string) =>
    match === `${scheme}@` ? match : `${scheme}***@`
  )
}

function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/**
 * The credentials of every URL in a text, as written and percent-decoded: the
 * password, or the user name when there is no password (then it is the token).
 */
export function urlCredentials(text: string): string[] {
  const found: string[] = []
  if (!text.includes('@') || !text.includes('://')) return found
  for (const match of text.matchAll(URL_USERINFO)) {
    const userinfo = match[0].slice(match[1].length, -1)
    if (userinfo === '') continue
    const colon = userinfo.indexOf(':')
    const credential = colon >= 0 ? userinfo.slice(colon + 1) : userinfo
    if (credential === '' || credential === '***' || credential === 'xxxxx') continue
    found.push(credential, decoded(credential))
  }
  return found
}
