import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../platform/database/versioned.entity';
import { ORGANISATION_TYPES, type OrganisationType } from './organisation-types';

@Entity('organisations')
export class Organisation extends VersionedEntity {
  @ApiProperty({ example: 'Tipton Family Hub' })
  @Column()
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES })
  @Column({ type: 'text' })
  type!: OrganisationType;

  @ApiProperty({ nullable: true, type: String, format: 'uuid' })
  @Column({ name: 'locality_id', type: 'uuid', nullable: true })
  localityId!: string | null;

  @ApiProperty({ nullable: true, type: String, description: 'NHS ODS or DfE URN where the organisation has one' })
  @Column({ name: 'ods_code', type: 'text', nullable: true })
  odsCode!: string | null;

  @ApiProperty({ nullable: true, type: String })
  @Column({ name: 'contact_email', type: 'text', nullable: true })
  contactEmail!: string | null;

  @ApiProperty({ nullable: true, type: String })
  @Column({ name: 'contact_phone', type: 'text', nullable: true })
  contactPhone!: string | null;

  @ApiProperty({
    nullable: true,
    type: String,
    description: 'The team mailbox notification e-mails go to (a link and a reference only); absent: each member',
  })
  @Column({ name: 'mailbox', type: 'text', nullable: true })
  mailbox!: string | null;

  @ApiProperty()
  @Column({ default: true })
  active!: boolean;
}
