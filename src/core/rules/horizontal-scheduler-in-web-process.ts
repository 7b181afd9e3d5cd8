import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { defineRule, type FileRuleContext, type RuleLanguage } from './types.js';
import { assignedName } from './support/assigned-name.js';
import { CALL_KINDS, callParts, memberParts, receiverNames } from './support/call-parts.js';
import { FUNCTION_KINDS } from './support/enclosing-function.js';
import { findEntryPoints, mayStartServer } from './support/entry-points.js';
import { HANDLER_KINDS, javaAnnotationName } from './support/find-handlers.js';
import { importBindings, type ImportBinding } from './support/import-bindings.js';
import { kindOf } from './support/kind-of.js';
import { lineSpanOf } from './support/line-span.js';
import { isFrontendPath, isNonServicePath } from './support/path-kind.js';
import { isStringNode, literalText } from './support/string-literal.js';
import { isDocumentRoute } from '../routes/document-routes.js';
import { isOperationalPath } from './support/route-traits.js';

type MessageId = 'schedulerInWebProcess' | 'scheduledWithoutLock';
type Context = FileRuleContext<MessageId, Record<string, never>, Candidate>;

/** A scheduled job the PR adds, kept until the project phase knows whether its service serves HTTP. */
interface Candidate {
  messageId: MessageId;
  data: Record<string, string>;
  line: number;
  endLine: number;
  /** The file itself serves HTTP (starts a server or declares request handlers). */
  sameFile: boolean;
}

/** What a scheduling call runs: the job's name (callback, method, single call) and the text to look for a lock in. */
interface Job {
  name?: string;
  text: string;
}

const JS_MODULES = ['node-cron', 'node-schedule', 'cron', 'croner', '@nestjs/schedule'];
const JS_CALLS = ['schedule', 'scheduleJob', 'CronJob', 'from', 'Cron'];
/** APScheduler 3 schedulers that run inside another process (`BlockingScheduler` is a process of its own). */
const APSCHEDULER_CLASSES = ['BackgroundScheduler', 'AsyncIOScheduler', 'GeventScheduler', 'TornadoScheduler', 'TwistedScheduler', 'QtScheduler', 'APScheduler'];
/** Schedulers that are a process of their own (`BlockingScheduler`) or coordinate through a shared store (APScheduler 4). */
const OTHER_APSCHEDULERS = ['BlockingScheduler', 'AsyncScheduler', 'Scheduler'];
const APSCHEDULER_MODULES = ['apscheduler', 'flask_apscheduler'];
const PY_MODULES = ['apscheduler.schedulers', 'flask_apscheduler', 'fastapi_utils', 'fastapi_utilities', 'fastapi_restful', 'schedule'];
const PY_CALLS = ['add_job', 'scheduled_job', 'task', 'repeat_every', 'every'];
const GO_ROBFIG = ['github.com/robfig/cron'];
const GO_GOCRON = ['github.com/go-co-op/gocron'];
/** Libraries that take a distributed lock: a file using one guards its jobs. */
const LOCK_LIBRARIES: Record<RuleLanguage, readonly string[]> = {
  js: ['redlock', '@sesamecare-oss/redlock', 'redis-semaphore', 'node-redlock', 'warlock'],
  python: ['redis_lock', 'pottery', 'sherlock'],
  go: ['github.com/go-redsync/redsync', 'github.com/bsm/redislock'],
  java: ['net.javacrumbs.shedlock'],
};
/**
 * Words of a job's name that mean per-instance work, which every replica should do: refreshing its own
 * cache or configuration, reporting its metrics or heartbeat.
 */
