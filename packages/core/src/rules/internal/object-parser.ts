// A small stand-in for Elasticsearch's strict ObjectParser (libs/x-content), enough for the ML
// deployment request bodies: unknown fields with "did you mean", token-type checks, conversion
// errors wrapped as "failed to parse field [x]", and deprecated field names.
import { PARSER_MESSAGES } from '../../errors/messages.js';
import type { ErrorCause } from '../../schemas/error-envelope.js';
import { ControlFlowError } from './control-flow-error.js';
import { inIntRange, NumberFormatError, parseJavaDouble, parseStrictBoolean, toJavaInt } from './java.js';
import { type JsonPullParser, JsonSyntaxError, type Token } from './json-pull-parser.js';
import { suggestions } from './levenshtein.js';

/** An XContentParseException: a located message, maybe with a cause. */
export class XContentError extends ControlFlowError {
  constructor(
    readonly line: number,
    readonly column: number,
    readonly bareMessage: string,
    readonly causedBy?: ErrorCause,
  ) {
    super(`[${line}:${column}] ${bareMessage}`);
  }

  /** The error as an Elasticsearch cause (`x_content_parse_exception`). */
  toCause(): ErrorCause {
    return this.causedBy
      ? { type: 'x_content_parse_exception', reason: this.message, caused_by: this.causedBy }
      : { type: 'x_content_parse_exception', reason: this.message };
  }
}

/** An error thrown while converting a value; becomes the `caused_by` of "failed to parse field". */
export class ValueError extends ControlFlowError {
  constructor(readonly esCause: ErrorCause) {
    super(esCause.reason ?? esCause.type);
  }
}

/** How a field's value is read. */
export type FieldKind =
  | { kind: 'int' }
  | { kind: 'intOrNull'; nullValue: number }
  | { kind: 'boolean' }
  | { kind: 'string' }
  /** `ObjectParser.ValueType.VALUE` read as text, as byte sizes are (a string or a number). */
  | { kind: 'byteSize' }
  | { kind: 'objectOrNull'; parser: ObjectSpec; nullValue: unknown }
  | { kind: 'object'; parser: ObjectSpec }
  | { kind: 'custom'; accepts: readonly Token[]; read: (p: JsonPullParser) => unknown };

/** One declared field: preferred name first, deprecated names after. */
export interface FieldSpec {
  names: readonly string[];
  type: FieldKind;
  /** Applied after reading; throw {@link ValueError} to report a bad value. */
  convert?: (value: unknown) => unknown;
}

/** A declared parser, named as the Java one so messages match. */
export interface ObjectSpec {
  name: string;
  fields: readonly FieldSpec[];
}

/** Result of parsing one object: values by preferred name, and deprecation warnings. */
export interface Parsed {
  values: Map<string, unknown>;
  warnings: string[];
}

const ACCEPTS: Record<Exclude<FieldKind['kind'], 'custom'>, readonly Token[]> = {
  int: ['VALUE_NUMBER', 'VALUE_STRING'],
  intOrNull: ['VALUE_NUMBER', 'VALUE_STRING', 'VALUE_NULL'],
  boolean: ['VALUE_BOOLEAN', 'VALUE_STRING'],
  string: ['VALUE_STRING'],
  // [inferred] ValueType.VALUE also lets a boolean through to ByteSizeValue, which then fails.
  byteSize: ['VALUE_STRING', 'VALUE_NUMBER'],
  objectOrNull: ['START_OBJECT', 'VALUE_NULL'],
  object: ['START_OBJECT'],
};

