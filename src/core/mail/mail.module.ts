import { Global, Module } from '@nestjs/common';
import { MailOutbox } from './mail-outbox.service';
import { MailTransport } from './mail-transport';

@Global()
@Module({ providers: [MailOutbox, MailTransport], exports: [MailOutbox, MailTransport] })
export class MailModule {}
