import { socketServerWithoutAdapter } from '../../src/core/rules/load-balancing-socket-server-without-adapter.js';
import { testRule } from './rule-tester.js';

const httpServer = "import { createServer } from 'node:http';\nimport { Server } from 'socket.io';\nimport { app } from './app';\n\nconst httpServer = createServer(app);\n";
const redisAdapterModule = "import { createAdapter } from '@socket.io/redis-adapter';\nimport { createClient } from 'redis';\n\nexport async function redisAdapter() {\n  const pub = createClient({ url: process.env.REDIS_URL });\n  const sub = pub.duplicate();\n  await Promise.all([pub.connect(), sub.connect()]);\n  return createAdapter(pub, sub);\n}\n";
const nestGateway = "import { WebSocketGateway, WebSocketServer } from '@nestjs/websockets';\nimport { Server } from 'socket.io';\n\n@WebSocketGateway({ cors: true })\nexport class ChatGateway {\n  @WebSocketServer() server: Server;\n}\n";
const stompConfig = (body: string) => `@Configuration\n@EnableWebSocketMessageBroker\nclass SocketConfig implements WebSocketMessageBrokerConfigurer {\n  @Override\n  public void configureMessageBroker(MessageBrokerRegistry registry) {\n${body}\n    registry.setApplicationDestinationPrefixes("/app");\n  }\n}\n`;

