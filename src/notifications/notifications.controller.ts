import { Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { AuthUser } from '../platform/auth/auth-user';
import { CurrentUser } from '../platform/auth/decorators';
import { PageOf } from '../platform/http/page-types';
import type { Page } from '../platform/pagination/pagination';
import { NotificationQuery, NotificationView } from './dto/notification.dto';
import { NotificationsService } from './notifications.service';

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @ApiOperation({ summary: "The caller's own notifications, newest first (e.g. a MARF's outcome to its referrer)" })
  @ApiOkResponse({ type: PageOf(NotificationView) })
  list(@CurrentUser() caller: AuthUser, @Query() query: NotificationQuery): Promise<Page<NotificationView>> {
    return this.notifications.listOwn(caller, query);
  }

  @Post(':id/read')
  @HttpCode(200)
  @ApiOperation({ summary: 'Mark one of your notifications read' })
  @ApiOkResponse({ type: NotificationView })
  markRead(@CurrentUser() caller: AuthUser, @Param('id', ParseUUIDPipe) id: string): Promise<NotificationView> {
    return this.notifications.markRead(caller, id);
  }
}
