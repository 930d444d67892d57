import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '../../core/auth/roles.decorator';
import { Page, PageQuery } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { NOTIFICATION_STATUSES, NotificationStatus, NotificationsService, NotificationView } from './notifications.service';

class NotificationQuery extends PageQuery {
  @ApiPropertyOptional({ enum: NOTIFICATION_STATUSES }) @IsOptional() @IsIn(NOTIFICATION_STATUSES) status?: NotificationStatus;
}

@ApiTags('notifications')
@ApiBearerAuth()
@Controller('notifications')
export class NotificationsController {
  constructor(private readonly notifications: NotificationsService) {}

  @Get()
  @Roles('admin')
  list(@Query() query: NotificationQuery): Promise<Page<NotificationView>> {
    return this.notifications.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('admin')
  retry(@Param('id', uuidParam('id')) id: string): Promise<NotificationView> {
    return this.notifications.retry(id);
  }
}
