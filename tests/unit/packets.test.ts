import { describe, expect, it } from 'vitest';
import { decode, encodeConnect, encodeEvent } from '../../client/src/lib/realtime/packets';

describe('Socket.IO wire format (client/src/lib/realtime/packets.ts)', () => {
  it('encodes CONNECT with auth and events with and without an ack id', () => {
    expect(encodeConnect({ as: 'participant' })).toBe('40{"as":"participant"}');
    expect(encodeEvent('vote:cast', { choice: 'agree' }, 12)).toBe(
      '4212["vote:cast",{"choice":"agree"}]',
    );
    expect(encodeEvent('speakers:take', {})).toBe('42["speakers:take",{}]');
  });

  it('decodes the Engine.IO handshake, pings and close', () => {
    expect(
      decode('0{"sid":"a","upgrades":[],"pingInterval":25000,"pingTimeout":20000,"maxPayload":1}'),
    ).toEqual({ kind: 'open', pingInterval: 25000, pingTimeout: 20000 });
    expect(decode('2')).toEqual({ kind: 'ping' });
    expect(decode('1')).toEqual({ kind: 'close' });
    expect(decode('0{"sid":"a"}')).toEqual({ kind: 'other' });
  });

  it('decodes connect, refusal, kick, events and acks', () => {
    expect(decode('40{"sid":"x"}')).toEqual({ kind: 'connected' });
    expect(decode('44{"message":"Log in first","data":{"code":"UNAUTHENTICATED"}}')).toEqual({
      kind: 'refused',
      message: 'Log in first',
      data: { code: 'UNAUTHENTICATED' },
    });
    expect(decode('41')).toEqual({ kind: 'kicked' });
    expect(decode('42["room:state",{"phase":"live"}]')).toEqual({
      kind: 'event',
      name: 'room:state',
      args: [{ phase: 'live' }],
    });
    expect(decode('42["mandates:changed"]')).toEqual({
      kind: 'event',
      name: 'mandates:changed',
      args: [],
    });
    expect(decode('4307[{"ok":true,"data":1}]')).toEqual({
      kind: 'ack',
      id: 7,
      args: [{ ok: true, data: 1 }],
    });
  });

  it('drops what it does not use or cannot read, without throwing', () => {
    for (const frame of [
      '',
      '6',
      '42/admin,["x"]',
      '451-["x",{"_placeholder":true,"num":0}]',
      '42{"not":"an array"}',
      '42[1,2]',
      '43[{"ok":true}]',
      '42["broken',
      '0not json',
    ]) {
      expect(decode(frame)).toEqual({ kind: 'other' });
    }
  });
});
