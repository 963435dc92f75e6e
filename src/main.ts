import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { AppModule } from './app.module';
import { configureApp } from './app.setup';
import { loadConfig } from './config/config';
import { DemoSeedService } from './demo/demo-seed.service';

async function bootstrap(): Promise<void> {
  const config = loadConfig();
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), {
    bodyParser: false,
    bufferLogs: true,
  });
  configureApp(app, config);
  if (config.demoSeedOnStart) {
    // The demo partnership and a small synthetic history, so the demo logins see case data;
    const demo = app.get(DemoSeedService);
    await demo.seed();
    await demo.seedCases('small');
    // Then the measures over that history, so the dashboard shows figures from the start.
    await demo.computeMeasures();
  }
  await app.listen(config.port);
  process.stdout.write(`Early Help API on http://localhost:${config.port} (docs at /docs)\n`);
}

bootstrap().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
