import { dropDatabase } from './database';

export default async function globalTeardown(): Promise<void> {
  if (process.env.EH_TEMPLATE_DATABASE) await dropDatabase(process.env.EH_TEMPLATE_DATABASE);
}
