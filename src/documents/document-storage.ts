import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CreateMultipartUploadCommand,
  DeleteObjectCommand,
  GetObjectCommand,
  S3Client,
  UploadPartCommand,
} from '@aws-sdk/client-s3';
import { Injectable } from '@nestjs/common';
import { AppConfig } from '../config/config';
import { DocumentsRepository } from './documents.repository';

/**
 * Where document bytes live, behind one interface (DOCUMENT_STORAGE). `put` consumes the stream
 * (and fails when it fails, leaving nothing behind), `open` streams the bytes back.
 */
export interface DocumentStorage {
  readonly kind: 'postgres' | 'local' | 's3';
  put(key: string, content: Readable): Promise<void>;
  open(key: string): Promise<Readable>;
  remove(key: string): Promise<void>;
}

export const CHUNK_BYTES = 256 * 1024;

/** Cuts a stream into pieces of `size` bytes (the last shorter), calling `each` one at a time. */
async function inPieces(content: Readable, size: number, each: (piece: Buffer, seq: number) => Promise<void>) {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  let seq = 0;
  for await (const chunk of content) {
    let buffer = chunk as Buffer;
    while (pendingBytes + buffer.length >= size) {
      const take = size - pendingBytes;
      pending.push(buffer.subarray(0, take));
      await each(Buffer.concat(pending), seq++);
      buffer = buffer.subarray(take);
      pending = [];
      pendingBytes = 0;
    }
    if (buffer.length > 0) {
      pending.push(buffer);
      pendingBytes += buffer.length;
    }
  }
  if (pendingBytes > 0 || seq === 0) await each(Buffer.concat(pending), seq);
}

/** Chunks of 256 KiB in `document_chunks`, written in the upload's transaction (rolled back with it). */
export class PostgresDocumentStorage implements DocumentStorage {
  readonly kind = 'postgres';
  constructor(private readonly repository: DocumentsRepository) {}

  put(key: string, content: Readable): Promise<void> {
    return inPieces(content, CHUNK_BYTES, (piece, seq) => this.repository.insertChunk(key, seq, piece));
  }

  async open(key: string): Promise<Readable> {
    const count = await this.repository.chunkCount(key);
    const repository = this.repository;
    return Readable.from(
      (async function* () {
        for (let seq = 0; seq < count; seq++) yield await repository.chunk(key, seq);
      })(),
    );
  }

  remove(key: string): Promise<void> {
    return this.repository.deleteChunks(key);
  }
}

/** One file per document under DOCUMENT_DIR, named by its storage key (a UUID), never by the upload's name. */
export class LocalDocumentStorage implements DocumentStorage {
  readonly kind = 'local';
  constructor(private readonly dir: string) {}

  private path(key: string): string {
    if (!/^[0-9a-f-]{36}$/.test(key)) throw new Error('bad storage key');
    return join(this.dir, key);
  }

  async put(key: string, content: Readable): Promise<void> {
    await mkdir(this.dir, { recursive: true });
    try {
      await pipeline(content, createWriteStream(this.path(key), { flags: 'wx' }));
    } catch (error) {
      await rm(this.path(key), { force: true });
      throw error;
    }
  }

  open(key: string): Promise<Readable> {
    return Promise.resolve(createReadStream(this.path(key)));
  }

  remove(key: string): Promise<void> {
    return rm(this.path(key), { force: true });
  }
}

/** S3 multipart uploads need parts of at least 5 MiB (but the last). */
const S3_PART_BYTES = 5 * 1024 * 1024;

/**
 * S3 or an S3-compatible server (S3_ENDPOINT, S3_FORCE_PATH_STYLE), with the AWS SDK v3: the
 * upload is streamed as a multipart upload in 5 MiB parts, aborted when the stream fails.
 */
export class S3DocumentStorage implements DocumentStorage {
  readonly kind = 's3';
  private readonly client: S3Client;
  private readonly bucket: string;

  constructor(config: AppConfig['s3']) {
    this.bucket = config.bucket!;
    this.client = new S3Client({
      region: config.region,
      endpoint: config.endpoint,
      forcePathStyle: config.forcePathStyle,
      credentials:
        config.accessKeyId && config.secretAccessKey
          ? { accessKeyId: config.accessKeyId, secretAccessKey: config.secretAccessKey }
          : undefined,
    });
  }

  async put(key: string, content: Readable): Promise<void> {
    const { UploadId } = await this.client.send(new CreateMultipartUploadCommand({ Bucket: this.bucket, Key: key }));
    const parts: { ETag?: string; PartNumber: number }[] = [];
    try {
      await inPieces(content, S3_PART_BYTES, async (piece, seq) => {
        const { ETag } = await this.client.send(
          new UploadPartCommand({ Bucket: this.bucket, Key: key, UploadId, PartNumber: seq + 1, Body: piece }),
        );
        parts.push({ ETag, PartNumber: seq + 1 });
      });
      await this.client.send(
        new CompleteMultipartUploadCommand({
          Bucket: this.bucket,
          Key: key,
          UploadId,
          MultipartUpload: { Parts: parts },
        }),
      );
    } catch (error) {
      await this.client
        .send(new AbortMultipartUploadCommand({ Bucket: this.bucket, Key: key, UploadId }))
        .catch(() => undefined);
      throw error;
    }
  }

  async open(key: string): Promise<Readable> {
    const { Body } = await this.client.send(new GetObjectCommand({ Bucket: this.bucket, Key: key }));
    return Body as Readable;
  }

  async remove(key: string): Promise<void> {
    await this.client.send(new DeleteObjectCommand({ Bucket: this.bucket, Key: key }));
  }
}

/** The storage DOCUMENT_STORAGE names. */
export function documentStorage(config: AppConfig, repository: DocumentsRepository): DocumentStorage {
  switch (config.documentStorage) {
    case 'local':
      return new LocalDocumentStorage(config.documentDir);
    case 's3':
      return new S3DocumentStorage(config.s3);
    default:
      return new PostgresDocumentStorage(repository);
  }
}

/**
 * The stores documents live in: the one DOCUMENT_STORAGE names (new uploads) and, by the `storage`
 * a document row records, the one its bytes were written to (a setting changed later leaves older
 * documents where they were). Reads, and removals by retention, go to the document's own store.
 */
@Injectable()
export class DocumentStores {
  private readonly stores = new Map<DocumentStorage['kind'], DocumentStorage>();
  readonly current: DocumentStorage;

  constructor(
    private readonly config: AppConfig,
    private readonly repository: DocumentsRepository,
  ) {
    this.current = documentStorage(config, repository);
    this.stores.set(this.current.kind, this.current);
  }

  of(kind: DocumentStorage['kind']): DocumentStorage {
    let store = this.stores.get(kind);
    if (!store) {
      store = documentStorage({ ...this.config, documentStorage: kind }, this.repository);
      this.stores.set(kind, store);
    }
    return store;
  }
}
