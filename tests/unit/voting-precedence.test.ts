import { describe, expect, it } from 'vitest';
import { precedence } from '../../server/voting/precedence';

const ballot = (over: Partial<Parameters<typeof precedence>[0]>) =>
  precedence({ byProxy: false, secret: false, voted: false, proxied: false, ...over });

describe("a member's own vote prevails over their proxy", () => {
  it('takes a first ballot from either', () => {
    expect(ballot({})).toBe('cast');
    expect(ballot({ byProxy: true })).toBe('cast');
    expect(ballot({ byProxy: true, secret: true })).toBe('cast');
  });

  it("replaces the proxy's ballot with the member's own, and clears the marker", () => {
    expect(ballot({ voted: true, proxied: true })).toBe('replace-proxy');
  });

  it('refuses a proxy over a ballot the member cast themselves', () => {
    expect(ballot({ byProxy: true, voted: true })).toBe('own-prevails');
    expect(ballot({ byProxy: true, voted: true, secret: true })).toBe('own-prevails');
  });

  it('lets each change their own ballot as before', () => {
    expect(ballot({ voted: true })).toBe('cast');
    expect(ballot({ byProxy: true, voted: true, proxied: true })).toBe('cast');
  });

  it('cannot find a secret proxy ballot to replace, so says so', () => {
    expect(ballot({ voted: true, proxied: true, secret: true })).toBe('secret-proxied');
  });
});
