import { Controller, Get, HttpCode, Param, Post, Query } from '@nestjs/common';
import { ApiBearerAuth, ApiOkResponse, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { Roles } from '../../core/auth/roles.decorator';
import { Page, PageQuery, pageOf } from '../../core/http/pagination';
import { uuidParam } from '../../core/http/params';
import { NOTIFICATION_STATUSES, NotificationStatus, NotificationView } from './notification.views';
import { NotificationsService } from './notifications.service';

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
  @ApiOkResponse({ description: 'newest first; a failed mail without an address says what to fix in addressProblem', type: pageOf(NotificationView) })
  list(@Query() query: NotificationQuery): Promise<Page<NotificationView>> {
    return this.notifications.list(query);
  }

  @Post(':id/retry')
  @HttpCode(200)
  @Roles('admin')
  @ApiOkResponse({ description: 'the mail queued again to its recipients as they are now; sent: 409; still no address: 422', type: NotificationView })
  retry(@Param('id', uuidParam('id')) id: string): Promise<NotificationView> {
    return this.notifications.retry(id);
  }
}
