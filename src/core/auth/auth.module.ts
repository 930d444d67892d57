import { Global, Module } from '@nestjs/common';
import { AttemptCounters } from './attempt-counters';
import { FailedAuthLimiter } from './failed-auth-limiter';
import { PasswordAttempts } from './password-attempts';

/** Counters, the token limiter and password checks: shared by the guard, sign-in and the users module. */
@Global()
@Module({
  providers: [AttemptCounters, FailedAuthLimiter, PasswordAttempts],
  exports: [AttemptCounters, FailedAuthLimiter, PasswordAttempts],
})
export class AuthModule {}
