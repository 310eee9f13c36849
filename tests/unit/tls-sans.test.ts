import type { NetworkInterfaceInfo } from 'node:os';
import { describe, expect, it } from 'vitest';
import {
  ipBytes,
  maskBytes,
  normalizeIp,
  parseSubjectAltName,
  permittedIp,
  reissueReason,
  wantedSans,
} from '../../server/tls/sans';
import { httpsEnabled } from '../../server/tls/mode';

const nic = (address: string, internal = false): NetworkInterfaceInfo =>
  ({ address, internal, family: address.includes(':') ? 'IPv6' : 'IPv4' }) as NetworkInterfaceInfo;

describe('the names the laptop certificate covers', () => {
  it('takes every private address, loopback, localhost and <hostname>.local', () => {
    const sans = wantedSans(
      {
        lo: [nic('127.0.0.1', true), nic('::1', true)],
        wlan0: [nic('192.168.43.10'), nic('fe80::1'), nic('2409:8a00::5'), nic('fd12::7')],
        eth0: [nic('10.0.0.3'), nic('8.8.4.4')],
      },
      'Cadre-Laptop',
    );
    expect(sans).toEqual({
      ips: ['10.0.0.3', '127.0.0.1', '192.168.43.10', '::1', 'fd12::7'],
      dns: ['cadre-laptop.local', 'localhost'],
    });
  });

  it('leaves out a public address and a hostname that is no DNS label', () => {
    expect(permittedIp('8.8.8.8')).toBe(false);
    expect(permittedIp('172.32.0.1')).toBe(false);
    expect(permittedIp('100.64.0.1')).toBe(true);
    expect(wantedSans({}, 'bad_name!').dns).toEqual(['localhost']);
  });
});

describe('when the leaf is issued again', () => {
  const now = new Date('2026-12-01T00:00:00Z');
  const wanted = { ips: ['127.0.0.1', '192.168.43.10'], dns: ['localhost'] };
  const leaf = { ...wanted, notAfter: new Date('2027-06-01T00:00:00Z'), fromCa: true };
  it('keeps a leaf that covers every current address', () => {
    expect(reissueReason(leaf, wanted, now)).toBeNull();
    expect(reissueReason({ ...leaf, ips: [...leaf.ips, '10.1.1.1'] }, wanted, now)).toBeNull();
  });
  it('reissues for a new address, near expiry, for another CA or none on disk', () => {
    expect(reissueReason(leaf, { ...wanted, ips: ['172.20.10.2'] }, now)).toBe('names');
    expect(
      reissueReason({ ...leaf, notAfter: new Date('2026-12-20T00:00:00Z') }, wanted, now),
    ).toBe('expiring');
    expect(reissueReason({ ...leaf, fromCa: false }, wanted, now)).toBe('other-ca');
    expect(reissueReason(null, wanted, now)).toBe('missing');
  });
  it('reads Node’s subjectAltName text', () => {
    expect(
      parseSubjectAltName('DNS:localhost, IP Address:127.0.0.1, IP Address:FD00:0:0:0:0:0:0:2'),
    ).toEqual({ dns: ['localhost'], ips: ['127.0.0.1', 'fd00::2'] });
    expect(normalizeIp('0:0:0:0:0:0:0:1')).toBe('::1');
  });
  it('encodes addresses and masks as bytes', () => {
    expect(ipBytes('192.168.1.2')).toEqual(Buffer.from([192, 168, 1, 2]));
    expect(ipBytes('fc00::1').toString('hex')).toBe('fc000000000000000000000000000001');
    expect(maskBytes(12, 4)).toEqual(Buffer.from([255, 240, 0, 0]));
  });
});

describe('HTTPS setting', () => {
  it('auto is on for a LAN-facing HOST without PUBLIC_URL', () => {
    expect(httpsEnabled('auto', '0.0.0.0')).toBe(true);
    expect(httpsEnabled('auto', '127.0.0.1')).toBe(false);
    expect(httpsEnabled('auto', '0.0.0.0', 'https://yiju.example.cn')).toBe(false);
    expect(httpsEnabled('on', '127.0.0.1')).toBe(true);
    expect(httpsEnabled('off', '0.0.0.0')).toBe(false);
  });
});
