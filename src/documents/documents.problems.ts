import { HttpStatus } from '@nestjs/common';
import type { ProblemType } from '../platform/problem/problem-type';

/** Refusals of documents. */
export const DOCUMENT_PROBLEMS = {
  notMultipart: {
    slug: 'not-multipart',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    title: 'multipart/form-data expected',
  },
  noFile: { slug: 'document-file-missing', status: HttpStatus.BAD_REQUEST, title: 'No file' },
  tooLarge: { slug: 'document-too-large', status: HttpStatus.PAYLOAD_TOO_LARGE, title: 'Document too large' },
  typeNotAllowed: {
    slug: 'document-type-not-allowed',
    status: HttpStatus.UNSUPPORTED_MEDIA_TYPE,
    title: 'Document type not allowed',
  },
  notUploader: {
    slug: 'not-document-uploader',
    status: HttpStatus.FORBIDDEN,
    title: "Only the uploader's organisation deletes a document",
  },
  deleted: { slug: 'document-deleted', status: HttpStatus.GONE, title: 'Document deleted' },
} as const satisfies Record<string, ProblemType>;
