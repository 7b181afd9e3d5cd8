import { createRequire as __backendExpertCreateRequire } from 'node:module';
const require = __backendExpertCreateRequire(import.meta.url);
import {
  RouteCollector,
  RuleRunner,
  SERVICE_FILE_ANALYSER,
  analyseFiles
} from "./chunk-2RZLSXYU.js";
import "./chunk-Z2LHR7PR.js";

// src/core/analysis/scan-worker.ts
import { parentPort } from "node:worker_threads";

// src/core/analysis/analysers.ts
function createAnalyser(spec) {
  switch (spec.kind) {
    case "routes":
      return new RouteCollector().analyser();
    case "services":
      return SERVICE_FILE_ANALYSER;
    case "rules": {
      const changedLines = new Map(Object.entries(spec.changedLines).map(([path, lines]) => [path, new Set(lines)]));
      return new RuleRunner({ changedLines, settings: spec.settings }).analyser();
    }
  }
}

// src/core/analysis/scan-worker.ts
if (!parentPort) throw new Error("scan-worker.js runs as a worker thread of ScanWorkerPool");
var port = parentPort;
var sessions = /* @__PURE__ */ new Map();
port.on("message", (request) => setImmediate(() => handle(request)));
function handle(request) {
  if (request.type === "end") {
    sessions.delete(request.session);
    return;
  }
  let reply;
  try {
    let analysers = sessions.get(request.session);
    if (!analysers) {
      if (!request.specs) throw new Error(`scan session ${request.session} is unknown to this worker`);
      analysers = request.specs.map(createAnalyser);
      sessions.set(request.session, analysers);
    }
    const outcomes = analyseFiles(analysers, request.files, request.limits, request.budgetMs);
    const results = request.files.map(({ index }, at) => ({ index, outcome: outcomes[at] }));
    reply = { type: "done", id: request.id, results };
  } catch (error) {
    reply = { type: "failed", id: request.id, message: error instanceof Error ? error.message : String(error) };
  }
  try {
    port.postMessage(reply);
  } catch (error) {
    port.postMessage({ type: "failed", id: request.id, message: `results could not be sent: ${error.message}` });
  }
}
