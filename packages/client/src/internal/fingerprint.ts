import type { TLSSocket } from 'node:tls';

/** A fingerprint as `openssl x509 -fingerprint -sha256` prints it, or bare hex: upper case, colons. */
export function normalizeFingerprint(value: string): string {
  const hex = value
    .replace(/^sha256 fingerprint=/i, '')
    .replace(/:/g, '')
    .toUpperCase();
  return hex.match(/.{2}/g)?.join(':') ?? hex;
}

/**
 * The official client's `caFingerprint` check: some certificate of the chain the server showed
 * (the server's own or an issuer's) has this SHA-256 fingerprint; else the error to fail with.
 */
export function checkFingerprint(socket: TLSSocket, expected: string): Error | undefined {
  const want = normalizeFingerprint(expected);
  let cert = socket.getPeerCertificate(true);
  if (Object.keys(cert).length === 0 && socket.isSessionReused()) {
    return undefined;
  }
  const seen = new Set<unknown>();
  while (cert && Object.keys(cert).length > 0 && !seen.has(cert)) {
    if (cert.fingerprint256 === want) {
      return undefined;
    }
    seen.add(cert);
    cert = cert.issuerCertificate;
  }
  return new Error('Server certificate CA fingerprint does not match the value configured in caFingerprint');
}
