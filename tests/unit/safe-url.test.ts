import { describe, expect, it } from 'vitest';
import { safeHref } from '../../shared/safe-url';

describe('safeHref', () => {
  it('allows absolute http, https and mailto, re-serialised', () => {
    expect(safeHref('https://example.org/a b')).toBe('https://example.org/a%20b');
    expect(safeHref('HTTP://Example.org')).toBe('http://example.org/');
    expect(safeHref('mailto:cun@example.org')).toBe('mailto:cun@example.org');
  });

  it('refuses script, data, file, relative and disguised URLs', () => {
    for (const href of [
      'javascript:alert(1)',
      'JaVaScRiPt:alert(1)',
      ' javascript:alert(1)',
      'java\tscript:alert(1)',
      'java\nscript:alert(1)',
      '\u0001javascript:alert(1)',
      'vbscript:x',
      'data:text/html,<script>alert(1)</script>',
      'file:///etc/passwd',
      '/console',
      '//evil.example/x',
      '?x',
      '',
      42,
      null,
    ]) {
      expect(safeHref(href), String(href)).toBeNull();
    }
  });
});
