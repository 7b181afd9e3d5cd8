import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { lineOf } from '../source/language.js';
import { defineRule, type FileView, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts } from './support/call-parts.js';
import { enclosingFunction } from './support/enclosing-function.js';
import { isFrontendPath, isNonServicePath } from './support/path-kind.js';
import { literalText } from './support/string-literal.js';

/** Logging libraries that make a service's convention (structured or at least levelled and configurable). */
const LOGGER_MODULES: Record<RuleLanguage, readonly string[]> = {
  js: ['pino', 'pino-http', 'winston', 'bunyan', 'log4js', 'loglevel', 'roarr', '@nestjs/common.Logger', 'nestjs-pino', 'signale', 'consola', 'tslog', '@opentelemetry/api-logs'],
  python: ['structlog', 'loguru', 'logging'],
  go: ['go.uber.org/zap', 'github.com/rs/zerolog', 'github.com/sirupsen/logrus', 'log/slog', 'github.com/go-kit/log', 'github.com/go-logr/logr', 'github.com/charmbracelet/log', 'github.com/apex/log'],
  java: ['org.slf4j', 'org.apache.logging.log4j', 'java.util.logging', 'lombok.extern.slf4j', 'lombok.extern.log4j', 'ch.qos.logback', 'org.jboss.logging', 'org.apache.commons.logging'],
};

interface PrintCall {
  line: number;
  call: string;
}

function usesLogger(file: FileView): boolean {
  if (file.importsAny(LOGGER_MODULES[file.family])) return true;
  // NestJS: `import { Logger } from '@nestjs/common'` (the module alone says nothing).
  if (file.family === 'js' && file.mentions('@nestjs/common') && file.imports.includes('@nestjs/common')) {
    return file.root.children().some((statement) => statement.kind() === 'import_statement' && statement.findAll({ rule: { kind: 'import_specifier' } }).some((s) => s.field('name')?.text() === 'Logger'));
  }
  return false;
}

/** `console.log(…)`, `print(…)`, `fmt.Println(…)`, `log.Printf(…)`, `System.out.println(…)`, `e.printStackTrace()`. */
function printCallName(call: SgNode, file: FileView): string | undefined {
  const family = file.family;
  const parts = callParts(call, family);
  if (!parts) return undefined;
  const receiver = parts.receiver?.text();
  if (family === 'js') return receiver === 'console' && ['log', 'info', 'warn', 'error', 'debug', 'trace'].includes(parts.name) ? `console.${parts.name}` : undefined;
  if (family === 'python') return !receiver && parts.name === 'print' && !parts.args.some((a) => a.kind() === 'keyword_argument' && a.field('name')?.text() === 'file') ? 'print' : undefined;
  if (family === 'go') {
    if ((receiver !== 'fmt' && receiver !== 'log') || !['Println', 'Printf', 'Print'].includes(parts.name)) return undefined;
    // `log` is as often a logger variable (`log := ctx.Value(ctxKeyLog{}).(logrus.FieldLogger)`, an
    // import of logrus named `log`) as the standard package: only the package prints unstructured.
    return importsGoPackageAs(file, receiver, receiver) && !shadowedInGo(call, receiver) ? `${receiver}.${parts.name}` : undefined;
  }
  if ((receiver === 'System.out' || receiver === 'System.err') && ['println', 'print', 'printf'].includes(parts.name)) return `${receiver}.${parts.name}`;
  if (parts.name === 'printStackTrace' && parts.args.length === 0 && receiver) return 'printStackTrace()';
  return undefined;
}

/** True when the Go file imports the package at `path` under the name `name` (its own name or an alias). */
function importsGoPackageAs(file: FileView, path: string, name: string): boolean {
  if (!file.imports.includes(path)) return false;
  return file.root.children().some(
    (statement) =>
      statement.kind() === 'import_declaration' &&
      statement.findAll({ rule: { kind: 'import_spec' } }).some((spec) => {
        const specPath = spec.field('path');
        return specPath !== null && literalText(specPath, 'go') === path && (spec.field('name')?.text() ?? path.slice(path.lastIndexOf('/') + 1)) === name;
      }),
  );
}

/** True when a function around `node` binds `name` itself (a parameter, `name :=`, `var name`) before it. */
function shadowedInGo(node: SgNode, name: string): boolean {
  const before = node.range().start.index;
  for (let fn = enclosingFunction(node, 'go'); fn; fn = enclosingFunction(fn, 'go')) {
    for (const list of [fn.field('receiver'), fn.field('parameters')]) {
      if (list?.findAll({ rule: { kind: 'parameter_declaration' } }).some((param) => param.fieldChildren('name').some((id) => id.text() === name))) return true;
    }
    const declared = fn.findAll({ rule: { any: [{ kind: 'short_var_declaration' }, { kind: 'var_spec' }] } }).some((declaration) => {
      if (declaration.range().start.index > before) return false;
      const names = declaration.kind() === 'var_spec' ? declaration.fieldChildren('name') : (declaration.field('left')?.children() ?? []);
      return names.some((id) => id.kind() === 'identifier' && id.text() === name);
    });
    if (declared) return true;
  }
  return false;
}

