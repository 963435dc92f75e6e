import { createHash, randomUUID } from 'node:crypto';
import { Readable, Transform, TransformCallback } from 'node:stream';
import { Injectable, NotFoundException } from '@nestjs/common';
import busboy from 'busboy';
import type { Request } from 'express';
import { isUUID } from 'class-validator';
import { FamilyAccessService } from '../access/family-access.service';
import { AppConfig } from '../config/config';
import { MarfService } from '../marf/marf.service';
import { AuditService } from '../platform/audit/audit.service';
import { AccessPolicy } from '../platform/auth/access-policy.service';
import type { AuthUser } from '../platform/auth/auth-user';
import { DatabaseService } from '../platform/database/database.service';
import { decodeCursor, Page, pageSize, toPage } from '../platform/pagination/pagination';
import { validationProblem, type FieldError } from '../platform/problem/problem';
import { problemOf } from '../platform/problem/problem-type';
import { DocxMarker, DOCUMENT_TYPES, type DocumentType, safeFileName, SNIFF_BYTES, sniffType } from './document-rules';
import { type DocumentStorage, DocumentStores } from './document-storage';
import { DocumentsRepository, type DocumentTarget } from './documents.repository';
import { DOCUMENT_PROBLEMS } from './documents.problems';
import {
  DeleteDocumentDto,
  DOCUMENT_TARGET_TYPES,
  DocumentQuery,
  DocumentTargetType,
  DocumentView,
} from './dto/document.dto';

/** The access level of each kind of record: the family's, an episode's own, the case record for the rest. */
const LEVEL: Record<DocumentTargetType, 'family' | 'case' | 'episode'> = {
  family: 'family',
  episode: 'episode',
  assessment: 'case',
  taf_plan: 'case',
  marf: 'case',
};

/**
 * Checks the content while it streams past: its type from the first bytes (magic numbers, never the
 * name), its size and its SHA-256. Fails the stream at the first wrong byte.
 */
class ContentInspector extends Transform {
  private head = Buffer.alloc(0);
  private sniffed?: DocumentType | 'zip';
  private readonly docx = new DocxMarker();
  private readonly hash = createHash('sha256');
  bytes = 0;

  constructor(private readonly allowed: readonly string[]) {
    super();
  }

  get type(): DocumentType | undefined {
    if (this.sniffed === 'zip') return this.docx.found ? 'docx' : undefined;
    return this.sniffed;
  }

  get sha256(): string {
    return this.hash.digest('hex');
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.bytes += chunk.length;
    this.hash.update(chunk);
    if (this.sniffed === 'zip') this.docx.push(chunk);
    if (this.sniffed === undefined) {
      this.head = Buffer.concat([this.head, chunk]);
      if (this.head.length < SNIFF_BYTES) return callback();
      const error = this.decide();
      if (error) return callback(error);
      if (this.sniffed === 'zip') this.docx.push(this.head);
      return callback(null, this.head);
    }
    callback(null, chunk);
  }

  override _flush(callback: TransformCallback): void {
    if (this.sniffed === undefined) {
      const error = this.decide();
      if (error) return callback(error);
      if (this.sniffed === 'zip') this.docx.push(this.head);
      this.push(this.head);
    }
    if (this.sniffed === 'zip' && !this.docx.found) return callback(this.refusal('a ZIP archive that is not a DOCX'));
    callback();
  }

  private decide(): Error | undefined {
    if (this.head.length === 0) return problemOf(DOCUMENT_PROBLEMS.noFile, 'The file is empty');
    const type = sniffType(this.head);
    const allowed = type === 'zip' ? this.allowed.includes('docx') : type !== undefined && this.allowed.includes(type);
    if (!type || !allowed) return this.refusal(type ? `a ${type.toUpperCase()} file` : 'of a type not recognised');
    this.sniffed = type;
    return undefined;
  }

  private refusal(what: string): Error {
    return problemOf(
      DOCUMENT_PROBLEMS.typeNotAllowed,
      `The content is ${what}; allowed: ${this.allowed.join(', ')} (recognised from the content, not the name)`,
      { allowed: this.allowed },
    );
  }
}

/**
 * Documents attached to a family, episode, EHA, TAF plan or MARF. Uploads stream through the
 * content check into the storage DOCUMENT_STORAGE names; reads follow the rule of the record the
 * document hangs off, and every read of metadata or content is audited.
 */
@Injectable()
export class DocumentsService {
  private readonly storage: DocumentStorage;

