import { expect, it } from '@jest/globals';
import { hardcodedCredential } from '../../src/core/rules/secrets-hardcoded-credential.js';
import { runRuleCase, testRule } from './rule-tester.js';

testRule(hardcodedCredential, {
  valid: [
    { name: 'js env lookup', language: 'js', code: 'export const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\n' },
    { name: 'js env var name as value', language: 'js', code: "const config = { passwordEnv: 'DB_PASSWORD', apiKey: 'API_KEY' };\n" },
    { name: 'js labels and header names', language: 'js', code: "const TOKEN_HEADER = 'x-auth-token';\nconst messages = { password: 'auth.password.invalid' };\nconst resetPassword = 'Reset password';\n" },
    { name: 'js cookie name constant', language: 'js', code: "export const AUTH_TOKEN = 'auth_token';\nexport const REFRESH_TOKEN_COOKIE = 'refresh_token';\n" },
    { name: 'js placeholder', language: 'js', code: "const apiKey = process.env.API_KEY ?? 'your-api-key-here';\n" },
    { name: 'js local connection string', language: 'js', code: "const url = process.env.DATABASE_URL ?? 'postgres://postgres:postgres@localhost:5432/app';\n" },
    { name: 'js pagination token', language: 'js', code: "const nextPageToken = 'abc123def456';\n" },
    { name: 'js secret on an unchanged line', language: 'js', code: "const a = 1;\nconst password = 'Sup3r-S3cret!';\n", addedLines: [1] },
    { name: 'python environ', language: 'python', code: 'SECRET_KEY = os.environ["SECRET_KEY"]\n' },
    { name: 'python short or word-only value', language: 'python', code: 'password = "secret"\nkind = "password"\n' },
    { name: 'go env', language: 'go', code: 'package c\n\nvar apiKey = os.Getenv("API_KEY")\n' },
    { name: 'java value annotation', language: 'java', code: 'class C {\n    @Value("${oauth.client-secret}")\n    private String clientSecret;\n}\n' },
  ],
  invalid: [
    { name: 'js stripe live key', language: 'js', code: "export const stripe = new Stripe('sk_live_4eC39HqLyjWDarjtT1zdp7dc');\n", errors: [{ messageId: 'knownFormat', line: 1 }] },
    { name: 'js fallback secret in config object', language: 'js', code: "export default {\n  jwtSecret: process.env.JWT_SECRET || 'k3y-for-dev-2024!',\n};\n", errors: [{ messageId: 'namedCredential', line: 2 }] },
    { name: 'js member assignment', language: 'js', code: "config.db.password = 'Adm1n#2023';\n", errors: [{ messageId: 'namedCredential', line: 1 }] },
    { name: 'js remote connection string', language: 'js', code: "const url = 'postgres://app:pr0dPass@db.internal.example.net:5432/app';\n", errors: [{ messageId: 'connectionString', line: 1 }] },
    { name: 'python assignment', language: 'python', code: 'DATABASE_PASSWORD = "s3cr3t-Pa55word!"\n', errors: [{ messageId: 'namedCredential', line: 1 }] },
    { name: 'python getenv default', language: 'python', code: 'SECRET_KEY = os.getenv("SECRET_KEY", "django-insecure-9x!k2@f7#q")\n', errors: [{ messageId: 'namedCredential', line: 1 }] },
    { name: 'python keyword argument', language: 'python', code: 'client = Client(api_key="a8f5f167f44f4964e6c998dee827110c")\n', errors: [{ messageId: 'namedCredential', line: 1 }] },
    { name: 'go AWS key', language: 'go', code: 'package c\n\nvar apiKey = "AKIAIOSFODNN7EXAMPL3"\n', errors: [{ messageId: 'knownFormat', line: 3 }] },
    { name: 'go struct field', language: 'go', code: 'package c\n\nvar cfg = Config{\n\tPassword: "hunter2-Prod!",\n}\n', errors: [{ messageId: 'namedCredential', line: 4 }] },
    { name: 'java field', language: 'java', code: 'class Config {\n    private String clientSecret = "f9Kq2-Lx81Zp0Qw7";\n}\n', errors: [{ messageId: 'namedCredential', line: 2 }] },
    { name: 'java setter', language: 'java', code: 'class Config {\n  DataSource ds() {\n    ds.setPassword("Pr0d-db-pass");\n    return ds;\n  }\n}\n', errors: [{ messageId: 'namedCredential', line: 3 }] },
  ],
});

it('never puts the secret value in a finding', async () => {
  const { findings } = await runRuleCase(hardcodedCredential, { language: 'js', code: "const password = 'Adm1n#2023';\nconst key = 'sk_live_4eC39HqLyjWDarjtT1zdp7dc';\n" });
  expect(findings).toHaveLength(2);
  for (const finding of findings) expect(JSON.stringify(finding)).not.toMatch(/Adm1n#2023|sk_live_4eC39/);
});
