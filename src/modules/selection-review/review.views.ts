import type { ReviewApplicationRow, ScoreRow } from './selection-review.repository';
import type { RankedApplication, ScoreItems } from './score-sheet';

/** An application as an expert or the office reviews it: the person by name and masked ID number only. */
export interface ReviewApplicationView {
  id: string;
  roundId: string;
  stage: string;
  name: string;
  idNumberMasked: string;
  employerName: string;
  streetName: string | null;
  occupation: string;
  skillLevel: string;
  skillRecognisedBy: string | null;
  post: string;
  industry: string;
  achievements: string | null;
  awards: string | null;
  patents: string | null;
  team: string | null;
  otherTitles: string | null;
  employerSupport: string | null;
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
    occupation: a.occupation,
    skillLevel: a.skill_level,
    skillRecognisedBy: a.skill_recognised_by,
    post: a.post,
    industry: a.industry,
    achievements: a.achievements,
    awards: a.awards,
    patents: a.patents,
    team: a.team,
    otherTitles: a.other_titles,
    employerSupport: a.employer_support,
  };
}

export interface ScoreView {
  applicationId: string;
  expertId: string;
  expertName: string;
  items: ScoreItems;
  total: number;
  opinion: string;
  source: 'form' | 'paper';
  scoredAt: string;
}

export function scoreView(s: ScoreRow): ScoreView {
  return { applicationId: s.application_id, expertId: s.expert_id, expertName: s.expert_name, items: s.items, total: s.total, opinion: s.opinion, source: s.source, scoredAt: s.scored_at.toISOString() };
}

/** A line of the office's score table: the ranking, each expert's total, and the mean of each item. */
export interface ScoreTableLine extends RankedApplication {
  name: string;
  idNumberMasked: string;
  employerName: string;
  stage: string;
  /** highest − lowest of the experts' totals. */
  spread: number;
  totals: Array<{ expertId: string; expertName: string; total: number }>;
  /** Mean of each item over the experts, two decimals. */
  itemMeans: Record<string, number>;
}
