import { ControlFlowError } from './control-flow-error.js';
// A streaming JSON tokenizer with token locations, standing in for the Jackson parser that
// Elasticsearch reads request bodies with. Streaming matters: Elasticsearch reports the first
// problem it meets (an unknown field) before a syntax error further on, and so do we.
// Error texts follow Jackson 2.x; their exact wording is [inferred].

/** A token, named as Elasticsearch's XContentParser.Token names it. */
export type Token =
  | 'START_OBJECT'
  | 'END_OBJECT'
  | 'START_ARRAY'
  | 'END_ARRAY'
  | 'FIELD_NAME'
  | 'VALUE_STRING'
  | 'VALUE_NUMBER'
  | 'VALUE_BOOLEAN'
  | 'VALUE_NULL';

/** A syntax error of the JSON itself (Jackson's JsonParseException). */
export class JsonSyntaxError extends ControlFlowError {
  constructor(
    readonly line: number,
    readonly column: number,
    message: string,
  ) {
    super(message);
  }
}

interface Frame {
  kind: 'object' | 'array';
  line: number;
  column: number;
  // object: 'key' (expect a name or '}'), 'colon', 'value', 'comma'; array: 'value' or 'comma'
  expect: 'key' | 'colon' | 'value' | 'comma' | 'first';
  names?: Set<string>;
}

const VALUE_EXPECTED =
  "expected a valid value (JSON String, Number, Array, Object or token 'null', 'true' or 'false')";

/** Pulls tokens one at a time from JSON text, like Jackson's JsonParser. */
export class JsonPullParser {
  private pos = 0;
  private line = 1;
  private lineStart = 0;
  private readonly stack: Frame[] = [];
  private done = false;
  /** The current token, or null before the first and after the last. */
  token: Token | null = null;
  /** Text of the current string, field name or number token. */
  text = '';
  /** 1-based line and column where the current token starts. */
  tokenLine = 1;
  tokenColumn = 1;

  constructor(private readonly src: string) {}

  /** Advances to the next token; null at the end of the top-level value. */
  nextToken(): Token | null {
    const top = this.stack.at(-1);
    if (!top) {
      if (this.done) {
        this.token = null;
        return null;
      }
      this.skipWs();
      if (this.pos >= this.src.length) {
        this.token = null;
        return null;
      }
      this.done = true;
      return this.readValue();
    }
    this.skipWs();
    const c = this.src[this.pos];
    if (top.kind === 'object') {
      if (top.expect === 'first' || top.expect === 'key') {
        if (c === '}' && top.expect === 'first') {
          return this.close('END_OBJECT');
        }
        if (c === undefined) {
          throw this.eofInContainer(top);
        }
        if (c !== '"') {
          throw this.unexpected(c, 'was expecting double-quote to start field name');
        }
        this.mark();
        const name = this.readString();
        if (top.names?.has(name)) {
          throw new JsonSyntaxError(this.tokenLine, this.tokenColumn, `Duplicate field '${name}'`);
        }
        top.names?.add(name);
        top.expect = 'colon';
        this.text = name;
        this.token = 'FIELD_NAME';
        return this.token;
      }
      if (top.expect === 'colon') {
        if (c === undefined) {
          throw this.eofInContainer(top);
        }
        if (c !== ':') {
          throw this.unexpected(c, 'was expecting a colon to separate field name and value');
        }
        this.advance();
        this.skipWs();
        top.expect = 'comma';
        return this.readValue();
      }
      // expect comma or end
      if (c === '}') {
        return this.close('END_OBJECT');
      }
      if (c === undefined) {
        throw this.eofInContainer(top);
      }
      if (c !== ',') {
        throw this.unexpected(c, 'was expecting comma to separate Object entries');
      }
      this.advance();
      top.expect = 'key';
      return this.nextToken();
    }
    // array
    if (top.expect === 'first') {
      if (c === ']') {
        return this.close('END_ARRAY');
      }
      top.expect = 'comma';
      return this.readValue();
    }
    if (c === ']') {
      return this.close('END_ARRAY');
    }
    if (c === undefined) {
      throw this.eofInContainer(top);
    }
    if (c !== ',') {
      throw this.unexpected(c, 'was expecting comma to separate Array entries');
    }
    this.advance();
    this.skipWs();
    return this.readValue();
  }

  /** Skips the children of the current START_OBJECT or START_ARRAY. */
  skipChildren(): void {
    if (this.token !== 'START_OBJECT' && this.token !== 'START_ARRAY') {
      return;
    }
    const depth = this.stack.length;
    while (this.stack.length >= depth) {
      if (this.nextToken() === null) {
        return;
      }
    }
  }

