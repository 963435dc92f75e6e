import { Module } from '@nestjs/common';
import { provideRegistrations } from '../platform/registrations/registrations';
import { TypeOrmModule } from '@nestjs/typeorm';
import { User } from './user.entity';
import { UsersController } from './users.controller';
import { UsersRepository } from './users.repository';
import { UsersService } from './users.service';
import { USERS_REGISTRATIONS } from './users.registrations';

@Module({
  imports: [TypeOrmModule.forFeature([User])],
  controllers: [UsersController],
  providers: [provideRegistrations(USERS_REGISTRATIONS), UsersRepository, UsersService],
  exports: [UsersService],
})
export class UsersModule {}
