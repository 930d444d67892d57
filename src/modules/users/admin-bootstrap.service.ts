import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { UsersService } from './users.service';

/**
 * First start with no users: creates the district office's admin (console
 * username `admin`). A token or password the environment gave is never
 * printed; a generated one is printed once on stderr and kept in DATA_DIR/admin-token or
 * DATA_DIR/admin-password (mode 0600).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const givenPassword = this.config.bootstrapAdminPassword;
    const password = givenPassword ?? randomBytes(12).toString('base64url');
    const created = await this.users.bootstrapAdmin(this.config.bootstrapAdminToken, password);
    if (!created) return;
    await mkdir(this.config.dataDir, { recursive: true });
    // Human lines on stderr, never the JSON log on stdout: log shippers must never receive them.
    if (created.generated) {
      const file = join(this.config.dataDir, 'admin-token');
      await writeFile(file, `${created.token}\n`, { mode: 0o600 });
      process.stderr.write(`\nAdmin API token (shown once, also saved to ${file}):\n  ${created.token}\n`);
    } else {
      this.logger.log('created the first admin with BOOTSTRAP_ADMIN_TOKEN');
    }
    if (givenPassword === undefined) {
      const file = join(this.config.dataDir, 'admin-password');
      await writeFile(file, `${password}\n`, { mode: 0o600 });
      process.stderr.write(`\nConsole sign-in at ${this.config.publicUrl}/ (shown once, also saved to ${file}):\n  username admin\n  password ${password}\n\n`);
    }
  }
}
