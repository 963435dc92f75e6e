import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../platform/database/versioned.entity';

export const CONSENT_SCOPES = ['assessment', 'information_sharing'] as const;
export type ConsentScope = (typeof CONSENT_SCOPES)[number];

@Entity('consents')
export class Consent extends VersionedEntity {
  @ApiProperty({ format: 'uuid' })
  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @ApiProperty({ format: 'uuid', description: 'The family member who gave it' })
  @Column({ name: 'given_by_person_id', type: 'uuid' })
  givenByPersonId!: string;

  @ApiProperty({ format: 'date' })
  @Column({ name: 'given_on', type: 'date' })
  givenOn!: string;

  @ApiProperty({ enum: CONSENT_SCOPES, isArray: true })
  @Column({ type: 'text', array: true })
  scopes!: ConsentScope[];

  @ApiProperty({ type: [String], format: 'uuid', description: 'The organisations it covers' })
  @Column({ name: 'organisation_ids', type: 'uuid', array: true })
  organisationIds!: string[];

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  @Column({ name: 'recorded_by_user_id', type: 'uuid', nullable: true })
  recordedByUserId!: string | null;

  @ApiProperty({ format: 'uuid' })
  @Column({ name: 'recorded_by_organisation_id', type: 'uuid' })
  recordedByOrganisationId!: string;

  @ApiProperty({ nullable: true, type: String, description: 'Sharing stopped at this instant' })
  @Column({ name: 'withdrawn_at', type: 'timestamptz', nullable: true })
  withdrawnAt!: Date | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  @Column({ name: 'withdrawn_by_user_id', type: 'uuid', nullable: true })
  withdrawnByUserId!: string | null;

  @ApiProperty({ nullable: true, type: String })
  @Column({ name: 'withdrawal_reason', type: 'text', nullable: true })
  withdrawalReason!: string | null;
}