const PER_INSTANCE_WORDS = ['heartbeat', 'metric', 'gauge', 'health', 'refresh', 'reload', 'warm', 'evict', 'local', 'inmemory', 'keepalive'];
/** Words of a job's code that take a distributed lock or check leadership (not `leader` alone: `updateLeaderboard`). */
const LOCK_WORDS = ['redlock', 'redsync', 'redislock', 'redis_lock', 'advisory', 'isleader', 'is_leader', 'leaderelect', 'leader_elect', 'leadership', 'shedlock', 'schedulerlock', 'lockprovider', 'lockregistry', 'distributedlock', 'distributed_lock', 'acquirelock', 'acquire_lock', 'withlock', 'with_lock', 'trylock', 'try_lock', 'getlock', 'get_lock', 'executewithlock', 'usinglock', '.lock(', '.using('];
/** Spring conditions that switch a scheduler bean on for some deployments only (a dedicated job instance). */
const JAVA_CONDITIONS = new Set(['ConditionalOnProperty', 'ConditionalOnExpression', 'ConditionalOnBean', 'ConditionalOnMissingBean', 'Profile']);
/** Routes read from documents say nothing about which process serves them. */

/** The name of the one call a function body makes (`() => sendDigest()`), for naming a job. */
function singleCallName(body: SgNode, family: RuleLanguage): string | undefined {
  let node = body;
  while (['statement_block', 'block', 'statement_list', 'expression_statement', 'await_expression', 'await', 'parenthesized_expression', 'return_statement'].includes(kindOf(node))) {
    const inner = node.children().filter((child) => child.isNamed() && !kindOf(child).includes('comment'));
    if (inner.length !== 1) return undefined;
    node = inner[0]!;
  }
  return CALL_KINDS[family].includes(kindOf(node)) ? callParts(node, family)?.name : undefined;
}

/** The job a callback, method or function definition stands for. */
function jobOf(node: SgNode | undefined, family: RuleLanguage): Job {
  if (!node) return { text: '' };
  const kind = kindOf(node);
  const text = node.text();
  if (FUNCTION_KINDS[family].has(kind) || kind === 'function_definition' || kind === 'method_definition' || kind === 'method_declaration') {
    const own = kind === 'arrow_function' || kind === 'function_expression' || kind === 'func_literal' || kind === 'lambda' || kind === 'lambda_expression' ? undefined : node.field('name')?.text();
    const body = node.field('body');
    return { name: own ?? (body ? singleCallName(body, family) : undefined), text };
  }
  // A named function or method value: `sendDigest`, `jobs.sendDigest`, APScheduler's `'app.jobs:send_digest'`.
  const name =
    kind === 'identifier' ? text
    : isStringNode(node, family) ? literalText(node, family)?.split(':').pop()?.split('.').pop()
    : memberParts(node, family)?.property;
  return { ...(name ? { name } : {}), text };
}

/** True when the job is per-instance work or takes a lock itself. */
function isSafeJob(job: Job, family: RuleLanguage): boolean {
  const name = job.name?.toLowerCase() ?? '';
  if (PER_INSTANCE_WORDS.some((word) => name.includes(word))) return true;
  const text = job.text.toLowerCase();
  // Go's `mu.Lock()` is a local mutex, not a distributed lock.
  return LOCK_WORDS.some((word) => (family !== 'go' || word !== '.lock(') && text.includes(word));
}

/**
 * True when the scheduling runs only under an `if` (switched on by configuration for one instance or
 * deployment). The `if` of Go's `if _, err := c.AddFunc(…); err != nil` holds the call in its
 * condition, not its body; guards that only keep tests or imports from starting jobs switch nothing.
 */
function isConditional(node: SgNode): boolean {
  let child = node;
  for (let parent = node.parent(); parent; child = parent, parent = parent.parent()) {
    if (kindOf(parent) !== 'if_statement') continue;
    const condition = parent.field('condition');
    const initializer = parent.field('initializer');
    if (child.id() === condition?.id() || child.id() === initializer?.id()) continue;
    const text = condition?.text().toLowerCase() ?? '';
    if (!NOT_SWITCHES.some((word) => text.includes(word))) return true;
  }
  return false;
}

/** Conditions that keep jobs out of tests or module imports, not out of some deployments. */
const NOT_SWITCHES = ['node_env', 'test', '__main__', 'require.main'];

