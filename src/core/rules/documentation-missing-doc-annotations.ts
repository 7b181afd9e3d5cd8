import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { defineRule, type RuleLanguage } from './types.js';
import { decoratorName, HANDLER_KINDS, javaAnnotationName, javaAnnotations, precedingDecorators, type HandlerInfo } from './support/find-handlers.js';
import { kindOf } from './support/kind-of.js';

/** How many existing, documented handlers make the file's convention. */
const MIN_DOCUMENTED = 2;
const JAVA_DOC_ANNOTATIONS = new Set(['Operation', 'ApiOperation', 'ApiResponse', 'ApiResponses', 'Parameter', 'Parameters', 'RequestBody']);

/** The documentation a handler carries: NestJS `@Api*` decorators, OpenAPI annotations, swag comments. */
function docAnnotationOf(handler: HandlerInfo, family: RuleLanguage): string | undefined {
  if (family === 'js') {
    if (kindOf(handler.node) !== 'method_definition') return undefined;
    return precedingDecorators(handler.node).map(decoratorName).find((name) => name.startsWith('Api'));
  }
  if (family === 'java') {
    // `@RequestBody` as a method annotation is springdoc's, not Spring's parameter annotation.
    return javaAnnotations(handler.node).map(javaAnnotationName).find((name) => JAVA_DOC_ANNOTATIONS.has(name));
  }
  if (family === 'go') {
    let previous: SgNode | null = handler.node.prev();
    while (previous && kindOf(previous) === 'comment') {
      const text = previous.text();
      if (text.includes('@Router') || text.includes('@Summary')) return 'swag comments';
      previous = previous.prev();
    }
  }
  return undefined;
}

/** Handlers that serve a declared route in this file (Go: every handler; NestJS/Spring: mapped methods). */
function documentableHandlers(handlers: readonly HandlerInfo[], family: RuleLanguage): readonly HandlerInfo[] {
  if (family === 'js') return handlers.filter((h) => kindOf(h.node) === 'method_definition' && h.method);
  if (family === 'go') return handlers.filter((h) => kindOf(h.node) !== 'func_literal');
  return handlers;
}

export const missingDocAnnotations = defineRule({
  id: 'documentation/missing-doc-annotations',
  meta: {
    checklist: 'api.documentation',
    severity: 'low',
    languages: ['js', 'go', 'java'],
    description: 'A new handler without the API documentation annotations (`@ApiOperation`/`@ApiResponse`, `@Operation`, swag `// @Summary … @Router`) that the existing handlers of its controller carry.',
    rationale:
      'When a controller documents every endpoint in code, the generated OpenAPI document is only as complete as those annotations: a new endpoint without them appears undocumented (no summary, no response schema, no error codes) to every client and generated SDK. The rule follows the file\'s own convention and says nothing where handlers are not annotated.',
    messages: {
      missingDocs: {
        title: 'New handler `{name}` has no API documentation, unlike its siblings',
        message: 'The other handlers in this file are documented with {annotation}, but `{name}` is not. Document it the same way (summary, responses, errors) so the published API description stays complete.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "@Controller('orders')\nexport class OrdersController {\n  @Get()\n  @ApiOkResponse({ type: [OrderDto] })\n  list() {}\n\n  @Get(':id')\n  @ApiOkResponse({ type: OrderDto })\n  get() {}\n\n  @Delete(':id')\n  remove() {}\n}\n",
        good: "@Controller('orders')\nexport class OrdersController {\n  @Get()\n  @ApiOkResponse({ type: [OrderDto] })\n  list() {}\n\n  @Get(':id')\n  @ApiOkResponse({ type: OrderDto })\n  get() {}\n\n  @Delete(':id')\n  @ApiNoContentResponse()\n  remove() {}\n}\n",
        // The PR adds the last handler; the two above it make the convention.
        addedLines: [10, 11, 12, 13],
      },
    },
  },
  plan(file) {
    const gate = file.family === 'js' ? ['@Api'] : file.family === 'go' ? ['@Router', '@Summary'] : ['@Operation', '@ApiOperation', '@ApiResponse'];
    return file.mentions(...gate) ? HANDLER_KINDS[file.family] : false;
  },
  checkFile(context) {
    const handlers = documentableHandlers(context.handlers(), context.family);
    const fresh = handlers.filter((h) => context.changedLines.has(h.startLine));
    const existing = handlers.filter((h) => !context.changedLines.has(h.startLine));
    if (fresh.length === 0 || existing.length < MIN_DOCUMENTED) return;
    const annotations = existing.map((h) => docAnnotationOf(h, context.family));
    if (annotations.some((a) => a === undefined)) return;
    for (const handler of fresh) {
      if (docAnnotationOf(handler, context.family)) continue;
      context.report({ messageId: 'missingDocs', data: { name: handler.name ?? 'handler', annotation: `\`${annotations[0]!}\`` }, line: handler.startLine });
    }
  },
});
