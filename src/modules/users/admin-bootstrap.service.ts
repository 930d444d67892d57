import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { APP_CONFIG, AppConfig } from '../../core/config/config';
import { UsersService } from './users.service';

/**
 * First start with no users: creates the district office's admin. A token the
 * environment gave is never printed; a generated one is printed once and kept
 * in DATA_DIR/admin-token (mode 0600).
 */
@Injectable()
export class AdminBootstrapService implements OnApplicationBootstrap {
  private readonly logger = new Logger('Bootstrap');

  constructor(
    private readonly users: UsersService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const created = await this.users.bootstrapAdmin(this.config.bootstrapAdminToken);
    if (!created) return;
    if (!created.generated) {
      this.logger.log('created the first admin with BOOTSTRAP_ADMIN_TOKEN');
      return;
    }
    const file = join(this.config.dataDir, 'admin-token');
    await mkdir(this.config.dataDir, { recursive: true });
    await writeFile(file, `${created.token}\n`, { mode: 0o600 });
    // Printed straight to the console, not the JSON log: log shippers must never receive it.
    process.stdout.write(`\nAdmin token (shown once, also saved to ${file}):\n  ${created.token}\n\n`);
  }
}
