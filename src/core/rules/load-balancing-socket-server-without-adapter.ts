import type { SgNode } from '@ast-grep/napi';
import { z } from 'zod';
import { defineRule, type FileRuleContext, type FileView, type RuleLanguage } from './types.js';
import { CALL_KINDS, callParts, keywordArgument, type CallParts } from './support/call-parts.js';
import { importBindings, type ImportBinding } from './support/import-bindings.js';
import { kindOf } from './support/kind-of.js';
import { lineSpanOf } from './support/line-span.js';
import { isFrontendPath, isNonServicePath } from './support/path-kind.js';
import { literalText } from './support/string-literal.js';

type MessageId = 'socketServerWithoutAdapter' | 'simpleBroker';
type Context = FileRuleContext<MessageId, Record<string, never>, Candidate>;

/** A socket server the PR adds, kept until the project phase knows whether its service shares its state. */
interface Candidate {
  messageId: MessageId;
  server: string;
  line: number;
  endLine: number;
}

/** Socket.IO adapters and emitters that share rooms and broadcasts between instances (JS). */
const JS_ADAPTERS = ['socket.io-redis', 'socket.io-adapter-mongo', 'socket.io-amqp', 'socket.io-nats', 'socket.io-adapter-postgres'];
const GO_SOCKET_IO = ['github.com/googollee/go-socket.io'];
/** Python keyword arguments that share a Socket.IO server's state (Flask-SocketIO, python-socketio). */
const PY_SHARING_KEYWORDS = ['message_queue', 'client_manager'];

/** True when a JS import is a Socket.IO adapter package (`@socket.io/redis-adapter`, `@socket.io/cluster-adapter`…). */
function isJsAdapter(spec: string): boolean {
  return JS_ADAPTERS.some((module) => spec === module || spec.startsWith(`${module}/`)) || (spec.startsWith('@socket.io/') && spec.includes('adapter'));
}

/** True when a file shows that its service shares socket state between instances (an adapter, a message queue, a broker relay). */
function sharesSocketState(file: FileView): boolean {
  const family = file.family;
  if (family === 'js') {
    if (!file.mentionsAnyCase('adapter') && !file.mentions('socket.io-redis')) return false;
    if (file.imports.some(isJsAdapter)) return true;
    // `io.adapter(createAdapter(pub, sub))`, with the adapter built in another module of the service.
    return file.mentionsCall('adapter') && file.callsNamed(ADAPTER_CALLS).some(({ node }) => {
      const parts = callParts(node, 'js');
      return !!parts?.receiver && parts.args.length > 0;
    });
  }
  if (family === 'python') {
    if (!file.mentions(...PY_SHARING_KEYWORDS)) return false;
    return file.callsMatching(PY_SHARING_KEYWORDS).some(({ node, kind }) => {
      const parts = kind === 'call' ? callParts(node, 'python') : undefined;
      return !!parts && PY_SHARING_KEYWORDS.some((keyword) => {
        const value = keywordArgument(parts.args, keyword);
        return !!value && kindOf(value) !== 'none';
      });
    });
  }
  if (family === 'go') return file.mentionsCall('Adapter') && file.importsAny(GO_SOCKET_IO);
  return file.mentionsCall('enableStompBrokerRelay');
}

const ADAPTER_CALLS = new Set(['adapter']);

/** True when a JS options object passes its own `adapter`, or may (a spread the rule cannot read). */
function mayPassAdapter(args: readonly SgNode[]): boolean {
  return args.some((arg) => kindOf(arg) === 'object' && arg.children().some((member) => {
    const kind = kindOf(member);
    return kind === 'spread_element' || (kind === 'pair' && member.field('key')?.text() === 'adapter') || (kind === 'shorthand_property_identifier' && member.text() === 'adapter');
  }));
}

/**
 * The Socket.IO server a JS call creates, named as written: `new Server(httpServer)` of `socket.io`,
 * `new io.Server()`, `socketIo(server)` / `new SocketIO(server)` of the module itself.
 */
