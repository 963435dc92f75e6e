import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../platform/database/versioned.entity';

export const RELATIONSHIPS = [
  'child',
  'mother',
  'father',
  'step_parent',
  'carer',
  'sibling',
  'grandparent',
  'other',
] as const;
export type Relationship = (typeof RELATIONSHIPS)[number];

@Entity('families')
export class Family extends VersionedEntity {
  @ApiProperty({ example: 'Okafor household' })
  @Column({ type: 'text' })
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @Column({ name: 'created_by_organisation_id', type: 'uuid' })
  createdByOrganisationId!: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;
}

@Entity('family_members')
export class FamilyMember extends VersionedEntity {
  @ApiProperty({ format: 'uuid' })
  @Column({ name: 'family_id', type: 'uuid' })
  familyId!: string;

  @ApiProperty({ format: 'uuid' })
  @Column({ name: 'person_id', type: 'uuid' })
  personId!: string;

  @ApiProperty({
    enum: RELATIONSHIPS,
    description: "The member's place in the family (child, or relation to the children)",
  })
  @Column({ type: 'text' })
  relationship!: Relationship;

  @ApiProperty()
  @Column({ name: 'lives_in_household', type: 'boolean' })
  livesInHousehold!: boolean;

  @ApiProperty({ format: 'date' })
  @Column({ name: 'started_on', type: 'date' })
  startedOn!: string;

  @ApiProperty({ nullable: true, type: String, format: 'date', description: 'Set when the person left the family' })
  @Column({ name: 'ended_on', type: 'date', nullable: true })
  endedOn!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  @Column({ name: 'added_by_user_id', type: 'uuid', nullable: true })
  addedByUserId!: string | null;
}
