import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module';
import { buildOpenApiDocument } from './app.setup';
import { loadConfig } from './config/config';

/**
 * Writes openapi/openapi.json from the code. Nest's preview mode builds the module graph without
 * instantiating providers, so no database is needed.
 */
export async function generateOpenApi(): Promise<string> {
  const config = loadConfig({
    ...process.env,
    NODE_ENV: 'test',
    JWT_SECRET: 'x'.repeat(32),
    DATABASE_URL: 'postgres://unused/unused',
  });
  const app = await NestFactory.create(AppModule.forRoot(config), {
    preview: true,
    logger: false,
    abortOnError: false,
  });
  const document = buildOpenApiDocument(app);
  await app.close();
  return `${JSON.stringify(document, null, 2)}\n`;
}

if (require.main === module) {
  generateOpenApi()
    .then((json) => {
      const file = resolve('openapi', 'openapi.json');
      writeFileSync(file, json);
      process.stdout.write(`wrote ${file}\n`);
    })
    .catch((error: unknown) => {
      process.stderr.write(`${String(error)}\n`);
      process.exit(1);
    });
}