/** True when an options object of the call has a `disabled` key (`@Cron(…, { disabled: … })`). */
function hasDisabledOption(args: readonly SgNode[]): boolean {
  return args.some((arg) => kindOf(arg) === 'object' && arg.children().some((member) => kindOf(member) === 'pair' && member.field('key')?.text() === 'disabled'));
}

/** The method a decorator in a class body applies to. */
function decoratedMember(decorator: SgNode): SgNode | undefined {
  for (let next = decorator.next(); next; next = next.next()) {
    const kind = kindOf(next);
    if (kind === 'method_definition') return next;
    if (kind !== 'decorator' && next.isNamed()) return undefined;
  }
  return undefined;
}

interface Found {
  node: SgNode;
  scheduler: string;
  job: Job;
}

/** node-cron, node-schedule, cron, croner calls and `@Cron` of `@nestjs/schedule`. */
function jsSchedules(context: Context): Found[] {
  const bindings = new Map<string, ImportBinding>();
  for (const binding of importBindings(context)) if (JS_MODULES.includes(binding.source)) bindings.set(binding.local, binding);
  if (bindings.size === 0) return [];
  const found: Found[] = [];
  for (const { node: call } of context.callsNamed(new Set([...JS_CALLS, ...bindings.keys()]))) {
    const parts = callParts(call, 'js');
    if (!parts) continue;
    const receiver = parts.receiver && kindOf(parts.receiver) === 'identifier' ? bindings.get(parts.receiver.text()) : undefined;
    const module = receiver && (receiver.imported === '*' || receiver.imported === 'default') ? receiver.source : undefined;
    const bare = parts.receiver ? undefined : bindings.get(parts.name);
    const imported = bare ? `${bare.source}:${bare.imported}` : undefined;
    const args = parts.args;
    const display = `${parts.receiver ? `${parts.receiver.text()}.` : ''}${parts.name}`;
    if ((module === 'node-cron' && parts.name === 'schedule') || imported === 'node-cron:schedule') {
      found.push({ node: call, scheduler: display, job: jobOf(args[1], 'js') });
    } else if ((module === 'node-schedule' && parts.name === 'scheduleJob') || imported === 'node-schedule:scheduleJob') {
      found.push({ node: call, scheduler: display, job: jobOf(args[args.length - 1], 'js') });
    } else if ((parts.isNew && (imported === 'cron:CronJob' || (module === 'cron' && parts.name === 'CronJob'))) || (parts.name === 'from' && receiver?.source === 'cron' && receiver.imported === 'CronJob')) {
      const config = parts.isNew ? undefined : args[0];
      const onTick = config && kindOf(config) === 'object' ? config.children().find((member) => kindOf(member) === 'pair' && member.field('key')?.text() === 'onTick')?.field('value') : undefined;
      found.push({ node: call, scheduler: parts.isNew ? `new ${display}` : display, job: jobOf(parts.isNew ? args[1] : (onTick ?? undefined), 'js') });
    } else if (bare?.source === 'croner' && (bare.imported === 'Cron' || bare.imported === 'default')) {
      found.push({ node: call, scheduler: parts.isNew ? `new ${display}` : display, job: jobOf(args[args.length - 1], 'js') });
    } else if (imported === '@nestjs/schedule:Cron' && call.parent() && kindOf(call.parent()!) === 'decorator' && !hasDisabledOption(args)) {
      found.push({ node: call.parent()!, scheduler: '@Cron', job: jobOf(decoratedMember(call.parent()!), 'js') });
    }
  }
  return found;
}

