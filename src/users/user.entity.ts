import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity } from 'typeorm';
import { type Role, ROLES } from '../platform/auth/auth-user';
import { VersionedEntity } from '../platform/database/versioned.entity';

@Entity('users')
export class User extends VersionedEntity {
  @ApiProperty({ example: 'sam.jones@school.example' })
  @Column()
  email!: string;

  @ApiProperty()
  @Column()
  name!: string;

  @ApiProperty({ format: 'uuid' })
  @Column({ name: 'organisation_id', type: 'uuid' })
  organisationId!: string;

  @ApiProperty({ enum: ROLES, isArray: true })
  @Column({ type: 'text', array: true })
  roles!: Role[];

  @ApiProperty()
  @Column({ default: false })
  disabled!: boolean;
}
