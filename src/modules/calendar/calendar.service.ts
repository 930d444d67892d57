import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { BusinessDate, toYmd } from '../../core/clock/business-date';
import { RequestContext } from '../../core/context/request-context';
import { InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { CalendarRepository, StoredYear } from './calendar.repository';
import { CalendarYearDto } from './dto/calendar-year.dto';
import { packagedYear } from './packaged-calendar';
import { CalendarYearMissing, isWeekend, lastOfWorkingDays, YearCalendar } from './working-days';

export interface CalendarYearView {
  year: number;
  /** `office`: entered with PUT /calendar/{year}, replacing the package's year; `package`: shipped with the service. */
  source: 'office' | 'package';
  holidays: string[];
  workdays: string[];
  updatedAt: string | null;
}

function storedView(y: StoredYear): CalendarYearView {
  return { year: y.year, source: 'office', holidays: [...y.holidays].sort(), workdays: [...y.workdays].sort(), updatedAt: y.updatedAt.toISOString() };
}

function uniqueSorted(values: string[]): string[] {
  return [...new Set(values)].sort();
}

/** The official calendar: the office's years over the package's. */
@Injectable()
export class CalendarService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly years: CalendarRepository,
    private readonly audit: AuditService,
  ) {}

  async get(year: number): Promise<CalendarYearView> {
    const view = await this.view(this.db.manager, year);
    if (!view) throw new NotFoundError('calendar year', String(year));
    return view;
  }

  async replace(year: number, dto: CalendarYearDto): Promise<CalendarYearView> {
    const holidays = uniqueSorted(dto.holidays);
    const workdays = uniqueSorted(dto.workdays);
    for (const [field, dates] of [['holidays', holidays], ['workdays', workdays]] as const) {
      const stray = dates.find((d) => toYmd(d).year !== year);
      if (stray) throw new InvalidInputError(`${field}: ${stray} is not in ${year}`);
    }
    const both = holidays.find((d) => workdays.includes(d));
    if (both) throw new InvalidInputError(`workdays: ${both} is also listed as a holiday`);
    // 调休 moves work onto a weekend day; a weekday "worked" says nothing and is most likely a typing error.
    const weekday = workdays.find((d) => !isWeekend(d));
    if (weekday) throw new InvalidInputError(`workdays: ${weekday} is not a Saturday or Sunday (list only the weekend days worked)`);
    return this.db.transaction(async (manager) => {
      await this.years.lockYear(manager, year);
      const before = await this.view(manager, year);
      await this.years.replace(manager, year, holidays, workdays, RequestContext.actor());
      const after = (await this.view(manager, year))!;
      await this.audit.record(manager, {
        action: 'calendar.replaced',
        entityType: 'calendar_year',
        entityId: String(year),
        before: before && { source: before.source, holidays: before.holidays, workdays: before.workdays },
        after: { source: after.source, holidays: after.holidays, workdays: after.workdays },
      });
      return after;
    });
  }

  /**
   * The last day of `count` working days from `start` (SPEC §3.8 step 6);
   * 422 naming the year when the period reaches a year with no calendar.
   */
  async lastOfWorkingDays(manager: EntityManager, start: BusinessDate, count: number): Promise<BusinessDate> {
    const first = toYmd(start).year;
    // Enough years for any period the service counts (weeks, not years); a longer one finds a year missing and says so.
    const wanted = [first, first + 1, first + 2];
    const stored = new Map((await this.years.findMany(manager, wanted)).map((y) => [y.year, y]));
    const calendars = new Map<number, YearCalendar>();
    for (const year of wanted) {
      const y = stored.get(year) ?? packagedYear(year);
      if (y) calendars.set(year, { year, holidays: new Set(y.holidays), workdays: new Set(y.workdays) });
    }
    try {
      return lastOfWorkingDays(start, count, (year) => calendars.get(year));
    } catch (e) {
      if (e instanceof CalendarYearMissing) {
        throw new RuleViolationError('CALENDAR_YEAR_MISSING', `no official calendar for ${e.year}: the office enters it with PUT /calendar/${e.year} once the State Council publishes it`);
      }
      throw e;
    }
  }

  private async view(manager: EntityManager, year: number): Promise<CalendarYearView | undefined> {
    const stored = await this.years.find(manager, year);
    if (stored) return storedView(stored);
    const packaged = packagedYear(year);
    return packaged && { year, source: 'package', holidays: [...packaged.holidays], workdays: [...packaged.workdays], updatedAt: null };
  }
}
