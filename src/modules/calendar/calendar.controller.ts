import { BadRequestException, Body, Controller, Get, HttpCode, Param, ParseIntPipe, Put } from '@nestjs/common';
import { ApiBearerAuth, ApiTags } from '@nestjs/swagger';
import { Roles } from '../../core/auth/roles.decorator';
import { CalendarService, CalendarYearView } from './calendar.service';
import { CalendarYearDto } from './dto/calendar-year.dto';

const yearParam = () =>
  new ParseIntPipe({ exceptionFactory: () => new BadRequestException('year must be a year written with four digits, 1900 to 2199') });

function checkedYear(year: number): number {
  if (year < 1900 || year > 2199) throw new BadRequestException('year must be a year written with four digits, 1900 to 2199');
  return year;
}

@ApiTags('calendar')
@ApiBearerAuth()
@Controller('calendar')
export class CalendarController {
  constructor(private readonly calendar: CalendarService) {}

  @Get(':year')
  @Roles('admin')
  get(@Param('year', yearParam()) year: number): Promise<CalendarYearView> {
    return this.calendar.get(checkedYear(year));
  }

  @Put(':year')
  @HttpCode(200)
  @Roles('admin')
  replace(@Param('year', yearParam()) year: number, @Body() dto: CalendarYearDto): Promise<CalendarYearView> {
    return this.calendar.replace(checkedYear(year), dto);
  }
}