function jsServerOf(parts: CallParts, bindings: ReadonlyMap<string, ImportBinding>): string | undefined {
  const receiver = parts.receiver && kindOf(parts.receiver) === 'identifier' ? bindings.get(parts.receiver.text()) : undefined;
  if (receiver) return receiver.source === 'socket.io' && parts.name === 'Server' && receiver.imported !== 'Server' ? `new ${receiver.local}.Server()` : undefined;
  if (parts.receiver) return undefined;
  const binding = bindings.get(parts.name);
  if (binding?.source !== 'socket.io') return undefined;
  if (binding.imported === 'Server') return parts.isNew ? `new ${parts.name}()` : undefined;
  // The module itself is callable (and constructible) in every Socket.IO version.
  return binding.imported === '*' || binding.imported === 'default' ? `${parts.isNew ? 'new ' : ''}${parts.name}()` : undefined;
}

/** `require('socket.io')(server)`: the call of the required module, when `call` is that `require`. */
function requiredServerCall(call: SgNode, parts: CallParts): SgNode | undefined {
  if (parts.receiver || !parts.args[0] || literalText(parts.args[0], 'js') !== 'socket.io') return undefined;
  const parent = call.parent();
  return parent && kindOf(parent) === 'call_expression' && parent.field('function')?.id() === call.id() ? parent : undefined;
}

/** Socket.IO servers and Nest gateways (JS). */
function jsServers(context: Context): Array<{ node: SgNode; server: string }> {
  const bindings = new Map<string, ImportBinding>();
  for (const binding of importBindings(context)) if (binding.source === 'socket.io' || binding.source === '@nestjs/websockets') bindings.set(binding.local, binding);
  const found: Array<{ node: SgNode; server: string }> = [];
  for (const { node: call } of context.callsNamed(new Set(['Server', 'require', ...bindings.keys()]))) {
    const parts = callParts(call, 'js');
    if (!parts || parts.isTagged) continue;
    if (parts.name === 'require') {
      const server = requiredServerCall(call, parts);
      const serverArgs = server ? callParts(server, 'js')?.args : undefined;
      if (server && serverArgs && !mayPassAdapter(serverArgs)) found.push({ node: server, server: "require('socket.io')()" });
      continue;
    }
    const gateway = parts.receiver ? undefined : bindings.get(parts.name);
    if (gateway?.source === '@nestjs/websockets') {
      // A Nest gateway runs on Socket.IO unless the app swaps the adapter (`WsAdapter` shares nothing either).
      if (gateway.imported === 'WebSocketGateway' && call.parent() && kindOf(call.parent()!) === 'decorator') found.push({ node: call.parent()!, server: '@WebSocketGateway' });
      continue;
    }
    const server = jsServerOf(parts, bindings);
    if (server && !mayPassAdapter(parts.args)) found.push({ node: call, server });
  }
  return found;
}

/** Flask-SocketIO `SocketIO(app)` without `message_queue=`, python-socketio servers without `client_manager=`. */
function pythonServers(context: Context): Array<{ node: SgNode; server: string }> {
  const bindings = new Map<string, ImportBinding>();
  for (const binding of importBindings(context)) if (binding.source === 'flask_socketio' || binding.source === 'socketio') bindings.set(binding.local, binding);
  const found: Array<{ node: SgNode; server: string }> = [];
  for (const { node: call } of context.callsNamed(new Set(['SocketIO', 'Server', 'AsyncServer', ...bindings.keys()]))) {
    const parts = callParts(call, 'python');
    if (!parts) continue;
    const receiver = parts.receiver && kindOf(parts.receiver) === 'identifier' ? bindings.get(parts.receiver.text()) : undefined;
    const bare = parts.receiver ? undefined : bindings.get(parts.name);
    const flask = bare?.source === 'flask_socketio' && bare.imported === 'SocketIO';
    const server = (receiver?.source === 'socketio' && receiver.imported === '*' && ['Server', 'AsyncServer'].includes(parts.name)) || (bare?.source === 'socketio' && ['Server', 'AsyncServer'].includes(bare.imported));
    if (!flask && !server) continue;
    if (parts.args.some((arg) => kindOf(arg) === 'dictionary_splat')) continue;
    const value = keywordArgument(parts.args, flask ? 'message_queue' : 'client_manager');
    if (value && kindOf(value) !== 'none') continue;
    found.push({ node: call, server: `${parts.receiver ? `${parts.receiver.text()}.` : ''}${parts.name}()` });
  }
  return found;
}

