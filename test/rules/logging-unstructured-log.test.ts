import { unstructuredLog } from '../../src/core/rules/logging-unstructured-log.js';
import { testRule } from './rule-tester.js';

const lines = (...text: string[]) => `${text.join('\n')}\n`;

/** A handler that takes the request-scoped logrus logger out of the context, named `log`. */
const goContextLogger = lines(
  'package main',
  '',
  'import (',
  '\t"net/http"',
  '',
  '\t"github.com/sirupsen/logrus"',
  ')',
  '',
  'func (fe *frontendServer) viewCartHandler(w http.ResponseWriter, r *http.Request) {',
  '\tlog := r.Context().Value(ctxKeyLog{}).(logrus.FieldLogger)',
  '\tif err := templates.ExecuteTemplate(w, "cart", nil); err != nil {',
  '\t\tlog.Println(err)',
  '\t}',
  '}',
);

testRule(unstructuredLog, {
  valid: [
    { name: 'js service without a logger', language: 'js', code: "export function charge(o) {\n  console.log('charging', o.id);\n}\n" },
    { name: 'js logger used', language: 'js', code: "import pino from 'pino';\nconst logger = pino();\nexport function charge(o) {\n  logger.info({ id: o.id }, 'charging');\n}\n" },
    { name: 'js script in a service with a logger', language: 'js', code: "console.log('seeding');\n", path: 'scripts/seed.ts', files: { 'src/log.ts': "import pino from 'pino';\n" } },
    { name: 'python main guard', language: 'python', code: 'import logging\n\nif __name__ == "__main__":\n    print("usage: x")\n' },
    { name: 'go request-scoped logrus logger named log', language: 'go', path: 'src/frontend/handlers.go', code: goContextLogger },
    {
      name: 'go logger parameter named log',
      language: 'go',
      code: lines('package api', '', 'import (', '\t"log"', '', '\t"github.com/sirupsen/logrus"', ')', '', 'var std = log.Default()', '', 'func render(log logrus.FieldLogger, err error) {', '\tlog.Println(err)', '}'),
    },
    { name: 'go logrus imported as log', language: 'go', code: lines('package api', '', 'import log "github.com/sirupsen/logrus"', '', 'func report(err error) {', '\tlog.Println(err)', '}') },
    { name: 'go fmt.Fprintf to a writer', language: 'go', code: 'package api\n\nimport (\n\t"fmt"\n\t"log/slog"\n)\n\nfunc h(w http.ResponseWriter) {\n\tfmt.Fprintf(w, "ok")\n\tslog.Info("done")\n}\n' },
  ],
  invalid: [
    { name: 'js console.log with pino elsewhere in the service', language: 'js', code: "export function charge(o) {\n  console.log('charging', o.id);\n}\n", files: { 'src/log.ts': "import pino from 'pino';\nexport const logger = pino();\n" }, errors: [{ messageId: 'printInsteadOfLogger', line: 2 }] },
    { name: 'js Nest Logger in the same file', language: 'js', code: "import { Injectable, Logger } from '@nestjs/common';\n@Injectable()\nexport class S {\n  run() {\n    console.error('failed');\n  }\n}\n", errors: [{ messageId: 'printInsteadOfLogger', line: 5 }] },
    { name: 'python print with logging', language: 'python', code: 'import logging\nlogger = logging.getLogger(__name__)\n\ndef charge(order):\n    print("charging order", order.id)\n', errors: [{ messageId: 'printInsteadOfLogger', line: 5 }] },
    { name: 'go fmt.Println with slog', language: 'go', code: 'package billing\n\nimport (\n\t"fmt"\n\t"log/slog"\n)\n\nfunc Charge(o Order) {\n\tfmt.Println("charging order", o.ID)\n\tslog.Info("charged")\n}\n', errors: [{ messageId: 'printInsteadOfLogger', line: 9 }] },
    {
      name: 'go standard log package beside a logrus handler',
      language: 'go',
      code: lines('package api', '', 'import (', '\t"log"', '', '\t"github.com/sirupsen/logrus"', ')', '', 'func report(entry *logrus.Entry, err error) {', '\tlog.Printf("failed: %v", err)', '\tentry.WithError(err).Error("failed")', '}'),
      errors: [{ messageId: 'printInsteadOfLogger', line: 10 }],
    },
    { name: 'java System.out with slf4j', language: 'java', code: 'import org.slf4j.Logger;\n\nclass Billing {\n  void charge(Order o) {\n    System.out.println("charging order " + o.id());\n  }\n}\n', errors: [{ messageId: 'printInsteadOfLogger', line: 5 }] },
  ],
});
