import { ESLint } from 'eslint';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const root = path.resolve(import.meta.dirname, '../..');
const eslint = new ESLint({ cwd: root, overrideConfigFile: '.config/eslint.config.js' });

/** The layer problems ESLint reports for `code` as if it were the file at `file`. */
async function layerProblems(file: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: path.join(root, file) });
  return result!.messages.filter((m) => m.ruleId === 'layers/tiers').map((m) => m.message);
}

describe('layers/tiers, the lint rule that keeps imports going down', () => {
  it('lets a feature use a lower one and the foundation', async () => {
    expect(
      await layerProblems(
        'server/voting/new-rule.ts',
        "import type { MeetingRoom } from '../meetings/room';\nimport { AppError } from '../errors';\nexport type X = MeetingRoom | AppError;\n",
      ),
    ).toEqual([]);
  });

  it('refuses an import up the tiers, and one across a tier', async () => {
    const up = await layerProblems(
      'server/meetings/new-part.ts',
      "import { exportRecord } from '../export/service';\nexport const x = exportRecord;\n",
    );
    expect(up).toHaveLength(1);
    expect(up[0]).toContain('export is on a higher tier than meetings');
    const across = await layerProblems(
      'server/voting/new-part.ts',
      "export { queue } from '../speakers/queue';\n",
    );
    expect(across[0]).toContain('voting and speakers are on one tier');
  });

  it('keeps the audio layer below the transport (the socket is a port it owns)', async () => {
    const problems = await layerProblems(
      'server/audio/new-part.ts',
      "import type { IoSocket } from '../realtime/context';\nexport type X = IoSocket;\n",
    );
    expect(problems[0]).toContain('transport is on a higher tier than audio');
  });

  it('keeps the browser away from the server and shared/ away from both', async () => {
    const client = await layerProblems(
      'client/src/lib/new-part.ts',
      "const load = () => import('../../../server/errors');\nexport default load;\n",
    );
    expect(client[0]).toContain('client may import only shared, client');
    const shared = await layerProblems(
      'shared/new-part.ts',
      "import { AppError } from '../server/errors';\nexport default AppError;\n",
    );
    expect(shared[0]).toContain('shared may import only shared');
  });

  it('lets doors use the transport kit, and nothing below import a door', async () => {
    expect(
      await layerProblems(
        'server/http/routes/votes.ts',
        "import { sendOk } from '../respond';\nexport default sendOk;\n",
      ),
    ).toEqual([]);
    const problems = await layerProblems(
      'server/http/new-guard.ts',
      "import { voteRoutes } from './routes/votes';\nexport default voteRoutes;\n",
    );
    expect(problems[0]).toContain('doors is on a higher tier than transport');
  });

  it('reports an allow-list entry the file no longer needs', async () => {
    const problems = await layerProblems('server/meetings/room.ts', 'export {};\n');
    expect(problems.join('\n')).toMatch(/no longer imports voting: remove its entry/);
  });

  it('asks for a new folder to be placed on a tier', async () => {
    const problems = await layerProblems(
      'server/voting/new-part.ts',
      "import { x } from '../platforms/x';\nexport default x;\n",
    );
    expect(problems[0]).toContain('"platforms" is on no tier');
  });
});
