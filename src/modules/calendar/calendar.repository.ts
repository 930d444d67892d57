import { Injectable } from '@nestjs/common';
import { EntityManager } from 'typeorm';

export interface StoredYear {
  year: number;
  holidays: string[];
  workdays: string[];
  updatedAt: Date;
}

/** The calendar years the office entered (table calendar_years). */
@Injectable()
export class CalendarRepository {
  async find(manager: EntityManager, year: number): Promise<StoredYear | undefined> {
    const rows: StoredYear[] = await manager.query(
      `SELECT year, holidays::text[] AS holidays, workdays::text[] AS workdays, updated_at AS "updatedAt"
         FROM calendar_years WHERE year = $1`,
      [year],
    );
    return rows[0];
  }

  async findMany(manager: EntityManager, years: number[]): Promise<StoredYear[]> {
    return manager.query(
      `SELECT year, holidays::text[] AS holidays, workdays::text[] AS workdays, updated_at AS "updatedAt"
         FROM calendar_years WHERE year = ANY($1::int[])`,
      [years],
    );
  }

  /** Locks the year's row (or its absence, through the advisory lock) so two offices entering one year write one after the other. */
  async lockYear(manager: EntityManager, year: number): Promise<void> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('calendar_years'), $1)`, [year]);
  }

  async replace(manager: EntityManager, year: number, holidays: string[], workdays: string[], actor: string): Promise<void> {
    await manager.query(
      `INSERT INTO calendar_years (year, holidays, workdays, updated_by) VALUES ($1, $2::date[], $3::date[], $4)
       ON CONFLICT (year) DO UPDATE SET holidays = EXCLUDED.holidays, workdays = EXCLUDED.workdays, updated_at = now(), updated_by = EXCLUDED.updated_by`,
      [year, holidays, workdays, actor],
    );
  }
}
