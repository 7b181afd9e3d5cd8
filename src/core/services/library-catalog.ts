import type { CodeFamily } from './types.js';

/** What a library is for, as far as the service map cares. */
export type LibraryCategory = 'http' | 'grpc' | 'database' | 'cache' | 'messaging' | 'scheduler' | 'web' | 'logging' | 'metrics';

interface LibraryEntry {
  /** Module specifier (JS/Go: import path; Python: top module; Java: package prefix). */
  module: string;
  category: LibraryCategory;
  /** Friendly name shown to people (`kafkajs`, `spring-kafka`, `zap`). */
  name?: string;
}

const entry = (category: LibraryCategory, modules: string[], name?: string): LibraryEntry[] =>
  modules.map((module) => ({ module, category, ...(name ? { name } : {}) }));

/**
 * Libraries by family. A file that imports none of them gets its outline and calls recorded (for call
 * chains) but is not searched for outbound calls, clients or messaging.
 */
const CATALOG: Record<CodeFamily, LibraryEntry[]> = {
  js: [
    ...entry('http', ['axios', 'got', 'node-fetch', 'undici', 'ky', 'superagent', 'http', 'https', 'node:http', 'node:https', '@nestjs/axios', 'cross-fetch', 'isomorphic-fetch']),
    ...entry('grpc', ['@grpc/grpc-js', 'grpc', '@connectrpc/connect', '@connectrpc/connect-node', '@bufbuild/connect']),
    ...entry('database', ['pg', 'pg-pool', 'mysql', 'mysql2', 'mysql2/promise', 'mongoose', 'mongodb', '@prisma/client', 'sequelize', 'typeorm', '@nestjs/typeorm', '@nestjs/mongoose', 'knex', 'drizzle-orm', 'better-sqlite3', 'sqlite3', '@mikro-orm/core', 'objection', 'kysely', 'postgres']),
    ...entry('cache', ['redis', 'ioredis', 'memcached', 'cache-manager', '@nestjs/cache-manager']),
    ...entry('messaging', ['kafkajs', 'node-rdkafka', '@confluentinc/kafka-javascript', 'amqplib', 'amqp-connection-manager', 'nats', '@aws-sdk/client-sqs', '@aws-sdk/client-sns', 'sqs-consumer', 'aws-sdk', 'bullmq', 'bull', 'bee-queue', '@nestjs/bull', '@nestjs/bullmq', '@nestjs/microservices', '@google-cloud/pubsub']),
    ...entry('scheduler', ['node-cron', 'cron', 'node-schedule', '@nestjs/schedule', 'agenda', 'toad-scheduler']),
    ...entry('web', ['express', 'fastify', 'koa', '@hapi/hapi', 'restify', 'hono', '@hono/node-server', '@nestjs/core', '@nestjs/common', '@nestjs/terminus', '@godaddy/terminus', 'http-terminator', 'stoppable', 'lightship']),
    ...entry('logging', ['pino', 'winston', 'bunyan', 'log4js', 'morgan', 'loglevel', 'consola', 'signale', 'pino-http', 'nestjs-pino', 'express-winston']),
    ...entry('metrics', ['prom-client', 'hot-shots', 'node-statsd', 'datadog-metrics', 'express-prom-bundle', '@willsoto/nestjs-prometheus', '@opentelemetry/api', '@opentelemetry/sdk-metrics', 'dd-trace']),
  ],
  python: [
    ...entry('http', ['requests', 'httpx', 'aiohttp', 'urllib3', 'urllib']),
    ...entry('grpc', ['grpc', 'grpcio']),
    ...entry('database', ['psycopg2', 'psycopg', 'asyncpg', 'pymysql', 'MySQLdb', 'mysql', 'sqlalchemy', 'sqlmodel', 'pymongo', 'motor', 'django', 'peewee', 'tortoise', 'sqlite3', 'databases', 'flask_sqlalchemy']),
    ...entry('cache', ['redis', 'aioredis', 'pymemcache', 'memcache']),
    ...entry('messaging', ['kafka', 'confluent_kafka', 'aiokafka', 'pika', 'aio_pika', 'kombu', 'celery', 'nats', 'boto3', 'aiobotocore', 'dramatiq', 'rq']),
    ...entry('scheduler', ['apscheduler', 'schedule', 'celery']),
    ...entry('web', ['fastapi', 'flask', 'uvicorn', 'gunicorn', 'starlette', 'aiohttp', 'django', 'signal', 'waitress']),
    ...entry('logging', ['logging', 'structlog', 'loguru']),
    ...entry('metrics', ['prometheus_client', 'opentelemetry', 'statsd', 'datadog', 'prometheus_fastapi_instrumentator', 'ddtrace']),
  ],
  go: [
    ...entry('http', ['net/http', 'github.com/go-resty/resty/v2', 'github.com/go-resty/resty', 'github.com/hashicorp/go-retryablehttp']),
    ...entry('grpc', ['google.golang.org/grpc']),
    ...entry('database', ['database/sql', 'github.com/jmoiron/sqlx', 'gorm.io/gorm', 'github.com/jinzhu/gorm', 'github.com/jackc/pgx/v5', 'github.com/jackc/pgx/v4', 'github.com/jackc/pgx/v5/pgxpool', 'github.com/jackc/pgx/v4/pgxpool', 'go.mongodb.org/mongo-driver/mongo', 'go.mongodb.org/mongo-driver/v2/mongo', 'github.com/lib/pq', 'github.com/go-sql-driver/mysql', 'entgo.io/ent']),
    ...entry('cache', ['github.com/redis/go-redis/v9', 'github.com/go-redis/redis/v8', 'github.com/go-redis/redis', 'github.com/bradfitz/gomemcache/memcache']),
    ...entry('messaging', ['github.com/IBM/sarama', 'github.com/Shopify/sarama', 'github.com/segmentio/kafka-go', 'github.com/confluentinc/confluent-kafka-go/kafka', 'github.com/confluentinc/confluent-kafka-go/v2/kafka', 'github.com/streadway/amqp', 'github.com/rabbitmq/amqp091-go', 'github.com/nats-io/nats.go', 'github.com/aws/aws-sdk-go-v2/service/sqs', 'github.com/aws/aws-sdk-go/service/sqs', 'github.com/hibiken/asynq']),
    ...entry('scheduler', ['github.com/robfig/cron/v3', 'github.com/robfig/cron', 'github.com/go-co-op/gocron', 'github.com/go-co-op/gocron/v2']),
    ...entry('web', ['os/signal', 'github.com/gin-gonic/gin', 'github.com/labstack/echo/v4', 'github.com/gofiber/fiber/v2', 'github.com/go-chi/chi/v5', 'github.com/gorilla/mux']),
    ...entry('logging', ['log'], 'log'),
    ...entry('logging', ['log/slog'], 'slog'),
    ...entry('logging', ['go.uber.org/zap'], 'zap'),
    ...entry('logging', ['github.com/sirupsen/logrus'], 'logrus'),
    ...entry('logging', ['github.com/rs/zerolog', 'github.com/rs/zerolog/log'], 'zerolog'),
    ...entry('logging', ['github.com/go-kit/log', 'github.com/go-kit/kit/log'], 'go-kit log'),
    ...entry('metrics', ['github.com/prometheus/client_golang/prometheus', 'github.com/prometheus/client_golang/prometheus/promhttp', 'github.com/prometheus/client_golang/prometheus/promauto'], 'prometheus'),
    ...entry('metrics', ['go.opentelemetry.io/otel', 'go.opentelemetry.io/otel/metric'], 'opentelemetry'),
    ...entry('metrics', ['github.com/DataDog/datadog-go/statsd', 'github.com/DataDog/datadog-go/v5/statsd'], 'datadog'),
  ],
  java: [
    ...entry('http', ['org.springframework.web.client', 'org.springframework.web.reactive.function.client', 'java.net.http', 'okhttp3', 'org.apache.http', 'org.springframework.cloud.openfeign', 'feign', 'retrofit2']),
    ...entry('grpc', ['io.grpc', 'net.devh.boot.grpc']),
    ...entry('database', ['org.springframework.data', 'org.springframework.jdbc', 'jakarta.persistence', 'javax.persistence', 'java.sql', 'javax.sql', 'com.zaxxer.hikari', 'com.mongodb', 'org.hibernate', 'org.jooq', 'org.mybatis', 'org.apache.ibatis']),
    ...entry('cache', ['redis.clients.jedis', 'io.lettuce', 'org.springframework.data.redis', 'org.springframework.cache', 'net.spy.memcached']),
    ...entry('messaging', ['org.springframework.kafka', 'org.apache.kafka', 'org.springframework.amqp', 'com.rabbitmq', 'io.nats', 'org.springframework.jms', 'jakarta.jms', 'javax.jms', 'software.amazon.awssdk.services.sqs', 'io.awspring.cloud', 'org.springframework.cloud.stream']),
    ...entry('scheduler', ['org.springframework.scheduling', 'org.quartz']),
    ...entry('web', ['org.springframework.boot', 'jakarta.annotation', 'javax.annotation', 'org.springframework.context', 'org.springframework.beans']),
    ...entry('logging', ['org.slf4j', 'lombok.extern.slf4j'], 'slf4j'),
    ...entry('logging', ['org.apache.logging.log4j', 'org.apache.log4j', 'lombok.extern.log4j'], 'log4j'),
    ...entry('logging', ['java.util.logging'], 'java.util.logging'),
    ...entry('logging', ['ch.qos.logback'], 'logback'),
    ...entry('metrics', ['io.micrometer'], 'micrometer'),
    ...entry('metrics', ['io.prometheus'], 'prometheus'),
    ...entry('metrics', ['io.opentelemetry'], 'opentelemetry'),
  ],
};

