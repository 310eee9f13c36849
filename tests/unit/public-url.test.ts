import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { lanAddress, publicBaseUrl } from '../../server/http/public-url';

const plain = { configured: undefined, https: false };
const request = (host: string) => ({ protocol: 'http', get: () => host }) as unknown as Request;

describe('the base URL printed in the join QR code', () => {
  it('uses PUBLIC_URL when configured', () => {
    expect(
      publicBaseUrl(
        { configured: 'https://yiju.example.cn/', https: false },
        request('localhost:3000'),
      ),
    ).toBe('https://yiju.example.cn');
  });

  it('keeps the host a LAN browser used', () => {
    expect(publicBaseUrl(plain, request('192.168.43.10:3000'))).toBe('http://192.168.43.10:3000');
  });

  it('never sends phones to localhost when the laptop has a LAN address', () => {
    const lan = lanAddress();
    expect(publicBaseUrl(plain, request('localhost:3000'))).toBe(
      `http://${lan ?? 'localhost'}:3000`,
    );
    expect(publicBaseUrl(plain, request('127.0.0.1:8080'))).toBe(
      `http://${lan ?? '127.0.0.1'}:8080`,
    );
  });
});
