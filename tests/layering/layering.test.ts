import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';
import { projectRoot } from '../support/processes';

// DESIGN §1's "never" arrows, as eslint.config.mjs encodes them: each import below must be refused
// (the repository itself passes `npx eslint .`, which CI runs).
const eslint = new ESLint({ cwd: projectRoot });

async function layeringErrors(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath: `${projectRoot}/${filePath}` });
  return result!.messages.filter((m) => m.ruleId === 'import/no-restricted-paths').map((m) => m.message);
}

describe('layering (import/no-restricted-paths)', () => {
  it('an integration may not import lib/db or lib/queue, by alias or relative path', async () => {
    const errors = await layeringErrors(
      'lib/integrations/http-post/layering-probe.ts',
      "import { db } from '@/lib/db/client';\nimport { getBoss } from '../../queue/boss';\nexport const probe = [db, getBoss];\n",
    );
    expect(errors).toHaveLength(2);
    expect(errors[0]).toContain('DeliveryContext');
  });

  it("an integration may not reach lib/credentials' storage, only its provider endpoints and token client", async () => {
    const refused = await layeringErrors('lib/integrations/twitter-thread/layering-probe.ts', "import { saveConnection } from '@/lib/credentials';\nexport const probe = saveConnection;\n");
    expect(refused).toHaveLength(1);
    const allowed = await layeringErrors(
      'lib/integrations/twitter-thread/layering-probe.ts',
      "import { oauthProvider } from '@/lib/credentials/providers';\nimport { refreshAtProvider } from '@/lib/credentials/token-endpoint';\nexport const probe = [oauthProvider, refreshAtProvider];\n",
    );
    expect(allowed).toEqual([]);
  });

  it('lib/tasks may not import app/', async () => {
    expect(await layeringErrors('lib/tasks/layering-probe.ts', "import { GET } from '@/app/api/v1/connections/route';\nexport const probe = GET;\n")).toHaveLength(1);
  });

  it('jobs/ may not import app/ or components/', async () => {
    const errors = await layeringErrors(
      'jobs/layering-probe.ts',
      "import * as page from '../app/(app)/connections/page';\nimport * as table from '@/components/ui/data-table';\nexport const probe = [page, table];\n",
    );
    expect(errors).toHaveLength(2);
  });

  it('the engine may import lib/db and lib/credentials (allowed arrows stay allowed)', async () => {
    expect(await layeringErrors('lib/tasks/layering-probe.ts', "import { db } from '@/lib/db/client';\nimport { saveConnection } from '@/lib/credentials';\nexport const probe = [db, saveConnection];\n")).toEqual([]);
  });
});
