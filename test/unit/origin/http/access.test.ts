import { describe, expect, it } from 'vitest';
import { AccessPolicy, isJsonType, parseAllowedHost, parseCorsOrigin } from '../../../../origin/http/access.js';

const policy = (options: { corsOrigins?: string[]; allowedHosts?: string[]; boundHost?: string } = {}): AccessPolicy =>
  new AccessPolicy({ boundHost: '127.0.0.1', port: 8080, ...options });

describe('parseCorsOrigin', () => {
  it.each([
    ['https://My-App.test', 'https://my-app.test'],
    ['https://my-app.test/', 'https://my-app.test'],
    ['http://192.168.1.20:5173', 'http://192.168.1.20:5173'],
    ['https://my-app.test:443', 'https://my-app.test'],
    ['http://box.local:*', 'http://box.local:*'],
    ['http://[fd00::1]:3000', 'http://[fd00::1]:3000'],
  ])('reads %s as %s', (text, canonical) => {
    expect(parseCorsOrigin(text)).toBe(canonical);
  });

  it.each(['my-app.test', 'ftp://my-app.test', 'https://my-app.test/watch', 'https://my-app.test?x=1', 'https://user@my-app.test', 'http://box.local:80:*', '*'])(
    'refuses %s',
    (text) => {
      expect(() => parseCorsOrigin(text)).toThrow(expect.objectContaining({ code: 'BAD_CORS_ORIGIN' }));
    },
  );
});

describe('AccessPolicy.isAllowedOrigin', () => {
  it('allows loopback pages on any port and scheme, and nothing else by default', () => {
    const p = policy();
    for (const origin of ['http://127.0.0.1:5173', 'http://localhost', 'https://localhost:8443', 'http://[::1]:3000']) expect(p.isAllowedOrigin(origin), origin).toBe(true);
    for (const origin of ['https://evil.example', 'http://127.0.0.2:80', 'http://localhost.evil.example', 'http://evil.localhost', 'null', '', 'file://', 'http://localhost:5173/path'])
      expect(p.isAllowedOrigin(origin), origin).toBe(false);
  });

  it('allows configured origins exactly, or on any port with :*', () => {
    const p = policy({ corsOrigins: ['https://my-app.test', 'http://box.local:*'] });
    expect(p.isAllowedOrigin('https://my-app.test')).toBe(true);
    expect(p.isAllowedOrigin('https://my-app.test:8443')).toBe(false);
    expect(p.isAllowedOrigin('http://my-app.test')).toBe(false);
    expect(p.isAllowedOrigin('http://box.local:1234')).toBe(true);
    expect(p.isAllowedOrigin('http://box.local')).toBe(true);
    expect(p.isAllowedOrigin('https://box.local:1234')).toBe(false);
  });
});

describe('AccessPolicy.isAllowedHost', () => {
  it('takes loopback names with the server port only', () => {
    const p = policy();
    for (const host of ['127.0.0.1:8080', 'localhost:8080', 'LocalHost:8080', '[::1]:8080']) expect(p.isAllowedHost(host), host).toBe(true);
    for (const host of [undefined, '', 'localhost', 'localhost:8081', 'evil.example:8080', 'evil@127.0.0.1:8080', '127.0.0.1:8080/x', '192.168.1.5:8080'])
      expect(p.isAllowedHost(host), String(host)).toBe(false);
  });

  it('takes the bound address, and any IP literal on a wildcard bind (a rebound name is never one)', () => {
    expect(policy({ boundHost: '192.168.1.5' }).isAllowedHost('192.168.1.5:8080')).toBe(true);
    const wildcard = policy({ boundHost: '0.0.0.0' });
    expect(wildcard.isAllowedHost('192.168.1.5:8080')).toBe(true);
    expect(wildcard.isAllowedHost('[fd00::1]:8080')).toBe(true);
    expect(wildcard.isAllowedHost('box.local:8080')).toBe(false);
    expect(wildcard.isAllowedHost('192.168.1.5:9090')).toBe(false);
  });

  it('takes configured hosts, on the server port unless they name one', () => {
    const p = policy({ allowedHosts: ['box.local', 'localhost:9000'] });
    expect(p.isAllowedHost('box.local:8080')).toBe(true);
    expect(p.isAllowedHost('box.local:9000')).toBe(false);
    expect(p.isAllowedHost('localhost:9000')).toBe(true);
    expect(parseAllowedHost('Box.Local')).toBe('box.local');
    expect(() => parseAllowedHost('box.local/x')).toThrow(expect.objectContaining({ code: 'BAD_ALLOWED_HOST' }));
  });
});

describe('isJsonType', () => {
  it.each([
    ['application/json', true],
    ['Application/JSON; charset=utf-8', true],
    ['application/merge-patch+json', true],
    ['text/plain;charset=UTF-8', false],
    ['application/x-www-form-urlencoded', false],
    ['multipart/form-data; boundary=x', false],
    ['text/json', false],
    ['', false],
  ])('%s → %s', (type, expected) => {
    expect(isJsonType(type)).toBe(expected);
  });
});