testRule(socketServerWithoutAdapter, {
  valid: [
    { name: 'js adapter passed as an option', language: 'js', code: `${httpServer}const io = new Server(httpServer, { adapter: createAdapter(pub, sub) });\n` },
    { name: 'js io.adapter in the same file', language: 'js', code: `${httpServer}const io = new Server(httpServer);\nio.adapter(await redisAdapter());\n` },
    { name: 'js adapter module elsewhere in the service', language: 'js', code: `${httpServer}export const io = new Server(httpServer, { cors: { origin: '*' } });\n`, files: { 'src/realtime/redis-adapter.ts': redisAdapterModule } },
    { name: 'js Nest gateway with a redis IoAdapter in the service', language: 'js', path: 'src/chat/chat.gateway.ts', code: nestGateway, files: { 'src/adapters/redis-io.adapter.ts': "import { IoAdapter } from '@nestjs/platform-socket.io';\nimport { createAdapter } from '@socket.io/redis-adapter';\n\nexport class RedisIoAdapter extends IoAdapter {}\n" } },
    { name: 'js node http Server is no socket server', language: 'js', code: "import { Server } from 'node:http';\n\nconst server = new Server(app);\nserver.listen(3000);\n" },
    { name: 'js ws WebSocketServer is not judged', language: 'js', code: "import { WebSocketServer } from 'ws';\n\nconst wss = new WebSocketServer({ server: httpServer });\n" },
    { name: 'js socket.io client', language: 'js', code: "import { io } from 'socket.io-client';\n\nexport const socket = io(process.env.CHAT_URL);\n" },
    { name: 'js server on a line the PR does not add', language: 'js', code: `${httpServer}const io = new Server(httpServer);\nio.on('connection', onConnection);\n`, addedLines: [7] },
    { name: 'python flask-socketio with a message queue', language: 'python', code: 'from flask import Flask\nfrom flask_socketio import SocketIO\n\napp = Flask(__name__)\nsocketio = SocketIO(app, message_queue=os.environ["REDIS_URL"])\n' },
    { name: 'python message queue given at init_app elsewhere', language: 'python', path: 'app/extensions.py', code: 'from flask_socketio import SocketIO\n\nsocketio = SocketIO()\n', files: { 'app/__init__.py': 'from .extensions import socketio\n\ndef create_app():\n    app = Flask(__name__)\n    socketio.init_app(app, message_queue=app.config["REDIS_URL"])\n    return app\n' } },
    { name: 'python-socketio with a redis manager', language: 'python', code: 'import socketio\n\nsio = socketio.AsyncServer(async_mode="asgi", client_manager=socketio.AsyncRedisManager(REDIS_URL))\n' },
    { name: 'python options splatted (undecidable)', language: 'python', code: 'from flask_socketio import SocketIO\n\nsocketio = SocketIO(app, **settings.SOCKETIO)\n' },
    { name: 'go adapter set', language: 'go', code: 'package main\n\nimport socketio "github.com/googollee/go-socket.io"\n\nfunc newSockets() *socketio.Server {\n\tserver := socketio.NewServer(nil)\n\tserver.Adapter(&socketio.RedisAdapterOptions{Addr: redisAddr})\n\treturn server\n}\n' },
    { name: 'go grpc NewServer', language: 'go', code: 'package main\n\nimport "google.golang.org/grpc"\n\nfunc newServer() *grpc.Server {\n\treturn grpc.NewServer()\n}\n' },
    { name: 'java broker relay', language: 'java', code: stompConfig('    registry.enableStompBrokerRelay("/topic").setRelayHost(relayHost);') },
    { name: 'java relay in a profile-specific config of the service', language: 'java', code: stompConfig('    registry.enableSimpleBroker("/topic");'), files: { 'src/main/java/com/example/config/ProdSocketConfig.java': stompConfig('    registry.enableStompBrokerRelay("/topic").setRelayHost(relayHost);') } },
  ],
  invalid: [
    { name: 'js new Server without adapter', language: 'js', code: `${httpServer}const io = new Server(httpServer, { cors: { origin: '*' } });\nio.on('connection', onConnection);\n`, errors: [{ messageId: 'socketServerWithoutAdapter', line: 6 }] },
    { name: 'js require socket.io called', language: 'js', code: "const http = require('http');\nconst app = require('./app');\n\nconst server = http.createServer(app);\nconst io = require('socket.io')(server);\n", errors: [{ messageId: 'socketServerWithoutAdapter', line: 5 }] },
    { name: 'js standalone server in an ES module file', language: 'js', path: 'src/realtime.mjs', code: "import { Server } from 'socket.io';\n\nexport const io = new Server(3001, { cors: { origin: process.env.WEB_ORIGIN } });\n", errors: [{ messageId: 'socketServerWithoutAdapter', line: 3, path: 'src/realtime.mjs' }] },
    { name: 'js required module called', language: 'js', code: "const socketIo = require('socket.io');\n\nconst io = socketIo(server, { cors: { origin: '*' } });\n", errors: [{ messageId: 'socketServerWithoutAdapter', line: 3 }] },
    { name: 'js namespace import', language: 'js', code: "import * as SocketIO from 'socket.io';\n\nexport const io = new SocketIO.Server(httpServer);\n", errors: [{ messageId: 'socketServerWithoutAdapter', line: 3 }] },
    { name: 'js Nest gateway without adapter', language: 'js', path: 'src/chat/chat.gateway.ts', code: nestGateway, errors: [{ messageId: 'socketServerWithoutAdapter', line: 4 }] },
    { name: 'js adapter only in another service of the monorepo', language: 'js', path: 'services/chat/src/io.ts', code: `${httpServer}export const io = new Server(httpServer);\n`, files: { 'services/chat/package.json': '{"name":"chat"}', 'services/api/package.json': '{"name":"api"}', 'services/api/src/redis-adapter.ts': redisAdapterModule }, errors: [{ messageId: 'socketServerWithoutAdapter', line: 6 }] },
    { name: 'python flask-socketio without message queue', language: 'python', code: 'from flask import Flask\nfrom flask_socketio import SocketIO\n\napp = Flask(__name__)\nsocketio = SocketIO(app, cors_allowed_origins="*")\n', errors: [{ messageId: 'socketServerWithoutAdapter', line: 5 }] },
    { name: 'python-socketio AsyncServer without client manager', language: 'python', code: 'import socketio\n\nsio = socketio.AsyncServer(async_mode="asgi", cors_allowed_origins=[])\napp = socketio.ASGIApp(sio)\n', errors: [{ messageId: 'socketServerWithoutAdapter', line: 3 }] },
    { name: 'python AsyncServer imported by name', language: 'python', code: 'from socketio import AsyncServer\n\nsio = AsyncServer()\n', errors: [{ messageId: 'socketServerWithoutAdapter', line: 3 }] },
    { name: 'go NewServer without adapter', language: 'go', code: 'package main\n\nimport socketio "github.com/googollee/go-socket.io"\n\nfunc newSockets() *socketio.Server {\n\treturn socketio.NewServer(nil)\n}\n', errors: [{ messageId: 'socketServerWithoutAdapter', line: 6 }] },
    { name: 'go aliased import', language: 'go', code: 'package main\n\nimport sio "github.com/googollee/go-socket.io"\n\nfunc newSockets() *sio.Server {\n\treturn sio.NewServer(nil)\n}\n', errors: [{ messageId: 'socketServerWithoutAdapter', line: 6 }] },
    { name: 'java simple broker', language: 'java', code: stompConfig('    registry.enableSimpleBroker("/topic", "/queue");'), errors: [{ messageId: 'simpleBroker', line: 6 }] },
  ],
});