/** APScheduler (and Flask-APScheduler) jobs, fastapi-utils `@repeat_every`, the `schedule` library. */
function pythonSchedules(context: Context): Found[] {
  const bindings = new Map<string, ImportBinding>();
  for (const binding of importBindings(context)) if (PY_MODULES.some((module) => binding.source === module || binding.source.startsWith(`${module}.`))) bindings.set(binding.local, binding);
  // Schedulers created here: in-process ones are judged; the others (a process of their own, or
  // APScheduler 4's, which share a data store) are not, whatever their name.
  const schedulers = new Set<string>();
  const others = new Set<string>();
  const known = [...APSCHEDULER_CLASSES, ...OTHER_APSCHEDULERS];
  const classes = new Set([...known, ...[...bindings.values()].filter((binding) => known.includes(binding.imported)).map((binding) => binding.local)]);
  for (const { node: call } of context.callsNamed(classes)) {
    const parts = callParts(call, 'python');
    const root = parts ? (parts.receiver ? receiverNames(parts.receiver, 'python')[0] : parts.name) : undefined;
    const binding = root === undefined ? undefined : importBindings(context).find((each) => each.local === root && APSCHEDULER_MODULES.some((module) => each.source === module || each.source.startsWith(`${module}.`)));
    const name = parts && binding ? assignedName(call, 'python') : undefined;
    if (!name) continue;
    const className = parts!.receiver ? parts!.name : binding!.imported;
    (APSCHEDULER_CLASSES.includes(className) ? schedulers : others).add(name);
  }
  const found: Found[] = [];
  for (const { node: call } of context.callsNamed(new Set(PY_CALLS))) {
    const parts = callParts(call, 'python');
    if (!parts) continue;
    const names = parts.receiver ? receiverNames(parts.receiver, 'python') : [];
    const key = names.join('.');
    const isScheduler = schedulers.has(key) || (!others.has(key) && names.length > 0 && names[names.length - 1]!.toLowerCase().includes('scheduler'));
    const decorated = call.parent() && kindOf(call.parent()!) === 'decorator' ? call.parent()!.parent()?.field('definition') ?? undefined : undefined;
    if (parts.name === 'add_job' && isScheduler) {
      found.push({ node: call, scheduler: `${key}.add_job`, job: jobOf(parts.args.find((arg) => kindOf(arg) !== 'keyword_argument'), 'python') });
    } else if (decorated && ((parts.name === 'scheduled_job' && isScheduler) || (parts.name === 'task' && schedulers.has(key)))) {
      found.push({ node: call.parent()!, scheduler: `@${key}.${parts.name}`, job: jobOf(decorated, 'python') });
    } else if (decorated && parts.name === 'repeat_every' && !parts.receiver && bindings.get('repeat_every')?.source.startsWith('fastapi_')) {
      found.push({ node: call.parent()!, scheduler: '@repeat_every', job: jobOf(decorated, 'python') });
    } else if (parts.name === 'every' && names.length === 1 && bindings.get(key)?.source === 'schedule') {
      found.push({ node: call, scheduler: `${key}.every`, job: { text: '' } });
    }
  }
  return found;
}

/** robfig/cron `AddFunc`/`AddJob` and gocron `NewJob`/`Every`. */
function goSchedules(context: Context): Found[] {
  const robfig = context.importsAny(GO_ROBFIG);
  // gocron's distributed locker / elector makes one instance run each job.
  const gocron = context.importsAny(GO_GOCRON) && !context.mentions('WithDistributed');
  const found: Found[] = [];
  for (const { node: call } of context.callsNamed(GO_CALLS)) {
    const parts = callParts(call, 'go');
    if (!parts?.receiver) continue;
    const names = receiverNames(parts.receiver, 'go');
    const display = `${names.length > 0 ? `${names[names.length - 1]}.` : ''}${parts.name}`;
    if (robfig && (parts.name === 'AddFunc' || parts.name === 'AddJob')) found.push({ node: call, scheduler: display, job: jobOf(parts.args[1], 'go') });
    else if (gocron && (parts.name === 'NewJob' || parts.name === 'Every')) {
      const task = parts.name === 'NewJob' && parts.args[1] && kindOf(parts.args[1]) === 'call_expression' ? callParts(parts.args[1], 'go')?.args[0] : undefined;
      found.push({ node: call, scheduler: display, job: jobOf(task, 'go') });
    }
  }
  return found;
}

