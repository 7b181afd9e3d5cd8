/**
 * A worker thread of the scan pool: parses the files it is sent and runs the analysers of the scan
 * they belong to, answering with plain data. Syntax trees never leave the thread.
 */
import { parentPort } from 'node:worker_threads';
import { isParsed, languageOf, parseSource } from '../source/language.js';
import { createAnalyser } from './analysers.js';
import { analyseDocument, analyseParsedFile, type FileAnalyser } from './file-analyser.js';
import type { ScanBatchResult, ScanWorkerReply, ScanWorkerRequest } from './scan-worker-pool.js';

const port = parentPort;
if (!port) throw new Error('scan-worker.js runs as a worker thread of ScanWorkerPool');

/** Analysers by scan session (each scan sends its specs once per worker). */
const sessions = new Map<number, FileAnalyser[]>();

port.on('message', (request: ScanWorkerRequest) => {
  if (request.type === 'end') {
    sessions.delete(request.session);
    return;
  }
  let reply: ScanWorkerReply;
  try {
    let analysers = sessions.get(request.session);
    if (!analysers) {
      if (!request.specs) throw new Error(`scan session ${request.session} is unknown to this worker`);
      analysers = request.specs.map(createAnalyser);
      sessions.set(request.session, analysers);
    }
    const results: ScanBatchResult[] = [];
    for (const { index, path, text } of request.files) {
      if (!languageOf(path)) {
        results.push({ index, outcome: analyseDocument(analysers, path, text, request.budgetMs) });
        continue;
      }
      const file = parseSource(path, text, request.limits);
      results.push({ index, outcome: isParsed(file) ? analyseParsedFile(analysers, file, request.budgetMs) : { document: false, outputs: [], skipped: file } });
    }
    reply = { type: 'done', id: request.id, results };
  } catch (error) {
    reply = { type: 'failed', id: request.id, message: error instanceof Error ? error.message : String(error) };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    // An output that is not plain data (a bug in an analyser): the scanning thread redoes the batch.
    port.postMessage({ type: 'failed', id: request.id, message: `results could not be sent: ${(error as Error).message}` } satisfies ScanWorkerReply);
  }
});
