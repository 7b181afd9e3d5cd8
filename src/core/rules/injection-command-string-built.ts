import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { defineRule, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts, keywordArgument } from './support/call-parts.js';
import { lineSpanOf } from './support/line-span.js';
import { importsModule } from './support/read-imports.js';
import { literalText } from './support/string-literal.js';
import { InsertedValueClassifier } from './support/inserted-value-classifier.js';

const SHELLS = new Set(['sh', 'bash', '/bin/sh', '/bin/bash', 'zsh', 'cmd', 'cmd.exe', 'powershell']);

/** The argument a shell parses, when the call runs a shell command; undefined otherwise. */
function shellArgument(call: SgNode, family: RuleLanguage, imports: readonly string[]): { sink: string; argument: SgNode } | undefined {
  const parts = callParts(call, family);
  if (!parts) return undefined;
  const receiver = parts.receiver?.text();
  if (family === 'js') {
    if (!['exec', 'execSync'].includes(parts.name) || !importsModule(imports, ['child_process', 'node:child_process'])) return undefined;
    if (receiver !== undefined && !/^(child_process|childProcess|cp|proc)$/.test(receiver)) return undefined;
    return parts.args[0] ? { sink: parts.name, argument: parts.args[0] } : undefined;
  }
  if (family === 'python') {
    if ((receiver === 'os' && (parts.name === 'system' || parts.name === 'popen')) || (receiver === 'commands' && parts.name === 'getoutput')) {
      return parts.args[0] ? { sink: `${receiver}.${parts.name}`, argument: parts.args[0] } : undefined;
    }
    if (receiver === 'subprocess' && ['run', 'call', 'check_call', 'check_output', 'Popen', 'getoutput', 'getstatusoutput'].includes(parts.name)) {
      const shell = keywordArgument(parts.args, 'shell')?.text();
      const alwaysShell = parts.name === 'getoutput' || parts.name === 'getstatusoutput';
      if (shell !== 'True' && !alwaysShell) return undefined;
      return parts.args[0] && parts.args[0].kind() !== 'keyword_argument' ? { sink: `subprocess.${parts.name}`, argument: parts.args[0] } : undefined;
    }
    return undefined;
  }
  if (family === 'go') {
    if (receiver !== 'exec' || (parts.name !== 'Command' && parts.name !== 'CommandContext')) return undefined;
    const args = parts.name === 'CommandContext' ? parts.args.slice(1) : parts.args;
    const shell = args[0] ? literalText(args[0], 'go') : undefined;
    if (!shell || !SHELLS.has(shell) || (args[1] ? literalText(args[1], 'go') : undefined) !== '-c' || !args[2]) return undefined;
    return { sink: `exec.${parts.name}`, argument: args[2] };
  }
  if (parts.name === 'exec' && receiver?.endsWith('getRuntime()')) return parts.args[0] ? { sink: 'Runtime.exec', argument: parts.args[0] } : undefined;
  if (parts.isNew && parts.name === 'ProcessBuilder') {
    const shell = parts.args[0] ? literalText(parts.args[0], 'java') : undefined;
    if (!shell || !SHELLS.has(shell) || (parts.args[1] ? literalText(parts.args[1], 'java') : undefined) !== '-c' || !parts.args[2]) return undefined;
    return { sink: 'ProcessBuilder', argument: parts.args[2] };
  }
  return undefined;
}

