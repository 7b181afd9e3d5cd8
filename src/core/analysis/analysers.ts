import { RouteCollector } from '../routes/build-route-map.js';
import { RuleRunner } from '../rules/run-rules.js';
import { SERVICE_FILE_ANALYSER } from '../services/service-collector.js';
import type { AnalyserSpec, FileAnalyser } from './file-analyser.js';

/** Builds, in a worker thread, the analyser a scanner of the scanning thread described. */
export function createAnalyser(spec: AnalyserSpec): FileAnalyser {
  switch (spec.kind) {
    case 'routes':
      return new RouteCollector().analyser();
    case 'services':
      return SERVICE_FILE_ANALYSER;
    case 'rules': {
      const changedLines = new Map(Object.entries(spec.changedLines).map(([path, lines]) => [path, new Set(lines)] as const));
      return new RuleRunner({ changedLines, settings: spec.settings }).analyser();
    }
  }
}
