import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, ListObjectsV2Command, S3Client } from '@aws-sdk/client-s3';
import S3rver from 's3rver';

export const S3_BUCKET = 'early-help-documents';

/**
 * An S3-compatible server (s3rver) for the describe block that calls this, started before its app
 * and stopped after: `env()` is the app's DOCUMENT_STORAGE=s3 settings, `keys()` the bucket's objects.
 */
export function s3StandIn(): { env: () => Record<string, string>; keys: () => Promise<string[]> } {
  const dir = mkdtempSync(join(tmpdir(), 's3rver-'));
  let server: S3rver;
  let client: S3Client;
  let endpoint = '';
  beforeAll(async () => {
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir });
    const { port } = await server.run();
    endpoint = `http://127.0.0.1:${port}`;
    client = new S3Client({
      region: 'eu-west-2',
      endpoint,
      forcePathStyle: true,
      credentials: { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' },
    });
    await client.send(new CreateBucketCommand({ Bucket: S3_BUCKET }));
  });
  afterAll(async () => {
    client.destroy();
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });
  return {
    env: () => ({
      DOCUMENT_STORAGE: 's3',
      S3_BUCKET,
      S3_ENDPOINT: endpoint,
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'S3RVER',
      S3_SECRET_ACCESS_KEY: 'S3RVER',
    }),
    keys: async () => {
      const objects = await client.send(new ListObjectsV2Command({ Bucket: S3_BUCKET }));
      return (objects.Contents ?? []).map((object) => object.Key!);
    },
  };
}
