/**
 * The Messages API request and response shapes this project sends and reads, as plain types (the
 * core does not import the SDK; the adapter passes these through unchanged).
 */

export interface CacheControl {
  type: 'ephemeral';
}

export interface SystemBlock {
  type: 'text';
  text: string;
  cache_control?: CacheControl;
}

export interface ToolDefinition {
  name: string;
  description: string;
  input_schema: { type: 'object'; [key: string]: unknown };
}

export type ToolChoice = { type: 'tool'; name: string } | { type: 'auto' };

/** A content block of a response; unknown kinds (thinking, redacted thinking) are passed back unchanged on retry. */
export type ContentBlock =
  | { type: 'text'; text: string }
  | { type: 'tool_use'; id: string; name: string; input: unknown }
  | { type: 'thinking'; thinking: string; signature: string }
  | { type: 'redacted_thinking'; data: string };

export type UserBlock = { type: 'text'; text: string } | { type: 'tool_result'; tool_use_id: string; content: string; is_error?: boolean };

export type Message = { role: 'user'; content: string | UserBlock[] } | { role: 'assistant'; content: ContentBlock[] };

export interface MessagesRequest {
  model: string;
  max_tokens: number;
  system: SystemBlock[];
  tools: ToolDefinition[];
  tool_choice: ToolChoice;
  messages: Message[];
}

export interface ResponseUsage {
  input_tokens: number;
  output_tokens: number;
  cache_read_input_tokens?: number | null;
  cache_creation_input_tokens?: number | null;
}

export interface MessagesResponse {
  model: string;
  content: ContentBlock[];
  stop_reason: string | null;
  usage: ResponseUsage;
}

/**
 * Sends one request. Implementations throw `ModelUnavailableError` when the model cannot answer
 * (outage, circuit open, retries exhausted, refused request).
 */
export interface ModelTransport {
  send(request: MessagesRequest): Promise<MessagesResponse>;
}

/** The model could not answer this request; the review goes on without it. */
export class ModelUnavailableError extends Error {
  override readonly name = 'ModelUnavailableError';
}
