import { existsSync, readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { gzipSync } from 'node:zlib';
import { SourceMapConsumer } from 'source-map-js';

export const gzSize = (bytes: Buffer | string): number => gzipSync(bytes, { level: 9 }).length;

/** Groups a source path into what a maintainer would act on: a package, or our folder. */
export function owner(source: string): string {
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(source);
  if (pkg) return pkg[1]!;
  const ours = /(client\/src\/[^/]+|shared)\//.exec(source);
  return ours ? ours[1]! : source.replace(/^.*\//, '');
}

/**
 * Splits a built chunk's bytes by original source through its hidden source map, then
 * shares the chunk's gzipped size out in proportion (gzip does not split exactly; this is an
 * estimate good to a few hundred bytes, enough to see where the kilobytes are).
 */
export function breakdown(jsFile: string): Map<string, number> {
  const code = readFileSync(jsFile, 'utf8');
  // Bundler-generated chunks (rolldown's runtime) have no map: count them whole.
  if (!existsSync(`${jsFile}.map`)) return new Map([[basename(jsFile), gzSize(code)]]);
  const map = JSON.parse(readFileSync(`${jsFile}.map`, 'utf8')) as ConstructorParameters<
    typeof SourceMapConsumer
  >[0];
  const consumer = new SourceMapConsumer(map);
  const lines = code.split('\n');
  const raw = new Map<string, number>();
  let last: { line: number; column: number; source: string } | null = null;
  const add = (source: string, bytes: number) =>
    raw.set(source, (raw.get(source) ?? 0) + Math.max(0, bytes));
  consumer.eachMapping((m) => {
    const source = m.source ? owner(m.source) : '(generated)';
    if (last) {
      const bytes =
        last.line === m.generatedLine
          ? m.generatedColumn - last.column
          : lines[last.line - 1]!.length - last.column;
      add(last.source, bytes);
    }
    last = { line: m.generatedLine, column: m.generatedColumn, source };
  });
  if (last) {
    const { line, column, source } = last;
    add(source, lines[line - 1]!.length - column);
  }
  const total = [...raw.values()].reduce((a, b) => a + b, 0);
  const gz = gzSize(code);
  return new Map([...raw].map(([source, bytes]) => [source, (bytes / total) * gz]));
}
