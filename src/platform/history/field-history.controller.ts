import { Controller, Get, Param, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiParam, ApiTags } from '@nestjs/swagger';
import { AuditService } from '../audit/audit.service';
import { Roles } from '../auth/decorators';
import { PageQuery } from '../pagination/pagination';
import { validationProblem } from '../problem/problem';
import { FieldHistoryService, type FieldHistoryEntry } from './field-history.service';
import { historyPage } from './history-page';

/** The record types whose updates keep field history (each PATCH of the API writes one of them). */
export const HISTORY_ENTITY_TYPES = [
  'person',
  'family',
  'family_member',
  'consent',
  'assessment',
  'taf_action',
  'organisation',
  'locality',
  'user',
  'support_level',
  'retention_rule',
  'sf_outcome_rule',
] as const;

/** Record types keyed by a code rather than a UUID. */
const CODE_KEYED: readonly string[] = ['support_level', 'retention_rule', 'sf_outcome_rule'];
const CODE = /^[a-z][a-z0-9_]{0,62}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

@ApiTags('audit')
@ApiBearerAuth()
@Roles('auditor')
@Controller('history')
export class FieldHistoryController {
  constructor(
    private readonly history: FieldHistoryService,
    private readonly audit: AuditService,
  ) {}

  @Get(':entityType/:id')
  @ApiOperation({
    summary: "A record's field-by-field history: who changed which field, from what to what, when (auditor; audited)",
    description: 'Oldest first, paged by keyset: `limit` (1-200, default 50) and `cursor` (the previous nextCursor).',
  })
  @ApiParam({ name: 'entityType', enum: HISTORY_ENTITY_TYPES })
  @ApiOkResponse({
    schema: {
      type: 'object',
      properties: { items: { type: 'array' }, nextCursor: { type: 'string', nullable: true } },
    },
  })
  async forRecord(
    @Param('entityType') entityType: string,
    @Param('id') id: string,
    @Query() query: PageQuery,
  ): Promise<{ items: FieldHistoryEntry[]; nextCursor: string | null }> {
    const errors = [];
    if (!(HISTORY_ENTITY_TYPES as readonly string[]).includes(entityType)) {
      errors.push({ field: 'entityType', message: `entityType must be one of ${HISTORY_ENTITY_TYPES.join(', ')}` });
    }
    if (CODE_KEYED.includes(entityType) ? !CODE.test(id) : !UUID.test(id)) {
      errors.push({
        field: 'id',
        message: CODE_KEYED.includes(entityType) ? 'id must be a code' : 'id must be a UUID',
      });
    }
    if (errors.length > 0) throw validationProblem(errors);
    return historyPage(this.history, this.audit, entityType, id, query);
  }
}
