// Counting in words, for every sentence go-gate writes.

/** `n` and the noun, plural when `n` is not 1: plural(1, 'test') is "1 test". */
export function plural(n: number, noun: string, pluralNoun = `${noun}s`): string {
  return `${n} ${n === 1 ? noun : pluralNoun}`
}