  constructor(
    private readonly db: DatabaseService,
    private readonly repository: DocumentsRepository,
    private readonly access: FamilyAccessService,
    private readonly policy: AccessPolicy,
    private readonly marfs: MarfService,
    private readonly audit: AuditService,
    private readonly config: AppConfig,
    private readonly stores: DocumentStores,
  ) {
    this.storage = stores.current;
  }

  /** POST /documents: the fields, then one file, read as they stream in. */
  async upload(caller: AuthUser, request: Request): Promise<DocumentView> {
    if (!request.is('multipart/form-data')) {
      throw problemOf(DOCUMENT_PROBLEMS.notMultipart, 'Send the document as multipart/form-data');
    }
    let parser: busboy.Busboy;
    try {
      parser = busboy({
        headers: request.headers,
        limits: { files: 1, fields: 10, fieldSize: 1000, fileSize: this.config.documentMaxBytes, parts: 12 },
      });
    } catch {
      throw problemOf(DOCUMENT_PROBLEMS.notMultipart, 'The multipart body has no boundary');
    }
    const fields: Record<string, string> = {};
    const stored = new Promise<DocumentView>((resolve, reject) => {
      let started = false;
      parser.on('field', (name, value) => {
        fields[name] = value;
      });
      parser.on('file', (name, file, info) => {
        if (started || name !== 'file') {
          file.resume();
          return;
        }
        started = true;
        this.store(caller, fields, file, info.filename).then(resolve, (error: unknown) => {
          file.resume();
          reject(error as Error);
        });
      });
      parser.on('close', () => {
        if (!started) reject(problemOf(DOCUMENT_PROBLEMS.noFile, 'The body has no part named file'));
      });
      parser.on('error', (error) =>
        reject(validationProblem([{ field: 'file', message: `Bad multipart body: ${(error as Error).message}` }])),
      );
    });
    request.pipe(parser);
    try {
      return await stored;
    } catch (error) {
      request.unpipe(parser);
      request.resume();
      throw error;
    }
  }

  private async store(
    caller: AuthUser,
    fields: Record<string, string>,
    file: Readable & { truncated?: boolean },
    fileName: string | undefined,
  ): Promise<DocumentView> {
    const errors: FieldError[] = [];
    const targetType = fields.targetType as DocumentTargetType;
    if (!DOCUMENT_TARGET_TYPES.includes(targetType)) {
      errors.push({ field: 'targetType', message: `targetType must be one of ${DOCUMENT_TARGET_TYPES.join(', ')}` });
    }
    if (!isUUID(fields.targetId ?? '')) errors.push({ field: 'targetId', message: 'targetId must be a UUID' });
    const title = fields.title?.trim();
    if (title !== undefined && (title.length === 0 || title.length > 200)) {
      errors.push({ field: 'title', message: 'title must be 1 to 200 characters' });
    }
    if (errors.length > 0) throw validationProblem(errors);
    const target = await this.assertCanReadTarget(caller, targetType, fields.targetId!);

    const inspector = new ContentInspector(this.config.documentTypes);
    file.on('limit', () =>
      inspector.destroy(
        problemOf(DOCUMENT_PROBLEMS.tooLarge, `A document may be at most ${this.config.documentMaxBytes} bytes`, {
          maxBytes: this.config.documentMaxBytes,
        }),
      ),
    );
    inspector.on('error', () => {
      file.unpipe(inspector);
      file.resume();
    });
    file.pipe(inspector);
    const id = randomUUID();
    const storageKey = randomUUID();
    try {
      return await this.db.transaction(async () => {
        await this.storage.put(storageKey, inspector);
        const type = inspector.type!;
        await this.repository.insert({
          id,
          familyId: target.familyId,
          targetType,
          targetId: fields.targetId!,
          title: title ?? null,
          fileName: safeFileName(fileName, `document.${DOCUMENT_TYPES[type].extension}`),
          contentType: DOCUMENT_TYPES[type].contentType,
          byteSize: inspector.bytes,
          sha256: inspector.sha256,
          storage: this.storage.kind,
          storageKey,
          uploadedByUserId: caller.id,
          uploadedByOrganisationId: caller.organisationId,
        });
        await this.audit.record({
          action: 'create',
          entityType: 'document',
          entityId: id,
          details: { targetType, targetId: fields.targetId, contentType: DOCUMENT_TYPES[type].contentType },
        });
        return this.view(id);
      });
    } catch (error) {
      // PostgreSQL chunks rolled back with the transaction; files and objects are removed here.
      if (this.storage.kind !== 'postgres') await this.storage.remove(storageKey).catch(() => undefined);
      throw error;
    }
  }

