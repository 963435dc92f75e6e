import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../platform/database/versioned.entity';
import {
  ETHNICITIES,
  ETHNICITY_GROUPS,
  PERSON_TYPES,
  SEND_STATUSES,
  SEXES,
  type Ethnicity,
  type EthnicityGroup,
  type PersonType,
  type SendStatus,
  type Sex,
} from './person-rules';

const nullableText = { type: 'text', nullable: true } as const;

@Entity('persons')
export class Person extends VersionedEntity {
  @ApiProperty({ enum: PERSON_TYPES, description: 'child covers young people to 25 with SEND' })
  @Column({ name: 'person_type', type: 'text' })
  personType!: PersonType;

  @ApiProperty()
  @Column({ name: 'first_name', type: 'text' })
  firstName!: string;

  @ApiProperty({ nullable: true, type: String })
  @Column({ name: 'middle_names', ...nullableText })
  middleNames!: string | null;

  @ApiProperty()
  @Column({ name: 'last_name', type: 'text' })
  lastName!: string;

  @ApiProperty({ nullable: true, type: String })
  @Column({ name: 'preferred_name', ...nullableText })
  preferredName!: string | null;

  @ApiProperty({ nullable: true, type: String, format: 'date' })
  @Column({ name: 'date_of_birth', type: 'date', nullable: true })
  dateOfBirth!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    format: 'date',
    description: 'For an unborn child, instead of dateOfBirth',
  })
  @Column({ name: 'expected_date_of_birth', type: 'date', nullable: true })
  expectedDateOfBirth!: string | null;

  @ApiProperty({ enum: SEXES })
  @Column({ type: 'text' })
  sex!: Sex;

  @ApiProperty({ nullable: true, type: String, description: "Gender identity, in the person's own words" })
  @Column(nullableText)
  gender!: string | null;

  @ApiProperty({ enum: ETHNICITIES, description: 'ONS 2021 categories' })
  @Column({ type: 'text' })
  ethnicity!: Ethnicity;

  @ApiProperty({ enum: ETHNICITY_GROUPS, description: 'Derived from ethnicity' })
  @Column({ name: 'ethnicity_group', type: 'text', insert: false, update: false })
  ethnicityGroup!: EthnicityGroup;

  @ApiProperty({
    example: '2',
    description: 'CIN census gender code, derived from sex: 1 male, 2 female, 9 indeterminate, 0 not known or unborn',
  })
  @Column({ name: 'cin_gender', type: 'text', insert: false, update: false })
  cinGender!: string;

  @ApiProperty({
    nullable: true,
    type: String,
    example: 'WBRI',
    description:
      'CIN census ethnicity code (national list `ethnicity`); null only for imported records that lacked one',
  })
  @Column({ name: 'cin_ethnicity', ...nullableText })
  cinEthnicity!: string | null;

  @ApiProperty({
    type: [String],
    example: ['NONE'],
    description: 'CIN census disability codes (national list `disability`)',
  })
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  disabilities!: string[];

  @ApiProperty({ nullable: true, type: String, example: 'English' })
  @Column({ name: 'first_language', ...nullableText })
  firstLanguage!: string | null;

  @ApiProperty({ nullable: true, type: String, example: '9434765919' })
  @Column({ name: 'nhs_number', ...nullableText })
  nhsNumber!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'School unique pupil number' })
  @Column(nullableText)
  upn!: string | null;

  @ApiProperty({ nullable: true, type: String, example: 'B69 4AA' })
  @Column(nullableText)
  postcode!: string | null;

  @ApiProperty({ enum: SEND_STATUSES })
  @Column({ name: 'send_status', type: 'text' })
  sendStatus!: SendStatus;

  @ApiProperty({ format: 'uuid' })
  @Column({ name: 'created_by_organisation_id', type: 'uuid' })
  createdByOrganisationId!: string;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  @Column({ name: 'created_by_user_id', type: 'uuid', nullable: true })
  createdByUserId!: string | null;
}
