/** The placeholder written instead of a secret. */
export const REDACTED = '[redacted]';

/** Replaces every known secret (and its base64 forms) in text before it is written anywhere. */
export class Redactor {
  private readonly secrets = new Set<string>();

  /** Registers a secret; values shorter than 4 characters are too ambiguous to scrub and skipped. */
  add(secret: string | undefined): void {
    if (secret !== undefined && secret.length >= 4) {
      this.secrets.add(secret);
      this.secrets.add(Buffer.from(secret).toString('base64'));
      this.secrets.add(encodeURIComponent(secret));
    }
  }

  /** Registers the credentials of a basic-auth pair, including the header value. */
  addBasic(username: string, password: string): void {
    this.add(password);
    this.add(`${username}:${password}`);
  }

  /** The text with every secret replaced by {@link REDACTED}, longest first. */
  redact(text: string): string {
    let out = text;
    for (const secret of [...this.secrets].sort((a, b) => b.length - a.length)) {
      out = out.split(secret).join(REDACTED);
    }
    return out;
  }
}
