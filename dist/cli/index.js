#!/usr/bin/env node
import { createRequire as __WEBPACK_EXTERNAL_createRequire } from "module";
/******/ var __webpack_modules__ = ({

/***/ 4006:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const pico = __nccwpck_require__(8016);
const utils = __nccwpck_require__(4059);

function picomatch(glob, options, returnState = false) {
  // default to os.platform()
  if (options && (options.windows === null || options.windows === undefined)) {
    // don't mutate the original options object
    options = { ...options, windows: utils.isWindows() };
  }

  return pico(glob, options, returnState);
}

Object.assign(picomatch, pico);
module.exports = picomatch;


/***/ }),

/***/ 5595:
/***/ ((module) => {



const WIN_SLASH = '\\\\/';
const WIN_NO_SLASH = `[^${WIN_SLASH}]`;

const DEFAULT_MAX_EXTGLOB_RECURSION = 0;

/**
 * Posix glob regex
 */

const DOT_LITERAL = '\\.';
const PLUS_LITERAL = '\\+';
const QMARK_LITERAL = '\\?';
const SLASH_LITERAL = '\\/';
const ONE_CHAR = '(?=.)';
const QMARK = '[^/]';
const END_ANCHOR = `(?:${SLASH_LITERAL}|$)`;
const START_ANCHOR = `(?:^|${SLASH_LITERAL})`;
const DOTS_SLASH = `${DOT_LITERAL}{1,2}${END_ANCHOR}`;
const NO_DOT = `(?!${DOT_LITERAL})`;
const NO_DOTS = `(?!${START_ANCHOR}${DOTS_SLASH})`;
const NO_DOT_SLASH = `(?!${DOT_LITERAL}{0,1}${END_ANCHOR})`;
const NO_DOTS_SLASH = `(?!${DOTS_SLASH})`;
const QMARK_NO_DOT = `[^.${SLASH_LITERAL}]`;
const STAR = `${QMARK}*?`;
const SEP = '/';

const POSIX_CHARS = {
  DOT_LITERAL,
  PLUS_LITERAL,
  QMARK_LITERAL,
  SLASH_LITERAL,
  ONE_CHAR,
  QMARK,
  END_ANCHOR,
  DOTS_SLASH,
  NO_DOT,
  NO_DOTS,
  NO_DOT_SLASH,
  NO_DOTS_SLASH,
  QMARK_NO_DOT,
  STAR,
  START_ANCHOR,
  SEP
};

/**
 * Windows glob regex
 */

const WINDOWS_CHARS = {
  ...POSIX_CHARS,

  SLASH_LITERAL: `[${WIN_SLASH}]`,
  QMARK: WIN_NO_SLASH,
  STAR: `${WIN_NO_SLASH}*?`,
  DOTS_SLASH: `${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$)`,
  NO_DOT: `(?!${DOT_LITERAL})`,
  NO_DOTS: `(?!(?:^|[${WIN_SLASH}])${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  NO_DOT_SLASH: `(?!${DOT_LITERAL}{0,1}(?:[${WIN_SLASH}]|$))`,
  NO_DOTS_SLASH: `(?!${DOT_LITERAL}{1,2}(?:[${WIN_SLASH}]|$))`,
  QMARK_NO_DOT: `[^.${WIN_SLASH}]`,
  START_ANCHOR: `(?:^|[${WIN_SLASH}])`,
  END_ANCHOR: `(?:[${WIN_SLASH}]|$)`,
  SEP: '\\'
};

/**
 * POSIX Bracket Regex
 */

const POSIX_REGEX_SOURCE = {
  __proto__: null,
  alnum: 'a-zA-Z0-9',
  alpha: 'a-zA-Z',
  ascii: '\\x00-\\x7F',
  blank: ' \\t',
  cntrl: '\\x00-\\x1F\\x7F',
  digit: '0-9',
  graph: '\\x21-\\x7E',
  lower: 'a-z',
  print: '\\x20-\\x7E ',
  punct: '\\-!"#$%&\'()\\*+,./:;<=>?@[\\]^_`{|}~',
  space: ' \\t\\r\\n\\v\\f',
  upper: 'A-Z',
  word: 'A-Za-z0-9_',
  xdigit: 'A-Fa-f0-9'
};

module.exports = {
  DEFAULT_MAX_EXTGLOB_RECURSION,
  MAX_LENGTH: 1024 * 64,
  POSIX_REGEX_SOURCE,

  // regular expressions
  REGEX_BACKSLASH: /\\(?![*+?^${}(|)[\]])/g,
  REGEX_NON_SPECIAL_CHARS: /^[^@![\].,$*+?^{}()|\\/]+/,
  REGEX_SPECIAL_CHARS: /[-*+?.^${}(|)[\]]/,
  REGEX_SPECIAL_CHARS_BACKREF: /(\\?)((\W)(\3*))/g,
  REGEX_SPECIAL_CHARS_GLOBAL: /([-*+?.^${}(|)[\]])/g,
  REGEX_REMOVE_BACKSLASH: /(?:\[.*?[^\\]\]|\\(?=.))/g,

  // Replace globs with equivalent patterns to reduce parsing time.
  REPLACEMENTS: {
    __proto__: null,
    '***': '*',
    '**/**': '**',
    '**/**/**': '**'
  },

  // Digits
  CHAR_0: 48, /* 0 */
  CHAR_9: 57, /* 9 */

  // Alphabet chars.
  CHAR_UPPERCASE_A: 65, /* A */
  CHAR_LOWERCASE_A: 97, /* a */
  CHAR_UPPERCASE_Z: 90, /* Z */
  CHAR_LOWERCASE_Z: 122, /* z */

  CHAR_LEFT_PARENTHESES: 40, /* ( */
  CHAR_RIGHT_PARENTHESES: 41, /* ) */

  CHAR_ASTERISK: 42, /* * */

  // Non-alphabetic chars.
  CHAR_AMPERSAND: 38, /* & */
  CHAR_AT: 64, /* @ */
  CHAR_BACKWARD_SLASH: 92, /* \ */
  CHAR_CARRIAGE_RETURN: 13, /* \r */
  CHAR_CIRCUMFLEX_ACCENT: 94, /* ^ */
  CHAR_COLON: 58, /* : */
  CHAR_COMMA: 44, /* , */
  CHAR_DOT: 46, /* . */
  CHAR_DOUBLE_QUOTE: 34, /* " */
  CHAR_EQUAL: 61, /* = */
  CHAR_EXCLAMATION_MARK: 33, /* ! */
  CHAR_FORM_FEED: 12, /* \f */
  CHAR_FORWARD_SLASH: 47, /* / */
  CHAR_GRAVE_ACCENT: 96, /* ` */
  CHAR_HASH: 35, /* # */
  CHAR_HYPHEN_MINUS: 45, /* - */
  CHAR_LEFT_ANGLE_BRACKET: 60, /* < */
  CHAR_LEFT_CURLY_BRACE: 123, /* { */
  CHAR_LEFT_SQUARE_BRACKET: 91, /* [ */
  CHAR_LINE_FEED: 10, /* \n */
  CHAR_NO_BREAK_SPACE: 160, /* \u00A0 */
  CHAR_PERCENT: 37, /* % */
  CHAR_PLUS: 43, /* + */
  CHAR_QUESTION_MARK: 63, /* ? */
  CHAR_RIGHT_ANGLE_BRACKET: 62, /* > */
  CHAR_RIGHT_CURLY_BRACE: 125, /* } */
  CHAR_RIGHT_SQUARE_BRACKET: 93, /* ] */
  CHAR_SEMICOLON: 59, /* ; */
  CHAR_SINGLE_QUOTE: 39, /* ' */
  CHAR_SPACE: 32, /*   */
  CHAR_TAB: 9, /* \t */
  CHAR_UNDERSCORE: 95, /* _ */
  CHAR_VERTICAL_LINE: 124, /* | */
  CHAR_ZERO_WIDTH_NOBREAK_SPACE: 65279, /* \uFEFF */

  /**
   * Create EXTGLOB_CHARS
   */

  extglobChars(chars) {
    return {
      '!': { type: 'negate', open: '(?:(?!(?:', close: `))${chars.STAR})` },
      '?': { type: 'qmark', open: '(?:', close: ')?' },
      '+': { type: 'plus', open: '(?:', close: ')+' },
      '*': { type: 'star', open: '(?:', close: ')*' },
      '@': { type: 'at', open: '(?:', close: ')' }
    };
  },

  /**
   * Create GLOB_CHARS
   */

  globChars(win32) {
    return win32 === true ? WINDOWS_CHARS : POSIX_CHARS;
  }
};


/***/ }),

/***/ 8265:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const constants = __nccwpck_require__(5595);
const utils = __nccwpck_require__(4059);

/**
 * Constants
 */

const {
  MAX_LENGTH,
  POSIX_REGEX_SOURCE,
  REGEX_NON_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_BACKREF,
  REPLACEMENTS
} = constants;

/**
 * Helpers
 */

const expandRange = (args, options) => {
  if (typeof options.expandRange === 'function') {
    return options.expandRange(...args, options);
  }

  args.sort();
  const value = `[${args.join('-')}]`;

  try {
    /* eslint-disable-next-line no-new */
    new RegExp(value);
  } catch (ex) {
    return args.map(v => utils.escapeRegex(v)).join('..');
  }

  return value;
};

/**
 * Create the message for a syntax error
 */

const syntaxError = (type, char) => {
  return `Missing ${type}: "${char}" - use "\\\\${char}" to match literal characters`;
};

const splitTopLevel = input => {
  const parts = [];
  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let value = '';
  let escaped = false;

  for (const ch of input) {
    if (escaped === true) {
      value += ch;
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      value += ch;
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      value += ch;
      continue;
    }

    if (quote === 0) {
      if (ch === '[') {
        bracket++;
      } else if (ch === ']' && bracket > 0) {
        bracket--;
      } else if (bracket === 0) {
        if (ch === '(') {
          paren++;
        } else if (ch === ')' && paren > 0) {
          paren--;
        } else if (ch === '|' && paren === 0) {
          parts.push(value);
          value = '';
          continue;
        }
      }
    }

    value += ch;
  }

  parts.push(value);
  return parts;
};

const isPlainBranch = branch => {
  let escaped = false;

  for (const ch of branch) {
    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (/[?*+@!()[\]{}]/.test(ch)) {
      return false;
    }
  }

  return true;
};

const normalizeSimpleBranch = branch => {
  let value = branch.trim();
  let changed = true;

  while (changed === true) {
    changed = false;

    if (/^@\([^\\()[\]{}|]+\)$/.test(value)) {
      value = value.slice(2, -1);
      changed = true;
    }
  }

  if (!isPlainBranch(value)) {
    return;
  }

  return value.replace(/\\(.)/g, '$1');
};

const hasRepeatedCharPrefixOverlap = branches => {
  const values = branches.map(normalizeSimpleBranch).filter(Boolean);

  for (let i = 0; i < values.length; i++) {
    for (let j = i + 1; j < values.length; j++) {
      const a = values[i];
      const b = values[j];
      const char = a[0];

      if (!char || a !== char.repeat(a.length) || b !== char.repeat(b.length)) {
        continue;
      }

      if (a === b || a.startsWith(b) || b.startsWith(a)) {
        return true;
      }
    }
  }

  return false;
};

const parseRepeatedExtglob = (pattern, requireEnd = true) => {
  if ((pattern[0] !== '+' && pattern[0] !== '*') || pattern[1] !== '(') {
    return;
  }

  let bracket = 0;
  let paren = 0;
  let quote = 0;
  let escaped = false;

  for (let i = 1; i < pattern.length; i++) {
    const ch = pattern[i];

    if (escaped === true) {
      escaped = false;
      continue;
    }

    if (ch === '\\') {
      escaped = true;
      continue;
    }

    if (ch === '"') {
      quote = quote === 1 ? 0 : 1;
      continue;
    }

    if (quote === 1) {
      continue;
    }

    if (ch === '[') {
      bracket++;
      continue;
    }

    if (ch === ']' && bracket > 0) {
      bracket--;
      continue;
    }

    if (bracket > 0) {
      continue;
    }

    if (ch === '(') {
      paren++;
      continue;
    }

    if (ch === ')') {
      paren--;

      if (paren === 0) {
        if (requireEnd === true && i !== pattern.length - 1) {
          return;
        }

        return {
          type: pattern[0],
          body: pattern.slice(2, i),
          end: i
        };
      }
    }
  }
};

const buildCharClassStar = chars => {
  const source = chars.length === 1
    ? utils.escapeRegex(chars[0])
    : `[${chars.map(ch => utils.escapeRegex(ch)).join('')}]`;

  return `${source}*`;
};

const getStarExtglobSequenceChars = pattern => {
  let index = 0;
  const chars = [];

  while (index < pattern.length) {
    const match = parseRepeatedExtglob(pattern.slice(index), false);

    if (!match || match.type !== '*') {
      return;
    }

    const branches = splitTopLevel(match.body).map(branch => branch.trim());
    if (branches.length !== 1) {
      return;
    }

    const branch = normalizeSimpleBranch(branches[0]);
    if (!branch || branch.length !== 1) {
      return;
    }

    chars.push(branch);
    index += match.end + 1;
  }

  if (chars.length < 1) {
    return;
  }

  return chars;
};

const repeatedExtglobRecursion = pattern => {
  let depth = 0;
  let value = pattern.trim();
  let match = parseRepeatedExtglob(value);

  while (match) {
    depth++;
    value = match.body.trim();
    match = parseRepeatedExtglob(value);
  }

  return depth;
};

const analyzeRepeatedExtglob = (body, options) => {
  if (options.maxExtglobRecursion === false) {
    return { risky: false };
  }

  const max =
    typeof options.maxExtglobRecursion === 'number'
      ? options.maxExtglobRecursion
      : constants.DEFAULT_MAX_EXTGLOB_RECURSION;

  const branches = splitTopLevel(body).map(branch => branch.trim());

  if (branches.length > 1) {
    if (
      branches.some(branch => branch === '') ||
      branches.some(branch => /^[*?]+$/.test(branch)) ||
      hasRepeatedCharPrefixOverlap(branches)
    ) {
      return { risky: true };
    }
  }

  // A repeated extglob is "risky" (prone to catastrophic backtracking) when a
  // branch is itself a `*(...)` sequence, since that nests an unbounded quantifier
  // inside the outer `+(...)`/`*(...)`. When *every* branch reduces to single
  // characters we can emit one flat, ReDoS-safe character class that preserves the
  // meaning of ALL branches (e.g. `+(*(a)|*(b))` -> `[ab]*`), rather than dropping
  // every branch but the first.
  const safeChars = [];
  let sawStarSequence = false;
  let combinable = true;

  for (const branch of branches) {
    const chars = getStarExtglobSequenceChars(branch);
    if (chars) {
      sawStarSequence = true;
      safeChars.push(...chars);
      continue;
    }

    const literal = normalizeSimpleBranch(branch);
    if (literal && literal.length === 1) {
      safeChars.push(literal);
      continue;
    }

    combinable = false;

    if (repeatedExtglobRecursion(branch) > max) {
      return { risky: true };
    }
  }

  if (sawStarSequence) {
    return combinable
      ? { risky: true, safeOutput: buildCharClassStar([...new Set(safeChars)]) }
      : { risky: true };
  }

  return { risky: false };
};

/**
 * Parse the given input string.
 * @param {String} input
 * @param {Object} options
 * @return {Object}
 */

const parse = (input, options) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected a string');
  }

  input = REPLACEMENTS[input] || input;

  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;

  let len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  const bos = { type: 'bos', value: '', output: opts.prepend || '' };
  const tokens = [bos];

  const capture = opts.capture ? '' : '?:';

  // create constants based on platform, for windows or posix
  const PLATFORM_CHARS = constants.globChars(opts.windows);
  const EXTGLOB_CHARS = constants.extglobChars(PLATFORM_CHARS);

  const {
    DOT_LITERAL,
    PLUS_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOT_SLASH,
    NO_DOTS_SLASH,
    QMARK,
    QMARK_NO_DOT,
    STAR,
    START_ANCHOR
  } = PLATFORM_CHARS;

  const globstar = opts => {
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const nodot = opts.dot ? '' : NO_DOT;
  const qmarkNoDot = opts.dot ? QMARK : QMARK_NO_DOT;
  let star = opts.bash === true ? globstar(opts) : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  // minimatch options support
  if (typeof opts.noext === 'boolean') {
    opts.noextglob = opts.noext;
  }

  const state = {
    input,
    index: -1,
    start: 0,
    dot: opts.dot === true,
    consumed: '',
    output: '',
    prefix: '',
    backtrack: false,
    negated: false,
    brackets: 0,
    braces: 0,
    parens: 0,
    quotes: 0,
    globstar: false,
    tokens
  };

  input = utils.removePrefix(input, state);
  len = input.length;

  const extglobs = [];
  const braces = [];
  const stack = [];
  let prev = bos;
  let value;

  /**
   * Tokenizing helpers
   */

  const eos = () => state.index === len - 1;
  const peek = state.peek = (n = 1) => input[state.index + n];
  const advance = state.advance = () => input[++state.index] || '';
  const remaining = () => input.slice(state.index + 1);
  const consume = (value = '', num = 0) => {
    state.consumed += value;
    state.index += num;
  };

  const append = token => {
    state.output += token.output != null ? token.output : token.value;
    consume(token.value);
  };

  const negate = () => {
    let count = 1;

    while (peek() === '!' && (peek(2) !== '(' || peek(3) === '?')) {
      advance();
      state.start++;
      count++;
    }

    if (count % 2 === 0) {
      return false;
    }

    state.negated = true;
    state.start++;
    return true;
  };

  const increment = type => {
    state[type]++;
    stack.push(type);
  };

  const decrement = type => {
    state[type]--;
    stack.pop();
  };

  /**
   * Push tokens onto the tokens array. This helper speeds up
   * tokenizing by 1) helping us avoid backtracking as much as possible,
   * and 2) helping us avoid creating extra tokens when consecutive
   * characters are plain text. This improves performance and simplifies
   * lookbehinds.
   */

  const push = tok => {
    if (prev.type === 'globstar') {
      const isBrace = state.braces > 0 && (tok.type === 'comma' || tok.type === 'brace');
      const isExtglob = tok.extglob === true || (extglobs.length && (tok.type === 'pipe' || tok.type === 'paren'));

      if (tok.type !== 'slash' && tok.type !== 'paren' && !isBrace && !isExtglob) {
        state.output = state.output.slice(0, -prev.output.length);
        prev.type = 'star';
        prev.value = '*';
        prev.output = star;
        state.output += prev.output;
      }
    }

    if (extglobs.length && tok.type !== 'paren') {
      extglobs[extglobs.length - 1].inner += tok.value;
    }

    if (tok.value || tok.output) append(tok);
    if (prev && prev.type === 'text' && tok.type === 'text') {
      prev.output = (prev.output || prev.value) + tok.value;
      prev.value += tok.value;
      return;
    }

    tok.prev = prev;
    tokens.push(tok);
    prev = tok;
  };

  const extglobOpen = (type, value) => {
    const token = { ...EXTGLOB_CHARS[value], conditions: 1, inner: '' };

    token.prev = prev;
    token.parens = state.parens;
    token.output = state.output;
    token.startIndex = state.index;
    token.tokensIndex = tokens.length;
    const output = (opts.capture ? '(' : '') + token.open;

    increment('parens');
    push({ type, value, output: state.output ? '' : ONE_CHAR });
    push({ type: 'paren', extglob: true, value: advance(), output });
    extglobs.push(token);
  };

  const extglobClose = token => {
    const literal = input.slice(token.startIndex, state.index + 1);
    const body = input.slice(token.startIndex + 2, state.index);
    const analysis = analyzeRepeatedExtglob(body, opts);

    if ((token.type === 'plus' || token.type === 'star') && analysis.risky) {
      const safeOutput = analysis.safeOutput
        ? (token.output ? '' : ONE_CHAR) + (opts.capture ? `(${analysis.safeOutput})` : analysis.safeOutput)
        : undefined;
      const open = tokens[token.tokensIndex];

      open.type = 'text';
      open.value = literal;
      open.output = safeOutput || utils.escapeRegex(literal);

      for (let i = token.tokensIndex + 1; i < tokens.length; i++) {
        tokens[i].value = '';
        tokens[i].output = '';
        delete tokens[i].suffix;
      }

      state.output = token.output + open.output;
      state.backtrack = true;

      push({ type: 'paren', extglob: true, value, output: '' });
      decrement('parens');
      return;
    }

    let output = token.close + (opts.capture ? ')' : '');
    let rest;

    if (token.type === 'negate') {
      let extglobStar = star;

      if (token.inner && token.inner.length > 1 && token.inner.includes('/')) {
        extglobStar = globstar(opts);
      }

      if (extglobStar !== star || eos() || /^\)+$/.test(remaining())) {
        output = token.close = `)$))${extglobStar}`;
      }

      if (token.inner.includes('*') && (rest = remaining()) && /^\.[^\\/.]+$/.test(rest)) {
        // Any non-magical string (`.ts`) or even nested expression (`.{ts,tsx}`) can follow after the closing parenthesis.
        // In this case, we need to parse the string and use it in the output of the original pattern.
        // Suitable patterns: `/!(*.d).ts`, `/!(*.d).{ts,tsx}`, `**/!(*-dbg).@(js)`.
        //
        // Disabling the `fastpaths` option due to a problem with parsing strings as `.ts` in the pattern like `**/!(*.d).ts`.
        const expression = parse(rest, { ...options, fastpaths: false }).output;

        output = token.close = `)${expression})${extglobStar})`;
      }

      if (token.prev.type === 'bos') {
        state.negatedExtglob = true;
      }
    }

    push({ type: 'paren', extglob: true, value, output });
    decrement('parens');
  };

  /**
   * Fast paths
   */

  if (opts.fastpaths !== false && !/(^[*!]|[/()[\]{}"])/.test(input)) {
    let backslashes = false;

    let output = input.replace(REGEX_SPECIAL_CHARS_BACKREF, (m, esc, chars, first, rest, index) => {
      if (first === '\\') {
        backslashes = true;
        return m;
      }

      if (first === '?') {
        if (esc) {
          return esc + first + (rest ? QMARK.repeat(rest.length) : '');
        }
        if (index === 0) {
          return qmarkNoDot + (rest ? QMARK.repeat(rest.length) : '');
        }
        return QMARK.repeat(chars.length);
      }

      if (first === '.') {
        return DOT_LITERAL.repeat(chars.length);
      }

      if (first === '*') {
        if (esc) {
          return esc + first + (rest ? star : '');
        }
        return star;
      }
      return esc ? m : `\\${m}`;
    });

    if (backslashes === true) {
      if (opts.unescape === true) {
        output = output.replace(/\\/g, '');
      } else {
        output = output.replace(/\\+/g, m => {
          return m.length % 2 === 0 ? '\\\\' : (m ? '\\' : '');
        });
      }
    }

    if (output === input && opts.contains === true) {
      state.output = input;
      return state;
    }

    state.output = utils.wrapOutput(output, state, options);
    return state;
  }

  /**
   * Tokenize input until we reach end-of-string
   */

  while (!eos()) {
    value = advance();

    if (value === '\u0000') {
      continue;
    }

    /**
     * Escaped characters
     */

    if (value === '\\') {
      const next = peek();

      if (next === '/' && opts.bash !== true) {
        continue;
      }

      if (next === '.' || next === ';') {
        continue;
      }

      if (!next) {
        value += '\\';
        push({ type: 'text', value });
        continue;
      }

      // collapse slashes to reduce potential for exploits
      const match = /^\\+/.exec(remaining());
      let slashes = 0;

      if (match && match[0].length > 2) {
        slashes = match[0].length;
        state.index += slashes;
        if (slashes % 2 !== 0) {
          value += '\\';
        }
      }

      if (opts.unescape === true) {
        value = advance();
      } else {
        value += advance();
      }

      if (state.brackets === 0) {
        push({ type: 'text', value });
        continue;
      }
    }

    /**
     * If we're inside a regex character class, continue
     * until we reach the closing bracket.
     */

    if (state.brackets > 0 && (value !== ']' || prev.value === '[' || prev.value === '[^')) {
      if (opts.posix !== false && value === ':') {
        const inner = prev.value.slice(1);
        if (inner.includes('[')) {
          prev.posix = true;

          if (inner.includes(':')) {
            const idx = prev.value.lastIndexOf('[');
            const pre = prev.value.slice(0, idx);
            const rest = prev.value.slice(idx + 2);
            const posix = POSIX_REGEX_SOURCE[rest];
            if (posix) {
              prev.value = pre + posix;
              state.backtrack = true;
              advance();

              if (!bos.output && tokens.indexOf(prev) === 1) {
                bos.output = ONE_CHAR;
              }
              continue;
            }
          }
        }
      }

      if ((value === '[' && peek() !== ':') || (value === '-' && peek() === ']')) {
        value = `\\${value}`;
      }

      if (value === ']' && (prev.value === '[' || prev.value === '[^')) {
        value = `\\${value}`;
      }

      if (opts.posix === true && value === '!' && prev.value === '[') {
        value = '^';
      }

      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * If we're inside a quoted string, continue
     * until we reach the closing double quote.
     */

    if (state.quotes === 1 && value !== '"') {
      value = utils.escapeRegex(value);
      prev.value += value;
      append({ value });
      continue;
    }

    /**
     * Double quotes
     */

    if (value === '"') {
      state.quotes = state.quotes === 1 ? 0 : 1;
      if (opts.keepQuotes === true) {
        push({ type: 'text', value });
      }
      continue;
    }

    /**
     * Parentheses
     */

    if (value === '(') {
      increment('parens');
      push({ type: 'paren', value });
      continue;
    }

    if (value === ')') {
      if (state.parens === 0 && opts.strictBrackets === true) {
        throw new SyntaxError(syntaxError('opening', '('));
      }

      const extglob = extglobs[extglobs.length - 1];
      if (extglob && state.parens === extglob.parens + 1) {
        extglobClose(extglobs.pop());
        continue;
      }

      push({ type: 'paren', value, output: state.parens ? ')' : '\\)' });
      decrement('parens');
      continue;
    }

    /**
     * Square brackets
     */

    if (value === '[') {
      if (opts.nobracket === true || !remaining().includes(']')) {
        if (opts.nobracket !== true && opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('closing', ']'));
        }

        value = `\\${value}`;
      } else {
        increment('brackets');
      }

      push({ type: 'bracket', value });
      continue;
    }

    if (value === ']') {
      if (opts.nobracket === true || (prev && prev.type === 'bracket' && prev.value.length === 1)) {
        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      if (state.brackets === 0) {
        if (opts.strictBrackets === true) {
          throw new SyntaxError(syntaxError('opening', '['));
        }

        push({ type: 'text', value, output: `\\${value}` });
        continue;
      }

      decrement('brackets');

      const prevValue = prev.value.slice(1);
      if (prev.posix !== true && prevValue[0] === '^' && !prevValue.includes('/')) {
        value = `/${value}`;
      }

      prev.value += value;
      append({ value });

      // when literal brackets are explicitly disabled
      // assume we should match with a regex character class
      if (opts.literalBrackets === false || utils.hasRegexChars(prevValue)) {
        continue;
      }

      const escaped = utils.escapeRegex(prev.value);
      state.output = state.output.slice(0, -prev.value.length);

      // when literal brackets are explicitly enabled
      // assume we should escape the brackets to match literal characters
      if (opts.literalBrackets === true) {
        state.output += escaped;
        prev.value = escaped;
        continue;
      }

      // when the user specifies nothing, try to match both
      prev.value = `(${capture}${escaped}|${prev.value})`;
      state.output += prev.value;
      continue;
    }

    /**
     * Braces
     */

    if (value === '{' && opts.nobrace !== true) {
      increment('braces');

      const open = {
        type: 'brace',
        value,
        output: '(',
        outputIndex: state.output.length,
        tokensIndex: state.tokens.length
      };

      braces.push(open);
      push(open);
      continue;
    }

    if (value === '}') {
      const brace = braces[braces.length - 1];

      if (opts.nobrace === true || !brace) {
        push({ type: 'text', value, output: value });
        continue;
      }

      let output = ')';

      if (brace.dots === true) {
        const arr = tokens.slice();
        const range = [];

        for (let i = arr.length - 1; i >= 0; i--) {
          tokens.pop();
          if (arr[i].type === 'brace') {
            break;
          }
          if (arr[i].type !== 'dots') {
            range.unshift(arr[i].value);
          }
        }

        output = expandRange(range, opts);
        state.backtrack = true;
      }

      if (brace.comma !== true && brace.dots !== true) {
        const out = state.output.slice(0, brace.outputIndex);
        const toks = state.tokens.slice(brace.tokensIndex);
        brace.value = brace.output = '\\{';
        value = output = '\\}';
        state.output = out;
        for (const t of toks) {
          state.output += (t.output || t.value);
        }
      }

      push({ type: 'brace', value, output });
      decrement('braces');
      braces.pop();
      continue;
    }

    /**
     * Pipes
     */

    if (value === '|') {
      if (extglobs.length > 0) {
        extglobs[extglobs.length - 1].conditions++;
      }
      push({ type: 'text', value });
      continue;
    }

    /**
     * Commas
     */

    if (value === ',') {
      let output = value;

      const brace = braces[braces.length - 1];
      if (brace && stack[stack.length - 1] === 'braces') {
        brace.comma = true;
        output = '|';
      }

      push({ type: 'comma', value, output });
      continue;
    }

    /**
     * Slashes
     */

    if (value === '/') {
      // if the beginning of the glob is "./", advance the start
      // to the current index, and don't add the "./" characters
      // to the state. This greatly simplifies lookbehinds when
      // checking for BOS characters like "!" and "." (not "./")
      if (prev.type === 'dot' && state.index === state.start + 1) {
        state.start = state.index + 1;
        state.consumed = '';
        state.output = '';
        tokens.pop();
        prev = bos; // reset "prev" to the first token
        continue;
      }

      push({ type: 'slash', value, output: SLASH_LITERAL });
      continue;
    }

    /**
     * Dots
     */

    if (value === '.') {
      if (state.braces > 0 && prev.type === 'dot') {
        if (prev.value === '.') prev.output = DOT_LITERAL;
        const brace = braces[braces.length - 1];
        prev.type = 'dots';
        prev.output += value;
        prev.value += value;
        brace.dots = true;
        continue;
      }

      if ((state.braces + state.parens) === 0 && prev.type !== 'bos' && prev.type !== 'slash') {
        push({ type: 'text', value, output: DOT_LITERAL });
        continue;
      }

      push({ type: 'dot', value, output: DOT_LITERAL });
      continue;
    }

    /**
     * Question marks
     */

    if (value === '?') {
      const isGroup = prev && prev.value === '(';
      if (!isGroup && opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('qmark', value);
        continue;
      }

      if (prev && prev.type === 'paren') {
        const next = peek();
        let output = value;

        if ((prev.value === '(' && !/[!=<:]/.test(next)) || (next === '<' && !/<([!=]|\w+>)/.test(remaining()))) {
          output = `\\${value}`;
        }

        push({ type: 'text', value, output });
        continue;
      }

      if (opts.dot !== true && (prev.type === 'slash' || prev.type === 'bos')) {
        push({ type: 'qmark', value, output: QMARK_NO_DOT });
        continue;
      }

      push({ type: 'qmark', value, output: QMARK });
      continue;
    }

    /**
     * Exclamation
     */

    if (value === '!') {
      if (opts.noextglob !== true && peek() === '(') {
        if (peek(2) !== '?' || !/[!=<:]/.test(peek(3))) {
          extglobOpen('negate', value);
          continue;
        }
      }

      if (opts.nonegate !== true && state.index === 0) {
        negate();
        continue;
      }
    }

    /**
     * Plus
     */

    if (value === '+') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        extglobOpen('plus', value);
        continue;
      }

      if ((prev && prev.value === '(') || opts.regex === false) {
        push({ type: 'plus', value, output: PLUS_LITERAL });
        continue;
      }

      if ((prev && (prev.type === 'bracket' || prev.type === 'paren' || prev.type === 'brace')) || state.parens > 0) {
        push({ type: 'plus', value });
        continue;
      }

      push({ type: 'plus', value: PLUS_LITERAL });
      continue;
    }

    /**
     * Plain text
     */

    if (value === '@') {
      if (opts.noextglob !== true && peek() === '(' && peek(2) !== '?') {
        push({ type: 'at', extglob: true, value, output: '' });
        continue;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Plain text
     */

    if (value !== '*') {
      if (value === '$' || value === '^') {
        value = `\\${value}`;
      }

      const match = REGEX_NON_SPECIAL_CHARS.exec(remaining());
      if (match) {
        value += match[0];
        state.index += match[0].length;
      }

      push({ type: 'text', value });
      continue;
    }

    /**
     * Stars
     */

    if (prev && (prev.type === 'globstar' || prev.star === true)) {
      prev.type = 'star';
      prev.star = true;
      prev.value += value;
      prev.output = star;
      state.backtrack = true;
      state.globstar = true;
      consume(value);
      continue;
    }

    let rest = remaining();
    if (opts.noextglob !== true && /^\([^?]/.test(rest)) {
      extglobOpen('star', value);
      continue;
    }

    if (prev.type === 'star') {
      if (opts.noglobstar === true) {
        consume(value);
        continue;
      }

      const prior = prev.prev;
      const before = prior.prev;
      const isStart = prior.type === 'slash' || prior.type === 'bos';
      const afterStar = before && (before.type === 'star' || before.type === 'globstar');

      if (opts.bash === true && (!isStart || (rest[0] && rest[0] !== '/'))) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      const isBrace = state.braces > 0 && (prior.type === 'comma' || prior.type === 'brace');
      const isExtglob = extglobs.length && (prior.type === 'pipe' || prior.type === 'paren');
      if (!isStart && prior.type !== 'paren' && !isBrace && !isExtglob) {
        push({ type: 'star', value, output: '' });
        continue;
      }

      // strip consecutive `/**/`
      while (rest.slice(0, 3) === '/**') {
        const after = input[state.index + 4];
        if (after && after !== '/') {
          break;
        }
        rest = rest.slice(3);
        consume('/**', 3);
      }

      // A globstar followed only by balanced closing parens is at the logical end of patterns like
      // `test(/utils/**)` and `test?(/utils/**)`. Treat it as EOS so the trailing `/**` can match its
      // parent path, except in negated extglobs where that would change the exclusion semantics.
      const isEnd = eos() || (
        state.parens > 0
        && rest === ')'.repeat(state.parens)
        && !extglobs.some(extglob => extglob.type === 'negate')
      );

      if (prior.type === 'bos' && eos()) {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = globstar(opts);
        state.output = prev.output;
        state.globstar = true;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && !afterStar && isEnd) {
        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = globstar(opts) + (opts.strictSlashes ? ')' : '|$)');
        prev.value += value;
        state.globstar = true;
        state.output += prior.output + prev.output;
        consume(value);
        continue;
      }

      if (prior.type === 'slash' && prior.prev.type !== 'bos' && rest[0] === '/') {
        const end = rest[1] !== void 0 ? '|$' : '';

        state.output = state.output.slice(0, -(prior.output + prev.output).length);
        prior.output = `(?:${prior.output}`;

        prev.type = 'globstar';
        prev.output = `${globstar(opts)}${SLASH_LITERAL}|${SLASH_LITERAL}${end})`;
        prev.value += value;

        state.output += prior.output + prev.output;
        state.globstar = true;

        consume(value + advance());

        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      if (prior.type === 'bos' && rest[0] === '/') {
        prev.type = 'globstar';
        prev.value += value;
        prev.output = `(?:^|${SLASH_LITERAL}|${globstar(opts)}${SLASH_LITERAL})`;
        state.output = prev.output;
        state.globstar = true;
        consume(value + advance());
        push({ type: 'slash', value: '/', output: '' });
        continue;
      }

      // remove single star from output
      state.output = state.output.slice(0, -prev.output.length);

      // reset previous token to globstar
      prev.type = 'globstar';
      prev.output = globstar(opts);
      prev.value += value;

      // reset output with globstar
      state.output += prev.output;
      state.globstar = true;
      consume(value);
      continue;
    }

    const token = { type: 'star', value, output: star };

    if (opts.bash === true) {
      token.output = '.*?';
      if (prev.type === 'bos' || prev.type === 'slash') {
        token.output = nodot + token.output;
      }
      push(token);
      continue;
    }

    if (prev && (prev.type === 'bracket' || prev.type === 'paren') && opts.regex === true) {
      token.output = value;
      push(token);
      continue;
    }

    if (state.index === state.start || prev.type === 'slash' || prev.type === 'dot') {
      if (prev.type === 'dot') {
        state.output += NO_DOT_SLASH;
        prev.output += NO_DOT_SLASH;

      } else if (opts.dot === true) {
        state.output += NO_DOTS_SLASH;
        prev.output += NO_DOTS_SLASH;

      } else {
        state.output += nodot;
        prev.output += nodot;
      }

      if (peek() !== '*') {
        state.output += ONE_CHAR;
        prev.output += ONE_CHAR;
      }
    }

    push(token);
  }

  while (state.brackets > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ']'));
    state.output = utils.escapeLast(state.output, '[');
    decrement('brackets');
  }

  while (state.parens > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', ')'));
    state.output = utils.escapeLast(state.output, '(');
    decrement('parens');
  }

  while (state.braces > 0) {
    if (opts.strictBrackets === true) throw new SyntaxError(syntaxError('closing', '}'));
    state.output = utils.escapeLast(state.output, '{');
    decrement('braces');
  }

  if (opts.strictSlashes !== true && (prev.type === 'star' || prev.type === 'bracket')) {
    push({ type: 'maybe_slash', value: '', output: `${SLASH_LITERAL}?` });
  }

  // rebuild the output if we had to backtrack at any point
  if (state.backtrack === true) {
    state.output = '';

    for (const token of state.tokens) {
      state.output += token.output != null ? token.output : token.value;

      if (token.suffix) {
        state.output += token.suffix;
      }
    }
  }

  return state;
};

/**
 * Fast paths for creating regular expressions for common glob patterns.
 * This can significantly speed up processing and has very little downside
 * impact when none of the fast paths match.
 */

parse.fastpaths = (input, options) => {
  const opts = { ...options };
  const max = typeof opts.maxLength === 'number' ? Math.min(MAX_LENGTH, opts.maxLength) : MAX_LENGTH;
  const len = input.length;
  if (len > max) {
    throw new SyntaxError(`Input length: ${len}, exceeds maximum allowed length: ${max}`);
  }

  input = REPLACEMENTS[input] || input;

  // create constants based on platform, for windows or posix
  const {
    DOT_LITERAL,
    SLASH_LITERAL,
    ONE_CHAR,
    DOTS_SLASH,
    NO_DOT,
    NO_DOTS,
    NO_DOTS_SLASH,
    STAR,
    START_ANCHOR
  } = constants.globChars(opts.windows);

  const nodot = opts.dot ? NO_DOTS : NO_DOT;
  const slashDot = opts.dot ? NO_DOTS_SLASH : NO_DOT;
  const capture = opts.capture ? '' : '?:';
  const state = { negated: false, prefix: '' };
  let star = opts.bash === true ? '.*?' : STAR;

  if (opts.capture) {
    star = `(${star})`;
  }

  const globstar = opts => {
    if (opts.noglobstar === true) return star;
    return `(${capture}(?:(?!${START_ANCHOR}${opts.dot ? DOTS_SLASH : DOT_LITERAL}).)*?)`;
  };

  const create = str => {
    switch (str) {
      case '*':
        return `${nodot}${ONE_CHAR}${star}`;

      case '.*':
        return `${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*.*':
        return `${nodot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '*/*':
        return `${nodot}${star}${SLASH_LITERAL}${ONE_CHAR}${slashDot}${star}`;

      case '**':
        return nodot + globstar(opts);

      case '**/*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${ONE_CHAR}${star}`;

      case '**/*.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${slashDot}${star}${DOT_LITERAL}${ONE_CHAR}${star}`;

      case '**/.*':
        return `(?:${nodot}${globstar(opts)}${SLASH_LITERAL})?${DOT_LITERAL}${ONE_CHAR}${star}`;

      default: {
        const match = /^(.*?)\.(\w+)$/.exec(str);
        if (!match) return;

        const source = create(match[1]);
        if (!source) return;

        return source + DOT_LITERAL + match[2];
      }
    }
  };

  const output = utils.removePrefix(input, state);
  let source = create(output);

  if (source && opts.strictSlashes !== true) {
    source += `${SLASH_LITERAL}?`;
  }

  return source;
};

module.exports = parse;


/***/ }),

/***/ 8016:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const scan = __nccwpck_require__(1781);
const parse = __nccwpck_require__(8265);
const utils = __nccwpck_require__(4059);
const constants = __nccwpck_require__(5595);
const isObject = val => val && typeof val === 'object' && !Array.isArray(val);

/**
 * Creates a matcher function from one or more glob patterns. The
 * returned function takes a string to match as its first argument,
 * and returns true if the string is a match. The returned matcher
 * function also takes a boolean as the second argument that, when true,
 * returns an object with additional information.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch(glob[, options]);
 *
 * const isMatch = picomatch('*.!(*a)');
 * console.log(isMatch('a.a')); //=> false
 * console.log(isMatch('a.b')); //=> true
 *
 * // For environments without `node.js`, `picomatch/posix` provides you a dependency-free matcher, without automatic OS detection.
 * const picomatch = require('picomatch/posix');
 * // the same API, defaulting to posix paths
 * const isMatch = picomatch('a/*');
 * console.log(isMatch('a\\b')); //=> false
 * console.log(isMatch('a/b')); //=> true
 *
 * // you can still configure the matcher function to accept windows paths
 * const isMatch = picomatch('a/*', { options: windows });
 * console.log(isMatch('a\\b')); //=> true
 * console.log(isMatch('a/b')); //=> true
 * ```
 * @name picomatch
 * @param {String|Array} `globs` One or more glob patterns.
 * @param {Object=} `options`
 * @return {Function=} Returns a matcher function.
 * @api public
 */

const picomatch = (glob, options, returnState = false) => {
  if (Array.isArray(glob)) {
    const fns = glob.map(input => picomatch(input, options, returnState));
    const arrayMatcher = str => {
      for (const isMatch of fns) {
        const state = isMatch(str);
        if (state) return state;
      }
      return false;
    };
    return arrayMatcher;
  }

  const isState = isObject(glob) && glob.tokens && glob.input;

  if (glob === '' || (typeof glob !== 'string' && !isState)) {
    throw new TypeError('Expected pattern to be a non-empty string');
  }

  const opts = options || {};
  const posix = opts.windows;
  const regex = isState
    ? picomatch.compileRe(glob, options)
    : picomatch.makeRe(glob, options, false, true);

  const state = regex.state;
  delete regex.state;

  let isIgnored = () => false;
  if (opts.ignore) {
    const ignoreOpts = { ...options, ignore: null, onMatch: null, onResult: null };
    isIgnored = picomatch(opts.ignore, ignoreOpts, returnState);
  }

  const matcher = (input, returnObject = false) => {
    const { isMatch, match, output } = picomatch.test(input, regex, options, { glob, posix });
    const result = { glob, state, regex, posix, input, output, match, isMatch };

    if (typeof opts.onResult === 'function') {
      opts.onResult(result);
    }

    if (isMatch === false) {
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (isIgnored(input)) {
      if (typeof opts.onIgnore === 'function') {
        opts.onIgnore(result);
      }
      result.isMatch = false;
      return returnObject ? result : false;
    }

    if (typeof opts.onMatch === 'function') {
      opts.onMatch(result);
    }
    return returnObject ? result : true;
  };

  if (returnState) {
    matcher.state = state;
  }

  return matcher;
};

/**
 * Test `input` with the given `regex`. This is used by the main
 * `picomatch()` function to test the input string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.test(input, regex[, options]);
 *
 * console.log(picomatch.test('foo/bar', /^(?:([^/]*?)\/([^/]*?))$/));
 * // { isMatch: true, match: [ 'foo/', 'foo', 'bar' ], output: 'foo/bar' }
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp} `regex`
 * @return {Object} Returns an object with matching info.
 * @api public
 */

picomatch.test = (input, regex, options, { glob, posix } = {}) => {
  if (typeof input !== 'string') {
    throw new TypeError('Expected input to be a string');
  }

  if (input === '') {
    return { isMatch: false, output: '' };
  }

  const opts = options || {};
  const format = opts.format || (posix ? utils.toPosixSlashes : null);
  let match = input === glob;
  let output = (match && format) ? format(input) : input;

  if (match === false) {
    output = format ? format(input) : input;
    match = output === glob;
  }

  if (match === false || opts.capture === true) {
    if (opts.matchBase === true || opts.basename === true) {
      match = picomatch.matchBase(input, regex, options, posix);
    } else {
      match = regex.exec(output);
    }
  }

  return { isMatch: Boolean(match), match, output };
};

/**
 * Match the basename of a filepath.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.matchBase(input, glob[, options]);
 * console.log(picomatch.matchBase('foo/bar.js', '*.js'); // true
 * ```
 * @param {String} `input` String to test.
 * @param {RegExp|String} `glob` Glob pattern or regex created by [.makeRe](#makeRe).
 * @return {Boolean}
 * @api public
 */

picomatch.matchBase = (input, glob, options, posix = options && options.windows) => {
  const regex = glob instanceof RegExp ? glob : picomatch.makeRe(glob, options);
  return regex.test(utils.basename(input, { windows: posix }));
};

/**
 * Returns true if **any** of the given glob `patterns` match the specified `string`.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.isMatch(string, patterns[, options]);
 *
 * console.log(picomatch.isMatch('a.a', ['b.*', '*.a'])); //=> true
 * console.log(picomatch.isMatch('a.a', 'b.*')); //=> false
 * ```
 * @param {String|Array} str The string to test.
 * @param {String|Array} patterns One or more glob patterns to use for matching.
 * @param {Object} [options] See available [options](#options).
 * @return {Boolean} Returns true if any patterns match `str`
 * @api public
 */

picomatch.isMatch = (str, patterns, options) => picomatch(patterns, options)(str);

/**
 * Parse a glob pattern to create the source string for a regular
 * expression.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const result = picomatch.parse(pattern[, options]);
 * ```
 * @param {String} `pattern`
 * @param {Object} `options`
 * @return {Object} Returns an object with useful properties and output to be used as a regex source string.
 * @api public
 */

picomatch.parse = (pattern, options) => {
  if (Array.isArray(pattern)) return pattern.map(p => picomatch.parse(p, options));
  return parse(pattern, { ...options, fastpaths: false });
};

/**
 * Scan a glob pattern to separate the pattern into segments.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.scan(input[, options]);
 *
 * const result = picomatch.scan('!./foo/*.js');
 * console.log(result);
 * { prefix: '!./',
 *   input: '!./foo/*.js',
 *   start: 3,
 *   base: 'foo',
 *   glob: '*.js',
 *   isBrace: false,
 *   isBracket: false,
 *   isGlob: true,
 *   isExtglob: false,
 *   isGlobstar: false,
 *   negated: true }
 * ```
 * @param {String} `input` Glob pattern to scan.
 * @param {Object} `options`
 * @return {Object} Returns an object with
 * @api public
 */

picomatch.scan = (input, options) => scan(input, options);

/**
 * Compile a regular expression from the `state` object returned by the
 * [parse()](#parse) method.
 *
 * ```js
 * const picomatch = require('picomatch');
 * const state = picomatch.parse('*.js');
 * // picomatch.compileRe(state[, options]);
 *
 * console.log(picomatch.compileRe(state));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {Object} `state`
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Intended for implementors, this argument allows you to return the raw output from the parser.
 * @param {Boolean} `returnState` Adds the state to a `state` property on the returned regex. Useful for implementors and debugging.
 * @return {RegExp}
 * @api public
 */

picomatch.compileRe = (state, options, returnOutput = false, returnState = false) => {
  if (returnOutput === true) {
    return state.output;
  }

  const opts = options || {};
  const prepend = opts.contains ? '' : '^';
  const append = opts.contains ? '' : '$';

  let source = `${prepend}(?:${state.output})${append}`;
  if (state && state.negated === true) {
    source = `^(?!${source}).*$`;
  }

  const regex = picomatch.toRegex(source, options);
  if (returnState === true) {
    regex.state = state;
  }

  return regex;
};

/**
 * Create a regular expression from a parsed glob pattern.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.makeRe(state[, options]);
 *
 * const result = picomatch.makeRe('*.js');
 * console.log(result);
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `state` The object returned from the `.parse` method.
 * @param {Object} `options`
 * @param {Boolean} `returnOutput` Implementors may use this argument to return the compiled output, instead of a regular expression. This is not exposed on the options to prevent end-users from mutating the result.
 * @param {Boolean} `returnState` Implementors may use this argument to return the state from the parsed glob with the returned regular expression.
 * @return {RegExp} Returns a regex created from the given pattern.
 * @api public
 */

picomatch.makeRe = (input, options = {}, returnOutput = false, returnState = false) => {
  if (!input || typeof input !== 'string') {
    throw new TypeError('Expected a non-empty string');
  }

  let parsed = { negated: false, fastpaths: true };

  if (options.fastpaths !== false && (input[0] === '.' || input[0] === '*')) {
    parsed.output = parse.fastpaths(input, options);
  }

  if (!parsed.output) {
    parsed = parse(input, options);
  }

  return picomatch.compileRe(parsed, options, returnOutput, returnState);
};

/**
 * Create a regular expression from the given regex source string.
 *
 * ```js
 * const picomatch = require('picomatch');
 * // picomatch.toRegex(source[, options]);
 *
 * const { output } = picomatch.parse('*.js');
 * console.log(picomatch.toRegex(output));
 * //=> /^(?:(?!\.)(?=.)[^/]*?\.js)$/
 * ```
 * @param {String} `source` Regular expression source string.
 * @param {Object} `options`
 * @return {RegExp}
 * @api public
 */

picomatch.toRegex = (source, options) => {
  try {
    const opts = options || {};
    return new RegExp(source, opts.flags || (opts.nocase ? 'i' : ''));
  } catch (err) {
    if (options && options.debug === true) throw err;
    return /$^/;
  }
};

/**
 * Picomatch constants.
 * @return {Object}
 */

picomatch.constants = constants;

/**
 * Expose "picomatch"
 */

module.exports = picomatch;


/***/ }),

/***/ 1781:
/***/ ((module, __unused_webpack_exports, __nccwpck_require__) => {



const utils = __nccwpck_require__(4059);
const {
  CHAR_ASTERISK,             /* * */
  CHAR_AT,                   /* @ */
  CHAR_BACKWARD_SLASH,       /* \ */
  CHAR_COMMA,                /* , */
  CHAR_DOT,                  /* . */
  CHAR_EXCLAMATION_MARK,     /* ! */
  CHAR_FORWARD_SLASH,        /* / */
  CHAR_LEFT_CURLY_BRACE,     /* { */
  CHAR_LEFT_PARENTHESES,     /* ( */
  CHAR_LEFT_SQUARE_BRACKET,  /* [ */
  CHAR_PLUS,                 /* + */
  CHAR_QUESTION_MARK,        /* ? */
  CHAR_RIGHT_CURLY_BRACE,    /* } */
  CHAR_RIGHT_PARENTHESES,    /* ) */
  CHAR_RIGHT_SQUARE_BRACKET  /* ] */
} = __nccwpck_require__(5595);

const isPathSeparator = code => {
  return code === CHAR_FORWARD_SLASH || code === CHAR_BACKWARD_SLASH;
};

const depth = token => {
  if (token.isPrefix !== true) {
    token.depth = token.isGlobstar ? Infinity : 1;
  }
};

/**
 * Quickly scans a glob pattern and returns an object with a handful of
 * useful properties, like `isGlob`, `path` (the leading non-glob, if it exists),
 * `glob` (the actual pattern), `negated` (true if the path starts with `!` but not
 * with `!(`) and `negatedExtglob` (true if the path starts with `!(`).
 *
 * ```js
 * const pm = require('picomatch');
 * console.log(pm.scan('foo/bar/*.js'));
 * { isGlob: true, input: 'foo/bar/*.js', base: 'foo/bar', glob: '*.js' }
 * ```
 * @param {String} `str`
 * @param {Object} `options`
 * @return {Object} Returns an object with tokens and regex source string.
 * @api public
 */

const scan = (input, options) => {
  const opts = options || {};

  const length = input.length - 1;
  const scanToEnd = opts.parts === true || opts.tokens === true || opts.scanToEnd === true;
  const slashes = [];
  const tokens = [];
  const parts = [];

  let str = input;
  let index = -1;
  let start = 0;
  let lastIndex = 0;
  let isBrace = false;
  let isBracket = false;
  let isGlob = false;
  let isExtglob = false;
  let isGlobstar = false;
  let braceEscaped = false;
  let backslashes = false;
  let negated = false;
  let negatedExtglob = false;
  let finished = false;
  let braces = 0;
  let prev;
  let code;
  let token = { value: '', depth: 0, isGlob: false };

  const eos = () => index >= length;
  const peek = () => str.charCodeAt(index + 1);
  const advance = () => {
    prev = code;
    return str.charCodeAt(++index);
  };

  while (index < length) {
    code = advance();
    let next;

    if (code === CHAR_BACKWARD_SLASH) {
      backslashes = token.backslashes = true;
      code = advance();

      if (code === CHAR_LEFT_CURLY_BRACE) {
        braceEscaped = true;
      }
      continue;
    }

    if (braceEscaped === true || code === CHAR_LEFT_CURLY_BRACE) {
      braces++;

      while (eos() !== true && (code = advance())) {
        if (code === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (code === CHAR_LEFT_CURLY_BRACE) {
          braces++;
          continue;
        }

        if (braceEscaped !== true && code === CHAR_DOT && (code = advance()) === CHAR_DOT) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (braceEscaped !== true && code === CHAR_COMMA) {
          isBrace = token.isBrace = true;
          isGlob = token.isGlob = true;
          finished = true;

          if (scanToEnd === true) {
            continue;
          }

          break;
        }

        if (code === CHAR_RIGHT_CURLY_BRACE) {
          braces--;

          if (braces === 0) {
            braceEscaped = false;
            isBrace = token.isBrace = true;
            finished = true;
            break;
          }
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (code === CHAR_FORWARD_SLASH) {
      slashes.push(index);
      tokens.push(token);
      token = { value: '', depth: 0, isGlob: false };

      if (finished === true) continue;
      if (prev === CHAR_DOT && index === (start + 1)) {
        start += 2;
        continue;
      }

      lastIndex = index + 1;
      continue;
    }

    if (opts.noext !== true) {
      const isExtglobChar = code === CHAR_PLUS
        || code === CHAR_AT
        || code === CHAR_ASTERISK
        || code === CHAR_QUESTION_MARK
        || code === CHAR_EXCLAMATION_MARK;

      if (isExtglobChar === true && peek() === CHAR_LEFT_PARENTHESES) {
        isGlob = token.isGlob = true;
        isExtglob = token.isExtglob = true;
        finished = true;
        if (code === CHAR_EXCLAMATION_MARK && index === start) {
          negatedExtglob = true;
        }

        if (scanToEnd === true) {
          let parens = 0;

          while (eos() !== true && (code = advance())) {
            if (code === CHAR_BACKWARD_SLASH) {
              backslashes = token.backslashes = true;
              advance();
              continue;
            }

            if (code === CHAR_LEFT_PARENTHESES) {
              parens++;
              continue;
            }

            if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
              finished = true;
              break;
            }
          }
          continue;
        }
        break;
      }
    }

    if (code === CHAR_ASTERISK) {
      if (prev === CHAR_ASTERISK) isGlobstar = token.isGlobstar = true;
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_QUESTION_MARK) {
      isGlob = token.isGlob = true;
      finished = true;

      if (scanToEnd === true) {
        continue;
      }
      break;
    }

    if (code === CHAR_LEFT_SQUARE_BRACKET) {
      while (eos() !== true && (next = advance())) {
        if (next === CHAR_BACKWARD_SLASH) {
          backslashes = token.backslashes = true;
          advance();
          continue;
        }

        if (next === CHAR_RIGHT_SQUARE_BRACKET) {
          isBracket = token.isBracket = true;
          isGlob = token.isGlob = true;
          finished = true;
          break;
        }
      }

      if (scanToEnd === true) {
        continue;
      }

      break;
    }

    if (opts.nonegate !== true && code === CHAR_EXCLAMATION_MARK && index === start) {
      negated = token.negated = true;
      start++;
      continue;
    }

    if (opts.noparen !== true && code === CHAR_LEFT_PARENTHESES) {
      isGlob = token.isGlob = true;

      if (scanToEnd === true) {
        let parens = 1;

        while (eos() !== true && (code = advance())) {
          if (code === CHAR_BACKWARD_SLASH) {
            backslashes = token.backslashes = true;
            advance();
            continue;
          }

          if (code === CHAR_LEFT_PARENTHESES) {
            parens++;
            continue;
          }

          if (code === CHAR_RIGHT_PARENTHESES && --parens === 0) {
            finished = true;
            break;
          }
        }
        continue;
      }
      break;
    }

    if (isGlob === true) {
      finished = true;

      if (scanToEnd === true) {
        continue;
      }

      break;
    }
  }

  if (opts.noext === true) {
    isExtglob = false;
    isGlob = false;
  }

  let base = str;
  let prefix = '';
  let glob = '';

  if (start > 0) {
    prefix = str.slice(0, start);
    str = str.slice(start);
    lastIndex -= start;
  }

  if (base && isGlob === true && lastIndex > 0) {
    base = str.slice(0, lastIndex);
    glob = str.slice(lastIndex);
  } else if (isGlob === true) {
    base = '';
    glob = str;
  } else {
    base = str;
  }

  if (base && base !== '' && base !== '/' && base !== str) {
    if (isPathSeparator(base.charCodeAt(base.length - 1))) {
      base = base.slice(0, -1);
    }
  }

  if (opts.unescape === true) {
    if (glob) glob = utils.removeBackslashes(glob);

    if (base && backslashes === true) {
      base = utils.removeBackslashes(base);
    }
  }

  const state = {
    prefix,
    input,
    start,
    base,
    glob,
    isBrace,
    isBracket,
    isGlob,
    isExtglob,
    isGlobstar,
    negated,
    negatedExtglob
  };

  if (opts.tokens === true) {
    state.maxDepth = 0;
    if (!isPathSeparator(code)) {
      tokens.push(token);
    }
    state.tokens = tokens;
  }

  if (opts.parts === true || opts.tokens === true) {
    let prevIndex;

    for (let idx = 0; idx < slashes.length; idx++) {
      const n = prevIndex !== undefined ? prevIndex + 1 : start;
      const i = slashes[idx];
      const value = input.slice(n, i);
      if (opts.tokens) {
        if (idx === 0 && start !== 0) {
          tokens[idx].isPrefix = true;
          tokens[idx].value = prefix;
        } else {
          tokens[idx].value = value;
        }
        depth(tokens[idx]);
        state.maxDepth += tokens[idx].depth;
      }
      if (i >= start) {
        parts.push(value);
        prevIndex = i;
      }
    }

    const n = prevIndex !== undefined ? prevIndex + 1 : start;
    const value = input.slice(n);
    parts.push(value);

    if (opts.tokens && prevIndex && prevIndex + 1 < input.length) {
      tokens[tokens.length - 1].value = value;
      depth(tokens[tokens.length - 1]);
      state.maxDepth += tokens[tokens.length - 1].depth;
    }

    state.slashes = slashes;
    state.parts = parts;
  }

  return state;
};

module.exports = scan;


/***/ }),

/***/ 4059:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {

/*global navigator*/


const {
  REGEX_BACKSLASH,
  REGEX_REMOVE_BACKSLASH,
  REGEX_SPECIAL_CHARS,
  REGEX_SPECIAL_CHARS_GLOBAL
} = __nccwpck_require__(5595);

exports.isObject = val => val !== null && typeof val === 'object' && !Array.isArray(val);
exports.hasRegexChars = str => REGEX_SPECIAL_CHARS.test(str);
exports.isRegexChar = str => str.length === 1 && exports.hasRegexChars(str);
exports.escapeRegex = str => str.replace(REGEX_SPECIAL_CHARS_GLOBAL, '\\$1');
exports.toPosixSlashes = str => str.replace(REGEX_BACKSLASH, '/');

exports.isWindows = () => {
  if (typeof navigator !== 'undefined' && navigator.platform) {
    const platform = navigator.platform.toLowerCase();
    return platform === 'win32' || platform === 'windows';
  }

  if (typeof process !== 'undefined' && process.platform) {
    return process.platform === 'win32';
  }

  return false;
};

exports.removeBackslashes = str => {
  return str.replace(REGEX_REMOVE_BACKSLASH, match => {
    return match === '\\' ? '' : match;
  });
};

exports.escapeLast = (input, char, lastIdx) => {
  const idx = input.lastIndexOf(char, lastIdx);
  if (idx === -1) return input;
  if (input[idx - 1] === '\\') return exports.escapeLast(input, char, idx - 1);
  return `${input.slice(0, idx)}\\${input.slice(idx)}`;
};

exports.removePrefix = (input, state = {}) => {
  let output = input;
  if (output.startsWith('./')) {
    output = output.slice(2);
    state.prefix = './';
  }
  return output;
};

exports.wrapOutput = (input, state = {}, options = {}) => {
  const prepend = options.contains ? '' : '^';
  const append = options.contains ? '' : '$';

  let output = `${prepend}(?:${input})${append}`;
  if (state.negated === true) {
    output = `(?:^(?!${output}).*$)`;
  }
  return output;
};

exports.basename = (path, { windows } = {}) => {
  const segs = path.split(windows ? /[\\/]/ : '/');
  const last = segs[segs.length - 1];

  if (last === '') {
    return segs[segs.length - 2];
  }

  return last;
};


/***/ }),

/***/ 6591:
/***/ ((__unused_webpack_module, exports, __nccwpck_require__) => {



exports.quote = __nccwpck_require__(5335);
exports.parse = __nccwpck_require__(2696);


/***/ }),

/***/ 2696:
/***/ ((module) => {



/**
 * @import {
 * 	ControlOperator,
 * 	Env,
 * 	GlobPattern,
 * 	ParseEntry,
 * } from './parse' */

// '<(' and '>(' are process substitution operators and
// can be parsed the same as control operator
var CONTROL = /** @type {const} */ ('(?:') + /** @type {const} */ ([
	'\\|\\|',
	'\\&(?:\\&|>>?)', // `&&`, `&>`, and `&>>`
	';;\\&?', // `;;` and `;;&`
	'[;|]\\&', // `;&` and `|&`
	'\\<\\(',
	'\\<\\<\\<',
	'\\<\\<-',
	'\\<\\<(?!\\()', // `<<(` stays `<` and `<(`, as zsh reads it; other shells reject it
	'>>',
	'>[&|(]', // `>&`, `>|`, and `>(`
	'<[&>]', // `<&` and `<>`
	'[&;()|<>]'
]).join(/** @type {const} */ ('|')) + /** @type {const} */ (')');
var controlRE = new RegExp('^' + CONTROL + '$');
var META = /** @type {const} */ ('|&;()<> \\t');
var SINGLE_QUOTE = /** @type {const} */ ('\'([^\']*?)\'');
// bash ANSI-C quoting, `$'...'`: a backslash escapes the next character, including `'`
var ANSI_C_BODY = '(?:\\\\[\\s\\S]|[^\\\\\'])*?';
var ANSI_C_QUOTE = '\\$\'' + ANSI_C_BODY + '\'';
var ansiCAt = new RegExp('\\$\'' + ANSI_C_BODY + '(?:(\')|\\\\?$)', 'g');
var ANSI_C_LETTERS = 'abeEfnrtv';
var ANSI_C_CHARS = '\x07\b\x1B\x1B\f\n\r\t\v';
var hash = /^#$/;

var SQ = /** @type {const} */ ("'");
var DQ = /** @type {const} */ ('"');
var DS = /** @type {const} */ ('$');

var TOKEN = '';
var mult = /** @type {const} */ (0x100000000); // Math.pow(16, 8);
for (var i = 0; i < 4; i++) {
	TOKEN += (mult * Math.random()).toString(16);
}
var startsWithToken = new RegExp('^' + TOKEN);

/**
 * @param {string} s
 * @param {RegExp} r
 */
function matchAll(s, r) {
	var origIndex = r.lastIndex;

	var matches = [];
	var matchObj;

	while ((matchObj = r.exec(s))) {
		matches[matches.length] = matchObj;
		if (r.lastIndex === matchObj.index) {
			r.lastIndex += 1;
		}
	}

	r.lastIndex = origIndex;

	return matches;
}

/**
 * @param {Env} env
 * @param {string} pre
 * @param {string} key
 */
function getVar(env, pre, key) {
	var r = typeof env === 'function' ? env(key) : env[key];
	if (typeof r === 'undefined' && key != '') {
		r = '';
	} else if (typeof r === 'undefined') {
		r = '$';
	}

	if (typeof r === 'object') {
		return pre + TOKEN + JSON.stringify(r) + TOKEN;
	}
	return pre + r;
}

var ansiCEscape = /\\([0-7]{1,3}|x[\dA-Fa-f]{1,2}|u[\dA-Fa-f]{1,4}|U[\dA-Fa-f]{1,8}|c(?:\\\\|[\s\S])|[abeEfnrtv\\'"?])/g;

/**
 * @param {string} m
 * @param {string} escape
 */
function expandAnsiCEscape(m, escape) {
	var kind = escape.charAt(0);
	if (kind === 'c') {
		var ctrl = escape.charAt(1);
		return ctrl === '?' ? '\x7F' : String.fromCharCode(ctrl.charCodeAt(0) & 0x1F);
	}
	if (kind === 'x' || kind === 'u' || kind === 'U') {
		var cp = parseInt(escape.slice(1), 16);
		if (cp > 0x10FFFF) {
			return m;
		}
		return String.fromCharCode.apply(null, cp > 0xFFFF ? [0xD7C0 + (cp >> 10), 0xDC00 + (cp & 0x3FF)] : [cp]);
	}
	if (kind >= '0' && kind <= '7') {
		return String.fromCharCode(parseInt(escape, 8) & 0xFF);
	}
	var letter = ANSI_C_LETTERS.indexOf(escape);
	return letter < 0 ? escape : ANSI_C_CHARS.charAt(letter);
}

/** @param {string} body */
function expandAnsiC(body) {
	return body.replace(ansiCEscape, expandAnsiCEscape).split('\0')[0]; // like bash, a NUL ends the string
}

/**
 * @param {string} s
 * @param {number} i
 */
function closesAnsiC(s, i) {
	ansiCAt.lastIndex = i;
	return !!(/** @type {RegExpExecArray} */ (ansiCAt.exec(s)))[1];
}

/**
 * @param {string} string
 * @param {Env} [env]
 * @param {{ escape?: string, splitUnquoted?: boolean | string }} [opts]
 * @returns {ParseEntry[]}
 */
function parseInternal(string, env, opts) {
	if (!opts) {
		opts = {};
	}
	var BS = opts.escape || '\\';
	var ifs = opts.splitUnquoted === true ? ' \t\n' : (typeof opts.splitUnquoted === 'string' ? opts.splitUnquoted : '');
	var BAREWORD = '(\\' + BS + '[\'"$\\' + BS + META + ']|\\$\\$|\\$(?!' + ANSI_C_QUOTE.slice(2) + ')|[^\\s\'"$' + META + '])+';
	var DOUBLE_QUOTE = '"(?:\\' + BS + '[\\s\\S]|[^"\\' + BS + '])*"';

	var chunker = new RegExp([
		'(' + CONTROL + ')', // control chars
		'(' + ANSI_C_QUOTE + '|' + BAREWORD + '|' + DOUBLE_QUOTE + '|' + SINGLE_QUOTE + ')+'
	].join('|'), 'g');

	var matches = matchAll(string, chunker);

	if (matches.length === 0) {
		return [];
	}
	if (!env) {
		env = {};
	}

	var commented = false;

	return matches.map(function (match) {
		var s = match[0];
		if (!s || commented) {
			return void undefined;
		}
		if (controlRE.test(s)) {
			return /** @type {ControlOperator} */ ({ op: s });
		}

		// Hand-written scanner/parser for Bash quoting rules:
		//
		// 1. inside single quotes, all characters are printed literally.
		// 2. inside double quotes, all characters are printed literally
		//    except variables prefixed by '$' and backslashes followed by
		//    either a double quote or another backslash.
		// 3. outside of any quotes, backslashes are treated as escape
		//    characters and not printed (unless they are themselves escaped)
		// 4. quote context can switch mid-token if there is no whitespace
		//     between the two quote contexts (e.g. all'one'"token" parses as
		//     "allonetoken")
		/** @type {string | boolean} */
		var quote = false;
		var esc = false;
		var out = '';
		/** @type {string[]} */
		var words = [];
		var sawQuote = false;
		/** @type {number | null} */
		var pendingNw = null;
		var isGlob = false;
		/** @type {number} */
		var i;

		function parseEnvVar() {
			i += 1;
			/** @type {number | RegExpMatchArray | null} */
			var varend;
			/** @type {string} */
			var varname;
			var char = s.charAt(i);

			if (char === '{') {
				i += 1;
				if (s.charAt(i) === '}') {
					throw new Error('Bad substitution: ' + s.slice(i - 2, i + 1));
				}
				// match braces by depth so a nested `${` keeps its inner `}` from ending the outer substitution
				var depth = 1;
				varend = i;
				while (depth > 0 && varend < s.length) {
					if (s.charAt(varend) === '{' && s.charAt(varend - 1) === '$') {
						depth += 1;
					} else if (s.charAt(varend) === '}') {
						depth -= 1;
					}
					varend += 1;
				}
				if (depth !== 0) {
					throw new Error('Bad substitution: ' + s.slice(i));
				}
				varend -= 1;
				varname = s.slice(i, varend);
				i = varend;
			} else if ((/[*@#?$!-]/).test(char)) {
				varname = char;
			} else {
				var slicedFromI = s.slice(i);
				varend = slicedFromI.match(/[^\w\d_]/);
				if (!varend) {
					varname = slicedFromI;
					i = s.length;
				} else {
					varname = slicedFromI.slice(0, varend.index);
					i += /** @type {number} */ (varend.index) - 1;
				}
			}
			return getVar(/** @type {NonNullable<typeof env>} */ (env), '', varname);
		}

		function flushRun() {
			if (pendingNw === null) {
				return;
			}
			if (pendingNw === 0) {
				if (out !== '') {
					words[words.length] = out;
					out = '';
				}
			} else {
				words[words.length] = out;
				out = '';
				for (var fe = 1; fe < pendingNw; fe += 1) {
					words[words.length] = '';
				}
			}
			pendingNw = null;
		}

		for (i = 0; i < s.length; i++) {
			var c = s.charAt(i);
			if (ifs && c !== DS) {
				flushRun();
			}
			isGlob = isGlob || (!quote && (c === '*' || c === '?'));
			if (esc) {
				out += c;
				esc = false;
			} else if (quote) {
				if (c === quote) {
					quote = false;
				} else if (quote == SQ) {
					out += c;
				} else { // Double quote
					if (c === BS) {
						i += 1;
						c = s.charAt(i);
						if (c === DQ || c === BS || c === DS) {
							out += c;
						} else {
							out += BS + c;
						}
					} else if (c === DS) {
						out += parseEnvVar();
					} else {
						out += c;
					}
				}
			} else if (c === DQ || c === SQ) {
				quote = c;
				sawQuote = true;
			} else if (controlRE.test(c)) {
				return /** @type {ControlOperator} */ ({ op: s });
			} else if (hash.test(c)) {
				commented = true;
				var commentObj = { comment: string.slice(match.index + i + 1) };
				if (out.length) {
					return /** @type {const} */ ([out, commentObj]);
				}
				return /** @type {const} */ ([commentObj]);
			} else if (c === BS) {
				esc = true;
			} else if (c === DS && s.charAt(i + 1) === SQ && closesAnsiC(s, i)) {
				flushRun();
				sawQuote = true;
				out += expandAnsiC(s.slice(i + 2, ansiCAt.lastIndex - 1));
				i = ansiCAt.lastIndex - 1;
			} else if (c === DS) {
				var value = parseEnvVar();
				if (!ifs) {
					out += value;
				} else {
					for (var vi = 0; vi < value.length; vi += 1) {
						var vc = value.charAt(vi);
						if (ifs.indexOf(vc) < 0) {
							flushRun();
							out += vc;
						} else if (pendingNw === null) {
							pendingNw = vc === ' ' || vc === '\t' || vc === '\n' ? 0 : 1;
						} else if (vc !== ' ' && vc !== '\t' && vc !== '\n') {
							pendingNw += 1;
						}
					}
				}
			} else {
				out += c;
			}
		}

		if (isGlob) {
			return /** @type {GlobPattern} */ ({ op: 'glob', pattern: out });
		}

		if (ifs) {
			if (pendingNw !== null && pendingNw > 0) {
				words[words.length] = out;
				out = '';
				for (var te = 1; te < pendingNw; te += 1) {
					words[words.length] = '';
				}
			}
			if (out !== '' || (sawQuote && words.length === 0)) {
				words[words.length] = out;
			}
			return words;
		}

		return out;
	}).reduce(function (prev, arg) { // finalize parsed arguments
		if (typeof arg === 'undefined') {
			return prev;
		}
		/** @type {ParseEntry[]} */ ([]).concat(arg).forEach(function (entry) {
			prev[prev.length] = entry;
		});
		return prev;
	}, /** @type {ParseEntry[]} */ ([]));
}

/** @type {typeof import('./parse')} */
module.exports = function parse(s, env, opts) {
	var mapped = parseInternal(s, env, opts);
	if (typeof env !== 'function') {
		return mapped;
	}
	return mapped.reduce(function (acc, s) {
		if (typeof s === 'object') {
			acc[acc.length] = s;
			return acc;
		}
		var xs = s.split(RegExp('(' + TOKEN + '.*?' + TOKEN + ')', 'g'));
		if (xs.length === 1) {
			acc[acc.length] = xs[0];
			return acc;
		}
		xs.filter(Boolean).forEach(function (x) {
			acc[acc.length] = startsWithToken.test(x)
				? JSON.parse(x.split(TOKEN)[1])
				: x;
		});
		return acc;
	}, /** @type {ParseEntry[]} */ ([]));
};


/***/ }),

/***/ 5335:
/***/ ((module) => {



/** @import { ControlOperator } from './parse' */

/** @type {ControlOperator['op'][]} */
var OPS = /** @type {const} */ ([
	'||',
	'&&',
	';;&',
	';;',
	';&',
	'|&',
	'<(',
	'>(',
	'<<<',
	'<<-',
	'<<',
	'>>',
	'>&',
	'>|',
	'&>>',
	'&>',
	'<&',
	'<>',
	'&',
	';',
	'(',
	')',
	'|',
	'<',
	'>'
]);
var LINE_TERMINATORS = /[\n\r\u2028\u2029]/;
var GLOB_SHELL_SPECIAL = /[\s#!"$&'():;<=>@\\^`|~]/g;

/** @type {typeof import('./quote')} */
module.exports = function quote(xs) {
	var sawComment = false;
	return xs.map(function (s) {
		if (sawComment && typeof s === 'string' && LINE_TERMINATORS.test(s)) {
			throw new TypeError('a token after a `comment` must not contain line terminators');
		}
		if (s === '') {
			return /** @type {const} */ ('\'\'');
		}
		if (s && typeof s === 'object') {
			if ('op' in s && s.op === 'glob') {
				if (typeof s.pattern !== 'string') {
					throw new TypeError('glob token requires a string `pattern`');
				}
				if (LINE_TERMINATORS.test(s.pattern)) {
					throw new TypeError('glob `pattern` must not contain line terminators');
				}
				if (s.pattern === '') {
					return /** @type {const} */ ('\'\'');
				}
				return s.pattern.replace(GLOB_SHELL_SPECIAL, '\\$&');
			}
			if ('op' in s && typeof s.op === 'string') {
				if (OPS.indexOf(s.op) < 0) {
					throw new TypeError('invalid `op` value: ' + JSON.stringify(s.op));
				}
				return s.op.replace(/[\s\S]/g, '\\$&');
			}
			if ('comment' in s && typeof s.comment === 'string') {
				if (LINE_TERMINATORS.test(s.comment)) {
					throw new TypeError('`comment` must not contain line terminators');
				}
				sawComment = true;
				return '#' + s.comment;
			}
			throw new TypeError('unrecognized object token shape');
		}
		if ((/'/).test(s) && (/!/).test(s)) {
			return "'" + s.replace(/'/g, "'\"'\"'") + "'";
		}
		if ((/["\s\\]/).test(s) && !(/'/).test(s)) {
			return "'" + s + "'";
		}
		if ((/["'\s]/).test(s)) {
			return '"' + s.replace(/(["\\$`])/g, '\\$1') + '"';
		}
		return String(s).replace(/([A-Za-z]:)?([#!"$&'()*,:;<=>?@[\\\]^`{|}~])/g, '$1\\$2');
	}).join(' ');
};


/***/ }),

/***/ 2613:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("assert");

/***/ }),

/***/ 5317:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("child_process");

/***/ }),

/***/ 6982:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("crypto");

/***/ }),

/***/ 4434:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("events");

/***/ }),

/***/ 9896:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("fs");

/***/ }),

/***/ 8611:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("http");

/***/ }),

/***/ 5692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("https");

/***/ }),

/***/ 9278:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("net");

/***/ }),

/***/ 4589:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:assert");

/***/ }),

/***/ 6698:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:async_hooks");

/***/ }),

/***/ 4573:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:buffer");

/***/ }),

/***/ 7540:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:console");

/***/ }),

/***/ 7598:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:crypto");

/***/ }),

/***/ 3053:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:diagnostics_channel");

/***/ }),

/***/ 610:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns");

/***/ }),

/***/ 8474:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:events");

/***/ }),

/***/ 7067:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http");

/***/ }),

/***/ 2467:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:http2");

/***/ }),

/***/ 7030:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:net");

/***/ }),

/***/ 643:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:perf_hooks");

/***/ }),

/***/ 1792:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:querystring");

/***/ }),

/***/ 7075:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:stream");

/***/ }),

/***/ 1692:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:tls");

/***/ }),

/***/ 3136:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:url");

/***/ }),

/***/ 7975:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util");

/***/ }),

/***/ 3429:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:util/types");

/***/ }),

/***/ 5919:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:worker_threads");

/***/ }),

/***/ 8522:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:zlib");

/***/ }),

/***/ 857:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("os");

/***/ }),

/***/ 6928:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("path");

/***/ }),

/***/ 2203:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("stream");

/***/ }),

/***/ 3193:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("string_decoder");

/***/ }),

/***/ 3557:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("timers");

/***/ }),

/***/ 4756:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("tls");

/***/ }),

/***/ 9023:
/***/ ((module) => {

module.exports = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("util");

/***/ })

/******/ });
/************************************************************************/
/******/ // The module cache
/******/ var __webpack_module_cache__ = {};
/******/ 
/******/ // The require function
/******/ function __nccwpck_require__(moduleId) {
/******/ 	// Check if module is in cache
/******/ 	var cachedModule = __webpack_module_cache__[moduleId];
/******/ 	if (cachedModule !== undefined) {
/******/ 		return cachedModule.exports;
/******/ 	}
/******/ 	// Create a new module (and put it into the cache)
/******/ 	var module = __webpack_module_cache__[moduleId] = {
/******/ 		// no module.id needed
/******/ 		// no module.loaded needed
/******/ 		exports: {}
/******/ 	};
/******/ 
/******/ 	// Execute the module function
/******/ 	var threw = true;
/******/ 	try {
/******/ 		__webpack_modules__[moduleId](module, module.exports, __nccwpck_require__);
/******/ 		threw = false;
/******/ 	} finally {
/******/ 		if(threw) delete __webpack_module_cache__[moduleId];
/******/ 	}
/******/ 
/******/ 	// Return the exports of the module
/******/ 	return module.exports;
/******/ }
/******/ 
/******/ // expose the modules object (__webpack_modules__)
/******/ __nccwpck_require__.m = __webpack_modules__;
/******/ 
/************************************************************************/
/******/ /* webpack/runtime/asset-relocator-loader */
/******/ if (typeof __nccwpck_require__ !== 'undefined') __nccwpck_require__.ab = decodeURIComponent(new URL('.', import.meta.url).pathname).slice(import.meta.url.match(/^file:\/\/\/\w:/) ? 1 : 0, -1) + "/";
/******/ 
/******/ /* webpack/runtime/compat get default export */
/******/ (() => {
/******/ 	// getDefaultExport function for compatibility with non-harmony modules
/******/ 	__nccwpck_require__.n = (module) => {
/******/ 		var getter = module && module.__esModule ?
/******/ 			() => (module['default']) :
/******/ 			() => (module);
/******/ 		__nccwpck_require__.d(getter, { a: getter });
/******/ 		return getter;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/create fake namespace object */
/******/ (() => {
/******/ 	var getProto = Object.getPrototypeOf ? (obj) => (Object.getPrototypeOf(obj)) : (obj) => (obj.__proto__);
/******/ 	var leafPrototypes;
/******/ 	// create a fake namespace object
/******/ 	// mode & 1: value is a module id, require it
/******/ 	// mode & 2: merge all properties of value into the ns
/******/ 	// mode & 4: return value when already ns object
/******/ 	// mode & 16: return value when it's Promise-like
/******/ 	// mode & 8|1: behave like require
/******/ 	__nccwpck_require__.t = function(value, mode) {
/******/ 		if(mode & 1) value = this(value);
/******/ 		if(mode & 8) return value;
/******/ 		if(typeof value === 'object' && value) {
/******/ 			if((mode & 4) && value.__esModule) return value;
/******/ 			if((mode & 16) && typeof value.then === 'function') return value;
/******/ 		}
/******/ 		var ns = Object.create(null);
/******/ 		__nccwpck_require__.r(ns);
/******/ 		var def = {};
/******/ 		leafPrototypes = leafPrototypes || [null, getProto({}), getProto([]), getProto(getProto)];
/******/ 		for(var current = mode & 2 && value; typeof current == 'object' && !~leafPrototypes.indexOf(current); current = getProto(current)) {
/******/ 			Object.getOwnPropertyNames(current).forEach((key) => (def[key] = () => (value[key])));
/******/ 		}
/******/ 		def['default'] = () => (value);
/******/ 		__nccwpck_require__.d(ns, def);
/******/ 		return ns;
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/define property getters */
/******/ (() => {
/******/ 	// define getter functions for harmony exports
/******/ 	__nccwpck_require__.d = (exports, definition) => {
/******/ 		for(var key in definition) {
/******/ 			if(__nccwpck_require__.o(definition, key) && !__nccwpck_require__.o(exports, key)) {
/******/ 				Object.defineProperty(exports, key, { enumerable: true, get: definition[key] });
/******/ 			}
/******/ 		}
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/ensure chunk */
/******/ (() => {
/******/ 	__nccwpck_require__.f = {};
/******/ 	// This file contains only the entry chunk.
/******/ 	// The chunk loading function for additional chunks
/******/ 	__nccwpck_require__.e = (chunkId) => {
/******/ 		return Promise.all(Object.keys(__nccwpck_require__.f).reduce((promises, key) => {
/******/ 			__nccwpck_require__.f[key](chunkId, promises);
/******/ 			return promises;
/******/ 		}, []));
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/get javascript chunk filename */
/******/ (() => {
/******/ 	// This function allow to reference async chunks
/******/ 	__nccwpck_require__.u = (chunkId) => {
/******/ 		// return url for filenames based on template
/******/ 		return "" + chunkId + ".index.js";
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/hasOwnProperty shorthand */
/******/ (() => {
/******/ 	__nccwpck_require__.o = (obj, prop) => (Object.prototype.hasOwnProperty.call(obj, prop))
/******/ })();
/******/ 
/******/ /* webpack/runtime/make namespace object */
/******/ (() => {
/******/ 	// define __esModule on exports
/******/ 	__nccwpck_require__.r = (exports) => {
/******/ 		if(typeof Symbol !== 'undefined' && Symbol.toStringTag) {
/******/ 			Object.defineProperty(exports, Symbol.toStringTag, { value: 'Module' });
/******/ 		}
/******/ 		Object.defineProperty(exports, '__esModule', { value: true });
/******/ 	};
/******/ })();
/******/ 
/******/ /* webpack/runtime/import chunk loading */
/******/ (() => {
/******/ 	// no baseURI
/******/ 	
/******/ 	// object to store loaded and loading chunks
/******/ 	// undefined = chunk not loaded, null = chunk preloaded/prefetched
/******/ 	// [resolve, Promise] = chunk loading, 0 = chunk loaded
/******/ 	var installedChunks = {
/******/ 		792: 0
/******/ 	};
/******/ 	
/******/ 	var installChunk = (data) => {
/******/ 		var {ids, modules, runtime} = data;
/******/ 		// add "modules" to the modules object,
/******/ 		// then flag all "ids" as loaded and fire callback
/******/ 		var moduleId, chunkId, i = 0;
/******/ 		for(moduleId in modules) {
/******/ 			if(__nccwpck_require__.o(modules, moduleId)) {
/******/ 				__nccwpck_require__.m[moduleId] = modules[moduleId];
/******/ 			}
/******/ 		}
/******/ 		if(runtime) runtime(__nccwpck_require__);
/******/ 		for(;i < ids.length; i++) {
/******/ 			chunkId = ids[i];
/******/ 			if(__nccwpck_require__.o(installedChunks, chunkId) && installedChunks[chunkId]) {
/******/ 				installedChunks[chunkId][0]();
/******/ 			}
/******/ 			installedChunks[ids[i]] = 0;
/******/ 		}
/******/ 	
/******/ 	}
/******/ 	
/******/ 	__nccwpck_require__.f.j = (chunkId, promises) => {
/******/ 			// import() chunk loading for javascript
/******/ 			var installedChunkData = __nccwpck_require__.o(installedChunks, chunkId) ? installedChunks[chunkId] : undefined;
/******/ 			if(installedChunkData !== 0) { // 0 means "already installed".
/******/ 	
/******/ 				// a Promise means "currently loading".
/******/ 				if(installedChunkData) {
/******/ 					promises.push(installedChunkData[1]);
/******/ 				} else {
/******/ 					if(true) { // all chunks have JS
/******/ 						// setup Promise in chunk cache
/******/ 						var promise = import("./" + __nccwpck_require__.u(chunkId)).then(installChunk, (e) => {
/******/ 							if(installedChunks[chunkId] !== 0) installedChunks[chunkId] = undefined;
/******/ 							throw e;
/******/ 						});
/******/ 						var promise = Promise.race([promise, new Promise((resolve) => (installedChunkData = installedChunks[chunkId] = [resolve]))])
/******/ 						promises.push(installedChunkData[1] = promise);
/******/ 					}
/******/ 				}
/******/ 			}
/******/ 	};
/******/ 	
/******/ 	// no prefetching
/******/ 	
/******/ 	// no preloaded
/******/ 	
/******/ 	// no external install chunk
/******/ 	
/******/ 	// no on chunks loaded
/******/ })();
/******/ 
/************************************************************************/
var __webpack_exports__ = {};

;// CONCATENATED MODULE: external "node:fs"
const external_node_fs_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs");
;// CONCATENATED MODULE: external "node:fs/promises"
const promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:fs/promises");
;// CONCATENATED MODULE: external "node:path"
const external_node_path_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:path");
var external_node_path_default = /*#__PURE__*/__nccwpck_require__.n(external_node_path_namespaceObject);
;// CONCATENATED MODULE: ./src/constants.ts
// Names of inputs, outputs and saved state in one place. action.yml, the README
// tables and the code agree; __tests__/interface.test.ts checks it.
const GOLANGCI_LINT_DEFAULT_VERSION = 'v2.15.0';
const INPUTS = {
    'working-directory': { default: '.', description: 'Folder holding go.mod, relative to the workspace.' },
    stages: {
        default: 'tidy, lint, unit, integration, build',
        description: 'Stages to run, comma or newline separated: tidy, lint, unit, integration, build. They always run in that order.'
    },
    packages: {
        default: './...',
        description: 'Package patterns for the unit stage (space, comma or newline separated).'
    },
    'go-test-flags': {
        default: '',
        description: 'Extra flags for `go test` in the unit and integration stages, split like a shell would.'
    },
    race: { default: 'true', description: 'Run unit tests with `-race`.' },
    'test-timeout': { default: '10m', description: 'Passed to `go test` as `-timeout`.' },
    'fail-fast': {
        default: 'true',
        description: 'Stop at the first failing package and stage (`-failfast`); false runs everything and reports every failure.'
    },
    'rerun-failed': {
        default: '0',
        description: 'Rerun each failed test alone up to this many more times (0 to 5); a test that then passes is reported as flaky. With reruns on, the first run does not use `-failfast`, so no test is left unrun behind a flaky one.'
    },
    'rerun-max-failures': {
        default: '10',
        description: 'When more tests than this failed, nothing is rerun: that is a broken build, not flakiness.'
    },
    flaky: {
        default: 'warn',
        description: 'What a test that failed and then passed on a rerun does: warn lets the gate pass with a warning, fail keeps it red and names the test as flaky.'
    },
    quarantine: {
        default: '',
        description: 'Newline-separated known flaky tests, `pkg/path.TestName`, `TestName` or `TestName/sub*` (`*` matches anything): their failures are notices that never fail the gate, and those that pass are listed so they can be released. A race, panic or timeout still fails. With a quarantine the run does not use `-failfast`.'
    },
    shard: {
        default: '',
        description: 'Run one shard of the tests: `i/n` such as `2/4` (the shard from the job matrix, and how many there are), 1 ≤ i ≤ n ≤ 256. The unit and integration stages run only the packages assigned to shard i, split by the test times of earlier runs on the default branch (or by test functions). Empty: no sharding.'
    },
    annotations: { default: 'true', description: 'Write annotations on the failing lines.' },
    summary: { default: 'true', description: 'Write the job summary.' },
    'coverage-threshold': {
        default: '0',
        description: 'Minimum total coverage in percent (0 to 100, decimals allowed). 0 reports without gating.'
    },
    'coverage-packages': {
        default: '',
        description: 'Passed as `-coverpkg`. Empty: each package covers only itself.'
    },
    'coverage-exclude': {
        default: '',
        description: 'Newline-separated globs over repository-relative files left out of coverage, e.g. `**/*.pb.go`.'
    },
    'coverage-drop-max': {
        default: '',
        description: 'On pull requests: the most percentage points total coverage may fall against the base branch’s baseline (decimals allowed). Empty: no limit. The baseline is saved by pushes to the default branch through the cache service.'
    },
    'patch-coverage-threshold': {
        default: '0',
        description: 'On pull requests: minimum coverage in percent (0 to 100) of the statements on the lines the pull request changed. 0 reports without gating.'
    },
    'golangci-lint-version': {
        default: GOLANGCI_LINT_DEFAULT_VERSION,
        description: 'golangci-lint release to use (v2). The binary on PATH is used when its version matches.'
    },
    'lint-args': { default: '', description: 'Extra arguments for `golangci-lint run`.' },
    'integration-packages': {
        default: '',
        description: 'Package patterns for the integration stage. Empty: the `packages` value.'
    },
    'integration-tags': {
        default: 'integration',
        description: 'Build tags of the integration tests (`-tags`).'
    },
    'integration-run': { default: '', description: 'Passed as `-run` to the integration tests when set.' },
    'integration-env': {
        default: '',
        description: 'Newline-separated KEY=VALUE lines set in the integration tests’ environment. Values are treated as secrets (masked and redacted); prefix a line with `public:` (`public:LOG_LEVEL=debug`) for a value that is not.'
    },
    'wait-for': {
        default: '',
        description: 'Newline-separated `tcp://host:port` or `http(s)://` URLs that must answer before the integration stage.'
    },
    'wait-for-timeout': { default: '60s', description: 'How long to wait for the `wait-for` services.' },
    'build-packages': { default: './...', description: 'Package patterns for the build stage.' },
    'build-flags': { default: '', description: 'Extra flags for `go build`, split like a shell would.' },
    'build-output': {
        default: '',
        description: 'A folder to receive the binaries of main packages. Empty: build only.'
    },
    'stage-timeout': {
        default: '30m',
        description: 'Longest time one stage may run before it is stopped (kind `timeout`).'
    },
    cache: { default: 'true', description: 'Restore and save the Go module and build caches.' },
    'cache-key-prefix': {
        default: '',
        description: 'Prefix of the cache key. Empty: `go-gate-<stages>`, so jobs running different stages keep separate caches.'
    },
    'cache-save': {
        default: 'always',
        description: 'When the post step saves the cache: always, on-success or never.'
    },
    'cache-restore-timeout': {
        default: '5m',
        description: 'A cache restore still running after this is abandoned and the run goes on cold.'
    },
    'pr-comment': {
        default: 'auto',
        description: 'A sticky pull-request comment with the root cause, stages and coverage, updated in place on every push: auto (on pull_request and pull_request_target events, not for a pull request from a fork), always or never. It never changes the gate’s result.'
    },
    'github-token': {
        // biome-ignore lint/suspicious/noTemplateCurlyInString: a GitHub expression, as action.yml writes it
        default: '${{ github.token }}',
        description: 'Token for the pull-request comment; it needs `pull-requests: write`. Registered as a secret and redacted.'
    },
    'junit-file': {
        default: '',
        description: 'A path, relative to the workspace, to write JUnit XML to: a testsuite per package, a testcase per test with its time, failures with message and location, skips.'
    },
    mode: {
        default: 'gate',
        description: 'gate runs the stages; merge (in a job that needs the sharded jobs, with `if: always()`) downloads every shard’s result and reports one verdict, coverage and summary.'
    }
};
const OUTPUTS = {
    result: 'success or failure.',
    'failed-stage': 'The stage that failed first (empty on success).',
    'root-cause-kind': 'The kind of the root cause (see the list of kinds; empty on success).',
    'root-cause': 'The root cause in one line (empty on success).',
    'tests-passed': 'Number of tests that passed.',
    'tests-failed': 'Number of tests that failed.',
    'tests-skipped': 'Number of tests that were skipped.',
    'tests-flaky': 'Number of tests that failed and then passed on a rerun (rerun-failed).',
    'flaky-tests': 'The flaky tests as `package.TestName`, one a line (at most 50 listed).',
    coverage: 'Total coverage in percent with one decimal, as `go tool cover -func` prints it (empty when not measured).',
    'cache-hit': 'true for an exact cache hit, partial for a restore-key hit, false otherwise.',
    'report-file': 'Path of the run’s result as JSON (schema go-gate/report/v1, see docs/report-schema.md), under RUNNER_TEMP; always written.'
};
/** Names of values the main step hands to the post step. */
const STATE = {
    cachePrimaryKey: 'cache-primary-key',
    cacheMatchedKey: 'cache-matched-key',
    cachePaths: 'cache-paths',
    cacheSave: 'cache-save',
    result: 'result',
    buildCacheDir: 'build-cache-dir',
    lintCacheDir: 'lint-cache-dir',
    /** Milliseconds since the epoch from which a build-cache entry's mtime shows the run used it. */
    buildCacheUsedSince: 'build-cache-used-since',
    /** A file listing the build-cache entries the restore brought: the only ones the post step may prune. */
    cacheRestoredEntries: 'cache-restored-entries',
    cacheSaveTimeout: 'cache-save-timeout',
    cacheSummary: 'cache-summary'
};
/** The CLI's exit status; `--help` and the README say the same. */
const CLI_EXIT = {
    passed: 0,
    failed: 1,
    /** An unknown command or option, or a value an option does not accept. */
    usage: 2
};

// EXTERNAL MODULE: external "node:crypto"
var external_node_crypto_ = __nccwpck_require__(7598);
;// CONCATENATED MODULE: ./src/errors.ts
/** An error that knows which root-cause kind it is. */
class GateError extends Error {
    kind;
    constructor(kind, message, options) {
        super(message, options);
        this.name = 'GateError';
        this.kind = kind;
    }
}
/**
 * The one place an unknown thrown value becomes a message. An Error without a message (the Azure
 * storage client's RestError for an HTTP error with an empty body) is named by its class and
 * HTTP status instead, never an empty string.
 */
function errorMessage(error) {
    if (error instanceof Error) {
        if (error.message)
            return error.message;
        const status = error.statusCode;
        const http = typeof status === 'number' ? `HTTP ${status}, ` : '';
        return `${error.name || 'Error'} (${http}no message)`;
    }
    if (typeof error === 'string')
        return error;
    try {
        return JSON.stringify(error);
    }
    catch {
        return String(error);
    }
}
/** The kind of an unknown thrown value: a GateError's own, otherwise internal-error. */
function errorKind(error) {
    return error instanceof GateError ? error.kind : 'internal-error';
}
/** A program go-gate needs could not be started at all (ENOENT, EACCES): the toolchain, not the code. */
function programNotStartedFailure(program, stage, error, message = error.message) {
    return {
        kind: 'toolchain',
        stage,
        severity: 'error',
        title: `${program} could not be started: ${error.message}`,
        message
    };
}

;// CONCATENATED MODULE: ./src/coverage/percent.ts
// Coverage percentages exactly as Go computes and prints them.
/**
 * 100 * covered / statements, in that order of float64 operations, as cmd/cover's percent();
 * no statements is 0% (Go divides by 1 instead of 0).
 */
function coveragePercent(covered, statements) {
    return (100 * covered) / (statements === 0 ? 1 : statements);
}
/**
 * The `%.1f` of `go tool cover -func` (and of `go test`'s `coverage: N%`).
 *
 * Go's %.1f rounds the exact binary value of the double, ties to even. Number#toFixed also
 * rounds the exact value but breaks ties upwards. A tie at one decimal is a double exactly
 * halfway between two tenths, (2m+1)/20; that is a binary fraction only when 5 divides 2m+1,
 * so the ties are exactly the values ending in .25 and .75 (37 of 592 statements is 6.25:
 * Go prints 6.2, toFixed 6.3). Those get half-to-even here; every other value has no tie,
 * so toFixed's exact rounding is Go's. (Naive Math.round(p * 10) / 10 is wrong more often:
 * 3 of 2000 is 0.1499999999999999944…, which Go prints as 0.1.)
 */
function formatCoveragePercent(percent) {
    const quarters = percent * 4; // exact: scaling by a power of two
    if (Number.isInteger(quarters) && quarters % 2 === 1) {
        // k.25 → k.2, k.75 → k.8; percent * 10 is exact here (10k + 2.5 or 10k + 7.5).
        const below = Math.floor(percent * 10);
        return ((below % 2 === 0 ? below : below + 1) / 10).toFixed(1);
    }
    return percent.toFixed(1);
}
/** Points between two percents as the gates write them: two decimals when under a tenth, else one. */
function formatCoverageGap(points) {
    return points < 0.1 ? points.toFixed(2) : points.toFixed(1);
}

// EXTERNAL MODULE: ./node_modules/picomatch/index.js
var picomatch = __nccwpck_require__(4006);
var picomatch_default = /*#__PURE__*/__nccwpck_require__.n(picomatch);
;// CONCATENATED MODULE: ./src/coverage/errors.ts
// The one error the coverage core throws for a bad profile. The pipeline turns it into
// an internal-error or invalid-input message; the text already names file and line.
class CoverageProfileError extends Error {
    file;
    line;
    problem;
    detail;
    name = 'CoverageProfileError';
    /**
     * @param file   the profile as the user knows it (repository-relative when inside it)
     * @param line   1-based line of the profile the problem is on
     * @param detail the problem alone, without the `coverage profile F line N:` prefix
     */
    constructor(file, line, problem, detail) {
        super(`coverage profile ${file} line ${line}: ${detail}`);
        this.file = file;
        this.line = line;
        this.problem = problem;
        this.detail = detail;
    }
}

;// CONCATENATED MODULE: ./src/text/paths.ts
// Paths as go-gate writes them: relative to a root, with forward slashes, as
// GitHub annotations and the summary name repository files.

/** A path with the platform's separators written as `/`. */
function toSlash(p) {
    return (external_node_path_default()).sep === '/' ? p : p.split((external_node_path_default()).sep).join('/');
}
/**
 * `file` relative to `root` with forward slashes: '' for the root itself, undefined when
 * `file` lies outside it (or on another drive). A relative `file` is taken from `root`.
 */
function paths_pathInside(root, file) {
    const relative = external_node_path_default().relative(root, external_node_path_default().resolve(root, file));
    if (relative.startsWith('..') || external_node_path_default().isAbsolute(relative))
        return undefined;
    return toSlash(relative);
}
/** A file strictly inside `root` (not the root itself), relative and with forward slashes; else undefined. */
function fileInside(root, file) {
    const relative = paths_pathInside(root, file);
    return relative === '' ? undefined : relative;
}

;// CONCATENATED MODULE: ./src/coverage/modules.ts
// Maps the file names of a profile to repository files. Go names a file by its package's
// import path (`example.com/m/internal/x/y.go`); the module path prefix tells which module
// directory holds it. Files of `go test x.go` packages are named by absolute path instead.


/** Resolves profile file names; returns a reason string for a file it cannot place. */
class ProfileFileResolver {
    modules;
    byDir;
    root;
    constructor(repoRoot, modules) {
        this.root = external_node_path_default().resolve(repoRoot);
        this.modules = modules
            .filter((m) => m.path.length > 0)
            .map((m) => {
            const dir = external_node_path_default().resolve(this.root, m.dir);
            return { path: m.path, prefix: `${m.path}/`, dir, relDir: this.relativeToRoot(dir) };
        })
            // Longest module path first: example.com/m/svc wins over example.com/m.
            .sort((a, b) => b.path.length - a.path.length);
        this.byDir = this.modules
            .map((m) => ({ path: m.path, dir: m.dir }))
            .sort((a, b) => b.dir.length - a.dir.length);
    }
    resolve(name) {
        if (external_node_path_default().isAbsolute(name))
            return this.resolveAbsolute(name);
        if (name.startsWith('.')) {
            return `file ${JSON.stringify(name)} is named relative to an unknown directory; expected an import path`;
        }
        for (const m of this.modules) {
            if (!name.startsWith(m.prefix))
                continue;
            if (m.relDir === undefined) {
                return `file ${JSON.stringify(name)} belongs to module ${m.path} in ${m.dir}, outside the repository ${this.root}`;
            }
            const rest = name.slice(m.prefix.length);
            return { file: m.relDir === '' ? rest : `${m.relDir}/${rest}`, importPath: name };
        }
        const known = this.modules.map((m) => m.path);
        const which = known.length === 0
            ? 'no modules were given'
            : `module${known.length > 1 ? 's' : ''} ${known.join(', ')}`;
        return `file ${JSON.stringify(name)} is outside the module (${which}); run go test from the module's directory or list its module`;
    }
    resolveAbsolute(name) {
        const abs = external_node_path_default().resolve(name);
        const file = this.relativeToRoot(abs);
        if (file === undefined || file === '') {
            return `file ${JSON.stringify(name)} is outside the module: it is not inside the repository ${this.root}`;
        }
        for (const m of this.byDir) {
            const inModule = fileInside(m.dir, abs);
            if (inModule !== undefined)
                return { file, importPath: `${m.path}/${inModule}` };
        }
        return { file, importPath: file };
    }
    /** `/`-separated path relative to the root, '' for the root, undefined when outside it. */
    relativeToRoot(abs) {
        return paths_pathInside(this.root, abs);
    }
}

;// CONCATENATED MODULE: ./src/coverage/profile.ts
// Streaming parser of Go coverage profiles (`go test -coverprofile`):
//
//   mode: set
//   example.com/m/pkg/file.go:12.34,15.2 3 1
//
// Blocks are merged as golang.org/x/tools/cover ParseProfiles merges them: one entry per
// identical start/end range; set mode ORs the counts, count and atomic add them; a range
// listed with two statement counts is an error. Go sorts each file's blocks by start and
// merges equal neighbours; keeping ranges unique as they arrive gives the same result in one
// pass (and also merges copies that Go's unstable sort could leave apart, which needs two
// ranges with one start: never seen in real profiles).
//
// Speed matters (a monorepo profile with -coverpkg runs to millions of lines), so:
// - bytes, not text: a line is parsed in place inside its chunk, digits folded on the way; no
//   string is made per line, only per new file;
// - the usual line (a block of the same file as the line before) is read forwards in one pass
//   that also finds its end: name compared 4 bytes at a time, then the six numbers. Anything
//   else goes the general way, backwards from the line's end as Go's parseLine does, and a new
//   name is first compared with the file that followed the current one last time (test
//   binaries list files in the same order);
// - blocks live in per-file Uint32Array segments cut from shared slabs, not an object each;
// - duplicates are found without a map in the usual shapes: a test binary lists a file's
//   blocks in increasing start order, and every further binary (-coverpkg) repeats the same
//   list, so a cursor walking the known blocks meets each copy in turn. Any other order falls
//   back to a map over the file's ranges.

/** Longest profile line accepted; bufio.Scanner, which Go's own reader uses, stops at 64 KiB. */
const MAX_PROFILE_LINE = 64 * 1024;
/** Field offsets of a block inside `ProfileFile.data`; a block takes BLOCK_FIELDS numbers. */
const START_LINE = 0;
const START_COL = 1;
const END_LINE = 2;
const END_COL = 3;
const NUM_STMT = 4;
const COUNT = 5;
const BLOCK_FIELDS = 6;
const INITIAL_BLOCKS = 8;
const SLAB_NUMBERS = 1 << 19;
const NAME_ARENA_BYTES = 1 << 18;
// startCol below 2^21 and startLine below 2^31 keep the numeric key exact (< 2^52).
const COL_SPAN = 2 ** 21;
const LINE_LIMIT = 2 ** 31;
// Numbers longer than this lose precision as doubles; no real profile gets near it.
const MAX_DIGITS = 15;
// Blocks are stored as uint32, as Go's counters are. Positions and statement counts above it
// are an error; merged counts stop there (only count > 0 matters for coverage).
const MAX_NUMBER = 0xffffffff;
// The fast path takes up to 9 digits, always below MAX_NUMBER; longer numbers take the slow one.
const FAST_DIGITS = 9;
const MODE_PREFIX = 'mode: ';
const CH_0 = 48;
const CH_9 = 57;
const CH_SPACE = 32;
const CH_DOT = 46;
const CH_COMMA = 44;
const CH_COLON = 58;
const CH_CR = 13;
const CH_TAB = 9;
const CH_M = 109;
const CH_NL = 10;
const MODE_BYTES = Buffer.from('mode:');
const BLOCK_FORMAT = 'expected "path/file.go:startLine.startCol,endLine.endCol numStmt count"';
/**
 * Folds profile lines into merged per-file blocks. Feed it whole lines (`pushLine`) or
 * text chunks split anywhere (`pushText`), then call `finish`. Throws CoverageProfileError.
 */
class profile_CoverageProfileParser {
    profile;
    mode;
    lineNo = 0;
    /** In order of first appearance. */
    files = [];
    /** Hash of the name bytes → a file with that hash (the rest chained by sameHash). */
    byHash = new Map();
    current;
    /** The start of a line split over chunks (a copy, so no chunk stays alive). */
    carry;
    slab = new Uint32Array(0);
    slabUsed = 0;
    names = new Uint8Array(0);
    namesView = new DataView(this.names.buffer);
    namesUsed = 0;
    // Scratch outputs of scanNumber, so a field costs no allocation.
    value = 0;
    pos = 0;
    constructor(profile) {
        this.profile = profile;
    }
    /** Bytes of UTF-8 text split anywhere; lines end at `\n` (a `\r` before it is dropped). */
    pushBytes(chunk) {
        const buf = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        const view = new DataView(buf.buffer, buf.byteOffset, buf.byteLength);
        let start = 0;
        let newline;
        if (this.carry !== undefined) {
            newline = buf.indexOf(CH_NL);
            if (newline < 0) {
                this.carry = Buffer.concat([this.carry, buf]);
                this.checkCarry();
                return;
            }
            const line = Buffer.concat([this.carry, buf.subarray(0, newline)]);
            this.carry = undefined;
            this.readLine(line, 0, line.length);
            start = newline + 1;
        }
        const length = buf.length;
        while (start < length) {
            const next = this.readUsualLine(buf, view, start, length);
            if (next >= 0) {
                start = next;
                continue;
            }
            newline = buf.indexOf(CH_NL, start);
            if (newline < 0)
                break;
            this.readLine(buf, start, newline);
            start = newline + 1;
        }
        if (start < buf.length) {
            this.carry = Buffer.from(buf.subarray(start));
            this.checkCarry();
        }
    }
    /** Text split anywhere; lines end at `\n`. */
    pushText(text) {
        this.pushBytes(Buffer.from(text, 'utf8'));
    }
    /** One line, without its `\n`. */
    pushLine(line) {
        const bytes = Buffer.from(line, 'utf8');
        this.readLine(bytes, 0, bytes.length);
    }
    /** Ends the input: a last line without `\n` is read now. Returns the merged profile. */
    finish() {
        if (this.carry !== undefined) {
            const last = this.carry;
            this.carry = undefined;
            this.readLine(last, 0, last.length);
        }
        if (this.mode === undefined) {
            this.lineNo = Math.max(this.lineNo, 1);
            this.fail('missing-mode', 'the profile is empty; expected a first line "mode: set", "mode: count" or "mode: atomic"');
        }
        const files = [];
        for (const { name, firstLine, size, data, offset } of this.files) {
            files.push({ name, firstLine, size, data, offset });
        }
        return { profile: this.profile, mode: this.mode, files };
    }
    /** Sets the mode as a `mode:` line would, on profile line `line` (the next when omitted). */
    setMode(mode, line) {
        this.lineNo = line ?? this.lineNo + 1;
        this.readMode(MODE_PREFIX + mode);
    }
    /**
     * Adds one block as if it were on profile line `line` (the next line when omitted).
     * `summarizeCoverage` uses it for blocks that never were text.
     */
    addBlock(file, startLine, startCol, endLine, endCol, numStmt, count, line) {
        this.lineNo = line ?? this.lineNo + 1;
        if (this.mode === undefined)
            this.fail('missing-mode', 'a block before the "mode:" line');
        if (file.length === 0)
            this.fail('malformed-line', 'the file name is empty');
        const fields = { startLine, startCol, endLine, endCol, numStmt, count };
        for (const [what, value] of Object.entries(fields)) {
            if (!Number.isSafeInteger(value) || value < 0 || (what !== 'count' && value > MAX_NUMBER)) {
                this.fail('malformed-line', `${what} of ${file} is ${value}; expected a whole number from 0 to ${MAX_NUMBER}`);
            }
        }
        let acc = this.current;
        if (acc === undefined || acc.name !== file) {
            const bytes = Buffer.from(file, 'utf8');
            acc = this.enterFile(bytes, 0, bytes.length, file);
        }
        this.merge(acc, startLine, startCol, endLine, endCol, numStmt, count);
    }
    checkCarry() {
        if (this.carry !== undefined && this.carry.length > MAX_PROFILE_LINE + 1) {
            this.lineNo++;
            this.fail('malformed-line', `line is longer than ${MAX_PROFILE_LINE} bytes`);
        }
    }
    /**
     * The fast path for the usual line: a block of the current file, read forwards in one pass
     * that also finds the line end. Returns the index after the line's `\n`, or -1 to let
     * readLine take it (another file, a mode line, an error, or no `\n` in this chunk).
     * For a line it accepts, readLine's backward parse gives the same name and numbers.
     */
    readUsualLine(buf, view, start, limit) {
        const acc = this.current;
        if (acc === undefined)
            return -1;
        const nameLength = acc.nameLength;
        let i = start + nameLength;
        if (i >= limit || buf[i] !== CH_COLON)
            return -1;
        const nameView = acc.nameView;
        const nameAt = acc.nameAt;
        let k = 0;
        for (; k + 4 <= nameLength; k += 4) {
            if (nameView.getUint32(nameAt + k) !== view.getUint32(start + k))
                return -1;
        }
        for (; k < nameLength; k++) {
            if (nameView.getUint8(nameAt + k) !== buf[start + k])
                return -1;
        }
        let from = i + 1;
        let startLine = 0;
        for (i = from; i < limit; i++) {
            const c = buf[i];
            if (c < CH_0 || c > CH_9)
                break;
            startLine = startLine * 10 + c - CH_0;
        }
        if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_DOT)
            return -1;
        from = i + 1;
        let startCol = 0;
        for (i = from; i < limit; i++) {
            const c = buf[i];
            if (c < CH_0 || c > CH_9)
                break;
            startCol = startCol * 10 + c - CH_0;
        }
        if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_COMMA)
            return -1;
        from = i + 1;
        let endLine = 0;
        for (i = from; i < limit; i++) {
            const c = buf[i];
            if (c < CH_0 || c > CH_9)
                break;
            endLine = endLine * 10 + c - CH_0;
        }
        if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_DOT)
            return -1;
        from = i + 1;
        let endCol = 0;
        for (i = from; i < limit; i++) {
            const c = buf[i];
            if (c < CH_0 || c > CH_9)
                break;
            endCol = endCol * 10 + c - CH_0;
        }
        if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_SPACE)
            return -1;
        from = i + 1;
        let numStmt = 0;
        for (i = from; i < limit; i++) {
            const c = buf[i];
            if (c < CH_0 || c > CH_9)
                break;
            numStmt = numStmt * 10 + c - CH_0;
        }
        if (i === from || i - from > FAST_DIGITS || i >= limit || buf[i] !== CH_SPACE)
            return -1;
        from = i + 1;
        let count = 0;
        for (i = from; i < limit; i++) {
            const c = buf[i];
            if (c < CH_0 || c > CH_9)
                break;
            count = count * 10 + c - CH_0;
        }
        if (i === from || i - from > FAST_DIGITS || i >= limit)
            return -1;
        if (buf[i] === CH_CR)
            i++;
        if (i >= limit || buf[i] !== CH_NL)
            return -1;
        this.lineNo++;
        this.merge(acc, startLine, startCol, endLine, endCol, numStmt, count);
        return i + 1;
    }
    /** The line is buf[start, end). */
    readLine(buf, start, end) {
        this.lineNo++;
        if (end > start && buf[end - 1] === CH_CR)
            end--;
        if (end - start > MAX_PROFILE_LINE)
            this.fail('malformed-line', `line is longer than ${MAX_PROFILE_LINE} bytes`);
        if (isBlank(buf, start, end))
            return; // blank lines carry nothing; tolerate them
        if (this.mode === undefined || (buf[start] === CH_M && startsWithBytes(buf, start, end, MODE_BYTES))) {
            this.readMode(buf.toString('utf8', start, end));
            return;
        }
        // Backwards, as in Go's parseLine: count, numStmt, endCol, endLine, startCol, startLine.
        this.pos = end;
        this.scanNumber(buf, start, end, CH_SPACE, 'count');
        const count = this.value;
        this.scanNumber(buf, start, end, CH_SPACE, 'number of statements');
        const numStmt = this.value;
        this.scanNumber(buf, start, end, CH_DOT, 'end column');
        const endCol = this.value;
        this.scanNumber(buf, start, end, CH_COMMA, 'end line');
        const endLine = this.value;
        this.scanNumber(buf, start, end, CH_DOT, 'start column');
        const startCol = this.value;
        this.scanNumber(buf, start, end, CH_COLON, 'start line');
        const startLine = this.value;
        const nameEnd = this.pos;
        if (nameEnd === start)
            this.malformed(buf, start, end, 'the file name is empty');
        if (Math.max(startLine, startCol, endLine, endCol, numStmt) > MAX_NUMBER) {
            this.malformed(buf, start, end, `a position or statement count is above ${MAX_NUMBER}`);
        }
        let acc = this.current;
        if (acc === undefined || !sameName(acc, buf, start, nameEnd)) {
            const predicted = acc?.next;
            if (predicted !== undefined && sameName(predicted, buf, start, nameEnd)) {
                predicted.cursor = 0; // back in a known file: most likely the next binary's copy of its list
                this.current = acc = predicted;
            }
            else {
                const previous = acc;
                acc = this.enterFile(buf, start, nameEnd);
                if (previous !== undefined)
                    previous.next = acc;
            }
        }
        this.merge(acc, startLine, startCol, endLine, endCol, numStmt, count);
    }
    readMode(line) {
        const mode = line.startsWith(MODE_PREFIX) ? line.slice(MODE_PREFIX.length).trim() : undefined;
        if (mode !== 'set' && mode !== 'count' && mode !== 'atomic') {
            if (this.mode === undefined) {
                this.fail('missing-mode', `expected a first line "mode: set", "mode: count" or "mode: atomic", found ${quote(line)}`);
            }
            this.fail('malformed-line', `unknown mode line ${quote(line)}; expected "mode: ${this.mode}"`);
        }
        if (this.mode === undefined) {
            this.mode = mode;
            return;
        }
        // Concatenated profiles repeat the mode line; only a different mode is a problem.
        if (mode !== this.mode) {
            this.fail('mixed-modes', `mode "${mode}" differs from "${this.mode}" set earlier; profiles of different -covermode cannot be merged`);
        }
    }
    /** Reads the digits before this.pos into this.value, then steps over `sep` before them. */
    scanNumber(buf, start, end, sep, what) {
        const last = this.pos;
        let i = last - 1;
        let value = 0;
        let place = 1;
        while (i >= start) {
            const c = buf[i];
            if (c < CH_0 || c > CH_9)
                break;
            value += (c - CH_0) * place;
            place *= 10;
            i--;
        }
        const digits = last - 1 - i;
        if (digits === 0 || i < start || buf[i] !== sep) {
            const why = i < start
                ? `the line ends before the ${what}`
                : digits === 0
                    ? `the ${what} is not a whole number`
                    : `expected ${quote(String.fromCharCode(sep))} before the ${what}`;
            this.malformed(buf, start, end, why);
        }
        if (digits > MAX_DIGITS)
            this.malformed(buf, start, end, `the ${what} has more than ${MAX_DIGITS} digits`);
        this.value = value;
        this.pos = i;
    }
    /** Enters the file by name, creating it on first sight; re-entering rewinds its cursor. */
    enterFile(bytes, start, end, name) {
        // Looked up by the bytes: no string is made for a file already known (a Map keyed by
        // fresh strings hashes each one and was a tenth of the time on a 40,000-file profile).
        const hash = hashBytes(bytes, start, end);
        const first = this.byHash.get(hash);
        let acc = first;
        while (acc !== undefined && !sameName(acc, bytes, start, end))
            acc = acc.sameHash;
        if (acc === undefined) {
            const nameLength = end - start;
            if (this.namesUsed + nameLength > this.names.length) {
                this.names = new Uint8Array(Math.max(NAME_ARENA_BYTES, nameLength));
                this.namesView = new DataView(this.names.buffer);
                this.namesUsed = 0;
            }
            const nameAt = this.namesUsed;
            for (let i = 0; i < nameLength; i++)
                this.names[nameAt + i] = bytes[start + i];
            this.namesUsed += nameLength;
            acc = {
                name: name ?? bytes.toString('utf8', start, end),
                nameBytes: this.names,
                nameAt,
                nameLength,
                nameView: this.namesView,
                firstLine: this.lineNo,
                size: 0,
                data: this.slab,
                offset: 0,
                capacity: 0,
                cursor: 0,
                increasing: true,
                byStart: undefined,
                byRange: undefined,
                next: undefined,
                sameHash: first
            };
            this.byHash.set(hash, acc);
            this.files.push(acc);
            this.place(acc, INITIAL_BLOCKS);
        }
        else {
            acc.cursor = 0;
        }
        this.current = acc;
        return acc;
    }
    /** Moves the file's blocks to a segment with room for `capacity` blocks. */
    place(acc, capacity) {
        const numbers = capacity * BLOCK_FIELDS;
        let data;
        let offset = 0;
        if (numbers > SLAB_NUMBERS / 8) {
            data = new Uint32Array(numbers); // a big file gets its own array
        }
        else {
            if (this.slabUsed + numbers > this.slab.length) {
                this.slab = new Uint32Array(SLAB_NUMBERS);
                this.slabUsed = 0;
            }
            data = this.slab;
            offset = this.slabUsed;
            this.slabUsed += numbers;
        }
        if (acc.size > 0)
            data.set(acc.data.subarray(acc.offset, acc.offset + acc.size * BLOCK_FIELDS), offset);
        acc.data = data;
        acc.offset = offset;
        acc.capacity = capacity;
    }
    merge(acc, startLine, startCol, endLine, endCol, numStmt, count) {
        const n = acc.size;
        const data = acc.data;
        let index = acc.cursor;
        let at = acc.offset + index * BLOCK_FIELDS;
        if (index < n &&
            data[at + START_LINE] === startLine &&
            data[at + START_COL] === startCol &&
            data[at + END_LINE] === endLine &&
            data[at + END_COL] === endCol) {
            acc.cursor = index + 1;
            this.combine(acc, index, numStmt, count);
            return;
        }
        if (acc.increasing) {
            at = acc.offset + (n - 1) * BLOCK_FIELDS;
            if (n === 0 ||
                startLine > data[at + START_LINE] ||
                (startLine === data[at + START_LINE] && startCol > data[at + START_COL])) {
                // Starts after every known block, so it cannot repeat one.
                this.append(acc, startLine, startCol, endLine, endCol, numStmt, count);
                return;
            }
            acc.increasing = false;
            indexFile(acc);
        }
        index = findRange(acc, startLine, startCol, endLine, endCol);
        if (index < 0) {
            this.append(acc, startLine, startCol, endLine, endCol, numStmt, count);
            return;
        }
        acc.cursor = index + 1;
        this.combine(acc, index, numStmt, count);
    }
    append(acc, startLine, startCol, endLine, endCol, numStmt, count) {
        const index = acc.size;
        if (index === acc.capacity)
            this.place(acc, acc.capacity * 2);
        const data = acc.data;
        const at = acc.offset + index * BLOCK_FIELDS;
        data[at + START_LINE] = startLine;
        data[at + START_COL] = startCol;
        data[at + END_LINE] = endLine;
        data[at + END_COL] = endCol;
        data[at + NUM_STMT] = numStmt;
        data[at + COUNT] = Math.min(count, MAX_NUMBER);
        acc.size = index + 1;
        acc.cursor = index + 1;
        if (!acc.increasing)
            indexBlock(acc, index);
    }
    combine(acc, index, numStmt, count) {
        const data = acc.data;
        const at = acc.offset + index * BLOCK_FIELDS;
        if (data[at + NUM_STMT] !== numStmt) {
            this.fail('numstmt-mismatch', `block ${acc.name}:${data[at + START_LINE]}.${data[at + START_COL]},${data[at + END_LINE]}.${data[at + END_COL]} ` +
                `has ${numStmt} statements here but ${data[at + NUM_STMT]} earlier; ` +
                'the profiles come from different versions of the source');
        }
        // -coverpkg lists a block once per test binary: set ORs, count and atomic add.
        if (this.mode === 'set')
            data[at + COUNT] = data[at + COUNT] > 0 || count > 0 ? 1 : 0;
        else
            data[at + COUNT] = Math.min(data[at + COUNT] + count, MAX_NUMBER);
    }
    malformed(buf, start, end, why) {
        this.fail('malformed-line', `${why}; ${BLOCK_FORMAT}, found ${quote(buf.toString('utf8', start, end))}`);
    }
    fail(problem, detail) {
        throw new CoverageProfileError(this.profile, this.lineNo, problem, detail);
    }
}
/** Parses a profile given one line per item (no `\n`), e.g. from readline. */
async function parseCoverageLines(lines, profile) {
    const parser = new profile_CoverageProfileParser(profile);
    for await (const line of lines)
        parser.pushLine(line);
    return parser.finish();
}
/** Parses a profile from text or byte chunks split anywhere, e.g. a Node Readable. */
async function parseCoverageStream(chunks, profile) {
    const parser = new profile_CoverageProfileParser(profile);
    for await (const chunk of chunks) {
        if (typeof chunk === 'string')
            parser.pushText(chunk);
        else
            parser.pushBytes(chunk);
    }
    return parser.finish();
}
function rangeKey(startLine, startCol, endLine, endCol) {
    return `${startLine}.${startCol},${endLine}.${endCol}`;
}
function indexFile(acc) {
    acc.byStart = new Map();
    for (let i = 0; i < acc.size; i++)
        indexBlock(acc, i);
}
function indexBlock(acc, index) {
    const at = acc.offset + index * BLOCK_FIELDS;
    const startLine = acc.data[at + START_LINE];
    const startCol = acc.data[at + START_COL];
    if (startCol < COL_SPAN && startLine < LINE_LIMIT) {
        if (acc.byStart === undefined)
            acc.byStart = new Map();
        const byStart = acc.byStart;
        const key = startLine * COL_SPAN + startCol;
        if (!byStart.has(key)) {
            byStart.set(key, index);
            return;
        }
    }
    const key = rangeKey(startLine, startCol, acc.data[at + END_LINE], acc.data[at + END_COL]);
    if (acc.byRange === undefined)
        acc.byRange = new Map();
    acc.byRange.set(key, index);
}
/** Index of the block with exactly this range, or -1. */
function findRange(acc, startLine, startCol, endLine, endCol) {
    if (startCol < COL_SPAN && startLine < LINE_LIMIT) {
        const index = acc.byStart?.get(startLine * COL_SPAN + startCol);
        if (index === undefined)
            return -1; // the first range with a start always holds the numeric key
        const at = acc.offset + index * BLOCK_FIELDS;
        if (acc.data[at + END_LINE] === endLine && acc.data[at + END_COL] === endCol)
            return index;
    }
    return acc.byRange?.get(rangeKey(startLine, startCol, endLine, endCol)) ?? -1;
}
/** FNV-1a over the bytes, kept to 30 bits so the Map key stays a small integer. */
function hashBytes(buf, start, end) {
    let hash = 0x811c9dc5;
    for (let i = start; i < end; i++)
        hash = Math.imul(hash ^ buf[i], 0x01000193);
    return hash & 0x3fffffff;
}
function sameName(acc, buf, start, end) {
    const length = acc.nameLength;
    if (length !== end - start)
        return false;
    const name = acc.nameBytes;
    const at = acc.nameAt;
    // From the end: names of one module share long prefixes and differ near the end.
    for (let i = length - 1; i >= 0; i--)
        if (name[at + i] !== buf[start + i])
            return false;
    return true;
}
function startsWithBytes(buf, start, end, prefix) {
    if (end - start < prefix.length)
        return false;
    for (let i = 0; i < prefix.length; i++)
        if (buf[start + i] !== prefix[i])
            return false;
    return true;
}
function isBlank(buf, start, end) {
    for (let i = start; i < end; i++) {
        const c = buf[i];
        if (c !== CH_SPACE && c !== CH_TAB)
            return false;
    }
    return true;
}
function quote(text) {
    return JSON.stringify(text.length > 200 ? `${text.slice(0, 200)}…` : text);
}

;// CONCATENATED MODULE: ./src/coverage/summarize.ts
// Totals over merged blocks, weighted by statements: per file, per package, overall.
//
// The total counts every block of the profile, as `go test`'s `coverage: N% of statements`
// does. `go tool cover -func` counts only blocks inside function declarations, so its total
// differs when a package-level function literal (`var f = func() {...}`) has statements; it
// needs the Go source to know, and this core does not read source.





/** Summarizes a parsed profile: maps files into the repository, drops excluded ones, totals. */
function summarize_summarizeProfile(parsed, opts) {
    const resolver = new ProfileFileResolver(opts.repoRoot, opts.modules);
    const isExcluded = excludeMatcher(opts.exclude);
    const files = [];
    const packages = new Map();
    let statements = 0;
    let covered = 0;
    let excludedFiles = 0;
    // Files of one directory share their module, repository folder and package: resolve the
    // directory once (a profile of a big repository has tens of thousands of files).
    const dirs = new Map();
    let last;
    for (const blocks of parsed.files) {
        const name = blocks.name;
        const cut = directoryLength(name);
        // Consecutive files often share a directory: check the last one before hashing a slice.
        let dir = last !== undefined && last.nameDir.length === cut && name.startsWith(last.nameDir) ? last : undefined;
        const nameDir = dir === undefined ? name.slice(0, cut) : dir.nameDir;
        if (dir === undefined)
            dir = dirs.get(nameDir);
        const base = name.slice(cut);
        if (dir === undefined) {
            const where = resolver.resolve(name);
            if (typeof where === 'string') {
                throw new CoverageProfileError(parsed.profile, blocks.firstLine, 'outside-module', where);
            }
            const fileDir = where.file.slice(0, where.file.length - base.length);
            const importDir = where.importPath.slice(0, where.importPath.length - base.length);
            const pkgPath = importDir.length > 0 ? importDir.slice(0, -1) : '.';
            dir = { nameDir, pkgPath, pkg: undefined, fileDir, importDir };
            dirs.set(nameDir, dir);
        }
        last = dir;
        const file = dir.fileDir + base;
        if (isExcluded(file)) {
            excludedFiles++;
            continue;
        }
        const summary = summarizeFile(blocks, file, dir.importDir === nameDir ? name : dir.importDir + base);
        files.push(summary);
        statements += summary.statements;
        covered += summary.covered;
        let pkg = dir.pkg;
        if (pkg === undefined) {
            // Created with its first file that is not excluded: a package all excluded is not listed.
            pkg = packages.get(dir.pkgPath);
            if (pkg === undefined) {
                pkg = { importPath: dir.pkgPath, statements: 0, covered: 0, percent: 0 };
                packages.set(dir.pkgPath, pkg);
            }
            dir.pkg = pkg;
        }
        pkg.statements += summary.statements;
        pkg.covered += summary.covered;
    }
    const pkgList = [...packages.values()];
    for (const pkg of pkgList)
        pkg.percent = coveragePercent(pkg.covered, pkg.statements);
    pkgList.sort(comparePackages);
    files.sort(compareFiles);
    const percent = coveragePercent(covered, statements);
    return {
        mode: parsed.mode,
        statements,
        covered,
        percent,
        percentText: formatCoveragePercent(percent),
        packages: pkgList,
        files,
        excludedFiles,
        profile: parsed.profile
    };
}
/** Length of the directory part of a file name, up to and including its last `/` or `\\`. */
function directoryLength(name) {
    for (let i = name.length - 1; i >= 0; i--) {
        const c = name.charCodeAt(i);
        if (c === 47 || c === 92)
            return i + 1;
    }
    return 0;
}
/**
 * The pure entry: blocks as plain objects, merged and summarized exactly as a profile with
 * these lines (in this order, after the mode line) would be. Errors name `profile` and the
 * line the block would be on.
 */
function summarizeCoverage(input, opts) {
    const parser = new CoverageProfileParser(input.profile ?? 'coverage profile');
    parser.setMode(input.mode, 1);
    for (const b of input.blocks) {
        parser.addBlock(b.file, b.startLine, b.startCol, b.endLine, b.endCol, b.numStmt, b.count);
    }
    return summarize_summarizeProfile(parser.finish(), opts);
}
function summarizeFile(blocks, file, importPath) {
    const { data, offset, size } = blocks;
    let statements = 0;
    let covered = 0;
    let uncoveredBlocks = 0;
    let first = -1;
    for (let i = 0, at = offset; i < size; i++, at += BLOCK_FIELDS) {
        const n = data[at + NUM_STMT];
        statements += n;
        if (data[at + COUNT] > 0) {
            covered += n;
        }
        else if (n > 0) {
            uncoveredBlocks++;
            if (first < 0 || startsBefore(data, at, first))
                first = at;
        }
    }
    const summary = { file, importPath, statements, covered, uncoveredBlocks };
    if (first >= 0) {
        summary.firstUncovered = {
            line: data[first + START_LINE],
            col: data[first + START_COL],
            endLine: data[first + END_LINE]
        };
    }
    return summary;
}
/** Block at `a` before block at `b` in source order (start, then end: no tie on the first uncovered). */
function startsBefore(data, a, b) {
    const line = data[a + START_LINE] - data[b + START_LINE];
    if (line !== 0)
        return line < 0;
    const col = data[a + START_COL] - data[b + START_COL];
    if (col !== 0)
        return col < 0;
    const endLine = data[a + END_LINE] - data[b + END_LINE];
    if (endLine !== 0)
        return endLine < 0;
    return data[a + END_COL] < data[b + END_COL];
}
/** A test for repository-relative files against coverage-exclude's globs. */
function excludeMatcher(globs) {
    const patterns = globs
        .map((g) => g.trim())
        .filter((g) => g.length > 0)
        .map((g) => (g.startsWith('./') ? g.slice(2) : g));
    if (patterns.length === 0)
        return () => false;
    // dot: a glob like **/mocks/** should also reach files under .hidden directories.
    return picomatch_default()(patterns, { dot: true });
}
function comparePackages(a, b) {
    // A package without statements has nothing to cover; rank it after every real one.
    if ((a.statements === 0) !== (b.statements === 0))
        return a.statements === 0 ? 1 : -1;
    return (a.percent - b.percent ||
        b.statements - b.covered - (a.statements - a.covered) ||
        compareText(a.importPath, b.importPath));
}
function compareFiles(a, b) {
    return (b.statements - b.covered - (a.statements - a.covered) ||
        rankPercent(a) - rankPercent(b) ||
        compareText(a.file, b.file));
}
/** A file without statements has nothing left to cover: rank it with the fully covered. */
function rankPercent(f) {
    return f.statements === 0 ? 100 : coveragePercent(f.covered, f.statements);
}
function compareText(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
}

;// CONCATENATED MODULE: ./src/coverage/baseline.ts
// The coverage baseline a push to the default branch leaves in the cache, and a pull request's
// coverage compared with it: total and per-package delta, and the coverage-drop-max gate.
// Pure: the adapter reads the event and talks to the cache service.




/** The cache record's name (a file-name-safe word) and the version of its keys. */
const BASELINE_RECORD_NAME = 'coverage-baseline';
const KEY_VERSION = 'go-gate-coverage-v1';
/**
 * The restore prefix of a working directory's baselines on one branch. The hash covers both, so no
 * branch's prefix is a prefix of another's (`main-` would otherwise match `main-2-...`); the branch
 * is also written out so the cache list reads. Keys match case-insensitively: the hash is lower-case.
 */
function baselineKeyPrefix(workingDirectory, branch) {
    const hash = createHash('sha256').update(`${workingDirectory}\u0000${branch}`).digest('hex').slice(0, 16);
    // Cache keys may not hold commas; keep the readable part short and plain.
    const readable = branch.replace(/[^\w./-]+/g, '_').slice(0, 60);
    return `${KEY_VERSION}-${readable}-${hash}-`;
}
/** Keys are immutable: one per commit, restored by prefix (the newest wins). */
function baselineKey(workingDirectory, branch, sha) {
    return `${baselineKeyPrefix(workingDirectory, branch)}${sha}`;
}
function baselineFromReport(report, meta) {
    const files = {};
    for (const f of report.files)
        files[f.file] = [f.covered, f.statements];
    return {
        schema: 1,
        branch: meta.branch,
        sha: meta.sha,
        workingDirectory: meta.workingDirectory,
        statements: report.statements,
        covered: report.covered,
        files
    };
}
/** Reads a stored baseline; a string says why it cannot be used. */
function parseCoverageBaseline(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return 'the stored baseline is not JSON';
    }
    const b = value;
    if (b === null || typeof b !== 'object')
        return 'the stored baseline is not an object';
    if (b.schema !== 1)
        return `the stored baseline has schema ${JSON.stringify(b.schema)}; this go-gate reads 1`;
    if (typeof b.branch !== 'string' || typeof b.sha !== 'string' || typeof b.files !== 'object' || !b.files)
        return 'the stored baseline lacks its branch, commit or files';
    for (const entry of Object.values(b.files)) {
        if (!Array.isArray(entry) || entry.length !== 2 || !entry.every((n) => Number.isInteger(n) && n >= 0))
            return 'the stored baseline has a file entry that is not [covered, statements]';
    }
    return b;
}
/** Parses coverage-drop-max: points, decimals allowed; empty is off (undefined). */
function parseCoverageDropMax(raw, name = 'Input "coverage-drop-max"') {
    const text = raw.trim();
    if (text === '')
        return undefined;
    if (!/^(?:\d+(?:\.\d*)?|\.\d+)$/.test(text) || !(Number(text) <= 100)) {
        throw new GateError('invalid-input', `${name} is ${JSON.stringify(raw)}; expected the most percentage points total coverage may fall against the base branch, from 0 to 100 (decimals allowed), such as 0.5 or 2, or empty for no limit.`);
    }
    return Number(text);
}
/** Points with their sign, one decimal, a true minus sign: `+0.3`, `−1.4`, `±0.0`. */
function formatCoverageDelta(delta) {
    const text = Math.abs(delta).toFixed(1);
    if (text === '0.0')
        return '±0.0';
    return delta > 0 ? `+${text}` : `\u2212${text}`;
}
/** `main@abc1234`: how the summary names the baseline. */
function baselineLabel(base) {
    return `${base.branch}@${base.sha.slice(0, 7)}`;
}
/**
 * This run against the base branch's baseline. The baseline's files are filtered by this run's
 * coverage-exclude, so a changed exclude list does not show as a delta. Packages are matched by
 * folder; a package only the baseline has is named by its repository folder.
 */
function compareCoverage(report, baseline, opts) {
    const isExcluded = excludeMatcher(opts.exclude);
    const baseByDir = new Map();
    let baseCovered = 0;
    let baseStatements = 0;
    for (const [file, [covered, statements]] of Object.entries(baseline.files)) {
        if (isExcluded(file))
            continue;
        baseCovered += covered;
        baseStatements += statements;
        const dir = folderOf(file);
        const sum = baseByDir.get(dir) ?? [0, 0];
        sum[0] += covered;
        sum[1] += statements;
        baseByDir.set(dir, sum);
    }
    const basePercent = coveragePercent(baseCovered, baseStatements);
    // This run's folders → package import paths, from its files.
    const packageOfDir = new Map();
    for (const f of report.files)
        packageOfDir.set(folderOf(f.file), folderOf(f.importPath) || '.');
    const baseOfPackage = new Map();
    const gone = [];
    for (const [dir, sum] of baseByDir) {
        const pkg = packageOfDir.get(dir);
        if (pkg === undefined) {
            if (sum[1] > 0)
                gone.push({ importPath: dir === '' ? '.' : dir, percent: 0, basePercent: pct(sum) });
            continue;
        }
        const acc = baseOfPackage.get(pkg) ?? [0, 0];
        acc[0] += sum[0];
        acc[1] += sum[1];
        baseOfPackage.set(pkg, acc);
    }
    const packages = [];
    for (const p of report.packages) {
        if (p.statements === 0)
            continue;
        const base = baseOfPackage.get(p.importPath);
        if (base === undefined || base[1] === 0) {
            packages.push({ importPath: p.importPath, percent: p.percent });
            continue;
        }
        const bp = pct(base);
        packages.push({ importPath: p.importPath, percent: p.percent, basePercent: bp, delta: p.percent - bp });
    }
    // Biggest drop first, then rises, then new packages; gone packages last.
    packages.sort((a, b) => (a.delta === undefined ? 1 : 0) - (b.delta === undefined ? 1 : 0) ||
        (a.delta ?? 0) - (b.delta ?? 0) ||
        (a.importPath < b.importPath ? -1 : 1));
    const comparison = {
        base: { branch: baseline.branch, sha: baseline.sha, percent: basePercent },
        delta: report.percent - basePercent,
        packages: [...packages, ...gone.sort((a, b) => (a.importPath < b.importPath ? -1 : 1))]
    };
    if (opts.dropMax !== undefined)
        comparison.dropMax = opts.dropMax;
    return comparison;
}
function pct(sum) {
    return coveragePercent(sum[0], sum[1]);
}
function folderOf(file) {
    const cut = file.lastIndexOf('/');
    return cut < 0 ? '' : file.slice(0, cut);
}
// Percentages are doubles: a drop of exactly the limit must not fail by a rounding error.
const EPSILON = 1e-9;
/** The coverage-drop-max gate: fails when the total fell by more than dropMax points. */
function coverageDropGate(report, comparison, stage) {
    const { base, delta, dropMax } = comparison;
    if (base === undefined || delta === undefined || dropMax === undefined)
        return undefined;
    if (-delta <= dropMax + EPSILON)
        return undefined;
    const fell = formatCoverageGap(-delta);
    const label = baselineLabel(base);
    return {
        kind: 'coverage-below-threshold',
        stage,
        severity: 'error',
        coverageGate: 'drop',
        title: `Coverage fell ${fell} points against ${label} (${formatCoveragePercent(base.percent)}% to ${report.percentText}%), more than coverage-drop-max ${dropMax}`,
        message: `Total coverage ${report.percentText}% against ${formatCoveragePercent(base.percent)}% on ${label}: down ${fell} points; coverage-drop-max allows ${dropMax}.`
    };
}

;// CONCATENATED MODULE: ./src/coverage/threshold.ts
// The coverage-threshold input and the check against it.

// Plain decimal notation only: no exponent, sign, hex or separators. A trailing % is allowed.
const PERCENT = /^(?:\d+(?:\.\d*)?|\.\d+)%?$/;
/**
 * Parses the `coverage-threshold` input: a percent from 0 to 100, decimals allowed
 * (`80`, `72.5`, `80%`). Empty means 0, no threshold. Anything else is invalid-input,
 * named as `name` says (the action's input, or the CLI's option).
 */
function parseCoverageThreshold(raw, name = 'Input "coverage-threshold"') {
    const text = raw.trim();
    if (text === '')
        return 0;
    const value = PERCENT.test(text) ? Number(text.endsWith('%') ? text.slice(0, -1) : text) : Number.NaN;
    if (!(value >= 0 && value <= 100)) {
        throw new GateError('invalid-input', `${name} is ${JSON.stringify(raw)}; expected a percent from 0 to 100 (decimals allowed), such as 80 or 72.5.`);
    }
    return value;
}
/**
 * Passes when the exact percent reaches the threshold. `gap` is how many percentage points
 * are missing (0 when passed). The comparison uses the exact value, not the one-decimal text:
 * 79.96% prints as "80.0" yet fails a threshold of 80, so show more digits when it fails.
 * Both sides are correctly rounded doubles of their exact values, so a true value equal to
 * the threshold (723 of 1000 against 72.3) compares equal.
 */
function checkCoverageThreshold(report, threshold) {
    const passed = report.percent >= threshold;
    return { passed, gap: passed ? 0 : threshold - report.percent };
}

;// CONCATENATED MODULE: ./src/coverage/gate.ts
// The coverage gate on a report: the failure below the threshold, and notices
// at the first uncovered block of the least-covered files.


/** How many of the least-covered files get a notice annotation. */
const COVERAGE_NOTICE_FILES = 5;
function coverageGate(report, threshold, stage) {
    if (threshold <= 0)
        return { notices: [] };
    const check = checkCoverageThreshold(report, threshold);
    if (check.passed)
        return { notices: [] };
    // 79.96% prints as 80.0: show the gap with enough digits to be non-zero.
    const gapText = formatCoverageGap(check.gap);
    const failure = {
        kind: 'coverage-below-threshold',
        stage,
        severity: 'error',
        coverageGate: 'total',
        title: `Coverage is ${report.percentText}%, below the ${threshold}% threshold by ${gapText} points`,
        message: `Total coverage ${report.percentText}% (${report.covered} of ${report.statements} statements); threshold ${threshold}%; gap ${gapText} points.`
    };
    const notices = [];
    for (const file of report.files.slice(0, COVERAGE_NOTICE_FILES)) {
        if (file.statements === file.covered || !file.firstUncovered)
            continue;
        notices.push({
            kind: 'coverage-below-threshold',
            stage,
            severity: 'notice',
            location: {
                file: file.file,
                line: file.firstUncovered.line,
                col: file.firstUncovered.col,
                endLine: file.firstUncovered.endLine
            },
            title: `${file.statements - file.covered} of ${file.statements} statements not covered`,
            message: `${file.file}: ${file.covered}/${file.statements} statements covered; the first uncovered block starts here.`
        });
    }
    return { failure, notices };
}
/** Coverage that could not be read (`how`: computed, merged): a note, and a failure when a threshold needs it. */
function coverageUnreadable(stage, how, message, threshold) {
    stage.notes.push(`Coverage could not be ${how}: ${message}`);
    if (threshold <= 0)
        return;
    stage.failures.push({
        kind: 'internal-error',
        stage: stage.stage,
        severity: 'error',
        title: `Coverage could not be ${how}: ${message}`,
        message
    });
    stage.status = 'failed';
}

;// CONCATENATED MODULE: ./src/coverage/patch.ts
// Patch coverage: a pull request's changed lines (from `git diff --unified=0`) intersected with
// the profile's statement blocks. Pure: the pipeline runs git and reads file heads; this decides.




/**
 * Reads `git diff --unified=0` output (with `a/` `b/` prefixes): per file of the new side, the
 * lines it added. Hunk bodies are skipped by their counts, so a content line that looks like a
 * header (`+++ x`) is never taken for one. Deleted files and binary files add no lines.
 */
function parseUnifiedDiff(text) {
    const files = new Map();
    const lines = text.split('\n');
    let current;
    for (let i = 0; i < lines.length; i++) {
        const line = lines[i].endsWith('\r') ? lines[i].slice(0, -1) : lines[i];
        if (line.startsWith('diff --git ')) {
            current = undefined;
            continue;
        }
        if (line.startsWith('+++ ')) {
            const name = diffPath(line.slice(4));
            if (name === undefined) {
                current = undefined;
                continue;
            }
            current = files.get(name);
            if (current === undefined) {
                current = [];
                files.set(name, current);
            }
            continue;
        }
        const hunk = /^@@ -\d+(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/.exec(line);
        if (!hunk)
            continue;
        const removed = hunk[1] === undefined ? 1 : Number(hunk[1]);
        const start = Number(hunk[2]);
        const added = hunk[3] === undefined ? 1 : Number(hunk[3]);
        for (let n = 0; n < added; n++)
            current?.push(start + n);
        // Skip the hunk's body: its removed and added lines, and "\ No newline at end of file" markers.
        let body = removed + added;
        while (body > 0 && i + 1 < lines.length) {
            i++;
            if (!lines[i].startsWith('\\'))
                body--;
        }
        while (i + 1 < lines.length && lines[i + 1].startsWith('\\'))
            i++;
    }
    const out = [];
    for (const [file, changed] of files) {
        if (changed.length === 0)
            continue;
        const sorted = [...new Set(changed)].sort((a, b) => a - b);
        out.push({ file, lines: sorted });
    }
    return out;
}
/** The path of a `+++ ` line: `b/x.go`, `"b/sp\303\251cial.go"`; undefined for /dev/null. */
function diffPath(raw) {
    let name = raw.replace(/\t.*$/, '');
    if (name.startsWith('"'))
        name = unquoteC(name);
    if (name === '/dev/null')
        return undefined;
    return name.startsWith('b/') ? name.slice(2) : name;
}
/** Git's C-style quoting of unusual paths: `\"`, `\\`, `\t`, `\n` and octal bytes of UTF-8. */
function unquoteC(quoted) {
    const inner = quoted.slice(1, quoted.endsWith('"') ? -1 : undefined);
    const bytes = [];
    const simple = { a: 7, b: 8, f: 12, n: 10, r: 13, t: 9, v: 11, '"': 34, '\\': 92 };
    for (let i = 0; i < inner.length; i++) {
        const c = inner[i];
        if (c !== '\\') {
            bytes.push(...Buffer.from(c, 'utf8'));
            continue;
        }
        const next = inner[i + 1];
        if (/[0-7]/.test(next ?? '')) {
            bytes.push(Number.parseInt(inner.slice(i + 1, i + 4), 8));
            i += 3;
        }
        else {
            bytes.push(simple[next] ?? next.charCodeAt(0));
            i += 1;
        }
    }
    return Buffer.from(bytes).toString('utf8');
}
// Go's rule (go help generate): this line anywhere before the package clause marks generated code.
const GENERATED = /^\/\/ Code generated .* DO NOT EDIT\.$/;
/** True when the head of a Go file has the generated-code marker before its package clause. */
function isGeneratedGoSource(head) {
    for (const raw of head.split('\n')) {
        const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
        if (GENERATED.test(line))
            return true;
        if (/^package\s/.test(line))
            return false;
    }
    return false;
}
/** Whether a changed file can have statements in a coverage profile: a Go file that is not a test. */
function isCoverableGoFile(file) {
    return file.endsWith('.go') && !file.endsWith('_test.go');
}
/** Consecutive line numbers (ascending) merged into inclusive ranges. */
function mergeLineRanges(lines) {
    const ranges = [];
    for (const line of lines) {
        const last = ranges[ranges.length - 1];
        if (last && line <= last.endLine + 1)
            last.endLine = Math.max(last.endLine, line);
        else
            ranges.push({ startLine: line, endLine: line });
    }
    return ranges;
}
/**
 * The changed lines against the profile's blocks: a block with statements counts once when any
 * changed line is inside its line range; it is covered when its count is above 0. Uncovered changed
 * lines are the changed lines inside uncovered blocks, merged into ranges.
 */
function measurePatchCoverage(parsed, input) {
    const isExcluded = excludeMatcher(input.exclude);
    const wanted = new Map();
    let skippedFiles = 0;
    for (const change of input.changes) {
        if (!isCoverableGoFile(change.file) || isExcluded(change.file) || input.generated.has(change.file)) {
            skippedFiles++;
            continue;
        }
        wanted.set(change.file, change.lines);
    }
    const resolver = new ProfileFileResolver(input.repoRoot, input.modules);
    let statements = 0;
    let covered = 0;
    const uncoveredByFile = new Map();
    for (const blocks of parsed.files) {
        if (wanted.size === 0)
            break;
        const where = resolver.resolve(blocks.name);
        if (typeof where === 'string')
            continue;
        const lines = wanted.get(where.file);
        if (lines === undefined)
            continue;
        const { data, offset, size } = blocks;
        for (let b = 0, at = offset; b < size; b++, at += BLOCK_FIELDS) {
            const n = data[at + NUM_STMT];
            if (n === 0)
                continue;
            const start = data[at + START_LINE];
            const end = data[at + END_LINE];
            const first = firstAtLeast(lines, start);
            if (first >= lines.length || lines[first] > end)
                continue;
            statements += n;
            if (data[at + COUNT] > 0) {
                covered += n;
                continue;
            }
            let set = uncoveredByFile.get(where.file);
            if (set === undefined) {
                set = new Set();
                uncoveredByFile.set(where.file, set);
            }
            for (let i = first; i < lines.length && lines[i] <= end; i++)
                set.add(lines[i]);
        }
    }
    const uncovered = [];
    for (const file of [...uncoveredByFile.keys()].sort()) {
        const lines = [...(uncoveredByFile.get(file) ?? [])].sort((a, b) => a - b);
        for (const range of mergeLineRanges(lines))
            uncovered.push({ file, ...range });
    }
    const patch = { baseSha: input.baseSha, statements, covered, uncovered, skippedFiles };
    if (statements > 0)
        patch.percent = coveragePercent(covered, statements);
    if (input.threshold !== undefined && input.threshold > 0)
        patch.threshold = input.threshold;
    return patch;
}
/** Index of the first element >= value in an ascending array (its length when none). */
function firstAtLeast(sorted, value) {
    let lo = 0;
    let hi = sorted.length;
    while (lo < hi) {
        const mid = (lo + hi) >>> 1;
        if (sorted[mid] < value)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}
/** Uncovered changed ranges that get a warning annotation; the summary lists them all (bounded). */
const PATCH_WARNING_RANGES = 10;
/**
 * The patch-coverage-threshold gate and the warnings on uncovered changed lines. Warnings are
 * made whether or not the gate is on: a reviewer wants to see them either way.
 */
/** A range of lines as the summary, the comment and the terminal write it: `12` or `12-14`. */
function lineRangeText(range) {
    return range.endLine > range.startLine ? `${range.startLine}-${range.endLine}` : `${range.startLine}`;
}
function patchCoverageGate(patch, stage) {
    const warnings = patch.uncovered.slice(0, PATCH_WARNING_RANGES).map((range) => {
        const lines = `${range.startLine === range.endLine ? 'line' : 'lines'} ${lineRangeText(range)}`;
        return {
            kind: 'coverage-below-threshold',
            stage,
            severity: 'warning',
            coverageGate: 'patch',
            location: { file: range.file, line: range.startLine, endLine: range.endLine },
            title: `Changed ${lines} not covered by tests`,
            message: `${range.file}: changed ${lines} ${range.startLine === range.endLine ? 'is' : 'are'} not covered by any test.`
        };
    });
    const threshold = patch.threshold;
    if (threshold === undefined || patch.percent === undefined || patch.percent >= threshold)
        return { warnings };
    const text = formatCoveragePercent(patch.percent);
    const gap = threshold - patch.percent;
    const gapText = formatCoverageGap(gap);
    return {
        warnings,
        failure: {
            kind: 'coverage-below-threshold',
            stage,
            severity: 'error',
            coverageGate: 'patch',
            title: `Patch coverage is ${text}%, below the ${threshold}% patch-coverage-threshold by ${gapText} points`,
            message: `Patch coverage ${text}% (${patch.covered} of ${patch.statements} statements on changed lines since ${patch.baseSha.slice(0, 7)}); patch-coverage-threshold ${threshold}%; gap ${gapText} points.`
        }
    };
}

;// CONCATENATED MODULE: ./src/coverage/read.ts
// The one file of the coverage core that touches the file system: it streams the profile.





// Read in 1 MiB pieces into two reused buffers: memory stays flat whatever the profile's size,
// no buffer is allocated per chunk (a Readable does, and for a profile of a million blocks
// that costs as much as parsing it), and the next piece is read while this one is parsed.
// Safe because the parser keeps no chunk.
const CHUNK_BYTES = 1 << 20;
/**
 * Reads a `go test -coverprofile` file and summarizes it. Throws CoverageProfileError for a
 * bad profile and the file system's error (code ENOENT, ...) when it cannot be read.
 */
async function readCoverageProfile(file, opts) {
    return summarize_summarizeProfile(await parseCoverageProfileFile(file, opts.repoRoot), opts);
}
/** Reads and merges a profile's blocks without summarizing them (patch coverage needs the blocks). */
async function parseCoverageProfileFile(file, repoRoot) {
    const parser = new profile_CoverageProfileParser(profileName(file, repoRoot));
    await pushFile(parser, file);
    return parser.finish();
}
/**
 * Reads several profiles as one, merged the way `go tool cover` merges the profiles of several
 * test binaries: a block in several profiles counts once, covered if any covered it (set) or
 * with the counts added (count, atomic); profiles of different modes are refused. `name` names
 * the merged profile in messages.
 */
async function readCoverageProfiles(files, name, opts) {
    return summarizeProfile(await parseCoverageProfileFiles(files, name), opts);
}
/** The merged blocks of several profiles, not summarized (patch coverage needs the blocks). */
async function parseCoverageProfileFiles(files, name) {
    const parser = new CoverageProfileParser(name);
    for (const file of files) {
        const last = await pushFile(parser, file);
        // A profile whose last line has no newline must not run into the next one's mode line.
        if (last !== NEWLINE)
            parser.pushBytes(NEWLINE_BYTES);
    }
    return parser.finish();
}
const NEWLINE = 10;
const NEWLINE_BYTES = Buffer.from('\n');
/** Feeds a file to the parser; returns its last byte (-1 for an empty file). */
async function pushFile(parser, file) {
    const handle = await (0,promises_namespaceObject.open)(file, 'r');
    const buffers = [Buffer.allocUnsafe(CHUNK_BYTES), Buffer.allocUnsafe(CHUNK_BYTES)];
    let position = 0;
    let next = 0;
    const readNext = () => {
        const buffer = buffers[next];
        next ^= 1;
        return handle.read(buffer, 0, CHUNK_BYTES, position);
    };
    let pending = readNext();
    let last = -1;
    try {
        for (;;) {
            const { bytesRead, buffer } = await pending;
            if (bytesRead === 0)
                break;
            position += bytesRead;
            last = buffer[bytesRead - 1];
            pending = readNext();
            parser.pushBytes(buffer.subarray(0, bytesRead));
        }
    }
    finally {
        await pending.catch(() => undefined); // never close under a read in flight
        await handle.close();
    }
    return last;
}
/** The profile as a user would name it: repository-relative when inside the repository. */
function profileName(file, repoRoot) {
    if (!external_node_path_default().isAbsolute(file))
        return file;
    return fileInside(external_node_path_default().resolve(repoRoot), file) ?? file;
}

;// CONCATENATED MODULE: ./src/coverage/index.ts
// src/coverage/ owns coverage: a `-coverprofile` read as it streams and checked line by line
// (profile, read), blocks that -coverpkg repeats merged, files mapped to modules (modules), totals
// per file, package and module as `go test` counts them (summarize, percent), coverage-exclude,
// the coverage-threshold gate (threshold, gate), the baseline a pull request compares with and the
// coverage-drop-max gate (baseline), and patch coverage over a git diff's changed lines (patch).
// Its report types are in src/model/coverage.ts.











;// CONCATENATED MODULE: ./src/gotest/stack.ts
// Stack traces as Go prints them: panics, goroutine dumps and race reports.
// `\t/abs/path/file.go:12 +0x1d` (panic) or `      /abs/file.go:4 +0x30` (race)
const FRAME_FILE = /^\s+(\S.*?):(\d+)(?: \+0x[0-9a-f]+)?\s*$/;
/** Reads the frames out of stack lines: a function line followed by its file:line. */
function parseFrames(lines) {
    const frames = [];
    for (let i = 1; i < lines.length; i++) {
        const file = FRAME_FILE.exec(lines[i]);
        if (!file)
            continue;
        if (FRAME_FILE.test(lines[i - 1]))
            continue;
        const func = frameFunction(lines[i - 1]);
        if (func === null)
            continue;
        frames.push({ func, file: file[1], line: Number(file[2]) });
    }
    return frames;
}
/**
 * The function of a frame line, without its arguments: `pkg.(*T).M(0x1, {...})`
 * gives `pkg.(*T).M`, `created by pkg.F in goroutine 4` gives `pkg.F`. Only the
 * argument list at the end is dropped; the receiver's parentheses stay.
 */
function frameFunction(line) {
    let text = line.trim();
    if (text.startsWith('created by '))
        text = text.slice('created by '.length).replace(/ in goroutine \d+$/, '');
    if (text.endsWith(')')) {
        let depth = 0;
        for (let i = text.length - 1; i >= 0; i--) {
            const c = text[i];
            if (c === ')')
                depth++;
            else if (c === '(') {
                depth--;
                if (depth === 0) {
                    text = text.slice(0, i);
                    break;
                }
            }
        }
    }
    if (text === '' || /\s/.test(text))
        return null;
    return text;
}
const RUNTIME_PREFIXES = [
    'runtime.',
    'runtime/',
    'testing.',
    'testing/',
    'internal/',
    'sync.',
    'reflect.',
    'syscall.'
];
/** True for frames in Go's own machinery, which never locate a failure. */
function isToolchainFrame(frame) {
    return (RUNTIME_PREFIXES.some((prefix) => frame.func.startsWith(prefix)) || frame.file.startsWith('_testmain.go'));
}
const GOROUTINE_HEADER = /^goroutine \d+ (?:gp=\S+ m=\S+ (?:mp=\S+ )?)?\[([^\]]*)\]:$/;
/** True when the line starts a goroutine block in a traceback. */
function goroutineState(line) {
    const m = GOROUTINE_HEADER.exec(line);
    return m ? m[1] : null;
}

;// CONCATENATED MODULE: ./src/gotest/locate.ts
// Turns the file names Go prints into repository-relative paths. Import paths
// map to folders through `go list -json` (PackageInfo), never by slicing strings.



class PathResolver {
    index;
    constructor(index) {
        this.index = index;
    }
    /** A repository-relative path for an absolute one; undefined when outside the repository. */
    fromAbsolute(file) {
        return external_node_path_default().isAbsolute(file) ? fileInside(this.index.repoRoot, file) : undefined;
    }
    /** A path as the go command printed it (`./x.go`, `pkg/x.go`, or absolute). */
    fromCommandPath(file) {
        return this.fromAbsolute(external_node_path_default().resolve(this.index.commandDir, file));
    }
    /** A file a test printed (`x_test.go`, or a path under -fullpath) in package importPath. */
    fromTestFile(importPath, file) {
        if (external_node_path_default().isAbsolute(file))
            return this.fromAbsolute(file);
        const pkg = this.index.packages.get(importPath);
        if (!pkg)
            return undefined;
        if (pkg.files && !pkg.files.includes(external_node_path_default().basename(file)))
            return undefined;
        return this.fromAbsolute(external_node_path_default().resolve(pkg.dir, file));
    }
    /**
     * Where a test's `x_test.go:14` is: repository-relative when the package is
     * known; without a source tree (a saved stream read elsewhere), the file as
     * the test printed it, relative to its package, so the line is still given.
     */
    testFileLocation(importPath, file, line) {
        const known = this.fromTestFile(importPath, file);
        if (known !== undefined)
            return { file: known, line };
        if (this.index.packages.has(importPath) || external_node_path_default().isAbsolute(file))
            return undefined;
        const parts = file.split(/[\\/]/);
        if (parts.includes('..') || parts.includes(''))
            return undefined;
        return { file: parts.join('/'), line };
    }
    /** The first frame inside the repository, skipping Go's runtime and testing frames. */
    firstRepositoryFrame(frames) {
        for (const frame of frames) {
            if (isToolchainFrame(frame))
                continue;
            const file = this.fromAbsolute(frame.file);
            if (file !== undefined)
                return { frame, location: { file, line: frame.line } };
        }
        return undefined;
    }
    /** Where `func name(` is declared in a package, when the caller can look. */
    functionLocation(importPath, name) {
        const found = this.findFunction(importPath, name);
        if (!found)
            return undefined;
        const file = this.fromAbsolute(found.file);
        return file === undefined ? undefined : { file, line: found.line };
    }
    findFunction(importPath, name) {
        const pkg = this.index.packages.get(importPath);
        if (!pkg || !this.index.findFunction)
            return undefined;
        return this.index.findFunction(pkg, name);
    }
    /** The source text of a line a test printed (`x_test.go:42`), when it was read. */
    testLineText(importPath, file, line) {
        const pkg = this.index.packages.get(importPath);
        if (!pkg || !this.index.lineText)
            return undefined;
        return this.index.lineText(external_node_path_default().resolve(pkg.dir, file), line);
    }
}
// `./x.go:3:14: message` or `pkg/x.go:3: message` (compiler, vet and go command errors)
const COMPILER_LINE = /^(\S[^:]*?\.go):(\d+)(?::(\d+))?: (.*)$/;
/** Reads a compiler or vet message line; null when the line is not one. */
function parseCompilerLine(line) {
    const m = COMPILER_LINE.exec(line);
    if (!m)
        return null;
    return { file: m[1], line: Number(m[2]), col: m[3] === undefined ? undefined : Number(m[3]), message: m[4] };
}
/**
 * The compiler message that locates a build failure: the first one inside the
 * repository, else the first one at all (a file outside is named, not annotated).
 */
function firstCompilerMessage(lines, resolver) {
    let first;
    for (const line of lines) {
        const parsed = parseCompilerLine(line);
        if (!parsed)
            continue;
        first ??= parsed;
        const file = resolver.fromCommandPath(parsed.file);
        if (file !== undefined)
            return { message: parsed, location: { file, line: parsed.line, col: parsed.col } };
    }
    return { message: first };
}
/**
 * Finds `func Name(` among a package's files, read beforehand into `files`
 * (absolute path to text): examples and TestMain have no file:line of their own.
 */
function functionFinder(files) {
    return (pkg, name) => {
        const decl = new RegExp(`^func ${name.replace(/[^\w]/g, '')}\\(`, 'm');
        for (const base of pkg.files ?? []) {
            const file = external_node_path_default().join(pkg.dir, base);
            const text = files.get(file);
            if (text === undefined)
                continue;
            const m = decl.exec(text);
            if (!m)
                continue;
            const line = text.slice(0, m.index).split('\n').length;
            const rest = text.slice(m.index).split('\n');
            const end = rest.indexOf('}');
            return { file, line, body: rest.slice(0, end < 0 ? 200 : end + 1) };
        }
        return undefined;
    };
}

;// CONCATENATED MODULE: ./src/text/lines.ts
// Lines of a program's output: a stream split into lines as it arrives (the one splitter, used
// by the go test -json reader and by every process the pipeline runs), the last lines kept for
// a report, and how many of them a failure's message shows.
/** Lines of go output a failure's message (the excerpt, the annotation's text) shows at most; the full output is kept beside it. */
const MESSAGE_LINES = 20;
/** Splits text into lines, a `\r\n` ending counting as one. */
function splitLines(text) {
    return text.split(/\r?\n/);
}
/** The last lines of output as a failure's message shows them. */
function messageTail(lines) {
    return lines.slice(-MESSAGE_LINES).join('\n');
}
/** The first `max` code units of text, one fewer rather than half a surrogate pair. */
function cutText(text, max) {
    if (text.length <= max)
        return text;
    const code = text.charCodeAt(max - 1);
    return text.slice(0, code >= 0xd800 && code <= 0xdbff ? max - 1 : max);
}
/**
 * Splits a stream into lines as the chunks arrive, whatever their boundaries: a character
 * whose bytes are split across chunks is decoded whole; invalid UTF-8 becomes U+FFFD rather
 * than an error; memory stays bounded by maxLineChars however long a line runs. Chunks may be
 * bytes or already-decoded strings.
 */
class LineSplitter {
    onLine;
    decoder = new TextDecoder('utf-8', { fatal: false });
    maxLineChars;
    keepCarriageReturn;
    pending = '';
    overflow = false;
    constructor(onLine, options = {}) {
        this.onLine = onLine;
        this.maxLineChars = options.maxLineChars ?? Number.POSITIVE_INFINITY;
        this.keepCarriageReturn = options.keepCarriageReturn ?? false;
    }
    /** Calls onLine for each line the chunk completes; returns the chunk's decoded text (for callers that echo or keep it). */
    push(chunk) {
        // A string after bytes: the bytes of a character cut short end here, as U+FFFD.
        const decoded = typeof chunk === 'string' ? this.decoder.decode() + chunk : this.decoder.decode(chunk, { stream: true });
        let text = decoded;
        let newline = text.indexOf('\n');
        while (newline >= 0) {
            const piece = text.slice(0, newline);
            this.emit(this.pending.length === 0 ? piece : this.pending + piece);
            this.pending = '';
            text = text.slice(newline + 1);
            newline = text.indexOf('\n');
        }
        // Past the cut, the rest of the line is dropped until its newline.
        if (text.length > 0 && !this.overflow) {
            if (this.pending.length + text.length > this.maxLineChars) {
                this.pending = cutText(this.pending + text, this.maxLineChars);
                this.overflow = true;
            }
            else {
                this.pending += text;
            }
        }
        return decoded;
    }
    /** Ends the stream: the unfinished last line, if any, is passed on. Returns the text decoded last. */
    end() {
        const rest = this.decoder.decode();
        if (rest.length > 0)
            this.push(rest);
        if (this.pending.length > 0)
            this.emit(this.pending);
        this.pending = '';
        return rest;
    }
    emit(line) {
        let text = !this.keepCarriageReturn && line.endsWith('\r') ? line.slice(0, -1) : line;
        let truncated = this.overflow;
        if (text.length > this.maxLineChars) {
            text = cutText(text, this.maxLineChars);
            truncated = true;
        }
        this.overflow = false;
        this.onLine(text, truncated);
    }
}
/** The last `limit` lines pushed, each cut at `maxLineChars` (marked with …). */
class LineTail {
    limit;
    maxLineChars;
    kept = [];
    constructor(limit, maxLineChars = Number.POSITIVE_INFINITY) {
        this.limit = limit;
        this.maxLineChars = maxLineChars;
    }
    /** @param truncated the line was already cut (by a LineSplitter): it is marked too */
    push(line, truncated = false) {
        const cut = cutText(line, this.maxLineChars);
        this.kept.push(truncated || cut !== line ? `${cut}…` : line);
        if (this.kept.length > this.limit)
            this.kept.shift();
    }
    lines() {
        return [...this.kept];
    }
}

;// CONCATENATED MODULE: ./src/gotest/evidence.ts
// Reads the output of one test (or a package's own output) line by line and
// picks out the evidence of a failure: assertion lines, panics, timeouts, races,
// example mismatches. It keeps only those sections, never the whole output.
// Evidence alone decides nothing: whether it counts is the collector's rule.

const MAX_EVIDENCE = 20;
const MAX_ASSERTION_LINES = 40;
const MAX_PANIC_LINES = 400;
const MAX_RACE_LINES = 200;
const MAX_KEPT_GOROUTINES = 12;
const MAX_GOROUTINE_LINES = 120;
const MAX_EXAMPLE_LINES = 120;
// `    x_test.go:42: message` (t.Log/t.Error shape; -fullpath gives a path).
// Go 1.14 put the test's name first: `    TestX/sub: x_test.go:42: message`.
const ASSERTION = /^(\s+)(?:(?:Test|Benchmark|Fuzz|Example)\S*: )?([^\s:]+\.go):(\d+): ?(.*)$/;
const MARKED_ASSERTION = /^\s*([^\s:]+\.go):(\d+): ?(.*)$/;
/** The lines test2json and the testing package frame a run with; never a failure's message. */
const FRAMING = /^\s*(?:=== (?:RUN|PAUSE|CONT|NAME|ARTIFACTS) |--- (?:PASS|FAIL|SKIP|BENCH): |(?:PASS|FAIL)$|(?:ok {2}|FAIL|\? {3})\t)/;
const RACE_IN_TEST = /^\s+testing\.go:\d+: race detected during execution of test/;
const RACE_ACCESS = /^(Previous )?([A-Za-z ]+?) at 0x[0-9a-f]+ by (goroutine \d+|main goroutine):$/;
// Go 1.20 indents the running tests with one tab, later Go with two.
const RUNNING_TEST = /^\t\t?(\S+) \(/;
/**
 * True for evidence only the toolchain prints, whole: it may explain a failed
 * package even when a test that passed printed it. Text a test printed to look
 * like it (passing-noisy) lacks the parts: a race report without its accesses, a
 * timeout without `running tests:` or a goroutine of the package, a panic whose
 * stack holds neither the package nor package testing.
 */
function isToolchainEvidence(evidence, importPath) {
    switch (evidence.type) {
        case 'race':
            return evidence.accesses.length > 0;
        case 'timeout':
            return evidence.running.length > 0 || evidence.goroutines.length > 0;
        case 'panic':
            return evidence.frames.some((f) => f.func.startsWith(`${importPath}.`) || f.func.startsWith('testing.'));
        default:
            return false;
    }
}
class OutputAnalyzer {
    packagePath;
    evidence = [];
    mode = 'none';
    current = null;
    indent = 0;
    block = null;
    blockState = '';
    /** Go 1.27+ marks lines with OutputType; once seen, unmarked lines are never assertions. */
    typed = false;
    /** @param packagePath the package whose frames mark a stuck goroutine in a timeout dump */
    constructor(packagePath) {
        this.packagePath = packagePath;
    }
    feed(line, outputType) {
        if (outputType !== undefined)
            this.typed = true;
        switch (this.mode) {
            case 'assertion':
                if (this.continuesAssertion(line, outputType)) {
                    const found = this.current;
                    if (found.lines.length < MAX_ASSERTION_LINES)
                        found.lines.push(line);
                    return;
                }
                this.mode = 'none';
                break;
            case 'race': {
                const found = this.current;
                if (found.lines.length < MAX_RACE_LINES)
                    found.lines.push(line);
                if (line === '==================')
                    this.closeRace(found);
                return;
            }
            case 'panic': {
                const found = this.current;
                if (found.lines.length < MAX_PANIC_LINES)
                    found.lines.push(line);
                return;
            }
            case 'timeout':
                this.feedTimeout(line);
                return;
            case 'example': {
                const found = this.current;
                if (FRAMING.test(line)) {
                    this.mode = 'none';
                    break;
                }
                if (found.lines.length < MAX_EXAMPLE_LINES)
                    found.lines.push(line);
                return;
            }
        }
        this.detect(line, outputType);
    }
    /** Closes any open section; call when the test or package has ended. */
    finish() {
        if (this.mode === 'panic') {
            const found = this.current;
            found.frames = firstGoroutineFrames(found.lines);
        }
        else if (this.mode === 'race') {
            this.closeRace(this.current);
        }
        else if (this.mode === 'timeout') {
            this.closeBlock();
        }
        this.mode = 'none';
        this.current = null;
    }
    closeRace(found) {
        found.frames = parseFrames(found.lines);
        found.accesses = parseRaceAccesses(found.lines);
        this.mode = 'none';
    }
    add(found, mode) {
        this.mode = mode;
        this.current = found;
        // Assertions are many in a chatty test; panics, races and timeouts are few, but bounded too.
        const limit = found.type === 'assertion' ? MAX_EVIDENCE : 2 * MAX_EVIDENCE;
        if (this.evidence.length < limit)
            this.evidence.push(found);
    }
    detect(line, outputType) {
        if (outputType === 'frame' || FRAMING.test(line))
            return;
        if (line.startsWith('panic: test timed out after ')) {
            const found = {
                type: 'timeout',
                after: line.slice('panic: test timed out after '.length).trim(),
                running: [],
                goroutines: [],
                lines: [line]
            };
            this.add(found, 'timeout');
            return;
        }
        if (line.startsWith('panic: ') || line.startsWith('fatal error: ')) {
            const fatal = line.startsWith('fatal error: ');
            const found = {
                type: 'panic',
                message: line.slice(fatal ? 'fatal error: '.length : 'panic: '.length),
                fatal,
                lines: [line],
                frames: []
            };
            this.add(found, 'panic');
            return;
        }
        if (line === 'WARNING: DATA RACE') {
            this.add({ type: 'race', lines: [line], frames: [], accesses: [] }, 'race');
            return;
        }
        if (RACE_IN_TEST.test(line)) {
            this.add({ type: 'race-in-test' }, 'none');
            return;
        }
        if (line.startsWith('testing: race detected outside of test execution')) {
            this.add({ type: 'race-outside' }, 'none');
            return;
        }
        if (line === 'got:') {
            this.add({ type: 'example', lines: [line] }, 'example');
            return;
        }
        const marked = outputType === 'error';
        const m = marked
            ? MARKED_ASSERTION.exec(line)
            : outputType === undefined && !this.typed
                ? ASSERTION.exec(line)
                : null;
        if (m) {
            const offset = marked ? 0 : 1;
            this.indent = marked ? 0 : m[1].length;
            const found = {
                type: 'assertion',
                file: m[1 + offset],
                line: Number(m[2 + offset]),
                lines: [m[3 + offset]],
                marked
            };
            this.add(found, 'assertion');
        }
    }
    continuesAssertion(line, outputType) {
        if (outputType !== undefined || this.typed)
            return outputType === 'error-continue';
        // Continuation lines of a multi-line message are indented deeper than its first line.
        if (line.length <= this.indent || FRAMING.test(line))
            return false;
        let spaces = 0;
        while (spaces < line.length && (line[spaces] === ' ' || line[spaces] === '\t'))
            spaces++;
        return spaces > this.indent;
    }
    feedTimeout(line) {
        const found = this.current;
        const state = goroutineState(line);
        if (state !== null) {
            this.closeBlock();
            this.block = [line];
            this.blockState = state;
            return;
        }
        if (this.block) {
            if (line.trim() === '')
                this.closeBlock();
            else if (this.block.length < MAX_GOROUTINE_LINES)
                this.block.push(line);
            return;
        }
        if (found.lines.length < 50)
            found.lines.push(line);
        const running = RUNNING_TEST.exec(line);
        if (running)
            found.running.push(running[1]);
    }
    closeBlock() {
        if (!this.block)
            return;
        const found = this.current;
        const frames = parseFrames(this.block);
        const prefix = `${this.packagePath}.`;
        if (found.goroutines.length < MAX_KEPT_GOROUTINES &&
            frames.some((frame) => frame.func.startsWith(prefix))) {
            found.goroutines.push({ header: this.block[0], state: this.blockState, frames });
        }
        this.block = null;
    }
}
/** The two accesses of a race report, each with its stack (up to the blank line after it). */
function parseRaceAccesses(lines) {
    const accesses = [];
    for (let i = 0; i < lines.length && accesses.length < 2; i++) {
        const m = RACE_ACCESS.exec(lines[i]);
        if (!m)
            continue;
        let end = i + 1;
        while (end < lines.length && lines[end].trim() !== '' && !RACE_ACCESS.test(lines[end]))
            end++;
        accesses.push({
            what: m[2].toLowerCase(),
            previous: m[1] !== undefined,
            goroutine: m[3],
            frames: parseFrames(lines.slice(i + 1, end))
        });
        i = end - 1;
    }
    return accesses;
}
/** Frames of the first goroutine in a panic's traceback. */
function firstGoroutineFrames(lines) {
    let start = -1;
    let end = lines.length;
    for (let i = 0; i < lines.length; i++) {
        if (goroutineState(lines[i]) !== null) {
            if (start < 0)
                start = i;
            else {
                end = i;
                break;
            }
        }
    }
    return start < 0 ? parseFrames(lines) : parseFrames(lines.slice(start, end));
}

;// CONCATENATED MODULE: ./src/gotest/lines.ts
// The reader's bounds on what a test prints: the longest line kept, and the first and last lines
// of a test's output. (The reader splits its input with text/lines.ts's LineSplitter.)
/**
 * Longest line kept whole, in UTF-16 code units (a JavaScript string's length);
 * the rest of a longer line is dropped (test2json never writes one).
 */
const MAX_LINE_BYTES = 1 << 20;
/**
 * Keeps the first `head` and the last `tail` lines of a sequence, counting the
 * ones dropped in between, so memory stays bounded however much a test prints.
 */
class BoundedLines {
    head;
    tail;
    first = [];
    last = [];
    lastStart = 0;
    dropped = 0;
    constructor(head = 200, tail = 300) {
        this.head = head;
        this.tail = tail;
    }
    push(line) {
        if (this.tail === 0 && this.first.length >= this.head) {
            this.dropped++;
            return;
        }
        if (this.first.length < this.head) {
            this.first.push(line);
            return;
        }
        if (this.last.length - this.lastStart >= this.tail) {
            this.lastStart++;
            this.dropped++;
            // Compact now and then instead of shifting on every line.
            if (this.lastStart > this.tail) {
                this.last = this.last.slice(this.lastStart);
                this.lastStart = 0;
            }
        }
        this.last.push(line);
    }
    get length() {
        return this.first.length + this.last.length - this.lastStart;
    }
    /** The kept lines, with a marker where lines were dropped. */
    lines() {
        const tail = this.last.slice(this.lastStart);
        if (this.dropped === 0)
            return [...this.first, ...tail];
        return [...this.first, `… ${this.dropped} lines not kept …`, ...tail];
    }
}

;// CONCATENATED MODULE: ./src/gotest/collect.ts



/** Where events that name no package go. */
const UNNAMED_PACKAGE = '(no package)';
/** Failed tests kept with output and signals; past this only names and the first signal are kept. */
const MAX_DETAILED_FAILURES = 200;
/** Failed tests kept at all; past this they are only counted. Memory must not follow the log. */
const MAX_KEPT_FAILURES = 2000;
/** Failed packages kept with their output; past this they are counted, not explained. */
const MAX_DETAILED_PACKAGES = 500;
/** Passing packages kept for the package table; past this only their names are kept. */
const MAX_KEPT_PASSING_PACKAGES = 500;
const MAX_BUILD_LINES = 400;
/** Build records kept with their output; past this a record keeps its first lines only. */
const MAX_DETAILED_BUILDS = 500;
const UNDETAILED_BUILD_LINES = 3;
const TAIL_LINES = 60;
/** Toolchain evidence kept per package from tests that did not fail. */
const MAX_PASSED_EVIDENCE = 20;
// go test's verdict line for a package, and the race detector's exit report.
const PACKAGE_FAIL_LINE = /^FAIL\t(\S+)(?:\t| \[|$)/;
const RACES_FOUND = /^Found \d+ data race\(s\)$/;
class TestRunCollector {
    hooks;
    packages = new Map();
    builds = new Map();
    rawLines = new BoundedLines(100, 200);
    tailRing = [];
    tailNext = 0;
    seq = 0;
    detailed = 0;
    undetailed = 0;
    failedPackages = 0;
    undetailedPackages = 0;
    keptPassing = 0;
    omitted = new Map();
    totals = { passed: 0, failed: 0, skipped: 0 };
    events = 0;
    /** Pre-1.24 build errors arrive on stderr under a `# pkg` header. */
    stderrBuild = null;
    constructor(hooks = {}) {
        this.hooks = hooks;
    }
    /**
     * A line of stdout that did not parse as an event, or any line of stderr. Go
     * before 1.24 (or GODEBUG=gotestjsonbuildtext=1) prints build errors as text on
     * stderr; a saved `2>&1` stream has them between the events, in any order.
     */
    addRawLine(line, _source) {
        this.remember(line);
        this.rawLines.push(line);
        this.addTextBuildLine(line);
    }
    addEvent(event) {
        this.events++;
        switch (event.Action) {
            case 'build-output':
                this.addBuildOutput(event);
                return;
            case 'build-fail':
                this.build(event.ImportPath ?? '').failed = true;
                return;
        }
        // An event that names no package still belongs to the run: never drop a fail.
        const pkg = this.pkg(event.Package ?? UNNAMED_PACKAGE);
        if (event.Test === undefined) {
            this.addPackageEvent(pkg, event);
            return;
        }
        this.addTestEvent(pkg, event.Test, event);
    }
    /**
     * Ends the stream: packages still running failed (killed, timed out, cut short).
     * When the run was stopped on purpose (fail-fast), they did not run instead.
     */
    finish(stoppedOnPurpose = false) {
        const incomplete = [];
        for (const pkg of this.packages.values()) {
            // A package that printed its result (`PASS`, `ok`, `FAIL`) before go-gate stopped the run finished.
            if (stoppedOnPurpose && pkg.status === 'running' && pkg.printedResult !== undefined)
                this.endPackage(pkg, pkg.printedResult);
            if (pkg.status === 'running') {
                incomplete.push(pkg.importPath);
                pkg.cutShort = true;
                if (!stoppedOnPurpose)
                    this.endPackage(pkg, 'fail');
            }
        }
        const counts = { ...this.totals };
        const tail = [...this.tailRing.slice(this.tailNext), ...this.tailRing.slice(0, this.tailNext)];
        return {
            packages: this.packages,
            builds: this.builds,
            rawLines: this.rawLines,
            tail,
            undetailedFailures: this.undetailed,
            undetailedPackages: this.undetailedPackages,
            omittedPackages: this.omitted,
            incomplete,
            counts,
            events: this.events
        };
    }
    remember(line) {
        if (this.tailRing.length < TAIL_LINES)
            this.tailRing.push(line);
        else {
            this.tailRing[this.tailNext] = line;
            this.tailNext = (this.tailNext + 1) % TAIL_LINES;
        }
    }
    pkg(importPath) {
        let pkg = this.packages.get(importPath);
        if (!pkg) {
            pkg = {
                importPath,
                status: 'running',
                cached: false,
                noTestFiles: false,
                counts: { passed: 0, failed: 0, skipped: 0 },
                tests: new Map(),
                failed: [],
                output: new BoundedLines(100, 200),
                analyzer: new OutputAnalyzer(importPath),
                pending: '',
                seq: 0,
                ended: new Map(),
                passedEvidence: [],
                cutShort: false,
                startedTests: new Set()
            };
            // A late event for a passing package that was let go: it ended already.
            const ended = this.omitted.get(importPath);
            if (ended !== undefined) {
                pkg.status = ended;
                pkg.compacted = ended === 'fail';
            }
            this.packages.set(importPath, pkg);
        }
        return pkg;
    }
    build(key) {
        let build = this.builds.get(key);
        if (!build) {
            const cap = this.builds.size < MAX_DETAILED_BUILDS ? MAX_BUILD_LINES : UNDETAILED_BUILD_LINES;
            build = { key, lines: [], cap, failed: false, seq: ++this.seq };
            this.builds.set(key, build);
        }
        return build;
    }
    addBuildOutput(event) {
        const build = this.build(event.ImportPath ?? '');
        for (const line of splitOutput(event.Output ?? '')) {
            this.remember(line);
            if (build.lines.length < build.cap)
                build.lines.push(line);
        }
    }
    addTextBuildLine(line) {
        if (line.startsWith('# ')) {
            const key = line.slice(2).trim();
            // `# [pkg]` follows `# pkg` when vet reports; keep it in the same record.
            if (this.stderrBuild && key === `[${this.stderrBuild.key.split(' ')[0]}]`) {
                this.stderrBuild.lines.push(line);
                return;
            }
            this.stderrBuild = this.build(key);
            this.stderrBuild.lines.push(line);
            return;
        }
        if (!this.stderrBuild)
            return;
        if (this.stderrBuild.lines.length < this.stderrBuild.cap)
            this.stderrBuild.lines.push(line);
        // A compiler message under a `# pkg` header is a failed build, even when no package event names it.
        if (!this.stderrBuild.failed && COMPILER_MESSAGE.test(line))
            this.stderrBuild.failed = true;
    }
    addPackageEvent(pkg, event) {
        switch (event.Action) {
            case 'output':
                pkg.pending = this.feedOutput(pkg.pending, event.Output ?? '', event.OutputType, (line, type) => this.packageLine(pkg, line, type));
                return;
            case 'pass':
            case 'fail':
            case 'skip':
                if (event.Elapsed !== undefined)
                    pkg.elapsed = event.Elapsed;
                if (event.FailedBuild !== undefined)
                    pkg.failedBuild = event.FailedBuild;
                if (pkg.status === 'running')
                    this.endPackage(pkg, event.Action);
                // A second, contradicting end: a failure always wins over a pass or skip.
                else if (event.Action === 'fail')
                    this.refail(pkg);
                return;
            default:
                return; // start, and actions this reader does not know
        }
    }
    /** A line of the package's own output (no Test field), or a late line of a test that ended (`own` false). */
    packageLine(pkg, line, outputType, own = true) {
        this.remember(line);
        // Output after a package ended explains nothing new; keep memory flat.
        if (pkg.status !== 'running')
            return;
        pkg.output.push(line);
        if (own && (line.startsWith('FAIL\t') || line.startsWith('ok  \t') || line.startsWith('?   \t'))) {
            if (line.endsWith('[build failed]'))
                pkg.buildFailure = 'build failed';
            else if (line.endsWith('[setup failed]'))
                pkg.buildFailure = 'setup failed';
            if (line.includes('(cached)'))
                pkg.cached = true;
            if (line.includes('[no test files]'))
                pkg.noTestFiles = true;
            if (line.startsWith('ok  \t'))
                pkg.printedResult = 'pass';
            else if (line.startsWith('FAIL\t'))
                pkg.printedResult = 'fail';
            const failLine = PACKAGE_FAIL_LINE.exec(line);
            if (failLine && (failLine[1] === pkg.importPath || pkg.importPath === UNNAMED_PACKAGE))
                pkg.proof ??= line;
        }
        else if (own && RACES_FOUND.test(line))
            pkg.proof ??= line;
        // The test binary's own last word (`PASS`/`FAIL`): its tests are over, whatever comes next.
        if (line === 'PASS')
            pkg.printedResult ??= 'pass';
        else if (line === 'FAIL')
            pkg.printedResult ??= 'fail';
        const coverage = /coverage: (\d+(?:\.\d+)?)% of statements/.exec(line);
        if (coverage)
            pkg.coverage = coverage[1];
        pkg.analyzer.feed(line, outputType);
    }
    addTestEvent(pkg, name, event) {
        pkg.startedTests?.add(rootTest(name));
        let test = pkg.tests.get(name);
        if (!test) {
            const endedAs = pkg.ended?.get(name);
            if (event.Action === 'run') {
                // -count=N runs a test again after it ended.
                if (endedAs !== undefined)
                    pkg.ended?.delete(name);
            }
            else if (endedAs !== undefined) {
                switch (event.Action) {
                    case 'output':
                        // A goroutine still logging, or framing printed late: the test ended, the package owns the line.
                        pkg.pending = this.feedOutput(pkg.pending, event.Output ?? '', event.OutputType, (line, type) => this.packageLine(pkg, line, type, false));
                        return;
                    case 'fail':
                        // A failure always wins: the test ended well before, it did not after all.
                        pkg.ended?.delete(name);
                        if (endedAs !== 'benchmarked')
                            this.uncount(pkg, endedAs);
                        break;
                    default:
                        return; // a second pass, skip or bench of the same run
                }
            }
            if (event.Action === 'output' ||
                event.Action === 'run' ||
                event.Action === 'attr' ||
                event.Action === 'fail') {
                test = {
                    name,
                    status: 'run',
                    seq: 0,
                    unfinished: false,
                    output: new BoundedLines(100, 300),
                    evidence: [],
                    analyzer: new OutputAnalyzer(pkg.importPath),
                    pending: ''
                };
                pkg.tests.set(name, test);
            }
            else if (event.Action === 'pass' || event.Action === 'skip') {
                // A terminal event for a test we never saw run still counts.
                this.count(pkg, event.Action === 'pass' ? 'passed' : 'skipped');
                pkg.ended?.set(name, event.Action === 'pass' ? 'passed' : 'skipped');
                return;
            }
            else {
                return;
            }
        }
        switch (event.Action) {
            case 'output':
                test.pending = this.feedOutput(test.pending, event.Output ?? '', event.OutputType, (line, type) => {
                    this.remember(line);
                    test.output?.push(line);
                    test.analyzer?.feed(line, type);
                });
                return;
            case 'attr':
                if (event.Key !== undefined) {
                    test.attrs ??= {};
                    test.attrs[event.Key] = event.Value ?? '';
                }
                return;
            case 'pass':
            case 'skip':
            case 'bench':
                if (test.status !== 'run')
                    return; // duplicate or contradictory terminal event: the first one stands
                if (event.Action !== 'bench')
                    this.count(pkg, event.Action === 'pass' ? 'passed' : 'skipped');
                this.endWithoutFailure(pkg, test, event.Action === 'pass' ? 'passed' : event.Action === 'skip' ? 'skipped' : 'benchmarked');
                return;
            case 'fail':
                if (test.status !== 'run')
                    return;
                test.elapsed = event.Elapsed;
                this.failTest(pkg, test, false);
                return;
            default:
                return; // run, pause, cont and unknown actions
        }
    }
    /**
     * A test that passed, was skipped or reported as a benchmark: its output is let
     * go, except what only the toolchain prints (a timeout, a panic, a race report),
     * which may explain its package if the package fails.
     */
    endWithoutFailure(pkg, test, how) {
        if (test.pending !== '') {
            test.analyzer?.feed(test.pending);
            test.pending = '';
        }
        if (test.analyzer) {
            test.analyzer.finish();
            for (const evidence of test.analyzer.evidence) {
                if (pkg.passedEvidence.length >= MAX_PASSED_EVIDENCE)
                    break;
                if (isToolchainEvidence(evidence, pkg.importPath))
                    pkg.passedEvidence.push({ test: test.name, evidence });
            }
        }
        pkg.tests.delete(test.name);
        pkg.ended?.set(test.name, how);
    }
    /** A package that had ended reports a failure after all. */
    refail(pkg) {
        if (pkg.status === 'fail')
            return;
        pkg.status = 'fail';
        pkg.seq = ++this.seq;
        this.hooks.onPackageEnd?.(pkg);
    }
    count(pkg, kind) {
        pkg.counts[kind]++;
        this.totals[kind]++;
    }
    uncount(pkg, kind) {
        if (pkg.counts[kind] > 0)
            pkg.counts[kind]--;
        if (this.totals[kind] > 0)
            this.totals[kind]--;
    }
    failTest(pkg, test, unfinished) {
        if (test.pending !== '') {
            const rest = test.pending;
            test.pending = '';
            test.output?.push(rest);
            test.analyzer?.feed(rest);
        }
        test.status = 'fail';
        test.unfinished = unfinished;
        test.seq = ++this.seq;
        this.count(pkg, 'failed');
        if (this.detailed >= MAX_KEPT_FAILURES) {
            // Far over budget: counted, and kept only as a name until its package ends.
            test.output = null;
            test.analyzer = null;
            test.evidence = [];
            this.undetailed++;
            if (pkg.status !== 'running') {
                pkg.tests.delete(test.name);
                this.refail(pkg);
            }
            return;
        }
        pkg.failed.push(test);
        if (pkg.status !== 'running') {
            // The package already ended (events out of order): settle the test now, and the package failed.
            test.analyzer?.finish();
            test.evidence = test.analyzer?.evidence ?? test.evidence;
            test.analyzer = null;
            pkg.tests.delete(test.name);
            this.refail(pkg);
        }
        if (this.detailed >= MAX_DETAILED_FAILURES) {
            // Over budget: keep the name and the first evidence, drop the output.
            test.analyzer?.finish();
            test.evidence = (test.analyzer?.evidence ?? []).slice(0, 1);
            test.output = null;
            test.analyzer = null;
            this.undetailed++;
        }
        this.detailed++;
    }
    endPackage(pkg, action) {
        if (pkg.status !== 'running')
            return;
        if (pkg.pending !== '') {
            this.packageLine(pkg, pkg.pending);
            pkg.pending = '';
        }
        // Tests with no terminal event died with the binary (panic, timeout, os.Exit),
        // except benchmarks (they never pass, they report) and subtests of a test that
        // passed (golang/go#40771: their end events can go missing).
        for (const test of [...pkg.tests.values()]) {
            if (test.status !== 'run')
                continue;
            if (isBenchmark(test.name) || pkg.ended?.get(rootTest(test.name)) === 'passed')
                this.endWithoutFailure(pkg, test, 'benchmarked');
            else
                this.failTest(pkg, test, true);
        }
        for (const test of pkg.failed) {
            if (test.analyzer) {
                test.analyzer.finish();
                test.evidence = test.analyzer.evidence;
                test.analyzer = null;
            }
        }
        pkg.analyzer.finish();
        pkg.tests.clear();
        pkg.ended = null;
        // The verdict rule (see the top of this file): a failed test or the package's own proof outvotes a pass.
        pkg.status = pkg.counts.failed > 0 || pkg.proof !== undefined ? 'fail' : action;
        if (pkg.status === 'fail')
            pkg.passedEvidence = explainingPassedEvidence(pkg);
        if (action === 'skip' && pkg.output.lines().some((line) => line.includes('[no test files]')))
            pkg.noTestFiles = true;
        pkg.seq = ++this.seq;
        this.hooks.onPackageEnd?.(pkg);
        this.settle(pkg);
    }
    /** Lets go of what an ended package no longer needs, within the package budgets. */
    settle(pkg) {
        if (pkg.status === 'fail') {
            this.failedPackages++;
            if (this.failedPackages <= MAX_DETAILED_PACKAGES)
                return;
            // Over budget: counted, remembered by name as failed, not explained.
            this.undetailedPackages++;
            this.packages.delete(pkg.importPath);
            this.omitted.set(pkg.importPath, 'fail');
            return;
        }
        // A package that passed explains nothing: keep its counts, not its output.
        pkg.output = EMPTY_LINES;
        pkg.startedTests = undefined;
        pkg.analyzer = new OutputAnalyzer(pkg.importPath);
        pkg.passedEvidence = [];
        this.keptPassing++;
        if (this.keptPassing > MAX_KEPT_PASSING_PACKAGES) {
            this.packages.delete(pkg.importPath);
            this.omitted.set(pkg.importPath, pkg.status);
        }
    }
    /** Joins output fragments until a newline; -json splits lines over 1 KiB. */
    feedOutput(pending, output, outputType, onLine) {
        let text = pending + output;
        let newline = text.indexOf('\n');
        while (newline >= 0) {
            onLine(text.slice(0, newline), outputType);
            text = text.slice(newline + 1);
            newline = text.indexOf('\n');
        }
        // A fragment with no newline yet waits for the rest; cap it like a line.
        return cutText(text, MAX_LINE_BYTES);
    }
}
/** True when the race detector itself says a race happened in the package: a test or the binary failed for it. */
function raceConfirmed(pkg) {
    const isRace = (e) => e.type === 'race' || e.type === 'race-in-test' || e.type === 'race-outside';
    return (pkg.failed.some((t) => t.evidence.some(isRace) || (t.analyzer?.evidence.some(isRace) ?? false)) ||
        pkg.analyzer.evidence.some(isRace) ||
        RACES_FOUND.test(pkg.proof ?? ''));
}
/**
 * What a failed package keeps of its passing tests' evidence: what can explain it.
 * Race reports when the race detector confirmed a race; a timeout or a panic only
 * when no test failed (else the failed tests explain the package).
 */
function explainingPassedEvidence(pkg) {
    if (pkg.passedEvidence.length === 0)
        return pkg.passedEvidence;
    const races = raceConfirmed(pkg);
    return pkg.passedEvidence.filter((p) => (p.evidence.type === 'race' ? races : pkg.failed.length === 0));
}
function rootTest(name) {
    const slash = name.indexOf('/');
    return slash < 0 ? name : name.slice(0, slash);
}
function isBenchmark(name) {
    return name.startsWith('Benchmark');
}
// `./x.go:3:14: message` or `pkg/x.go:3: message`: what makes a `# pkg` section a failed build.
const COMPILER_MESSAGE = /^\S[^:]*\.go:\d+(?::\d+)?: /;
/** The output of a package that was let go; it keeps nothing. */
const EMPTY_LINES = new BoundedLines(0, 0);
function splitOutput(output) {
    const lines = output.split('\n');
    if (lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}

;// CONCATENATED MODULE: ./src/gotest/event.ts
// One test2json event. Every field is optional but Action; unknown actions and
// fields are tolerated, wrongly typed fields are dropped rather than trusted.
const STRING_FIELDS = [
    'Time',
    'Package',
    'Test',
    'Output',
    'FailedBuild',
    'ImportPath',
    'OutputType',
    'Key',
    'Value'
];
/** Parses one stdout line; null when the line is not a test2json event. */
function parseTestEvent(line) {
    const start = line.indexOf('{');
    if (start < 0 || start > 3)
        return null;
    let value;
    try {
        value = JSON.parse(start === 0 ? line : line.slice(start));
    }
    catch {
        return null;
    }
    if (value === null || typeof value !== 'object' || Array.isArray(value))
        return null;
    const record = value;
    if (typeof record.Action !== 'string' || record.Action === '')
        return null;
    const event = { Action: record.Action };
    for (const field of STRING_FIELDS) {
        const v = record[field];
        if (typeof v === 'string')
            event[field] = v;
    }
    if (typeof record.Elapsed === 'number' && Number.isFinite(record.Elapsed))
        event.Elapsed = record.Elapsed;
    return event;
}

;// CONCATENATED MODULE: ./src/gotest/reader.ts
// src/gotest/ owns the reader of `go test -json`: events parsed as they stream (event, lines,
// reader), folded into a run model (collect), each failed test's output read for what explains
// it (analyze, stack), failures located in the repository (locate), classified and ordered
// (explain), and a finished run turned into a StageResult (stage-result). No file or process
// I/O: the pipeline feeds it bytes and a source index; the unit tests feed it recorded streams.
//
// The streaming entry of the reader: bytes in (stdout and stderr of `go test
// -json`, or a saved stream), a TestRun out. Nothing holds the whole log.




class TestJsonReader {
    collector;
    stdout;
    stderr;
    constructor(hooks = {}) {
        this.collector = new TestRunCollector(hooks);
        this.stdout = new LineSplitter((line) => {
            const event = parseTestEvent(line);
            if (event) {
                if (hooks.onOutput && event.Output !== undefined)
                    hooks.onOutput(event.Output);
                hooks.onEvent?.(event);
                this.collector.addEvent(event);
            }
            else if (line !== '') {
                hooks.onRawLine?.(line, 'stdout');
                this.collector.addRawLine(line, 'stdout');
            }
        }, { maxLineChars: MAX_LINE_BYTES });
        this.stderr = new LineSplitter((line) => {
            hooks.onRawLine?.(line, 'stderr');
            this.collector.addRawLine(line, 'stderr');
        }, { maxLineChars: MAX_LINE_BYTES });
    }
    pushStdout(chunk) {
        this.stdout.push(chunk);
    }
    pushStderr(chunk) {
        this.stderr.push(chunk);
    }
    finish(stoppedOnPurpose = false) {
        this.stdout.end();
        this.stderr.end();
        return this.collector.finish(stoppedOnPurpose);
    }
}
/** Reads a whole saved stream (stdout of `go test -json`, possibly with stderr mixed in). */
async function readTestStream(input, hooks) {
    const reader = new TestJsonReader(hooks);
    for await (const chunk of input)
        reader.pushStdout(chunk);
    return reader.finish();
}

;// CONCATENATED MODULE: ./src/gotest/excerpt.ts
// The lines of output a failure shows (its message, the annotation's text): the
// lines that say something, with paths a reader can use. Absolute runner paths
// become repository-relative, Go's own files are shortened to `testing/testing.go`,
// and stack noise (`+0x1d` offsets, argument words, goroutine addresses) goes.

// An absolute path to a source file, with its line: `/home/u/m/x_test.go:12`.
const ABSOLUTE_SOURCE = /(?<![\w.~-])\/[^\s:()]+\.(?:go|s|c|h)(?=:\d+|\b)/g;
const PC_OFFSET = / \+0x[0-9a-f]+$/;
const ADDRESS = /\b0x[0-9a-f]{6,}\b/g;
const RACE_ADDRESS = / at 0x[0-9a-f]+ by /;
const GOROUTINE_EXTRA = /^(goroutine \d+) gp=\S+ m=\S+ (?:mp=\S+ )?/;
/**
 * A path a reader can use: repository-relative inside the repository; for Go's
 * own sources and the module cache, the part after `/src/` or `/pkg/mod/`.
 */
function shortPath(file, resolver) {
    const inside = resolver.fromAbsolute(file);
    if (inside !== undefined)
        return inside;
    const normal = file.split('\\').join('/');
    const mod = normal.lastIndexOf('/pkg/mod/');
    if (mod >= 0)
        return normal.slice(mod + '/pkg/mod/'.length);
    const src = normal.lastIndexOf('/src/');
    if (src >= 0)
        return normal.slice(src + '/src/'.length);
    return normal.startsWith('/') ? normal.slice(normal.lastIndexOf('/') + 1) : normal;
}
/** `pkg.Func` then its shortened `\tfile:line`, as a stack shows a frame. */
function frameText(frame, resolver) {
    return `${frame.func}\n\t${shortPath(frame.file, resolver)}:${frame.line}`;
}
/** A line of test output with its absolute source paths made short. */
function tidyLine(line, resolver) {
    if (!line.includes('/'))
        return line;
    return line.replace(ABSOLUTE_SOURCE, (file) => shortPath(file, resolver));
}
/** A line of a stack trace, race report or goroutine dump, without addresses and offsets. */
function tidyStackLine(line, resolver) {
    let text = tidyLine(line, resolver).replace(PC_OFFSET, '').replace(GOROUTINE_EXTRA, '$1 ');
    text = text.replace(RACE_ADDRESS, ' by ');
    // Arguments of a frame (`pkg.F(0xc000012345, {0x5be88c?, 0x4})`) say nothing to a reader.
    if (/\)\s*$/.test(text) && text.includes('(0x'))
        text = text.replace(/\((?:0x|\{)[^)]*\)\s*$/, '(...)');
    return text.replace(ADDRESS, '0x…');
}
/** The output lines worth showing: no framing, no blank lines at the ends, short paths. */
function excerpt(lines, resolver) {
    const kept = lines.filter((line) => !FRAMING.test(line)).map((line) => tidyLine(line, resolver));
    while (kept.length > 0 && kept[0].trim() === '')
        kept.shift();
    while (kept.length > 0 && kept[kept.length - 1].trim() === '')
        kept.pop();
    return kept;
}

;// CONCATENATED MODULE: ./src/gomod/errors.ts
// Errors of `go mod download`, `go mod verify` and `go mod tidy`: which module
// they are about, and whether trying again could help.

/** Network trouble that may pass: worth another try. */
const TRANSIENT = [
    /dial tcp/,
    /connection (?:refused|reset|timed out)/,
    /i\/o timeout/,
    /TLS handshake timeout/,
    /no such host/,
    /temporary failure in name resolution/i,
    /network is unreachable/,
    /server misbehaving/,
    /unexpected EOF/,
    /timeout awaiting response headers/,
    /context deadline exceeded/,
    /: 5\d\d [A-Z]/,
    /: 429 Too Many Requests/,
    /stream error|http2: /
];
/** Answers that will be the same next time: the module or version does not exist, or is refused. */
const PERMANENT = [
    /: 40[0-9] [A-Z]/,
    /: 410 Gone/,
    /unknown revision/,
    /invalid version/,
    /not found/,
    /checksum mismatch/,
    /SECURITY ERROR/,
    /module lookup disabled/,
    /missing go\.sum entry/,
    /does not contain package/,
    /malformed/,
    /replacement directory .* does not exist/,
    /no matching versions/,
    /go\.mod:\d+/
];
/** True when every error in the output is network trouble that may pass. */
function isTransientModuleError(output) {
    return TRANSIENT.some((p) => p.test(output)) && !PERMANENT.some((p) => p.test(output));
}
const MODULE_PATTERNS = [
    // go: example.com/m@v1.2.3 (replaced by ./m): reading ...
    [/^go: ([^\s@:]+@[^\s:]+)(?: \(replaced by [^)]*\))?: /, (m) => m[1]],
    // go mod verify: example.com/m v1.2.3: dir has been modified (...)
    [/^(\S+) (v\S+): (?:dir|zip|go\.mod) has been modified/, (m) => `${m[1]}@${m[2]}`],
    [
        /(?:cannot find module providing|no required module provides|missing go\.sum entry for module providing) package ([^\s;:)]+)/,
        (m) => m[1]
    ],
    // go: example.com/app imports\n\texample.com/m/pkg: <why>
    [/^\t([^\s:]+): /, (m) => m[1]]
];
/** Modules (module@version) or packages an error names, in order. */
function modulesInError(output) {
    const found = [];
    for (const line of splitLines(output)) {
        for (const [pattern, name] of MODULE_PATTERNS) {
            const m = pattern.exec(line);
            if (!m)
                continue;
            const value = name(m);
            if (!found.includes(value))
                found.push(value);
            break;
        }
    }
    return found;
}
/** The lines of go's output that are errors (not `go: downloading` progress). */
function errorLines(output) {
    return splitLines(output).filter((l) => l.trim() !== '' && !/^go: (?:downloading|finding module|found) /.test(l));
}
/** Messages of the go command that mean a module or package cannot be had. */
const DEPENDENCY = [
    /no required module provides package/,
    /cannot find module providing package/,
    /missing go\.sum entry/,
    /found, but does not contain package/,
    /is not in std/,
    /cannot find package/,
    /unknown revision/,
    /checksum mismatch/,
    /reading .*: (?:404|410)/,
    /invalid version:/,
    /module lookup disabled/,
    /updates to go\.mod needed/,
    /dial tcp/
];
/** Messages of the go command that mean this Go cannot do what was asked. */
const TOOLCHAIN = [
    /requires go >= /,
    /GOTOOLCHAIN|toolchain not available/,
    /-race requires cgo|-race is not supported/,
    /cgo: C compiler .* not found/,
    /exec: "?(gcc|clang|cc)"?: executable file not found/
];
/** True when go's output says the Go that runs cannot do it (kind toolchain). */
function isToolchainError(output) {
    return TOOLCHAIN.some((p) => p.test(output));
}
/** True when go's output says a module or package cannot be had (kind dependency). */
function isDependencyError(output) {
    return DEPENDENCY.some((p) => p.test(output));
}

;// CONCATENATED MODULE: ./src/model/report.ts
// src/model/ owns the data every layer shares, at the bottom of the program: the run model
// (Failure, StageResult, RunReport, the root-cause kinds) in report.ts and the coverage report
// types in coverage.ts, sharding's records in shard.ts. Plain types and constants; it imports nothing from outside this folder.
//
// The one model of a run, at the bottom of the program: stages produce StageResults,
// the pipeline folds them into a RunReport, every reporter reads it. Imports nothing.
/** The fixed list of root-cause kinds; also the values of the `root-cause-kind` output. */
const report_ROOT_CAUSE_KINDS = (/* unused pure expression or super */ null && ([
    'invalid-input',
    'toolchain',
    'dependency',
    'mod-tidy',
    'lint',
    'compile-error',
    'vet-error',
    'test-failure',
    'panic',
    'data-race',
    'timeout',
    'package-failure',
    'coverage-below-threshold',
    'build-error',
    'cancelled',
    'internal-error'
]));
/**
 * The explaining order of kinds, lowest first: when one run fails several ways, the
 * earlier kind explains the later ones (a toolchain that cannot run breaks everything,
 * a missing module breaks the compile, a compile error fails the tests, a race or a
 * failing test comes before a binary that merely exited non-zero). Equal ranks keep
 * the order the failures happened in.
 */
const EXPLAINING_RANK = {
    'invalid-input': 0,
    toolchain: 0,
    dependency: 1,
    'compile-error': 2,
    'vet-error': 3,
    'data-race': 4,
    'test-failure': 5,
    panic: 5,
    timeout: 5,
    'mod-tidy': 5,
    'coverage-below-threshold': 5,
    'build-error': 5,
    cancelled: 5,
    'internal-error': 5,
    'package-failure': 6,
    lint: 7
};
/** Stages in pipeline order. */
const report_STAGE_NAMES = ['tidy', 'lint', 'unit', 'integration', 'build'];

;// CONCATENATED MODULE: ./src/gotest/assertion.ts
const FAILURE_WORDS = /\b(?:want|wanted|got|expected|expect|fail(?:ed|ure)?|mismatch|unexpected|should|must|not equal|differ)\b|!=/i;
const LOG_CALL = /\.(?:Log|Logf)\(/;
const FAIL_CALL = /\.(?:Error|Errorf|Fatal|Fatalf|Fail|FailNow|Skip)\(|\b(?:assert|require)\./;
// `        \tError:      \tNot equal: ` and its continuation `        \t            \texpected: 3`
const TESTIFY_LINE = /^\s*\t([A-Za-z ]*?):?\s*\t(.*)$/;
/** testify's labelled blocks, or null when the assertion is not testify's. */
function testifyBlocks(lines) {
    const blocks = [];
    for (const line of lines) {
        const m = TESTIFY_LINE.exec(line);
        if (!m) {
            if (blocks.length === 0)
                continue;
            blocks[blocks.length - 1].lines.push(line.trim());
            continue;
        }
        if (m[1] !== '')
            blocks.push({ label: m[1], lines: [m[2].trimEnd()] });
        else if (blocks.length > 0)
            blocks[blocks.length - 1].lines.push(m[2].trimEnd());
    }
    return blocks.some((b) => b.label === 'Error') ? blocks : null;
}
/** `Not equal: `, `expected: 3`, `actual  : 6` → `Not equal: expected: 3, actual: 6`. */
function joinBlock(lines) {
    let text = '';
    for (const raw of lines) {
        const line = raw.trim().replace(/\s+:/g, ':').replace(/\s+/g, ' ');
        if (line === '')
            continue;
        text = text === '' ? line : /:$/.test(text) ? `${text} ${line}` : `${text}, ${line}`;
    }
    return text;
}
/** What an assertion says: testify's Error and Messages, else its own first line. */
function assertionText(assertion) {
    const where = `${assertion.file}:${assertion.line}`;
    const blocks = testifyBlocks(assertion.lines.slice(1));
    if (!blocks) {
        const first = assertion.lines[0] ?? '';
        return { headline: first.trim(), lines: [`${where}: ${first}`, ...assertion.lines.slice(1)] };
    }
    const error = joinBlock(blocks.find((b) => b.label === 'Error')?.lines ?? []);
    const messages = joinBlock(blocks.find((b) => b.label === 'Messages')?.lines ?? []);
    const headline = messages !== '' ? `${error} (${messages})` : error;
    // Error Trace repeats the location with the runner's absolute path; Test repeats the name.
    const shown = blocks
        .filter((b) => b.label !== 'Error Trace' && b.label !== 'Test')
        .flatMap((b) => [`${b.label}: ${b.lines[0] ?? ''}`, ...b.lines.slice(1).map((l) => `  ${l}`)]);
    return { headline, lines: [`${where}: ${headline}`, ...shown] };
}
function isTestify(assertion) {
    return testifyBlocks(assertion.lines.slice(1)) !== null;
}
/**
 * The assertion that failed the test. Go 1.27 marks it. Before, a t.Log line
 * looks the same as a t.Error line, so read the source line when we can: a Log
 * call is not it, an Error/Fatal call is; a helper call (t.Helper) may be.
 * Without source, testify's blocks and failure words decide. Of assertions that
 * surely failed, the first is the one (the rest often follow from it); among
 * uncertain ones, the last (a test usually fails after it has logged).
 */
function pickAssertion(evidence, resolver, importPath) {
    const assertions = evidence.filter((s) => s.type === 'assertion');
    if (assertions.length === 0)
        return undefined;
    const marked = assertions.find((a) => a.marked);
    if (marked)
        return marked;
    let best;
    let bestScore = -1;
    for (const a of assertions) {
        const source = resolver.testLineText(importPath, a.file, a.line);
        let score;
        if (isTestify(a))
            score = 5;
        else if (source !== undefined && LOG_CALL.test(source) && !FAIL_CALL.test(source))
            score = 0;
        else if (source !== undefined && FAIL_CALL.test(source))
            score = 4;
        else
            score = FAILURE_WORDS.test(a.lines.join(' ')) ? 3 : 2;
        const sure = score >= 4;
        if (sure ? score > bestScore : score >= bestScore) {
            best = a;
            bestScore = score;
        }
    }
    return best;
}

;// CONCATENATED MODULE: ./src/gotest/explain.ts
// From the run model to failures: one per distinct cause, each with a kind and
// a location, ordered so the one that explains the others comes first.








/** Explains a finished test run. */
function explainTestRun(run, resolver, stage) {
    const ranked = [];
    const buildFailures = new Map();
    let unexplained = false;
    for (const pkg of run.packages.values()) {
        // Past the package budget a failed package is counted, not explained (the stage says so).
        if (pkg.status !== 'fail' || pkg.compacted)
            continue;
        const before = ranked.length;
        const build = findBuild(run, pkg);
        if (build || pkg.buildFailure) {
            const key = build?.key ?? `${pkg.importPath} [${pkg.buildFailure}]`;
            const existing = buildFailures.get(key);
            if (existing) {
                appendAffected(existing.failure, pkg.importPath);
            }
            else {
                const failure = explainBuild(pkg, build, resolver, stage, run);
                const entry = { failure, rank: EXPLAINING_RANK[failure.kind], seq: build?.seq ?? pkg.seq };
                buildFailures.set(key, entry);
                ranked.push(entry);
            }
            continue;
        }
        ranked.push(...explainPackage(pkg, resolver, stage));
        if (ranked.length === before)
            unexplained = true;
    }
    // Builds that failed without a package pointing at them (a build error in a
    // dependency that no test binary reported) still explain the run.
    for (const build of run.builds.values()) {
        if (!build.failed || buildFailures.has(build.key))
            continue;
        const failure = explainBuild(undefined, build, resolver, stage, run);
        const entry = { failure, rank: EXPLAINING_RANK[failure.kind], seq: build.seq };
        buildFailures.set(build.key, entry);
        ranked.push(entry);
    }
    ranked.sort((a, b) => a.rank - b.rank || a.seq - b.seq);
    return { failures: ranked.map((r) => r.failure), packages: packageResults(run), unexplained };
}
function findBuild(run, pkg) {
    if (pkg.failedBuild !== undefined) {
        const build = run.builds.get(pkg.failedBuild);
        if (build)
            return build;
    }
    if (!pkg.buildFailure)
        return undefined;
    // Before Go 1.24 the build output came on stderr under `# pkg` or `# pkg [pkg.test]`.
    for (const build of run.builds.values()) {
        const first = build.key.split(' ')[0];
        if (first === pkg.importPath || build.lines.some((line) => line === `# ${pkg.importPath}`))
            return build;
    }
    for (const build of run.builds.values())
        if (build.lines.some((l) => parseCompilerLine(l)))
            return build;
    return undefined;
}
function appendAffected(failure, importPath) {
    if (failure.package === importPath)
        return;
    const marker = 'Packages that failed because of it: ';
    const lines = failure.message.split('\n');
    const last = lines[lines.length - 1];
    if (last.startsWith(marker)) {
        if (last.split(', ').length < 20)
            lines[lines.length - 1] = `${last}, ${importPath}`;
    }
    else
        lines.push(`${marker}${importPath}`);
    failure.message = lines.join('\n');
}
function explainBuild(pkg, build, resolver, stage, run) {
    const lines = build?.lines ?? [];
    const header = lines.find((line) => line.startsWith('# ') && !line.startsWith('# ['));
    const buildPackage = header ? header.slice(2).split(' ')[0] : pkg?.importPath;
    const isVet = lines.some((line) => line.startsWith('# ['));
    const messages = lines.filter((line) => !line.startsWith('# '));
    const text = messages.join('\n');
    // `[setup failed]` is a missing module or package most of the time; "no Go files" and import cycles are not.
    const dependency = isDependencyError(text) || (pkg?.buildFailure === 'setup failed' && messages.length === 0);
    const kind = dependency ? 'dependency' : isVet ? 'vet-error' : 'compile-error';
    const located = firstCompilerMessage(messages, resolver);
    const location = located.location;
    const first = located.message?.message;
    const shown = messages.length > 0 ? messages : pkg ? pkg.output.lines() : run.rawLines.lines();
    const what = kind === 'dependency' ? 'cannot be set up' : kind === 'vet-error' ? 'fails vet' : 'does not compile';
    const affected = pkg && buildPackage && pkg.importPath !== buildPackage
        ? `\nPackages that failed because of it: ${pkg.importPath}`
        : '';
    return {
        kind,
        stage,
        severity: 'error',
        package: buildPackage,
        location,
        title: `${buildPackage ?? 'package'} ${what}: ${first ?? shown.find((l) => l.trim() !== '') ?? 'see the output'}`,
        message: shown.slice(0, MESSAGE_LINES).join('\n') + affected,
        output: shown
    };
}
/** Every failure of one failed package: what its evidence shows, then its failed tests, then the package itself. */
function explainPackage(pkg, resolver, stage) {
    const found = [];
    for (const test of pkg.failed)
        for (const evidence of test.evidence)
            found.push({ evidence, test });
    for (const evidence of pkg.analyzer.evidence)
        found.push({ evidence });
    // The race detector confirmed a race: the reports printed during tests that did not fail are its evidence.
    if (raceConfirmed(pkg))
        for (const p of pkg.passedEvidence)
            if (p.evidence.type === 'race')
                found.push({ evidence: p.evidence, printedBy: p.test });
    const out = [];
    const handled = explainToolchainEvidence(pkg, found, resolver, stage, out);
    const raceReported = out.some((r) => r.failure.kind === 'data-race');
    for (const test of pkg.failed) {
        if (handled.has(test))
            continue;
        const failure = explainTest(pkg, test, resolver, stage, raceReported);
        if (failure)
            out.push({ failure, rank: EXPLAINING_RANK[failure.kind], seq: test.seq });
    }
    if (found.some((f) => f.evidence.type === 'race-outside') && !raceReported) {
        out.push({
            failure: {
                kind: 'data-race',
                stage,
                severity: 'error',
                package: pkg.importPath,
                title: `${pkg.importPath}: race detected outside of test execution`,
                message: 'testing: race detected outside of test execution',
                output: pkg.output.lines()
            },
            rank: EXPLAINING_RANK['data-race'],
            seq: pkg.seq
        });
    }
    if (out.length === 0) {
        // Nothing failed on its own: a timeout or panic printed while a test that then passed was running explains it.
        const late = pkg.passedEvidence.filter((p) => p.evidence.type === 'timeout' || p.evidence.type === 'panic');
        if (late.length > 0)
            explainToolchainEvidence(pkg, late.map((p) => ({ evidence: p.evidence, printedBy: p.test })), resolver, stage, out);
    }
    if (out.length === 0)
        out.push(explainSilentPackage(pkg, resolver, stage));
    return out;
}
/**
 * Timeouts, panics and race reports: each is a failure of its own. Returns the
 * failed tests they explain (a timeout or a panic ends the binary: tests left
 * running are explained by it).
 */
function explainToolchainEvidence(pkg, found, resolver, stage, out) {
    const handled = new Set();
    const failed = pkg.failed;
    if (found.some((f) => f.evidence.type === 'timeout' || f.evidence.type === 'panic'))
        for (const test of failed)
            if (test.unfinished)
                handled.add(test);
    for (const { evidence, test, printedBy } of found) {
        const seq = test?.seq ?? pkg.seq;
        if (evidence.type === 'timeout') {
            const failure = explainTimeout(pkg, evidence, resolver, stage, test?.name ?? printedBy);
            out.push({ failure, rank: EXPLAINING_RANK['timeout'], seq });
            if (test)
                handled.add(test);
        }
        else if (evidence.type === 'panic') {
            const blamed = test ? blameChild(failed, test) : undefined;
            const failure = explainPanic(pkg, evidence, resolver, stage, blamed, printedBy);
            out.push({ failure, rank: EXPLAINING_RANK['panic'], seq });
            if (test)
                handled.add(test);
            if (blamed)
                handled.add(blamed);
        }
        else if (evidence.type === 'race') {
            // Every race report is a failure of its own, wherever it was printed.
            const failure = explainRace(pkg, evidence, resolver, stage, test, printedBy);
            out.push({ failure, rank: EXPLAINING_RANK['data-race'], seq });
            if (test)
                handled.add(test);
        }
    }
    return handled;
}
/** A failed package with no failing test: TestMain or an os.Exit, a killed binary, or a stream cut short. */
function explainSilentPackage(pkg, resolver, stage) {
    const output = pkg.output.lines();
    const explaining = excerpt(output, resolver).filter((line) => !/^coverage: /.test(line) && line.trim() !== '');
    const location = pkg.cutShort ? undefined : testMainExit(pkg.importPath, resolver);
    const reason = pkg.cutShort
        ? `The stream ended before ${pkg.importPath} finished: the run was cut short or the test binary was killed.`
        : pkg.proof !== undefined
            ? `go test reported the package as failed (${pkg.proof.trim()}) although no test failed.`
            : 'The test binary exited with a failure but printed no reason (TestMain or os.Exit, or it was killed).';
    const last = explaining[explaining.length - 1];
    return {
        failure: {
            kind: 'package-failure',
            stage,
            severity: 'error',
            package: pkg.importPath,
            location,
            title: pkg.cutShort
                ? `${pkg.importPath} did not finish: the stream ended first`
                : `${pkg.importPath} failed with no failing test${last !== undefined ? `: ${last}` : ''}`,
            message: explaining.length > 0 && !pkg.cutShort ? explaining.slice(-10).join('\n') : reason,
            output
        },
        rank: EXPLAINING_RANK['package-failure'],
        seq: pkg.seq
    };
}
/** The os.Exit in TestMain that ended the run with a failure, else TestMain itself. */
function testMainExit(importPath, resolver) {
    const found = resolver.findFunction(importPath, 'TestMain');
    if (!found)
        return undefined;
    const file = resolver.fromAbsolute(found.file);
    if (file === undefined)
        return undefined;
    const exits = found.body
        .map((text, i) => ({ text, line: found.line + i }))
        .filter((l) => /\bos\.Exit\(/.test(l.text));
    // A literal non-zero code is the deliberate failure; os.Exit(m.Run()) passes the tests' result on.
    const literal = exits.find((l) => /os\.Exit\(\s*[1-9]\d*\s*\)/.test(l.text));
    return { file, line: (literal ?? { line: found.line }).line };
}
/** The deepest failed subtest of `test` that has no explanation of its own: a panic there repanics in the parent. */
function blameChild(failed, test) {
    let blamed = test;
    for (const t of failed) {
        if (t.name.startsWith(`${test.name}/`) && t.evidence.length === 0 && t.name.length > blamed.name.length)
            blamed = t;
    }
    return blamed;
}
function testFamily(frames, importPath) {
    const prefix = `${importPath}.`;
    for (const frame of frames) {
        if (!frame.func.startsWith(prefix))
            continue;
        const name = /^((?:Test|Fuzz|Example|Benchmark)[^.]*)/.exec(frame.func.slice(prefix.length));
        if (name)
            return name[1];
    }
    return undefined;
}
function stripRecovered(message) {
    return message.replace(/ \[recovered(?:, repanicked)?\]$/, '');
}
function explainPanic(pkg, evidence, resolver, stage, test, printedBy) {
    const found = resolver.firstRepositoryFrame(evidence.frames);
    const message = stripRecovered(evidence.message);
    const inInit = !test && !printedBy && evidence.frames.some((f) => /\.init(?:\.\d+)?$/.test(f.func));
    const testName = test?.name ?? printedBy;
    const where = testName ?? (inInit ? `init of ${pkg.importPath}` : pkg.importPath);
    const frameLines = evidence.frames
        .filter((f) => resolver.fromAbsolute(f.file) !== undefined)
        .slice(0, 8)
        .map((f) => frameText(f, resolver));
    return {
        kind: 'panic',
        stage,
        severity: 'error',
        package: pkg.importPath,
        test: testName,
        location: found?.location,
        title: `${where} panicked: ${message}`,
        message: [`${evidence.fatal ? 'fatal error' : 'panic'}: ${message}`, ...frameLines].join('\n'),
        output: test?.output?.lines() ?? evidence.lines,
        outputTruncated: (test?.output?.dropped ?? 0) > 0
    };
}
function pickStuckGoroutine(goroutines, running, importPath) {
    // A goroutine whose top frame is in package testing is a parent waiting in t.Run.
    const waiting = (g) => g.frames.length > 0 && g.frames[0].func.startsWith('testing.');
    const candidates = goroutines.filter((g) => !waiting(g));
    const pool = candidates.length > 0 ? candidates : goroutines;
    const deepest = running.length > 0 ? running[running.length - 1] : undefined;
    const family = deepest?.split('/')[0];
    return pool.find((g) => family !== undefined && testFamily(g.frames, importPath) === family) ?? pool[0];
}
function explainTimeout(pkg, evidence, resolver, stage, context) {
    const goroutine = pickStuckGoroutine(evidence.goroutines, evidence.running, pkg.importPath);
    const found = goroutine ? resolver.firstRepositoryFrame(goroutine.frames) : undefined;
    const family = goroutine ? testFamily(goroutine.frames, pkg.importPath) : undefined;
    // The stuck test: the deepest running test of the stuck goroutine's family.
    const running = evidence.running.filter((name) => family === undefined || name.split('/')[0] === family);
    const test = running[running.length - 1] ?? evidence.running[evidence.running.length - 1] ?? context;
    const blocked = goroutine ? ` (${goroutine.state})` : '';
    return {
        kind: 'timeout',
        stage,
        severity: 'error',
        package: pkg.importPath,
        test,
        location: found?.location,
        title: `${test ?? pkg.importPath} did not finish within ${evidence.after}${found ? `; blocked${blocked} at ${found.location.file}:${found.location.line}` : ''}`,
        message: [
            `timed out after ${evidence.after}${goroutine ? ` while blocked in ${goroutine.state}` : ''}${found ? '' : ' (no goroutine of the package was found in the dump)'}`,
            `panic: test timed out after ${evidence.after}`,
            ...(evidence.running.length > 0 ? ['running tests:', ...evidence.running.map((n) => `\t${n}`)] : []),
            ...(goroutine
                ? [
                    tidyStackLine(goroutine.header, resolver),
                    ...goroutine.frames.slice(0, 8).map((f) => frameText(f, resolver))
                ]
                : [])
        ].join('\n'),
        output: evidence.lines
    };
}
/** Where an access of a race happened: the first frame of the repository, else the first that is not Go's. */
function accessPlace(access, resolver) {
    const inside = resolver.firstRepositoryFrame(access.frames);
    if (inside)
        return { text: `${inside.location.file}:${inside.location.line}`, location: inside.location };
    const frame = access.frames.find((f) => !isToolchainFrame(f)) ?? access.frames[0];
    return { text: frame ? `${shortPath(frame.file, resolver)}:${frame.line}` : 'an unknown place' };
}
/** `read at a.go:13 by goroutine 8 races with a previous write at a.go:13 (goroutine 55)` */
function raceSentence(accesses, resolver) {
    const [now, before] = accesses;
    if (!now)
        return undefined;
    const first = `${now.what} at ${accessPlace(now, resolver).text} by ${now.goroutine}`;
    if (!before)
        return first;
    const previous = before.previous ? `a previous ${before.what}` : `a ${before.what}`;
    return `${first} races with ${previous} at ${accessPlace(before, resolver).text} (${before.goroutine})`;
}
function explainRace(pkg, evidence, resolver, stage, test, printedBy) {
    const first = evidence.accesses[0];
    const located = first ? accessPlace(first, resolver).location : undefined;
    const found = located ?? resolver.firstRepositoryFrame(evidence.frames)?.location;
    const sentence = raceSentence(evidence.accesses, resolver) ?? 'data race (WARNING: DATA RACE)';
    const testName = test?.name ?? printedBy;
    const report = evidence.lines.map((line) => tidyStackLine(line, resolver));
    return {
        kind: 'data-race',
        stage,
        severity: 'error',
        package: pkg.importPath,
        test: testName,
        location: found,
        title: `Data race in ${testName ?? pkg.importPath}: ${sentence}`,
        message: [sentence, ...report.slice(0, 2 * MESSAGE_LINES)].join('\n'),
        output: test?.output?.lines() ?? evidence.lines,
        outputTruncated: (test?.output?.dropped ?? 0) > 0
    };
}
function explainTest(pkg, test, resolver, stage, raceReported) {
    // A parent fails because a subtest failed; the subtest is the failure.
    const hasFailedChild = pkg.failed.some((t) => t !== test && t.name.startsWith(`${test.name}/`));
    const example = test.evidence.find((s) => s.type === 'example');
    const assertion = pickAssertion(test.evidence, resolver, pkg.importPath);
    const raceMarker = test.evidence.some((s) => s.type === 'race-in-test');
    if (hasFailedChild && !assertion && !example)
        return undefined;
    // The race detector failed the test and the race's own report is already a failure: what else the
    // test printed (often a t.Log shaped like an assertion) is not why it failed.
    if (raceMarker && raceReported)
        return undefined;
    const output = test.output?.lines();
    // Every failure of a test names the same package, test and output.
    const failure = (kind, location, title, message) => ({
        kind,
        stage,
        severity: 'error',
        package: pkg.importPath,
        test: test.name,
        location,
        title,
        message,
        output,
        outputTruncated: (test.output?.dropped ?? 0) > 0
    });
    const testFunction = () => resolver.functionLocation(pkg.importPath, test.name.split('/')[0]);
    if (raceMarker && !raceReported) {
        return failure('data-race', testFunction(), `Data race in ${test.name}`, 'race detected during execution of test');
    }
    if (example && test.name.startsWith('Example')) {
        return failure('test-failure', resolver.functionLocation(pkg.importPath, test.name), `${test.name}: output does not match the // Output: comment`, [`${test.name} printed output that does not match its // Output: comment`, ...example.lines].join('\n'));
    }
    if (assertion) {
        const text = assertionText(assertion);
        return failure('test-failure', resolver.testFileLocation(pkg.importPath, assertion.file, assertion.line), `${test.name} failed: ${text.headline}`.trim(), text.lines.map((line) => tidyLine(line, resolver)).join('\n'));
    }
    const said = excerpt(output ?? [], resolver);
    if (test.unfinished) {
        return failure('package-failure', testFunction(), `The test binary of ${pkg.importPath} exited while ${test.name} was running (os.Exit or a killed process)`, [
            `The test binary exited while ${test.name} was running.`,
            ...said.slice(-5),
            ...excerpt(pkg.output.lines(), resolver).slice(-5)
        ].join('\n'));
    }
    return failure('test-failure', testFunction(), `${test.name} failed without a message`, said.length > 0
        ? [`${test.name} failed without a message; its last output:`, ...said.slice(-10)].join('\n')
        : `${test.name} called t.Fail or t.FailNow without a message.`);
}
function packageResults(run) {
    const results = [];
    for (const pkg of run.packages.values()) {
        results.push({
            importPath: pkg.importPath,
            status: pkg.status === 'fail'
                ? 'failed'
                : pkg.noTestFiles
                    ? 'no-tests'
                    : pkg.status === 'skip'
                        ? 'skipped'
                        : pkg.status === 'running'
                            ? 'not-run'
                            : 'passed',
            elapsedSeconds: pkg.elapsed,
            cached: pkg.cached,
            tests: { ...pkg.counts }
        });
    }
    return results;
}

;// CONCATENATED MODULE: ./src/gotest/stage-result.ts
// A finished test run as a StageResult: the failures that explain it, the
// counts, the packages, and what the reader could only count or not explain.
// The unit and integration stages and `go-gate analyze` all report through it.



function stageResultFromTestRun(run, resolver, stage, 
/** A saved stream has no exit status: text with no events is then the failure itself. */
options = { textWithoutEventsFails: true }) {
    const explanation = explainTestRun(run, resolver, stage);
    const result = {
        stage,
        status: 'passed',
        durationMs: 0,
        failures: [...explanation.failures],
        notices: [],
        notes: [],
        tests: run.counts,
        packages: explanation.packages
    };
    if (run.undetailedFailures > 0) {
        result.notes.push(`${run.undetailedFailures} more failed tests were counted but their output was not kept.`);
    }
    if (run.undetailedPackages > 0) {
        result.notes.push(`${run.undetailedPackages} more failed packages were counted but not explained, to keep memory bounded.`);
    }
    if (options.textWithoutEventsFails && run.events === 0 && result.failures.length === 0) {
        // No events: not a stream, or go failed before it tested anything. One sentence says which input it was.
        const sentence = run.rawLines.length === 0
            ? 'The input is empty: a `go test -json` stream holds one JSON event a line, and there is none.'
            : `The input is not a \`go test -json\` stream: none of its ${run.rawLines.length + run.rawLines.dropped} lines is a test2json event (go test may have failed before it ran any package).`;
        result.failures.push({
            kind: 'package-failure',
            stage,
            severity: 'error',
            title: sentence,
            message: run.tail.length > 0
                ? [
                    sentence,
                    '',
                    'The input ends with:',
                    ...run.tail.slice(-MESSAGE_LINES).map((line) => tidyStackLine(line, resolver))
                ].join('\n')
                : sentence,
            output: run.tail
        });
        result.rawTail = run.tail;
    }
    else if (explanation.unexplained) {
        result.rawTail = run.tail;
    }
    result.status = result.failures.length > 0 ? 'failed' : 'passed';
    return { result, explanation };
}

// EXTERNAL MODULE: ./node_modules/shell-quote/index.js
var shell_quote = __nccwpck_require__(6591);
;// CONCATENATED MODULE: ./src/lint/release.ts
// golangci-lint releases: asset names, the checksums file, versions. Pure; the
// download and the tool cache live in src/pipeline/install-golangci.ts.
/** Where releases are downloaded from; `${base}/v<ver>/<asset>`. */
const GOLANGCI_RELEASE_BASE_URL = 'https://github.com/golangci/golangci-lint/releases/download';
const OS_NAMES = {
    linux: 'linux',
    darwin: 'darwin',
    win32: 'windows',
    freebsd: 'freebsd',
    netbsd: 'netbsd',
    openbsd: 'openbsd',
    sunos: 'illumos'
};
const ARCH_NAMES = {
    x64: 'amd64',
    arm64: 'arm64',
    ia32: '386',
    arm: 'armv7',
    ppc64: 'ppc64le',
    s390x: 's390x',
    riscv64: 'riscv64',
    loong64: 'loong64',
    mips64el: 'mips64le'
};
/** `v2.15.0` or `2.15.0` → `2.15.0`. */
function bareVersion(version) {
    return version.trim().replace(/^v/, '');
}
/** The release asset for a platform (Node's process.platform / process.arch); undefined when golangci-lint publishes none. */
function releaseAsset(version, platform, arch) {
    const os = OS_NAMES[platform];
    const cpu = ARCH_NAMES[arch];
    if (!os || !cpu)
        return undefined;
    const v = bareVersion(version);
    const folder = `golangci-lint-${v}-${os}-${cpu}`;
    const format = os === 'windows' ? 'zip' : 'tar.gz';
    return {
        version: v,
        archive: `${folder}.${format}`,
        format,
        folder,
        binary: os === 'windows' ? 'golangci-lint.exe' : 'golangci-lint',
        checksums: `golangci-lint-${v}-checksums.txt`
    };
}
/** `${base}/v<ver>/<file>` */
function releaseUrl(base, version, file) {
    return `${base.replace(/\/+$/, '')}/v${bareVersion(version)}/${file}`;
}
/** Reads a `sha256sum` style file (`<hex>  <name>`, `*` before binary names) into name → lowercase hex. */
function parseChecksums(text) {
    const sums = new Map();
    for (const line of text.split('\n')) {
        const m = /^([0-9a-fA-F]{64})\s+\*?(.+?)\s*$/.exec(line);
        if (m)
            sums.set(m[2], m[1].toLowerCase());
    }
    return sums;
}
/** The version `golangci-lint version` prints (`golangci-lint has version 2.15.0 built with ...`), without the v. */
function parseGolangciVersion(output) {
    const m = /has version v?(\d+\.\d+\.\d+)/.exec(output) ?? /\bv?(\d+\.\d+\.\d+)\b/.exec(output);
    return m?.[1];
}
/** Compares two x.y.z versions (with or without v): negative, zero or positive. */
function compareVersions(a, b) {
    const pa = bareVersion(a).split('.').map(Number);
    const pb = bareVersion(b).split('.').map(Number);
    for (let i = 0; i < 3; i++) {
        const d = (pa[i] ?? 0) - (pb[i] ?? 0);
        if (d !== 0)
            return d;
    }
    return 0;
}

;// CONCATENATED MODULE: ./src/shard/spec.ts
/** More shards than this is a typo, not a plan: a matrix has at most 256 jobs. */
const MAX_SHARDS = 256;
/** What the `shard` input accepts, for the error that refuses anything else. */
const SHARD_ACCEPTED = `expected i/n with whole numbers 1 ≤ i ≤ n ≤ ${MAX_SHARDS}, such as 2/4 (this job's shard and the number of shards, e.g. \${{ matrix.shard }}/4), or nothing for no sharding.`;
/** Reads `2/4`; '' is no sharding. Spaces around the numbers are allowed, nothing else. */
function parseShardSpec(value) {
    const text = value.trim();
    if (text === '')
        return { ok: true, spec: undefined };
    const m = /^(\d{1,6})\s*\/\s*(\d{1,6})$/.exec(text);
    if (!m)
        return { ok: false, accepted: SHARD_ACCEPTED };
    const index = Number(m[1]);
    const count = Number(m[2]);
    if (count < 1 || count > MAX_SHARDS) {
        return {
            ok: false,
            accepted: `the number of shards must be from 1 to ${MAX_SHARDS}; ${SHARD_ACCEPTED}`
        };
    }
    if (index < 1 || index > count) {
        return {
            ok: false,
            accepted: `the shard must be from 1 to ${count} (shards are numbered from 1); ${SHARD_ACCEPTED}`
        };
    }
    return { ok: true, spec: { index, count } };
}
/** `2/4`, as the summary and the reason sentence write it. */
function shardLabel(spec) {
    return `${spec.index}/${spec.count}`;
}

;// CONCATENATED MODULE: ./src/options.ts
// Inputs are read and validated once, up front, into one typed Options object.
// The GitHub adapter and the CLI both build Options with parseOptions.











/** The most reruns a failed test gets: more only hides a test that fails most of the time. */
const MAX_RERUNS = 5;
function invalid(name, value, accepted) {
    return new GateError('invalid-input', `Input "${name}" is ${JSON.stringify(value)}; ${accepted}`);
}
function raw(read, name) {
    const value = read(name);
    return value === undefined || value.trim() === '' ? INPUTS[name].default : value.trim();
}
const TRUE = new Set(['true', 'True', 'TRUE']);
const FALSE = new Set(['false', 'False', 'FALSE']);
function parseBoolean(name, value) {
    if (TRUE.has(value))
        return true;
    if (FALSE.has(value))
        return false;
    throw invalid(name, value, 'expected true or false.');
}
const DURATION_UNITS = {
    ns: 1e-6,
    us: 1e-3,
    µs: 1e-3,
    ms: 1,
    s: 1000,
    m: 60_000,
    h: 3_600_000
};
const DURATION_PART = /(\d+(?:\.\d*)?|\.\d+)(ns|us|µs|ms|s|m|h)/y;
/** Parses a Go duration (`90s`, `1h30m`, `1.5m`) into milliseconds; null when it is not one. */
function parseGoDuration(value) {
    if (value === '0')
        return 0;
    if (value === '')
        return null;
    let total = 0;
    DURATION_PART.lastIndex = 0;
    let consumed = 0;
    while (consumed < value.length) {
        DURATION_PART.lastIndex = consumed;
        const m = DURATION_PART.exec(value);
        if (!m)
            return null;
        total += Number.parseFloat(m[1]) * DURATION_UNITS[m[2]];
        consumed = DURATION_PART.lastIndex;
    }
    return total;
}
function duration(name, value, allowZero) {
    const ms = parseGoDuration(value);
    if (ms === null || (!allowZero && ms <= 0)) {
        throw invalid(name, value, `expected a Go duration such as 90s, 10m or 1h30m${allowZero ? ' (0 disables it)' : ''}.`);
    }
    return ms;
}
/** Splits a list written with commas, newlines or spaces. */
function splitList(value) {
    return value
        .split(/[\s,]+/)
        .map((item) => item.trim())
        .filter((item) => item !== '');
}
/** Splits flags like a shell would, refusing pipes, redirections and substitutions. */
function splitFlags(name, value) {
    if (value.trim() === '')
        return [];
    const parsed = shell_quote.parse(value, (key) => `$${key}`);
    const flags = [];
    for (const token of parsed) {
        if (typeof token !== 'string') {
            throw invalid(name, value, 'expected command-line flags split like a shell would; pipes, redirections and ; are not accepted.');
        }
        flags.push(token);
    }
    return flags;
}
function parseStages(value) {
    const names = splitList(value);
    if (names.length === 0)
        throw invalid('stages', value, `expected one or more of ${report_STAGE_NAMES.join(', ')}.`);
    const wanted = new Set();
    for (const name of names) {
        const lower = name.toLowerCase();
        if (!report_STAGE_NAMES.includes(lower)) {
            throw invalid('stages', value, `"${name}" is not a stage; expected a comma or newline list of ${report_STAGE_NAMES.join(', ')}.`);
        }
        wanted.add(lower);
    }
    // Stages always run in pipeline order, whatever order they were listed in.
    return report_STAGE_NAMES.filter((stage) => wanted.has(stage));
}
/** Marks an integration-env line whose value is not secret: `public:LOG_LEVEL=debug`. */
const PUBLIC_ENV_PREFIX = 'public:';
function parseEnvLines(value) {
    const env = {};
    const publicNames = [];
    for (const [index, line] of splitLines(value).entries()) {
        let trimmed = line.trim();
        if (trimmed === '' || trimmed.startsWith('#'))
            continue;
        const isPublic = trimmed.startsWith(PUBLIC_ENV_PREFIX);
        if (isPublic)
            trimmed = trimmed.slice(PUBLIC_ENV_PREFIX.length).trim();
        const eq = trimmed.indexOf('=');
        const key = eq > 0 ? trimmed.slice(0, eq).trim() : '';
        if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) {
            // The value may be a secret: the message shows the line's number and what comes before `=`, never the value.
            throw new GateError('invalid-input', `Input "integration-env" has ${eq >= 0 ? JSON.stringify(`${trimmed.slice(0, eq)}=…`) : 'a line without ='} on line ${index + 1}; expected one KEY=VALUE a line (public:KEY=VALUE for a value that is not secret), KEY made of letters, digits and _.`);
        }
        env[key] = trimmed.slice(eq + 1);
        if (isPublic)
            publicNames.push(key);
    }
    return { env, publicNames };
}
function parseWaitTargets(value) {
    const targets = [];
    const accepted = 'expected tcp://host:port, http://host[:port]/path or https://host[:port]/path, one a line.';
    for (const line of splitLines(value)) {
        const text = line.trim();
        if (text === '')
            continue;
        // Errors name the URL without its credentials.
        const hidden = text.replace(/^([^:/]*:\/\/)[^/?#]*@/, '$1***@');
        let url;
        try {
            url = new URL(text);
        }
        catch {
            throw invalid('wait-for', hidden, accepted);
        }
        const protocol = url.protocol.replace(/:$/, '');
        if (protocol !== 'tcp' && protocol !== 'http' && protocol !== 'https')
            throw invalid('wait-for', hidden, accepted);
        const host = url.hostname.replace(/^\[|\]$/g, '');
        const port = url.port !== '' ? Number(url.port) : protocol === 'https' ? 443 : protocol === 'http' ? 80 : Number.NaN;
        if (host === '' || !Number.isInteger(port))
            throw invalid('wait-for', hidden, accepted);
        const shown = url.username === '' && url.password === ''
            ? text
            : `${url.protocol}//***@${url.host}${protocol === 'tcp' ? '' : `${url.pathname}${url.search}`}`;
        targets.push({ raw: text, shown, protocol, host, port });
    }
    return targets;
}
function wholeNumber(name, value, min, max) {
    if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) {
        throw invalid(name, value, `expected a whole number from ${min} to ${max}.`);
    }
    return Number(value);
}
function parseRerun(read, goTestFlags) {
    const attempts = wholeNumber('rerun-failed', raw(read, 'rerun-failed'), 0, MAX_RERUNS);
    const maxFailures = wholeNumber('rerun-max-failures', raw(read, 'rerun-max-failures'), 1, 100);
    const flaky = raw(read, 'flaky');
    if (flaky !== 'warn' && flaky !== 'fail')
        throw invalid('flaky', flaky, 'expected warn or fail.');
    const quarantine = [];
    for (const line of splitLines(read('quarantine') ?? '')) {
        const pattern = line.trim();
        if (pattern === '' || pattern.startsWith('#'))
            continue;
        if (/\s/.test(pattern) || /^\*+$/.test(pattern)) {
            throw invalid('quarantine', pattern, 'expected one test a line, such as example.com/shop/billing.TestInvoice, TestInvoice or TestInvoice/sub*; a test name holds no spaces (go test writes them as _), and * alone would quarantine everything.');
        }
        quarantine.push(pattern);
    }
    const failfast = goTestFlags.find((flag) => /^--?failfast(=true)?$/.test(flag));
    if ((attempts > 0 || quarantine.length > 0) && failfast !== undefined) {
        throw new GateError('invalid-input', `Input "go-test-flags" has ${failfast}, which cannot go with rerun-failed or quarantine: -failfast leaves the tests after a failing one unrun, and a flaky or quarantined failure that does not fail the gate would hide them. Remove ${failfast} (go-gate's fail-fast input still stops at the first failing package when neither is set).`);
    }
    return { attempts, maxFailures, flaky, quarantine };
}
function parsePrComment(read) {
    const mode = raw(read, 'pr-comment');
    if (mode !== 'auto' && mode !== 'always' && mode !== 'never')
        throw invalid('pr-comment', mode, 'expected auto, always or never.');
    // Outside a runner the default `${{ github.token }}` is not substituted: no token.
    const given = read('github-token')?.trim() ?? '';
    const token = given.startsWith('${{') ? '' : given;
    if (/\s/.test(token)) {
        // A secret: the message never shows it.
        throw new GateError('invalid-input', 
        // biome-ignore lint/suspicious/noTemplateCurlyInString: GitHub expressions, as a workflow writes them
        'Input "github-token" holds white space; expected one token such as ${{ github.token }} or ${{ secrets.MY_TOKEN }}.');
    }
    return { mode, token };
}
function parseCacheSave(value) {
    if (value === 'always' || value === 'on-success' || value === 'never')
        return value;
    throw invalid('cache-save', value, 'expected always, on-success or never.');
}
function parseJunitFile(workspace, value) {
    if (value === '')
        return '';
    const absolute = external_node_path_default().resolve(workspace, value);
    const relative = paths_pathInside(workspace, absolute);
    if (relative === undefined || relative === '' || value.endsWith('/')) {
        throw invalid('junit-file', value, 'expected a file path inside the workspace, such as reports/junit.xml.');
    }
    return absolute;
}
function parseMode(value) {
    if (value === 'gate' || value === 'merge')
        return value;
    throw invalid('mode', value, 'expected gate (run the stages) or merge (merge the results of sharded jobs).');
}
function parseWorkingDirectory(workspace, value) {
    const absolute = external_node_path_default().resolve(workspace, value);
    const relative = paths_pathInside(workspace, absolute);
    if (relative === undefined) {
        throw invalid('working-directory', value, 'expected a folder inside the workspace that holds go.mod.');
    }
    return { relative: relative === '' ? '.' : relative, absolute };
}
/**
 * Builds Options from raw input values. Throws GateError('invalid-input') naming
 * the first bad input and what it accepts; nothing has run when it throws.
 */
function parseOptions(read, workspace) {
    const shardInput = raw(read, 'shard');
    const shard = parseShardSpec(shardInput);
    if (!shard.ok)
        throw invalid('shard', shardInput, shard.accepted);
    const wd = parseWorkingDirectory(workspace, raw(read, 'working-directory'));
    const stages = parseStages(raw(read, 'stages'));
    const packages = splitList(raw(read, 'packages'));
    const thresholdRaw = raw(read, 'coverage-threshold');
    const threshold = parseCoverageThreshold(thresholdRaw);
    const dropMax = parseCoverageDropMax(raw(read, 'coverage-drop-max'));
    const patchThreshold = parseCoverageThreshold(raw(read, 'patch-coverage-threshold'), 'Input "patch-coverage-threshold"');
    const integrationPackages = raw(read, 'integration-packages');
    const testTimeout = raw(read, 'test-timeout');
    duration('test-timeout', testTimeout, true);
    const lintVersion = raw(read, 'golangci-lint-version');
    if (!/^v?\d+\.\d+\.\d+$/.test(lintVersion)) {
        throw invalid('golangci-lint-version', lintVersion, 'expected a release version such as v2.15.0.');
    }
    if (compareVersions(lintVersion, '2.0.0') < 0) {
        throw invalid('golangci-lint-version', lintVersion, 'expected a v2 release such as v2.15.0: go-gate runs golangci-lint v2 (v1 configs can be converted with `golangci-lint migrate`).');
    }
    const tags = raw(read, 'integration-tags');
    if (!/^[A-Za-z0-9_.,-]+$/.test(tags)) {
        throw invalid('integration-tags', tags, 'expected build tags separated by commas, such as integration or integration,e2e.');
    }
    const keyPrefix = raw(read, 'cache-key-prefix');
    const integrationEnv = parseEnvLines(read('integration-env') ?? '');
    const goTestFlags = splitFlags('go-test-flags', raw(read, 'go-test-flags'));
    const rerun = parseRerun(read, goTestFlags);
    return {
        workspace,
        workingDirectory: wd.relative,
        moduleDir: wd.absolute,
        stages,
        packages,
        goTestFlags,
        race: parseBoolean('race', raw(read, 'race')),
        testTimeout,
        failFast: parseBoolean('fail-fast', raw(read, 'fail-fast')),
        rerun,
        shard: shard.spec,
        annotations: parseBoolean('annotations', raw(read, 'annotations')),
        summary: parseBoolean('summary', raw(read, 'summary')),
        coverage: {
            threshold,
            packages: raw(read, 'coverage-packages'),
            exclude: raw(read, 'coverage-exclude')
                .split(/\r?\n/)
                .map((line) => line.trim())
                .filter((line) => line !== ''),
            dropMax,
            patchThreshold
        },
        lint: {
            version: lintVersion.startsWith('v') ? lintVersion : `v${lintVersion}`,
            args: splitFlags('lint-args', raw(read, 'lint-args'))
        },
        integration: {
            packages: integrationPackages === '' ? packages : splitList(integrationPackages),
            tags,
            run: raw(read, 'integration-run'),
            env: integrationEnv.env,
            publicEnv: integrationEnv.publicNames,
            waitFor: parseWaitTargets(read('wait-for') ?? ''),
            waitForTimeoutMs: duration('wait-for-timeout', raw(read, 'wait-for-timeout'), false)
        },
        build: {
            packages: splitList(raw(read, 'build-packages')),
            flags: splitFlags('build-flags', raw(read, 'build-flags')),
            output: raw(read, 'build-output')
        },
        stageTimeoutMs: duration('stage-timeout', raw(read, 'stage-timeout'), false),
        cache: {
            enabled: parseBoolean('cache', raw(read, 'cache')),
            keyPrefix: keyPrefix !== '' ? keyPrefix : `go-gate-${stages.join('-')}`,
            save: parseCacheSave(raw(read, 'cache-save')),
            restoreTimeoutMs: duration('cache-restore-timeout', raw(read, 'cache-restore-timeout'), false)
        },
        prComment: parsePrComment(read),
        junitFile: parseJunitFile(workspace, raw(read, 'junit-file')),
        mode: parseMode(raw(read, 'mode'))
    };
}

;// CONCATENATED MODULE: external "node:child_process"
const external_node_child_process_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:child_process");
;// CONCATENATED MODULE: ./src/pipeline/process.ts
// Child processes for the stages: each in its own process group, so a timeout,
// fail-fast or a cancelled job stops the whole tree (go test and its test binaries).


/** Characters of one line kept in the tail. */
const MAX_TAIL_LINE_CHARS = 4096;
/** Milliseconds between SIGTERM and SIGKILL when a process group is stopped. */
const KILL_GRACE_MS = 3000;
/** Quotes an argument for display only. */
function displayCommand(file, args) {
    return [file, ...args]
        .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
        .join(' ');
}
function startProcess(file, args, options) {
    const started = Date.now();
    const command = displayCommand(file, args);
    // One tail for both streams, each decoded on its own so a character split across chunks stays whole.
    const tail = new LineTail(options.tailLines ?? 60, MAX_TAIL_LINE_CHARS);
    // A line's `\r` stays in the tail as before; a line over the limit is cut there, marked with ….
    const splitOptions = { maxLineChars: MAX_TAIL_LINE_CHARS, keepCarriageReturn: true };
    const stdoutLines = new LineSplitter((line, truncated) => tail.push(line, truncated), splitOptions);
    const stderrLines = new LineSplitter((line, truncated) => tail.push(line, truncated), splitOptions);
    const child = (0,external_node_child_process_namespaceObject.spawn)(file, args, {
        cwd: options.cwd,
        env: options.env ?? process.env,
        stdio: ['ignore', 'pipe', 'pipe'],
        // Its own process group, so the whole tree can be stopped together.
        detached: process.platform !== 'win32'
    });
    const stopper = new GroupStopper(child, options);
    child.stdout?.on('data', (chunk) => {
        stdoutLines.push(chunk);
        options.onStdout?.(chunk);
    });
    child.stderr?.on('data', (chunk) => {
        stderrLines.push(chunk);
        options.onStderr?.(chunk);
    });
    const result = new Promise((resolve) => {
        let spawnError;
        child.on('error', (error) => {
            spawnError = error;
        });
        child.on('close', (code, sig) => {
            stopper.closed();
            stdoutLines.end();
            stderrLines.end();
            resolve({
                command,
                exitCode: code,
                signal: sig,
                timedOut: stopper.timedOut,
                aborted: stopper.aborted,
                stopped: stopper.stopped,
                durationMs: Date.now() - started,
                tail: tail.lines(),
                spawnError
            });
        });
    });
    return { result, stop: () => stopper.stop() };
}
/**
 * Stops a child's process group on a timeout, an abort or a call to stop(): SIGTERM,
 * then SIGKILL after a grace period, and remembers why it stopped it.
 */
class GroupStopper {
    child;
    options;
    timedOut = false;
    aborted = false;
    stopped = false;
    finished = false;
    terminating = false;
    killTimer;
    timer;
    onAbort = () => {
        this.aborted = true;
        this.terminate();
    };
    constructor(child, options) {
        this.child = child;
        this.options = options;
        if (options.timeoutMs && options.timeoutMs > 0) {
            this.timer = setTimeout(() => {
                this.timedOut = true;
                this.terminate();
            }, options.timeoutMs);
        }
        if (options.signal) {
            if (options.signal.aborted)
                this.onAbort();
            else
                options.signal.addEventListener('abort', this.onAbort, { once: true });
        }
    }
    /** Stops the group on the caller's request (fail-fast). */
    stop() {
        this.stopped = true;
        this.terminate();
    }
    /** The child closed: timers and listeners go, and nothing of a stopped group stays behind. */
    closed() {
        this.finished = true;
        if (this.timer)
            clearTimeout(this.timer);
        if (this.killTimer)
            clearTimeout(this.killTimer);
        // go may exit on SIGTERM before a test binary that ignores it: leave nothing of the group behind.
        if (this.terminating && process.platform !== 'win32')
            this.killGroup('SIGKILL');
        this.options.signal?.removeEventListener('abort', this.onAbort);
    }
    terminate() {
        if (this.finished)
            return;
        this.terminating = true;
        this.killGroup('SIGTERM');
        this.killTimer ??= setTimeout(() => this.killGroup('SIGKILL'), KILL_GRACE_MS);
    }
    killGroup(sig) {
        const pid = this.child.pid;
        if (pid === undefined)
            return;
        try {
            if (process.platform === 'win32')
                this.child.kill(sig);
            else
                process.kill(-pid, sig);
        }
        catch {
            // already gone
        }
    }
}
/** Runs a command to the end and keeps its whole output (for short commands like `go env`). */
async function runCapturingOutput(file, args, options) {
    const max = options.maxBytes ?? 64 << 20;
    const out = [];
    const err = [];
    let outBytes = 0;
    let errBytes = 0;
    const running = startProcess(file, args, {
        ...options,
        onStdout: (chunk) => {
            if (outBytes < max)
                out.push(chunk);
            outBytes += chunk.length;
        },
        onStderr: (chunk) => {
            if (errBytes < max)
                err.push(chunk);
            errBytes += chunk.length;
        }
    });
    const result = await running.result;
    return {
        ...result,
        stdout: Buffer.concat(out).toString('utf8'),
        stderr: Buffer.concat(err).toString('utf8'),
        /** stdout went past maxBytes: what is kept is not all of it. */
        stdoutCut: outBytes > max
    };
}

;// CONCATENATED MODULE: ./src/pipeline/go-command.ts
// A command a stage runs in the module (go mod ..., go build, golangci-lint,
// gofmt): its output echoed line by line to the log as it comes, and kept for
// explaining a failure.


/** Output kept per stream; these tools say little, a diff of a large go.sum can say more. */
const MAX_KEPT_BYTES = 8 << 20;
async function runModuleCommand(ctx, file, args, options = {}) {
    if (options.announce !== false)
        ctx.reporter.info(`$ ${displayCommand(file, args)}`);
    const echo = options.echo !== false;
    const out = keptLines(ctx.reporter, echo && options.echoStdout !== false);
    const err = keptLines(ctx.reporter, echo);
    const running = startProcess(file, args, {
        cwd: ctx.options.moduleDir,
        env: options.env ?? ctx.env,
        signal: ctx.signal,
        onStdout: out.push,
        onStderr: err.push
    });
    const result = await running.result;
    return { ...result, stdout: out.end(), stderr: err.end() };
}
function runGoCommand(ctx, args, options = {}) {
    return runModuleCommand(ctx, 'go', args, options);
}
/** Splits chunks into lines for the log (a character split across chunks stays whole) and keeps the text. */
function keptLines(reporter, echo) {
    const kept = [];
    let keptBytes = 0;
    const keep = (text) => {
        if (keptBytes < MAX_KEPT_BYTES)
            kept.push(text);
        keptBytes += text.length;
    };
    // The splitter strips a line's trailing `\r` for the echo; the kept text is the decoded chunks as they came.
    const lines = new LineSplitter((line) => {
        if (echo)
            reporter.output(line);
    });
    return {
        push(chunk) {
            keep(lines.push(chunk));
        },
        end() {
            keep(lines.end());
            return kept.join('');
        }
    };
}
/**
 * Starts `go test -json ...` (`args` after `go`) in the module: the command goes to the log, stdout and
 * stderr to the reader as they arrive, and the stage's signal stops it.
 */
function startGoTestJson(ctx, args, env, reader) {
    ctx.reporter.info(`$ ${displayCommand('go', args)}`);
    return startProcess('go', args, {
        cwd: ctx.options.moduleDir,
        env,
        signal: ctx.signal,
        onStdout: (chunk) => reader.pushStdout(chunk),
        onStderr: (chunk) => reader.pushStderr(chunk)
    });
}
/** The log shows what the tests printed, not the JSON around it: one log line per output line. */
function logTestOutput(reporter) {
    return (text) => reporter.output(text.endsWith('\n') ? text.slice(0, -1) : text);
}

;// CONCATENATED MODULE: ./src/pipeline/changed-lines.ts
// The lines a pull request changed, from git: the base commit fetched when a shallow checkout
// lacks it, `git diff --unified=0` from the merge base, and which changed Go files are generated.
// The diff is read by the core (coverage/patch.ts); git's failures become a note, never a failure.





/** Go's marker must come before the package clause; licence headers are rarely longer than this. */
const HEAD_BYTES = 32 * 1024;
// Never ask for credentials on a terminal that is not there.
const GIT_ENV = { GIT_TERMINAL_PROMPT: '0' };
/**
 * The changed lines between `baseSha` and the working tree (which is HEAD on a runner), or a
 * sentence saying why there are none. Diffing the working tree keeps the lines in step with what
 * the tests ran on. The diff starts at the merge base of the base commit and HEAD, so commits that
 * landed on the base branch since are not counted as the pull request's; a pull request's merge
 * commit has the base commit as its first parent, so there the merge base is the base commit.
 * A shallow checkout often has no merge base (HEAD has no parents): then the diff starts at the base
 * commit itself, which for the merge commit actions/checkout makes is the same thing.
 */
async function readChangedLines(ctx, baseSha) {
    const { workspace, workingDirectory } = ctx.options;
    const env = { ...ctx.env, ...GIT_ENV };
    const git = (args, announce = true) => runModuleCommand(ctx, 'git', ['-C', workspace, ...args], { env, echo: false, announce });
    const notes = [];
    if (!/^[0-9a-f]{7,64}$/i.test(baseSha))
        return `the base commit ${JSON.stringify(baseSha)} is not a commit id`;
    const inside = await git(['rev-parse', '--is-inside-work-tree'], false);
    if (inside.spawnError)
        return 'git is not on PATH';
    if (inside.exitCode !== 0)
        return `${workspace} is not a git checkout`;
    const has = async () => (await git(['cat-file', '-e', `${baseSha}^{commit}`], false)).exitCode === 0;
    if (!(await has())) {
        // A depth-1 checkout holds HEAD only: fetch the one commit the diff needs.
        const fetch = await git(['fetch', '--no-tags', '--no-recurse-submodules', '--depth=1', 'origin', baseSha]);
        if (fetch.exitCode !== 0 || !(await has())) {
            const why = gitReason(fetch.stderr) ?? `exit status ${fetch.exitCode}`;
            return `the base commit ${baseSha.slice(0, 7)} is not in the checkout and git fetch --depth=1 origin ${baseSha.slice(0, 7)} failed (${why})`;
        }
        notes.push(`The base commit ${baseSha.slice(0, 7)} was fetched (git fetch --depth=1): the checkout was shallow.`);
    }
    const mergeBase = await git(['merge-base', baseSha, 'HEAD'], false);
    const from = mergeBase.exitCode === 0 && mergeBase.stdout.trim() !== '' ? mergeBase.stdout.trim() : baseSha;
    const args = [
        '-C',
        workspace,
        '-c',
        'core.quotePath=false',
        'diff',
        '--unified=0',
        '--no-color',
        '--no-ext-diff',
        '--no-textconv',
        '--find-renames',
        '--src-prefix=a/',
        '--dst-prefix=b/',
        '--relative',
        from,
        '--',
        workingDirectory
    ];
    const diff = await readAll(ctx, args, env);
    if (typeof diff !== 'string')
        return diff.error;
    const changes = parseUnifiedDiff(diff);
    const generated = new Set();
    for (const change of changes) {
        if (!isCoverableGoFile(change.file))
            continue;
        const head = await readHead(external_node_path_default().join(workspace, change.file));
        if (head !== undefined && isGeneratedGoSource(head))
            generated.add(change.file);
    }
    return { from, changes, generated, notes };
}
/**
 * The commit a ref names in the repository at `workspace` (the CLI's --base), or undefined when
 * git does not know it (or there is no git).
 */
async function resolveCommit(workspace, ref, env) {
    const result = await runCapturingOutput('git', ['-C', workspace, 'rev-parse', '--verify', '--quiet', `${ref}^{commit}`], { cwd: workspace, env: { ...env, ...GIT_ENV } });
    if (result.spawnError || result.exitCode !== 0)
        return undefined;
    const sha = result.stdout.trim();
    return /^[0-9a-f]{40,64}$/.test(sha) ? sha : undefined;
}
/** A diff larger than this is not read: patch coverage is not measured rather than held in memory. */
const MAX_DIFF_BYTES = 64 << 20;
/** Runs git with stdout kept whole (a diff is data, not log), stderr's last line for a failure. */
async function readAll(ctx, args, env) {
    ctx.reporter.info(`$ git ${args.join(' ')}`);
    const result = await runCapturingOutput('git', args, {
        cwd: ctx.options.workspace,
        env,
        signal: ctx.signal,
        maxBytes: MAX_DIFF_BYTES
    });
    if (result.spawnError)
        return { error: 'git is not on PATH' };
    if (result.exitCode !== 0) {
        const why = gitReason(result.stderr) ?? `exit status ${result.exitCode}`;
        return { error: `git diff failed (${why})` };
    }
    if (result.stdoutCut)
        return { error: `the diff is larger than ${MAX_DIFF_BYTES >> 20} MiB` };
    return result.stdout;
}
async function readHead(file) {
    try {
        const handle = await (0,promises_namespaceObject.open)(file, 'r');
        try {
            const buffer = Buffer.alloc(HEAD_BYTES);
            const { bytesRead } = await handle.read(buffer, 0, HEAD_BYTES, 0);
            return buffer.subarray(0, bytesRead).toString('utf8');
        }
        finally {
            await handle.close();
        }
    }
    catch {
        return undefined;
    }
}
/** What git said went wrong: its first `fatal:` or `error:` line (the hints after it say less), else its last line. */
function gitReason(text) {
    const lines = text
        .split(/\r?\n/)
        .map((l) => l.trim())
        .filter((l) => l !== '');
    const fatal = lines.find((l) => /^(?:fatal|error): /.test(l));
    return fatal ? fatal.replace(/^(?:fatal|error): /, '') : lines[lines.length - 1];
}

;// CONCATENATED MODULE: external "node:os"
const external_node_os_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:os");
var external_node_os_default = /*#__PURE__*/__nccwpck_require__.n(external_node_os_namespaceObject);
;// CONCATENATED MODULE: ./src/text/duration.ts
// src/text/ owns the small helpers any layer may use, each written once: how a length of time
// is written (duration.ts), and the others shared across folders, such as splitting output into
// lines, keeping a tail and making a path repository-relative.
//
// How go-gate writes a length of time, in every reporter and log line.
/** A measured duration: `850ms`, `4.2s`, `3m07s`. */
function formatDuration(ms) {
    if (ms < 1000)
        return `${Math.round(ms)}ms`;
    if (ms < 60_000)
        return `${(ms / 1000).toFixed(1)}s`;
    const minutes = Math.floor(ms / 60_000);
    const seconds = Math.round((ms % 60_000) / 1000);
    return `${minutes}m${seconds.toString().padStart(2, '0')}s`;
}
/** A configured limit in the unit the user most likely wrote it in: `90s`, `10m`, `1h`. */
function formatLimit(ms) {
    if (ms % 3_600_000 === 0)
        return `${ms / 3_600_000}h`;
    if (ms % 60_000 === 0)
        return `${ms / 60_000}m`;
    if (ms % 1000 === 0)
        return `${ms / 1000}s`;
    return `${ms}ms`;
}

;// CONCATENATED MODULE: ./src/pipeline/context.ts
// What a stage gets to do its work. Stages know nothing of GitHub: they log
// through a Reporter that the action and the CLI each implement.
/** A StageResult with nothing in it yet. */
function emptyStageResult(stage) {
    return { stage, status: 'passed', durationMs: 0, failures: [], notices: [], notes: [] };
}

;// CONCATENATED MODULE: ./src/gomod/modfile.ts
// src/gomod/ owns what go.mod, go.sum and the go command's module errors mean: the go.mod
// directives with their lines (modfile), Go versions (version), unified diffs as `go mod tidy
// -diff` writes them (diff), drift in words and the line to annotate (drift), and which module an
// error names and whether a retry could help (errors). The tidy stage runs go; this decides.
//
// The few go.mod directives the gate needs, with their line numbers: the
// `module`, `go` and `toolchain` lines and each requirement. Blocks
// (`require ( ... )`) and comments are understood; everything else is skipped.

function stripComment(text) {
    const at = text.indexOf('//');
    return at < 0
        ? { code: text.trim(), comment: '' }
        : { code: text.slice(0, at).trim(), comment: text.slice(at + 2).trim() };
}
function unquote(token) {
    return token.startsWith('"') && token.endsWith('"') && token.length >= 2 ? token.slice(1, -1) : token;
}
/** Reads a requirement written as `path version [// indirect]` (inside a block or after `require`). */
function parseRequirement(text, line) {
    const { code, comment } = stripComment(text);
    const fields = code.split(/\s+/).filter((f) => f !== '');
    if (fields.length !== 2)
        return undefined;
    return {
        path: unquote(fields[0]),
        version: unquote(fields[1]),
        indirect: /^indirect\b/.test(comment),
        line
    };
}
function parseModDirectives(text) {
    const result = { requires: [] };
    let block;
    const lines = splitLines(text);
    for (let i = 0; i < lines.length; i++) {
        const line = i + 1;
        const { code } = stripComment(lines[i]);
        if (code === '')
            continue;
        if (block !== undefined) {
            if (code === ')') {
                block = undefined;
                continue;
            }
            if (block === 'require') {
                const req = parseRequirement(lines[i], line);
                if (req)
                    result.requires.push(req);
            }
            continue;
        }
        const m = /^(\w+)\s*(.*)$/.exec(code);
        if (!m)
            continue;
        const [, verb, rest] = m;
        if (rest === '(') {
            block = verb;
            continue;
        }
        switch (verb) {
            case 'module':
                result.module = { path: unquote(rest.trim()), line };
                break;
            case 'go':
                result.go = { version: rest.trim(), line };
                break;
            case 'toolchain':
                result.toolchain = { name: rest.trim(), line };
                break;
            case 'require': {
                const req = parseRequirement(lines[i].replace(/^\s*require\s+/, ''), line);
                if (req)
                    result.requires.push(req);
                break;
            }
        }
    }
    return result;
}

;// CONCATENATED MODULE: ./src/gomod/version.ts
// Go versions as go.mod and `go env GOVERSION` write them: `1.22`, `1.22.3`,
// `1.21rc2`, `go1.26.8`. Since Go 1.21, 1.21 < 1.21rc1 < 1.21.0 < 1.21.1.
const VERSION = /^(?:go)?(\d+)\.(\d+)(?:\.(\d+)|(rc|beta)(\d+))?$/;
/** Parses a Go version; undefined for `devel` builds and anything unreadable. */
function parseGoVersion(text) {
    const m = VERSION.exec(text.trim());
    if (!m)
        return undefined;
    const major = Number(m[1]);
    const minor = Number(m[2]);
    if (m[3] !== undefined)
        return { major, minor, patch: Number(m[3]), pre: 0, text };
    if (m[4] !== undefined)
        return { major, minor, patch: -1, pre: m[4] === 'rc' ? Number(m[5]) : Number(m[5]) - 100, text };
    // A bare language version sorts before every release and prerelease of it.
    return { major, minor, patch: -1, pre: -1000, text };
}
/**
 * True when a Go version (`go1.26.8`, or a devel build's `devel go1.27-…`) is at
 * least major.minor; false when no version can be read.
 */
function goAtLeast(text, major, minor) {
    const loose = /go(\d+)\.(\d+)/.exec(text);
    const version = parseGoVersion(text) ?? (loose ? parseGoVersion(`${loose[1]}.${loose[2]}`) : undefined);
    if (!version)
        return false;
    return version.major > major || (version.major === major && version.minor >= minor);
}
/** Negative when a < b, 0 when equal, positive when a > b. */
function compareGoVersions(a, b) {
    return a.major - b.major || a.minor - b.minor || a.patch - b.patch || a.pre - b.pre;
}

;// CONCATENATED MODULE: ./src/pipeline/environment.ts
// The environment fingerprint, and the mismatches in it that explain a failure
// before any stage runs: go.mod needs a newer Go than the one that will run,
// or -race is asked for with cgo off.






/** go.mod's directives, or none when it cannot be read (the go command will say why). */
async function readModDirectives(moduleDir) {
    try {
        return parseModDirectives(await (0,promises_namespaceObject.readFile)(external_node_path_default().join(moduleDir, 'go.mod'), 'utf8'));
    }
    catch {
        return { requires: [] };
    }
}
function goModLocation(options, line) {
    const goMod = external_node_path_default().join(options.moduleDir, 'go.mod');
    return { file: fileInside(options.workspace, goMod) ?? goMod, line };
}
function checkEnvironment(options, go, mod, env) {
    const fingerprint = {
        goVersion: go.GOVERSION,
        goModGo: mod.go?.version,
        goModToolchain: mod.toolchain?.name,
        goos: go.GOOS,
        goarch: go.GOARCH,
        cgoEnabled: go.CGO_ENABLED,
        goflags: go.GOFLAGS,
        goproxy: go.GOPROXY,
        runnerOs: env.RUNNER_OS ?? `${external_node_os_default().type()} (local)`
    };
    const failures = [];
    const notes = [];
    const running = parseGoVersion(go.GOVERSION);
    const toolchainSetting = go.GOTOOLCHAIN || 'auto';
    // `go env` succeeds in a module whose go line is too new; every build command after it fails.
    const required = mod.go ? parseGoVersion(mod.go.version) : undefined;
    if (mod.go && required && running && compareGoVersions(required, running) > 0) {
        failures.push({
            kind: 'toolchain',
            stage: 'setup',
            severity: 'error',
            location: goModLocation(options, mod.go.line),
            title: `go.mod requires go >= ${mod.go.version}, but the Go that runs is ${go.GOVERSION} (GOTOOLCHAIN=${toolchainSetting})`,
            message: [
                `go.mod's go line asks for Go ${mod.go.version} or newer; the installed Go is ${go.GOVERSION} and GOTOOLCHAIN=${toolchainSetting} does not switch to a newer one.`,
                `Install Go ${mod.go.version} or newer before go-gate (actions/setup-go with go-version-file: go.mod), or set GOTOOLCHAIN=auto to let go download it.`,
                'No stage ran: every go command in this module would fail the same way.'
            ].join('\n')
        });
    }
    // A toolchain line only selects a toolchain when switching is allowed; under local it is ignored.
    const wanted = mod.toolchain ? parseGoVersion(mod.toolchain.name) : undefined;
    if (mod.toolchain &&
        mod.toolchain.name !== 'default' &&
        wanted &&
        running &&
        compareGoVersions(wanted, running) !== 0) {
        notes.push(`go.mod's toolchain line asks for ${mod.toolchain.name}; ${go.GOVERSION} runs (GOTOOLCHAIN=${toolchainSetting}).`);
    }
    const racing = options.race && options.stages.some((s) => s === 'unit' || s === 'integration');
    if (racing && go.CGO_ENABLED !== '1') {
        failures.push({
            kind: 'toolchain',
            stage: 'setup',
            severity: 'error',
            title: `race is true, but cgo is off (CGO_ENABLED=${go.CGO_ENABLED || '0'}) and go test -race requires cgo`,
            message: [
                `The race input is true, so go test runs with -race, and -race requires cgo; here CGO_ENABLED=${go.CGO_ENABLED || '0'}${go.CGO_ENABLED === '0' && !env.CGO_ENABLED ? ' (go turns cgo off when it finds no C compiler)' : ''}.`,
                'Set CGO_ENABLED=1 with a C compiler on PATH, or set the race input to false.',
                'No stage ran.'
            ].join('\n')
        });
    }
    return { fingerprint, failures, notes };
}
/** Adds go.mod's location to a `go env` failure that is about the go or toolchain line. */
function explainGoEnvFailure(options, failure, mod) {
    if (failure.kind !== 'toolchain')
        return failure;
    const text = `${failure.title}\n${failure.message}`;
    // With GOTOOLCHAIN=auto go fetches the toolchain the toolchain line names, else the go line's.
    const switching = /downloading go\d|golang\.org\/toolchain|toolchain not available/.test(text);
    const line = switching
        ? (mod.toolchain?.line ?? mod.go?.line)
        : /requires go >=/.test(text)
            ? mod.go?.line
            : undefined;
    return line === undefined ? failure : { ...failure, location: goModLocation(options, line) };
}

;// CONCATENATED MODULE: ./src/pipeline/go.ts
// The go command as the stages need it: its environment, and import paths
// mapped to folders through `go list -json`.





const GO_ENV_KEYS = [
    'GOVERSION',
    'GOOS',
    'GOARCH',
    'CGO_ENABLED',
    'GOFLAGS',
    'GOPROXY',
    'GOMODCACHE',
    'GOCACHE',
    'GOROOT',
    'GOMOD',
    'GOWORK',
    'GOTOOLCHAIN'
];
/** Runs `go env -json`; a missing go is a toolchain failure. */
async function readGoEnv(cwd, env, signal) {
    const result = await runCapturingOutput('go', ['env', '-json', ...GO_ENV_KEYS], {
        cwd,
        env,
        signal,
        timeoutMs: 120_000
    });
    if (result.spawnError) {
        const reason = result.spawnError.code === 'ENOENT' ? 'there is no `go` on PATH' : result.spawnError.message;
        throw new GateError('toolchain', `Go cannot be run: ${reason}. Install Go before go-gate (for example with actions/setup-go, cache: false).`);
    }
    if (result.exitCode !== 0) {
        const text = (result.stderr || result.stdout).trim();
        throw new GateError('toolchain', `\`go env\` failed in ${cwd}: ${text.split('\n').slice(0, 5).join(' ')}`);
    }
    const parsed = JSON.parse(result.stdout);
    const goEnv = {};
    for (const key of GO_ENV_KEYS)
        goEnv[key] = parsed[key] ?? '';
    return goEnv;
}
/** Splits the concatenated JSON objects `go list -json` prints. */
function splitJsonObjects(text) {
    const objects = [];
    let depth = 0;
    let start = -1;
    let inString = false;
    for (let i = 0; i < text.length; i++) {
        const c = text[i];
        if (inString) {
            if (c === '\\')
                i++;
            else if (c === '"')
                inString = false;
            continue;
        }
        if (c === '"')
            inString = true;
        else if (c === '{') {
            if (depth === 0)
                start = i;
            depth++;
        }
        else if (c === '}') {
            depth--;
            if (depth === 0 && start >= 0) {
                objects.push(JSON.parse(text.slice(start, i + 1)));
                start = -1;
            }
        }
    }
    return objects;
}
/** Lists packages with `go list -e -json`; errors in single packages are kept, not thrown. */
async function listPackages(cwd, patterns, options) {
    const result = await runCapturingOutput('go', ['list', '-e', '-json', ...(options.flags ?? []), ...patterns], {
        cwd,
        env: options.env,
        signal: options.signal
    });
    const packages = [];
    const modules = new Map();
    if (result.stdout.trim() !== '') {
        for (const value of splitJsonObjects(result.stdout)) {
            const p = value;
            if (!p.ImportPath || !p.Dir)
                continue;
            packages.push({
                importPath: p.ImportPath,
                dir: p.Dir,
                files: [
                    ...(p.GoFiles ?? []),
                    ...(p.CgoFiles ?? []),
                    ...(p.TestGoFiles ?? []),
                    ...(p.XTestGoFiles ?? []),
                    ...(p.IgnoredGoFiles ?? [])
                ]
            });
            if (p.Module?.Path && p.Module.Dir)
                modules.set(p.Module.Path, { path: p.Module.Path, dir: p.Module.Dir });
        }
    }
    return { packages, modules: [...modules.values()], stderr: result.stderr, exitCode: result.exitCode };
}
/** The packages the patterns match, each with its _test.go files (`go list -e`, with the stage's tags). */
async function listTestFiles(cwd, patterns, options) {
    const result = await runCapturingOutput('go', ['list', '-e', '-json=ImportPath,Dir,TestGoFiles,XTestGoFiles', ...(options.flags ?? []), ...patterns], { cwd, env: options.env, signal: options.signal });
    const packages = [];
    if (result.stdout.trim() !== '') {
        for (const value of splitJsonObjects(result.stdout)) {
            const p = value;
            if (!p.ImportPath)
                continue;
            packages.push({
                importPath: p.ImportPath,
                dir: p.Dir ?? '',
                testFiles: [...(p.TestGoFiles ?? []), ...(p.XTestGoFiles ?? [])]
            });
        }
    }
    return { packages, exitCode: result.exitCode, stderr: result.stderr };
}
/** The main module(s) with `go list -m -json`: every module of a go.work, or the one of go.mod. */
async function go_listModules(cwd, options) {
    const result = await runCapturingOutput('go', ['list', '-m', '-json'], {
        cwd,
        env: options.env,
        signal: options.signal
    });
    if (result.exitCode !== 0 || result.stdout.trim() === '')
        return [];
    const modules = [];
    for (const value of splitJsonObjects(result.stdout)) {
        const m = value;
        if (m.Path && m.Dir)
            modules.push({ path: m.Path, dir: m.Dir });
    }
    return modules;
}
/** Builds the SourceIndex the locator uses, reading the test files of the given packages. */
async function buildSourceIndex(repoRoot, commandDir, packages, readFilesOf = []) {
    const byPath = new Map(packages.map((p) => [p.importPath, p]));
    const files = new Map();
    for (const importPath of readFilesOf) {
        const pkg = byPath.get(importPath);
        if (!pkg)
            continue;
        for (const base of pkg.files ?? []) {
            if (!base.endsWith('_test.go'))
                continue;
            const file = external_node_path_default().join(pkg.dir, base);
            try {
                files.set(file, await (0,promises_namespaceObject.readFile)(file, 'utf8'));
            }
            catch {
                // a file that went away is simply not searched
            }
        }
    }
    const lineText = (file, line) => files.get(file)?.split('\n')[line - 1];
    return {
        repoRoot,
        commandDir,
        packages: byPath,
        findFunction: functionFinder(files),
        lineText,
        fileText: (file) => files.get(file)
    };
}

;// CONCATENATED MODULE: ./src/gobuild/explain.ts
// src/gobuild/ owns what `go build` output means: compiler, cgo and linker errors as failures with
// their locations. The build stage runs go build; this decides.
//
// From `go build` output to failures. The go command prints `# import/path`
// before each package's errors; compiler errors are `file:line:col: message`
// relative to the folder it ran in, cgo's C compiler says `error:`, and the
// linker prints no position at all.




/** `file.c:3:2: error: ...` and friends: the C compiler behind cgo, not Go's. */
const C_COMPILER = /^(?:fatal )?error: |^warning: /;
function sections(lines) {
    const out = [{ lines: [] }];
    for (const line of lines) {
        if (line.trim() === '')
            continue;
        const header = /^# (\S+)/.exec(line);
        if (header) {
            out.push({ pkg: header[1], lines: [] });
            continue;
        }
        // `go: ...` ends a package's section: it is the go command talking again.
        if (/^go: /.test(line) && out[out.length - 1].pkg !== undefined)
            out.push({ lines: [] });
        out[out.length - 1].lines.push(line);
    }
    return out.filter((s) => s.lines.length > 0);
}
/**
 * Explains a failed `go build`: one failure per package (or per go command
 * error), the one that explains the others first.
 */
function explainBuildOutput(lines, resolver, stage) {
    const failures = [];
    sections(lines).forEach((section, seq) => {
        const text = section.lines.join('\n');
        const { message: compiler, location } = firstCompilerMessage(section.lines, resolver);
        const first = compiler?.message;
        const cgo = compiler !== undefined && (C_COMPILER.test(compiler.message) || !compiler.file.endsWith('.go'));
        let kind;
        if (isToolchainError(text))
            kind = 'toolchain';
        else if (isDependencyError(text))
            kind = 'dependency';
        else if (first !== undefined && !cgo)
            kind = 'compile-error';
        else
            kind = 'build-error';
        const firstLine = first ?? section.lines.find((l) => l.trim() !== '') ?? 'see the output';
        const subject = section.pkg ?? 'go build';
        const what = kind === 'compile-error'
            ? 'does not compile'
            : kind === 'dependency'
                ? 'cannot be set up'
                : kind === 'toolchain'
                    ? 'cannot be built with this Go'
                    : first !== undefined
                        ? 'fails in cgo'
                        : section.pkg !== undefined
                            ? 'does not link'
                            : 'failed';
        failures.push({
            seq,
            failure: {
                kind,
                stage,
                severity: 'error',
                package: section.pkg,
                location,
                title: `${subject} ${what}: ${firstLine.replace(/^go: /, '')}`,
                // The package is in the title; the message starts with what go said, for one-line uses.
                message: section.lines.slice(0, MESSAGE_LINES).join('\n'),
                output: section.lines.length > MESSAGE_LINES ? [...section.lines] : undefined
            }
        });
    });
    failures.sort((a, b) => EXPLAINING_RANK[a.failure.kind] - EXPLAINING_RANK[b.failure.kind] || a.seq - b.seq);
    return failures.map((f) => f.failure);
}

;// CONCATENATED MODULE: ./src/gobuild/unexplained.ts
// The failure of a go command whose output the core could not explain: never
// green when go said red. Used after `go test` and `go build` found nothing to name.


/**
 * A go command failed and nothing in its output was explained: a toolchain or dependency
 * error when its words say so, otherwise a failure that says go-gate cannot tell why.
 */
function unexplainedGoFailure(run) {
    const raw = run.rawLines ?? [];
    const tail = [...run.tail];
    const all = [...raw, ...tail];
    const text = all.join('\n');
    const known = isToolchainError(text) ? 'toolchain' : isDependencyError(text) ? 'dependency' : undefined;
    const base = { stage: run.stage, severity: 'error', message: messageTail(tail), output: tail };
    if (known) {
        const firstGoLine = all.find((l) => /^go: |^-race|^# |: /.test(l)) ?? tail.find((l) => l.trim() !== '');
        return {
            ...base,
            kind: known,
            title: `${run.command} could not run: ${firstGoLine ?? `exit status ${run.exitCode}`}`
        };
    }
    const status = run.exitCode ?? 'unknown';
    return run.command === 'go build'
        ? {
            ...base,
            kind: 'build-error',
            title: `go build exited with status ${status} and printed no error go-gate could read`
        }
        : {
            ...base,
            kind: 'package-failure',
            title: `go test exited with status ${status} and go-gate could not tell why; the raw output follows`
        };
}

;// CONCATENATED MODULE: ./src/pipeline/stages/build.ts
// The build stage: `go build [build-flags] <build-packages>`. `go build ./...`
// compiles and links every package and discards the results; with build-output
// the binaries of main packages are written there (`-o <dir>/`).











const runBuildStage = async (ctx) => {
    const { options } = ctx;
    const result = emptyStageResult('build');
    const packages = options.build.packages.length > 0 ? options.build.packages : ['./...'];
    // build-output is a folder of the workspace, like every path the workflow's later steps read.
    const outDir = options.build.output !== '' ? external_node_path_default().resolve(options.workspace, options.build.output) : undefined;
    if (outDir)
        await (0,promises_namespaceObject.mkdir)(outDir, { recursive: true });
    // A trailing separator makes -o a folder: one binary per main package, non-main packages only compiled.
    const outputArgs = outDir ? ['-o', `${outDir}${(external_node_path_default()).sep}`] : [];
    let args = ['build', ...options.build.flags, ...outputArgs, ...packages];
    result.command = displayCommand('go', args);
    let run = await runGoCommand(ctx, args);
    if (ctx.signal.aborted)
        return result;
    if (outDir && run.exitCode !== 0 && outputLines(run).some((l) => l === 'go: no main packages to build')) {
        // -o refuses a package list without a main package; build them without it.
        result.notes.push(`build-output: no main package among ${packages.join(' ')}, so no binary was written.`);
        args = ['build', ...options.build.flags, ...packages];
        result.command = displayCommand('go', args);
        run = await runGoCommand(ctx, args);
        if (ctx.signal.aborted)
            return result;
    }
    else if (outDir && run.exitCode === 0) {
        result.notes.push(`Binaries of the main packages were written to ${(paths_pathInside(options.workspace, outDir) ?? outDir) || '.'}/.`);
    }
    if (run.exitCode === 0)
        return result;
    result.status = 'failed';
    if (run.spawnError) {
        result.failures.push(programNotStartedFailure('go', 'build', run.spawnError));
        return result;
    }
    const resolver = new PathResolver({
        repoRoot: options.workspace,
        commandDir: options.moduleDir,
        packages: new Map()
    });
    result.failures.push(...explainBuildOutput(outputLines(run), resolver, 'build'));
    if (result.failures.length === 0) {
        result.rawTail = run.tail;
        result.failures.push(unexplainedGoFailure({ command: 'go build', stage: 'build', exitCode: run.exitCode, tail: run.tail }));
    }
    return result;
};
/** What go build printed, errors first, a line each. */
function outputLines(run) {
    return splitLines(`${run.stderr}\n${run.stdout}`);
}

;// CONCATENATED MODULE: ./src/text/plural.ts
// Counting in words, for every sentence go-gate writes.
/** `n` and the noun, plural when `n` is not 1: plural(1, 'test') is "1 test". */
function plural(n, noun, pluralNoun = `${noun}s`) {
    return `${n} ${n === 1 ? noun : pluralNoun}`;
}

;// CONCATENATED MODULE: ./src/gotest/failfast.ts
// What fail-fast left undone, in words for a reader who does not know the flag:
// go test -failfast starts no new test in a package after its first failure,
// and go-gate stops the whole run when a package fails. The note names the
// top-level tests of the failed package that never started, and the packages
// cut short, and says nothing when the stop left nothing undone.


/** Tests named in full; past this the rest are counted. */
const NAMED_TESTS = 5;
/** Unfinished packages named in full; past this the rest are counted. */
const NAMED_PACKAGES = 3;
// `func TestX(t *testing.T)` at the start of a line; the testing import may be renamed.
const TEST_DECL = /^func\s+(Test\w*)\s*\(\s*\w+\s+\*\w+\.T\s*\)/gm;
/**
 * Top-level test functions declared in one Go file, in file order. As go test
 * does, `Test` must be followed by nothing or by a character that is not a
 * lower-case letter (`Testify` is not a test).
 */
function declaredTests(text) {
    const names = [];
    for (const m of text.matchAll(TEST_DECL)) {
        const name = m[1];
        const next = name.charAt(4);
        if (next === '' || !/[a-z]/.test(next))
            names.push(name);
    }
    return names;
}
/** Top-level tests declared in a package's _test.go files, as the source index read them; undefined when unread. */
function packageTests(index, importPath) {
    const pkg = index.packages.get(importPath);
    if (!pkg?.files || !index.fileText)
        return undefined;
    const names = [];
    let read = false;
    for (const base of pkg.files) {
        if (!base.endsWith('_test.go'))
            continue;
        const text = index.fileText(external_node_path_default().join(pkg.dir, base));
        if (text === undefined)
            continue;
        read = true;
        for (const name of declaredTests(text))
            if (!names.includes(name))
                names.push(name);
    }
    return read ? names : undefined;
}
/** True when the flags choose which tests run (-run, -skip): then not running is no sign of the stop. */
function selectsTests(flags) {
    return flags.some((flag) => /^--?(?:test\.)?(?:run|skip)(?:=|$)/.test(flag));
}
/** Names, the last few counted: "A, B and C", "A, B, C and 4 more". */
function listed(names, shown) {
    if (names.length <= shown) {
        return names.length === 1 ? names[0] : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
    }
    return `${names.slice(0, shown).join(', ')} and ${names.length - shown} more`;
}
/** Declared tests that never started, in declaration order. */
function testsNeverRun(stop) {
    // No test started: the package did not build or died before its tests (init, TestMain), not a fail-fast stop.
    if (!stop.declared || !stop.started || stop.started.size === 0 || selectsTests(stop.flags))
        return [];
    const started = stop.started;
    return stop.declared.filter((name) => !started.has(name));
}
/**
 * The note for a run fail-fast stopped, or undefined when every test of the
 * failed package ran and no other package was cut short.
 *
 * "Stopped at the first failure (fail-fast): TestB and TestC in example.com/m never ran."
 * "Stopped at the first failure (fail-fast): 7 tests in example.com/m/api never ran (TestB, ... and 2 more);
 *  2 packages did not finish: example.com/m/a and example.com/m/b."
 */
function failFastNote(stop) {
    const parts = [];
    const never = testsNeverRun(stop);
    if (never.length > 0 && never.length <= NAMED_TESTS) {
        parts.push(`${listed(never, NAMED_TESTS)} in ${stop.failedPackage} never ran`);
    }
    else if (never.length > NAMED_TESTS) {
        parts.push(`${plural(never.length, 'test')} in ${stop.failedPackage} never ran (${listed(never, NAMED_TESTS)})`);
    }
    const unfinished = stop.unfinished.filter((p) => p !== stop.failedPackage);
    if (unfinished.length === 1)
        parts.push(`${unfinished[0]} did not finish`);
    else if (unfinished.length > 1) {
        parts.push(`${plural(unfinished.length, 'package')} did not finish: ${listed(unfinished, NAMED_PACKAGES)}`);
    }
    if (parts.length === 0)
        return undefined;
    return `Stopped at the first failure (fail-fast): ${parts.join('; ')}.`;
}

;// CONCATENATED MODULE: ./src/gotest/quarantine.ts
// Quarantine: known flaky tests whose failures are reported but never fail the gate.
// A pattern is `pkg/path.TestName`, `TestName` or `TestName/sub*` (`*` matches any
// run of characters); a pattern also covers the subtests of what it names. Only a
// test's own failure is quarantined: a race, a panic or a timeout ends more than one
// test (the tests after a panic never ran) and still fails the gate.

function globSource(pattern) {
    return pattern
        .split('*')
        .map((part) => part.replace(/[\\^$.*+?()[\]{}|/]/g, '\\$&'))
        .join('.*');
}
function quarantineMatcher(patterns) {
    if (patterns.length === 0)
        return () => false;
    const tests = patterns.map((p) => new RegExp(`^${globSource(p)}(?:/.*)?$`, 's'));
    const qualified = patterns.map((p) => new RegExp(`(?:^|/)${globSource(p)}(?:/.*)?$`, 's'));
    return (pkg, test) => tests.some((re) => re.test(test)) || qualified.some((re) => re.test(`${pkg}.${test}`));
}
/**
 * Moves the failures of quarantined tests to notices, so they never fail the stage, and
 * records which quarantined tests failed and which passed (those can be released).
 */
function applyQuarantine(result, matches, passed) {
    const quarantined = [];
    const kept = [];
    for (const failure of result.failures) {
        if (failure.kind === 'test-failure' &&
            failure.test &&
            failure.package &&
            matches(failure.package, failure.test)) {
            quarantined.push({
                package: failure.package,
                test: failure.test,
                failed: true,
                failure: { ...failure }
            });
            result.notices.push({
                ...failure,
                severity: 'notice',
                title: `Quarantined test ${failure.test} failed (not blocking): ${failure.title}`,
                message: `Quarantined test ${failure.test} failed (not blocking).\n\n${failure.message}`,
                rerun: 'quarantined, not blocking'
            });
            continue;
        }
        kept.push(failure);
    }
    const key = (pkg, test) => `${pkg}\u0000${test}`;
    const failedNames = new Set(quarantined.map((q) => key(q.package, q.test)));
    const passedNames = new Set(passed.map((p) => key(p.package, p.test)));
    for (const p of passed) {
        // A quarantined test's subtests pass with it: name the test once.
        const levels = p.test.split('/');
        const underPassed = levels.some((_, i) => i > 0 && passedNames.has(key(p.package, levels.slice(0, i).join('/'))));
        if (!underPassed && !failedNames.has(key(p.package, p.test)))
            quarantined.push({ ...p, failed: false });
    }
    if (quarantined.length === 0)
        return;
    result.quarantined = quarantined;
    if (kept.length === result.failures.length)
        return;
    result.failures = kept;
    if (kept.length === 0)
        result.status = 'passed';
    const n = quarantined.filter((q) => q.failed).length;
    result.notes.push(`${plural(n, 'quarantined test')} failed and did not fail the gate (quarantine).`);
}

;// CONCATENATED MODULE: ./src/gotest/test-cases.ts
/** Tests kept; past this they are counted as dropped. 100,000 cases take about 15 MB. */
const MAX_TEST_CASES = 100_000;
class TestCaseLog {
    max;
    cases = [];
    /** The last case of each test, and whether a `run` came after it (-count=N runs it again). */
    last = new Map();
    dropped = 0;
    constructor(max = MAX_TEST_CASES) {
        this.max = max;
    }
    add(event) {
        if (event.Test === undefined || event.Package === undefined)
            return;
        const key = `${event.Package}\u0000${event.Test}`;
        if (event.Action === 'run') {
            const known = this.last.get(key);
            if (known)
                known.rerun = true;
            return;
        }
        const status = event.Action === 'pass'
            ? 'passed'
            : event.Action === 'fail'
                ? 'failed'
                : event.Action === 'skip'
                    ? 'skipped'
                    : undefined;
        if (status === undefined)
            return;
        const known = this.last.get(key);
        if (known && !known.rerun) {
            // A second end of the same run: a failure always wins.
            if (status === 'failed')
                known.testCase.status = status;
            return;
        }
        if (this.cases.length >= this.max) {
            this.dropped++;
            return;
        }
        const testCase = { package: event.Package, test: event.Test, status };
        if (event.Elapsed !== undefined)
            testCase.elapsedSeconds = event.Elapsed;
        this.cases.push(testCase);
        this.last.set(key, { testCase, rerun: false });
    }
    /** The tests in the order they ended (a test run N times N times), and how many were not kept. */
    finish() {
        return { testCases: this.cases, dropped: this.dropped };
    }
}

;// CONCATENATED MODULE: ./src/gotest/rerun.ts
// Reruns of failed tests (rerun-failed): which failures may be rerun, the `-run`
// pattern that selects exactly one test, and what the attempts make of the stage.
// Pure: the pipeline runs the attempts and hands back whether each passed.

/**
 * Kinds a rerun may turn around: one test's own failure. Races, build, vet and package
 * failures are bugs. A panic or a timeout ends the package's test binary, so the tests
 * after it never ran: rerunning the one test would hide them, so they are not rerun either.
 */
const RERUNNABLE = new Set(['test-failure']);
/** Go's regexp.QuoteMeta: the characters `-run` would read as regular-expression syntax. */
function quoteMeta(text) {
    return text.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}
/**
 * The `-run` pattern that matches one test and nothing else: `^TestX$/^sub_case$`.
 * go test matches each `/`-separated level of the name on its own, so each level is
 * anchored and quoted; the names are the ones the stream shows (spaces already `_`).
 */
function runPattern(test) {
    return test
        .split('/')
        .map((level) => `^${quoteMeta(level)}$`)
        .join('/');
}
/**
 * The `go test` arguments of one rerun: the stage's flags without the coverage profile
 * (coverage is the first run's; a rerun must not overwrite it) and any -count, then
 * `-count=1 -run <pattern>` (the last -run wins over the stage's own) and the package.
 */
function rerunArgs(flags, target) {
    const kept = [];
    for (let i = 0; i < flags.length; i++) {
        const flag = flags[i];
        if (/^--?(coverprofile|coverpkg|count)$/.test(flag)) {
            i++;
            continue;
        }
        if (/^--?(coverprofile|coverpkg|count)=/.test(flag))
            continue;
        kept.push(flag);
    }
    return ['test', '-json', ...kept, '-count=1', '-run', target.pattern, target.package];
}
/** Decides what to rerun from a stage's failures; nothing when a failure is not one a rerun can explain. */
function planReruns(result, options) {
    if (options.attempts <= 0 || result.failures.length === 0)
        return { targets: [] };
    const bug = result.failures.find((f) => !RERUNNABLE.has(f.kind) || !f.test || !f.package);
    if (bug) {
        return {
            targets: [],
            skipped: `Failed tests were not rerun: ${whyNotRerun(bug)}.`
        };
    }
    const targets = new Map();
    for (const failure of result.failures) {
        const pkg = failure.package;
        const test = failure.test;
        targets.set(`${pkg}\u0000${test}`, { package: pkg, test, pattern: runPattern(test), failure });
    }
    if (targets.size > options.maxFailures) {
        return {
            targets: [],
            skipped: `Failed tests were not rerun: ${targets.size} failed, more than rerun-max-failures (${options.maxFailures}); that many failures is a broken build, not flakiness.`
        };
    }
    return { targets: [...targets.values()] };
}
function whyNotRerun(failure) {
    const where = failure.test ? ` in ${failure.test}` : failure.package ? ` in ${failure.package}` : '';
    switch (failure.kind) {
        case 'data-race':
            return `the stage has a data race${where}, a bug a rerun would only hide`;
        case 'compile-error':
            return 'the stage has a compile error, a bug a rerun cannot fix';
        case 'vet-error':
            return 'the stage has a vet error, a bug a rerun cannot fix';
        case 'panic':
        case 'timeout':
            return `the stage has a ${failure.kind}${where}, which ended its package's test binary, so the tests after it never ran`;
        default:
            return `the stage has a failure of kind ${failure.kind}${where}, which is not one test's own failure`;
    }
}
/**
 * Folds the reruns into the stage's result: the final state drives the failures and
 * counts. A test that passed on a rerun is flaky: under `warn` it leaves the failures
 * (a warning keeps its first failure's message and line), under `fail` it stays a failure
 * named flaky. A test that failed every attempt stays, saying so.
 */
function applyReruns(result, outcomes, flaky, 
/** The names of the tests that failed in the first run, by package (parents of a failed subtest included). */
failedTests) {
    const flakyTests = [];
    const cleared = new Set();
    for (const { target, reruns } of outcomes) {
        if (reruns.length === 0)
            continue;
        const attempts = reruns.length + 1;
        const passedAt = reruns.indexOf(true);
        const failure = target.failure;
        if (passedAt < 0) {
            failure.rerun = `failed ${attempts} of ${attempts} attempts`;
            continue;
        }
        const entry = {
            package: target.package,
            test: target.test,
            passedOn: passedAt + 2,
            attempts,
            firstFailure: { ...failure }
        };
        flakyTests.push(entry);
        const said = `flaky: failed on the first run, passed on attempt ${entry.passedOn} of ${attempts}`;
        if (flaky === 'fail') {
            failure.rerun = said;
            continue;
        }
        cleared.add(failure);
        result.notices.push({
            ...failure,
            severity: 'warning',
            title: `Flaky test ${target.test}: ${said}. First failure: ${failure.title}`,
            message: `Flaky test ${target.test}: ${said}. The first failure:\n\n${failure.message}`,
            rerun: said
        });
    }
    if (flakyTests.length === 0)
        return;
    result.flaky = flakyTests;
    if (cleared.size === 0)
        return;
    result.failures = result.failures.filter((f) => !cleared.has(f));
    moveCounts(result, [...cleared], failedTests);
    if (result.failures.length === 0)
        result.status = 'passed';
    const n = flakyTests.length;
    result.notes.push(`${plural(n, 'test')} failed and then passed on a rerun: flaky, not blocking (flaky: warn). Coverage is the first run's.`);
}
/** Moves a cleared test, and each parent that failed only through it, from failed to passed. */
function moveCounts(result, cleared, failedTests) {
    const still = result.failures.filter((f) => f.test && f.package);
    const within = (name, test) => test === name || test.startsWith(`${name}/`);
    const moved = new Set();
    for (const failure of cleared) {
        const pkg = failure.package;
        const test = failure.test;
        // The test itself and the failed tests it runs under (a subtest's name may hold `/` of its own).
        const names = (failedTests.get(pkg) ?? [test]).filter((name) => within(name, test) &&
            !moved.has(`${pkg}\u0000${name}`) &&
            !still.some((f) => f.package === pkg && within(name, f.test)));
        for (const name of names)
            moved.add(`${pkg}\u0000${name}`);
        const count = names.length;
        if (result.tests) {
            const take = Math.min(count, result.tests.failed);
            result.tests = {
                ...result.tests,
                failed: result.tests.failed - take,
                passed: result.tests.passed + take
            };
        }
        const row = result.packages?.find((p) => p.importPath === pkg);
        if (row) {
            const take = Math.min(count, row.tests.failed);
            row.tests = { ...row.tests, failed: row.tests.failed - take, passed: row.tests.passed + take };
            if (row.status === 'failed' && !still.some((f) => f.package === pkg))
                row.status = 'passed';
        }
    }
}
/** The names of a run's failed tests by package, for applyReruns. */
function failedTestNames(run) {
    const names = new Map();
    for (const pkg of run.packages.values()) {
        if (pkg.failed.length > 0)
            names.set(pkg.importPath, pkg.failed.map((t) => t.name));
    }
    return names;
}

;// CONCATENATED MODULE: ./src/pipeline/rerun.ts
// Runs the reruns the core plans (rerun-failed): each failed test alone, one
// attempt after another until it passes or the attempts run out, under the
// stage's signal so stage-timeout and cancellation stop them. The core judges.



async function rerunFailedTests(ctx, flags, env, run, result) {
    const { rerun } = ctx.options;
    if (rerun.attempts === 0 || result.status !== 'failed')
        return;
    const plan = planReruns(result, rerun);
    if (plan.skipped) {
        result.notes.push(plan.skipped);
        ctx.reporter.info(plan.skipped);
    }
    if (plan.targets.length === 0)
        return;
    const started = Date.now();
    const outcomes = [];
    for (const target of plan.targets) {
        const reruns = [];
        while (reruns.length < rerun.attempts && !reruns.includes(true) && !ctx.signal.aborted) {
            reruns.push(await attempt(ctx, rerunArgs(flags, target), env, target));
        }
        outcomes.push({ target, reruns });
    }
    if (ctx.signal.aborted) {
        result.notes.push('The reruns were stopped with the stage, so the first run’s failures stand.');
        return;
    }
    applyReruns(result, outcomes, rerun.flaky, failedTestNames(run));
    result.durationMs += Date.now() - started;
}
/** One attempt: true when the test ran and passed and go exited 0. */
async function attempt(ctx, args, env, target) {
    let passed = false;
    const reader = new TestJsonReader({
        onEvent: (event) => {
            if (event.Action === 'pass' && event.Test === target.test && event.Package === target.package)
                passed = true;
        },
        onRawLine: (line) => ctx.reporter.output(line),
        onOutput: logTestOutput(ctx.reporter)
    });
    ctx.reporter.info(`Rerunning ${target.test} in ${target.package}`);
    const running = startGoTestJson(ctx, args, env, reader);
    const processResult = await running.result;
    reader.finish(processResult.aborted);
    return passed && processResult.exitCode === 0 && !processResult.aborted && !processResult.timedOut;
}

;// CONCATENATED MODULE: ./src/pipeline/gotest-run.ts
// Runs `go test -json` for a stage (unit, integration): streams its output into
// the reader, stops the run at the first failed package under fail-fast, and
// turns the result into a StageResult. Shared so both stages read alike.












/**
 * The flags both test stages pass as the inputs ask: -race, -timeout and -failfast.
 * With reruns or a quarantine there is no -failfast: every test must run in the first attempt,
 * or a flaky or quarantined test would hide the tests -failfast left unrun after it.
 */
function commonTestFlags(options) {
    return [
        ...(options.race ? ['-race'] : []),
        '-timeout',
        options.testTimeout,
        ...(stopsAtFirstFailure(options) ? ['-failfast'] : [])
    ];
}
/**
 * Whether the first run stops at the first failure (-failfast and the package stop): not with
 * reruns or a quarantine, whose failures may not fail the gate while the tests after them must run.
 */
function stopsAtFirstFailure(options) {
    return options.failFast && options.rerun.attempts === 0 && options.rerun.quarantine.length === 0;
}
async function runGoTestJson(ctx, spec) {
    const { options } = ctx;
    const started = Date.now();
    const env = spec.env ?? ctx.env;
    const args = ['test', '-json', ...spec.flags, ...spec.packages];
    const command = spec.shownPackages !== undefined
        ? `${displayCommand('go', ['test', '-json', ...spec.flags])} ${spec.shownPackages}`
        : displayCommand('go', args);
    // The main modules map coverage files to folders; `go list -m` costs next to nothing.
    const modules = go_listModules(options.moduleDir, { env, signal: ctx.signal }).catch(() => []);
    const streamed = await streamGoTest(ctx, spec, env, args);
    const { processResult, run, stoppedBy, stoppedOnPurpose } = streamed;
    const failedPackages = [...run.packages.values()]
        .filter((p) => p.status === 'fail')
        .map((p) => p.importPath);
    // Packages are listed only when something must be explained or named: a green run skips go list.
    const listed = failedPackages.length > 0 || stoppedOnPurpose
        ? await listPackages(options.moduleDir, spec.packages, { env, flags: spec.listFlags }).catch((error) => ({ packages: [], modules: [], stderr: String(error), exitCode: null }))
        : { packages: [], modules: [] };
    const index = await buildSourceIndex(options.workspace, options.moduleDir, listed.packages, failedPackages);
    const { result: base, explanation } = stageResultFromTestRun(run, new PathResolver(index), spec.stage, {
        // A live run has an exit status: a go command error is judged by it below.
        textWithoutEventsFails: false
    });
    const failures = base.failures;
    const notes = base.notes;
    if (processResult.spawnError) {
        failures.unshift(programNotStartedFailure('go', spec.stage, processResult.spawnError));
    }
    const notRun = stoppedOnPurpose ? unfinishedPackages(listed.packages, run) : [];
    if (stoppedBy && !processResult.aborted) {
        const note = failFastNote({
            failedPackage: stoppedBy,
            declared: packageTests(index, stoppedBy),
            started: run.packages.get(stoppedBy)?.startedTests,
            unfinished: notRun,
            flags: spec.flags
        });
        if (note)
            notes.push(note);
    }
    // Never green when go said red: a non-zero exit with nothing explained is a failure we say we cannot explain.
    const goFailed = processResult.exitCode !== 0 && !processResult.timedOut && !processResult.aborted && !stoppedBy;
    let rawTail;
    if ((goFailed || explanation.unexplained) && failures.length === 0) {
        rawTail = processResult.tail;
        failures.push(unexplainedGoFailure({
            command: 'go test',
            stage: spec.stage,
            exitCode: processResult.exitCode,
            tail: processResult.tail,
            rawLines: run.rawLines.lines()
        }));
    }
    else if (base.rawTail) {
        // The process's own tail has stderr too: it says more than the stream's.
        rawTail = processResult.tail;
    }
    const result = {
        stage: spec.stage,
        status: failures.length > 0 ? 'failed' : 'passed',
        durationMs: Date.now() - started,
        failures,
        notices: [],
        notes,
        command,
        tests: base.tests,
        packages: base.packages,
        notRun,
        rawTail
    };
    const cases = streamed.testCases.finish();
    result.testCases = cases.testCases;
    if (cases.dropped > 0)
        result.testCasesDropped = cases.dropped;
    applyQuarantine(result, streamed.quarantine, streamed.quarantinedPassed);
    if (!stoppedOnPurpose)
        await rerunFailedTests(ctx, spec.flags, env, run, result);
    return { result, modules: await modules, exitCode: processResult.exitCode, stopped: stoppedOnPurpose };
}
/** Runs `go test -json`, its output read as it comes and echoed; under fail-fast the first failed package stops it. */
async function streamGoTest(ctx, spec, env, args) {
    const { reporter } = ctx;
    let stoppedBy;
    let running;
    const quarantine = quarantineMatcher(ctx.options.rerun.quarantine);
    const quarantinedPassed = [];
    const testCases = new TestCaseLog();
    const watchQuarantine = ctx.options.rerun.quarantine.length > 0;
    const reader = new TestJsonReader({
        onPackageEnd: (pkg) => {
            if (spec.failFast && pkg.status === 'fail' && stoppedBy === undefined) {
                stoppedBy = pkg.importPath;
                running?.stop();
            }
        },
        onRawLine: (line) => reporter.output(line),
        // Every test's end is logged (JUnit, the report file); a live reporter and a quarantine watch too.
        onEvent: (event) => {
            reporter.testEvent?.(event);
            testCases.add(event);
            if (watchQuarantine &&
                event.Action === 'pass' &&
                event.Test &&
                event.Package &&
                quarantine(event.Package, event.Test))
                quarantinedPassed.push({ package: event.Package, test: event.Test });
        },
        onOutput: logTestOutput(reporter)
    });
    running = startGoTestJson(ctx, args, env, reader);
    const processResult = await running.result;
    // Packages cut short because go-gate stopped the run (fail-fast, stage-timeout,
    // cancellation) did not fail: they did not finish. The stop itself is reported.
    const stoppedOnPurpose = stoppedBy !== undefined || processResult.timedOut || processResult.aborted;
    return {
        processResult,
        run: reader.finish(stoppedOnPurpose),
        stoppedBy,
        stoppedOnPurpose,
        quarantine,
        quarantinedPassed,
        testCases
    };
}
/** Listed packages the stopped run did not finish: still running, or never started. */
function unfinishedPackages(listed, run) {
    return listed
        .map((p) => p.importPath)
        .filter((importPath) => {
        // Ended but let go past the package budget, or still running when the run stopped.
        if (run.omittedPackages.has(importPath))
            return false;
        const record = run.packages.get(importPath);
        return !record || record.status === 'running';
    });
}

;// CONCATENATED MODULE: ./src/pipeline/module-files.ts
// The module's Go files as `./...` sees them: no vendor, testdata, `.` or `_`
// folders, and no nested modules (they are packages of another module).



/** Relative paths (forward slashes, sorted by folder) of the module's Go files. */
async function listModuleGoFiles(moduleDir, signal) {
    const files = [];
    const walk = async (relative) => {
        if (signal?.aborted)
            return;
        let entries;
        try {
            entries = await (0,promises_namespaceObject.readdir)(external_node_path_default().join(moduleDir, relative), { withFileTypes: true });
        }
        catch {
            return; // an unreadable folder holds nothing go would build either
        }
        for (const entry of entries.sort((a, b) => a.name.localeCompare(b.name))) {
            const child = relative === '' ? entry.name : `${relative}/${entry.name}`;
            if (entry.isFile() && entry.name.endsWith('.go'))
                files.push(child);
            else if (entry.isDirectory()) {
                if (entry.name === 'vendor' || entry.name === 'testdata' || /^[._]/.test(entry.name))
                    continue;
                if ((0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(moduleDir, child, 'go.mod')))
                    continue;
                await walk(child);
            }
        }
    };
    await walk('');
    return files;
}

;// CONCATENATED MODULE: ./src/shard/assign.ts
// src/shard/ owns sharding's decisions: the `shard` input read (spec), the test functions a
// package declares (count), which packages each shard runs and why (assign), and the timings
// record: built from a run, merged, keyed and read back (timings). Pure: the pipeline lists the
// packages and runs them, src/github/ restores and saves the record.
//
// Which packages a shard runs. Every shard of a matrix computes the whole split from the same
// inputs and keeps its own part, so the shards agree without talking to each other: the split
// depends only on the package list (not its order), the weights and the shard count.



/** sha256 of the import path: a tie-break that is stable and owes nothing to the listing order. */
function stableHash(importPath) {
    return (0,external_node_crypto_.createHash)('sha256').update(importPath).digest('hex');
}
function median(values) {
    const sorted = [...values].sort((a, b) => a - b);
    const mid = Math.floor(sorted.length / 2);
    return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
/** Seconds known for the listed packages; only finite, non-negative numbers count. */
function knownSeconds(packages, timings) {
    const known = new Map();
    if (!timings)
        return known;
    for (const p of packages) {
        const s = Object.hasOwn(timings, p.importPath) ? timings[p.importPath] : undefined;
        if (typeof s === 'number' && Number.isFinite(s) && s >= 0)
            known.set(p.importPath, s);
    }
    return known;
}
/**
 * Splits the packages over `count` shards, longest first onto the least-loaded shard (ties: fewer
 * packages, then the lowest shard). With timings that know at least one listed package, a package
 * weighs its measured seconds; one they do not know weighs the median of the known ones with tests
 * (the least known one when it has no tests). Without, a package weighs its test functions (at
 * least 1), and equal weights are ordered by a hash of the import path.
 */
function planShards(packages, count, timings) {
    // One entry per import path: a listing that repeats one must not run it twice.
    const unique = [...new Map(packages.map((p) => [p.importPath, p])).values()];
    const known = knownSeconds(unique, timings);
    const basis = known.size > 0 ? 'timings' : 'test-count';
    let weighted;
    let assumedSeconds;
    if (basis === 'timings') {
        const withTests = unique.filter((p) => p.hasTestFiles && known.has(p.importPath));
        const knownValues = [...known.values()];
        assumedSeconds = median(withTests.length > 0 ? withTests.map((p) => known.get(p.importPath)) : knownValues);
        const least = Math.min(...knownValues);
        weighted = unique.map((p) => ({
            importPath: p.importPath,
            weight: known.get(p.importPath) ?? (p.hasTestFiles ? assumedSeconds : least),
            tieBreak: p.importPath
        }));
        if (!unique.some((p) => p.hasTestFiles && !known.has(p.importPath)))
            assumedSeconds = undefined;
    }
    else {
        weighted = unique.map((p) => ({
            importPath: p.importPath,
            weight: Math.max(p.testFunctions, 1),
            tieBreak: stableHash(p.importPath)
        }));
    }
    weighted.sort((a, b) => b.weight - a.weight ||
        (a.tieBreak < b.tieBreak ? -1 : a.tieBreak > b.tieBreak ? 1 : 0) ||
        (a.importPath < b.importPath ? -1 : a.importPath > b.importPath ? 1 : 0));
    const loads = new Array(count).fill(0);
    const sizes = new Array(count).fill(0);
    const shardOf = new Map();
    for (const p of weighted) {
        let best = 0;
        for (let i = 1; i < count; i++) {
            if (loads[i] < loads[best] || (loads[i] === loads[best] && sizes[i] < sizes[best]))
                best = i;
        }
        loads[best] += p.weight;
        sizes[best]++;
        shardOf.set(p.importPath, best);
    }
    const shards = loads.map((load) => ({ packages: [], load }));
    // Each shard's packages in listing order, as `go list` printed them.
    for (const p of unique)
        shards[shardOf.get(p.importPath)].packages.push(p.importPath);
    const splitId = (0,external_node_crypto_.createHash)('sha256')
        .update(JSON.stringify(shards.map((s) => [...s.packages].sort())))
        .digest('hex')
        .slice(0, 16);
    return { basis, shards, timed: known.size, assumedSeconds, totalPackages: unique.length, splitId };
}
/** One decimal for seconds, as the summary shows loads. */
function seconds(s) {
    return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}
function loadText(basis, load) {
    return basis === 'timings' ? seconds(load) : plural(load, 'test function');
}
/** This shard's part of the plan, with the sentence that says why. */
function shardAssignment(plan, spec, timingsKey) {
    const mine = plan.shards[spec.index - 1] ?? { packages: [], load: 0 };
    const maxLoad = Math.max(0, ...plan.shards.map((s) => s.load));
    const label = shardLabel(spec);
    const how = plan.basis === 'timings'
        ? `by the test times measured in an earlier run (${plan.timed} of ${plan.totalPackages} packages timed${plan.assumedSeconds !== undefined
            ? `; the others counted at the median, ${seconds(plan.assumedSeconds)}`
            : ''})`
        : 'by their number of test functions, as no timings record knew these packages';
    let reason;
    if (mine.packages.length === 0) {
        const empty = plan.shards.filter((s) => s.packages.length === 0).length;
        reason =
            plan.totalPackages === 0
                ? `Shard ${label} got no packages: the package patterns matched none.`
                : `Shard ${label} got no packages: ${plural(plan.totalPackages, 'package')} over ${plural(spec.count, 'shard')} leave ${plural(empty, 'shard')} empty.`;
    }
    else {
        const most = mine.load >= maxLoad
            ? 'this is the most loaded shard'
            : `the most loaded shard has ${loadText(plan.basis, maxLoad)}`;
        reason = `Shard ${label} ran ${mine.packages.length} of ${plural(plan.totalPackages, 'package')}, assigned ${how}: ${loadText(plan.basis, mine.load)} here; ${most}.`;
    }
    return {
        shard: spec,
        basis: plan.basis,
        packages: mine.packages,
        totalPackages: plan.totalPackages,
        load: mine.load,
        maxLoad,
        reason,
        splitId: plan.splitId,
        ...(plan.basis === 'timings' && timingsKey ? { timingsKey } : {})
    };
}
/**
 * Whether the shards of one run split the packages the same way: undefined when they did, else the
 * sentence that says which differ and why it matters. A shard that split differently (it restored
 * another timings record) may have left packages unrun that another shard counted on.
 */
function splitDisagreement(assignments) {
    const withId = assignments.filter((a) => a.splitId !== undefined);
    if (withId.length < 2)
        return undefined;
    const groups = new Map();
    for (const a of withId)
        groups.set(a.splitId, [...(groups.get(a.splitId) ?? []), a]);
    if (groups.size === 1)
        return undefined;
    const describe = (group) => {
        const a = group[0];
        const basis = a.basis === 'timings' ? `timings${a.timingsKey ? ` of ${a.timingsKey}` : ''}` : 'test functions';
        return `shard ${group.map((g) => g.shard.index).join(', ')} by ${basis}`;
    };
    return `The shards split the packages differently (${[...groups.values()].map(describe).join('; ')}), so some packages may have run twice or not at all: a timings record was saved between the shards' starts. Run the workflow again.`;
}

;// CONCATENATED MODULE: ./src/shard/count.ts
// How many tests a package declares, read from its _test.go files: the weight of a
// package when no measured timings say better.
// `go test` runs TestXxx where Xxx does not start with a lower-case letter (`Test` alone too).
const TEST_FUNCTION = /^func\s+Test(?:[^\p{Ll}(\s][\p{L}\p{N}_]*)?\s*\(/gmu;
/** The test functions a _test.go file declares (methods and TestMain excluded). */
function countTestFunctions(fileText) {
    let n = 0;
    for (const m of fileText.matchAll(TEST_FUNCTION)) {
        if (!/^func\s+TestMain\s*\(/.test(m[0]))
            n++;
    }
    return n;
}

;// CONCATENATED MODULE: ./src/shard/timings.ts
// The timings record: how long each package's tests took, measured on the default branch and
// saved to the cache, so later sharded runs split the packages by time. Built from a RunReport,
// merged across shards, keyed per module and commit, and read back with its schema checked.

/** The record's name for the cache service (a file name) and the key's start. */
const TIMINGS_RECORD_NAME = 'timings';
const KEY_START = 'go-gate-timings-v1-';
/** `go-gate-timings-v1-<hash>-`: every record of this module and these patterns starts so. */
function timingsKeyPrefix(scope) {
    const hash = createHash('sha256')
        .update(JSON.stringify([
        scope.workingDirectory,
        scope.packages,
        scope.integrationPackages,
        scope.integrationTags
    ]))
        .digest('hex')
        .slice(0, 16);
    return `${KEY_START}${hash}-`;
}
/**
 * A key unique to this commit (cache keys cannot be overwritten); a shard adds its part, so the
 * shards of one run and their merge each save their own record.
 */
function timingsKey(prefix, sha, shard) {
    const commit = sha.trim() === '' ? 'unknown' : sha.trim();
    return `${prefix}${commit}${shard ? `-shard-${shard.index}-of-${shard.count}` : ''}`;
}
/**
 * The keys a run restores timings by: the record of the commit it builds on first, then the newest.
 * Every shard of a run starts from the same base commit, so they restore the same record even when
 * a newer one is saved while they start; only without one do they take the newest.
 */
function timingsRestoreKeys(prefix, baseSha) {
    return baseSha && /^[0-9a-f]{7,64}$/i.test(baseSha) && !/^0+$/.test(baseSha)
        ? [`${prefix}${baseSha}`, prefix]
        : [prefix];
}
/** Timings are saved from pushes to the default branch only: the numbers later runs split by. */
function savesTimings(event) {
    return event.push?.toDefaultBranch === true;
}
function isSecondsMap(value) {
    if (typeof value !== 'object' || value === null || Array.isArray(value))
        return false;
    return Object.values(value).every((s) => typeof s === 'number' && Number.isFinite(s) && s >= 0);
}
/** Reads a saved record; undefined with the reason when it is not one this version knows. */
function parseTimingsRecord(text) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch {
        return { problem: 'the saved timings record is not JSON' };
    }
    const v = value;
    if (typeof v !== 'object' || v === null)
        return { problem: 'the saved timings record is not an object' };
    if (v.schema !== 1)
        return {
            problem: `the saved timings record has schema ${JSON.stringify(v.schema)}; this go-gate reads 1`
        };
    if (!isSecondsMap(v.packages) || (v.integration !== undefined && !isSecondsMap(v.integration)))
        return { problem: 'the saved timings record does not map import paths to seconds' };
    const record = { schema: 1, packages: { ...v.packages } };
    if (v.integration !== undefined)
        record.integration = { ...v.integration };
    return { record };
}
/** The seconds a stage's record part holds: unit's are `packages`, integration's `integration`. */
function stageTimings(record, stage) {
    if (!record)
        return undefined;
    return stage === 'unit' ? record.packages : record.integration;
}
/**
 * Seconds measured in one stage: packages that passed (or have no tests) with an elapsed time.
 * A `(cached)` result took ~0 s because nothing ran, and a failed or stopped package ended early;
 * neither says how long the tests take, so they keep the earlier number.
 */
function measuredSeconds(stage) {
    const measured = {};
    const seen = new Set();
    for (const p of stage?.packages ?? []) {
        seen.add(p.importPath);
        if (p.cached || p.elapsedSeconds === undefined || !Number.isFinite(p.elapsedSeconds))
            continue;
        if (p.status !== 'passed' && p.status !== 'no-tests')
            continue;
        measured[p.importPath] = Math.max(0, p.elapsedSeconds);
    }
    // Packages that never started (fail-fast, a timeout) still exist: they keep their number.
    for (const importPath of [...(stage?.notRun ?? []), ...(stage?.shard?.packages ?? [])])
        seen.add(importPath);
    return { measured, seen };
}
function stagePart(report, stageName, previous) {
    const stage = report.stages.find((s) => s.stage === stageName && s.status !== 'skipped');
    if (!stage && !previous)
        return undefined;
    const { measured, seen } = measuredSeconds(stage);
    const part = {};
    // A shard saw only its own packages: the others keep their numbers. A whole run saw every
    // package, so a package it did not list is gone and leaves the record.
    const sharded = stage?.shard !== undefined || (!stage && report.shard !== undefined);
    for (const [importPath, s] of Object.entries(previous ?? {})) {
        if (sharded || !stage || seen.has(importPath))
            part[importPath] = s;
    }
    Object.assign(part, measured);
    return part;
}
/**
 * The timings a run measured, on top of the previous record: fresh numbers for the packages
 * that ran, the previous ones for cached, failed or stopped packages, and for the packages of
 * other shards. The merge of a sharded run passes its merged report the same way.
 */
function timings_timingsFromReport(report, previous) {
    const record = {
        schema: 1,
        packages: stagePart(report, 'unit', previous?.packages) ?? {}
    };
    const integration = stagePart(report, 'integration', previous?.integration);
    if (integration && Object.keys(integration).length > 0)
        record.integration = integration;
    return record;
}
/** Several records as one (the shards of a run): a package a later record has takes its number. */
function mergeTimings(records) {
    const merged = { schema: 1, packages: {} };
    for (const r of records) {
        Object.assign(merged.packages, r.packages);
        if (r.integration)
            merged.integration = { ...merged.integration, ...r.integration };
    }
    return merged;
}
/** The record as saved: import paths sorted, so equal records are equal text. */
function timings_serializeTimings(record) {
    const sorted = (m) => Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
    const out = { schema: 1, packages: sorted(record.packages) };
    if (record.integration)
        out.integration = sorted(record.integration);
    return `${JSON.stringify(out)}\n`;
}
/** How many packages a record times, for the log. */
function timedPackageCount(record) {
    return new Set([...Object.keys(record.packages), ...Object.keys(record.integration ?? {})]).size;
}

;// CONCATENATED MODULE: ./src/pipeline/shard.ts
// A sharded test stage's packages: the stage's patterns listed with `go list` (with its tags),
// each package's test functions counted from its _test.go files, and the core's split applied.








/** A shard's import paths in the shown command: as they are when few, counted when many. */
function shownShardPackages(packages, assignment) {
    return packages.length > 8
        ? `<the ${packages.length} packages of shard ${shardLabel(assignment.shard)}>`
        : undefined;
}
async function testFunctionsIn(dir, files) {
    let n = 0;
    for (const file of files) {
        // A file that cannot be read weighs nothing; go test will say what is wrong with it.
        n += countTestFunctions(await (0,promises_namespaceObject.readFile)(external_node_path_default().join(dir, file), 'utf8').catch(() => ''));
    }
    return n;
}
/** This shard's packages for a test stage, or why it has none. */
async function shardPackages(ctx, stage, patterns, options) {
    const spec = ctx.options.shard;
    if (!spec)
        return undefined;
    const listed = await listTestFiles(ctx.options.moduleDir, patterns, {
        env: options.env,
        flags: options.listFlags,
        signal: ctx.signal
    });
    if (listed.exitCode !== 0 && listed.packages.length === 0) {
        const why = listed.stderr.trim().split('\n').slice(0, 3).join(' ') || `exit status ${listed.exitCode}`;
        return {
            unsharded: `Shard ${shardLabel(spec)} could not list the packages to split (go list: ${why}), so it ran the ${stage} stage on every package.`
        };
    }
    const packages = [];
    for (const p of listed.packages) {
        packages.push({
            importPath: p.importPath,
            testFunctions: await testFunctionsIn(p.dir, p.testFiles),
            hasTestFiles: p.testFiles.length > 0
        });
    }
    const plan = planShards(packages, spec.count, stageTimings(ctx.timings, stage));
    const assignment = shardAssignment(plan, spec, ctx.timingsKey);
    ctx.reporter.info(`go-gate: ${assignment.reason}`);
    if (assignment.packages.length > 0)
        return { packages: assignment.packages, assignment };
    return {
        assignment,
        skipped: {
            ...emptyStageResult(stage),
            status: 'skipped',
            skipReason: `shard ${shardLabel(spec)} got no packages`,
            // The reason is the shard section's to tell, once.
            shard: assignment
        }
    };
}

// EXTERNAL MODULE: external "node:http"
var external_node_http_ = __nccwpck_require__(7067);
var external_node_http_default = /*#__PURE__*/__nccwpck_require__.n(external_node_http_);
;// CONCATENATED MODULE: external "node:https"
const external_node_https_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:https");
var external_node_https_default = /*#__PURE__*/__nccwpck_require__.n(external_node_https_namespaceObject);
// EXTERNAL MODULE: external "node:net"
var external_node_net_ = __nccwpck_require__(7030);
var external_node_net_default = /*#__PURE__*/__nccwpck_require__.n(external_node_net_);
;// CONCATENATED MODULE: ./src/redact/url.ts
// Credentials in URLs: `scheme://user:password@host` anywhere in a text. Go
// prints proxy URLs with the password as xxxxx but keeps the user name, which
// is where many tokens go (`https://TOKEN@proxy`), so the whole userinfo goes.
/**
 * A scheme, `//`, then the userinfo up to the last `@` before the host ends
 * (white space, `/`, `?`, `#` or a quote): a raw `@` in a password stays inside.
 */
const URL_USERINFO = /([A-Za-z][A-Za-z0-9+.-]*:\/\/)[^\s/?#"'<>@]*(?:@[^\s/?#"'<>@]*)*@/g;
/** The text with the userinfo of every URL in it replaced: `https://***@proxy.corp/go`. */
function redactUrlCredentials(text) {
    if (!text.includes('@') || !text.includes('://'))
        return text;
    return text.replace(URL_USERINFO, (match, scheme) => match === `${scheme}@` ? match : `${scheme}***@`);
}
function decoded(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/**
 * The credentials of every URL in a text, as written and percent-decoded: the
 * password, or the user name when there is no password (then it is the token).
 */
function urlCredentials(text) {
    const found = [];
    if (!text.includes('@') || !text.includes('://'))
        return found;
    for (const match of text.matchAll(URL_USERINFO)) {
        const userinfo = match[0].slice(match[1].length, -1);
        if (userinfo === '')
            continue;
        const colon = userinfo.indexOf(':');
        const credential = colon >= 0 ? userinfo.slice(colon + 1) : userinfo;
        if (credential === '' || credential === '***' || credential === 'xxxxx')
            continue;
        found.push(credential, decoded(credential));
    }
    return found;
}

;// CONCATENATED MODULE: ./src/redact/redact.ts

const REDACTED = '***';
/** A hex number whose letters match in either case: `2[fF]`. */
function hex(value, width) {
    return value
        .toString(16)
        .padStart(width, '0')
        .replace(/[a-f]/g, (d) => `[${d}${d.toUpperCase()}]`);
}
function escapeRegExp(text) {
    return text.replace(/[.*+?^${}()|[\]\\/-]/g, '\\$&');
}
const NAMED_ESCAPES = {
    '\n': 'n',
    '\r': 'r',
    '\t': 't',
    '\b': 'b',
    '\f': 'f',
    '\v': 'v',
    '\x07': 'a',
    '"': '"',
    "'": "'",
    '\\': '\\',
    '/': '/'
};
const HTML_ENTITIES = { '&': 'amp', '<': 'lt', '>': 'gt', '"': 'quot', "'": 'apos' };
const encoder = new TextEncoder();
/** One character as is or percent-encoded. */
function plainOrPercent(ch) {
    return `(?:${escapeRegExp(ch)}|${[...encoder.encode(ch)].map((b) => `%${hex(b, 2)}`).join('')})`;
}
/** A backslash, or its percent-encoding: JSON inside a URL's query escapes, then percent-encodes. */
const BACKSLASH = plainOrPercent('\\');
/**
 * Every way one character of a secret is commonly written: as is,
 * percent-encoded (either case, `+` for a space), escaped as JSON, JavaScript
 * or Go's %q write it (\n, \", \u00e9, \x07, \U0001f600; also with the
 * backslash percent-encoded), or as an HTML entity.
 */
function characterPattern(ch) {
    const cp = ch.codePointAt(0) ?? 0;
    const forms = new Set([escapeRegExp(ch)]);
    forms.add([...encoder.encode(ch)].map((b) => `%${hex(b, 2)}`).join(''));
    if (ch === ' ')
        forms.add('\\+');
    if (cp > 0xffff) {
        const high = 0xd800 + ((cp - 0x10000) >> 10);
        const low = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        forms.add(`${BACKSLASH}u${hex(high, 4)}${BACKSLASH}u${hex(low, 4)}`);
    }
    else
        forms.add(`${BACKSLASH}u${hex(cp, 4)}`);
    forms.add(`${BACKSLASH}U${hex(cp, 8)}`);
    if (cp < 0x100)
        forms.add(`${BACKSLASH}x${hex(cp, 2)}`);
    if (NAMED_ESCAPES[ch])
        forms.add(`${BACKSLASH}${plainOrPercent(NAMED_ESCAPES[ch])}`);
    forms.add(`&#0*${cp};`);
    forms.add(`&#[xX]0*${hex(cp, 1)};`);
    if (HTML_ENTITIES[ch])
        forms.add(`&${HTML_ENTITIES[ch]};`);
    if (ch === "'")
        forms.add('&#39;');
    return forms.size === 1 ? escapeRegExp(ch) : `(?:${[...forms].join('|')})`;
}
function secretPattern(secret) {
    return [...secret].map(characterPattern).join('');
}
/** Every form but the plain one holds one of these (`%41`, `\\u0041`, `&#65;`; `+` stands for a space). */
const ENCODED = /[%\\&]/;
/**
 * The redaction: URL credentials, then each secret (longest first, so a secret
 * that holds another goes whole) in any of the encodings above. A text with no
 * `%`, `\\` or `&` can only hold a secret as is: a plain search finds it, and
 * the patterns run only where an encoding may hide one.
 */
function createRedactor(secrets) {
    const matchers = [...new Set(secrets)]
        .filter((s) => s !== '')
        .sort((a, b) => b.length - a.length)
        .map((secret) => ({
        secret,
        pattern: new RegExp(secretPattern(secret), 'g'),
        hasSpace: secret.includes(' ')
    }));
    return (text) => {
        let out = redactUrlCredentials(text);
        const encoded = ENCODED.test(out);
        for (const m of matchers) {
            if (encoded || (m.hasSpace && out.includes('+')))
                out = out.replace(m.pattern, REDACTED);
            else if (out.includes(m.secret))
                out = out.split(m.secret).join(REDACTED);
        }
        return out;
    };
}
/**
 * What to register with the runner's mask for each secret. The runner masks
 * exact strings only, in raw output it cannot know the encoding of: give it the
 * spellings tests print most (percent-encoded, form-encoded, JSON- and Go-escaped).
 */
function maskValues(secrets) {
    const values = new Set();
    for (const secret of secrets) {
        const json = JSON.stringify(secret).slice(1, -1);
        values.add(secret);
        values.add(encodeURIComponent(secret));
        values.add(encodeURIComponent(secret).replace(/%20/g, '+'));
        values.add(json);
        // Go's encoding/json also escapes <, > and & (HTML-safe by default).
        values.add(json.replace(/[<>&]/g, (c) => `\\u00${c.charCodeAt(0).toString(16)}`));
    }
    return [...values];
}
/** Fields that hold a fixed vocabulary (kinds, statuses), read by machines: never rewritten. */
const VOCABULARY = new Set(['kind', 'stage', 'severity', 'status', 'result', 'hit', 'mode', 'percentText']);
// Reporters tell failures apart by identity (the root cause is also one of its stage's failures):
// an object met twice is copied once, so the copy shares what the report shared.
function redactValue(value, redact, key, copies = new Map()) {
    if (typeof value === 'string')
        return VOCABULARY.has(key) ? value : redact(value);
    if (value === null || typeof value !== 'object')
        return value;
    const seen = copies.get(value);
    if (seen !== undefined)
        return seen;
    if (Array.isArray(value)) {
        const copy = value.length > 0 && value.every((v) => typeof v === 'string')
            ? redactLines(value, redact)
            : value.map((v) => redactValue(v, redact, key, copies));
        copies.set(value, copy);
        return copy;
    }
    const copy = {};
    copies.set(value, copy);
    for (const [k, v] of Object.entries(value))
        copy[k] = redactValue(v, redact, k, copies);
    return copy;
}
/** Lines are rendered joined, so a secret of several lines is looked for across them too. */
function redactLines(lines, redact) {
    const joined = lines.join('\n');
    // Nothing across the lines means nothing in any one of them: one pass for the common case.
    if (redact(joined) === joined)
        return [...lines];
    const each = lines.map(redact);
    const rejoined = each.join('\n');
    const whole = redact(rejoined);
    return whole === rejoined ? each : whole.split('\n');
}
/**
 * A copy of the report with every text field redacted. The one boundary: the
 * adapters call it before any reporter (summary, annotations, outputs, terminal,
 * JSON) reads the report.
 */
function redactReport(report, secrets) {
    return redactValue(report, createRedactor(secrets), '');
}

;// CONCATENATED MODULE: ./src/redact/secrets.ts
// Which values are secret: integration-env values (unless marked public), the
// values of environment variables whose names say secret, and the credentials
// of URLs. Short values and port-like numbers are left alone, so `PORT=5432`
// does not turn every 5432 into ***.

/** integration-env values and URL credentials shorter than this are left alone. */
const MIN_SECRET_LENGTH = 4;
/**
 * A name is only a guess: shorter values of such variables are flags and
 * placeholders (`USE_KEYRING=true`, `DB_PASSWORD=test`), not credentials.
 */
const MIN_NAMED_SECRET_LENGTH = 6;
/** A port or a count (`5432`, `30`): a setting, never a credential worth hiding every number for. */
const PLAIN_NUMBER = /^\d{1,5}$/;
/** Environment variables whose values are treated as secret by their name alone. */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|KEY/i;
/** The value and, for a value of several lines, each line (the runner masks line by line). */
function pieces(value, min) {
    const out = [];
    const whole = value.trim();
    if (whole.length >= min)
        out.push(whole);
    if (/[\r\n]/.test(whole)) {
        for (const line of whole.split(/\r?\n|\r/))
            if (line.trim().length >= min)
                out.push(line.trim());
    }
    return out;
}
/** A value set by name: secret unless short or a plain number. */
function settingPieces(value, min) {
    return PLAIN_NUMBER.test(value.trim()) ? [] : pieces(value, min);
}
function credentialsIn(text) {
    return urlCredentials(text).flatMap((c) => pieces(c, MIN_SECRET_LENGTH));
}
/** The credential of a URL go-gate was given, read as the URL parser reads it (spaces and all). */
function parsedCredentials(url) {
    const found = credentialsIn(url);
    try {
        const parsed = new URL(url);
        const credential = parsed.password !== '' ? parsed.password : parsed.username;
        for (const form of [credential, safeDecode(credential)])
            found.push(...pieces(form, MIN_SECRET_LENGTH));
    }
    catch {
        // Not a URL: options reject it before anything runs; the regex above still read it.
    }
    return found;
}
function safeDecode(text) {
    try {
        return decodeURIComponent(text);
    }
    catch {
        return text;
    }
}
/** Every secret value the sources hold, longest first, without duplicates. */
function collectSecrets(sources) {
    const found = new Set();
    const add = (values) => {
        for (const v of values)
            found.add(v);
    };
    const integration = sources.integrationEnv ?? {};
    const publicNames = new Set(sources.publicNames ?? []);
    for (const [name, value] of Object.entries(integration)) {
        add(credentialsIn(value));
        if (!publicNames.has(name))
            add(settingPieces(value, MIN_SECRET_LENGTH));
    }
    for (const [name, value] of Object.entries(sources.env ?? {})) {
        if (value === undefined || value === '')
            continue;
        add(credentialsIn(value));
        // integration-env decides for its own names (public: included); INPUT_* are go-gate's inputs.
        if (name in integration || /^INPUT_/i.test(name))
            continue;
        if (SECRET_NAME.test(name))
            add(settingPieces(value, MIN_NAMED_SECRET_LENGTH));
    }
    for (const url of sources.urls ?? [])
        add(parsedCredentials(url));
    for (const value of sources.values ?? [])
        add(pieces(value, 1));
    return [...found].sort((a, b) => b.length - a.length || (a < b ? -1 : a > b ? 1 : 0));
}

;// CONCATENATED MODULE: ./src/redact/index.ts
// src/redact/ owns what counts as a secret (secrets.ts), credentials in URLs (url.ts), and the one
// redaction every rendered form goes through (redact.ts): nothing secret leaves the runner.




;// CONCATENATED MODULE: ./src/text/sleep.ts
// Waiting that a stop cuts short.
/** Resolves after `ms`, or as soon as `signal` aborts (at once when it already has). Never rejects. */
function sleepUnlessAborted(ms, signal) {
    return new Promise((resolve) => {
        if (signal?.aborted)
            return resolve();
        const done = () => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', done);
            resolve();
        };
        const timer = setTimeout(done, ms);
        signal?.addEventListener('abort', done, { once: true });
    });
}

;// CONCATENATED MODULE: ./src/pipeline/wait.ts
// wait-for: polls services until they answer or a deadline passes. A tcp://
// target answers when a connection opens; http(s):// when a GET returns 2xx or 3xx.
// The request carries the URL's credentials (basic auth); messages name
// `target.shown`, and an error that quotes the URL gets its credentials hidden.





const FIRST_DELAY_MS = 250;
const MAX_DELAY_MS = 2000;
/** Shortest attempt worth making: less cannot tell a slow service from a dead one. */
const MIN_ATTEMPT_MS = 100;
function tryTcp(target, timeoutMs, signal) {
    return new Promise((resolve) => {
        const socket = external_node_net_default().connect({ host: target.host, port: target.port });
        const finish = (error) => {
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            socket.destroy();
            resolve(error);
        };
        const onAbort = () => finish('cancelled');
        const timer = setTimeout(() => finish(`no answer within ${timeoutMs}ms`), timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        socket.once('connect', () => finish());
        socket.once('error', (error) => finish(error.message || error.code || String(error)));
    });
}
function tryHttp(target, timeoutMs, signal) {
    return new Promise((resolve) => {
        const get = target.protocol === 'https' ? (external_node_https_default()).get : (external_node_http_default()).get;
        let settled = false;
        const finish = (error) => {
            if (settled)
                return;
            settled = true;
            clearTimeout(timer);
            signal?.removeEventListener('abort', onAbort);
            request.destroy();
            resolve(error);
        };
        const request = get(target.raw, { headers: { 'user-agent': 'go-gate wait-for' } }, (response) => {
            const status = response.statusCode ?? 0;
            response.resume();
            finish(status >= 200 && status < 400
                ? undefined
                : `HTTP ${status}${response.statusMessage ? ` ${response.statusMessage}` : ''}`);
        });
        const onAbort = () => finish('cancelled');
        const timer = setTimeout(() => finish(`no answer within ${timeoutMs}ms`), timeoutMs);
        signal?.addEventListener('abort', onAbort, { once: true });
        request.once('error', (error) => finish(error.message || error.code || String(error)));
    });
}
async function waitForOne(target, options, deadline) {
    const started = Date.now();
    let attempts = 0;
    let delay = FIRST_DELAY_MS;
    let lastError;
    for (;;) {
        const left = deadline - Date.now();
        // The first attempt always runs; later ones only with time left to answer.
        if (attempts > 0 && left < MIN_ATTEMPT_MS)
            break;
        const cut = left < (options.attemptTimeoutMs ?? 5000);
        const attemptTimeout = Math.max(MIN_ATTEMPT_MS, Math.min(options.attemptTimeoutMs ?? 5000, left));
        attempts++;
        let error = target.protocol === 'tcp'
            ? await tryTcp(target, attemptTimeout, options.signal)
            : await tryHttp(target, attemptTimeout, options.signal);
        if (error === undefined)
            return { target, ok: true, attempts, elapsedMs: Date.now() - started };
        error = redactUrlCredentials(error.split(target.raw).join(target.shown));
        // An attempt the deadline cut short says less than a refusal before it.
        if (!(cut && lastError !== undefined && error.startsWith('no answer within')))
            lastError = error;
        if (options.signal?.aborted || Date.now() >= deadline)
            break;
        options.onRetry?.(target, error, attempts);
        await sleepUnlessAborted(Math.min(delay, deadline - Date.now()), options.signal);
        delay = Math.min(delay * 2, MAX_DELAY_MS);
        if (options.signal?.aborted)
            break;
    }
    return { target, ok: false, attempts, elapsedMs: Date.now() - started, lastError };
}
/** Polls every target at once until each answers or the shared deadline passes. */
async function waitForTargets(targets, options) {
    const deadline = Date.now() + options.timeoutMs;
    return Promise.all(targets.map((t) => waitForOne(t, options, deadline)));
}

;// CONCATENATED MODULE: ./src/pipeline/stages/integration.ts
// The integration stage: `go test -json -tags=<integration-tags>` over the
// integration packages, read by the same reader and locator as unit. Skipped
// when no Go file carries the tags; services in wait-for are polled first.








const runIntegrationStage = async (ctx) => {
    const { options } = ctx;
    const tags = options.integration.tags.split(',').filter((t) => t !== '');
    const tagged = await findTaggedFile(options.moduleDir, tags, ctx.signal);
    if (!tagged) {
        const reason = `no Go file in the module has a //go:build line with ${tags.map((t) => `\`${t}\``).join(' or ')}`;
        return {
            ...emptyStageResult('integration'),
            status: 'skipped',
            skipReason: reason,
            notes: [
                `Skipped: ${reason} (vendor/ and testdata/ are not searched). Set integration-tags to the tags your integration tests use.`
            ]
        };
    }
    const { flags: extra, tags: userTags } = splitTagsFlag(options.goTestFlags);
    const allTags = [...new Set([...userTags, ...tags])].join(',');
    const env = { ...ctx.env, ...options.integration.env };
    const patterns = options.integration.packages.length > 0 ? options.integration.packages : ['./...'];
    // Split before waiting for services: a shard with no packages needs none.
    const sharded = await shardPackages(ctx, 'integration', patterns, { listFlags: [`-tags=${allTags}`], env });
    if (sharded && 'skipped' in sharded)
        return sharded.skipped;
    if (options.integration.waitFor.length > 0) {
        const waited = await waitForServices(ctx.options.integration.waitFor, options.integration.waitForTimeoutMs, ctx);
        if (waited) {
            if (sharded && 'assignment' in sharded)
                waited.shard = sharded.assignment;
            return waited;
        }
    }
    const flags = [
        `-tags=${allTags}`,
        ...(options.integration.run !== '' ? ['-run', options.integration.run] : []),
        ...commonTestFlags(options),
        ...extra
    ];
    const outcome = await runGoTestJson(ctx, {
        stage: 'integration',
        flags,
        packages: sharded && 'packages' in sharded ? sharded.packages : patterns,
        shownPackages: sharded && 'packages' in sharded ? shownShardPackages(sharded.packages, sharded.assignment) : undefined,
        listFlags: [`-tags=${allTags}`],
        env,
        failFast: stopsAtFirstFailure(options)
    });
    const result = outcome.result;
    if (sharded && 'assignment' in sharded)
        result.shard = sharded.assignment;
    if (sharded && 'unsharded' in sharded)
        result.notes.push(sharded.unsharded);
    return result;
};
async function waitForServices(targets, timeoutMs, ctx) {
    const result = emptyStageResult('integration');
    result.command = `wait-for ${targets.map((t) => t.shown).join(' ')}`;
    ctx.reporter.info(`go-gate: waiting up to ${formatLimit(timeoutMs)} for ${targets.map((t) => t.shown).join(', ')}`);
    const results = await waitForTargets(targets, {
        timeoutMs,
        signal: ctx.signal,
        onRetry: (target, error, attempt) => {
            if (attempt === 1 || attempt % 10 === 0)
                ctx.reporter.info(`go-gate: ${target.shown} not answering yet: ${error}`);
        }
    });
    if (ctx.signal.aborted)
        return result;
    for (const r of results) {
        if (r.ok)
            ctx.reporter.info(`go-gate: ${r.target.shown} answered after ${formatDuration(r.elapsedMs)}`);
    }
    const down = results.filter((r) => !r.ok);
    if (down.length === 0)
        return undefined;
    result.status = 'failed';
    for (const r of down) {
        result.failures.push({
            kind: 'dependency',
            stage: 'integration',
            severity: 'error',
            title: `wait-for: ${r.target.shown} did not answer within ${formatLimit(timeoutMs)} (${r.lastError ?? 'no answer'})`,
            message: [
                `${r.target.shown} did not answer within wait-for-timeout (${formatLimit(timeoutMs)}), after ${r.attempts} attempt(s); the last one failed with: ${r.lastError ?? 'no answer'}.`,
                r.target.protocol === 'tcp'
                    ? 'A tcp:// target answers when a connection to its port opens.'
                    : 'An http(s):// target answers when a GET returns a 2xx or 3xx status.',
                'The integration tests did not run. Check that the service is started before go-gate (a service container, or a step that starts it) and listens on that address.'
            ].join('\n')
        });
    }
    return result;
}
/** Takes `-tags` out of go-test-flags so it can be merged with the integration tags (the last -tags would win). */
function splitTagsFlag(flags) {
    const rest = [];
    const tags = [];
    for (let i = 0; i < flags.length; i++) {
        const m = /^--?tags(?:=(.*))?$/.exec(flags[i]);
        if (!m) {
            rest.push(flags[i]);
            continue;
        }
        const value = m[1] ?? flags[++i] ?? '';
        tags.push(...value.split(/[\s,]+/).filter((t) => t !== ''));
    }
    return { flags: rest, tags };
}
/** The tags a build constraint line mentions: `//go:build integration && !race` → integration, race. */
function constraintTags(line) {
    const m = /^\/\/(?:go:build|\s*\+build)\s(.*)$/.exec(line.trim());
    return m ? m[1].split(/[^A-Za-z0-9_.]+/).filter((t) => t !== '') : undefined;
}
/** Reads the lines before the package clause, where build constraints must be. */
async function headerLines(file) {
    const handle = await (0,promises_namespaceObject.open)(file, 'r');
    try {
        const buffer = Buffer.alloc(16 << 10);
        const { bytesRead } = await handle.read(buffer, 0, buffer.length, 0);
        const lines = [];
        for (const line of buffer.toString('utf8', 0, bytesRead).split('\n')) {
            if (/^\s*package\s/.test(line))
                break;
            lines.push(line);
        }
        return lines;
    }
    finally {
        await handle.close();
    }
}
/** The first Go file of the module (as `./...` sees it) whose build constraint mentions one of the tags. */
async function findTaggedFile(moduleDir, tags, signal) {
    const wanted = new Set(tags);
    for (const file of await listModuleGoFiles(moduleDir, signal)) {
        if (signal?.aborted)
            return undefined;
        const full = external_node_path_default().join(moduleDir, file);
        const lines = await headerLines(full).catch(() => []);
        if (lines.some((line) => constraintTags(line)?.some((t) => wanted.has(t))))
            return full;
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/lint/command.ts
// The `golangci-lint run` command line go-gate runs.

/** Exit code golangci-lint is asked to use when it found issues. */
const GOLANGCI_ISSUES_EXIT_CODE = 1;
/**
 * Arguments of `golangci-lint run` (v2 flags): JSON to a file, so nothing else on stdout
 * can corrupt it; readable text on stdout for the log; absolute paths (v2.1+), because
 * relative ones are relative to the config file's folder, which need not be the module's.
 * The user's lint-args come last so they win.
 */
function golangciRunArgs(version, jsonPath, userArgs) {
    return [
        'run',
        `--output.json.path=${jsonPath}`,
        '--output.text.path=stdout',
        `--issues-exit-code=${GOLANGCI_ISSUES_EXIT_CODE}`,
        // Wait for another golangci-lint on the machine instead of failing after 5s.
        '--allow-serial-runners',
        ...(compareVersions(version, '2.1.0') >= 0 ? ['--path-mode=abs'] : []),
        ...userArgs
    ];
}
/** The exit code that means "issues found", honouring an --issues-exit-code in the user's arguments. */
function issuesExitCode(userArgs) {
    let code = GOLANGCI_ISSUES_EXIT_CODE;
    for (let i = 0; i < userArgs.length; i++) {
        const arg = userArgs[i];
        const inline = /^--?issues-exit-code=(\d+)$/.exec(arg);
        if (inline)
            code = Number(inline[1]);
        else if (/^--?issues-exit-code$/.test(arg) && /^\d+$/.test(userArgs[i + 1] ?? ''))
            code = Number(userArgs[++i]);
    }
    return code;
}

;// CONCATENATED MODULE: ./src/lint/finding.ts
// What a linter found, whichever tool found it, and how it becomes a Failure.




/** The kind of a type-check error: dependency when a module is missing (the go command's words), else compile-error. */
function typeErrorKind(text) {
    return isDependencyError(text) ? 'dependency' : 'compile-error';
}
/** A repository-relative path (forward slashes) for a path printed by a tool; undefined outside the repository. */
function repoRelativePath(file, paths) {
    return fileInside(paths.repoRoot, external_node_path_default().resolve(paths.moduleDir, file));
}
/**
 * Maps a golangci-lint severity to an annotation level. Severities are free text set by
 * `severity:` rules in the config (gosec uses low/medium/high); empty means the default, error.
 */
function lintSeverity(value) {
    switch ((value ?? '').trim().toLowerCase()) {
        case 'warning':
        case 'warn':
            return 'warning';
        case 'info':
        case 'notice':
        case 'hint':
            return 'notice';
        default:
            return 'error';
    }
}
function lintFindingToFailure(finding) {
    const firstLine = finding.text.split('\n', 1)[0].trim();
    const where = finding.file === undefined && finding.rawFile !== undefined
        ? ` (${finding.rawFile}${finding.line !== undefined ? `:${finding.line}` : ''})`
        : '';
    const failure = {
        kind: finding.kind,
        stage: 'lint',
        severity: finding.severity,
        title: `${finding.linter}: ${firstLine}${where}`,
        message: finding.text,
        tool: finding.linter
    };
    if (finding.package !== undefined)
        failure.package = finding.package;
    if (finding.source !== undefined && finding.source.length > 0)
        failure.source = finding.source;
    if (finding.file !== undefined) {
        failure.location = { file: finding.file };
        if (finding.line !== undefined && finding.line > 0)
            failure.location.line = finding.line;
        if (finding.col !== undefined && finding.col > 0)
            failure.location.col = finding.col;
        if (finding.endLine !== undefined && finding.line !== undefined && finding.endLine > finding.line) {
            failure.location.endLine = finding.endLine;
        }
    }
    return failure;
}
/**
 * Splits findings into failures (errors: they fail the stage) and notices (warnings and
 * notices: shown, not failing). Code that does not compile explains the rest, so it goes first.
 */
function lintFindingsToFailures(findings) {
    const failures = [];
    const notices = [];
    for (const finding of findings) {
        const failure = lintFindingToFailure(finding);
        if (finding.severity === 'error')
            failures.push(failure);
        else
            notices.push(failure);
    }
    failures.sort((a, b) => EXPLAINING_RANK[a.kind] - EXPLAINING_RANK[b.kind]);
    return { failures, notices };
}

;// CONCATENATED MODULE: ./src/lint/exit-status.ts


// golangci-lint's exit codes (pkg/exitcodes): 3 failure, 4 its own --timeout, 5 no Go files.
const EXIT_TIMEOUT = 4;
const EXIT_NO_GO_FILES = 5;
function toolchainFailure(title, message, output) {
    const failure = { kind: 'toolchain', stage: 'lint', severity: 'error', title, message };
    if (output)
        failure.output = output;
    return failure;
}
/** Reads golangci-lint's exit status together with its JSON result. */
function judgeGolangciRun(run) {
    const { report, tail, exitCode } = run;
    const notes = (report?.warnings.slice(0, 5) ?? []).map((warning) => `golangci-lint: ${warning}`);
    if ((exitCode === 0 || exitCode === run.issuesExitCode) && report) {
        if (report.error)
            notes.push(`golangci-lint reported an error it could not place: ${report.error}`);
        return { findings: report.findings, leading: [], notes };
    }
    if (exitCode === EXIT_NO_GO_FILES) {
        notes.push(`golangci-lint found no Go files to analyze in ${run.workingDirectory}.`);
        return { findings: [], leading: [], notes };
    }
    const findings = report?.findings ?? [];
    if (exitCode === EXIT_TIMEOUT) {
        const timeout = {
            kind: 'timeout',
            stage: 'lint',
            severity: 'error',
            title: 'golangci-lint stopped at its own timeout (--timeout or run.timeout in .golangci.yml)',
            message: messageTail(tail),
            output: tail
        };
        return { findings, leading: [timeout], notes, rawTail: tail };
    }
    // A config it refuses, a crash, output it could not write: the tool is broken, not the code.
    const said = tail
        .map((line) => /^(?:Error: |level=error msg=")(.*?)"?$/.exec(line)?.[1])
        .find((m) => m !== undefined);
    const reason = said ?? report?.error ?? run.unreadable ?? `exit status ${exitCode ?? run.signal ?? 'unknown'}`;
    const hint = /unsupported version of the configuration/.test(tail.join('\n'))
        ? ' The config is written for golangci-lint v1; `golangci-lint migrate` converts it to v2.'
        : '';
    const broken = toolchainFailure(`golangci-lint ${run.version} failed to run: ${reason}`, `golangci-lint exited with status ${exitCode ?? 'unknown'} without a lint result, so its configuration or the binary is broken or unsupported.${hint}\n\n${messageTail(tail)}`, tail);
    return { findings, leading: [broken], notes, rawTail: tail };
}
/**
 * `go vet` failed and printed no finding: a module it cannot load (dependency) or a vet
 * that cannot run (toolchain). Undefined when it passed or its findings explain it.
 */
function vetRunFailure(exitCode, tail, findings) {
    if (exitCode === 0 || findings.length > 0)
        return undefined;
    const kind = typeErrorKind(tail.join('\n')) === 'dependency' ? 'dependency' : 'toolchain';
    return {
        kind,
        stage: 'lint',
        severity: 'error',
        title: `go vet failed: ${tail.find((line) => line.trim() !== '') ?? `exit status ${exitCode}`}`,
        message: messageTail(tail),
        output: tail
    };
}

;// CONCATENATED MODULE: ./src/lint/gofmt.ts
// `gofmt -l` and `gofmt -d` output → findings (the fallback when golangci-lint cannot be had).

/** The files `gofmt -l` listed, as it printed them (relative to where it ran). */
function parseGofmtList(text) {
    return text
        .split('\n')
        .map((line) => line.replace(/\r$/, ''))
        .filter((line) => line.trim() !== '');
}
/**
 * The first line that gofmt would change in each file of a `gofmt -d` diff, keyed by the
 * file as gofmt printed it. Hunks are `@@ -old,n +new,m @@`; the old side numbers the file as it is.
 */
function parseGofmtDiff(text) {
    const first = new Map();
    let file;
    let oldLine = 0;
    for (const rawLine of text.split('\n')) {
        const line = rawLine.replace(/\r$/, '');
        if (line.startsWith('diff ')) {
            file = undefined;
            continue;
        }
        if (line.startsWith('--- '))
            continue;
        if (line.startsWith('+++ ')) {
            // `+++ x.go` (after `--- x.go.orig`); older releases add a tab and a time stamp.
            file = line.slice(4).replace(/\t.*$/, '');
            continue;
        }
        const hunk = /^@@ -(\d+)(?:,\d+)? \+\d+(?:,\d+)? @@/.exec(line);
        if (hunk) {
            oldLine = Number(hunk[1]);
            continue;
        }
        if (file === undefined || first.has(file))
            continue;
        if (line.startsWith(' '))
            oldLine++;
        else if (line.startsWith('-') || line.startsWith('+'))
            first.set(file, Math.max(oldLine, 1));
    }
    return first;
}
/** One finding per file gofmt would change, at the first line it would change (line 1 when unknown). */
function gofmtFindings(files, firstLines, paths) {
    return files.map((rawFile) => {
        const clean = rawFile.replace(/^\.\//, '');
        const line = firstLines.get(rawFile) ?? firstLines.get(clean) ?? 1;
        const finding = {
            tool: 'gofmt',
            linter: 'gofmt',
            severity: 'error',
            kind: 'lint',
            rawFile,
            line,
            text: `File is not gofmt-ed; \`gofmt -w ${clean}\` fixes it.`
        };
        const file = repoRelativePath(rawFile, paths);
        if (file !== undefined)
            finding.file = file;
        return finding;
    });
}

;// CONCATENATED MODULE: ./src/lint/golangci.ts
// golangci-lint v2's JSON output (`--output.json.path`) → findings.
//
// The shape (printers.JSONResult in golangci-lint v2):
//   { "Issues": [ { "FromLinter": "errcheck", "Text": "...", "Severity": "error" | "warning" | "",
//                   "SourceLines": ["..."], "Pos": { "Filename", "Offset", "Line", "Column" },
//                   "LineRange"?: { "From", "To" }, "SuggestedFixes"?: [...] } ],
//     "Report": { "Warnings"?: [ { "Tag"?, "Text" } ], "Linters"?: [...], "Error"?: "..." } }

const MAX_SOURCE_LINES = 3;
const MAX_SOURCE_CHARS = 300;
class GolangciOutputError extends Error {
    constructor(message) {
        super(message);
        this.name = 'GolangciOutputError';
    }
}
const num = (value) => typeof value === 'number' && Number.isFinite(value) ? value : undefined;
const str = (value) => (typeof value === 'string' ? value : '');
// typecheck reports a broken dependency at the import, with the compiler's own
// `file:line:col: message` (relative to where the go command ran) inside its text.
const EMBEDDED_POSITION = /(?:^|\()(?:vet: )?([^\s():][^\n():]*?\.go):(\d+):(\d+): (.+)$/m;
/**
 * Reads golangci-lint's JSON result. Paths are absolute with `--path-mode=abs` (v2.1+);
 * otherwise they are relative and resolved against `moduleDir`.
 * Throws GolangciOutputError when the text is not golangci-lint JSON.
 */
function parseGolangciJson(text, paths) {
    let parsed;
    try {
        parsed = JSON.parse(text);
    }
    catch (error) {
        throw new GolangciOutputError(`golangci-lint's JSON output could not be read: ${error.message}`);
    }
    if (parsed === null ||
        typeof parsed !== 'object' ||
        !Array.isArray(parsed.Issues)) {
        throw new GolangciOutputError('golangci-lint printed JSON without an "Issues" list');
    }
    const { Issues, Report } = parsed;
    const findings = [];
    for (const issue of Issues) {
        if (issue === null || typeof issue !== 'object')
            continue;
        findings.push(issueToFinding(issue, paths));
    }
    const warnings = [];
    if (Report && Array.isArray(Report.Warnings)) {
        for (const w of Report.Warnings) {
            const tag = str(w?.Tag);
            const body = str(w?.Text);
            if (body !== '')
                warnings.push(tag !== '' ? `${tag}: ${body}` : body);
        }
    }
    const report = { findings, warnings };
    const error = str(Report?.Error).trim();
    if (error !== '')
        report.error = error;
    return report;
}
function issueToFinding(issue, paths) {
    const linter = str(issue.FromLinter) || 'golangci-lint';
    const text = str(issue.Text).trim();
    const rawFile = str(issue.Pos?.Filename);
    const finding = {
        tool: 'golangci-lint',
        linter,
        severity: lintSeverity(str(issue.Severity)),
        kind: linter === 'typecheck' ? typeErrorKind(text) : 'lint',
        text
    };
    if (rawFile !== '') {
        finding.rawFile = rawFile;
        const file = repoRelativePath(rawFile, paths);
        if (file !== undefined)
            finding.file = file;
    }
    const line = num(issue.Pos?.Line);
    const col = num(issue.Pos?.Column);
    if (line !== undefined && line > 0)
        finding.line = line;
    if (col !== undefined && col > 0)
        finding.col = col;
    // The line as golangci-lint prints it under a finding; a few at most, each cut to a sane width.
    if (Array.isArray(issue.SourceLines)) {
        const source = issue.SourceLines.filter((l) => typeof l === 'string')
            .slice(0, MAX_SOURCE_LINES)
            .map((l) => (l.length > MAX_SOURCE_CHARS ? `${l.slice(0, MAX_SOURCE_CHARS)}…` : l));
        if (source.length > 0)
            finding.source = source;
    }
    const to = num(issue.LineRange?.To);
    if (to !== undefined && line !== undefined && to > line)
        finding.endLine = to;
    if (linter === 'typecheck') {
        // Point at the line that does not compile, not at the import of its package.
        const m = EMBEDDED_POSITION.exec(text);
        const file = m ? repoRelativePath(m[1], paths) : undefined;
        if (m && file !== undefined) {
            finding.file = file;
            finding.rawFile = m[1];
            finding.line = Number(m[2]);
            finding.col = Number(m[3]);
            delete finding.endLine;
            delete finding.source;
            finding.text = `${withoutWrapperParens(m[4])}\n\n${text}`;
        }
    }
    return finding;
}
/** Drops the unbalanced `)` that close typecheck's `could not import X (...)` around the compiler's message. */
function withoutWrapperParens(message) {
    let depth = 0;
    for (const c of message) {
        if (c === '(')
            depth++;
        else if (c === ')')
            depth--;
    }
    let text = message;
    while (depth < 0 && text.endsWith(')')) {
        text = text.slice(0, -1);
        depth++;
    }
    return text;
}

;// CONCATENATED MODULE: ./src/lint/vet.ts
// `go vet ./...` output → findings (the fallback when golangci-lint cannot be had).
//
// vet prints `file:line:col: message` relative to the folder it ran in. Code that does not
// type-check is printed by the compiler under a `# pkg` header, and again by vet, under
// `# [pkg]`, as `vet: file:line:col: message`. Older Go put vet's own findings under `# [pkg]` too.

const POSITION = /^(vet: )?(.+?\.go):(\d+)(?::(\d+))?: (.*)$/;
const HEADER = /^# (\[)?([^\s\]]+)/;
function parseVetOutput(text, paths) {
    const findings = [];
    const byKey = new Map();
    let pkg;
    // Under a plain `# pkg` header the compiler speaks, under `# [pkg]` vet does.
    let underCompiler = false;
    let last;
    for (const rawLine of text.split('\n')) {
        const line = rawLine.replace(/\r$/, '');
        const header = HEADER.exec(line);
        if (header) {
            pkg = header[2];
            underCompiler = header[1] === undefined;
            last = undefined;
            continue;
        }
        const m = POSITION.exec(line);
        if (!m) {
            // Continuation lines of a multi-line message are indented.
            if (last && /^\s+\S/.test(line)) {
                last.text += `\n${line.trim()}`;
                if (last.kind !== 'lint' || typeErrorKind(last.text) === 'dependency')
                    last.kind = typeErrorKind(last.text);
            }
            else {
                last = undefined;
            }
            continue;
        }
        const [, vetPrefix, rawFile, lineText, colText, message] = m;
        const typeError = vetPrefix !== undefined || underCompiler || typeErrorKind(message) === 'dependency';
        const key = `${rawFile}:${lineText}:${colText ?? ''}: ${message}`;
        const seen = byKey.get(key);
        if (seen) {
            if (typeError && seen.kind === 'lint')
                seen.kind = typeErrorKind(seen.text);
            last = undefined;
            continue;
        }
        const finding = {
            tool: 'go vet',
            linter: 'go vet',
            severity: 'error',
            kind: typeError ? typeErrorKind(message) : 'lint',
            rawFile,
            line: Number(lineText),
            text: message
        };
        if (colText !== undefined)
            finding.col = Number(colText);
        const file = repoRelativePath(rawFile, paths);
        if (file !== undefined)
            finding.file = file;
        if (pkg !== undefined)
            finding.package = pkg;
        byKey.set(key, finding);
        findings.push(finding);
        last = finding;
    }
    return findings;
}

;// CONCATENATED MODULE: ./src/lint/index.ts
// src/lint/ owns what lint output means: golangci-lint's JSON report and the go vet and gofmt
// fallback read into findings and Failures (golangci, vet, gofmt, finding), the golangci-lint
// command line and exit codes (command), and release asset names and checksums (release). No
// I/O: the lint stage in src/pipeline/ runs the tools and installs golangci-lint.








;// CONCATENATED MODULE: external "node:dns/promises"
const external_node_dns_promises_namespaceObject = __WEBPACK_EXTERNAL_createRequire(import.meta.url)("node:dns/promises");
;// CONCATENATED MODULE: ./src/pipeline/install-golangci.ts
// Finds golangci-lint at the wanted version: the binary on PATH when its version
// matches, else the runner's tool cache, else the release archive, downloaded,
// checked against the release's checksums file and cached with @actions/tool-cache.
// Never throws for a tool that cannot be had: the lint stage then falls back.









/** Overrides where releases are downloaded from (a mirror; the tests' local server). */
const GOLANGCI_BASE_URL_ENV = 'GO_GATE_GOLANGCI_LINT_BASE_URL';
const TOOL_NAME = 'golangci-lint';
async function findGolangciLint(options) {
    const wanted = bareVersion(options.version);
    const onPath = await reportedVersion('golangci-lint', options);
    if (onPath === wanted) {
        options.log(`Using golangci-lint ${wanted} from PATH.`);
        return { found: true, binary: { path: 'golangci-lint', version: wanted, from: 'PATH' } };
    }
    options.log(onPath === undefined
        ? `golangci-lint is not on PATH; installing v${wanted}.`
        : `golangci-lint on PATH is ${onPath}, not ${wanted}; installing v${wanted}.`);
    const asset = releaseAsset(wanted, process.platform, process.arch);
    if (!asset)
        return {
            found: false,
            reason: `golangci-lint publishes no release for ${process.platform}/${process.arch}`
        };
    try {
        return await withToolCacheEnv(options, () => fromToolCache(asset, options));
    }
    catch (error) {
        if (options.signal.aborted)
            return { found: false, reason: 'the stage was stopped' };
        return { found: false, reason: errorMessage(error) };
    }
}
/** @actions/tool-cache and its HTTP stack load only when the binary is not on PATH: start-up stays quick. */
function loadToolCache() {
    return __nccwpck_require__.e(/* import() */ 991).then(__nccwpck_require__.bind(__nccwpck_require__, 5991));
}
async function fromToolCache(asset, options) {
    const tc = await loadToolCache();
    const cached = tc.find(TOOL_NAME, asset.version);
    if (cached !== '') {
        const binary = external_node_path_default().join(cached, asset.binary);
        if ((await reportedVersion(binary, options)) === asset.version) {
            options.log(`Using golangci-lint ${asset.version} from the tool cache (${cached}).`);
            return { found: true, binary: { path: binary, version: asset.version, from: 'tool-cache' } };
        }
        options.log(`The tool cache holds golangci-lint ${asset.version} at ${cached}, but it does not run; downloading it again.`);
    }
    const base = options.env[GOLANGCI_BASE_URL_ENV]?.trim() || GOLANGCI_RELEASE_BASE_URL;
    const downloads = await (0,promises_namespaceObject.mkdtemp)(external_node_path_default().join(options.tempDir, 'golangci-lint-'));
    const checksumsUrl = releaseUrl(base, asset.version, asset.checksums);
    const archiveUrl = releaseUrl(base, asset.version, asset.archive);
    const unresolvable = await unresolvableHost(checksumsUrl, options.env);
    if (unresolvable)
        throw new Error(unresolvable);
    options.log(`Downloading ${archiveUrl} and ${asset.checksums}`);
    const checksumsFile = await download(checksumsUrl, external_node_path_default().join(downloads, asset.checksums), options.signal);
    const expected = parseChecksums(await (0,promises_namespaceObject.readFile)(checksumsFile, 'utf8')).get(asset.archive);
    if (!expected)
        throw new Error(`${asset.checksums} has no checksum for ${asset.archive}; refusing to install it`);
    const archive = await download(archiveUrl, external_node_path_default().join(downloads, asset.archive), options.signal);
    const actual = await sha256File(archive);
    if (actual !== expected) {
        throw new Error(`checksum mismatch for ${asset.archive}: ${asset.checksums} says sha256 ${expected}, the download is ${actual}; refusing to install it`);
    }
    options.log(`Checksum of ${asset.archive} verified (sha256 ${actual}).`);
    const extractTo = external_node_path_default().join(downloads, 'extracted');
    await (0,promises_namespaceObject.mkdir)(extractTo, { recursive: true });
    const extracted = asset.format === 'zip' ? await tc.extractZip(archive, extractTo) : await tc.extractTar(archive, extractTo);
    const folder = (0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(extracted, asset.folder, asset.binary))
        ? external_node_path_default().join(extracted, asset.folder)
        : extracted;
    if (!(0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(folder, asset.binary))) {
        throw new Error(`${asset.archive} holds no ${asset.folder}/${asset.binary}`);
    }
    const toolDir = await tc.cacheDir(folder, TOOL_NAME, asset.version);
    const binary = external_node_path_default().join(toolDir, asset.binary);
    const version = await reportedVersion(binary, options);
    if (version !== asset.version) {
        throw new Error(`the downloaded golangci-lint reports version ${version ?? '(none)'}, not ${asset.version}`);
    }
    options.log(`Installed golangci-lint ${asset.version} into the tool cache (${toolDir}).`);
    return { found: true, binary: { path: binary, version: asset.version, from: 'download' } };
}
/** The version a golangci-lint binary reports; undefined when it cannot be run. */
async function reportedVersion(binary, options) {
    const result = await runCapturingOutput(binary, ['version'], {
        cwd: options.tempDir,
        env: options.env,
        signal: options.signal,
        timeoutMs: 60_000
    });
    if (result.spawnError || result.exitCode !== 0)
        return undefined;
    return parseGolangciVersion(`${result.stdout}\n${result.stderr}`);
}
async function download(url, dest, signal) {
    const tc = await loadToolCache();
    try {
        return await abortable(tc.downloadTool(url, dest), signal);
    }
    catch (error) {
        const status = error instanceof tc.HTTPError ? `HTTP ${error.httpStatusCode}` : errorMessage(error);
        throw new Error(`downloading ${url} failed: ${status}`);
    }
}
/**
 * Without a proxy, a host name that does not resolve means no network: say so at once, where
 * tool-cache would retry twice, 10 to 20 seconds apart. Behind a proxy only the proxy resolves it.
 */
async function unresolvableHost(url, env) {
    const proxied = ['https_proxy', 'HTTPS_PROXY', 'http_proxy', 'HTTP_PROXY'].some((key) => (env[key] ?? '') !== '');
    if (proxied)
        return undefined;
    const host = new URL(url).hostname;
    try {
        await (0,external_node_dns_promises_namespaceObject.lookup)(host);
        return undefined;
    }
    catch (error) {
        const code = error.code ?? errorMessage(error);
        return `${host} cannot be resolved (${code}); no network?`;
    }
}
async function sha256File(file) {
    const hash = (0,external_node_crypto_.createHash)('sha256');
    for await (const chunk of (0,external_node_fs_namespaceObject.createReadStream)(file))
        hash.update(chunk);
    return hash.digest('hex');
}
/** Settles with the promise, or rejects as soon as the signal aborts (a download has no signal of its own). */
function abortable(promise, signal) {
    if (signal.aborted)
        return Promise.reject(new Error('stopped'));
    return new Promise((resolve, reject) => {
        const onAbort = () => reject(new Error('stopped'));
        signal.addEventListener('abort', onAbort, { once: true });
        promise.then((value) => {
            signal.removeEventListener('abort', onAbort);
            resolve(value);
        }, (error) => {
            signal.removeEventListener('abort', onAbort);
            reject(error);
        });
    });
}
/**
 * @actions/tool-cache reads RUNNER_TOOL_CACHE and RUNNER_TEMP from process.env. Take them from
 * the stage's environment; outside a runner (the CLI), cache under ~/.cache/go-gate.
 */
async function withToolCacheEnv(options, fn) {
    const keys = ['RUNNER_TOOL_CACHE', 'RUNNER_TEMP'];
    const saved = keys.map((key) => process.env[key]);
    process.env.RUNNER_TOOL_CACHE =
        options.env.RUNNER_TOOL_CACHE ||
            process.env.RUNNER_TOOL_CACHE ||
            external_node_path_default().join(external_node_os_default().homedir(), '.cache', 'go-gate', 'tool-cache');
    process.env.RUNNER_TEMP = options.env.RUNNER_TEMP || process.env.RUNNER_TEMP || options.tempDir;
    try {
        return await fn();
    }
    finally {
        keys.forEach((key, i) => {
            if (saved[i] === undefined)
                delete process.env[key];
            else
                process.env[key] = saved[i];
        });
    }
}

;// CONCATENATED MODULE: ./src/pipeline/stages/lint.ts
// The lint stage: golangci-lint (v2) at the pinned version, found on PATH or installed
// with the tool cache; when it cannot be had, `go vet ./...` and `gofmt -l` instead, and
// the summary says so. Findings become Failures of kind lint (errors fail the stage,
// warnings become notices).










/** Files per gofmt invocation, to stay below the command-line limit. */
const GOFMT_BATCH = 200;
const runLintStage = async (ctx) => {
    const started = Date.now();
    const result = emptyStageResult('lint');
    const version = ctx.options.lint.version;
    // What the timeout failure names if the stage is stopped while downloading.
    result.command = `install golangci-lint ${version}`;
    const lookup = await findGolangciLint({
        version,
        env: ctx.env,
        tempDir: ctx.tempDir,
        signal: ctx.signal,
        log: (message) => ctx.reporter.info(message)
    });
    if (ctx.signal.aborted)
        return finish(result, started, true);
    if (lookup.found) {
        await runGolangciLint(ctx, lookup.binary, result);
    }
    else {
        const note = `golangci-lint ${version} could not be installed (${lookup.reason}); fell back to go vet and gofmt -l.`;
        result.notes.push(note);
        ctx.reporter.warning(note);
        await runFallback(ctx, result);
    }
    return finish(result, started, ctx.signal.aborted);
};
/** A stopped stage is never green; the pipeline adds the timeout or cancellation. */
function finish(result, started, stopped = false) {
    result.status = stopped || result.failures.length > 0 ? 'failed' : 'passed';
    result.durationMs = Date.now() - started;
    return result;
}
function lintPaths(ctx) {
    return { moduleDir: ctx.options.moduleDir, repoRoot: ctx.options.workspace };
}
function addFindings(result, findings) {
    const { failures, notices } = lintFindingsToFailures(findings);
    result.failures.push(...failures);
    result.notices.push(...notices);
}
async function runGolangciLint(ctx, binary, result) {
    const { options, reporter } = ctx;
    const jsonPath = external_node_path_default().join(ctx.tempDir, 'golangci-lint.json');
    await (0,promises_namespaceObject.rm)(jsonPath, { force: true });
    const args = golangciRunArgs(binary.version, jsonPath, options.lint.args);
    result.command = displayCommand('golangci-lint', args);
    reporter.info(`$ ${result.command}`);
    const run = await runModuleCommand(ctx, binary.path, args, { announce: false });
    if (run.aborted || run.timedOut) {
        result.rawTail = run.tail;
        return;
    }
    if (run.spawnError) {
        result.failures.push(programNotStartedFailure('golangci-lint', 'lint', run.spawnError, `Tried to run ${binary.path}.`));
        return;
    }
    let report;
    let unreadable;
    try {
        report = parseGolangciJson(await (0,promises_namespaceObject.readFile)(jsonPath, 'utf8'), lintPaths(ctx));
    }
    catch (error) {
        if (error.code === 'ENOENT')
            unreadable = 'golangci-lint wrote no JSON result';
        else if (error instanceof GolangciOutputError)
            unreadable = error.message;
        else
            throw error;
    }
    const outcome = judgeGolangciRun({
        version: binary.version,
        exitCode: run.exitCode,
        signal: run.signal,
        tail: run.tail,
        issuesExitCode: issuesExitCode(options.lint.args),
        workingDirectory: options.workingDirectory,
        report,
        unreadable
    });
    result.notes.push(...outcome.notes);
    addFindings(result, outcome.findings);
    result.failures.unshift(...outcome.leading);
    if (outcome.rawTail)
        result.rawTail = outcome.rawTail;
}
async function runFallback(ctx, result) {
    const { options, reporter } = ctx;
    const paths = lintPaths(ctx);
    const findings = [];
    const vetArgs = ['vet', './...'];
    result.command = displayCommand('go', vetArgs);
    reporter.info(`$ ${result.command}`);
    const vet = await runModuleCommand(ctx, 'go', vetArgs, { announce: false });
    if (vet.aborted || vet.timedOut) {
        result.rawTail = vet.tail;
        return;
    }
    const vetFindings = parseVetOutput(`${vet.stderr}\n${vet.stdout}`, paths);
    findings.push(...vetFindings);
    const vetFailure = vet.spawnError
        ? programNotStartedFailure('go vet', 'lint', vet.spawnError, '')
        : vetRunFailure(vet.exitCode, vet.tail, vetFindings);
    if (vetFailure) {
        if (!vet.spawnError)
            result.rawTail = vet.tail;
        result.failures.push(vetFailure);
    }
    const gofmt = gofmtBinary(ctx);
    const files = await listModuleGoFiles(options.moduleDir);
    const unformatted = [];
    result.command = `${result.command} && gofmt -l`;
    reporter.info(`$ gofmt -l (${files.length} files)`);
    for (let i = 0; i < files.length; i += GOFMT_BATCH) {
        const run = await runModuleCommand(ctx, gofmt, ['-l', ...files.slice(i, i + GOFMT_BATCH)], {
            announce: false
        });
        if (run.aborted || run.timedOut)
            return;
        unformatted.push(...parseGofmtList(run.stdout));
    }
    let firstLines = new Map();
    if (unformatted.length > 0) {
        // The diff is not echoed: the annotation points at its first line.
        const diff = await runModuleCommand(ctx, gofmt, ['-d', ...unformatted], {
            announce: false,
            echoStdout: false
        });
        firstLines = parseGofmtDiff(diff.stdout);
    }
    findings.push(...gofmtFindings(unformatted, firstLines, paths));
    addFindings(result, findings);
}
function gofmtBinary(ctx) {
    const exe = process.platform === 'win32' ? 'gofmt.exe' : 'gofmt';
    const inGoroot = ctx.go.GOROOT ? external_node_path_default().join(ctx.go.GOROOT, 'bin', exe) : '';
    return inGoroot !== '' && (0,external_node_fs_namespaceObject.existsSync)(inGoroot) ? inGoroot : 'gofmt';
}

;// CONCATENATED MODULE: ./src/gomod/diff.ts
// Unified diffs of go.mod and go.sum: written the way `go mod tidy -diff`
// writes them (for Go before 1.23, where the gate tidies a copy), and read back
// into hunks so a change can be pointed at.
const CONTEXT = 3;
/** Above this many cells the middle of the files is shown as replaced whole, not aligned. */
const MAX_LCS_CELLS = 4_000_000;
function diff_splitLines(text) {
    if (text === '')
        return [];
    const lines = text.split('\n');
    if (lines[lines.length - 1] === '')
        lines.pop();
    return lines;
}
/** The edit script between two line lists, as ops in order. */
function editScript(a, b) {
    let start = 0;
    while (start < a.length && start < b.length && a[start] === b[start])
        start++;
    let endA = a.length;
    let endB = b.length;
    while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
        endA--;
        endB--;
    }
    const n = endA - start;
    const m = endB - start;
    const middle = [];
    if (n * m > MAX_LCS_CELLS) {
        for (let i = 0; i < n; i++)
            middle.push('-');
        for (let j = 0; j < m; j++)
            middle.push('+');
    }
    else {
        // Longest common subsequence over the differing middle, suffix form so the walk goes forwards.
        const width = m + 1;
        const table = new Uint32Array((n + 1) * width);
        for (let i = n - 1; i >= 0; i--) {
            for (let j = m - 1; j >= 0; j--) {
                table[i * width + j] =
                    a[start + i] === b[start + j]
                        ? table[(i + 1) * width + j + 1] + 1
                        : Math.max(table[(i + 1) * width + j], table[i * width + j + 1]);
            }
        }
        let i = 0;
        let j = 0;
        while (i < n || j < m) {
            if (i < n && j < m && a[start + i] === b[start + j]) {
                middle.push(' ');
                i++;
                j++;
            }
            else if (i < n && (j === m || table[(i + 1) * width + j] >= table[i * width + j + 1])) {
                // On a tie, removals first: a change reads as its old lines, then its new ones.
                middle.push('-');
                i++;
            }
            else {
                middle.push('+');
                j++;
            }
        }
    }
    const ops = [];
    for (let i = 0; i < start; i++)
        ops.push(' ');
    ops.push(...middle);
    for (let i = endA; i < a.length; i++)
        ops.push(' ');
    return ops;
}
/**
 * A unified diff of two texts with three lines of context, headed like
 * `go mod tidy -diff` heads it; '' when they are equal.
 */
function unifiedDiff(oldText, newText, oldName, newName) {
    const a = diff_splitLines(oldText);
    const b = diff_splitLines(newText);
    const ops = editScript(a, b);
    const lines = [];
    let i = 0;
    let j = 0;
    for (const op of ops) {
        if (op === ' ')
            lines.push({ op, text: a[i], oldLine: ++i, newLine: ++j });
        else if (op === '-')
            lines.push({ op, text: a[i], oldLine: ++i });
        else
            lines.push({ op, text: b[j], newLine: ++j });
    }
    const changed = lines.map((l, k) => (l.op === ' ' ? -1 : k)).filter((k) => k >= 0);
    if (changed.length === 0)
        return '';
    // Group changes whose context would touch into one hunk.
    const groups = [];
    for (const k of changed) {
        const last = groups[groups.length - 1];
        if (last && k - last[1] <= 2 * CONTEXT + 1)
            last[1] = k;
        else
            groups.push([k, k]);
    }
    const out = [`diff ${oldName} ${newName}`, `--- ${oldName}`, `+++ ${newName}`];
    for (const [first, last] of groups) {
        const from = Math.max(0, first - CONTEXT);
        const to = Math.min(lines.length - 1, last + CONTEXT);
        const slice = lines.slice(from, to + 1);
        const oldCount = slice.filter((l) => l.op !== '+').length;
        const newCount = slice.filter((l) => l.op !== '-').length;
        // The line before the hunk when it has no lines on that side (0 at the top), as diff -u does.
        const oldBefore = lines.slice(0, from).filter((l) => l.op !== '+').length;
        const newBefore = lines.slice(0, from).filter((l) => l.op !== '-').length;
        const oldStart = oldCount === 0 ? oldBefore : oldBefore + 1;
        const newStart = newCount === 0 ? newBefore : newBefore + 1;
        out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`);
        for (const l of slice)
            out.push(`${l.op}${l.text}`);
    }
    return `${out.join('\n')}\n`;
}
const HUNK = /^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@/;
/** Reads a unified diff of one or more files (`diff`/`---`/`+++` headers, `@@` hunks). */
function diff_parseUnifiedDiff(text) {
    const files = [];
    let file;
    let hunk;
    let oldLine = 0;
    let newLine = 0;
    let oldLeft = 0;
    let newLeft = 0;
    const lines = text.split(/\r?\n/);
    for (let k = 0; k < lines.length; k++) {
        const line = lines[k];
        const inHunk = hunk !== undefined && (oldLeft > 0 || newLeft > 0);
        if (inHunk &&
            hunk &&
            (line.startsWith(' ') || line.startsWith('-') || line.startsWith('+') || line === '')) {
            // Some tools drop the space of an empty context line.
            const op = line === '' ? ' ' : line[0];
            const body = line.slice(1);
            if (op !== '+')
                oldLeft--;
            if (op !== '-')
                newLeft--;
            if (op === ' ')
                hunk.lines.push({ op, text: body, oldLine: oldLine++, newLine: newLine++ });
            else if (op === '-')
                hunk.lines.push({ op, text: body, oldLine: oldLine++ });
            else
                hunk.lines.push({ op, text: body, newLine: newLine++ });
            continue;
        }
        if (line.startsWith('--- ') && lines[k + 1]?.startsWith('+++ ')) {
            file = { oldName: line.slice(4).trim(), newName: lines[k + 1].slice(4).trim(), hunks: [] };
            files.push(file);
            hunk = undefined;
            k++;
            continue;
        }
        const m = HUNK.exec(line);
        if (m && file) {
            hunk = {
                oldStart: Number(m[1]),
                oldCount: m[2] === undefined ? 1 : Number(m[2]),
                newStart: Number(m[3]),
                newCount: m[4] === undefined ? 1 : Number(m[4]),
                lines: []
            };
            // An empty side names the line before it; the next line on that side is one after.
            oldLine = hunk.oldCount === 0 ? hunk.oldStart + 1 : hunk.oldStart;
            newLine = hunk.newCount === 0 ? hunk.newStart + 1 : hunk.newStart;
            oldLeft = hunk.oldCount;
            newLeft = hunk.newCount;
            file.hunks.push(hunk);
            continue;
        }
        hunk = undefined;
    }
    return files;
}

;// CONCATENATED MODULE: ./src/gomod/drift.ts
// What a `go mod tidy -diff` says in words: which modules go.mod must add,
// drop or change, which go.sum entries are missing or unused, and the go.mod
// line to annotate.


function isGoMod(name) {
    return /(^|\/)go\.mod$/.test(name);
}
function isGoSum(name) {
    return /(^|\/)go\.sum$/.test(name);
}
function describeReq(text) {
    const body = text.replace(/^\s*require\s+/, '');
    if (/^\s*(module|go|toolchain|replace|exclude|retract|tool|godebug|ignore)\b|^\s*[()]?\s*$|=>/.test(body))
        return undefined;
    return parseRequirement(body, 0);
}
/** Reads the diff; undefined when it changes neither go.mod nor go.sum. */
function explainTidyDiff(diffText, goMod) {
    const files = diff_parseUnifiedDiff(diffText);
    const modLines = files
        .filter((f) => isGoMod(f.newName) || isGoMod(f.oldName))
        .flatMap((f) => f.hunks.flatMap((h) => h.lines));
    const sumLines = files
        .filter((f) => isGoSum(f.newName) || isGoSum(f.oldName))
        .flatMap((f) => f.hunks.flatMap((h) => h.lines));
    const goModChanged = modLines.some((l) => l.op !== ' ');
    const goSumChanged = sumLines.some((l) => l.op !== ' ');
    if (!goModChanged && !goSumChanged)
        return undefined;
    const before = new Map();
    const after = new Map();
    const otherGoModLines = [];
    for (const l of modLines) {
        if (l.op === ' ')
            continue;
        const req = describeReq(l.text);
        if (!req) {
            const text = l.text.trim();
            if (text !== '' && !/^(require\s*\(|\)|\()$/.test(text))
                otherGoModLines.push(`${l.op}${text}`);
            continue;
        }
        if (l.op === '-')
            before.set(req.path, { version: req.version, indirect: req.indirect, line: l.oldLine });
        else
            after.set(req.path, { version: req.version, indirect: req.indirect });
    }
    const removed = [];
    const added = [];
    const changed = [];
    const movedOnly = new Set();
    for (const [path, old] of before) {
        const now = after.get(path);
        if (!now)
            removed.push(path);
        else if (now.version !== old.version)
            changed.push(`${path}: ${old.version} → ${now.version}`);
        else if (now.indirect !== old.indirect)
            changed.push(`${path}: ${now.indirect ? 'now marked // indirect' : 'no longer // indirect'}`);
        else
            movedOnly.add(path);
    }
    for (const [path, now] of after)
        if (!before.has(path))
            added.push(`${path} ${now.version}${now.indirect ? ' // indirect' : ''}`);
    const sumMissing = new Set();
    const sumUnused = new Set();
    for (const l of sumLines) {
        if (l.op === ' ')
            continue;
        const m = /^(\S+) (v[^/\s]+)(?:\/go\.mod)? h1:/.exec(l.text);
        if (!m)
            continue;
        (l.op === '+' ? sumMissing : sumUnused).add(`${m[1]} ${m[2]}`);
    }
    const line = driftLine(modLines, before, movedOnly, goMod, [...sumMissing, ...sumUnused]);
    const modules = [
        ...removed,
        ...added.map((a) => a.split(' ')[0]),
        ...changed.map((c) => c.split(':')[0]),
        ...[...sumMissing, ...sumUnused].map((s) => s.split(' ')[0])
    ];
    return {
        line,
        removed,
        added,
        changed,
        sumMissing: [...sumMissing],
        sumUnused: [...sumUnused],
        otherGoModLines,
        goModChanged,
        goSumChanged,
        modules: [...new Set(modules)]
    };
}
function driftLine(modLines, before, movedOnly, goMod, sumEntries) {
    // A requirement that goes or changes is the line to fix, even when tidy also rewrites the block around it.
    for (const [path, old] of before)
        if (!movedOnly.has(path) && old.line !== undefined)
            return old.line;
    const first = modLines.findIndex((l) => l.op !== ' ');
    if (first >= 0) {
        const l = modLines[first];
        if (l.op === '-' && l.oldLine !== undefined)
            return l.oldLine;
        // An insertion: the last non-blank line before it (inside the require block, usually).
        for (let k = first - 1; k >= 0; k--) {
            const prev = modLines[k];
            if (prev.op === ' ' && prev.text.trim() !== '' && prev.oldLine !== undefined)
                return prev.oldLine;
        }
        for (let k = first + 1; k < modLines.length; k++)
            if (modLines[k].oldLine !== undefined)
                return modLines[k].oldLine;
    }
    // go.sum only: the requirement of the first module it names, else the module line.
    for (const entry of sumEntries) {
        const path = entry.split(' ')[0];
        const req = goMod.requires.find((r) => r.path === path);
        if (req)
            return req.line;
    }
    return goMod.module?.line ?? 1;
}
/** One line for titles: what tidy would change, by module. */
function describeDrift(drift) {
    const parts = [];
    if (drift.removed.length > 0)
        parts.push(`${list(drift.removed)} ${drift.removed.length === 1 ? 'is' : 'are'} required but not used`);
    if (drift.added.length > 0)
        parts.push(`${list(drift.added.map((a) => a.split(' ')[0]))} must be added`);
    if (drift.changed.length > 0)
        parts.push(list(drift.changed));
    if (drift.sumMissing.length > 0)
        parts.push(`go.sum lacks entries for ${list(drift.sumMissing)}`);
    if (drift.sumUnused.length > 0)
        parts.push(`go.sum has unused entries for ${list(drift.sumUnused)}`);
    if (parts.length === 0 && drift.otherGoModLines.length > 0)
        parts.push(`go.mod changes: ${list(drift.otherGoModLines)}`);
    if (parts.length === 0)
        parts.push('the module files are formatted differently');
    return parts.join('; ');
}
function list(items, max = 3) {
    const shown = items.slice(0, max).join(', ');
    return items.length > max ? `${shown} and ${items.length - max} more` : shown;
}

;// CONCATENATED MODULE: ./src/gomod/tidy-failure.ts



/** The require line of the first named module (or package, matched by module prefix) that go.mod requires. */
function requirementLocation(files, modules) {
    for (const name of modules) {
        const modulePath = name.split('@')[0];
        // A package path names its module by prefix.
        const req = files.directives.requires.find((r) => modulePath === r.path || modulePath.startsWith(`${r.path}/`));
        if (req)
            return { file: files.goModFile, line: req.line };
    }
    return undefined;
}
function countedList(items, shown = 3) {
    const more = items.length > shown ? ` and ${items.length - shown} more` : '';
    return `${items.slice(0, shown).join(', ')}${more}`;
}
/** `go mod download`, `verify` or `tidy` failed: the modules it names, at their require line. */
function dependencyFailure(what, run, files) {
    const output = `${run.stderr}\n${run.stdout}`;
    const errors = errorLines(output);
    const modules = modulesInError(output);
    const first = errors.find((l) => l.startsWith('go: ')) ?? errors[0] ?? `exit status ${run.exitCode}`;
    const named = modules.length > 0 ? ` for ${countedList(modules)}` : '';
    return {
        kind: 'dependency',
        stage: 'tidy',
        severity: 'error',
        location: requirementLocation(files, modules),
        title: `${what} failed${named}: ${first.replace(/^go: /, '')}`,
        message: errors.slice(0, MESSAGE_LINES).join('\n') || `${what} exited with status ${run.exitCode}.`,
        output: errors.length > MESSAGE_LINES ? errors : undefined
    };
}
/** go.mod or go.sum differ from what `go mod tidy` would write (drift undefined: the diff was not understood). */
function driftFailure(drift, files) {
    const which = drift
        ? [drift.goModChanged && 'go.mod', drift.goSumChanged && 'go.sum'].filter(Boolean).join(' and ')
        : 'go.mod';
    const verb = which.includes(' and ') ? 'are' : 'is';
    const what = drift ? describeDrift(drift) : 'go mod tidy would change them';
    const details = [];
    if (drift) {
        if (drift.removed.length > 0)
            details.push(`Required but not used: ${drift.removed.join(', ')}`);
        if (drift.added.length > 0)
            details.push(`Missing requirements: ${drift.added.join(', ')}`);
        if (drift.changed.length > 0)
            details.push(`Changed requirements: ${drift.changed.join(', ')}`);
        if (drift.sumMissing.length > 0)
            details.push(`Missing go.sum entries: ${drift.sumMissing.join(', ')}`);
        if (drift.sumUnused.length > 0)
            details.push(`Unused go.sum entries: ${drift.sumUnused.join(', ')}`);
        if (drift.otherGoModLines.length > 0)
            details.push(`Other go.mod changes: ${drift.otherGoModLines.join(', ')}`);
    }
    // go.sum lacking a module's hashes is a dependency that cannot be verified, not mere untidiness.
    const onlyMissingSums = drift !== undefined && drift.sumMissing.length > 0 && !drift.goModChanged;
    return {
        kind: onlyMissingSums ? 'dependency' : 'mod-tidy',
        stage: 'tidy',
        severity: 'error',
        location: { file: files.goModFile, line: drift?.line ?? files.directives.module?.line ?? 1 },
        title: onlyMissingSums
            ? `go.sum has no entry for ${countedList(drift.sumMissing)}`
            : `${which} ${verb} not tidy: ${what}`,
        // The diff itself is in the summary (StageResult.diff), not repeated here.
        message: [
            `${which} ${verb} not tidy: ${what}. Run \`go mod tidy\` and commit the result.`,
            ...details
        ].join('\n')
    };
}

;// CONCATENATED MODULE: ./src/pipeline/stages/tidy.ts
// The tidy stage: `go mod download` (retried on network trouble), `go mod verify`,
// then whether go.mod and go.sum are tidy: `go mod tidy -diff` on Go 1.23+, else
// tidy a copy of go.mod/go.sum (-modfile) and diff it. The repository's files
// are never written: download and verify run on a scratch copy too, since
// `go mod download` adds go.sum lines and would hide the very drift we look for.















const DEFAULT_SETTINGS = { retryDelaysMs: [2000, 6000] };
function createTidyStage(settings = DEFAULT_SETTINGS) {
    return (ctx) => runTidy(ctx, settings);
}
const runTidyStage = createTidyStage();
async function runTidy(ctx, settings) {
    const result = emptyStageResult('tidy');
    const files = await prepareModuleFiles(ctx, 'download');
    if (files.scratchArgs.length === 0) {
        result.notes.push('go.work is in use, so go mod download and verify ran on the module itself (go refuses -modfile in workspace mode).');
    }
    const download = await runWithRetries(ctx, result, ['mod', 'download', ...files.scratchArgs], settings);
    if (ctx.signal.aborted)
        return result;
    if (download.exitCode !== 0)
        return fail(result, commandFailure('go mod download', download, files));
    result.command = displayCommand('go', ['mod', 'verify']);
    const verify = await runGoCommand(ctx, ['mod', 'verify', ...files.scratchArgs]);
    if (ctx.signal.aborted)
        return result;
    if (verify.exitCode !== 0)
        return fail(result, commandFailure('go mod verify', verify, files));
    const check = goAtLeast(ctx.go.GOVERSION, 1, 23)
        ? await tidyDiff(ctx, result, settings)
        : await tidyCopy(ctx, result, settings);
    if (ctx.signal.aborted || !check)
        return result;
    if ('error' in check)
        return fail(result, commandFailure('go mod tidy', check.error, files));
    if (check.diff === '')
        return result;
    result.diff = check.diff;
    const drift = explainTidyDiff(check.diff, files.directives);
    return fail(result, driftFailure(drift, files));
}
/** A go mod command that failed: go that could not be started, or a module that cannot be had. */
function commandFailure(what, run, files) {
    return run.spawnError
        ? programNotStartedFailure('go', 'tidy', run.spawnError)
        : dependencyFailure(what, run, files);
}
function fail(result, failure) {
    result.status = 'failed';
    result.failures.push(failure);
    return result;
}
/** Copies go.mod and go.sum into a scratch folder so go can write there instead of the repository. */
async function prepareModuleFiles(ctx, name) {
    const goMod = external_node_path_default().join(ctx.options.moduleDir, 'go.mod');
    const directives = parseModDirectives(await (0,promises_namespaceObject.readFile)(goMod, 'utf8'));
    const goModFile = fileInside(ctx.options.workspace, goMod) ?? goMod;
    if (ctx.go.GOWORK !== '' && ctx.go.GOWORK !== 'off')
        return { goModFile, directives, scratchArgs: [] };
    const dir = external_node_path_default().join(ctx.tempDir, `tidy-${name}`);
    await (0,promises_namespaceObject.mkdir)(dir, { recursive: true });
    await (0,promises_namespaceObject.copyFile)(goMod, external_node_path_default().join(dir, 'go.mod'));
    await (0,promises_namespaceObject.copyFile)(external_node_path_default().join(ctx.options.moduleDir, 'go.sum'), external_node_path_default().join(dir, 'go.sum')).catch((error) => {
        if (error.code !== 'ENOENT')
            throw error;
    });
    return { goModFile, directives, scratchArgs: [`-modfile=${external_node_path_default().join(dir, 'go.mod')}`] };
}
/** Runs a go command, trying again after a pause while it fails on network trouble only. */
async function runWithRetries(ctx, result, args, settings, env) {
    const tries = settings.retryDelaysMs.length + 1;
    const shown = displayCommand('go', args.filter((a) => !a.startsWith('-modfile=')));
    result.command = shown;
    for (let attempt = 1;; attempt++) {
        const run = await runGoCommand(ctx, args, { env });
        if (run.exitCode === 0 || ctx.signal.aborted) {
            if (attempt > 1 && run.exitCode === 0)
                result.notes.push(`\`${shown}\` succeeded on try ${attempt} of ${tries} after network errors.`);
            return run;
        }
        // Errors come on stderr; stdout may hold a diff, which is no error.
        if (!isTransientModuleError(run.stderr) || attempt >= tries) {
            if (attempt > 1)
                result.notes.push(`\`${shown}\` failed ${attempt} times on network errors; gave up after try ${attempt} of ${tries}.`);
            return run;
        }
        const delay = settings.retryDelaysMs[attempt - 1];
        ctx.reporter.info(`go-gate: \`${shown}\` failed on a network error; try ${attempt + 1} of ${tries} in ${formatDuration(delay)}.`);
        await sleepUnlessAborted(delay, ctx.signal);
        if (ctx.signal.aborted)
            return run;
    }
}
/** Go 1.23+: `go mod tidy -diff` prints the diff and exits 1 when the module is not tidy. */
async function tidyDiff(ctx, result, settings) {
    const run = await runWithRetries(ctx, result, ['mod', 'tidy', '-diff'], settings);
    if (ctx.signal.aborted)
        return undefined;
    if (run.exitCode === 0)
        return { diff: '' };
    // The diff comes on stdout; errors (a module that cannot be found) on stderr, with no diff.
    if (/^--- /m.test(run.stdout))
        return { diff: run.stdout };
    return { error: run };
}
/** Before Go 1.23: tidy a copy of go.mod and go.sum through -modfile and diff the copy. */
async function tidyCopy(ctx, result, settings) {
    const dir = external_node_path_default().join(ctx.tempDir, 'tidy-copy');
    await (0,promises_namespaceObject.mkdir)(dir, { recursive: true });
    const goMod = external_node_path_default().join(ctx.options.moduleDir, 'go.mod');
    const goSum = external_node_path_default().join(ctx.options.moduleDir, 'go.sum');
    const before = { mod: await (0,promises_namespaceObject.readFile)(goMod, 'utf8'), sum: await (0,promises_namespaceObject.readFile)(goSum, 'utf8').catch(() => '') };
    await (0,promises_namespaceObject.copyFile)(goMod, external_node_path_default().join(dir, 'go.mod'));
    if (before.sum !== '')
        await (0,promises_namespaceObject.copyFile)(goSum, external_node_path_default().join(dir, 'go.sum'));
    // -modfile is refused in workspace mode; tidy works on the one module anyway.
    const env = { ...ctx.env, GOWORK: 'off' };
    const run = await runWithRetries(ctx, result, ['mod', 'tidy', `-modfile=${external_node_path_default().join(dir, 'go.mod')}`], settings, env);
    if (ctx.signal.aborted)
        return undefined;
    if (run.exitCode !== 0)
        return { error: run };
    const after = {
        mod: await (0,promises_namespaceObject.readFile)(external_node_path_default().join(dir, 'go.mod'), 'utf8'),
        sum: await (0,promises_namespaceObject.readFile)(external_node_path_default().join(dir, 'go.sum'), 'utf8').catch(() => '')
    };
    // go mod tidy -diff ends each file's diff with a blank line; so does this.
    const diff = [
        unifiedDiff(before.mod, after.mod, 'current/go.mod', 'tidy/go.mod'),
        unifiedDiff(before.sum, after.sum, 'current/go.sum', 'tidy/go.sum')
    ]
        .filter((d) => d !== '')
        .map((d) => `${d}\n`)
        .join('');
    if (diff !== '')
        for (const line of diff.replace(/\n$/, '').split('\n'))
            ctx.reporter.output(line);
    return { diff };
}

;// CONCATENATED MODULE: ./src/pipeline/coverage-gates.ts
// The coverage gates of a measured profile, in one place for the unit stage and for the merge of a
// sharded run: the total against coverage-threshold, the comparison with the base branch's
// baseline (coverage-drop-max) and the pull request's changed lines (patch-coverage-threshold).
// Test failures stay the root cause: the gates go after them, total first, then drop, then patch.

/** Puts the coverage on the stage and applies every gate that a full measurement allows. */
async function gateCoverage(result, report, parsed, input) {
    const { options, coverageBase, changed, partialBecause } = input;
    const threshold = options.coverage.threshold;
    result.coverage = report;
    result.coverageThreshold = threshold;
    if (partialBecause !== undefined) {
        result.notes.push(threshold > 0
            ? `Coverage ${report.percentText}% is partial because ${partialBecause}, so the ${threshold}% threshold was not checked.`
            : `Coverage ${report.percentText}% is partial because ${partialBecause}.`);
        if (coverageBase?.compare) {
            result.coverageComparison = {
                missing: `coverage is partial (${partialBecause}), so it was not compared`
            };
        }
        if (changed)
            result.notes.push(`Patch coverage was not measured: ${partialBecause}.`);
        return;
    }
    if (input.partialShard) {
        const skipped = [
            ...(threshold > 0 ? [`the ${threshold}% threshold`] : []),
            ...(coverageBase?.compare ? ['the comparison with the base branch'] : []),
            ...(coverageBase?.patchBaseSha ? ['patch coverage'] : [])
        ];
        if (skipped.length > 0)
            result.notes.push(`Coverage ${report.percentText}% is this shard's packages only, so ${skipped.length > 1 ? `${skipped.slice(0, -1).join(', ')} and ${skipped[skipped.length - 1]}` : skipped[0]} ${skipped.length === 1 ? 'is' : 'are'} checked on the merged total (mode: merge), not here.`);
        return;
    }
    const testsFailed = result.status === 'failed';
    const failuresBefore = result.failures.length;
    const gate = coverageGate(report, threshold, result.stage);
    if (gate.failure) {
        result.failures.push(gate.failure);
        result.notices.push(...gate.notices);
    }
    if (!testsFailed)
        coverageBase?.onFullCoverage?.(report);
    const compare = coverageBase?.compare;
    if (compare?.baseline) {
        const comparison = compareCoverage(report, compare.baseline, {
            exclude: options.coverage.exclude,
            dropMax: options.coverage.dropMax
        });
        result.coverageComparison = comparison;
        const drop = coverageDropGate(report, comparison, result.stage);
        if (drop)
            result.failures.push(drop);
    }
    else if (compare) {
        result.coverageComparison = {
            missing: compare.missing ?? 'no baseline of the base branch was found',
            dropMax: options.coverage.dropMax
        };
    }
    if (changed) {
        const lines = await changed;
        if (typeof lines === 'string') {
            result.notes.push(`Patch coverage was not measured: ${lines}.`);
        }
        else {
            result.notes.push(...lines.notes);
            const patch = measurePatchCoverage(parsed, {
                changes: lines.changes,
                generated: lines.generated,
                baseSha: coverageBase?.patchBaseSha ?? lines.from,
                threshold: options.coverage.patchThreshold,
                ...input.coverageOptions
            });
            result.patchCoverage = patch;
            const patchGate = patchCoverageGate(patch, result.stage);
            if (patchGate.failure)
                result.failures.push(patchGate.failure);
            result.notices.push(...patchGate.warnings);
        }
    }
    if (result.failures.length > failuresBefore)
        result.status = 'failed';
}

;// CONCATENATED MODULE: ./src/report/kinds.ts
const KIND_PHRASES = {
    'invalid-input': { join: 'with', text: 'an invalid input' },
    toolchain: { join: 'with', text: 'a Go toolchain problem' },
    dependency: { join: 'with', text: 'a dependency that cannot be had' },
    'mod-tidy': { join: 'because', text: 'go.mod is not tidy' },
    lint: { join: 'with', text: 'a lint finding' },
    'compile-error': { join: 'with', text: 'a compile error' },
    'vet-error': { join: 'with', text: 'a vet error' },
    'test-failure': { join: 'with', text: 'a test failure' },
    panic: { join: 'with', text: 'a panic' },
    'data-race': { join: 'with', text: 'a data race' },
    timeout: { join: 'with', text: 'a timeout' },
    'package-failure': { join: 'with', text: 'a test binary that failed' },
    'coverage-below-threshold': { join: 'because', text: 'coverage is below the threshold' },
    'build-error': { join: 'with', text: 'a build error' },
    cancelled: { join: 'because', text: 'the job was cancelled' },
    'internal-error': { join: 'with', text: 'an error inside go-gate' }
};
/** A short label of a kind for tables and headings: "test failure", "go.mod not tidy". */
const KIND_LABELS = {
    'invalid-input': 'invalid input',
    toolchain: 'toolchain problem',
    dependency: 'dependency',
    'mod-tidy': 'go.mod not tidy',
    lint: 'lint finding',
    'compile-error': 'compile error',
    'vet-error': 'vet error',
    'test-failure': 'test failure',
    panic: 'panic',
    'data-race': 'data race',
    timeout: 'timeout',
    'package-failure': 'test binary failed',
    'coverage-below-threshold': 'coverage below threshold',
    'build-error': 'build error',
    cancelled: 'cancelled',
    'internal-error': 'go-gate error'
};

;// CONCATENATED MODULE: ./src/report/describe.ts
// Sentences about failures, shared by every reporter so they all say the same thing.


/** Longest message a one-line sentence carries; the failure block has the rest. */
const SENTENCE_MESSAGE_CHARS = 160;
function formatLocation(location) {
    if (!location)
        return undefined;
    if (location.line === undefined)
        return location.file;
    return location.col !== undefined
        ? `${location.file}:${location.line}:${location.col}`
        : `${location.file}:${location.line}`;
}
/** File, then line, then column: the order an editor and a reviewer read findings in. */
function compareLocations(a, b) {
    const fa = a.location?.file ?? '\uffff';
    const fb = b.location?.file ?? '\uffff';
    if (fa !== fb)
        return fa < fb ? -1 : 1;
    return (a.location?.line ?? 0) - (b.location?.line ?? 0) || (a.location?.col ?? 0) - (b.location?.col ?? 0);
}
/** Cuts text to at most `max` characters, ending in an ellipsis when it cut. */
function bound(text, max) {
    const chars = [...text];
    return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`;
}
/** The first line of a failure's message that says something, for one-line uses. */
function failureDetail(failure, max = SENTENCE_MESSAGE_CHARS, sayOnce = true) {
    const line = failure.message.split('\n').find((l) => l.trim() !== '') ?? failure.title;
    // The location is already in the sentence: drop Go's `file.go:12:3: ` prefix.
    let text = line.replace(/^\s+|\s+$/g, '').replace(/^\S+\.go:\d+(?::\d+)?: /, '');
    // The kind's phrase already says these; don't say them twice.
    if (!sayOnce)
        return bound(text, max);
    if (failure.kind === 'panic')
        text = text.replace(/^panic: /, '').replace(/ \[recovered[^\]]*\]$/, '');
    if (failure.kind === 'mod-tidy')
        text = text.replace(/^go\.(?:mod|sum)(?: and go\.sum)? (?:is|are) not tidy: /, '');
    return bound(text, max);
}
/** What the failure is about: the test, else the package. */
function failureSubject(failure) {
    return failure.test ?? failure.package;
}
function rootCauseParts(failure, report) {
    const kind = KIND_PHRASES[failure.kind];
    const parts = {
        stage: failure.stage === 'setup' ? undefined : failure.stage,
        join: kind.join,
        phrase: kind.text,
        subject: failureSubject(failure),
        location: formatLocation(failure.location),
        detail: failureDetail(failure)
    };
    if (failure.rerun)
        parts.detail = `${parts.detail ?? ''} (${failure.rerun})`.trimStart();
    if (failure.tool && failure.kind === 'lint') {
        parts.tool = failure.tool;
    }
    else if (failure.tool && !parts.subject) {
        parts.tool = failure.tool;
    }
    // No package to blame: go test failed before any test binary ran, or the input was no test stream.
    if (failure.kind === 'package-failure' && failure.package === undefined) {
        parts.phrase = 'a failure go-gate cannot explain';
    }
    if (failure.kind === 'coverage-below-threshold' &&
        failure.coverageGate !== undefined &&
        failure.coverageGate !== 'total') {
        // The drop and patch gates' titles are the whole sentence: "coverage fell 1.4 points against main@abc1234 ...".
        parts.phrase = failure.title.charAt(0).toLowerCase() + failure.title.slice(1);
        parts.detail = undefined;
    }
    else if (failure.kind === 'coverage-below-threshold') {
        const stage = report?.stages.find((s) => s.stage === failure.stage && s.coverage);
        if (stage?.coverage && stage.coverageThreshold !== undefined) {
            // 79.96% prints as 80.0: the gap, with enough digits to be non-zero, keeps the sentence true.
            const gap = stage.coverageThreshold - stage.coverage.percent;
            const gapText = formatCoverageGap(gap);
            parts.phrase = `coverage ${stage.coverage.percentText}% is below the ${stage.coverageThreshold}% threshold by ${gapText} points`;
            parts.detail = undefined;
        }
    }
    return parts;
}
/** The root cause in one plain line: the `root-cause` output, the terminal's headline. */
function rootCauseLine(report) {
    const failure = report.rootCause;
    if (!failure)
        return '';
    const p = rootCauseParts(failure, report);
    const where = p.stage ? `The ${p.stage} stage failed` : 'go-gate could not start';
    const tool = p.tool ? (failure.kind === 'lint' ? ` (${p.tool})` : ` from ${p.tool}`) : '';
    const subject = p.subject ? ` in ${p.subject}` : '';
    const location = p.location ? ` at ${p.location}` : '';
    const detail = p.detail ? `: ${p.detail}` : '';
    // One line: fold line breaks, keep the message's own spacing (it may be the point, as in "   ").
    return `${where} ${p.join} ${p.phrase}${tool}${subject}${location}${detail}`.replace(/[\r\n\t]+/g, ' ');
}

;// CONCATENATED MODULE: ./src/report/escape.ts
// Everything that came from test output is escaped before it reaches Markdown:
// the summary is rendered as GitHub-flavoured Markdown with HTML allowed.
// Characters that start Markdown or HTML anywhere in a line.
const MARKDOWN_INLINE = /[\\`*_[\]<>&|~]/g;
// Characters that only matter at the start of a block: headings, lists, quotes, ordered lists.
const BLOCK_START = /^(\s*)(\d{0,9})([#+\-=.)])(?=[\s#=-]|$)/;
/** Escapes text for Markdown prose (and the HTML GitHub allows in it). */
function escapeMarkdown(text) {
    const inline = text.replace(MARKDOWN_INLINE, (c) => {
        if (c === '<')
            return '&lt;';
        if (c === '>')
            return '&gt;';
        if (c === '&')
            return '&amp;';
        return `\\${c}`;
    });
    return inline.replace(BLOCK_START, (m, space, digits, mark) => 
    // `1.` and `1)` start ordered lists; `#`, `+`, `-`, `=` headings, lists and underlines.
    digits === '' && !'#+-='.includes(mark) ? m : `${space}${digits}\\${mark}`);
}
/** Escapes text for HTML element content and attribute values. */
function escapeHtml(text) {
    return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
// XML 1.0 has no way to write these at all, escaped or not: C0 controls but tab, newline and
// carriage return, unpaired surrogates, U+FFFE and U+FFFF.
const NOT_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;
/**
 * Escapes text for XML 1.0 element content and double-quoted attributes: markup characters as
 * entities, line breaks and tabs as character references (an attribute would fold them into
 * spaces), and characters XML cannot carry as U+FFFD.
 */
function escapeXml(text) {
    return text
        .replace(NOT_XML, '\uFFFD')
        .replace(/[&<>"\n\r\t]/g, (c) => c === '&'
        ? '&amp;'
        : c === '<'
            ? '&lt;'
            : c === '>'
                ? '&gt;'
                : c === '"'
                    ? '&quot;'
                    : `&#${c.charCodeAt(0)};`);
}
function longestRun(text, char) {
    let longest = 0;
    let run = 0;
    for (const c of text) {
        if (c === char) {
            run++;
            if (run > longest)
                longest = run;
        }
        else
            run = 0;
    }
    return longest;
}
/**
 * An inline code span that shows `text` literally, whatever backticks it holds.
 * Pipes are escaped so a span inside a table cell cannot end the cell.
 */
function codeSpan(text, inTable = false) {
    const oneLine = text.replace(/\r?\n/g, ' ');
    const fence = '`'.repeat(longestRun(oneLine, '`') + 1);
    const pad = oneLine.startsWith('`') || oneLine.endsWith('`') || oneLine.startsWith(' ') ? ' ' : '';
    const body = inTable ? oneLine.replace(/\|/g, '\\|') : oneLine;
    return `${fence}${pad}${body}${pad}${fence}`;
}
/** A fenced code block that shows `lines` literally, whatever fences they hold. */
function codeBlock(lines, language = 'text') {
    const text = lines.join('\n');
    const fence = '`'.repeat(Math.max(3, longestRun(text, '`') + 1));
    return `${fence}${language}\n${text}\n${fence}`;
}
/** Cuts a line to at most `max` characters, saying so. */
function clip(text, max) {
    return text.length <= max ? text : `${text.slice(0, max - 1)}…`;
}
/** Cuts a line of a code block to at most `max` characters and says how much went. */
function clipLine(text, max) {
    return text.length <= max ? text : `${text.slice(0, max)} … (${text.length - max} characters cut)`;
}
// A span of code a tool quoted in its message: `go mod tidy`.
const QUOTED_CODE = /`([^`\n]+)`/g;
/**
 * A message from Go or a tool, for a sentence. Tools quote code in backticks
 * ("Run `go mod tidy`"): those become code spans and the prose around them is
 * escaped. Anything else (a test's own text) is one code span, so its spacing
 * and punctuation show exactly as printed. Either way nothing in it can open
 * HTML, a link or emphasis.
 */
function renderMessage(text, inTable = false) {
    const oneLine = text.replace(/\r?\n/g, ' ');
    if (!QUOTED_CODE.test(oneLine))
        return codeSpan(oneLine, inTable);
    QUOTED_CODE.lastIndex = 0;
    let out = '';
    let last = 0;
    for (const match of oneLine.matchAll(QUOTED_CODE)) {
        out += escapeMarkdown(oneLine.slice(last, match.index));
        out += codeSpan(match[1], inTable);
        last = match.index + match[0].length;
    }
    return out + escapeMarkdown(oneLine.slice(last));
}

;// CONCATENATED MODULE: ./src/report/junit.ts



const GATE_SUITE = 'go-gate';
/** Failure message attributes stay one line, short enough for a table cell. */
const MESSAGE_CHARS = 300;
function renderJunit(report) {
    const suites = [...report.stages.flatMap(stageSuites), ...gateSuite(report)];
    const all = suites.flatMap((s) => s.cases);
    const out = ['<?xml version="1.0" encoding="UTF-8"?>'];
    out.push(`<testsuites name="go-gate"${counts(all)} time="${junit_seconds(sum(suites.map(suiteSeconds)))}">`);
    for (const suite of suites) {
        out.push(`  <testsuite name="${escapeXml(suite.name)}"${counts(suite.cases)} time="${junit_seconds(suiteSeconds(suite))}">`);
        for (const c of suite.cases)
            out.push(...renderCase(c));
        out.push('  </testsuite>');
    }
    out.push('</testsuites>');
    return `${out.join('\n')}\n`;
}
function renderCase(c) {
    const open = `    <testcase classname="${escapeXml(c.classname)}" name="${escapeXml(c.name)}" time="${junit_seconds(c.seconds ?? 0)}"`;
    const body = [];
    if (c.failure) {
        const f = c.failure;
        const where = formatLocation(f.location);
        const text = [
            where ? `${where}: ${f.title}` : f.title,
            '',
            f.message,
            ...(f.rerun ? ['', f.rerun] : [])
        ].join('\n');
        body.push(`      <failure message="${escapeXml(failureDetail(f, MESSAGE_CHARS, false))}" type="${f.kind}">${escapeXml(text)}</failure>`);
    }
    else if (c.skipped) {
        body.push('      <skipped/>');
    }
    if (c.note)
        body.push(`      <system-out>${escapeXml(c.note)}</system-out>`);
    return body.length === 0 ? [`${open}/>`] : [`${open}>`, ...body, '    </testcase>'];
}
function counts(cases) {
    const failures = cases.filter((c) => c.failure).length;
    const skipped = cases.filter((c) => c.skipped).length;
    return ` tests="${cases.length}" failures="${failures}" errors="0" skipped="${skipped}"`;
}
function junit_seconds(value) {
    return value.toFixed(3);
}
function sum(values) {
    return values.reduce((a, b) => a + b, 0);
}
function suiteSeconds(suite) {
    return suite.seconds ?? sum(suite.cases.map((c) => c.seconds ?? 0));
}
const key = (pkg, test) => `${pkg}\u0000${test}`;
/** The suites of a test stage: one per package, in the order packages were reported. */
function stageSuites(stage) {
    if (stage.stage !== 'unit' && stage.stage !== 'integration')
        return [];
    const suiteName = (pkg) => (stage.stage === 'unit' ? pkg : `${pkg} (${stage.stage})`);
    const suites = new Map();
    const suiteOf = (pkg) => {
        let suite = suites.get(pkg);
        if (!suite) {
            suite = { name: suiteName(pkg), cases: [] };
            suites.set(pkg, suite);
        }
        return suite;
    };
    for (const p of stage.packages ?? []) {
        if (p.status === 'not-run')
            continue;
        suiteOf(p.importPath).seconds = p.elapsedSeconds;
    }
    const flaky = new Map((stage.flaky ?? []).map((f) => [key(f.package, f.test), f]));
    const quarantined = new Map((stage.quarantined ?? [])
        .filter((q) => q.failure)
        .map((q) => [key(q.package, q.test), q.failure]));
    // A test's failure; the rest (package failures, a panic that ended the binary) become cases of their own.
    const testFailures = new Map();
    const packageFailures = [];
    for (const f of stage.failures) {
        if (f.severity !== 'error')
            continue;
        if (f.package !== undefined && f.test !== undefined && !testFailures.has(key(f.package, f.test)))
            testFailures.set(key(f.package, f.test), f);
        else
            packageFailures.push(f);
    }
    const seen = new Set();
    for (const t of stage.testCases ?? []) {
        const k = key(t.package, t.test);
        seen.add(k);
        suiteOf(t.package).cases.push(testCase(t, testFailures.get(k) ?? quarantined.get(k), flaky.get(k)));
    }
    // Failed tests the log did not keep (not asked for, over its cap, or ended by their binary).
    for (const [k, f] of [...testFailures, ...quarantined]) {
        if (seen.has(k) || f.package === undefined || f.test === undefined)
            continue;
        seen.add(k);
        suiteOf(f.package).cases.push({ classname: f.package, name: f.test, failure: f });
    }
    for (const f of packageFailures) {
        if (f.package === undefined)
            continue;
        suiteOf(f.package).cases.push({ classname: f.package, name: f.test ?? KIND_LABELS[f.kind], failure: f });
    }
    return [...suites.values()].filter((s) => s.cases.length > 0);
}
function testCase(t, failure, flaky) {
    const c = { classname: t.package, name: t.test, seconds: t.elapsedSeconds };
    if (flaky) {
        c.note = `Flaky: failed, then passed on attempt ${flaky.passedOn} of ${flaky.attempts}. First failure: ${failureDetail(flaky.firstFailure, MESSAGE_CHARS, false)}`;
        return c;
    }
    if (t.status === 'failed') {
        c.failure = failure ?? {
            kind: 'test-failure',
            stage: 'unit',
            severity: 'error',
            package: t.package,
            test: t.test,
            title: `${t.test} failed`,
            message: `${t.test} failed; its failure is reported under the test that explains it.`
        };
    }
    else if (t.status === 'skipped')
        c.skipped = true;
    return c;
}
/** Failures that belong to no package: set-up, tidy, lint, build, coverage, a stage's timeout. */
function gateSuite(report) {
    const failures = [
        ...report.setupFailures,
        ...report.stages.flatMap((s) => s.failures.filter((f) => f.severity === 'error' &&
            (f.package === undefined || (s.stage !== 'unit' && s.stage !== 'integration'))))
    ];
    if (failures.length === 0)
        return [];
    return [
        {
            name: GATE_SUITE,
            cases: failures.map((f) => ({
                classname: GATE_SUITE,
                name: `${f.stage}: ${KIND_LABELS[f.kind]}`,
                failure: f
            }))
        }
    ];
}

;// CONCATENATED MODULE: ./src/report/report-json.ts

const REPORT_SCHEMA = 'go-gate/report/v1';
class ReportFileError extends Error {
    constructor(message) {
        super(message);
        this.name = 'ReportFileError';
    }
}
/** The report as `go-gate/report/v1` JSON, one object, ending in a newline. */
function report_json_serializeReport(report, modules) {
    const file = { schema: REPORT_SCHEMA, report, ...(modules ? { modules } : {}) };
    return `${JSON.stringify(file)}\n`;
}
/** Reads `go-gate/report/v1` JSON; `source` names it in errors (a file, a shard). Throws ReportFileError. */
function readReportJson(text, source) {
    let value;
    try {
        value = JSON.parse(text);
    }
    catch (error) {
        throw new ReportFileError(`${source} is not JSON (${error.message}); expected a go-gate report.`);
    }
    if (!isObject(value) || typeof value.schema !== 'string') {
        throw new ReportFileError(`${source} is not a go-gate report: it has no "schema": "${REPORT_SCHEMA}".`);
    }
    if (value.schema !== REPORT_SCHEMA) {
        throw new ReportFileError(`${source} has schema ${JSON.stringify(value.schema)}, and this go-gate reads only ${REPORT_SCHEMA}: run the same go-gate version in the shards and in the merge job.`);
    }
    const problem = reportProblem(value.report);
    if (problem)
        throw new ReportFileError(`${source} is not a valid ${REPORT_SCHEMA} report: ${problem}.`);
    if (value.modules !== undefined && !validModules(value.modules)) {
        throw new ReportFileError(`${source} is not a valid ${REPORT_SCHEMA} report: "modules" must be a list of {"path", "dir"} strings.`);
    }
    return value;
}
function isObject(value) {
    return typeof value === 'object' && value !== null && !Array.isArray(value);
}
function validModules(value) {
    return (Array.isArray(value) &&
        value.every((m) => isObject(m) && typeof m.path === 'string' && typeof m.dir === 'string'));
}
const COUNTS = (/* unused pure expression or super */ null && (['passed', 'failed', 'skipped']));
function countsProblem(value, where) {
    if (!isObject(value))
        return `${where} is missing`;
    for (const name of COUNTS) {
        const n = value[name];
        if (typeof n !== 'number' || !Number.isInteger(n) || n < 0)
            return `${where}.${name} is not a count`;
    }
    return undefined;
}
function failuresProblem(value, where) {
    if (!Array.isArray(value))
        return `${where} is not a list`;
    for (const [i, f] of value.entries()) {
        if (!isObject(f))
            return `${where}[${i}] is not an object`;
        if (!ROOT_CAUSE_KINDS.includes(f.kind))
            return `${where}[${i}].kind ${JSON.stringify(f.kind)} is not a root-cause kind`;
        if (typeof f.title !== 'string' || typeof f.message !== 'string')
            return `${where}[${i}] has no title or message`;
        if (f.severity !== 'error' && f.severity !== 'warning' && f.severity !== 'notice')
            return `${where}[${i}].severity is not error, warning or notice`;
    }
    return undefined;
}
/** What in a report the readers rely on and is not there; undefined when it is all there. */
function reportProblem(value) {
    if (!isObject(value))
        return '"report" is missing';
    if (value.result !== 'success' && value.result !== 'failure')
        return '"report.result" is not success or failure';
    if (typeof value.workingDirectory !== 'string')
        return '"report.workingDirectory" is missing';
    const counts = countsProblem(value.tests, 'report.tests');
    if (counts)
        return counts;
    const setup = failuresProblem(value.setupFailures, 'report.setupFailures');
    if (setup)
        return setup;
    if (!Array.isArray(value.stages))
        return '"report.stages" is not a list';
    for (const [i, s] of value.stages.entries()) {
        const where = `report.stages[${i}]`;
        if (!isObject(s))
            return `${where} is not an object`;
        if (!STAGE_NAMES.includes(s.stage))
            return `${where}.stage is not a stage`;
        if (s.status !== 'passed' && s.status !== 'failed' && s.status !== 'skipped')
            return `${where}.status is not passed, failed or skipped`;
        const problem = failuresProblem(s.failures, `${where}.failures`) ??
            failuresProblem(s.notices, `${where}.notices`) ??
            (Array.isArray(s.notes) ? undefined : `${where}.notes is not a list`) ??
            (s.tests === undefined ? undefined : countsProblem(s.tests, `${where}.tests`));
        if (problem)
            return problem;
    }
    if (value.shard !== undefined) {
        const shard = isObject(value.shard) ? value.shard.shard : undefined;
        if (!isObject(shard) ||
            !Number.isInteger(shard.index) ||
            !Number.isInteger(shard.count) ||
            shard.index < 1 ||
            shard.index > shard.count)
            return '"report.shard.shard" is not {"index", "count"} with 1 <= index <= count';
    }
    return undefined;
}

;// CONCATENATED MODULE: ./src/pipeline/results.ts
// A run's result as files: the report as `go-gate/report/v1` JSON, the unit stage's raw coverage
// profile beside it, the package timings, and JUnit XML where junit-file asks. A shard uploads
// this folder as it is; the merge reads the same names back.








/** The files of a run's result, in its results folder and in a shard's artifact. */
const RESULT_FILES = {
    report: 'report.json',
    /** The unit stage's coverage profile as go test wrote it. */
    profile: 'coverage.out',
    timings: 'timings.json'
};
/**
 * Writes report.json and timings.json into `resultsDir` (which already holds the coverage
 * profile when the unit stage wrote one), and the JUnit file when options ask for it.
 */
async function writeRunResults(report, options, resultsDir, env) {
    const profile = path.join(resultsDir, RESULT_FILES.profile);
    const hasProfile = existsSync(profile);
    // The profile names files by import path: the merge maps them through the modules, without Go.
    const modules = hasProfile ? await repositoryModules(options, env) : undefined;
    const reportFile = path.join(resultsDir, RESULT_FILES.report);
    await writeFile(reportFile, serializeReport(report, modules));
    const timings = path.join(resultsDir, RESULT_FILES.timings);
    await writeFile(timings, serializeTimings(timingsFromReport(report)));
    if (options.junitFile !== '')
        await writeJunitFile(options.junitFile, report);
    return { reportFile, files: [reportFile, timings, ...(hasProfile ? [profile] : [])] };
}
/** Writes the report as JUnit XML at `file` (absolute), its folder made when missing. */
async function writeJunitFile(file, report) {
    await (0,promises_namespaceObject.mkdir)(external_node_path_default().dirname(file), { recursive: true });
    await (0,promises_namespaceObject.writeFile)(file, renderJunit(report));
}
async function repositoryModules(options, env) {
    const modules = await listModules(options.moduleDir, { env }).catch(() => []);
    return modules.flatMap((m) => {
        const dir = pathInside(options.workspace, m.dir);
        return dir === undefined ? [] : [{ path: m.path, dir: dir === '' ? '.' : dir }];
    });
}

;// CONCATENATED MODULE: ./src/pipeline/stages/unit.ts
// The unit stage: `go test -json` over the packages, with -race, -timeout,
// -failfast and a coverage profile; coverage is gated by coverage-threshold and, on a pull
// request, compared with the base branch's baseline (coverage-drop-max) and counted on the
// changed lines (patch-coverage-threshold).









const runUnitStage = async (ctx) => {
    const { options } = ctx;
    // Kept as go test wrote it, for the run's result files (a shard uploads it, the merge merges it).
    const profile = external_node_path_default().join(ctx.resultsDir, RESULT_FILES.profile);
    const flags = [
        ...commonTestFlags(options),
        `-coverprofile=${profile}`,
        ...(options.coverage.packages !== '' ? [`-coverpkg=${options.coverage.packages}`] : []),
        ...options.goTestFlags
    ];
    const patterns = options.packages.length > 0 ? options.packages : ['./...'];
    // go list sees the files go test builds: with the -tags of go-test-flags, if any.
    const { tags } = splitTagsFlag(options.goTestFlags);
    const listFlags = tags.length > 0 ? [`-tags=${tags.join(',')}`] : undefined;
    const sharded = await shardPackages(ctx, 'unit', patterns, { listFlags, env: ctx.env });
    if (sharded && 'skipped' in sharded)
        return sharded.skipped;
    // git (and a fetch of the base commit) runs while the tests do; not in one shard of several,
    // whose coverage is a part (patch coverage is the merged total's).
    const baseSha = isPartialShard(options) ? undefined : ctx.coverageBase?.patchBaseSha;
    // Its own stop, so git never outlives the stage when patch coverage turns out not to be wanted.
    const gitStop = new AbortController();
    const stopGit = () => gitStop.abort();
    ctx.signal.addEventListener('abort', stopGit, { once: true });
    const changed = baseSha
        ? readChangedLines({ ...ctx, signal: gitStop.signal }, baseSha).catch((error) => `git failed: ${errorMessage(error)}`)
        : undefined;
    const outcome = await runGoTestJson(ctx, {
        stage: 'unit',
        flags,
        packages: sharded && 'packages' in sharded ? sharded.packages : patterns,
        shownPackages: sharded && 'packages' in sharded ? shownShardPackages(sharded.packages, sharded.assignment) : undefined,
        failFast: stopsAtFirstFailure(options),
        listFlags
    });
    const result = outcome.result;
    if (sharded && 'assignment' in sharded)
        result.shard = sharded.assignment;
    if (sharded && 'unsharded' in sharded)
        result.notes.push(sharded.unsharded);
    try {
        await addCoverage(ctx, result, profile, outcome.modules, outcome.stopped, changed);
    }
    finally {
        stopGit();
        ctx.signal.removeEventListener('abort', stopGit);
        await changed;
    }
    return result;
};
/** One shard of several (`shard: 2/4`): its coverage is its own packages'. */
function isPartialShard(options) {
    return options.shard !== undefined && options.shard.count > 1;
}
async function addCoverage(ctx, result, profile, modules, stopped, changed) {
    const { options } = ctx;
    const coverageOptions = { repoRoot: options.workspace, modules, exclude: options.coverage.exclude };
    let report;
    let parsed;
    try {
        parsed = await parseCoverageProfileFile(profile, options.workspace);
        report = summarize_summarizeProfile(parsed, coverageOptions);
    }
    catch (error) {
        const missing = error.code === 'ENOENT';
        // No profile after a failed run is expected (a build error writes none); say so only when it matters.
        if (missing) {
            if (result.status === 'passed' && options.coverage.threshold > 0) {
                result.failures.push({
                    kind: 'internal-error',
                    stage: 'unit',
                    severity: 'error',
                    title: 'go test wrote no coverage profile, so coverage-threshold cannot be checked',
                    message: `Expected a profile at ${profile}.`
                });
                result.status = 'failed';
            }
            return;
        }
        const message = error instanceof CoverageProfileError ? error.message : errorMessage(error);
        coverageUnreadable(result, 'computed', message, options.coverage.threshold);
        return;
    }
    // An empty profile after a failed or stopped run measures nothing; don't show 0 of 0.
    if (report.statements === 0 && (result.status === 'failed' || ctx.signal.aborted))
        return;
    // Packages that never finished (or whose profile go had no time to merge) measured
    // nothing: gating on the rest would blame code the cut-short run never exercised.
    const measured = new Set(report.packages.map((p) => p.importPath));
    const unmeasured = (result.packages ?? []).some((p) => p.tests.passed + p.tests.failed > 0 && !measured.has(p.importPath));
    await gateCoverage(result, report, parsed, {
        options,
        coverageBase: ctx.coverageBase,
        changed,
        coverageOptions,
        partialBecause: stopped && ((result.notRun?.length ?? 0) > 0 || unmeasured) ? 'the run was cut short' : undefined,
        partialShard: isPartialShard(options)
    });
}

;// CONCATENATED MODULE: ./src/pipeline/stages/index.ts





const STAGE_RUNNERS = {
    tidy: runTidyStage,
    lint: runLintStage,
    unit: runUnitStage,
    integration: runIntegrationStage,
    build: runBuildStage
};

;// CONCATENATED MODULE: ./src/report/root-cause.ts
// Which failure explains the run: the first in pipeline order, and within a
// stage the one its stage put first (the one that explains the others). Lint
// findings are read in file order: the root cause is the first error-severity
// finding by file and line, after any code that does not compile.


/** A stage's error-severity failures in the order that explains them. */
function explainingOrder(stage) {
    const errors = stage.failures.filter((f) => f.severity === 'error');
    if (stage.stage !== 'lint')
        return errors;
    // Code that does not type-check explains the findings after it.
    return [...errors].sort((a, b) => EXPLAINING_RANK[a.kind] - EXPLAINING_RANK[b.kind] || compareLocations(a, b));
}
function chooseRootCause(report) {
    if (report.setupFailures.length > 0) {
        // Cancellation is reported last: what failed before it is the better explanation.
        const nonCancel = report.setupFailures.find((f) => f.kind !== 'cancelled');
        if (nonCancel)
            return nonCancel;
    }
    const ordered = [...report.stages].sort((a, b) => report_STAGE_NAMES.indexOf(a.stage) - report_STAGE_NAMES.indexOf(b.stage));
    for (const stage of ordered) {
        const failure = explainingOrder(stage)[0];
        if (failure)
            return failure;
    }
    return report.setupFailures[0];
}

;// CONCATENATED MODULE: ./src/pipeline/verdict.ts

/** Sets the report's root cause and, from it, its result. Returns the report. */
function settleRunResult(report) {
    report.rootCause = chooseRootCause(report);
    report.result = report.rootCause ? 'failure' : 'success';
    return report;
}

;// CONCATENATED MODULE: ./src/pipeline/gated-pipeline.ts
// src/pipeline/ owns running: the stages in order with gating, fail-fast, stage-timeout and
// cancellation (run), child processes in their own process groups (process, go-command,
// gotest-run), the go command's environment (go, environment), services polled before the
// integration tests (wait), golangci-lint found or installed (install-golangci) and the lines a
// pull request changed, from git (changed-lines). It runs processes and hands their output to the
// core, which decides; it knows nothing of GitHub.
//
// The gated pipeline: stages in order, the first failure stops the run under
// fail-fast, each stage bounded by stage-timeout, the whole run by cancellation.











/** Fails the set-up before any stage ran: the report names it and nothing else ran. */
function setupFailureReport(options, failure, started) {
    return {
        result: 'failure',
        rootCause: failure,
        stages: [],
        setupFailures: [failure],
        tests: { passed: 0, failed: 0, skipped: 0 },
        durationMs: Date.now() - started,
        workingDirectory: options.workingDirectory
    };
}
function failureFromError(error, stage) {
    const message = errorMessage(error);
    return { kind: errorKind(error), stage, severity: 'error', title: message.split('\n')[0], message };
}
async function runPipeline(options, deps) {
    const started = Date.now();
    const env = { ...(deps.env ?? process.env) };
    const signal = deps.signal ?? new AbortController().signal;
    const { reporter } = deps;
    const setup = await setUp(options, env, signal, reporter, started);
    if ('report' in setup)
        return setup;
    const { go, environment } = setup;
    if (deps.beforeStages)
        await deps.beforeStages(go);
    const tempDir = await (0,promises_namespaceObject.mkdtemp)(external_node_path_default().join(process.env.RUNNER_TEMP ?? external_node_os_default().tmpdir(), 'go-gate-'));
    let stages;
    try {
        const runners = { ...STAGE_RUNNERS, ...deps.runners };
        stages = await runStagesInOrder(runners, {
            options,
            go,
            reporter,
            env,
            tempDir,
            resultsDir: deps.resultsDir ?? tempDir,
            signal,
            timings: deps.timings,
            timingsKey: deps.timingsKey,
            coverageBase: deps.coverageBase
        });
    }
    finally {
        await (0,promises_namespaceObject.rm)(tempDir, { recursive: true, force: true }).catch(() => undefined);
    }
    const report = {
        result: 'success',
        stages,
        setupFailures: signal.aborted ? cancelledBetweenStages(stages) : [],
        tests: totalTests(stages),
        durationMs: Date.now() - started,
        environment,
        workingDirectory: options.workingDirectory
    };
    const shard = stages.find((s) => s.shard)?.shard;
    if (shard)
        report.shard = shard;
    return { report: settleRunResult(report), go };
}
/**
 * What must hold before any stage: go.mod where working-directory says, a go that runs,
 * and an environment every stage would not trip over. A report when it does not.
 */
async function setUp(options, env, signal, reporter, started) {
    if (!(0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(options.moduleDir, 'go.mod'))) {
        const failure = failureFromError(new GateError('invalid-input', `Input "working-directory" is "${options.workingDirectory}"; expected a folder inside the workspace that holds go.mod, and ${external_node_path_default().join(options.moduleDir, 'go.mod')} does not exist.`), 'setup');
        return { report: setupFailureReport(options, failure, started) };
    }
    const mod = await readModDirectives(options.moduleDir);
    let go;
    try {
        go = await readGoEnv(options.moduleDir, env, signal);
    }
    catch (error) {
        const failure = explainGoEnvFailure(options, failureFromError(error, 'setup'), mod);
        return { report: setupFailureReport(options, failure, started) };
    }
    const check = checkEnvironment(options, go, mod, env);
    for (const note of check.notes)
        reporter.info(`go-gate: ${note}`);
    if (check.failures.length === 0)
        return { go, environment: check.fingerprint };
    // A mismatch every stage would trip over: name it, and show the stages as not run.
    const report = setupFailureReport(options, check.failures[0], started);
    report.setupFailures = check.failures;
    report.environment = check.fingerprint;
    report.stages = options.stages.map((stage) => ({
        ...emptyStageResult(stage),
        status: 'skipped',
        skipReason: `set-up failed first (${check.failures[0].kind})`
    }));
    return { report, go };
}
/** The stages in pipeline order; after a failure under fail-fast, or a cancellation, the rest are skipped. */
async function runStagesInOrder(runners, ctx) {
    const stages = [];
    let firstFailed;
    for (const stage of ctx.options.stages) {
        if (ctx.signal.aborted) {
            stages.push({ ...emptyStageResult(stage), status: 'skipped', skipReason: 'the run was cancelled' });
            continue;
        }
        if (firstFailed && ctx.options.failFast) {
            stages.push({
                ...emptyStageResult(stage),
                status: 'skipped',
                skipReason: `the ${firstFailed} stage failed first (fail-fast)`
            });
            continue;
        }
        const result = await ctx.reporter.group(`go-gate: ${stage}`, () => runStage(stage, runners[stage], ctx));
        stages.push(result);
        if (result.status === 'failed')
            firstFailed ??= stage;
    }
    return stages;
}
function totalTests(stages) {
    const tests = { passed: 0, failed: 0, skipped: 0 };
    for (const s of stages) {
        if (!s.tests)
            continue;
        tests.passed += s.tests.passed;
        tests.failed += s.tests.failed;
        tests.skipped += s.tests.skipped;
    }
    return tests;
}
/** A cancellation that came between stages, so no stage reported it: the run names it. */
function cancelledBetweenStages(stages) {
    if (stages.some((s) => s.failures.some((f) => f.kind === 'cancelled')))
        return [];
    return [
        {
            kind: 'cancelled',
            stage: stages.find((s) => s.status !== 'skipped')?.stage ?? 'setup',
            severity: 'error',
            title: 'The run was cancelled before it finished',
            message: 'go-gate received a cancellation signal and stopped its child processes.'
        }
    ];
}
async function runStage(stage, runner, ctx) {
    const started = Date.now();
    const controller = new AbortController();
    let timedOut = false;
    const onCancel = () => controller.abort();
    ctx.signal.addEventListener('abort', onCancel, { once: true });
    const timer = setTimeout(() => {
        timedOut = true;
        controller.abort();
    }, ctx.options.stageTimeoutMs);
    // go removes its go-build* work folder only when it exits on its own; a stopped go test
    // (fail-fast, stage-timeout, SIGTERM) leaves it behind. Its own GOTMPDIR goes with the stage.
    const goTmpDir = external_node_path_default().join(ctx.tempDir, `gotmp-${stage}`);
    let result;
    try {
        await (0,promises_namespaceObject.mkdir)(goTmpDir, { recursive: true });
        result = await runner({ ...ctx, env: { ...ctx.env, GOTMPDIR: goTmpDir }, signal: controller.signal });
    }
    catch (error) {
        result = { ...emptyStageResult(stage), status: 'failed', failures: [failureFromError(error, stage)] };
    }
    finally {
        clearTimeout(timer);
        ctx.signal.removeEventListener('abort', onCancel);
        await (0,promises_namespaceObject.rm)(goTmpDir, { recursive: true, force: true }).catch(() => undefined);
    }
    result.durationMs = Date.now() - started;
    if (timedOut) {
        result.status = 'failed';
        const running = result.command ? ` while running \`${result.command}\`` : '';
        result.failures.unshift({
            kind: 'timeout',
            stage,
            severity: 'error',
            title: `The ${stage} stage ran past stage-timeout (${formatLimit(ctx.options.stageTimeoutMs)}) and was stopped${running}`,
            message: `The ${stage} stage was stopped after ${formatLimit(ctx.options.stageTimeoutMs)}${running}.`,
            output: result.rawTail
        });
    }
    else if (ctx.signal.aborted) {
        result.status = 'failed';
        result.failures.unshift({
            kind: 'cancelled',
            stage,
            severity: 'error',
            title: `The run was cancelled during the ${stage} stage`,
            message: `go-gate was cancelled during the ${stage} stage${result.command ? ` (\`${result.command}\`)` : ''} and stopped its child processes.`
        });
    }
    return result;
}

;// CONCATENATED MODULE: ./src/report/json.ts
// The machine-readable report (`go-gate analyze --format json`, `go-gate run --format json`).

/** What a failure is and where: the fields the root cause and every failure share. */
function whereAndWhat(failure) {
    return {
        kind: failure.kind,
        stage: failure.stage,
        package: failure.package ?? null,
        test: failure.test ?? null,
        file: failure.location?.file ?? null,
        line: failure.location?.line ?? null
    };
}
function toJson(failure) {
    return {
        ...whereAndWhat(failure),
        col: failure.location?.col ?? null,
        title: failure.title,
        message: failure.message
    };
}
function renderJson(report) {
    const root = report.rootCause;
    const coverage = report.stages.find((s) => s.coverage)?.coverage;
    const patch = report.stages.find((s) => s.patchCoverage)?.patchCoverage;
    const body = {
        result: report.result,
        rootCause: root
            ? {
                ...whereAndWhat(root),
                // Machines get the line as go printed it, not the sentence's shortened form.
                message: failureDetail(root, 300, false)
            }
            : null,
        tests: report.tests,
        failures: [...report.setupFailures, ...report.stages.flatMap((s) => s.failures)].map(toJson),
        stages: report.stages.map((s) => ({
            stage: s.stage,
            status: s.status,
            skipReason: s.skipReason ?? null,
            durationMs: s.durationMs
        })),
        coverage: coverage
            ? {
                percent: coverage.percentText,
                covered: coverage.covered,
                statements: coverage.statements,
                packages: coverage.packages
            }
            : null,
        // Only when measured (a pull request, or the CLI's --base): the key stays out otherwise.
        ...(patch ? { patchCoverage: patch } : {})
    };
    return `${JSON.stringify(body, null, 2)}\n`;
}

;// CONCATENATED MODULE: ./src/report/shard.ts



/** Up to this many packages are named inline; more fold into a list. */
const INLINE_PACKAGES = 5;
const MAX_PACKAGES_LISTED = 300;
function shardedStages(report) {
    return report.stages.flatMap((stage) => (stage.shard ? [{ stage, shard: stage.shard }] : []));
}
/** One paragraph per sharded stage: the reason sentence, then its packages (folded when many). */
function renderShardSection(report) {
    const parts = [];
    for (const { stage, shard } of shardedStages(report)) {
        const lines = [`**${stage.stage}:** ${escapeMarkdown(shard.reason)}`];
        const names = shard.packages.map((p) => codeSpan(p));
        if (names.length > 0 && names.length <= INLINE_PACKAGES) {
            lines[0] += ` Packages: ${names.join(', ')}.`;
        }
        else if (names.length > INLINE_PACKAGES) {
            const listed = names.slice(0, MAX_PACKAGES_LISTED).map((n) => `- ${n}`);
            if (names.length > MAX_PACKAGES_LISTED)
                listed.push(`- … and ${names.length - MAX_PACKAGES_LISTED} more`);
            lines.push('', `<details><summary>${escapeHtml(`The ${plural(names.length, 'package')} of shard ${shardLabel(shard.shard)} (${stage.stage})`)}</summary>`, '', ...listed, '', '</details>');
        }
        parts.push(lines.join('\n'));
    }
    return parts.join('\n\n');
}
/** The same for the terminal: the reason, and the packages when they are few. */
function shardTerminalLines(stage) {
    if (!stage.shard)
        return [];
    const lines = [stage.shard.reason];
    if (stage.shard.packages.length > 0 && stage.shard.packages.length <= INLINE_PACKAGES)
        lines.push(`Packages: ${stage.shard.packages.join(', ')}`);
    return lines;
}

;// CONCATENATED MODULE: ./src/report/words.ts


/**
 * "2 failed" as a reader expects it. Go fails a parent test with each failing
 * subtest, so go's count is larger than the failures shown: say which is which.
 */
function countFailedTests(goCount, failures) {
    const tests = new Set(failures.filter((f) => f.test !== undefined).map((f) => f.test));
    const parents = new Set();
    for (const test of tests) {
        const parts = test.split('/');
        for (let i = 1; i < parts.length; i++)
            parents.add(parts.slice(0, i).join('/'));
    }
    const failingParents = [...parents].filter((p) => !tests.has(p)).length;
    if (tests.size === 0 || failingParents === 0 || tests.size + failingParents !== goCount)
        return `${goCount} failed`;
    return `${goCount} failed (${plural(tests.size, 'failing test')} and ${plural(failingParents, 'parent')} that ${failingParents === 1 ? 'fails' : 'fail'} with ${tests.size === 1 ? 'it' : 'them'})`;
}

;// CONCATENATED MODULE: ./src/report/summary.ts
// src/report/ owns rendering, at the top of the core: a RunReport in; the root cause chosen and
// described (root-cause, describe), annotations ranked (rank), the job summary (summary), terminal
// text (terminal), JSON (json) and the step outputs (outputs) out, with test output escaped before
// it reaches Markdown (escape). It decides nothing about Go output, and no core module imports it.
//
// The job summary: a `### go-gate` heading, the sentence that names the root
// cause, a one-line count, then the stages, the failures, coverage, the
// packages and the environment. It stays under GitHub's 1 MiB step-summary
// limit however many tests fail, and says what it cut.









/** GitHub refuses a step summary over 1 MiB; stay well under it. */
const SUMMARY_LIMIT_BYTES = (/* unused pure expression or super */ null && (1024 * 1024));
/** What the summary may use: the rest of the MiB is headroom for the cut notice. */
const SUMMARY_BUDGET_BYTES = 900 * 1024;
/** Room kept for the sections after the failures, on top of their own size. */
const TRAILER_RESERVE_BYTES = 4096;
/** The heading that tells this summary apart when several steps' summaries stack. */
const SUMMARY_HEADING = '### go-gate';
const MAX_FAILURES_SHOWN = 50;
/** Lines of a failure's message shown in its block. */
const MAX_MESSAGE_LINES = 60;
/** Lines of a failure's full output shown; past this the middle is cut. */
const MAX_OUTPUT_LINES = 200;
/** Of those, how many come from the start; the rest are the last lines. */
const OUTPUT_HEAD_LINES = 50;
const MAX_LINE_CHARS = 2000;
/** More lint findings than this read as one table after the root cause. */
const FINDINGS_TABLE_AFTER = 3;
const MAX_FINDINGS_IN_TABLE = 500;
const summary_MAX_PACKAGES_LISTED = 300;
const MAX_NOT_STARTED_LISTED = 100;
const MAX_NOTICES_LISTED = 200;
const MAX_LEAST_COVERED_FILES = 10;
function bytes(text) {
    return Buffer.byteLength(text, 'utf8');
}
/** Ends a sentence with a full stop unless it has one. */
function sentence(text) {
    return /[.!?]$/.test(text) ? text : `${text}.`;
}
/** The sentence under the heading: stage, what went wrong, test, location and message. */
function renderHeadline(report, options = {}) {
    const failure = report.rootCause;
    if (!failure) {
        const ran = report.stages.filter((s) => s.status === 'passed').map((s) => s.stage);
        const stage = report.stages.find((s) => s.coverage);
        const coverage = stage?.coverage;
        const passed = report.tests.passed;
        const delta = coverageDeltaText(stage?.coverageComparison);
        return `✅ go-gate passed: ${ran.length > 0 ? ran.join(', ') : 'no stages'}${passed > 0 ? `, ${plural(passed, 'test')} passed` : ''}${coverage ? `, coverage ${coverage.percentText}%${delta}` : ''}.`;
    }
    const p = rootCauseParts(failure, report);
    const where = p.stage ? `The ${codeSpan(p.stage)} stage failed` : 'go-gate could not start';
    const tool = p.tool
        ? failure.kind === 'lint'
            ? ` (${codeSpan(p.tool)})`
            : ` from ${codeSpan(p.tool)}`
        : '';
    const parts = [
        `❌ ${where} ${p.join} **${escapeMarkdown(p.phrase)}**${tool}`,
        p.subject ? ` in ${codeSpan(p.subject)}` : '',
        p.location ? ` at ${linkLocation(p.location, failure, options)}` : '',
        p.detail ? `: ${renderMessage(p.detail)}` : ''
    ];
    // A message that ends its own sentence needs no second full stop after its code span.
    return p.detail && /[.!?]$/.test(p.detail) ? parts.join('') : sentence(parts.join(''));
}
/** ` (−1.4 against main@abc1234)` after a total, or nothing without a baseline. */
function coverageDeltaText(comparison) {
    if (!comparison?.base || comparison.delta === undefined)
        return '';
    return ` (${formatCoverageDelta(comparison.delta)} against ${baselineLabel(comparison.base)})`;
}
/** `66.7% (4 of 6 statements)`, or that no changed line holds a statement. */
function patchPercentText(patch) {
    if (patch.percent === undefined)
        return 'no changed statements';
    return `${formatCoveragePercent(patch.percent)}% (${patch.covered} of ${plural(patch.statements, 'statement')})`;
}
/** One line of counts under the headline: tests, coverage, time. */
function renderCountLine(report) {
    const t = report.tests;
    const ran = t.passed + t.failed + t.skipped;
    const parts = [];
    if (ran === 0)
        parts.push('**Tests:** none ran');
    else {
        const failures = [...report.setupFailures, ...report.stages.flatMap((s) => s.failures)];
        const failed = countFailedTests(t.failed, failures);
        parts.push(`**Tests:** ${t.passed} passed, ${failed}, ${t.skipped} skipped`);
    }
    const stage = report.stages.find((s) => s.coverage);
    if (stage?.coverage)
        parts.push(`**Coverage:** ${stage.coverage.percentText}%${coverageDeltaText(stage.coverageComparison)}`);
    const patch = stage?.patchCoverage;
    if (patch)
        parts.push(`**Patch coverage:** ${patchPercentText(patch)}`);
    parts.push(`**Time:** ${formatDuration(report.durationMs)}`);
    return parts.join(' · ');
}
function linkLocation(text, failure, options) {
    if (!options.blobUrl || !failure.location)
        return codeSpan(text);
    const line = failure.location.line !== undefined ? `#L${failure.location.line}` : '';
    return `[${codeSpan(text)}](${options.blobUrl}/${encodePath(failure.location.file)}${line})`;
}
/** Percent-encodes a repository path for a link: nothing in it may end the link or start Markdown. */
function encodePath(file) {
    return file
        .split('/')
        .map((segment) => encodeURIComponent(segment).replace(/[!'()*_~]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
        .join('/');
}
const STATUS_ICON = {
    passed: '✅ passed',
    failed: '❌ failed',
    skipped: '⏭️ skipped'
};
function stageDetails(s) {
    if (s.status === 'failed' && s.failures[0]) {
        return `${plural(s.failures.length, 'failure')}, first: ${KIND_LABELS[s.failures[0].kind]}`;
    }
    if (!s.tests)
        return '';
    const ran = s.tests.passed + s.tests.failed + s.tests.skipped;
    return ran === 0
        ? 'no tests'
        : `${s.tests.passed} passed, ${s.tests.failed} failed, ${s.tests.skipped} skipped`;
}
function renderStages(report) {
    if (report.stages.length === 0)
        return '';
    const rows = report.stages.map((s) => {
        const status = s.status === 'skipped' && s.skipReason
            ? `${STATUS_ICON.skipped}: ${escapeMarkdown(s.skipReason)}`
            : STATUS_ICON[s.status];
        const time = s.status === 'skipped' ? '' : formatDuration(s.durationMs);
        return `| ${s.stage} | ${status} | ${escapeMarkdown(stageDetails(s))} | ${time} |`;
    });
    return ['| Stage | Result | Details | Time |', '| --- | --- | --- | --- |', ...rows].join('\n');
}
function renderFindingsTable(findings, options) {
    const ordered = [...findings].sort(compareLocations);
    const rows = ordered.slice(0, MAX_FINDINGS_IN_TABLE).map((f) => {
        const location = formatLocation(f.location);
        const where = location ? linkLocation(location, f, options) : '';
        const message = renderMessage(clip(f.message.split('\n')[0] ?? f.title, SENTENCE_MESSAGE_CHARS), true);
        const source = f.source?.[0]?.trim();
        const text = source ? `${message}<br>${codeSpan(clip(source, SENTENCE_MESSAGE_CHARS), true)}` : message;
        return `| ${where} | ${f.tool ? codeSpan(f.tool, true) : ''} | ${text} |`;
    });
    const more = findings.length > MAX_FINDINGS_IN_TABLE
        ? `\n\n${plural(findings.length - MAX_FINDINGS_IN_TABLE, 'more finding')} ${findings.length - MAX_FINDINGS_IN_TABLE === 1 ? 'is' : 'are'} in the log.`
        : '';
    return ['| Where | Linter | Finding |', '| --- | --- | --- |', ...rows].join('\n') + more;
}
function failureHeading(index, failure, options) {
    const subject = failureSubject(failure);
    const location = formatLocation(failure.location);
    const tool = failure.tool
        ? failure.kind === 'lint'
            ? ` (${codeSpan(failure.tool)})`
            : subject
                ? ''
                : ` from ${codeSpan(failure.tool)}`
        : '';
    return `#### ${index}. ${KIND_LABELS[failure.kind]}${tool}${subject ? ` in ${codeSpan(subject)}` : ''}${location ? ` at ${linkLocation(location, failure, options)}` : ''}`;
}
/**
 * True when the first sentence already says everything the failure's message
 * would: a one-line message shown whole, or a failure whose evidence has its
 * own section (the tidy diff, the coverage table).
 */
function sentenceSaysAll(failure, report) {
    if (failure !== report.rootCause)
        return false;
    const stage = report.stages.find((s) => s.stage === failure.stage);
    if (failure.kind === 'coverage-below-threshold' && stage?.coverage)
        return true;
    if (failure.kind === 'mod-tidy' && stage?.diff)
        return true;
    const lines = failure.message.split('\n').filter((l) => l.trim() !== '');
    const detail = rootCauseParts(failure, report).detail;
    return lines.length <= 1 && !(failure.output?.length ?? 0) && !detail?.endsWith('…');
}
function renderFailure(index, failure, report, options) {
    const lines = [failureHeading(index, failure, options)];
    // The root cause's heading is enough when the first sentence showed the whole message;
    // a finding's source line is still worth showing.
    if (sentenceSaysAll(failure, report)) {
        if (failure.source)
            lines.push('', codeBlock(failure.source, 'go'));
        return lines.join('\n');
    }
    const subject = failureSubject(failure);
    if (failure.package && failure.package !== subject)
        lines.push('', `Package ${codeSpan(failure.package)}`);
    const message = failure.message.split('\n').map((l) => clipLine(l, MAX_LINE_CHARS));
    const cutMessage = message.length > MAX_MESSAGE_LINES
        ? [
            ...message.slice(0, MAX_MESSAGE_LINES),
            `… ${plural(message.length - MAX_MESSAGE_LINES, 'more line')} in the full output`
        ]
        : message;
    lines.push('', codeBlock(cutMessage));
    // The offending line under a finding, as golangci-lint prints it.
    if (failure.source)
        lines.push('', codeBlock(failure.source, 'go'));
    const output = failure.output ?? [];
    // The full output earns its place only when it holds something the excerpt does not.
    const shownAlready = new Set(message.map((l) => l.trim()));
    // (`# pkg`, the go command's header over a build's output, names what the heading names.)
    const adds = (l) => l.trim() !== '' && !l.startsWith('# ') && !shownAlready.has(clipLine(l, MAX_LINE_CHARS).trim());
    if (output.some(adds)) {
        const clipped = output.map((l) => clipLine(l, MAX_LINE_CHARS));
        const tailLines = MAX_OUTPUT_LINES - OUTPUT_HEAD_LINES;
        const shown = clipped.length > MAX_OUTPUT_LINES
            ? [
                ...clipped.slice(0, OUTPUT_HEAD_LINES),
                `… ${plural(clipped.length - MAX_OUTPUT_LINES, 'line')} cut …`,
                ...clipped.slice(-tailLines)
            ]
            : clipped;
        const cut = failure.outputTruncated || clipped.length > MAX_OUTPUT_LINES ? ', cut to fit' : '';
        lines.push('', `<details><summary>Full output (${plural(output.length, 'line')}${cut})</summary>`, '', codeBlock(shown), '', '</details>');
    }
    return lines.join('\n');
}
function renderCoverageSection(coverage, threshold, failed, comparison) {
    const lines = [];
    const gate = threshold && threshold > 0 ? `, threshold ${threshold}%` : '';
    const drop = comparison?.dropMax !== undefined ? `, coverage-drop-max ${comparison.dropMax}` : '';
    const versus = comparison?.base && comparison.delta !== undefined
        ? `, ${formatCoverageDelta(comparison.delta)} against ${baselineLabel(comparison.base)}`
        : '';
    const title = `Coverage ${coverage.percentText}%${versus} (${coverage.covered} of ${plural(coverage.statements, 'statement')}${gate}${drop})`;
    const withDelta = comparison?.base !== undefined;
    const deltaOf = new Map((comparison?.packages ?? []).map((p) => [p.importPath, p]));
    const deltaCell = (importPath) => {
        const p = deltaOf.get(importPath);
        return p?.delta !== undefined ? formatCoverageDelta(p.delta) : 'new';
    };
    const table = [
        `| Package | Covered | Statements | Coverage |${withDelta ? ' Δ |' : ''}`,
        `| --- | ---: | ---: | ---: |${withDelta ? ' ---: |' : ''}`,
        ...coverage.packages.map((p) => `| ${codeSpan(p.importPath, true)} | ${p.covered} | ${p.statements} | ${p.statements === 0 ? '–' : `${p.percent.toFixed(1)}%`} |${withDelta ? ` ${p.statements === 0 ? '–' : deltaCell(p.importPath)} |` : ''}`)
    ];
    // Packages the baseline had and this run does not: gone, or now without statements.
    const current = new Set(coverage.packages.map((p) => p.importPath));
    const gone = (comparison?.packages ?? []).filter((p) => !current.has(p.importPath) && p.basePercent !== undefined);
    for (const p of gone.slice(0, summary_MAX_PACKAGES_LISTED))
        table.push(`| ${codeSpan(p.importPath, true)} | – | – | gone | was ${p.basePercent?.toFixed(1)}% |`);
    if (coverage.excludedFiles > 0)
        table.push('', `${plural(coverage.excludedFiles, 'file')} left out by coverage-exclude.`);
    if (comparison?.base)
        table.push('', `Compared with the baseline of ${codeSpan(baselineLabel(comparison.base))}: ${formatCoveragePercent(comparison.base.percent)}%.`);
    if (comparison?.missing)
        table.push('', `No comparison with the base branch: ${escapeMarkdown(sentence(comparison.missing))}`);
    if (!failed) {
        lines.push(`<details><summary>${escapeHtml(title)}</summary>`, '', ...table, '', '</details>');
        return lines.join('\n');
    }
    lines.push(`### ${escapeMarkdown(title)}`, '', ...table, '');
    const worst = coverage.files.filter((f) => f.covered < f.statements).slice(0, MAX_LEAST_COVERED_FILES);
    if (worst.length > 0) {
        lines.push('Least-covered files:', '', '| File | Uncovered statements | Coverage |', '| --- | ---: | ---: |', ...worst.map((f) => `| ${codeSpan(f.file, true)}${f.firstUncovered ? `:${f.firstUncovered.line}` : ''} | ${f.statements - f.covered} | ${((100 * f.covered) / f.statements).toFixed(1)}% |`));
    }
    return lines.join('\n');
}
/** Uncovered changed ranges listed in the summary; the rest are counted. */
const MAX_PATCH_RANGES_LISTED = 100;
/** Patch coverage: the changed lines' statements, and the changed lines no test ran. */
function renderPatchSection(patch, failed) {
    const gate = patch.threshold !== undefined ? `, patch-coverage-threshold ${patch.threshold}%` : '';
    const since = `changed since ${patch.baseSha.slice(0, 7)}`;
    const title = patch.percent === undefined
        ? `Patch coverage: no statements on the lines ${since}`
        : `Patch coverage ${formatCoveragePercent(patch.percent)}% (${patch.covered} of ${plural(patch.statements, 'statement')} on lines ${since}${gate})`;
    const body = [];
    if (patch.uncovered.length > 0) {
        body.push('Changed lines no test ran:', '');
        for (const r of patch.uncovered.slice(0, MAX_PATCH_RANGES_LISTED)) {
            const lines = lineRangeText(r);
            body.push(`- ${codeSpan(`${r.file}:${lines}`)}`);
        }
        if (patch.uncovered.length > MAX_PATCH_RANGES_LISTED)
            body.push(`- … and ${patch.uncovered.length - MAX_PATCH_RANGES_LISTED} more`);
    }
    if (patch.skippedFiles > 0)
        body.push(...(body.length > 0 ? [''] : []), `${plural(patch.skippedFiles, 'changed file')} left out: not Go, tests, generated or excluded by coverage-exclude.`);
    if (!failed && patch.uncovered.length === 0)
        return body.length > 0
            ? `<details><summary>${escapeHtml(title)}</summary>\n\n${body.join('\n')}\n\n</details>`
            : `${escapeMarkdown(title)}.`;
    return [`### ${escapeMarkdown(title)}`, ...(body.length > 0 ? ['', ...body] : [])].join('\n');
}
/** A package's result in words: "build failed" says more than "failed 0 0 0". */
function packageStatus(p, stage) {
    const ran = p.tests.passed + p.tests.failed + p.tests.skipped;
    switch (p.status) {
        case 'not-run':
            // Stopped by fail-fast, a stage timeout or cancellation: say whether it had started.
            return ran > 0 ? 'stopped' : 'not run';
        case 'no-tests':
            return 'no test files';
        case 'passed':
            return ran === 0 ? 'no tests' : 'passed';
        case 'failed': {
            if (ran > 0)
                return 'failed';
            const built = !stage.failures.some((f) => f.package === p.importPath &&
                (f.kind === 'compile-error' || f.kind === 'vet-error' || f.kind === 'dependency'));
            return built ? 'failed' : 'build failed';
        }
        default:
            return p.status;
    }
}
function renderPackages(report) {
    const packages = report.stages.flatMap((s) => (s.packages ?? []).map((p) => ({ stage: s, p })));
    if (packages.length === 0)
        return '';
    const shown = packages.slice(0, summary_MAX_PACKAGES_LISTED);
    const rows = shown.map(({ stage, p }) => {
        const ran = p.tests.passed + p.tests.failed + p.tests.skipped > 0;
        const count = (n) => (ran ? String(n) : '–');
        const time = p.elapsedSeconds !== undefined ? `${p.elapsedSeconds.toFixed(2)}s` : '';
        return `| ${stage.stage} | ${codeSpan(p.importPath, true)} | ${packageStatus(p, stage)}${p.cached ? ' (cached)' : ''} | ${count(p.tests.passed)} | ${count(p.tests.failed)} | ${count(p.tests.skipped)} | ${time} |`;
    });
    const more = packages.length > shown.length
        ? `\n\n${plural(packages.length - shown.length, 'more package')} not listed.`
        : '';
    return [
        `<details><summary>${plural(packages.length, 'package')}</summary>`,
        '',
        '| Stage | Package | Result | Passed | Failed | Skipped | Time |',
        '| --- | --- | --- | ---: | ---: | ---: | ---: |',
        ...rows,
        more,
        '',
        '</details>'
    ].join('\n');
}
function renderEnvironment(report) {
    const env = report.environment;
    if (!env)
        return '';
    const rows = [
        ['Go', env.goVersion],
        ['go.mod go', env.goModGo],
        ['go.mod toolchain', env.goModToolchain],
        ['GOOS/GOARCH', env.goos && env.goarch ? `${env.goos}/${env.goarch}` : undefined],
        ['CGO_ENABLED', env.cgoEnabled],
        ['GOFLAGS', env.goflags],
        ['GOPROXY', env.goproxy],
        ['Runner OS', env.runnerOs],
        ['Working directory', report.workingDirectory]
    ];
    const body = rows
        .filter(([, v]) => v !== undefined && v !== '')
        .map(([k, v]) => `| ${k} | ${codeSpan(v ?? '', true)} |`);
    return [
        '<details><summary>Environment</summary>',
        '',
        '| Setting | Value |',
        '| --- | --- |',
        ...body,
        '',
        '</details>'
    ].join('\n');
}
function renderCache(report) {
    const cache = report.cache;
    if (!cache)
        return '';
    const lines = [
        `Cache: ${cache.hit === 'true' ? 'exact hit' : cache.hit === 'partial' ? 'restored from a fallback key' : 'not restored'}`
    ];
    if (cache.key)
        lines[0] += ` (key ${codeSpan(cache.key)})`;
    if (cache.restoreMs !== undefined)
        lines[0] += `, restore took ${formatDuration(cache.restoreMs)}`;
    if (cache.restoredBytes !== undefined)
        lines[0] += `, ${(cache.restoredBytes / 1048576).toFixed(1)} MiB`;
    lines[0] += '.';
    for (const note of cache.notes)
        lines.push(`- ${escapeMarkdown(note)}`);
    return lines.join('\n');
}
function renderNotes(report) {
    return report.stages.flatMap((stage) => stage.notes.map((note) => `> ${escapeMarkdown(`${stage.stage}: ${note}`)}`));
}
/** What a stage adds after the failures: its diff, coverage, packages that never started, raw output, warnings. */
function renderStageSections(stage) {
    const sections = [];
    if (stage.diff)
        sections.push(`### ${stage.stage}: diff\n\n${codeBlock(stage.diff.replace(/\n+$/, '').split('\n'), 'diff')}`);
    if (stage.flaky && stage.flaky.length > 0)
        sections.push(renderFlakySection(stage));
    if (stage.quarantined && stage.quarantined.length > 0)
        sections.push(renderQuarantineSection(stage));
    if (stage.coverage) {
        const failed = stage.failures.some((f) => f.kind === 'coverage-below-threshold' && f.coverageGate !== 'patch');
        sections.push(renderCoverageSection(stage.coverage, stage.coverageThreshold, failed, stage.coverageComparison));
    }
    if (stage.patchCoverage) {
        const failed = stage.failures.some((f) => f.kind === 'coverage-below-threshold' && f.coverageGate === 'patch');
        sections.push(renderPatchSection(stage.patchCoverage, failed));
    }
    // Packages that started are in the package table as "stopped"; list only those that never started.
    const listed = new Set((stage.packages ?? []).map((p) => p.importPath));
    const notStarted = (stage.notRun ?? []).filter((p) => !listed.has(p));
    if (notStarted.length > 0) {
        const list = notStarted.slice(0, MAX_NOT_STARTED_LISTED).map((p) => `- ${codeSpan(p)}`);
        if (notStarted.length > MAX_NOT_STARTED_LISTED)
            list.push(`- … and ${notStarted.length - MAX_NOT_STARTED_LISTED} more`);
        sections.push(`<details><summary>${stage.stage}: ${plural(notStarted.length, 'package')} never started</summary>\n\n${list.join('\n')}\n\n</details>`);
    }
    if (stage.rawTail && stage.rawTail.length > 0) {
        sections.push(`### ${stage.stage}: go-gate could not explain all of this output\n\nThe last lines ${codeSpan(stage.command ?? 'go')} printed:\n\n${codeBlock(stage.rawTail.map((l) => clipLine(l, MAX_LINE_CHARS)))}`);
    }
    const notices = stage.notices.filter((n) => n.kind !== 'coverage-below-threshold').sort(compareLocations);
    if (notices.length > 0) {
        const rows = notices.slice(0, MAX_NOTICES_LISTED).map((n) => {
            const location = formatLocation(n.location);
            return `- ${n.severity}: ${location ? `${codeSpan(location)} ` : ''}${renderMessage(clip(n.title, SENTENCE_MESSAGE_CHARS))}`;
        });
        sections.push(`<details><summary>${stage.stage}: ${plural(notices.length, 'warning')}</summary>\n\n${rows.join('\n')}\n\n</details>`);
    }
    return sections;
}
/** Flaky tests listed in the summary; the rest are counted. */
const MAX_FLAKY_LISTED = 20;
/** The tests that failed and then passed on a rerun, with the first failure's line and message. */
function renderFlakySection(stage) {
    const flaky = stage.flaky ?? [];
    const rows = flaky.slice(0, MAX_FLAKY_LISTED).map((f) => {
        const location = formatLocation(f.firstFailure.location);
        return `- ${codeSpan(f.test)} in ${codeSpan(f.package)}${location ? ` at ${codeSpan(location)}` : ''}: failed on the first run, passed on attempt ${f.passedOn} of ${f.attempts}. First failure: ${renderMessage(clip(f.firstFailure.title, SENTENCE_MESSAGE_CHARS))}`;
    });
    if (flaky.length > MAX_FLAKY_LISTED)
        rows.push(`- … and ${flaky.length - MAX_FLAKY_LISTED} more`);
    return `### ${stage.stage}: Flaky tests\n\n${plural(flaky.length, 'test')} failed and then passed when rerun alone.\n\n${rows.join('\n')}`;
}
/** Quarantined tests: those that failed (not blocking) and those that passed (they can be released). */
function renderQuarantineSection(stage) {
    const all = stage.quarantined ?? [];
    const rows = all.slice(0, MAX_FLAKY_LISTED).map((q) => {
        const location = formatLocation(q.failure?.location);
        return q.failed
            ? `- ${codeSpan(q.test)} in ${codeSpan(q.package)}${location ? ` at ${codeSpan(location)}` : ''} failed (not blocking): ${renderMessage(clip(q.failure?.title ?? '', SENTENCE_MESSAGE_CHARS))}`
            : `- ${codeSpan(q.test)} in ${codeSpan(q.package)} passed: it can be released from quarantine.`;
    });
    if (all.length > MAX_FLAKY_LISTED)
        rows.push(`- … and ${all.length - MAX_FLAKY_LISTED} more`);
    return `### ${stage.stage}: Quarantined tests\n\n${rows.join('\n')}`;
}
/** Every failure once, the root cause first. */
function distinctFailures(report) {
    const failures = [
        ...report.setupFailures.filter((f) => f !== report.rootCause),
        ...report.stages.flatMap((s) => s.failures)
    ];
    if (report.rootCause)
        failures.unshift(report.rootCause);
    return [...new Set(failures)];
}
/** The failures, as many as fit in `room` bytes; the rest are counted. */
function renderFailures(report, options, room) {
    const all = distinctFailures(report);
    if (all.length === 0)
        return [];
    const sections = [`### ${plural(all.length, 'failure')}`];
    let used = bytes(sections[0]);
    // Many linter findings read best as one table; the root cause keeps its own section.
    const tabled = all.filter((f) => f.kind === 'lint' && f !== report.rootCause);
    const useTable = tabled.length > FINDINGS_TABLE_AFTER;
    const sectioned = useTable ? all.filter((f) => !tabled.includes(f)) : all;
    let shown = 0;
    for (const failure of sectioned) {
        if (shown >= MAX_FAILURES_SHOWN)
            break;
        const text = renderFailure(shown + 1, failure, report, options);
        if (used + bytes(text) > room)
            break;
        sections.push(text);
        used += bytes(text) + 2;
        shown++;
    }
    if (useTable) {
        const table = renderFindingsTable(tabled, options);
        if (used + bytes(table) <= room)
            sections.push(table);
    }
    if (shown < sectioned.length) {
        const left = sectioned.length - shown;
        sections.push(`_${plural(left, 'more failure')} not shown, to keep this summary under GitHub's 1 MiB limit; the log has them all._`);
    }
    return sections;
}
/** Never hand GitHub a summary it would refuse: cut at the budget and say so. */
function fitToBudget(text, budget) {
    if (bytes(text) <= budget)
        return text;
    const cut = Buffer.from(text, 'utf8')
        .subarray(0, budget - 512)
        .toString('utf8')
        .replace(/\uFFFD$/, '');
    return `${cut}\n\n</details>\n\n_The summary was cut here to stay under GitHub's 1 MiB limit._`;
}
/** Renders the whole summary within the budget. */
function renderSummary(report, options = {}) {
    const budget = options.budgetBytes ?? SUMMARY_BUDGET_BYTES;
    const head = [SUMMARY_HEADING, renderHeadline(report, options), renderCountLine(report)];
    const shard = renderShardSection(report);
    if (shard)
        head.push(shard);
    const stages = renderStages(report);
    if (stages)
        head.push(stages);
    head.push(...renderNotes(report));
    const tail = [
        ...report.stages.flatMap(renderStageSections),
        renderPackages(report),
        renderCache(report),
        renderEnvironment(report)
    ].filter((s) => s !== '');
    // Reserve room for what comes after the failures, then add failures while they fit.
    const room = budget - bytes(head.join('\n\n')) - bytes(tail.join('\n\n')) - TRAILER_RESERVE_BYTES;
    const failures = renderFailures(report, options, room);
    return `${fitToBudget([...head, ...failures, ...tail].join('\n\n'), budget)}\n`;
}

;// CONCATENATED MODULE: ./src/report/terminal.ts
// The report for a terminal: the CLI prints it, in colour on a TTY.







/** Failures the terminal lists one by one; the rest are in the summary and the JSON report. */
const TERMINAL_FAILURES = 20;
// Test output may carry terminal escapes; show them, never let them act.
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f\u009b]/g;
function sanitize(text) {
    return text.replace(CONTROL, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`);
}
function renderTerminal(report, options) {
    const paint = (code, text) => (options.color ? `\u001b[${code}m${text}\u001b[0m` : text);
    const red = (t) => paint('31', t);
    const green = (t) => paint('32', t);
    const bold = (t) => paint('1', t);
    const dim = (t) => paint('2', t);
    const lines = [];
    if (report.rootCause)
        lines.push(red(bold(`✗ ${sanitize(rootCauseLine(report))}`)));
    else {
        const coverage = report.stages.find((s) => s.coverage)?.coverage;
        lines.push(green(bold(`✓ go-gate passed${coverage ? ` (coverage ${coverage.percentText}%)` : ''}`)));
    }
    lines.push('');
    for (const stage of report.stages) {
        const mark = stage.status === 'passed' ? green('✓') : stage.status === 'failed' ? red('✗') : dim('-');
        const why = stage.skipReason ? dim(` (skipped: ${stage.skipReason})`) : '';
        const time = stage.status === 'skipped' || stage.durationMs === 0 ? '' : dim(` ${formatDuration(stage.durationMs)}`);
        lines.push(`${mark} ${stage.stage}${why}${time}`);
        for (const line of shardTerminalLines(stage))
            lines.push(dim(`    ${sanitize(line)}`));
        for (const note of stage.notes)
            lines.push(dim(`    ${sanitize(note)}`));
        for (const f of (stage.flaky ?? []).slice(0, TERMINAL_FAILURES)) {
            const location = formatLocation(f.firstFailure.location);
            lines.push(`    flaky: ${sanitize(`${f.package}.${f.test}`)}${location ? ` at ${sanitize(location)}` : ''} passed on attempt ${f.passedOn} of ${f.attempts}`);
        }
        for (const q of (stage.quarantined ?? []).slice(0, TERMINAL_FAILURES)) {
            lines.push(`    quarantined: ${sanitize(`${q.package}.${q.test}`)} ${q.failed ? 'failed (not blocking)' : 'passed: it can be released'}`);
        }
    }
    const failures = [...report.setupFailures, ...report.stages.flatMap((s) => s.failures)];
    if (failures.length > 0) {
        lines.push('', bold(`${plural(failures.length, 'failure')}:`));
        for (const [i, failure] of failures.slice(0, TERMINAL_FAILURES).entries()) {
            const subject = failureSubject(failure);
            const location = formatLocation(failure.location);
            lines.push('', `${i + 1}. ${red(KIND_LABELS[failure.kind])}${failure.kind === 'lint' && failure.tool ? ` (${failure.tool})` : ''}${subject ? ` ${bold(sanitize(subject))}` : ''}${location ? ` at ${location}` : ''}`);
            for (const line of failure.message.split('\n').slice(0, 25))
                lines.push(`   ${sanitize(line)}`);
        }
        if (failures.length > TERMINAL_FAILURES)
            lines.push('', dim(`… and ${failures.length - TERMINAL_FAILURES} more failures`));
    }
    for (const stage of report.stages) {
        if (stage.diff) {
            lines.push('', bold(`${stage.stage}: diff`));
            for (const line of stage.diff.split('\n').slice(0, 80)) {
                const text = `   ${sanitize(line)}`;
                lines.push(line.startsWith('+') ? green(text) : line.startsWith('-') ? red(text) : text);
            }
        }
        if (stage.rawTail && stage.rawTail.length > 0) {
            lines.push('', bold(`${stage.stage}: go-gate could not explain this output; its last lines:`));
            for (const line of stage.rawTail)
                lines.push(`   ${sanitize(line)}`);
        }
        if (stage.coverage) {
            const c = stage.coverage;
            lines.push('', bold(`Coverage ${c.percentText}%`) + dim(` (${c.covered} of ${plural(c.statements, 'statement')})`));
            for (const p of c.packages.slice(0, 10))
                lines.push(dim(`   ${p.statements === 0 ? '   –  ' : `${p.percent.toFixed(1).padStart(5)}%`} ${p.importPath}`));
        }
        const patch = stage.patchCoverage;
        if (patch) {
            const since = `lines changed since ${patch.baseSha.slice(0, 7)}`;
            lines.push('', patch.percent === undefined
                ? bold('Patch coverage: ') + dim(`no statements on the ${since}`)
                : bold(`Patch coverage ${formatCoveragePercent(patch.percent)}%`) +
                    dim(` (${patch.covered} of ${plural(patch.statements, 'statement')} on ${since})`));
            for (const r of patch.uncovered.slice(0, 10))
                lines.push(dim(`   not covered: ${sanitize(r.file)}:${lineRangeText(r)}`));
            if (patch.uncovered.length > 10)
                lines.push(dim(`   … and ${patch.uncovered.length - 10} more ranges`));
        }
    }
    const t = report.tests;
    const counts = t.passed + t.failed + t.skipped === 0
        ? 'none ran'
        : `${green(`${t.passed} passed`)}, ${t.failed > 0 ? red(`${t.failed} failed`) : '0 failed'}, ${t.skipped} skipped`;
    lines.push('', `Tests: ${counts} in ${formatDuration(report.durationMs)}`);
    return `${lines.join('\n')}\n`;
}

;// CONCATENATED MODULE: ./src/cli/args.ts
// argv → a command and raw input values. Every action input is a --flag of the
// same name, so the CLI and the action share one parseOptions.



const BOOLEAN_INPUTS = new Set(['race', 'fail-fast', 'annotations', 'summary', 'cache']);
function parseFormat(value) {
    if (value === 'text' || value === 'json' || value === 'markdown')
        return value;
    throw new GateError('invalid-input', `Option --format is ${JSON.stringify(value)}; expected text, json or markdown.`);
}
function isInput(name) {
    return Object.hasOwn(INPUTS, name);
}
function parseArgs(argv) {
    const [command, ...rest] = argv;
    if (command === undefined || command === 'help' || command === '--help' || command === '-h')
        return { command: 'help' };
    if (command === 'version' || command === '--version')
        return { command: 'version' };
    if (command !== 'run' && command !== 'analyze') {
        throw new GateError('invalid-input', `Unknown command ${JSON.stringify(command)}; expected run, analyze or help.`);
    }
    const words = splitWords(rest);
    if (words === 'help')
        return { command: 'help' };
    const { positional, flags } = words;
    const format = parseFormat(flags.get('format') ?? 'text');
    flags.delete('format');
    const colorFlag = flags.get('color');
    flags.delete('color');
    const verbose = flags.get('verbose') === 'true';
    flags.delete('verbose');
    const progress = flags.get('progress') !== 'false';
    flags.delete('progress');
    const color = colorFlag === undefined ? undefined : colorFlag !== 'false';
    return command === 'analyze'
        ? toAnalyzeCommand(positional, flags, format, color)
        : toRunCommand(positional, flags, format, color, verbose, progress);
}
/** Positional arguments and --flags (as name → value), or 'help' when --help is among them. */
function splitWords(args) {
    const positional = [];
    const flags = new Map();
    for (let i = 0; i < args.length; i++) {
        const arg = args[i];
        if (arg === '-' || !arg.startsWith('-')) {
            positional.push(arg);
            continue;
        }
        if (arg === '--help' || arg === '-h')
            return 'help';
        const body = arg.replace(/^--?/, '');
        const eq = body.indexOf('=');
        let name = eq >= 0 ? body.slice(0, eq) : body;
        let value = eq >= 0 ? body.slice(eq + 1) : undefined;
        if (value === undefined &&
            name.startsWith('no-') &&
            isInput(name.slice(3)) &&
            BOOLEAN_INPUTS.has(name.slice(3))) {
            name = name.slice(3);
            value = 'false';
        }
        if (value === undefined &&
            ((isInput(name) && BOOLEAN_INPUTS.has(name)) ||
                name === 'color' ||
                name === 'no-color' ||
                name === 'no-progress' ||
                name === 'verbose')) {
            value = name === 'no-color' || name === 'no-progress' ? 'false' : 'true';
            if (name === 'no-color')
                name = 'color';
            if (name === 'no-progress')
                name = 'progress';
        }
        if (value === undefined) {
            value = args[i + 1];
            if (value === undefined)
                throw new GateError('invalid-input', `Option --${name} needs a value.`);
            i++;
        }
        flags.set(name, value);
    }
    return { positional, flags };
}
function toAnalyzeCommand(positional, flags, format, color) {
    const known = new Set(['coverprofile', 'coverage-threshold', 'coverage-exclude', 'dir']);
    for (const name of flags.keys()) {
        if (!known.has(name)) {
            throw new GateError('invalid-input', `Unknown option --${name} for analyze; expected --format, --dir, --coverprofile, --coverage-threshold, --coverage-exclude.`);
        }
    }
    if (positional.length > 1)
        throw new GateError('invalid-input', 'analyze reads one stream: go-gate analyze [FILE|-].');
    return {
        command: 'analyze',
        file: positional[0] ?? (flags.has('coverprofile') ? '' : '-'),
        format,
        dir: flags.get('dir') ?? '.',
        coverprofile: flags.get('coverprofile'),
        coverageThreshold: parseCoverageThreshold(flags.get('coverage-threshold') ?? '', 'Option --coverage-threshold'),
        coverageExclude: flags.get('coverage-exclude'),
        color
    };
}
function toRunCommand(positional, flags, format, color, verbose, progress) {
    const inputs = {};
    const timings = flags.get('timings');
    flags.delete('timings');
    let base;
    for (const [name, value] of flags) {
        if (name === 'base') {
            if (value.trim() === '' || value.startsWith('-'))
                throw new GateError('invalid-input', `Option --base is ${JSON.stringify(value)}; expected a branch, tag or commit such as main or origin/main.`);
            base = value.trim();
            continue;
        }
        if (!isInput(name)) {
            throw new GateError('invalid-input', `Unknown option --${name}; expected one of --${Object.keys(INPUTS).join(', --')}, --base, --timings, --format, --color.`);
        }
        inputs[name] = value;
    }
    if (positional.length > 1)
        throw new GateError('invalid-input', 'run takes one folder: go-gate run [DIR].');
    return {
        command: 'run',
        dir: positional[0] ?? '.',
        inputs,
        format,
        color,
        verbose,
        progress,
        base,
        timings
    };
}
const HELP = `go-gate: the CI gate of a Go repository, with the root cause named.

Usage:
  go-gate run [DIR] [--stages unit,build] [--<input> VALUE ...] [--base REF] [--timings FILE] [--format text|json|markdown]
      Runs the gate on the repository in DIR (default: the current folder), as the action
      does. Every action input is an option of the same name, e.g. --race=false,
      --coverage-threshold 80, --working-directory service/api. The cache inputs, pr-comment
      and github-token do nothing here.
      --shard 2/4 runs the unit and integration tests of one shard, split by test functions, or by
      the timings record in --timings FILE (JSON: {"schema": 1, "packages": {"import/path": seconds}}).
      --verbose echoes the output of the Go commands as they run. On a terminal a live line
      shows each stage's progress; --no-progress (or NO_COLOR) prints plain lines instead.
      --base REF measures patch coverage: the statements on lines changed since the merge
      base of REF (a branch, tag or commit) and the working tree; patch-coverage-threshold
      gates it.
  go-gate analyze [FILE|-] [--format text|json|markdown] [--dir DIR]
                  [--coverprofile FILE [--coverage-threshold N] [--coverage-exclude GLOBS]]
      Reports a saved \`go test -json\` stream (FILE, or - for standard input) and/or a
      coverage profile. DIR is the module the stream came from (default: .).

Exit status: ${CLI_EXIT.passed} when the gate passed, ${CLI_EXIT.failed} when it failed, ${CLI_EXIT.usage} for bad usage (an unknown
command or option, or a value an option or input does not accept).
`;

;// CONCATENATED MODULE: ./src/cli/progress.ts

/** How often the elapsed time is redrawn when no event arrives. */
const PROGRESS_REDRAW_MS = 200;
const CLEAR_LINE = '\r\u001b[2K';
/** The progress line's text: "unit 12.3s · 2/3 packages · 9 passed, 2 failed · running example.com/m/store". */
function progressText(p, now, columns) {
    const parts = [`▸ ${p.stage} ${formatDuration(now - p.startedAt)}`];
    const tested = p.packagesDone > 0 || p.passed + p.failed > 0 || p.running !== undefined;
    if (tested) {
        parts.push(p.packagesTotal !== undefined
            ? `${p.packagesDone}/${p.packagesTotal} packages`
            : `${p.packagesDone} ${p.packagesDone === 1 ? 'package' : 'packages'} done`);
        parts.push(`${p.passed} passed, ${p.failed} failed`);
        if (p.running)
            parts.push(`running ${p.running}`);
    }
    const text = parts.join(' · ');
    // A line longer than the terminal wraps, and \r then redraws only its last row.
    const chars = [...text];
    return chars.length < columns ? text : `${chars.slice(0, Math.max(1, columns - 2)).join('')}…`;
}
/** Folds test2json events into the counts the progress line shows. */
function countEvent(p, event, ended) {
    const pkg = event.Package;
    if (pkg === undefined)
        return;
    if (event.Test !== undefined) {
        if (event.Action === 'pass')
            p.passed++;
        else if (event.Action === 'fail')
            p.failed++;
    }
    else if (event.Action === 'pass' || event.Action === 'fail' || event.Action === 'skip') {
        if (!ended.has(pkg)) {
            ended.add(pkg);
            p.packagesDone++;
        }
        if (p.running === pkg)
            p.running = undefined;
        return;
    }
    if (!ended.has(pkg))
        p.running = pkg;
}
class LiveProgress {
    term;
    counts = null;
    ended = new Set();
    timer = null;
    shown = false;
    constructor(term) {
        this.term = term;
    }
    begin(stage) {
        this.end();
        this.counts = { stage, startedAt: this.term.now(), packagesDone: 0, passed: 0, failed: 0 };
        this.ended = new Set();
        this.draw();
        this.timer = setInterval(() => this.draw(), PROGRESS_REDRAW_MS);
        this.timer.unref?.();
    }
    setTotal(stage, total) {
        if (this.counts?.stage !== stage)
            return;
        this.counts.packagesTotal = total;
        this.draw();
    }
    event(event) {
        if (!this.counts)
            return;
        countEvent(this.counts, event, this.ended);
        this.draw();
    }
    /** Prints a line above the progress line. */
    line(text) {
        if (this.shown)
            this.term.write(CLEAR_LINE);
        this.shown = false;
        this.term.write(text);
        this.draw();
    }
    /** Clears the line and stops redrawing. */
    end() {
        if (this.timer)
            clearInterval(this.timer);
        this.timer = null;
        if (this.shown)
            this.term.write(CLEAR_LINE);
        this.shown = false;
        this.counts = null;
    }
    draw() {
        if (!this.counts)
            return;
        this.term.write(`${CLEAR_LINE}${progressText(this.counts, this.term.now(), this.term.columns())}`);
        this.shown = true;
    }
}

;// CONCATENATED MODULE: ./src/cli/commands.ts
// src/cli/ owns the terminal adapter: argv to raw input values (args), the same parseOptions and
// pipeline as the action for `go-gate run`, `go-gate analyze` on a saved stream or profile, and the
// report printed in the terminal or as JSON (run).
//
// The CLI: `go-gate run` runs the same pipeline as the action; `go-gate analyze`
// reports a saved `go test -json` stream or coverage profile.






















class TerminalReporter {
    io;
    verbose;
    style;
    redact;
    constructor(io, verbose, style, 
    /** Takes the run's secrets out of what is echoed (go output under --verbose, warnings). */
    redact = (text) => text) {
        this.io = io;
        this.verbose = verbose;
        this.style = style;
        this.redact = redact;
    }
    print(text) {
        const shown = this.redact(text);
        if (this.style.progress)
            this.style.progress.line(shown);
        else
            this.io.stderr(shown);
    }
    info(message) {
        if (this.verbose)
            this.print(`${message}\n`);
    }
    warning(message) {
        const label = this.style.color ? '\u001b[33mwarning:\u001b[0m' : 'warning:';
        this.print(`${label} ${message}\n`);
    }
    output(line) {
        if (this.verbose)
            this.print(`${line}\n`);
    }
    testEvent(event) {
        this.style.progress?.event(event);
    }
    async group(title, fn) {
        // The pipeline names its phases for the action's log; here the stage name is enough.
        const stage = title.replace(/^go-gate: /, '');
        const progress = this.style.progress;
        if (progress) {
            progress.begin(stage);
            this.style
                .packagesTotal?.(stage)
                .then((total) => {
                if (total !== undefined)
                    progress.setTotal(stage, total);
            })
                .catch(() => undefined);
        }
        else {
            this.io.stderr(`▸ ${stage}\n`);
        }
        try {
            return await fn();
        }
        finally {
            // The final report lists every stage with its time: the live line goes.
            progress?.end();
        }
    }
}
/** The live line is for a person at a terminal: not in pipes, not with NO_COLOR or --no-progress. */
function terminalStyle(cmd, io, options) {
    const plain = !io.stderrIsTTY || io.env.NO_COLOR !== undefined;
    const color = cmd.color ?? !plain;
    if (plain || !cmd.progress)
        return { progress: null, color };
    const progress = new LiveProgress({
        write: io.stderr,
        columns: io.columns ?? (() => 80),
        now: Date.now
    });
    // A shard runs part of the listing: its total is known only once the stage has split it.
    const packagesTotal = (stage) => stage === 'unit' && !options.shard
        ? listPackages(options.moduleDir, options.packages.length > 0 ? options.packages : ['./...'], {
            env: io.env
        }).then((listed) => (listed.exitCode === 0 ? listed.packages.length : undefined))
        : Promise.resolve(undefined);
    return { progress, color, packagesTotal };
}
/** Every report the CLI prints goes through here, redacted first. */
function render(unredacted, format, io, color, secrets = collectSecrets({ env: io.env })) {
    const report = redactReport(unredacted, [...secrets]);
    if (format === 'json')
        return renderJson(report);
    if (format === 'markdown')
        return renderSummary(report);
    return renderTerminal(report, { color: color ?? (io.isTTY && io.env.NO_COLOR === undefined) });
}
async function runGate(cmd, io) {
    const started = Date.now();
    const workspace = external_node_path_default().resolve(io.cwd, cmd.dir);
    const read = (name) => cmd.inputs[name];
    let report;
    let secrets = {};
    let junitFile = '';
    try {
        const options = parseOptions(read, workspace);
        if (options.mode === 'merge') {
            throw new GateError('invalid-input', 'Input "mode" is "merge"; the merge downloads the shards\' artifacts and runs only in a GitHub Actions job. The CLI runs mode gate.');
        }
        junitFile = options.junitFile;
        secrets = {
            integrationEnv: options.integration.env,
            publicNames: options.integration.publicEnv,
            urls: options.integration.waitFor.map((t) => t.raw),
            // The CLI never posts a comment, but a token given to it stays a secret.
            values: options.prComment.token !== '' ? [options.prComment.token] : []
        };
        // The cache belongs to the runner; locally Go's own caches are already warm.
        options.cache.enabled = false;
        const timings = cmd.timings !== undefined ? await readTimingsFile(external_node_path_default().resolve(io.cwd, cmd.timings)) : undefined;
        let coverageBase;
        if (cmd.base !== undefined) {
            const sha = await resolveCommit(workspace, cmd.base, io.env);
            if (sha === undefined)
                throw new GateError('invalid-input', `Option --base is ${JSON.stringify(cmd.base)}; expected a branch, tag or commit that git knows in ${workspace}.`);
            coverageBase = { patchBaseSha: sha };
        }
        const controller = new AbortController();
        const onSignal = () => controller.abort();
        process.once('SIGINT', onSignal);
        process.once('SIGTERM', onSignal);
        try {
            report = (await runPipeline(options, {
                reporter: new TerminalReporter(io, cmd.verbose, terminalStyle(cmd, io, options), createRedactor(collectSecrets({ ...secrets, env: io.env }))),
                signal: controller.signal,
                env: io.env,
                timings,
                coverageBase
            })).report;
        }
        finally {
            process.off('SIGINT', onSignal);
            process.off('SIGTERM', onSignal);
        }
    }
    catch (error) {
        report = setupFailureReport({ workingDirectory: '.' }, failureFromError(error, 'setup'), started);
    }
    const secretValues = collectSecrets({ ...secrets, env: io.env });
    io.stdout(render(report, cmd.format, io, cmd.color, secretValues));
    if (junitFile !== '') {
        // The report is printed whatever happens to the file; a file that cannot be written is said, as in the action.
        await writeJunitFile(junitFile, redactReport(report, secretValues)).catch((error) => io.stderr(`warning: go-gate could not write the junit-file ${junitFile}: ${errorMessage(error)}\n`));
    }
    return exitStatus(report);
}
/** --timings FILE: a timings record, refused before anything runs when it is not one. */
async function readTimingsFile(file) {
    let text;
    try {
        text = await (0,promises_namespaceObject.readFile)(file, 'utf8');
    }
    catch (error) {
        throw new GateError('invalid-input', `Option --timings names ${file}, which cannot be read: ${errorMessage(error)}.`);
    }
    const parsed = parseTimingsRecord(text);
    if (!parsed.record)
        throw new GateError('invalid-input', `Option --timings names ${file}, but ${parsed.problem}; expected {"schema": 1, "packages": {"import/path": seconds, ...}}.`);
    return parsed.record;
}
async function sourceIndexFor(dir, importPaths, env) {
    if (importPaths.length > 0 && (0,external_node_fs_namespaceObject.existsSync)(external_node_path_default().join(dir, 'go.mod'))) {
        try {
            const listed = await listPackages(dir, importPaths, { env });
            return await buildSourceIndex(dir, dir, listed.packages, importPaths);
        }
        catch {
            // No go here: locations stay unresolved rather than guessed.
        }
    }
    return { repoRoot: dir, commandDir: dir, packages: new Map() };
}
async function analyzeSaved(cmd, io) {
    const started = Date.now();
    const dir = external_node_path_default().resolve(io.cwd, cmd.dir);
    const stages = [];
    const unit = {
        stage: 'unit',
        status: 'passed',
        durationMs: 0,
        failures: [],
        notices: [],
        notes: []
    };
    stages.push(unit);
    if (cmd.file !== '') {
        const input = cmd.file === '-' ? io.stdin : (0,external_node_fs_namespaceObject.createReadStream)(external_node_path_default().resolve(io.cwd, cmd.file));
        const run = await readTestStream(input);
        const failed = [...run.packages.values()].filter((p) => p.status === 'fail').map((p) => p.importPath);
        const index = await sourceIndexFor(dir, failed, io.env);
        const { result } = stageResultFromTestRun(run, new PathResolver(index), 'unit');
        Object.assign(unit, result);
        if (run.incomplete.length > 0)
            unit.notes.push(`The stream ended before ${run.incomplete.length} package(s) finished.`);
    }
    if (cmd.coverprofile) {
        const threshold = cmd.coverageThreshold;
        let modules = [];
        try {
            const listed = await listPackages(dir, ['./...'], { env: io.env });
            modules = listed.modules;
        }
        catch {
            modules = [];
        }
        const report = await readCoverageProfile(external_node_path_default().resolve(io.cwd, cmd.coverprofile), {
            repoRoot: dir,
            modules,
            exclude: (cmd.coverageExclude ?? '')
                .split(/\r?\n|,/)
                .map((s) => s.trim())
                .filter((s) => s !== '')
        });
        unit.coverage = report;
        unit.coverageThreshold = threshold;
        const gate = coverageGate(report, threshold, 'unit');
        if (gate.failure) {
            unit.failures.push(gate.failure);
            unit.notices.push(...gate.notices);
        }
    }
    unit.status = unit.failures.length > 0 ? 'failed' : 'passed';
    const report = {
        result: 'success',
        stages,
        setupFailures: [],
        tests: unit.tests ?? { passed: 0, failed: 0, skipped: 0 },
        durationMs: Date.now() - started,
        workingDirectory: '.'
    };
    settleRunResult(report);
    io.stdout(render(report, cmd.format, io, cmd.color));
    return exitStatus(report);
}
/** A failed run whose root cause is input it does not accept is bad usage; any other failure is a failed gate. */
function exitStatus(report) {
    if (report.result === 'success')
        return CLI_EXIT.passed;
    return report.rootCause?.kind === 'invalid-input' ? CLI_EXIT.usage : CLI_EXIT.failed;
}
/** Runs the CLI; returns the exit status. */
async function runCli(argv, io) {
    let command;
    try {
        command = parseArgs(argv);
    }
    catch (error) {
        io.stderr(`go-gate: ${errorMessage(error)}\n\n${HELP}`);
        return CLI_EXIT.usage;
    }
    try {
        switch (command.command) {
            case 'help':
                io.stdout(HELP);
                return CLI_EXIT.passed;
            case 'version':
                io.stdout(`go-gate ${process.env.GO_GATE_VERSION ?? '0.1.0'}\n`);
                return CLI_EXIT.passed;
            case 'run':
                return await runGate(command, io);
            case 'analyze':
                return await analyzeSaved(command, io);
        }
    }
    catch (error) {
        const kind = errorKind(error);
        io.stderr(`go-gate: ${kind === 'internal-error' && !(error instanceof GateError) ? 'internal error: ' : ''}${errorMessage(error)}\n`);
        return kind === 'invalid-input' ? CLI_EXIT.usage : CLI_EXIT.failed;
    }
}
/** The process entry: wires runCli to the real process. */
async function main() {
    // Standard output is the report's (--format json must stay parseable). The
    // @actions libraries write workflow commands there; outside a runner they go
    // to standard error, and their ::debug:: chatter nowhere.
    const report = process.stdout.write.bind(process.stdout);
    if (process.env.GITHUB_ACTIONS !== 'true') {
        process.stdout.write = ((chunk, ...rest) => String(chunk).startsWith('::debug::')
            ? true
            : process.stderr.write(chunk, ...rest));
    }
    const code = await runCli(process.argv.slice(2), {
        stdout: (text) => report(text),
        stderr: (text) => process.stderr.write(text),
        stdin: process.stdin,
        isTTY: Boolean(process.stdout.isTTY),
        stderrIsTTY: Boolean(process.stderr.isTTY),
        columns: () => process.stderr.columns ?? 80,
        env: process.env,
        cwd: process.cwd()
    });
    process.exitCode = code;
}

;// CONCATENATED MODULE: ./src/cli.ts

void main();