  /** GET /documents/{id}: metadata, audited. */
  async get(caller: AuthUser, id: string): Promise<DocumentView> {
    const document = await this.findVisible(caller, id);
    await this.audit.record({ action: 'read', entityType: 'document', entityId: id });
    const { storage: _storage, storageKey: _key, ...view } = document;
    return view;
  }

  /** GET /documents/{id}/content: the bytes, streamed, audited; 410 once deleted. */
  async content(caller: AuthUser, id: string): Promise<{ document: DocumentView; stream: Readable }> {
    const document = await this.findVisible(caller, id);
    if (document.deletedAt) {
      throw problemOf(DOCUMENT_PROBLEMS.deleted, `Document ${id} was deleted: ${document.deletionReason ?? ''}`.trim());
    }
    await this.audit.record({ action: 'read', entityType: 'document', entityId: id, details: { content: true } });
    const stream = await this.stores.of(document.storage).open(document.storageKey);
    return { document, stream };
  }

  /** GET /documents?targetType=&targetId=: the record's documents, newest first. */
  async list(caller: AuthUser, query: DocumentQuery): Promise<Page<DocumentView>> {
    await this.assertCanReadTarget(caller, query.targetType, query.targetId);
    const limit = pageSize(query);
    const cursor = decodeCursor(query.cursor, 2);
    let before: { uploadedAt: string; id: string } | undefined;
    if (cursor) {
      const at = new Date(String(cursor[0]));
      if (Number.isNaN(at.getTime()) || typeof cursor[1] !== 'string' || !isUUID(cursor[1]))
        throw validationProblem([{ field: 'cursor', message: 'cursor is not one this API issued' }]);
      before = { uploadedAt: at.toISOString(), id: cursor[1] };
    }
    const rows = await this.repository.list({
      targetType: query.targetType,
      targetId: query.targetId,
      includeDeleted: query.includeDeleted ?? false,
      before,
      limit,
    });
    return this.audit.readPage(
      toPage(rows, limit, (row) => [row.uploadedAt, row.id]),
      { entityType: 'document', view: query.targetType },
    );
  }

  /**
   * POST /documents/{id}/delete: a soft delete with its reason, by the uploader or a manager of the
   * uploader's organisation. The metadata stays; the content is no longer served.
   */
  remove(caller: AuthUser, id: string, dto: DeleteDocumentDto): Promise<DocumentView> {
    return this.db.transaction(async () => {
      const document = await this.findVisible(caller, id, { lock: true });
      const uploader = document.uploadedByUserId === caller.id;
      const manager =
        document.uploadedByOrganisationId === caller.organisationId && this.policy.hasAnyRole(caller, 'manager');
      if (!uploader && !manager) {
        throw problemOf(
          DOCUMENT_PROBLEMS.notUploader,
          "The uploader or a manager of the uploader's organisation deletes a document",
        );
      }
      if (document.deletedAt) throw problemOf(DOCUMENT_PROBLEMS.deleted, `Document ${id} is already deleted`);
      await this.repository.markDeleted(id, caller.id, dto.reason.trim());
      await this.audit.record({ action: 'delete', entityType: 'document', entityId: id, details: { soft: true } });
      return this.view(id);
    });
  }

  private async view(id: string): Promise<DocumentView> {
    const { storage: _storage, storageKey: _key, ...view } = (await this.repository.find(id))!;
    return view;
  }

  private async findVisible(caller: AuthUser, id: string, options: { lock?: boolean } = {}) {
    const document = await this.repository.find(id, options);
    if (!document) throw new NotFoundException(`No document with id ${id}`);
    try {
      await this.assertCanReadTarget(caller, document.targetType, document.targetId);
    } catch (error) {
      if (error instanceof NotFoundException) throw new NotFoundException(`No document with id ${id}`);
      throw error;
    }
    return document;
  }

  /** The rule of the record itself: 404 (audited as read_denied) when the caller may not read it. */
  private async assertCanReadTarget(caller: AuthUser, type: DocumentTargetType, id: string): Promise<DocumentTarget> {
    const target = await this.repository.target(type, id);
    const label = type.replace('_', ' ');
    if (!target) throw new NotFoundException(`No ${label} with id ${id}`);
    if (type === 'marf') {
      await this.marfs.assertCanRead(caller, id);
      return target;
    }
    await this.access.assertCanReadRecord(
      caller,
      {
        entityType: type,
        label,
        id,
        familyId: target.familyId,
        recordedByOrganisationId: target.recordedByOrganisationId,
        episodeId: target.episodeId,
      },
      LEVEL[type],
    );
    return target;
  }
}