/** Parses the object starting at the parser's current (or next) token, as ObjectParser.parse does. */
export function parseObject(p: JsonPullParser, spec: ObjectSpec, warnings: string[] = []): Parsed {
  let token = p.token ?? p.nextToken();
  if (token !== 'START_OBJECT') {
    throw new XContentError(
      p.tokenLine,
      p.tokenColumn,
      PARSER_MESSAGES.expectedObject(spec.name, token ?? 'null'),
    );
  }
  const values = new Map<string, unknown>();
  const byName = new Map<string, FieldSpec>();
  for (const field of spec.fields) {
    for (const name of field.names) {
      byName.set(name, field);
    }
  }
  for (;;) {
    token = p.nextToken();
    if (token === 'END_OBJECT' || token === null) {
      break;
    }
    // token is FIELD_NAME
    const name = p.text;
    const field = byName.get(name);
    if (!field) {
      throw new XContentError(
        p.tokenLine,
        p.tokenColumn,
        PARSER_MESSAGES.unknownField(spec.name, name, suggestions(name, byName.keys())),
      );
    }
    const preferred = field.names[0] ?? name;
    if (name !== preferred) {
      warnings.push(PARSER_MESSAGES.deprecatedField(spec.name, p.tokenLine, p.tokenColumn, name, preferred));
    }
    const valueToken = p.nextToken();
    const accepts = field.type.kind === 'custom' ? field.type.accepts : ACCEPTS[field.type.kind];
    if (valueToken === null || !accepts.includes(valueToken)) {
      throw new XContentError(
        p.tokenLine,
        p.tokenColumn,
        PARSER_MESSAGES.unsupportedToken(spec.name, name, valueToken ?? 'null'),
      );
    }
    try {
      const raw = readValue(p, field.type, warnings);
      values.set(preferred, field.convert ? field.convert(raw) : raw);
    } catch (e) {
      if (
        e instanceof JsonSyntaxError &&
        field.type.kind !== 'object' &&
        field.type.kind !== 'objectOrNull'
      ) {
        throw e;
      }
      throw new XContentError(
        p.tokenLine,
        p.tokenColumn,
        PARSER_MESSAGES.failedToParseField(spec.name, name),
        causeOf(e),
      );
    }
  }
  return { values, warnings };
}

function readValue(p: JsonPullParser, type: FieldKind, warnings: string[]): unknown {
  switch (type.kind) {
    case 'int':
      return readInt(p);
    case 'intOrNull':
      return p.token === 'VALUE_NULL' ? type.nullValue : readInt(p);
    case 'boolean':
      return readBoolean(p);
    case 'string':
    case 'byteSize':
      return p.text;
    case 'object':
      return parseObject(p, type.parser, warnings).values;
    case 'objectOrNull':
      return p.token === 'VALUE_NULL' ? type.nullValue : parseObject(p, type.parser, warnings).values;
    case 'custom':
      return type.read(p);
  }
}

/** XContentParser.intValue(coerce = true). */
function readInt(p: JsonPullParser): number {
  if (p.token === 'VALUE_STRING') {
    let d: number;
    try {
      d = parseJavaDouble(p.text);
    } catch (e) {
      throw new ValueError({ type: 'number_format_exception', reason: (e as Error).message });
    }
    if (!inIntRange(d)) {
      throw new ValueError({
        type: 'illegal_argument_exception',
        reason: `Value [${p.text}] is out of range for an integer`,
      });
    }
    return toJavaInt(d);
  }
  // A JSON number: Jackson narrows floats by truncation and rejects values outside the int range
  // [inferred: the cause's type and text follow Jackson's InputCoercionException].
  const n = Number(p.text);
  if (!inIntRange(n)) {
    const shown = /[.eE]/.test(p.text) ? String(n) : p.text;
    throw new ValueError({
      type: 'input_coercion_exception',
      reason: `Numeric value (${shown}) out of range of int (-2147483648 - 2147483647)`,
    });
  }
  return toJavaInt(n);
}

/** XContentParser.booleanValue(): strings must be "true" or "false"; an empty string is false. */
function readBoolean(p: JsonPullParser): boolean {
  if (p.token === 'VALUE_STRING') {
    if (p.text.length === 0) {
      return false;
    }
    try {
      return parseStrictBoolean(p.text);
    } catch (e) {
      throw new ValueError({ type: 'illegal_argument_exception', reason: (e as Error).message });
    }
  }
  return p.text === 'true';
}

function causeOf(e: unknown): ErrorCause {
  if (e instanceof XContentError) {
    return e.toCause();
  }
  if (e instanceof ValueError) {
    return e.esCause;
  }
  if (e instanceof JsonSyntaxError) {
    return jsonSyntaxCause(e);
  }
  if (e instanceof NumberFormatError) {
    return { type: 'number_format_exception', reason: e.message };
  }
  return {
    type: 'illegal_argument_exception',
    reason: e instanceof Error || e instanceof ControlFlowError ? e.message : String(e),
  };
}

/** The x_content_parse_exception Elasticsearch makes of a Jackson syntax error [inferred]. */
export function jsonSyntaxCause(e: JsonSyntaxError): ErrorCause {
  const jackson = `${e.message}\n at [Source: REDACTED (\`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION\` disabled); line: ${e.line}, column: ${e.column}]`;
  return {
    type: 'x_content_parse_exception',
    reason: `[${e.line}:${e.column}] ${jackson}`,
    caused_by: { type: 'json_parse_exception', reason: jackson },
  };
}
