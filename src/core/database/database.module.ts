import { DynamicModule, Injectable, Logger, Module, OnModuleInit } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { MIGRATIONS } from '../../../migrations';
import type { AppConfig } from '../config/config';
import { runMigrationsLocked } from './migration-runner';

@Injectable()
class MigrateOnStart implements OnModuleInit {
  private readonly logger = new Logger('Database');
  constructor(private readonly dataSource: DataSource) {}

  async onModuleInit(): Promise<void> {
    const applied = await runMigrationsLocked(this.dataSource);
    if (applied.length > 0) this.logger.log(`applied migrations: ${applied.join(', ')}`);
  }
}

@Module({})
export class DatabaseModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.databaseUrl) throw new Error('DatabaseModule needs a database URL (the embedded one is started in main.ts)');
    return {
      module: DatabaseModule,
      global: true,
      imports: [
        TypeOrmModule.forRoot({
          type: 'postgres',
          url: config.databaseUrl,
          autoLoadEntities: true,
          synchronize: false,
          migrationsRun: false,
          migrations: MIGRATIONS,
          extra: { max: 20 },
          // TypeORM's own error log prints query parameters, which can hold personal data.
          logging: false,
        }),
      ],
      providers: [MigrateOnStart],
    };
  }
}

