import { BENCHMARKS } from './benchmarks.js';

/** Child process entry: runs one benchmark at full size and sends its tables to the parent. */
const name = process.argv[2]!;
const benchmark = BENCHMARKS[name];
if (!benchmark) throw new Error(`unknown benchmark ${name}`);
const tables = await benchmark.full();
process.send?.(tables);
