import { Global, Module } from '@nestjs/common';
import { APP_FILTER, APP_GUARD, DiscoveryModule } from '@nestjs/core';
import { PassportModule } from '@nestjs/passport';
import { ThrottlerModule } from '@nestjs/throttler';
import { AppConfig } from '../config/config';
import { AuditController } from './audit/audit.controller';
import { AuditSealer } from './audit/audit-sealer';
import { AuditService } from './audit/audit.service';
import { AccessPolicy } from './auth/access-policy.service';
import { AuthController } from './auth/auth.controller';
import { DashboardSessions } from './auth/dashboard-sessions';
import { JwtAuthGuard, RolesGuard } from './auth/guards';
import { JwtStrategy } from './auth/jwt.strategy';
import { RefusalThrottlerGuard } from './auth/refusal-throttler.guard';
import { TokenService } from './auth/token.service';
import { UserDirectory } from './auth/user-directory';
import { DatabaseService } from './database/database.service';
import { ReadDatabase } from './database/read-database';
import { RecordWriter } from './database/record-writer';
import { Clock } from './clock/clock';
import { HealthController } from './health/health.controller';
import { HealthService } from './health/health.service';
import { SharedRateLimits } from './http/shared-rate-limits';
import { UserThrottlerGuard } from './http/user-throttler.guard';
import { GracefulShutdown } from './http/graceful-shutdown';
import { ProblemFilter } from './problem/problem.filter';
import { FieldHistoryController } from './history/field-history.controller';
import { FieldHistoryService } from './history/field-history.service';
import { JobRegistry } from './queue/job-registry';
import { JobScheduler } from './queue/job-scheduler';
import { OutboxRelay } from './queue/outbox-relay';
import { OutboxService } from './queue/outbox.service';
import { QueueWorker } from './queue/queue-worker';
import { PLATFORM_REGISTRATIONS } from './platform.registrations';
import { provideRegistrations, RegistrationsCollector } from './registrations/registrations';

const shared = [
  Clock,
  DatabaseService,
  ReadDatabase,
  RecordWriter,
  FieldHistoryService,
  AuditService,
  AuditSealer,
  AccessPolicy,
  TokenService,
  UserDirectory,
  DashboardSessions,
  JobRegistry,
  OutboxService,
  OutboxRelay,
  QueueWorker,
  JobScheduler,
  HealthService,
  RegistrationsCollector,
];

/** Cross-cutting services every feature may inject, and the global guards, filter and interceptors. */
@Global()
@Module({
  imports: [
    DiscoveryModule,
    PassportModule,
    ThrottlerModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        throttlers: [{ ttl: 60_000, limit: config.rateLimitPerMinute }],
        // Shared by every API process through Redis when REDIS_URL is set.
        storage: new SharedRateLimits(config.redisUrl, `${config.queuePrefix}:rate`),
      }),
    }),
  ],
  controllers: [HealthController, AuditController, FieldHistoryController, AuthController],
  providers: [
    ...shared,
    provideRegistrations(PLATFORM_REGISTRATIONS),
    JwtStrategy,
    GracefulShutdown,
    // Order matters: refuse an address that keeps failing before looking at its token, then
    // authenticate, then check roles, then count the request against the user.
    { provide: APP_GUARD, useClass: RefusalThrottlerGuard },
    { provide: APP_GUARD, useClass: JwtAuthGuard },
    { provide: APP_GUARD, useClass: RolesGuard },
    { provide: APP_GUARD, useClass: UserThrottlerGuard },
    // No global interceptor: each costs every request an observable chain. Idempotency and
    // Location are bound to the routes that use them; the ETag is set where the body is sent
    // (sendVersionAsETag in app.setup.ts).
    { provide: APP_FILTER, useClass: ProblemFilter },
  ],
  exports: shared,
})
export class PlatformModule {}