/** googollee/go-socket.io `socketio.NewServer(…)`. */
function goServers(context: Context): Array<{ node: SgNode; server: string }> {
  const found: Array<{ node: SgNode; server: string }> = [];
  let name: string | undefined;
  for (const { node: call } of context.callsNamed(GO_NEW_SERVER)) {
    const receiver = callParts(call, 'go')?.receiver?.text();
    if (receiver && receiver === (name ??= goPackageName(context))) found.push({ node: call, server: `${receiver}.NewServer()` });
  }
  return found;
}

const GO_NEW_SERVER = new Set(['NewServer']);

/** The name go-socket.io is imported as (`socketio` unless aliased); undefined when the file does not import it. */
function goPackageName(context: Context): string | undefined {
  for (const declaration of context.root.children()) {
    if (kindOf(declaration) !== 'import_declaration') continue;
    for (const spec of declaration.findAll({ rule: { kind: 'import_spec' } })) {
      const path = spec.field('path');
      if (path && (literalText(path, 'go') ?? '').startsWith(GO_SOCKET_IO[0]!)) return spec.field('name')?.text() ?? 'socketio';
    }
  }
  return undefined;
}

/** Spring STOMP `registry.enableSimpleBroker(…)`: an in-memory broker. */
function javaBrokers(context: Context): Array<{ node: SgNode; server: string }> {
  if (context.mentionsCall('enableStompBrokerRelay')) return [];
  return context.callsNamed(SIMPLE_BROKER).map(({ node }) => ({ node, server: 'enableSimpleBroker' }));
}

const SIMPLE_BROKER = new Set(['enableSimpleBroker']);

const GATES: Record<RuleLanguage, (file: FileView) => boolean> = {
  // `require('socket.io')(server)` binds no name, so it is no import.
  js: (file) => file.mentions('socket.io', '@nestjs/websockets') && (file.importsAny(['socket.io', '@nestjs/websockets']) || file.mentionsCall('require')),
  python: (file) => file.mentions('SocketIO', 'Server') && file.importsAny(['flask_socketio', 'socketio']),
  go: (file) => file.mentionsCall('NewServer') && file.importsAny(GO_SOCKET_IO),
  java: (file) => file.mentionsCall('enableSimpleBroker'),
};

