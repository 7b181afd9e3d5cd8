import { describe, expect, it } from '@jest/globals';
import { parseSnippet, type Language } from '../../src/core/source/language.js';
import { ServiceCollector } from '../../src/core/services/service-collector.js';
import type { CodeSignal } from '../../src/core/services/types.js';

/** Signals of one snippet as `kind system target (detail)`, module-level and in functions alike. */
function signalsOf(language: Language, code: string): string[] {
  const collector = new ServiceCollector();
  const path = { typescript: 'src/a.ts', tsx: 'src/a.tsx', javascript: 'src/a.js', python: 'app/a.py', go: 'pkg/a.go', java: 'src/main/java/A.java' }[language];
  collector.onFile(parseSnippet(language, code, path));
  const facts = collector.collected().get(path)!;
  return facts.signals.map((s: CodeSignal) => [s.kind, s.system, s.target, s.pooled === undefined ? undefined : s.pooled ? 'pooled' : 'single'].filter((part) => part !== undefined).join(' '));
}

const CASES: Array<[string, Language, string, string[]]> = [
  // JS / TS
  ['fetch with a literal URL', 'typescript', "export async function f() { return fetch('https://api.stripe.com/v1/charges'); }", ['http-call http https://api.stripe.com']],
  ['axios instance with baseURL from env', 'typescript', "import axios from 'axios';\nconst api = axios.create({ baseURL: process.env.USERS_URL });\nexport const get = () => api.get('/users');", ['http-call http env:USERS_URL']],
  ['got call', 'javascript', "const got = require('got');\nasync function f() { await got.post('http://billing:9000/invoices'); }", ['http-call http http://billing:9000']],
  ['NestJS HttpService', 'typescript', "import { HttpService } from '@nestjs/axios';\nexport class C { constructor(private readonly http: HttpService) {}\n  f() { return this.http.get('http://catalog/items'); } }", ['http-call http http://catalog']],
  ['gRPC client stub', 'typescript', "import * as grpc from '@grpc/grpc-js';\nconst client = new proto.inventory.InventoryService('inventory:50051', grpc.credentials.createInsecure());", ['grpc-client grpc InventoryService']],
  ['mysql2 pool', 'typescript', "import mysql from 'mysql2/promise';\nexport const pool = mysql.createPool({ uri: process.env.MYSQL_URL });", ['db-client mysql env:MYSQL_URL pooled']],
  ['mongoose connect and model', 'typescript', "import mongoose from 'mongoose';\nmongoose.connect(process.env.MONGO_URL!);\nexport const User = mongoose.model('User', new mongoose.Schema({}));", ['db-client mongodb env:MONGO_URL pooled', 'data-model mongodb', 'data-model mongodb']],
  ['pg query with a row type, awaited (a call of `await pool.query` in the grammar)', 'typescript', "import { Pool } from 'pg';\nconst pool = new Pool();\nexport async function byId(id: string) { const r = await pool.query<Pet>('SELECT * FROM pets WHERE id = $1', [id]); return r.rows[0]; }", ['db-client postgres postgres pooled', 'db-query postgres']],
  ['redis createClient', 'typescript', "import { createClient } from 'redis';\nexport const redis = createClient({ url: process.env.REDIS_URL });", ['cache-client redis env:REDIS_URL pooled']],
  ['amqplib publish and consume', 'javascript', "const amqp = require('amqplib');\nasync function f(ch) { ch.sendToQueue('emails', Buffer.from('x')); ch.consume('invoices', () => {}); }", ['produce rabbitmq emails', 'consume rabbitmq invoices']],
  ['NATS', 'typescript', "import { connect } from 'nats';\nexport async function f(nc) { nc.publish('orders.paid'); nc.subscribe('orders.refunded'); }", ['produce nats orders.paid', 'consume nats orders.refunded']],
  ['SQS v3', 'typescript', "import { SQSClient, SendMessageCommand } from '@aws-sdk/client-sqs';\nexport const f = (sqs: SQSClient) => sqs.send(new SendMessageCommand({ QueueUrl: process.env.QUEUE_URL, MessageBody: 'x' }));", ['produce sqs env:QUEUE_URL']],
  ['BullMQ Queue.add and Worker', 'typescript', "import { Queue, Worker } from 'bullmq';\nconst mail = new Queue('mail');\nexport const send = () => mail.add('welcome', {});\nnew Worker('mail', async () => {});", ['produce bullmq mail', 'consume bullmq mail']],
  ['Redis streams', 'typescript', "import Redis from 'ioredis';\nconst redis = new Redis();\nexport const f = () => redis.xadd('events', '*', 'k', 'v');", ['cache-client redis redis pooled', 'produce redis-streams events']],
  ['node-cron and @nestjs/schedule', 'typescript', "import cron from 'node-cron';\nimport { Cron } from '@nestjs/schedule';\ncron.schedule('* * * * *', () => {});\nexport class Jobs { @Cron('0 * * * *') hourly() {} }", ['schedule', 'schedule']],
  ['NestJS bootstrap and consumers', 'typescript', "import { NestFactory } from '@nestjs/core';\nimport { EventPattern } from '@nestjs/microservices';\nexport class H { @EventPattern('user.created') on() {} }\nasync function bootstrap() { const app = await NestFactory.create(AppModule); app.enableShutdownHooks(); }", ['consume nest-microservices user.created', 'entry', 'shutdown']],
  ['shutdown listeners installed in a loop over the signal names', 'typescript', "const stop = () => server.close();\nfor (const signal of ['SIGTERM', 'SIGINT']) process.on(signal, stop);", ['shutdown']],
  ['shutdown listeners installed by forEach', 'javascript', "['SIGINT', 'SIGTERM'].forEach((name) => process.once(name, () => process.exit(0)));", ['shutdown']],
  ['a listener on a variable with no stop signal named', 'typescript', "const event = 'warning';\nprocess.on(event, (w) => console.warn(w));\nconsole.log('SIGTERM handling is missing');", []],
  ['an app imported from a project module, started on a port', 'typescript', "import app from './app';\nconst PORT = Number(process.env.PORT ?? 3000);\napp.listen(PORT, () => console.log(`listening on ${PORT}`));", ['entry']],
  ['an app made by a factory of a project module', 'typescript', "import { buildApp } from './app.js';\nconst app = await buildApp();\nawait app.listen({ port: 3000, host: '0.0.0.0' });", ['entry']],
  ['an app factory called inline', 'javascript', "const { createApp } = require('./app');\ncreateApp().listen(process.env.PORT);", ['entry']],
  ['listen on a project emitter or on an outside package: no entry', 'typescript', "import { bus } from './events';\nimport { consumer } from 'queue-lib';\nbus.listen('orders.created', handle);\nconsumer.listen(3000);\nbus.listen(transport);", []],
  // Python
  ['requests with a URL constant', 'python', "import requests\nBASE = 'http://search:9200'\ndef f():\n    return requests.get(BASE + '/q', timeout=2)\n", ['http-call http http://search:9200']],
  ['httpx client with base_url', 'python', "import httpx\nasync def f():\n    async with httpx.AsyncClient(base_url='http://users:8000') as client:\n        await client.get('/me')\n", ['http-call http http://users:8000']],
  ['gRPC stub', 'python', "import grpc\nimport inventory_pb2_grpc\nchannel = grpc.insecure_channel('inventory:50051')\nstub = inventory_pb2_grpc.InventoryStub(channel)\n", ['grpc-client grpc Inventory']],
  ['psycopg2 per call and a pool', 'python', "import psycopg2\nfrom psycopg2 import pool\nP = pool.SimpleConnectionPool(1, 5, dsn='x')\ndef f():\n    conn = psycopg2.connect(os.environ['DATABASE_URL'])\n", ['db-client postgres postgres pooled', 'db-client postgres env:DATABASE_URL single']],
  ['redis cache', 'python', "import redis\ncache = redis.Redis.from_url(os.getenv('REDIS_URL'))\n", ['cache-client redis env:REDIS_URL pooled']],
  ['kafka-python producer and consumer', 'python', "from kafka import KafkaProducer, KafkaConsumer\nproducer = KafkaProducer()\nconsumer = KafkaConsumer('payments')\ndef f():\n    producer.send('orders', b'x')\n", ['consume kafka payments', 'produce kafka orders']],
  ['confluent-kafka subscribe', 'python', "from confluent_kafka import Consumer\nc = Consumer({})\nc.subscribe(['audit'])\n", ['consume kafka audit']],
  ['APScheduler', 'python', "from apscheduler.schedulers.background import BackgroundScheduler\ns = BackgroundScheduler()\ns.add_job(f, 'cron', hour=1)\n", ['schedule']],
  ['Django ORM', 'python', "from django.db import models\nclass Order(models.Model):\n    pass\ndef f():\n    return Order.objects.filter(paid=True)\n", ['data-model', 'db-query']],
  // Go
  ['net/http with a literal', 'go', 'package x\nimport "net/http"\nfunc f() { http.Get("http://pricing:8080/prices") }\n', ['http-call http http://pricing:8080']],
  ['gRPC dial and stub', 'go', 'package x\nimport (\n "google.golang.org/grpc"\n pb "github.com/acme/gen/inventory"\n)\nfunc f() {\n conn, _ := grpc.Dial("inventory:50051")\n c := pb.NewInventoryClient(conn)\n}\n', ['grpc-client grpc Inventory']],
  ['pgxpool and go-redis', 'go', 'package x\nimport (\n "github.com/jackc/pgx/v5/pgxpool"\n "github.com/redis/go-redis/v9"\n)\nfunc f() {\n pgxpool.New(ctx, os.Getenv("DB_URL"))\n redis.NewClient(&redis.Options{Addr: "cache:6379"})\n}\n', ['db-client postgres env:DB_URL pooled', 'cache-client redis cache:6379 pooled']],
  ['sarama producer message', 'go', 'package x\nimport "github.com/IBM/sarama"\nfunc f(p sarama.SyncProducer) { p.SendMessage(&sarama.ProducerMessage{Topic: "orders"}) }\n', ['produce kafka orders']],
  ['amqp publish and consume', 'go', 'package x\nimport amqp "github.com/rabbitmq/amqp091-go"\nfunc f(ch *amqp.Channel) {\n ch.PublishWithContext(ctx, "", "emails", false, false, amqp.Publishing{})\n ch.Consume("invoices", "", true, false, false, false, nil)\n}\n', ['produce rabbitmq emails', 'consume rabbitmq invoices']],
  ['NATS subscribe', 'go', 'package x\nimport "github.com/nats-io/nats.go"\nfunc f(nc *nats.Conn) { nc.Subscribe("orders.paid", h) }\n', ['consume nats orders.paid']],
  ['a gin router made in another file of package main', 'go', 'package main\nimport "log"\nfunc main() {\n r := setupRouter()\n if err := r.Run(":8080"); err != nil {\n  log.Fatal(err)\n }\n}\n', ['entry', 'entry']],
  ['an echo server started inside Logger.Fatal', 'go', 'package main\nimport "os"\nfunc main() {\n e := newServer()\n e.Logger.Fatal(e.Start(":" + os.Getenv("PORT")))\n}\n', ['entry', 'entry']],
  ['servers held by a struct of the package', 'go', 'package server\nfunc (s *Server) Run(addr string) error { return s.router.Run(addr) }\nfunc (s *Server) Serve() error {\n srv := s.httpServer()\n return srv.ListenAndServe()\n}\n', ['entry', 'entry']],
  ['Run and Start that start no server', 'go', 'package main\nimport (\n "os"\n "os/exec"\n)\nfunc main() {\n app := newApp()\n app.Run(os.Args)\n exec.Command("ls").Run()\n w.Start(ctx)\n importer.Run(reportPath)\n}\n', ['entry']],
  // Java
  ['WebClient with baseUrl', 'java', 'class C {\n  private final WebClient web = WebClient.builder().baseUrl("http://users:8080").build();\n  Mono<User> f() { return web.get().uri("/users/1").retrieve().bodyToMono(User.class); }\n}\n', ['http-call http http://users:8080']],
  ['FeignClient', 'java', '@FeignClient(name = "inventory", url = "${inventory.url}")\ninterface InventoryClient {}\n', ['http-call http config:inventory.url']],
  ['gRPC stub', 'java', 'class C {\n  void f() {\n    ManagedChannel ch = ManagedChannelBuilder.forAddress("inventory", 9090).usePlaintext().build();\n    InventoryServiceGrpc.newBlockingStub(ch);\n  }\n}\n', ['grpc-client grpc InventoryService']],
  ['JDBC per call', 'java', 'class C {\n  void f() throws Exception { Connection c = DriverManager.getConnection("jdbc:mysql://db:3306/shop"); }\n}\n', ['db-client mysql mysql://db:3306 single']],
  ['RabbitListener and RabbitTemplate', 'java', 'class C {\n  private RabbitTemplate rabbit;\n  @RabbitListener(queues = "invoices")\n  void on(String m) { rabbit.convertAndSend("emails", m); }\n}\n', ['consume rabbitmq invoices', 'produce rabbitmq emails']],
  ['Scheduled and PreDestroy', 'java', 'class C {\n  @Scheduled(cron = "0 0 * * * *") void job() {}\n  @PreDestroy void close() {}\n}\n', ['schedule', 'shutdown']],
];

describe('signals read from syntax trees and imported libraries', () => {
  it.each(CASES)('%s', (_name, language, code, expected) => {
    expect(signalsOf(language, code)).toEqual(expected);
  });

  it('does not take a library call for an outbound call when the library is not imported', () => {
    expect(signalsOf('typescript', "export const f = (api: { post(url: string): void }) => api.post('http://x');")).toEqual([]);
    expect(signalsOf('python', 'def f(requests):\n    requests.get("http://x")\n')).toEqual([]);
  });

  it('seeds a collector for another ref with the facts of the files it keeps', () => {
    const collector = new ServiceCollector();
    collector.onFile(parseSnippet('typescript', "export const f = () => fetch('http://a');", 'src/a.ts'));
    collector.onFile(parseSnippet('typescript', "export const g = () => fetch('http://b');", 'src/b.ts'));
    expect([...collector.seededWith((path) => path !== 'src/b.ts').collected().keys()]).toEqual(['src/a.ts']);
  });
});
