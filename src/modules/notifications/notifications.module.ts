import { Module } from '@nestjs/common';
import { NotificationRelayService } from './notification-relay.service';
import { NotificationsController } from './notifications.controller';
import { NotificationsRelayJob } from './notifications-relay.job';
import { NotificationsService } from './notifications.service';

@Module({
  controllers: [NotificationsController],
  providers: [NotificationRelayService, NotificationsService, NotificationsRelayJob],
})
export class NotificationsModule {}
