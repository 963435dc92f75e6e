import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsIn, IsOptional, IsUUID } from 'class-validator';
import { PageQuery } from '../../platform/pagination/pagination';

export const WORKLIST_KINDS = [
  'allocation_awaiting_consent',
  'episode_without_eha',
  'eha_draft',
  'eha_awaiting_sign_off',
  'closure_awaiting_sign_off',
  'closure_returned',
  'taf_review_due',
  'taf_action_due',
  'marf_feedback_unread',
] as const;
export type WorklistKind = (typeof WORKLIST_KINDS)[number];

export class WorklistQuery extends PageQuery {
  @ApiPropertyOptional({
    format: 'uuid',
    description: "The caller's own organisation: the whole team's items instead of the caller's (managers only)",
  })
  @IsOptional()
  @IsUUID()
  team?: string;

  @ApiPropertyOptional({ enum: WORKLIST_KINDS, description: 'Only items of this kind' })
  @IsOptional()
  @IsIn(WORKLIST_KINDS)
  kind?: WorklistKind;
}

/** One thing to do, by reference only: the client fetches the record itself. */
export class WorklistItemView {
  @ApiProperty({ enum: WORKLIST_KINDS })
  kind!: WorklistKind;

  @ApiProperty({
    example: 'assessment',
    description: 'The record type: allocation, episode, assessment, closure_request, taf_plan, taf_action, marf',
  })
  entityType!: string;

  @ApiProperty({ format: 'uuid' })
  entityId!: string;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  familyId!: string | null;

  @ApiProperty({ format: 'uuid', nullable: true, type: String })
  episodeId!: string | null;

  @ApiProperty({ format: 'date', description: 'When it is (or was) due' })
  dueOn!: string;

  @ApiProperty({ description: 'Calendar days past due (0 when not yet due)' })
  daysOverdue!: number;

  @ApiProperty({ format: 'uuid', nullable: true, type: String, description: 'Whose item it is (team view)' })
  userId!: string | null;
}

export class WorklistCount {
  @ApiProperty({ enum: WORKLIST_KINDS })
  kind!: WorklistKind;

  @ApiProperty()
  count!: number;

  @ApiProperty({ description: 'Of which past due' })
  overdue!: number;
}

export class WorklistPage {
  @ApiProperty({ type: [WorklistItemView] })
  items!: WorklistItemView[];

  @ApiProperty({ nullable: true, type: String })
  nextCursor!: string | null;

  @ApiProperty({ type: [WorklistCount], description: 'Every kind, with its count over all pages (for a badge)' })
  counts!: WorklistCount[];
}
