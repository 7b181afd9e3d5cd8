import { it } from '@jest/globals';
import { fixtureFiles, viewsOf } from './route-test-helpers.js';
it('prints', async () => {
  const name = process.env.FIX!;
  console.log(JSON.stringify(await viewsOf(fixtureFiles(name)), null, 1));
});