  private readValue(): Token {
    this.skipWs();
    const c = this.src[this.pos];
    this.mark();
    if (c === undefined) {
      const top = this.stack.at(-1);
      if (top) {
        throw this.eofInContainer(top);
      }
      throw new JsonSyntaxError(this.line, this.col(), 'Unexpected end-of-input: expected a value');
    }
    if (c === '{' || c === '[') {
      this.stack.push({
        kind: c === '{' ? 'object' : 'array',
        line: this.tokenLine,
        column: this.tokenColumn,
        expect: 'first',
        ...(c === '{' ? { names: new Set<string>() } : {}),
      });
      this.advance();
      this.token = c === '{' ? 'START_OBJECT' : 'START_ARRAY';
      return this.token;
    }
    if (c === '"') {
      this.text = this.readString();
      this.token = 'VALUE_STRING';
      return this.token;
    }
    if (c === '-' || (c >= '0' && c <= '9')) {
      this.text = this.readNumber();
      this.token = 'VALUE_NUMBER';
      return this.token;
    }
    const word = /^[A-Za-z0-9_$]+/.exec(this.src.slice(this.pos))?.[0] ?? '';
    if (word === 'true' || word === 'false' || word === 'null') {
      this.pos += word.length;
      this.text = word;
      this.token = word === 'null' ? 'VALUE_NULL' : 'VALUE_BOOLEAN';
      return this.token;
    }
    if (word.length > 0) {
      throw new JsonSyntaxError(
        this.line,
        this.col(),
        `Unrecognized token '${word}': was expecting (JSON String, Number, Array, Object or token 'null', 'true' or 'false')`,
      );
    }
    throw this.unexpected(c, VALUE_EXPECTED);
  }

  private readString(): string {
    this.advance(); // opening quote
    let out = '';
    for (;;) {
      const c = this.src[this.pos];
      if (c === undefined) {
        throw new JsonSyntaxError(
          this.line,
          this.col(),
          'Unexpected end-of-input: was expecting closing quote for a string value',
        );
      }
      if (c === '"') {
        this.advance();
        return out;
      }
      const code = c.charCodeAt(0);
      if (code < 0x20) {
        throw new JsonSyntaxError(
          this.line,
          this.col(),
          `Illegal unquoted character ((CTRL-CHAR, code ${code})): has to be escaped using backslash to be included in string value`,
        );
      }
      if (c === '\\') {
        const e = this.src[this.pos + 1];
        const simple: Record<string, string> = {
          '"': '"',
          '\\': '\\',
          '/': '/',
          b: '\b',
          f: '\f',
          n: '\n',
          r: '\r',
          t: '\t',
        };
        if (e !== undefined && simple[e] !== undefined) {
          out += simple[e];
          this.pos += 2;
          continue;
        }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(this.src.slice(this.pos + 2, this.pos + 6))) {
          out += String.fromCharCode(Number.parseInt(this.src.slice(this.pos + 2, this.pos + 6), 16));
          this.pos += 6;
          continue;
        }
        this.pos++;
        throw new JsonSyntaxError(
          this.line,
          this.col(),
          `Unrecognized character escape ${describeChar(e ?? '')}`,
        );
      }
      out += c;
      this.pos++;
    }
  }

  private readNumber(): string {
    const m = /^-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?/.exec(this.src.slice(this.pos));
    const leadingZero = /^-?0[0-9]/.test(this.src.slice(this.pos));
    if (leadingZero) {
      throw new JsonSyntaxError(this.line, this.col(), 'Invalid numeric value: Leading zeroes not allowed');
    }
    if (!m) {
      const next = this.src[this.pos + 1];
      throw new JsonSyntaxError(
        this.line,
        this.col() + 1,
        next === undefined
          ? 'Unexpected end-of-input in a Number value'
          : `Unexpected character (${describeChar(next)}) in numeric value: expected digit (0-9) to follow minus sign, for valid numeric value`,
      );
    }
    this.pos += m[0].length;
    const after = this.src[this.pos];
    if (after !== undefined && /[A-Za-z0-9_.]/.test(after)) {
      throw new JsonSyntaxError(
        this.line,
        this.col(),
        `Unexpected character (${describeChar(after)}) in numeric value: Decimal point not followed by a digit`,
      );
    }
    return m[0];
  }

  private close(token: 'END_OBJECT' | 'END_ARRAY'): Token {
    this.mark();
    this.advance();
    this.stack.pop();
    this.token = token;
    return token;
  }

  private eofInContainer(frame: Frame): JsonSyntaxError {
    const kind = frame.kind === 'object' ? 'Object' : 'Array';
    return new JsonSyntaxError(
      this.line,
      this.col(),
      `Unexpected end-of-input: expected close marker for ${kind} (start marker at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${frame.line}, column: ${frame.column}])`,
    );
  }

  private unexpected(c: string, what: string): JsonSyntaxError {
    return new JsonSyntaxError(this.line, this.col(), `Unexpected character (${describeChar(c)}): ${what}`);
  }

  private skipWs(): void {
    for (;;) {
      const c = this.src[this.pos];
      if (c === ' ' || c === '\t' || c === '\r') {
        this.pos++;
      } else if (c === '\n') {
        this.pos++;
        this.line++;
        this.lineStart = this.pos;
      } else {
        return;
      }
    }
  }

  private advance(): void {
    this.pos++;
  }

  private mark(): void {
    this.tokenLine = this.line;
    this.tokenColumn = this.col();
  }

  private col(): number {
    return this.pos - this.lineStart + 1;
  }
}

function describeChar(c: string): string {
  const code = c.codePointAt(0) ?? 0;
  return code < 0x20 ? `(CTRL-CHAR, code ${code})` : `'${c}' (code ${code})`;
}
