import { INestApplication } from '@nestjs/common';
import { NestExpressApplication } from '@nestjs/platform-express';
import { DocumentBuilder, OpenAPIObject, SwaggerModule } from '@nestjs/swagger';
import { isUtf8 } from 'node:buffer';
import type { Server } from 'node:http';
import { type Express, json } from 'express';
import helmet from 'helmet';
import { Logger, PinoLogger } from 'nestjs-pino';
import type { AppConfig } from './config/config';
import { applicationProblemTypes } from './app.registrations';
import { addProblemResponses, addProblemTypes } from './openapi-problems';
import { RequestValidationPipe } from './platform/http/nullable';
import { requestContextMiddleware } from './platform/http/request-context.middleware';
import { GracefulShutdown } from './platform/http/graceful-shutdown';
import { keepConnectionsAlive } from './platform/http/keep-alive';
import { sendVersionAsETag } from './platform/http/version-etag';
import { privateResponses } from './platform/http/private-responses';
import { requestLog } from './platform/http/request-log.middleware';
import { refuseContentEncoding, refuseUnsafeInput } from './platform/http/request-input';
import { bodyParserErrorHandler } from './platform/problem/problem.filter';
import { flattenValidationErrors, validationProblem } from './platform/problem/problem';

export function buildOpenApiDocument(app: INestApplication): OpenAPIObject {
  const document = new DocumentBuilder()
    .setTitle('Early Help case management API')
    .setDescription(
      "Multi-agency Early Help for children's services partnerships: people, families, consent, Early Help " +
        'episodes, assessments, Team Around the Family plans, MARFs to the MASH, and partnership measures. ' +
        'Errors are application/problem+json (RFC 9457). Lists take ?limit= (max 200) and ?cursor=.',
    )
    .setVersion('1')
    .setLicense('MIT', 'https://opensource.org/license/mit')
    .addServer('/', 'The server that serves this document (/openapi.json)')
    .addBearerAuth({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
    .addSecurityRequirements('bearer')
    .build();
  return addProblemTypes(
    addProblemResponses(
      SwaggerModule.createDocument(app, document, {
        operationIdFactory: (controller, method) => `${controller.replace(/Controller$/, '')}_${method}`,
      }),
    ),
    applicationProblemTypes(),
  );
}

/**
 * Everything about the HTTP surface that is not a route: shared by main.ts and the e2e tests so
 * they exercise the same stack.
 */
export function configureApp(app: NestExpressApplication, config: AppConfig): void {
  app.useLogger(app.get(Logger));
  app.set('trust proxy', 'loopback, linklocal, uniquelocal');
  app.disable('x-powered-by');
  // The ETag a client sees is a record's version (versioning.ts), never a hash of the body.
  app.set('etag', false);
  sendVersionAsETag(app.getHttpAdapter().getInstance() as Express);
  // First: a stopping process waits for every request it has begun (graceful-shutdown.ts).
  app.use(app.get(GracefulShutdown).track);
  // Next, so that requests refused by the middleware below (415, 413, bad JSON) are logged too.
  app.use(requestLog(() => PinoLogger.root));
  app.use(helmet());
  app.use(privateResponses);
  app.use(refuseContentEncoding);
  // Parsed before the request context opens: body-parser's stream callbacks would lose it.
  app.use(
    json({
      limit: config.bodyLimit,
      strict: true,
      // Compressed bodies are refused above (415); never inflated.
      inflate: false,
      type: ['application/json', 'application/*+json'],
      // Invalid UTF-8 would otherwise be decoded into replacement characters and stored.
      verify: (_request, _response, body) => {
        if (!isUtf8(body)) {
          throw Object.assign(new Error('The request body is not valid UTF-8'), {
            status: 400,
            type: 'encoding.invalid',
          });
        }
      },
    }),
  );
  app.use(bodyParserErrorHandler);
  app.use(requestContextMiddleware);
  app.use(refuseUnsafeInput);
  app.useGlobalPipes(
    new RequestValidationPipe({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      forbidUnknownValues: true,
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => validationProblem(flattenValidationErrors(errors)),
    }),
  );
  keepConnectionsAlive(app.getHttpServer() as Server, config.httpKeepAliveTimeoutMs);
  app.enableShutdownHooks();
  const document = buildOpenApiDocument(app);
  SwaggerModule.setup('docs', app, document, { jsonDocumentUrl: 'openapi.json', customSiteTitle: 'Early Help API' });
}