const GO_CALLS = new Set(['AddFunc', 'AddJob', 'NewJob', 'Every']);

/** Annotation names on a declaration's modifiers. */
function annotationsOf(declaration: SgNode): SgNode[] {
  const modifiers = declaration.children().find((child) => kindOf(child) === 'modifiers');
  return modifiers ? modifiers.children().filter((child) => kindOf(child) === 'annotation' || kindOf(child) === 'marker_annotation') : [];
}

/** True when the class around a method is only created under a condition or a profile. */
function isConditionalBean(method: SgNode): boolean {
  for (let parent = method.parent(); parent; parent = parent.parent()) {
    if (kindOf(parent) === 'class_declaration' && annotationsOf(parent).some((annotation) => JAVA_CONDITIONS.has(javaAnnotationName(annotation)))) return true;
  }
  return false;
}

/** True when a path is a worker process of its own (`worker.ts`, `workers/…`), which does not serve HTTP however its service does. */
function isWorkerPath(path: string): boolean {
  const segments = path.toLowerCase().split('/');
  const base = segments[segments.length - 1]!.split('.')[0]!;
  const directories = segments.slice(0, -1);
  // `worker.ts`, `workers/`, `cmd/worker`, `cmd/billing-worker`.
  return base.startsWith('worker') || directories.some((segment) => segment === 'worker' || segment === 'workers' || segment.endsWith('-worker'));
}

/** Python modules run as scripts (`if __name__ == "__main__":`) are processes of their own. */
function isPythonScript(context: Context): boolean {
  if (!context.mentions('__main__')) return false;
  return context.root.children().some((statement) => kindOf(statement) === 'if_statement' && (statement.field('condition')?.text().includes('__main__') ?? false));
}

function directoryOf(path: string): string {
  return path.includes('/') ? path.slice(0, path.lastIndexOf('/')) : '';
}

