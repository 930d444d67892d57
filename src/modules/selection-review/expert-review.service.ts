import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../core/audit/audit.service';
import { Clock } from '../../core/clock/clock';
import type { Principal } from '../../core/context/request-context';
import { ConflictError, InvalidInputError, NotFoundError, RuleViolationError } from '../../core/errors/domain-error';
import { ExpertsDto, ScoreSheetDto } from './dto/review.dto';
import { ApplicationScores, ExpertTotal, reviewApplicationView, RoundExpertsView, ScoreTable, ScoreTableLine, ScoreView, scoreView, WorklistView } from './review.views';
import { checkScoreItems, meanOfSumInHundredths, RankedApplication, rankSummed, SCORE_ITEM_KEYS, ScoreItemKey, ScoreItems } from './score-sheet';
import { ReviewApplicationRow, ReviewRoundRow, ScoreRow, ScoreSumsRow, ScoreTableNames, SelectionReviewRepository } from './selection-review.repository';

/** Round statuses in which experts may still be assigned and sheets recorded. */
export const SCORING_OPEN = ['open', 'reviewing'] as const;
/** The stage of an application the experts score. */
export const UNDER_REVIEW = 'eligible';

/** SPEC §3.8 step 4 (专业评审): experts, their sheets, closing the scoring, the score table. */
@Injectable()
export class ExpertReviewService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: SelectionReviewRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  /** Rounds' summed and ranked sheets by round id, oldest use first (see scoreTableIn). */
  private readonly summedRounds = new Map<string, SummedRound>();

  async setExperts(roundId: string, dto: ExpertsDto): Promise<RoundExpertsView> {
    return this.db.transaction(async (manager) => {
      const round = await this.roundOr404(manager, roundId, true);
      if (!(SCORING_OPEN as readonly string[]).includes(round.status)) throw new ConflictError('SCORING_CLOSED', `the round is ${round.status}: experts can no longer be changed`);
      const users = new Map((await this.repo.users(manager, dto.expertUserIds)).map((u) => [u.id, u]));
      for (const id of dto.expertUserIds) {
        const u = users.get(id);
        if (!u) throw new RuleViolationError('EXPERT_UNKNOWN', `expertUserIds: ${id} is not a user`);
        if (u.role !== 'expert') throw new RuleViolationError('NOT_AN_EXPERT', `expertUserIds: ${id} (${u.name}) has role ${u.role}, not expert`);
        if (u.disabled) throw new RuleViolationError('EXPERT_DISABLED', `expertUserIds: ${id} (${u.name}) is disabled`);
      }
      const before = (await this.repo.experts(manager, roundId)).map((e) => e.id);
      const dropped = before.filter((id) => !dto.expertUserIds.includes(id));
      const withSheets = await this.repo.expertsWithScores(manager, roundId, dropped);
      if (withSheets.length > 0) throw new ConflictError('EXPERT_HAS_SCORED', `expert ${withSheets.join(', ')} has already scored applications of this round and stays assigned`);
      await this.repo.replaceExperts(manager, roundId, dto.expertUserIds);
      await this.audit.record(manager, { action: 'round.experts_set', entityType: 'selection_round', entityId: roundId, before: { expertUserIds: before }, after: { expertUserIds: dto.expertUserIds } });
      return this.expertsView(manager, round);
    });
  }

  async experts(roundId: string): Promise<RoundExpertsView> {
    const round = await this.roundOr404(this.db.manager, roundId);
    return this.expertsView(this.db.manager, round);
  }

  /** The expert's worklist: the round's applications under review, masked, with the expert's own sheets. */
  async worklist(roundId: string, principal: Principal): Promise<WorklistView> {
    const manager = this.db.manager;
    const round = await this.roundOr404(manager, roundId);
    if (principal.role === 'expert' && !(await this.repo.isAssigned(manager, roundId, principal.userId))) throw new NotFoundError('round', roundId);
    const applications = await this.repo.applications(manager, roundId, this.reviewedStages(round));
    const mine = new Map((await this.repo.scores(manager, { roundId, expertId: principal.userId })).map((s) => [s.application_id, scoreView(s)]));
    const items = applications.map((a) => ({ ...reviewApplicationView(a), myScore: mine.get(a.id) ?? null }));
    return {
      roundId,
      cohort: round.cohort,
      status: round.status,
      scoringClosed: round.scoring_closed_at !== null,
      scored: items.filter((i) => i.myScore).length,
      toScore: items.length,
      items,
    };
  }

  async scoreMine(applicationId: string, principal: Principal, dto: ScoreSheetDto): Promise<ScoreView> {
    const checked = checkScoreItems(dto.items);
    if ('errors' in checked) throw new InvalidInputError(checked.errors.map((e) => e.message).join('; '), checked.errors);
    const opinion = dto.opinion.trim();
    if (opinion === '') throw new InvalidInputError('opinion (专家总体评价意见) must not be blank', [{ field: 'opinion', message: 'opinion must not be blank' }]);
    return this.db.transaction(async (manager) => {
      const application = await this.assignedApplication(manager, applicationId, principal);
      const round = (await this.repo.round(manager, application.round_id, true))!;
      this.checkScoringOpen(round, application);
      return this.record(manager, application, principal.userId, checked.items, opinion, 'form');
    });
  }

  /** Records a checked sheet (the form or a paper sheet's row) inside the caller's transaction. */
  async record(manager: EntityManager, application: ReviewApplicationRow, expertId: string, items: ScoreItems, opinion: string, source: 'form' | 'paper'): Promise<ScoreView> {
    const [before] = await this.repo.scores(manager, { applicationId: application.id, expertId });
    await this.repo.upsertScore(manager, { applicationId: application.id, expertId, items, opinion, source, at: this.clock.now() });
    const [after] = await this.repo.scores(manager, { applicationId: application.id, expertId });
    await this.audit.record(manager, {
      action: before ? 'score.changed' : 'score.recorded',
      entityType: 'selection_application',
      entityId: application.id,
      before: before && { expertId, items: before.items, total: before.total, source: before.source },
      after: { expertId, items: after.items, total: after.total, source },
    });
    return scoreView(after);
  }

  checkScoringOpen(round: ReviewRoundRow, application?: ReviewApplicationRow): void {
    if (!(SCORING_OPEN as readonly string[]).includes(round.status)) throw new ConflictError('SCORING_CLOSED', `scoring of this round is closed (status ${round.status})`);
    if (application && application.stage !== UNDER_REVIEW) {
      throw new ConflictError('NOT_UNDER_REVIEW', `application ${application.id} is ${application.stage}: only eligible applications are scored`);
    }
  }

  /** The sheets of one application: the office sees all; an expert their own, and the others' once scoring is closed. */
  async scoresOf(applicationId: string, principal: Principal): Promise<ApplicationScores> {
    const manager = this.db.manager;
    const application = principal.role === 'expert' ? await this.assignedApplication(manager, applicationId, principal) : await this.repo.application(manager, applicationId);
    if (!application) throw new NotFoundError('application', applicationId);
    const round = (await this.repo.round(manager, application.round_id))!;
    const closed = round.scoring_closed_at !== null;
    const everyone = principal.role !== 'expert' || closed;
    const rows = await this.repo.scores(manager, { applicationId, expertId: everyone ? undefined : principal.userId });
    return { applicationId, scoringClosed: closed, items: rows.map(scoreView) };
  }

  async closeScoring(roundId: string): Promise<{ roundId: string; status: string; items: ScoreTableLine[] }> {
    return this.db.transaction(async (manager) => {
      const round = await this.roundOr404(manager, roundId, true);
      this.checkScoringOpen(round);
      const counts = await this.repo.stageCounts(manager, roundId);
      const waiting = (counts.submitted ?? 0) + (counts.recommended ?? 0);
      if (waiting > 0) throw new ConflictError('APPLICATIONS_UNDECIDED', `${waiting} application(s) still await recommendation or the eligibility decision`);
      const applications = await this.repo.applications(manager, roundId, [UNDER_REVIEW]);
      if (applications.length === 0) throw new ConflictError('NOTHING_TO_SCORE', 'the round has no eligible application');
      const experts = await this.repo.experts(manager, roundId);
      if (experts.length === 0) throw new ConflictError('NO_EXPERTS', 'the round has no experts assigned');
      const sheets = await this.repo.scores(manager, { roundId });
      const have = new Set(sheets.map((s) => `${s.application_id}:${s.expert_id}`));
      const missing = experts.flatMap((e) => applications.filter((a) => !have.has(`${a.id}:${e.id}`)).map(() => e.name));
      if (missing.length > 0) {
        const byExpert = [...new Set(missing)].map((name) => `${name} ${missing.filter((m) => m === name).length}`).join(', ');
        throw new ConflictError('SHEETS_MISSING', `${missing.length} sheet(s) are still missing (${byExpert})`);
      }
      await this.repo.setRoundStatus(manager, roundId, 'scoring_closed', { scoring_closed_at: this.clock.now() });
      await this.audit.record(manager, { action: 'round.scoring_closed', entityType: 'selection_round', entityId: roundId, before: { status: round.status }, after: { status: 'scoring_closed' } });
      return { roundId, status: 'scoring_closed', items: await this.scoreTableIn(manager, roundId) };
    });
  }

  async scoreTable(roundId: string): Promise<ScoreTable> {
    const round = await this.roundOr404(this.db.manager, roundId);
    return { roundId, status: round.status, quota: round.quota, scoringClosed: round.scoring_closed_at !== null, items: await this.scoreTableIn(this.db.manager, roundId) };
  }

  /**
   * The ranking of every scored application of the round, whatever its stage now (an application removed later keeps its place on the table).
   * The database sums the sheets (ranking needs only each sheet's total and the items' sums): bench, 300 applications × 7 experts.
   * The sums and the ranking are kept per round while the round's score version (moved by every statement that writes a
   * sheet, migration 1764002900000) is the one they were read with; names, stages and experts' names are read each time.
   */
  async scoreTableIn(manager: EntityManager, roundId: string): Promise<ScoreTableLine[]> {
    const kept = this.summedRounds.get(roundId);
    if (kept) {
      const names = await this.repo.scoreTableNames(manager, roundId);
      if (names.version === kept.version) return this.scoreLines(manager, kept, names.rows);
    }
    const read = await this.repo.scoreTable(manager, roundId);
    const summed = summedRound(read.version, read.rows);
    if (read.version !== null) this.keepSummed(roundId, summed);
    return this.scoreLines(manager, summed, read.rows);
  }

  private async scoreLines(manager: EntityManager, summed: SummedRound, names: readonly ScoreTableNames[]): Promise<ScoreTableLine[]> {
    // The experts of the sheets read (not of the round now: a sheet recorded meanwhile is on neither).
    const experts = await this.repo.usersByName(manager, summed.expertIds);
    const place = new Map(experts.map((e, i) => [e.id, i]));
    const named = new Map(names.map((n) => [n.id, n]));
    // Each line as one object literal in the contract's key order: a spread of the ranked line and Object.fromEntries
    // cost ~10 µs a line, most of the request's own CPU on a 300-line table (issue 20's profile of the bench's round).
    return summed.ranked.map((r) => {
      const a = summed.sums.get(r.applicationId)!;
      const n = named.get(r.applicationId)!;
      return {
        applicationId: r.applicationId,
        score: r.score,
        scoreB: r.scoreB,
        scoreC: r.scoreC,
        experts: r.experts,
        rank: r.rank,
        lowest: r.lowest,
        highest: r.highest,
        name: n.name,
        idNumberMasked: n.id_number_masked,
        employerName: n.employer_name,
        stage: n.stage,
        spread: r.highest - r.lowest,
        totals: expertTotals(a, experts, place),
        itemMeans: itemMeansOf(a, r.experts),
      };
    });
  }

  /** Keeps the round's sums as the most recently used, dropping the least recently used beyond KEPT_ROUNDS. */
  private keepSummed(roundId: string, summed: SummedRound): void {
    this.summedRounds.delete(roundId);
    this.summedRounds.set(roundId, summed);
    if (this.summedRounds.size > KEPT_ROUNDS) this.summedRounds.delete(this.summedRounds.keys().next().value!);
  }

  /**
   * The 专家评审表 to print: an expert's own; the office every assigned
   * expert's (or one's); the employer the blank sheet of its own application
   * (the experts' scores are not the employer's to see).
   */
  async printableSheets(applicationId: string, principal: Principal, expertId?: string): Promise<{ application: ReviewApplicationRow; sheets: Array<{ expertName: string | null; score: ScoreRow | null }> }> {
    const manager = this.db.manager;
    const application = principal.role === 'expert' ? await this.assignedApplication(manager, applicationId, principal) : await this.repo.application(manager, applicationId);
    if (!application || (principal.role === 'employer' && application.employer_id !== principal.organizationId)) throw new NotFoundError('application', applicationId);
    const blank = [{ expertName: null, score: null }];
    if (principal.role === 'employer') return { application, sheets: blank };
    const experts = await this.repo.experts(manager, application.round_id);
    if (principal.role !== 'expert' && expertId !== undefined && !experts.some((e) => e.id === expertId)) throw new NotFoundError('expert', expertId);
    const scores = await this.repo.scores(manager, { applicationId });
    const wanted = principal.role === 'expert' ? [principal.userId] : expertId !== undefined ? [expertId] : experts.map((e) => e.id);
    const sheets = wanted.map((id) => ({ expertName: experts.find((e) => e.id === id)?.name ?? null, score: scores.find((s) => s.expert_id === id) ?? null }));
    return { application, sheets: sheets.length > 0 ? sheets : blank };
  }

  async roundOr404(manager: EntityManager, roundId: string, lock = false): Promise<ReviewRoundRow> {
    const round = await this.repo.round(manager, roundId, lock);
    if (!round) throw new NotFoundError('round', roundId);
    return round;
  }

  /** An application of a round the expert is assigned to; anything else is 404, never its data. */
  async assignedApplication(manager: EntityManager, applicationId: string, principal: Principal): Promise<ReviewApplicationRow> {
    const application = await this.repo.application(manager, applicationId);
    if (!application || (principal.role === 'expert' && !(await this.repo.isAssigned(manager, application.round_id, principal.userId)))) {
      throw new NotFoundError('application', applicationId);
    }
    return application;
  }

  /** While scoring is open the experts see the eligible applications; afterwards every one they scored. */
  private reviewedStages(round: ReviewRoundRow): string[] {
    return round.scoring_closed_at === null ? [UNDER_REVIEW] : [UNDER_REVIEW, 'shortlisted', 'publicised', 'removed', 'named'];
  }

  private async expertsView(manager: EntityManager, round: ReviewRoundRow): Promise<RoundExpertsView> {
    const experts = await this.repo.experts(manager, round.id);
    const toScore = (await this.repo.applications(manager, round.id, this.reviewedStages(round))).length;
    const sheets = await this.repo.scores(manager, { roundId: round.id });
    return {
      roundId: round.id,
      status: round.status,
      experts: experts.map((e) => ({ id: e.id, name: e.name, disabled: e.disabled, scored: sheets.filter((s) => s.expert_id === e.id).length, toScore })),
    };
  }
}