/** Catalog entries by family and module specifier: every file of a repository imports the same few. */
const MATCHES: Record<CodeFamily, Map<string, readonly LibraryEntry[]>> = { js: new Map(), python: new Map(), go: new Map(), java: new Map() };
/** Bound on remembered specifiers per family (relative imports are many and rarely repeat across repositories). */
const MAX_REMEMBERED = 10_000;

/** The catalog entries a module specifier matches (the module itself or a sub-path/sub-module of it). */
export function librariesOf(family: CodeFamily, source: string): readonly LibraryEntry[] {
  const remembered = MATCHES[family];
  let entries = remembered.get(source);
  if (!entries) {
    entries = CATALOG[family].filter((lib) => matchesModule(family, source, lib.module));
    if (remembered.size >= MAX_REMEMBERED) remembered.clear();
    remembered.set(source, entries);
  }
  return entries;
}

function matchesModule(family: CodeFamily, source: string, module: string): boolean {
  if (source === module) return true;
  if (family === 'python' || family === 'java') return source.startsWith(`${module}.`);
  // Go: standard-library packages are distinct packages (`log` is not `log/slog`); repository paths
  // own their sub-packages and major versions (`github.com/x/y/v2`).
  if (family === 'go') return module.split('/').length >= 3 && source.startsWith(`${module}/`);
  // JS deep imports (`mysql2/promise`).
  return source.startsWith(`${module}/`);
}

/** Categories a set of imports brings in. */
export function categoriesOf(family: CodeFamily, sources: readonly string[]): Set<LibraryCategory> {
  const categories = new Set<LibraryCategory>();
  for (const source of sources) for (const lib of librariesOf(family, source)) categories.add(lib.category);
  return categories;
}

/** Friendly names of the logging or metrics libraries among imports. */
export function observabilityLibraries(family: CodeFamily, sources: readonly string[], category: 'logging' | 'metrics'): string[] {
  const names = new Set<string>();
  for (const source of sources) {
    for (const lib of librariesOf(family, source)) if (lib.category === category) names.add(lib.name ?? lib.module);
  }
  return [...names].sort();
}
