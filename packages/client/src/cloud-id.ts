// Elastic Cloud IDs, decoded as the official clients do (this module imports nothing, so a command
// line can load it without the HTTP stack). A Cloud ID is `name:base64(host$es_uuid$kibana_uuid)`;
// the Elasticsearch URL is `https://<es_uuid>.<host>`. The host may carry a port (`host:9243`), and
// so may the uuid (`es_uuid:9243`, as Kibana's decoder reads it); 443 is the default.

/** A Cloud ID that cannot be decoded; the message says which part is wrong. */
export class CloudIdError extends Error {
  override readonly name = 'CloudIdError';
}

/** The parts of a decoded Cloud ID. */
export interface CloudId {
  /** The label before the colon (the deployment's name in the Cloud console). */
  name: string;
  /** The Elasticsearch URL, `https://<es_uuid>.<host>[:port]`, without a trailing slash. */
  url: string;
  /** The Kibana URL, when the ID carries a Kibana uuid. */
  kibanaUrl?: string;
}

const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;
const LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/;

function splitPort(part: string, what: string): { name: string; port?: number } {
  const colon = part.lastIndexOf(':');
  if (colon === -1) {
    return { name: part };
  }
  const portText = part.slice(colon + 1);
  const port = Number(portText);
  if (!/^\d{1,5}$/.test(portText) || port < 1 || port > 65_535) {
    throw new CloudIdError(`Cloud ID ${what} has an invalid port [${portText}]`);
  }
  return { name: part.slice(0, colon), port };
}

function checkHostName(host: string, what: string): void {
  if (host === '' || !host.split('.').every((label) => LABEL.test(label))) {
    throw new CloudIdError(`Cloud ID ${what} [${host}] is not a host name`);
  }
}

function decodeBase64(text: string): string {
  if (!BASE64.test(text)) {
    throw new CloudIdError('Cloud ID is not valid base64 after the colon');
  }
  const binary = atob(text);
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new CloudIdError('Cloud ID does not decode to text');
  }
}

/**
 * Decodes an Elastic Cloud ID into the Elasticsearch URL (always https) and, when present, the
 * Kibana URL. Throws {@link CloudIdError} naming the problem for anything else.
 */
export function parseCloudId(cloudId: string): CloudId {
  const trimmed = cloudId.trim();
  const parts = trimmed.split(':');
  if (parts.length !== 2 || parts[1] === '') {
    throw new CloudIdError('Cloud ID must be in the format "name:base64string"');
  }
  const [name = '', encoded = ''] = parts;
  const [host = '', esUuid = '', kibanaUuid = ''] = decodeBase64(encoded).split('$');
  if (host === '' || esUuid === '') {
    throw new CloudIdError('Cloud ID must decode to "host$elasticsearch_uuid[$kibana_uuid]"');
  }
  const parent = splitPort(host, 'host');
  const es = splitPort(esUuid, 'Elasticsearch uuid');
  checkHostName(parent.name, 'host');
  checkHostName(es.name, 'Elasticsearch uuid');
  const port = es.port ?? parent.port ?? 443;
  const suffix = port === 443 ? '' : `:${port}`;
  const decoded: CloudId = { name, url: `https://${es.name}.${parent.name}${suffix}` };
  if (kibanaUuid !== '') {
    const kibana = splitPort(kibanaUuid, 'Kibana uuid');
    checkHostName(kibana.name, 'Kibana uuid');
    const kibanaPort = kibana.port ?? parent.port ?? 443;
    decoded.kibanaUrl = `https://${kibana.name}.${parent.name}${kibanaPort === 443 ? '' : `:${kibanaPort}`}`;
  }
  return decoded;
}