/** How many rounds' sums are kept: an office looks at one or two rounds' tables at a time. */
const KEPT_ROUNDS = 8;

/** A round's sheets summed and ranked, as of its score version. */
interface SummedRound {
  version: string | null;
  expertIds: string[];
  sums: ReadonlyMap<string, ScoreSumsRow>;
  ranked: RankedApplication[];
}

function summedRound(version: string | null, rows: readonly ScoreSumsRow[]): SummedRound {
  return {
    version,
    expertIds: [...new Set(rows.flatMap((a) => a.expert_ids))],
    sums: new Map(rows.map((a) => [a.id, a])),
    ranked: rankSummed(rows.map((a) => ({ applicationId: a.id, filedAt: a.filed_at.toISOString(), totals: a.totals, itemSums: itemSumsOf(a) }))),
  };
}

/** Each item's key and the score table row's column that sums it. */
const ITEM_COLUMNS = SCORE_ITEM_KEYS.map((key) => ({ key, column: key.toLowerCase() as Lowercase<ScoreItemKey> }));

/** The row's item sums by item key. */
function itemSumsOf(a: ScoreSumsRow): ScoreItems {
  const sums = {} as ScoreItems;
  for (const { key, column } of ITEM_COLUMNS) sums[key] = a[column];
  return sums;
}

/** Each item's mean over the experts, two decimals, in the sheet's item order. */
function itemMeansOf(a: ScoreSumsRow, experts: number): Record<string, number> {
  const means: Record<string, number> = {};
  for (const { key, column } of ITEM_COLUMNS) means[key] = meanOfSumInHundredths(a[column], experts) / 100;
  return means;
}

/** Each expert's total, experts in the order of `experts` (name, then id). */
function expertTotals(a: ScoreSumsRow, experts: ReadonlyArray<{ id: string; name: string }>, place: ReadonlyMap<string, number>): ExpertTotal[] {
  const order = a.expert_ids.map((_id, i) => i).sort((i, j) => place.get(a.expert_ids[i])! - place.get(a.expert_ids[j])!);
  return order.map((i) => ({ expertId: a.expert_ids[i], expertName: experts[place.get(a.expert_ids[i])!].name, total: a.totals[i] }));
}
