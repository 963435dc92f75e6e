import { ApiProperty, ApiPropertyOptional, IntersectionType } from '@nestjs/swagger';
import { AssessmentFactorsDto } from '../../assessments/dto/assessment.dto';
import { IsIn, IsOptional, IsString, Length } from 'class-validator';
import { IsIsoDate } from '../../platform/http/iso-date';
import { CloseEpisodeDto } from '../../episodes/dto/episode.dto';
import { CLOSURE_REASONS, type ClosureReason } from '../../episodes/episode-rules';
import { SIGN_OFF_DECISIONS, type SignOffDecision } from '../sign-off-rules';

export class SignOffDto {
  @ApiProperty({
    enum: SIGN_OFF_DECISIONS,
    description: 'approved: the EHA is completed / the episode closed; returned: back to the author with the comment',
  })
  @IsIn(SIGN_OFF_DECISIONS)
  decision!: SignOffDecision;

  @ApiPropertyOptional({ maxLength: 4000, description: 'Required when returned: what to change' })
  @IsOptional()
  @IsString()
  @Length(1, 4000)
  comment?: string;
}

class AssessmentDecisionDto extends SignOffDto {
  @ApiPropertyOptional({
    format: 'date',
    description: 'Approved: the completed date the measures count (defaults to today; not before it was submitted)',
  })
  @IsOptional()
  @IsIsoDate()
  on?: string;
}

/** Approving may give (or correct) the assessment factors per child; returning may not. */
export class AssessmentSignOffDto extends IntersectionType(AssessmentDecisionDto, AssessmentFactorsDto) {}

/** The closure as it will be made once signed off: reason, date (defaults to the sign-off day) and notes. */
export class ClosureRequestDto extends CloseEpisodeDto {}

export class SignOffDecisionView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: ['assessment', 'episode_closure'] }) subjectType!: 'assessment' | 'episode_closure';
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) assessmentId!: string | null;
  @ApiProperty({ format: 'uuid', nullable: true, type: String }) closureRequestId!: string | null;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid', description: 'Whose work was decided' }) authorUserId!: string;
  @ApiProperty({ enum: SIGN_OFF_DECISIONS }) decision!: SignOffDecision;
  @ApiProperty({ nullable: true, type: String }) comment!: string | null;
  @ApiProperty({ format: 'uuid' }) decidedByUserId!: string;
  @ApiProperty({ format: 'uuid' }) decidedByOrganisationId!: string;
  @ApiProperty() decidedAt!: string;
}

export class ClosureRequestView {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) episodeId!: string;
  @ApiProperty({ format: 'uuid', description: 'Whose managers sign it off (the Lead Professional’s organisation)' })
  organisationId!: string;
  @ApiProperty({ format: 'uuid' }) requestedByUserId!: string;
  @ApiProperty() requestedAt!: string;
  @ApiProperty({ enum: CLOSURE_REASONS }) reason!: ClosureReason;
  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Null: the day it is signed off' })
  closedOn!: string | null;
  @ApiProperty({ nullable: true, type: String }) notes!: string | null;
  @ApiProperty({
    nullable: true,
    type: String,
    description: 'Reason for closure code (RC1 to RC9) the closure will carry',
  })
  endReasonCode!: string | null;
  @ApiProperty({ nullable: true, type: String, description: 'Primary need code (N0 to N9) the closure will carry' })
  reasonCode!: string | null;
  @ApiProperty({ enum: ['pending', 'approved', 'returned'] }) status!: 'pending' | 'approved' | 'returned';
  @ApiProperty({ nullable: true, type: String }) decidedAt!: string | null;
}

export class EpisodeSignOffs {
  @ApiProperty({
    type: ClosureRequestView,
    nullable: true,
    description: 'The closure request awaiting sign-off, if any',
  })
  pendingClosureRequest!: ClosureRequestView | null;

  @ApiProperty({ type: [ClosureRequestView], description: 'Every closure request, newest first' })
  closureRequests!: ClosureRequestView[];

  @ApiProperty({
    type: [SignOffDecisionView],
    description: "Every sign-off decision on the episode's EHA and closure, newest first",
  })
  decisions!: SignOffDecisionView[];
}
