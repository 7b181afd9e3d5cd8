import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { estimateTokens } from '../src/core/agent/estimate-tokens.js';
import type { MessagesRequest } from '../src/core/agent/messages-request.js';
import { SUBMIT_REVIEW_TOOL_NAME } from '../src/core/agent/review-output.js';

/**
 * A local stand-in for the Messages API (`POST /v1/messages`) on 127.0.0.1, answering in the recorded
 * response shape (a thinking block, then the `submit_review` tool call). Its usage figures are computed
 * from the request, so a benchmark measures what our request structure makes cacheable:
 * - the cached prefix is what the API caches — the tool definitions, then the system blocks up to the
 *   last block carrying `cache_control` — keyed by model and exact content; a prefix seen before is a
 *   cache read, a new one a cache write (no TTL expiry: a benchmark lasts seconds, the TTL 5 minutes);
 * - a prefix shorter than `minCacheableTokens` is not cached at all, as the API does;
 * - token counts use the project's estimator (`estimateTokens`), the same one `comparePromptTokens` uses.
 */

/** What the fake's reply callback returns: the `submit_review` tool input. */
export type ReplyInput = (request: MessagesRequest) => unknown;

export interface FakeCallRecord {
  request: MessagesRequest;
  usage: { input_tokens: number; output_tokens: number; cache_creation_input_tokens: number; cache_read_input_tokens: number };
  prefixTokens: number;
}

export interface FakeMessagesApiOptions {
  /** The API's minimum cacheable prompt length; 1024 tokens is the smallest minimum among current models. */
  minCacheableTokens?: number;
  /** `output_tokens` reported per answer. */
  outputTokens?: number;
}

export class FakeMessagesApi {
  readonly calls: FakeCallRecord[] = [];
  private readonly cached = new Set<string>();
  private readonly server: Server;
  private reply: ReplyInput = () => ({ findings: [] });
  private nextId = 1;

  private constructor(private readonly options: FakeMessagesApiOptions) {
    this.server = createServer((request, response) => {
      this.handle(request, response).catch((error: unknown) => {
        response.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'api_error', message: (error as Error).message } }));
      });
    });
  }

  /** Starts a server on an ephemeral 127.0.0.1 port. */
  static async start(options: FakeMessagesApiOptions = {}): Promise<FakeMessagesApi> {
    const api = new FakeMessagesApi(options);
    await new Promise<void>((resolve) => api.server.listen(0, '127.0.0.1', resolve));
    return api;
  }

  /** The base URL for the SDK (`baseURL`). */
  get url(): string {
    const { port } = this.server.address() as AddressInfo;
    return `http://127.0.0.1:${port}`;
  }

  /** What the model "answers" from now on. */
  answerWith(reply: ReplyInput): void {
    this.reply = reply;
  }

  /** Forgets the cache (a new deployment, or a cold cache after the TTL). */
  clearCache(): void {
    this.cached.clear();
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST' || request.url?.split('?')[0] !== '/v1/messages') {
      response.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'Not found' } }));
      return;
    }
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = JSON.parse(Buffer.concat(chunks).toString('utf8')) as MessagesRequest;
    const usage = this.usageOf(body);
    this.calls.push({ request: body, usage: usage.usage, prefixTokens: usage.prefixTokens });
    const id = this.nextId++;
    const answer = {
      id: `msg_bench${String(id).padStart(6, '0')}`,
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [
        { type: 'thinking', thinking: '', signature: 'EqQBCgIYAhIM1gbcDa9GJwZA2b3hGgxBdjrkzLoky3dl1pkiMOYds' },
        { type: 'tool_use', id: `toolu_bench${String(id).padStart(6, '0')}`, name: SUBMIT_REVIEW_TOOL_NAME, input: this.reply(body) },
      ],
      stop_reason: 'tool_use',
      stop_sequence: null,
      usage: {
        ...usage.usage,
        cache_creation: { ephemeral_5m_input_tokens: usage.usage.cache_creation_input_tokens, ephemeral_1h_input_tokens: 0 },
        service_tier: 'standard',
        server_tool_use: null,
      },
    };
    response.writeHead(200, { 'content-type': 'application/json', 'request-id': `req_bench${id}` }).end(JSON.stringify(answer));
  }

  /** Splits the request into the cached prefix and the rest, and decides read or write. */
  private usageOf(body: MessagesRequest): { usage: FakeCallRecord['usage']; prefixTokens: number } {
    const tools = body.tools ?? [];
    const system = body.system ?? [];
    let lastMarked = -1;
    system.forEach((block, index) => {
      if (block.cache_control !== undefined) lastMarked = index;
    });
    const toolTokens = estimateTokens(JSON.stringify(tools));
    const systemTokens = (blocks: typeof system) => estimateTokens(blocks.map((block) => block.text).join(''));
    const messageTokens = body.messages.reduce((sum, message) => sum + estimateTokens(typeof message.content === 'string' ? message.content : JSON.stringify(message.content)), 0);
    const prefix = lastMarked === -1 ? undefined : { tools, system: system.slice(0, lastMarked + 1) };
    const prefixTokens = prefix ? toolTokens + systemTokens(prefix.system) : 0;
    const restTokens = prefix ? systemTokens(system.slice(lastMarked + 1)) + messageTokens : toolTokens + systemTokens(system) + messageTokens;
    const outputTokens = this.options.outputTokens ?? 800;
    if (!prefix || prefixTokens < (this.options.minCacheableTokens ?? 1024)) {
      return { usage: { input_tokens: prefixTokens + restTokens, output_tokens: outputTokens, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 }, prefixTokens };
    }
    const key = createHash('sha256').update(body.model).update('\0').update(JSON.stringify(prefix)).digest('hex');
    const hit = this.cached.has(key);
    this.cached.add(key);
    return {
      usage: { input_tokens: restTokens, output_tokens: outputTokens, cache_creation_input_tokens: hit ? 0 : prefixTokens, cache_read_input_tokens: hit ? prefixTokens : 0 },
      prefixTokens,
    };
  }
}
