import { CronTime } from 'cron';
import { BUSINESS_TIME_ZONE } from '../clock/business-date';

const MINUTE = 60_000;
/** Growing look-back windows: the smallest holding a tick bounds the forward walk to a few steps (15 s relay, daily, monthly, 29 Feb). */
const WINDOWS = [MINUTE, 60 * MINUTE, 25 * 60 * MINUTE, 32 * 1440 * MINUTE, 367 * 1440 * MINUTE, 1462 * 1440 * MINUTE];

/** The first tick strictly after `from`, or null when the schedule has none in cron's horizon. */
function nextTick(time: CronTime, from: Date): Date | null {
  try {
    return time.getNextDateFrom(from, BUSINESS_TIME_ZONE).toJSDate();
  } catch {
    return null;
  }
}

/** The schedule's latest tick at or before `now` (Asia/Shanghai), or null when none fell in the last four years. */
export function latestTickAtOrBefore(cron: string, now: Date): Date | null {
  const time = new CronTime(cron, BUSINESS_TIME_ZONE);
  for (const window of WINDOWS) {
    let tick = nextTick(time, new Date(now.getTime() - window));
    if (tick === null || tick > now) continue;
    for (;;) {
      const next = nextTick(time, tick);
      if (next === null || next > now) return tick;
      tick = next;
    }
  }
  return null;
}
