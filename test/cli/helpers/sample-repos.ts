import { TempGitRepo } from '../../helpers/temp-git-repo.js';

/** A small Express service: the base every sample pull request starts from. */
export const SERVICE_BASE: Record<string, string> = {
  'package.json': '{ "name": "svc", "dependencies": { "express": "^4.19.0", "pg": "^8.11.0", "stripe": "^14.0.0" } }\n',
  'src/server.ts': `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
app.get('/health', (_req, res) => res.json({ ok: true }));
app.listen(3000);
`,
  'README.md': '# svc\n',
};

/** Adds a route whose SQL is built from the query string, and a live Stripe key: two critical findings. */
export const CRITICAL_CHANGE: Record<string, string> = {
  'src/server.ts': `import express from 'express';
import { Pool } from 'pg';

const pool = new Pool();
const app = express();
app.get('/health', (_req, res) => res.json({ ok: true }));
app.get('/api/users', async (req, res) => {
  const rows = await pool.query(\`SELECT * FROM users WHERE name = '\${req.query.name}'\`);
  res.json(rows);
});
app.listen(3000);
`,
  'src/billing/stripe.ts': `import Stripe from 'stripe';

export const stripe = new Stripe('sk_live_51HqLyjWDarjtT1zdp7dcXyz0123456789abcdefGHIJKLmnopQRSTuvwx');
`,
};

/** Touches only the README: nothing for the rules, conclusion success. */
export const DOCS_CHANGE: Record<string, string> = { 'README.md': '# svc\n\nHow to run it.\n' };

/** A repository with `main` (the service) and a branch `feature` holding `change`, checked out. */
export function samplePullRequest(change: Record<string, string>): { repo: TempGitRepo; base: string; head: string } {
  const repo = new TempGitRepo();
  repo.write(SERVICE_BASE);
  const base = repo.commit('base');
  repo.git('checkout', '-q', '-b', 'feature');
  repo.write(change);
  const head = repo.commit('feature');
  return { repo, base, head };
}
