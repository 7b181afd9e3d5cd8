import { afterAll } from '@jest/globals';
import nock from 'nock';

// Node's built-in http module is shared by every test file a jest worker runs, while each file gets
// its own nock: a file that disabled real connections would otherwise keep blocking loopback servers
// in the files after it. Each file leaves the network as it found it.
afterAll(() => {
  nock.cleanAll();
  nock.enableNetConnect();
  nock.restore();
});
