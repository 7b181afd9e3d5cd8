import { readFileSync } from 'node:fs';
import { Ajv, type ErrorObject, type ValidateFunction } from 'ajv';
import addFormatsModule from 'ajv-formats';

/**
 * Validators for what the command line prints: the contract's JSON document (§3, our own schema of it)
 * and SARIF 2.1.0 (the OASIS schema, vendored from oasis-tcs/sarif-spec). Errors come back as short
 * readable lines, so a failing test says which field broke.
 */

const addFormats = addFormatsModule as unknown as (ajv: Ajv) => Ajv;
const FIXTURES = new URL('../../fixtures/', import.meta.url);

type Json = Record<string, unknown>;

function readJson(relative: string): Json {
  return JSON.parse(readFileSync(new URL(relative, FIXTURES), 'utf8')) as Json;
}

/** The contract's schema (test/fixtures/contract/review-json.schema.json), as written. */
export function contractSchema(): Json {
  return readJson('contract/review-json.schema.json');
}

let contract: { review: ValidateFunction; routes: ValidateFunction } | undefined;
function contractValidators() {
  if (contract) return contract;
  // strictRequired is off: `allOf: [{ $ref: route }, { required: ['change'] }]` names a property the other branch defines.
  const ajv = addFormats(new Ajv({ allErrors: true, strict: true, strictRequired: false }));
  const schema = contractSchema();
  ajv.addSchema(schema);
  const id = String(schema.$id);
  contract = { review: ajv.getSchema(id)!, routes: ajv.compile({ $ref: `${id}#/definitions/routesDocument` }) };
  return contract;
}

let sarif: ValidateFunction | undefined;
function sarifValidator(): ValidateFunction {
  if (sarif) return sarif;
  // The official schema is draft-04 (`id`, draft-04 `$schema`); Ajv 8 speaks draft-07, which reads every
  // keyword this schema uses the same way once the top-level `id` is spelled `$id` (no boolean
  // exclusiveMinimum/Maximum appear in it). `strict: false`: the schema puts `default` next to `$ref`.
  const { $schema: _draft04, id, ...rest } = readJson('sarif/sarif-schema-2.1.0.json');
  const ajv = addFormats(new Ajv({ allErrors: true, strict: false }));
  sarif = ajv.compile({ $id: String(id), ...rest });
  return sarif;
}

function describe(errors: ErrorObject[] | null | undefined): string[] {
  return (errors ?? []).map((error) => `${error.instancePath || '/'} ${error.message ?? ''}${error.params ? ` ${JSON.stringify(error.params)}` : ''}`);
}

/** Problems of a `review --format json` document against the contract; [] when it follows it. */
export function reviewContractErrors(document: unknown): string[] {
  const validate = contractValidators().review;
  return validate(document) ? [] : describe(validate.errors);
}

/** Problems of a `routes --format json` document against the contract; [] when it follows it. */
export function routesContractErrors(document: unknown): string[] {
  const validate = contractValidators().routes;
  return validate(document) ? [] : describe(validate.errors);
}

/** Problems of a SARIF log against the SARIF 2.1.0 schema; [] when valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  const validate = sarifValidator();
  return validate(log) ? [] : describe(validate.errors);
}

interface SarifRule {
  id: string;
  name?: string;
  shortDescription?: { text?: string };
  fullDescription?: { text?: string };
  help?: { text?: string; markdown?: string };
  properties?: { tags?: string[]; 'security-severity'?: string };
}
interface SarifResult {
  ruleId?: string;
  ruleIndex?: number;
  level?: string;
  message?: { text?: string };
  locations?: Array<{ physicalLocation?: { artifactLocation?: { uri?: string }; region?: { startLine?: number; endLine?: number } } }>;
  partialFingerprints?: Record<string, string>;
}
interface SarifLog {
  runs?: Array<{ tool?: { driver?: { name?: string; rules?: SarifRule[] } }; results?: SarifResult[] }>;
}

/**
 * What GitHub code scanning requires beyond the schema ("SARIF support for code scanning"): a driver
 * name; rules with an id (≤ 255), short and full descriptions (≤ 1024) and help text; results with a
 * message, at least one location whose region has a startLine, partialFingerprints, and a ruleIndex
 * that points at the rule of the same id; at most 25,000 results and 20 runs.
 */
export function codeScanningErrors(value: unknown): string[] {
  const log = value as SarifLog;
  const errors: string[] = [];
  const runs = log.runs ?? [];
  if (runs.length === 0 || runs.length > 20) errors.push(`runs: ${runs.length}`);
  runs.forEach((run, r) => {
    const rules = run.tool?.driver?.rules ?? [];
    if (!run.tool?.driver?.name) errors.push(`runs[${r}].tool.driver.name missing`);
    rules.forEach((rule, i) => {
      const at = `runs[${r}].rules[${i}] ${rule.id}`;
      if (!rule.id || rule.id.length > 255) errors.push(`${at}: id empty or over 255`);
      if ((rule.name?.length ?? 0) > 255) errors.push(`${at}: name over 255`);
      for (const key of ['shortDescription', 'fullDescription'] as const) {
        const text = rule[key]?.text ?? '';
        if (!text || text.length > 1024) errors.push(`${at}: ${key}.text empty or over 1024`);
      }
      if (!rule.help?.text) errors.push(`${at}: help.text missing`);
      const securitySeverity = rule.properties?.['security-severity'];
      if (securitySeverity !== undefined && !(Number(securitySeverity) > 0 && Number(securitySeverity) <= 10)) errors.push(`${at}: security-severity ${securitySeverity}`);
    });
    const results = run.results ?? [];
    if (results.length > 25_000) errors.push(`runs[${r}]: ${results.length} results`);
    results.forEach((result, i) => {
      const at = `runs[${r}].results[${i}]`;
      if (!result.message?.text) errors.push(`${at}: message.text missing`);
      const location = result.locations?.[0]?.physicalLocation;
      if (!location?.artifactLocation?.uri) errors.push(`${at}: no artifactLocation.uri`);
      if (!location?.region?.startLine || location.region.startLine < 1) errors.push(`${at}: no region.startLine`);
      if ((result.locations?.length ?? 0) > 10) errors.push(`${at}: over 10 locations`);
      if (!result.partialFingerprints || Object.keys(result.partialFingerprints).length === 0) errors.push(`${at}: no partialFingerprints`);
      if (result.ruleIndex === undefined || rules[result.ruleIndex]?.id !== result.ruleId) errors.push(`${at}: ruleIndex ${result.ruleIndex} does not name ${result.ruleId}`);
    });
  });
  return errors;
}