export const socketServerWithoutAdapter = defineRule({
  id: 'load-balancing/socket-server-without-adapter',
  meta: {
    checklist: 'scale.load-balancing',
    severity: 'low',
    languages: ['js', 'python', 'go', 'java'],
    description: 'A WebSocket server whose state stays in one process: a Socket.IO server (Node, Nest gateway, Flask-SocketIO, python-socketio, go-socket.io) in a service with no shared adapter or message queue, or Spring STOMP\'s in-memory `enableSimpleBroker`.',
    rationale:
      'A socket server keeps its connected clients, rooms and subscriptions in the memory of the process. Behind a load balancer with several instances, a broadcast reaches only the clients connected to the instance that sends it, and Socket.IO\'s HTTP long-polling breaks unless every request of a session reaches the same instance. A shared adapter or broker (Redis, a message queue, a STOMP relay) plus sticky sessions makes the server scale out. Low severity: one instance is correct as written, and the code does not show how many instances run.',
    messages: {
      socketServerWithoutAdapter: {
        title: '`{server}` has no shared adapter: broadcasts stay on one instance',
        message: 'Socket.IO keeps rooms and clients in this process. With several instances behind a load balancer, `emit` to everyone or to a room reaches only the clients of the sending instance, and long-polling needs sticky sessions. Add a shared adapter (`@socket.io/redis-adapter`, `@socket.io/cluster-adapter`; `message_queue=` in Flask-SocketIO, `client_manager=` in python-socketio) and enable sticky sessions on the load balancer.',
      },
      simpleBroker: {
        title: '`enableSimpleBroker` keeps STOMP subscriptions in one instance',
        message: 'The simple broker lives in memory: with several instances behind a load balancer, a message sent to a destination reaches only the subscribers connected to the sending instance. Relay to a shared broker with `enableStompBrokerRelay` (RabbitMQ, ActiveMQ) before scaling out.',
      },
    },
    options: z.object({}).strict(),
    examples: {
      js: {
        bad: "import { createServer } from 'node:http';\nimport { Server } from 'socket.io';\n\nconst httpServer = createServer(app);\nconst io = new Server(httpServer);\nio.on('connection', (socket) => socket.join(socket.handshake.auth.room));\n",
        good: "import { createServer } from 'node:http';\nimport { Server } from 'socket.io';\nimport { createAdapter } from '@socket.io/redis-adapter';\n\nconst httpServer = createServer(app);\nconst io = new Server(httpServer, { adapter: createAdapter(pubClient, subClient) });\nio.on('connection', (socket) => socket.join(socket.handshake.auth.room));\n",
      },
      python: {
        bad: 'from flask import Flask\nfrom flask_socketio import SocketIO\n\napp = Flask(__name__)\nsocketio = SocketIO(app)\n',
        good: 'from flask import Flask\nfrom flask_socketio import SocketIO\n\napp = Flask(__name__)\nsocketio = SocketIO(app, message_queue=os.environ["REDIS_URL"])\n',
      },
      go: {
        bad: 'package main\n\nimport socketio "github.com/googollee/go-socket.io"\n\nfunc newSockets() *socketio.Server {\n\treturn socketio.NewServer(nil)\n}\n',
        good: 'package main\n\nimport socketio "github.com/googollee/go-socket.io"\n\nfunc newSockets() *socketio.Server {\n\tserver := socketio.NewServer(nil)\n\tserver.Adapter(&socketio.RedisAdapterOptions{Addr: redisAddr})\n\treturn server\n}\n',
      },
      java: {
        bad: '@Configuration\n@EnableWebSocketMessageBroker\nclass SocketConfig implements WebSocketMessageBrokerConfigurer {\n  @Override\n  public void configureMessageBroker(MessageBrokerRegistry registry) {\n    registry.enableSimpleBroker("/topic");\n    registry.setApplicationDestinationPrefixes("/app");\n  }\n}\n',
        good: '@Configuration\n@EnableWebSocketMessageBroker\nclass SocketConfig implements WebSocketMessageBrokerConfigurer {\n  @Override\n  public void configureMessageBroker(MessageBrokerRegistry registry) {\n    registry.enableStompBrokerRelay("/topic").setRelayHost(relayHost);\n    registry.setApplicationDestinationPrefixes("/app");\n  }\n}\n',
      },
    },
  },
  collect(file): true | undefined {
    return sharesSocketState(file) ? true : undefined;
  },
  plan(file) {
    const family = file.family;
    if (isNonServicePath(file.path) || (family === 'js' && isFrontendPath(file.path))) return false;
    return GATES[family](file) ? CALL_KINDS[family] : false;
  },
  checkFile(context) {
    const family = context.family;
    const found = family === 'js' ? jsServers(context) : family === 'python' ? pythonServers(context) : family === 'go' ? goServers(context) : javaBrokers(context);
    for (const { node, server } of found) {
      const span = lineSpanOf(node);
      if (context.isAdded(span.line, span.endLine)) context.keep({ messageId: family === 'java' ? 'simpleBroker' : 'socketServerWithoutAdapter', server, ...span });
    }
  },
  checkProject(context) {
    const sharing = new Set(context.collected.map(({ path }) => context.serviceRootOf(path)));
    for (const [path] of context.changedLines) {
      const candidates = context.kept(path) as readonly Candidate[];
      if (candidates.length === 0 || sharing.has(context.serviceRootOf(path))) continue;
      for (const candidate of candidates) context.report({ path, messageId: candidate.messageId, data: { server: candidate.server }, line: candidate.line, endLine: candidate.endLine });
    }
  },
});
