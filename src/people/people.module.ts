import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { FamilyAccessModule } from '../families/family-access.module';
import { PeopleController } from './people.controller';
import { PeopleRepository } from './people.repository';
import { PeopleService } from './people.service';
import { Person } from './person.entity';
import { SubjectAccessService } from './subject-access.service';

@Module({
  imports: [TypeOrmModule.forFeature([Person]), FamilyAccessModule],
  controllers: [PeopleController],
  providers: [PeopleRepository, PeopleService, SubjectAccessService],
  exports: [PeopleService],
})
export class PeopleModule {}