export const commandStringBuilt = defineRule({
  id: 'injection/command-string-built',
  meta: {
    checklist: 'security.injection',
    severity: 'high',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A shell command assembled from strings with a value from the request or from a parameter (`exec`, `os.system`, `subprocess(…, shell=True)`, `sh -c`, `Runtime.exec`).',
    rationale:
      'A shell parses its command line: `;`, `&&`, `$(…)` and back-quotes inside an inserted value run further commands with the service\'s privileges. Run the program directly with an argument list (`execFile`/`spawn`, `subprocess.run([...])`, `exec.Command(name, args...)`, `ProcessBuilder(List)`), which never involves a shell.',
    messages: {
      requestInput: {
        title: 'Shell command built from request input',
        message: 'The command passed to `{sink}` is assembled from `{value}`, which comes from the request. Run the program with an argument list instead of a shell string.',
        severity: 'critical',
      },
      parameterInput: {
        title: 'Shell command built by string interpolation',
        message: 'The command passed to `{sink}` splices `{value}` into a shell string. Run the program with an argument list so no caller can inject shell syntax.',
      },
      commandLineArgument: {
        title: 'Shell command built from a command-line argument',
        message: 'The command passed to `{sink}` splices `{value}`, an argument of this command-line command, into a shell string. Whoever runs the command controls it already, but a value with spaces or quotes breaks the command line: prefer an argument list.',
        severity: 'low',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import { exec } from 'child_process';\napp.post('/convert', (req, res) => {\n  exec(`convert ${req.body.file} out.png`, () => res.sendStatus(204));\n});\n",
        good: "import { execFile } from 'child_process';\napp.post('/convert', (req, res) => {\n  execFile('convert', [req.body.file, 'out.png'], () => res.sendStatus(204));\n});\n",
      },
      python: {
        bad: 'import subprocess\n\n@app.post("/ping")\ndef ping(host: str):\n    return subprocess.check_output(f"ping -c 1 {host}", shell=True)\n',
        good: 'import subprocess\n\n@app.post("/ping")\ndef ping(host: str):\n    return subprocess.check_output(["ping", "-c", "1", host])\n',
      },
      go: {
        bad: 'func ping(c *gin.Context) {\n\thost := c.Query("host")\n\tout, _ := exec.Command("sh", "-c", "ping -c 1 "+host).Output()\n\tc.String(200, string(out))\n}\n',
        good: 'func ping(c *gin.Context) {\n\thost := c.Query("host")\n\tout, _ := exec.Command("ping", "-c", "1", host).Output()\n\tc.String(200, string(out))\n}\n',
      },
      java: {
        bad: '@PostMapping("/ping")\npublic String ping(@RequestParam String host) throws IOException {\n    Process p = Runtime.getRuntime().exec("ping -c 1 " + host);\n    return read(p);\n}\n',
        good: '@PostMapping("/ping")\npublic String ping(@RequestParam String host) throws IOException {\n    Process p = new ProcessBuilder("ping", "-c", "1", host).start();\n    return read(p);\n}\n',
      },
    },
  },
  plan(file) {
    if (!file.mentions('exec', 'system', 'popen', 'subprocess', 'ProcessBuilder', 'Command', 'getoutput')) return false;
    if (file.family === 'js' && !file.importsAny(['child_process', 'node:child_process'])) return false;
    return file.mentionsCall(...SINK_NAMES[file.family]) ? CALL_KINDS[file.family] : false;
  },
  checkFile(context) {
    const classifier = new InsertedValueClassifier(context.family, () => context.handlers());
    for (const { node: call } of context.callsNamed(SINK_NAMES[context.family])) {
      const shell = shellArgument(call, context.family, context.imports);
      if (!shell) continue;
      const { line, endLine } = lineSpanOf(call);
      if (!context.isAdded(line, endLine)) continue;
      const inserted = classifier.classify(shell.argument);
      if (!inserted) continue;
      const fromCommandLine = inserted.origin !== 'request' && context.family === 'python' && isInCommandLineCommand(call);
      context.report({
        messageId: inserted.origin === 'request' ? 'requestInput' : fromCommandLine ? 'commandLineArgument' : 'parameterInput',
        data: { sink: shell.sink, value: inserted.text },
        line,
        endLine,
      });
    }
  },
});

/** The calls `shellArgument` judges, per family. */
const SINK_NAMES: Record<RuleLanguage, ReadonlySet<string>> = {
  js: new Set(['exec', 'execSync']),
  python: new Set(['system', 'popen', 'getoutput', 'run', 'call', 'check_call', 'check_output', 'Popen', 'getstatusoutput']),
  go: new Set(['Command', 'CommandContext']),
  java: new Set(['exec', 'ProcessBuilder']),
};

/**
 * Whether a Python call sits in a command-line command: its function is decorated with a Click,
 * Typer or Flask CLI command decorator (`@click.command()`, `@cli.command()`, `@app.cli.command("x")`,
 * `@translate.command()`): its parameters are the arguments of the person running it, not of a client.
 */
function isInCommandLineCommand(call: SgNode): boolean {
  for (let node = call.parent(); node; node = node.parent()) {
    if (node.kind() !== 'function_definition') continue;
    const decorated = node.parent();
    if (decorated?.kind() !== 'decorated_definition') return false;
    return decorated.children().some((child) => child.kind() === 'decorator' && isCommandDecorator(child));
  }
  return false;
}

function isCommandDecorator(decorator: SgNode): boolean {
  const expression = decorator.namedChildren().find((child) => child.kind() !== 'comment');
  const callee = expression?.kind() === 'call' ? expression.field('function') : expression;
  if (!callee) return false;
  if (callee.kind() === 'identifier') return callee.text() === 'command';
  return callee.kind() === 'attribute' && callee.field('attribute')?.text() === 'command';
}
