import { dropDatabase } from './database';
import { stopTestServices } from './test-services';

export default async function globalTeardown(): Promise<void> {
  try {
    if (process.env.EH_TEMPLATE_DATABASE) await dropDatabase(process.env.EH_TEMPLATE_DATABASE);
  } finally {
    await stopTestServices();
  }
}
