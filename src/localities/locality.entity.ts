import { ApiProperty } from '@nestjs/swagger';
import { Column, Entity } from 'typeorm';
import { VersionedEntity } from '../platform/database/versioned.entity';

@Entity('localities')
export class Locality extends VersionedEntity {
  @ApiProperty({ example: 'West Bromwich' })
  @Column()
  name!: string;

  @ApiProperty({ nullable: true, type: String })
  @Column({ type: 'text', nullable: true })
  code!: string | null;

  @ApiProperty()
  @Column({ default: true })
  active!: boolean;
}