export const schedulerInWebProcess = defineRule({
  id: 'horizontal/scheduler-in-web-process',
  meta: {
    checklist: 'scale.horizontal',
    severity: 'medium',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A job scheduled inside a process that serves HTTP: node-cron, node-schedule, cron, croner or Nest `@Cron`; APScheduler, Flask-APScheduler, `@repeat_every`, `schedule`; robfig/cron or gocron next to the server; Spring `@Scheduled` without ShedLock\'s `@SchedulerLock`.',
    rationale:
      'A web service is scaled out by running more replicas of the same process, and an in-process scheduler starts in every one of them: the job then runs once per replica, at the same moment, sending duplicate e-mails or charges, producing reports twice and racing on the same rows. It works on one instance and breaks silently on the day the service is scaled. Medium, not high: an idempotent job only wastes work, and a lock may be taken somewhere the code does not show; per-instance jobs (metrics, heartbeats, refreshing a local cache) and scheduling switched on by configuration are left alone.',
    messages: {
      schedulerInWebProcess: {
        title: '`{scheduler}` schedules a job in every replica of this web service',
        message: 'This service serves HTTP, so it runs as several replicas when it scales out, and each replica starts this scheduler: the job runs once per replica, at the same time (duplicate e-mails, charges or reports, racing updates). Guard the job with a distributed lock (Redis lock, database advisory lock), run it only on an elected leader, or move it to a single worker or a platform job (Kubernetes CronJob, Cloud Scheduler).',
      },
      scheduledWithoutLock: {
        title: '`@Scheduled` method `{method}` runs on every instance',
        message: 'Spring runs `@Scheduled` methods in every instance of the application, so once this service is scaled out the job runs once per instance, at the same time. Add ShedLock\'s `@SchedulerLock` (with `@EnableSchedulerLock` and a shared `LockProvider`), or run the job in a separate single-instance worker.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import express from 'express';\nimport cron from 'node-cron';\n\nconst app = express();\napp.get('/orders', listOrders);\n\ncron.schedule('0 8 * * *', sendDailyDigest);\n\napp.listen(3000);\n",
        good: "import express from 'express';\nimport cron from 'node-cron';\n\nconst app = express();\napp.get('/orders', listOrders);\n\ncron.schedule('0 8 * * *', () => redlock.using(['digest'], 60_000, sendDailyDigest));\n\napp.listen(3000);\n",
      },
      python: {
        bad: 'from apscheduler.schedulers.background import BackgroundScheduler\nfrom flask import Flask\n\napp = Flask(__name__)\nscheduler = BackgroundScheduler()\nscheduler.add_job(send_daily_digest, "cron", hour=8)\nscheduler.start()\n\n@app.get("/orders")\ndef orders():\n    return list_orders()\n',
        good: 'from apscheduler.schedulers.background import BackgroundScheduler\nfrom flask import Flask\n\napp = Flask(__name__)\nscheduler = BackgroundScheduler()\n\n@scheduler.scheduled_job("cron", hour=8)\ndef daily_digest():\n    lock = redis_client.lock("daily-digest", timeout=600)\n    if lock.acquire(blocking=False):\n        try:\n            send_daily_digest()\n        finally:\n            lock.release()\n\nscheduler.start()\n\n@app.get("/orders")\ndef orders():\n    return list_orders()\n',
      },
      go: {
        bad: 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/robfig/cron/v3"\n)\n\nfunc main() {\n\tc := cron.New()\n\tc.AddFunc("0 8 * * *", sendDailyDigest)\n\tc.Start()\n\thttp.ListenAndServe(":8080", router())\n}\n',
        good: 'package main\n\nimport (\n\t"net/http"\n\n\t"github.com/go-redsync/redsync/v4"\n\t"github.com/robfig/cron/v3"\n)\n\nfunc main() {\n\tc := cron.New()\n\tc.AddFunc("0 8 * * *", func() {\n\t\tmutex := locks.NewMutex("daily-digest", redsync.WithExpiry(10*time.Minute))\n\t\tif err := mutex.Lock(); err != nil {\n\t\t\treturn\n\t\t}\n\t\tdefer mutex.Unlock()\n\t\tsendDailyDigest()\n\t})\n\tc.Start()\n\thttp.ListenAndServe(":8080", router())\n}\n',
      },
      java: {
        bad: '@RestController\nclass DigestController {\n  @GetMapping("/digests")\n  List<Digest> list() { return digests.findAll(); }\n\n  @Scheduled(cron = "0 0 8 * * *")\n  void sendDailyDigest() { mailer.sendDigest(); }\n}\n',
        good: '@RestController\nclass DigestController {\n  @GetMapping("/digests")\n  List<Digest> list() { return digests.findAll(); }\n\n  @Scheduled(cron = "0 0 8 * * *")\n  @SchedulerLock(name = "dailyDigest", lockAtMostFor = "PT10M")\n  void sendDailyDigest() { mailer.sendDigest(); }\n}\n',
        badRoutes: [{ method: 'GET', path: '/digests', line: 3 }],
        goodRoutes: [{ method: 'GET', path: '/digests', line: 3 }],
      },
    },
  },
  collect(file): true | undefined {
    if (file.family === 'java' || isNonServicePath(file.path) || !mayStartServer(file)) return undefined;
    return findEntryPoints(file).length > 0 ? true : undefined;
  },
  plan(file) {
    const family = file.family;
    if (isNonServicePath(file.path) || (family === 'js' && isFrontendPath(file.path))) return false;
    if (family === 'java') return file.mentions('@Scheduled', '@Schedules') ? ['method_declaration', ...HANDLER_KINDS.java] : false;
    if (LOCK_LIBRARIES[family].length > 0 && file.importsAny(LOCK_LIBRARIES[family])) return false;
    const scheduling =
      family === 'js' ? file.mentionsCall(...JS_CALLS) && file.importsAny(JS_MODULES)
      : family === 'python' ? file.mentionsCall(...PY_CALLS) && file.importsAny(PY_MODULES)
      : file.mentionsCall(...GO_CALLS) && file.importsAny([...GO_ROBFIG, ...GO_GOCRON]);
    return scheduling ? [...CALL_KINDS[family], ...HANDLER_KINDS[family]] : false;
  },
  checkFile(context) {
    const family = context.family;
    if (family === 'python' && context.path.includes('/management/commands/')) return;
    let sameFile: boolean | undefined;
    // `SpringApplication.run` starts workers too: in Java only request handlers show a web process.
    const servesHttp = () => (sameFile ??= (family !== 'java' && findEntryPoints(context).length > 0) || context.handlers().length > 0);
    if (family === 'java') {
      for (const method of context.nodes('method_declaration')) {
        const annotations = annotationsOf(method);
        const scheduled = annotations.find((annotation) => ['Scheduled', 'Schedules'].includes(javaAnnotationName(annotation)));
        if (!scheduled) continue;
        const span = lineSpanOf(scheduled);
        if (!context.isAdded(span.line, span.endLine)) continue;
        // `@SchedulerLock` (ShedLock) or a project's own `@DistributedLock`-style aspect.
        if (annotations.some((annotation) => javaAnnotationName(annotation).includes('Lock'))) continue;
        const name = method.field('name')?.text() ?? '';
        if (isSafeJob({ name, text: method.field('body')?.text() ?? '' }, family) || isConditionalBean(method)) continue;
        context.keep({ messageId: 'scheduledWithoutLock', data: { method: name }, ...span, sameFile: servesHttp() });
      }
      return;
    }
    const found = family === 'js' ? jsSchedules(context) : family === 'python' ? pythonSchedules(context) : goSchedules(context);
    if (found.length === 0) return;
    const script = family === 'python' && isPythonScript(context);
    for (const { node, scheduler, job } of found) {
      const span = lineSpanOf(node);
      if (!context.isAdded(span.line, span.endLine) || isSafeJob(job, family) || isConditional(node)) continue;
      if (script && !servesHttp()) continue;
      context.keep({ messageId: 'schedulerInWebProcess', data: { scheduler }, ...span, sameFile: servesHttp() });
    }
  },
  checkProject(context) {
    const codeRoutes = context.headRoutes.filter((route) => !isDocumentRoute(route));
    // A worker process serving only probes (`/healthz`, `/metrics`) is not a web process: it is the
    // separate process the rule asks for. Go keeps one binary per directory; other languages, per file.
    // (Only where the path says worker: a server file may declare `/health` and mount the API from elsewhere.)
    const probesOnly = (path: string) => {
      if (!isWorkerPath(path)) return false;
      const own = codeRoutes.filter((route) => (path.endsWith('.go') ? directoryOf(route.file) === directoryOf(path) : route.file === path));
      return own.length > 0 && own.every((route) => isOperationalPath(route.path));
    };
    const webRoots = new Set<string>();
    const webDirectories = new Set<string>();
    for (const route of codeRoutes) {
      if (isOperationalPath(route.path)) continue;
      webRoots.add(context.serviceRootOf(route.file));
      webDirectories.add(directoryOf(route.file));
    }
    for (const { path } of context.collected) {
      if (probesOnly(path)) continue;
      webRoots.add(context.serviceRootOf(path));
      webDirectories.add(directoryOf(path));
    }
    for (const [path] of context.changedLines) {
      const candidates = context.kept(path) as readonly Candidate[];
      if (candidates.length === 0 || probesOnly(path)) continue;
      // Go services keep one binary per `cmd/<name>` directory: only the server's own package counts.
      const serves = path.endsWith('.go') ? webDirectories.has(directoryOf(path)) : !isWorkerPath(path) && webRoots.has(context.serviceRootOf(path));
      for (const candidate of candidates) {
        if (!candidate.sameFile && !serves) continue;
        context.report({ path, messageId: candidate.messageId, data: candidate.data, line: candidate.line, endLine: candidate.endLine });
      }
    }
  },
});