/** Names `printCallName` accepts, per family. */
const PRINT_NAMES: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['log', 'info', 'warn', 'error', 'debug', 'trace']),
  python: new Set(['print']),
  go: new Set(['Println', 'Printf', 'Print']),
  java: new Set(['println', 'print', 'printf', 'printStackTrace']),
};

export const unstructuredLog = defineRule({
  id: 'logging/unstructured-log',
  meta: {
    checklist: 'service.logging',
    severity: 'low',
    languages: ['js', 'python', 'go', 'java'],
    description: '`console.log`, `print`, `fmt.Println`/`log.Printf`, `System.out.println` or `printStackTrace()` in a service whose other code logs through a logger.',
    rationale:
      'A service that logs through a structured logger gets levels, JSON fields, the request or correlation id and redaction from it; a stray print writes a bare line to stdout that log pipelines cannot parse, filter or join to the request it belongs to. The rule reports only where the service already has a logger, so the fix is to use it.',
    messages: {
      printInsteadOfLogger: {
        title: '`{call}` instead of the service\'s logger',
        message: 'This service logs through a logger elsewhere, but this line uses `{call}`: its output has no level, no structured fields and no request id. Use the logger (with the request-scoped child logger inside handlers).',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import pino from 'pino';\nconst logger = pino();\n\nexport function charge(order) {\n  console.log('charging order', order.id);\n}\n",
        good: "import pino from 'pino';\nconst logger = pino();\n\nexport function charge(order) {\n  logger.info({ orderId: order.id }, 'charging order');\n}\n",
      },
      python: {
        bad: 'import logging\nlogger = logging.getLogger(__name__)\n\ndef charge(order):\n    print("charging order", order.id)\n',
        good: 'import logging\nlogger = logging.getLogger(__name__)\n\ndef charge(order):\n    logger.info("charging order", extra={"order_id": order.id})\n',
      },
      go: {
        bad: 'package billing\n\nimport (\n\t"fmt"\n\t"log/slog"\n)\n\nfunc Charge(o Order) {\n\tfmt.Println("charging order", o.ID)\n\tslog.Info("charged")\n}\n',
        good: 'package billing\n\nimport "log/slog"\n\nfunc Charge(o Order) {\n\tslog.Info("charging order", "order_id", o.ID)\n}\n',
      },
      java: {
        bad: 'import org.slf4j.Logger;\n\nclass Billing {\n  void charge(Order o) {\n    System.out.println("charging order " + o.id());\n  }\n}\n',
        good: 'import org.slf4j.Logger;\n\nclass Billing {\n  void charge(Order o) {\n    log.info("charging order {}", o.id());\n  }\n}\n',
      },
    },
  },
  collect(file): boolean | undefined {
    return usesLogger(file) ? true : undefined;
  },
  plan(file) {
    if (isNonServicePath(file.path) || isFrontendPath(file.path)) return false;
    if (!file.mentions('console.', 'print', 'fmt.Print', 'log.Print', 'System.out', 'System.err', 'printStackTrace')) return false;
    return mayPrint(file) ? CALL_KINDS[file.family] : false;
  },
  checkFile(context) {
    for (const { node: call } of context.callsNamed(PRINT_NAMES[context.family])) {
      const line = lineOf(call);
      if (!context.changedLines.has(line)) continue;
      const name = printCallName(call, context);
      if (name && !insideMainGuard(call, context.family)) context.keep({ line, call: name } satisfies PrintCall);
    }
  },
  checkProject(context) {
    const withLogger = new Set(context.collected.map(({ path }) => context.serviceRootOf(path)));
    for (const [path] of context.changedLines) {
      const prints = context.kept(path) as readonly PrintCall[];
      if (prints.length === 0 || !withLogger.has(context.serviceRootOf(path))) continue;
      for (const print of prints) context.report({ path, messageId: 'printInsteadOfLogger', data: { call: print.call }, line: print.line });
    }
  },
});

/** Gate: the receiver and name of a print call `printCallName` accepts. */
function mayPrint(file: FileView): boolean {
  const names = [...PRINT_NAMES[file.family]];
  if (file.family === 'js') return file.mentionsMember('console', ...names);
  if (file.family === 'go') return file.mentionsMember('fmt', ...names) || file.mentionsMember('log', ...names);
  return file.mentionsCall(...names);
}

/** `if __name__ == "__main__":` blocks are command-line entry points, where printing is the interface. */
function insideMainGuard(node: SgNode, family: RuleLanguage): boolean {
  if (family !== 'python') return false;
  return node.ancestors().some((a) => a.kind() === 'if_statement' && (a.field('condition')?.text() ?? '').includes('__main__'));
}
