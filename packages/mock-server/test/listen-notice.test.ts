import { describe, expect, it } from 'vitest';
import { isEveryInterface, isLoopback, listenNotice } from '../src/listen-notice.js';

// The decision only: tests never listen on anything but loopback.
describe('where the mock may listen, and what it says about it', () => {
  it('accepts loopback and the two every-interface addresses, nothing else', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost']) {
      expect(isLoopback(host), host).toBe(true);
      expect(isEveryInterface(host), host).toBe(false);
    }
    for (const host of ['0.0.0.0', '::']) {
      expect(isEveryInterface(host), host).toBe(true);
      expect(isLoopback(host), host).toBe(false);
    }
    for (const host of ['192.0.2.1', '10.0.0.1', 'example.test', '0.0.0.1', '::2', '']) {
      expect(isLoopback(host) || isEveryInterface(host), host).toBe(false);
    }
  });

  it('says nothing on loopback, whether security is on or off', () => {
    for (const host of ['127.0.0.1', '::1', 'localhost']) {
      expect(listenNotice(host, false)).toBeUndefined();
      expect(listenNotice(host, true)).toBeUndefined();
    }
  });

  it('warns on every interface with security off that anyone who can reach the port can change deployments', () => {
    for (const host of ['0.0.0.0', '::']) {
      const line = listenNotice(host, false);
      expect(line).toBe(
        `mldeploy-mock: listening on every interface (${host}) with security off: anyone who can reach this port can change the simulated deployments`,
      );
      expect(line).not.toContain('\n');
    }
  });

  it('on every interface with security on, says so without the anyone-can-change warning', () => {
    const line = listenNotice('0.0.0.0', true);
    expect(line).toMatch(/^mldeploy-mock: listening on every interface \(0\.0\.0\.0\); /);
    expect(line).not.toContain('anyone');
    expect(line).not.toContain('\n');
  });
});
