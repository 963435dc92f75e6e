import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post } from '@nestjs/common';
import { ApiBearerAuth, ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser, Roles } from '../platform/auth/decorators';
import { Idempotent } from '../platform/idempotency/idempotency';
import { Consent } from './consent.entity';
import { ConsentService } from './consent.service';
import { RecordConsentDto, UpdateConsentDto, WithdrawConsentDto } from './dto/consent.dto';

class ConsentList {
  @ApiProperty({ type: [Consent] })
  items!: Consent[];
}

@ApiTags('consent')
@ApiBearerAuth()
@Controller()
export class ConsentController {
  constructor(private readonly consents: ConsentService) {}

  @Post('families/:id/consents')
  @Roles('practitioner', 'manager', 'mash')
  @Idempotent()
  @ApiOperation({ summary: 'Record consent given by a family member, its scopes and the organisations it covers' })
  @ApiCreatedResponse({ type: Consent })
  record(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: RecordConsentDto,
  ): Promise<Consent> {
    return this.consents.record(caller, id, dto);
  }

  @Get('families/:id/consents')
  @Roles('practitioner', 'manager', 'mash')
  @ApiOkResponse({ type: ConsentList })
  async list(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<ConsentList> {
    return { items: await this.consents.list(caller, id) };
  }

  @Post('consents/:id/withdraw')
  @Roles('practitioner', 'manager', 'mash')
  @HttpCode(200)
  @Idempotent()
  @ApiOperation({ summary: 'Withdraw consent: sharing with the organisations it covered stops immediately' })
  @ApiOkResponse({ type: Consent })
  withdraw(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: WithdrawConsentDto,
  ): Promise<Consent> {
    return this.consents.withdraw(caller, id, dto);
  }

  @Patch('consents/:id')
  @Roles('practitioner', 'manager', 'mash')
  @ApiOperation({
    summary: 'Change which organisations a live consent names: those dropped stop seeing the family at once',
  })
  @ApiOkResponse({ type: Consent })
  update(
    @CurrentUser() caller: AuthUser,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() dto: UpdateConsentDto,
  ): Promise<Consent> {
    return this.consents.update(caller, id, dto);
  }
}
