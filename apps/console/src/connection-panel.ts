import type { Connection } from './connection.js';
import { h, replace, uid } from './dom.js';

/** What the connection panel needs from the page. */
export interface ConnectionPanelHost {
  /** Switches to a connection (already validated) and saves it for the session. */
  connect(connection: Connection): void;
}

/**
 * Where the console sends requests: the server that serves it by default, or another Elasticsearch
 * URL with an API key. Handled entirely in script (never a form submission), so nothing reaches the URL.
 */
export class ConnectionPanel {
  readonly element: HTMLDetailsElement;
  readonly #summary: HTMLElement;
  readonly #url: HTMLTextAreaElement;
  readonly #apiKey: HTMLInputElement;
  readonly #status: HTMLElement;
  readonly #urlError: HTMLElement;

  constructor(
    connection: Connection,
    private readonly host: ConnectionPanelHost,
  ) {
    const id = uid('connection');
    this.#url = h('textarea', {
      id: `${id}-url`,
      rows: '2',
      inputmode: 'url',
      autocomplete: 'off',
      spellcheck: 'false',
      placeholder: 'https://node-1.example.com:9243\nhttps://node-2.example.com:9243',
      'aria-describedby': `${id}-url-error ${id}-url-hint`,
    });
    this.#apiKey = h('input', {
      id: `${id}-key`,
      type: 'password',
      autocomplete: 'off',
      spellcheck: 'false',
      'aria-describedby': `${id}-key-hint`,
    });
    this.#status = h('p', { class: 'connection-status', role: 'status', 'aria-live': 'polite' });
    this.#urlError = h('p', { id: `${id}-url-error`, class: 'field-error', 'aria-live': 'polite' });
    this.#summary = h('span', { 'data-connection': '' });
    const form = h(
      'form',
      { class: 'connection-form', novalidate: true },
      h(
        'div',
        { class: 'field' },
        h('label', { for: `${id}-url` }, 'Elasticsearch URLs'),
        this.#url,
        this.#urlError,
        h(
          'p',
          { id: `${id}-url-hint`, class: 'hint' },
          'One node per line (or comma-separated); a node that fails is skipped for the next. Leave empty for the server that serves this page. Another cluster must allow this page\u2019s origin (CORS).',
        ),
      ),
      h(
        'div',
        { class: 'field' },
        h('label', { for: `${id}-key` }, 'API key'),
        this.#apiKey,
        h(
          'p',
          { id: `${id}-key-hint`, class: 'hint' },
          'The encoded key (id:api_key in base64). Kept in this tab\u2019s session storage only, never in the URL.',
        ),
      ),
      h(
        'div',
        { class: 'actions' },
        h('button', { type: 'submit', class: 'primary' }, 'Connect'),
        h('button', { type: 'button', 'data-action': 'reset' }, 'Use this server'),
      ),
      this.#status,
    );
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      this.submit();
    });
    form.querySelector('[data-action="reset"]')?.addEventListener('click', () => {
      this.#url.value = '';
      this.#apiKey.value = '';
      this.host.connect({ urls: [], apiKey: '' });
    });
    this.element = h(
      'details',
      { class: 'connection' },
      h('summary', {}, 'Connection: ', this.#summary),
      form,
    );
    this.#url.value = connection.urls.join('\n');
    this.#apiKey.value = connection.apiKey;
    this.show(connection, '');
  }

  /** Shows where the console is connected and a status line (cluster name, or an error); the fields stay as typed. */
  show(connection: Connection, status: string, describe = ''): void {
    replace(
      this.#summary,
      describeUrls(connection.urls),
      connection.apiKey === '' ? '' : ' (API key)',
      describe === '' ? '' : ` \u00b7 ${describe}`,
    );
    replace(this.#status, status);
  }

  private submit(): void {
    const checked = readUrls(this.#url.value);
    if ('problem' in checked) {
      replace(this.#urlError, checked.problem);
      this.#url.setAttribute('aria-invalid', 'true');
      this.#url.focus();
      return;
    }
    this.#url.removeAttribute('aria-invalid');
    replace(this.#urlError);
    this.host.connect({ urls: checked.urls, apiKey: this.#apiKey.value.trim() });
  }
}

/** The summary's words for the URLs: this server, the one URL, or the first and how many nodes. */
export function describeUrls(urls: readonly string[]): string {
  if (urls.length === 0) {
    return 'this server';
  }
  return urls.length === 1 ? (urls[0] as string) : `${urls.length} nodes (${urls[0]}, \u2026)`;
}

/**
 * The URL field read as base URLs without a trailing slash (none for this server), one per line or
 * comma-separated, or what is wrong with the first bad one (named, credentials left out).
 */
export function readUrls(text: string): { urls: string[] } | { problem: string } {
  const urls: string[] = [];
  for (const raw of text.split(/[\n,]/).map((part) => part.trim())) {
    if (raw === '') {
      continue;
    }
    const checked = readUrl(raw);
    if ('problem' in checked) {
      return checked;
    }
    if (urls.includes(checked.url)) {
      return { problem: `Listed twice: ${checked.url}` };
    }
    urls.push(checked.url);
  }
  return { urls };
}

/** One URL read as a base URL without a trailing slash ('' for none), or what is wrong with it. */
export function readUrl(text: string): { url: string } | { problem: string } {
  const raw = text.trim();
  if (raw === '') {
    return { url: '' };
  }
  let parsed: URL;
  try {
    parsed = new URL(raw);
  } catch {
    return { problem: `Not a URL: ${raw}` };
  }
  if (parsed.username !== '' || parsed.password !== '') {
    return { problem: `Leave credentials out of the URL of ${parsed.host}; use an API key.` };
  }
  if (parsed.protocol !== 'http:' && parsed.protocol !== 'https:') {
    return { problem: `The URL must start with http:// or https://: ${raw}` };
  }
  return { url: parsed.href.replace(/\/+$/, '') };
}
