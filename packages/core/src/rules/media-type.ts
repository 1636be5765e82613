import type { EsError } from '../errors/envelope.js';
import { errors, MEDIA_TYPE_MESSAGES } from '../errors/messages.js';

/** The body formats Elasticsearch reads (XContentType); the mock parses JSON, NDJSON and YAML. */
export type BodyFormat = 'json' | 'ndjson' | 'yaml' | 'cbor' | 'smile';

const FORMATS: Readonly<Record<string, BodyFormat>> = {
  'application/json': 'json',
  'application/x-ndjson': 'ndjson',
  'application/yaml': 'yaml',
  'application/cbor': 'cbor',
  'application/smile': 'smile',
  'application/vnd.elasticsearch+json': 'json',
  'application/vnd.elasticsearch+x-ndjson': 'ndjson',
  'application/vnd.elasticsearch+yaml': 'yaml',
  'application/vnd.elasticsearch+cbor': 'cbor',
  'application/vnd.elasticsearch+smile': 'smile',
};

/** A parsed media type: the type and its parameters (`compatible-with`, `charset`). */
export interface ParsedMediaType {
  readonly type: string;
  readonly params: Readonly<Record<string, string>>;
}

/** Parses a `Content-Type` or `Accept` value (the first of a list); undefined when empty. */
export function parseMediaType(header: string | undefined): ParsedMediaType | undefined {
  if (header === undefined) {
    return undefined;
  }
  // Clients send the same few headers on every request: each text is parsed once (bounded).
  let parsed = parsedMediaTypes.get(header);
  if (parsed === undefined) {
    parsed = parseMediaTypeText(header) ?? null;
    if (parsedMediaTypes.size >= 256) {
      parsedMediaTypes.clear();
    }
    parsedMediaTypes.set(header, parsed);
  }
  return parsed ?? undefined;
}

/** Parsed media types, by header text (null: nothing there); the entries are frozen. */
const parsedMediaTypes = new Map<string, ParsedMediaType | null>();

function parseMediaTypeText(header: string): ParsedMediaType | undefined {
  if (header.trim() === '') {
    return undefined;
  }
  const [type = '', ...rest] = (header.split(',')[0] ?? '').split(';').map((s) => s.trim());
  const params: Record<string, string> = {};
  for (const p of rest) {
    const eq = p.indexOf('=');
    if (eq > 0) {
      params[p.slice(0, eq).trim().toLowerCase()] = p.slice(eq + 1).trim();
    }
  }
  return Object.freeze({ type: type.toLowerCase(), params: Object.freeze(params) });
}

/** The body format a `Content-Type` names, or undefined when Elasticsearch reads none of it. */
export function bodyFormatOf(contentType: string | undefined): BodyFormat | undefined {
  const parsed = parseMediaType(contentType);
  return parsed ? FORMATS[parsed.type] : undefined;
}

/** The inputs of {@link checkMediaTypes}. */
export interface MediaTypeRequest {
  readonly accept: string | undefined;
  readonly contentType: string | undefined;
  readonly hasBody: boolean;
  /** The server's version, e.g. `9.4.0`: its major and the one before are accepted. */
  readonly serverVersion: string;
}

/**
 * RestController's media type checks, in order (docs/rules.md, "Media types"): a body needs a
 * Content-Type (406 string error), one Elasticsearch reads (406); then
 * `RestCompatibleVersionHelper.getCompatibleVersion`: the Accept's `compatible-with` must be the
 * server's major or the one before, and with a body the Content-Type's too, both versions equal and
 * both given or neither (400 `media_type_header_exception`).
 */
export function checkMediaTypes(request: MediaTypeRequest): EsError | undefined {
  const major = Number.parseInt(request.serverVersion, 10);
  const minimum = major - 1;
  const contentType = request.contentType;
  if (request.hasBody) {
    if (contentType === undefined || contentType.trim() === '') {
      return errors.contentTypeMissing();
    }
    if (bodyFormatOf(contentType) === undefined) {
      return errors.contentTypeNotSupported(contentType);
    }
  }
  const accept = parseMediaType(request.accept);
  const content = request.hasBody ? parseMediaType(contentType) : undefined;
  const aGiven = accept?.params['compatible-with'];
  const cGiven = content?.params['compatible-with'];
  const aVersion = aGiven === undefined ? major : Number.parseInt(aGiven, 10);
  const cVersion = cGiven === undefined ? major : Number.parseInt(cGiven, 10);
  if (!(aVersion <= major && aVersion >= minimum)) {
    return errors.mediaTypeInvalid(
      MEDIA_TYPE_MESSAGES.acceptVersion(major, minimum, aGiven ?? '', request.accept ?? ''),
    );
  }
  if (request.hasBody) {
    if (!(cVersion <= major && cVersion >= minimum)) {
      return errors.mediaTypeInvalid(
        MEDIA_TYPE_MESSAGES.contentTypeVersion(major, minimum, cGiven ?? '', contentType ?? ''),
      );
    }
    if (cVersion !== aVersion) {
      return errors.mediaTypeInvalid(
        MEDIA_TYPE_MESSAGES.versionsDiffer(request.accept ?? 'null', contentType ?? 'null'),
      );
    }
    if ((cGiven === undefined) !== (aGiven === undefined)) {
      return errors.mediaTypeInvalid(
        MEDIA_TYPE_MESSAGES.versionOnBoth(request.accept ?? 'null', contentType ?? 'null'),
      );
    }
  }
  return undefined;
}
