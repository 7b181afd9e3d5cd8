import { commandStringBuilt } from '../../src/core/rules/injection-command-string-built.js';
import { testRule } from './rule-tester.js';

testRule(commandStringBuilt, {
  valid: [
    { name: 'js execFile with arguments', language: 'js', code: "import { execFile } from 'child_process';\napp.post('/c', (req, res) => {\n  execFile('convert', [req.body.file, 'out.png']);\n});\n" },
    { name: 'js exec of a constant command', language: 'js', code: "import { exec } from 'child_process';\nexport function restart() {\n  exec('systemctl restart app');\n}\n" },
    { name: 'js exec that is not child_process (no import)', language: 'js', code: "app.post('/c', async (req, res) => {\n  await redis.exec(`GET ${req.body.key}`);\n});\n" },
    { name: 'python list arguments', language: 'python', code: 'import subprocess\n\ndef ping(host):\n    return subprocess.run(["ping", "-c", "1", host], check=True)\n' },
    { name: 'python f-string without shell', language: 'python', code: 'import subprocess\n\ndef ping(host):\n    return subprocess.run(f"ping -c 1 {host}".split(), check=True)\n' },
    { name: 'go command without shell', language: 'go', code: 'func ping(host string) {\n\texec.Command("ping", "-c", "1", host).Run()\n}\n' },
    { name: 'java process builder with list', language: 'java', code: 'class P {\n  void ping(String host) throws Exception {\n    new ProcessBuilder("ping", "-c", "1", host).start();\n  }\n}\n' },
  ],
  invalid: [
    { name: 'js exec with request input', language: 'js', code: "import { exec } from 'child_process';\napp.post('/c', (req, res) => {\n  exec(`convert ${req.body.file} out.png`, () => res.sendStatus(204));\n});\n", errors: [{ messageId: 'requestInput', line: 3 }] },
    { name: 'js execSync with parameter', language: 'js', code: "const cp = require('node:child_process');\nexport function archive(dir) {\n  return cp.execSync('tar czf out.tgz ' + dir);\n}\n", errors: [{ messageId: 'parameterInput', line: 3 }] },
    { name: 'python os.system with flask input', language: 'python', code: 'import os\n\n@app.route("/ping")\ndef ping():\n    host = request.args["host"]\n    os.system("ping -c 1 " + host)\n', errors: [{ messageId: 'requestInput', line: 6 }] },
    { name: 'python subprocess shell=True with parameter', language: 'python', code: 'import subprocess\n\ndef ping(host):\n    return subprocess.check_output(f"ping -c 1 {host}", shell=True)\n', errors: [{ messageId: 'parameterInput', line: 4 }] },
    { name: 'go sh -c with gin query', language: 'go', code: 'func ping(c *gin.Context) {\n\thost := c.Query("host")\n\tout, _ := exec.Command("sh", "-c", "ping -c 1 "+host).Output()\n\tc.String(200, string(out))\n}\n', errors: [{ messageId: 'requestInput', line: 3 }] },
    { name: 'java Runtime.exec with request param', language: 'java', code: 'class C {\n  @PostMapping("/ping")\n  public String ping(@RequestParam String host) throws IOException {\n    Process p = Runtime.getRuntime().exec("ping -c 1 " + host);\n    return read(p);\n  }\n}\n', errors: [{ messageId: 'requestInput', line: 4 }] },
    {
      name: 'python Click command splicing its own argument (low: the operator supplies it)',
      language: 'python',
      code: "import os\nimport click\n\n\n@translate.command()\n@click.argument('lang')\ndef init(lang):\n    if os.system('pybabel init -i messages.pot -d app/translations -l ' + lang):\n        raise RuntimeError('init command failed')\n",
      errors: [{ messageId: 'commandLineArgument', line: 8 }],
    },
    {
      name: 'python helper decorated otherwise keeps the parameter finding',
      language: 'python',
      code: 'import os\n\n\n@retry(times=3)\ndef ping(host):\n    os.system("ping -c 1 " + host)\n',
      errors: [{ messageId: 'parameterInput', line: 6 }],
    },
    { name: 'java sh -c process builder with parameter', language: 'java', code: 'class P {\n  void run(String script) throws Exception {\n    new ProcessBuilder("sh", "-c", "bash " + script).start();\n  }\n}\n', errors: [{ messageId: 'parameterInput', line: 3 }] },
  ],
});
