import { missingDocAnnotations } from '../../src/core/rules/documentation-missing-doc-annotations.js';
import { testRule } from './rule-tester.js';

const nest = (third: string) => `@Controller('orders')\nexport class OrdersController {\n  @Get()\n  @ApiOkResponse({ type: [OrderDto] })\n  list() {}\n\n  @Get(':id')\n  @ApiOkResponse({ type: OrderDto })\n  get() {}\n\n  @Delete(':id')\n${third}  remove() {}\n}\n`;
const javaController = (third: string) => `@RestController\nclass OrderController {\n  @Operation(summary = "List")\n  @GetMapping("/orders")\n  public List<Order> list() { return null; }\n\n  @Operation(summary = "Get")\n  @GetMapping("/orders/{id}")\n  public Order get(@PathVariable long id) { return null; }\n\n${third}  @DeleteMapping("/orders/{id}")\n  public void remove(@PathVariable long id) {}\n}\n`;
const goHandlers = (third: string) => `package api\n\n// @Summary List orders\n// @Router /orders [get]\nfunc listOrders(c *gin.Context) {}\n\n// @Summary Get order\n// @Router /orders/{id} [get]\nfunc getOrder(c *gin.Context) {}\n\n${third}func deleteOrder(c *gin.Context) {}\n`;

testRule(missingDocAnnotations, {
  valid: [
    { name: 'js new handler documented', language: 'js', code: nest('  @ApiNoContentResponse()\n'), addedLines: [11, 12, 13] },
    { name: 'js siblings undocumented', language: 'js', code: nest('').replace(/  @ApiOkResponse\(\{ type: OrderDto \}\)\n/, ''), addedLines: [10, 11, 12] },
    { name: 'java documented', language: 'java', code: javaController('  @Operation(summary = "Delete")\n'), addedLines: [11, 12, 13] },
    { name: 'go documented', language: 'go', code: goHandlers('// @Summary Delete order\n// @Router /orders/{id} [delete]\n'), addedLines: [11, 12, 13] },
  ],
  invalid: [
    { name: 'js Nest handler without @Api*', language: 'js', code: nest(''), addedLines: [11, 12], errors: [{ messageId: 'missingDocs', line: 12 }] },
    { name: 'java mapping without @Operation', language: 'java', code: javaController(''), addedLines: [11, 12], errors: [{ messageId: 'missingDocs', line: 11 }] },
    { name: 'go handler without swag comments', language: 'go', code: goHandlers(''), addedLines: [11], errors: [{ messageId: 'missingDocs', line: 11 }] },
  ],
});
