import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { ApplicationContentView, applicationContentView } from '../selection/application-content';
import type { ReviewApplicationRow, ScoreRow } from './selection-review.repository';
import type { RankedApplication, ScoreItems } from './score-sheet';

/** An application as an expert or the office reviews it: the person by name and masked ID number only. */
export class ReviewApplicationView extends ApplicationContentView {
  @ApiProperty() id: string;
  @ApiProperty() roundId: string;
  @ApiProperty() stage: string;
  @ApiProperty() name: string;
  @ApiProperty() idNumberMasked: string;
  @ApiProperty() employerName: string;
  @ApiProperty({ type: String, nullable: true }) streetName: string | null;
}

export function reviewApplicationView(a: ReviewApplicationRow): ReviewApplicationView {
  return {
    id: a.id,
    roundId: a.round_id,
    stage: a.stage,
    name: a.name,
    idNumberMasked: a.id_number_masked,
    employerName: a.employer_name,
    streetName: a.street_name,
    ...applicationContentView(a),
  };
}

export class ScoreView {
  @ApiProperty() applicationId: string;
  @ApiProperty() expertId: string;
  @ApiProperty() expertName: string;
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'points per item of the 专家评审表 (A1…H)' }) items: ScoreItems;
  @ApiProperty() total: number;
  @ApiProperty() opinion: string;
  @ApiProperty({ enum: ['form', 'paper'] }) source: 'form' | 'paper';
  @ApiProperty() scoredAt: string;
}

export function scoreView(s: ScoreRow): ScoreView {
  return { applicationId: s.application_id, expertId: s.expert_id, expertName: s.expert_name, items: s.items, total: s.total, opinion: s.opinion, source: s.source, scoredAt: s.scored_at.toISOString() };
}

export class ExpertTotal {
  @ApiProperty() expertId: string;
  @ApiProperty() expertName: string;
  @ApiProperty() total: number;
}

/** A line of the office's score table: the ranking, each expert's total, and the mean of each item. */
export class ScoreTableLine implements RankedApplication {
  @ApiProperty() applicationId: string;
  @ApiProperty({ description: "mean of the experts' totals, two decimals (SPEC §3.8 step 4)" }) score: number;
  @ApiProperty({ description: "mean of the experts' B subtotals, two decimals (breaks ties)" }) scoreB: number;
  @ApiProperty({ description: "mean of the experts' C subtotals, two decimals (breaks ties)" }) scoreC: number;
  @ApiProperty() experts: number;
  @ApiProperty({ description: '1-based place; applications equal on score, B and C share one' }) rank: number;
  @ApiProperty() lowest: number;
  @ApiProperty() highest: number;
  @ApiProperty() name: string;
  @ApiProperty() idNumberMasked: string;
  @ApiProperty() employerName: string;
  @ApiProperty() stage: string;
  @ApiProperty({ description: "highest − lowest of the experts' totals" }) spread: number;
  @ApiProperty({ type: [ExpertTotal] }) totals: ExpertTotal[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'number' }, description: 'mean of each item over the experts, two decimals' }) itemMeans: Record<string, number>;
}

export class ScoreTable {
  @ApiProperty() roundId: string;
  @ApiProperty() status: string;
  @ApiProperty() quota: number;
  @ApiProperty() scoringClosed: boolean;
  @ApiProperty({ type: [ScoreTableLine] }) items: ScoreTableLine[];
}

export class ApplicationScores {
  @ApiProperty() applicationId: string;
  @ApiProperty() scoringClosed: boolean;
  @ApiProperty({ type: [ScoreView] }) items: ScoreView[];
}

export class ExpertProgressView {
  @ApiProperty() id: string;
  @ApiProperty() name: string;
  @ApiProperty() disabled: boolean;
  @ApiProperty({ description: 'sheets recorded' }) scored: number;
  @ApiProperty({ description: 'applications to score' }) toScore: number;
}

export class RoundExpertsView {
  @ApiProperty() roundId: string;
  @ApiProperty() status: string;
  @ApiProperty({ type: [ExpertProgressView] }) experts: ExpertProgressView[];
}

export class WorkItem extends ReviewApplicationView {
  @ApiProperty({ type: ScoreView, nullable: true, description: "the caller's own sheet" }) myScore: ScoreView | null;
}

export class WorklistView {
  @ApiProperty() roundId: string;
  @ApiProperty() cohort: string;
  @ApiProperty() status: string;
  @ApiProperty() scoringClosed: boolean;
  @ApiProperty() scored: number;
  @ApiProperty() toScore: number;
  @ApiProperty({ type: [WorkItem] }) items: WorkItem[];
}

export class ShortlistView {
  @ApiProperty() roundId: string;
  @ApiProperty() status: string;
  @ApiProperty() quota: number;
  @ApiProperty({ type: [String] }) applicationIds: string[];
  @ApiProperty({ type: String, nullable: true }) reason: string | null;
}

export class PublicityView {
  @ApiProperty() roundId: string;
  @ApiProperty() status: string;
  @ApiProperty() startsOn: string;
  @ApiProperty() endsOn: string;
  @ApiProperty({ description: 'applications on the publicity list' }) applications: number;
}

export class ObjectionView {
  @ApiProperty() id: string;
  @ApiProperty() applicationId: string;
  @ApiPropertyOptional() name?: string;
  @ApiProperty() text: string;
  @ApiProperty() upheld: boolean;
  @ApiProperty() recordedOn: string;
  @ApiPropertyOptional({ description: "the application's stage after the objection: `removed` when upheld" }) stage?: string;
}

export class ObjectionList {
  @ApiProperty({ type: [ObjectionView] }) items: ObjectionView[];
}

export class PublicityListLine {
  @ApiProperty() applicationId: string;
  @ApiProperty() name: string;
  @ApiProperty() employerName: string;
  @ApiProperty() occupation: string;
  @ApiProperty() skillLevel: string;
  @ApiProperty({ type: String, nullable: true }) skillRecognisedBy: string | null;
  @ApiProperty() stage: string;
  @ApiProperty() score: number;
}

export class PublicityList {
  @ApiProperty() cohort: string;
  @ApiProperty({ type: String, nullable: true }) startsOn: string | null;
  @ApiProperty({ type: String, nullable: true }) endsOn: string | null;
  @ApiProperty({ type: [PublicityListLine] }) items: PublicityListLine[];
}
