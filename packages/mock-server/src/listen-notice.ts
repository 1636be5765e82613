// Which addresses the mock may listen on, and the one line it prints when that is every interface.
// Kept apart from the server so the decision is testable without listening anywhere but loopback.

/** `0.0.0.0` and `::`: every IPv4 (every IPv4 and IPv6) interface of the machine or container. */
export function isEveryInterface(host: string): boolean {
  return host === '0.0.0.0' || host === '::';
}

/** 127.0.0.0/8, `::1` and `localhost`. */
export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host);
}

/**
 * The line the binary prints on start for `host`, or undefined for loopback. On every interface
 * it says so, and when the simulated security is off, that anyone who can reach the port can change
 * the simulated deployments (there is no password to stop them).
 */
export function listenNotice(host: string, securityEnabled: boolean): string | undefined {
  if (!isEveryInterface(host)) {
    return undefined;
  }
  const where = `mldeploy-mock: listening on every interface (${host})`;
  return securityEnabled
    ? `${where}; the seed's security is on, so requests need its users' credentials`
    : `${where} with security off: anyone who can reach this port can change the simulated deployments`;
}
