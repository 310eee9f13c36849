import { describe, expect, it } from 'vitest';
import { int, octets, oid, time, uint } from '../../server/tls/der';

const hex = (b: Buffer) => b.toString('hex');

describe('the DER the certificates are written in', () => {
  it('encodes object identifiers, including arcs over 127', () => {
    expect(hex(oid('2.5.29.17'))).toBe('0603551d11');
    expect(hex(oid('1.2.840.10045.4.3.2'))).toBe('06082a8648ce3d040302');
  });
  it('encodes lengths in short and long form', () => {
    expect(hex(octets(Buffer.alloc(3))).slice(0, 4)).toBe('0403');
    expect(hex(octets(Buffer.alloc(200))).slice(0, 6)).toBe('0481c8');
    expect(hex(octets(Buffer.alloc(300))).slice(0, 8)).toBe('0482012c');
  });
  it('keeps integers positive and minimal', () => {
    expect(hex(int(2))).toBe('020102');
    expect(hex(int(128))).toBe('02020080');
    expect(hex(uint(Buffer.from([0, 0, 0x7f])))).toBe('02017f');
    expect(hex(uint(Buffer.from([0xff])))).toBe('020200ff');
  });
  it('writes UTCTime before 2050 and GeneralizedTime from 2050', () => {
    expect(time(new Date('2026-11-30T22:15:40Z')).toString('latin1').slice(2)).toBe(
      '261130221540Z',
    );
    expect(time(new Date('2051-01-02T03:04:05Z')).toString('latin1').slice(2)).toBe(
      '20510102030405Z',
    );
  });
});
