import { ApiProperty } from '@nestjs/swagger';
import { INDUSTRIES, SKILL_LEVELS } from './entities/selection-application.entity';

/** What an application says about the person's work (003 附件1), as its rows hold it: the filing and the review steps read the same columns. */
export interface ApplicationContentRow {
  occupation: string;
  skill_level: string;
  skill_recognised_by: string | null;
  post: string;
  industry: string;
  achievements: string | null;
  awards: string | null;
  patents: string | null;
  team: string | null;
  other_titles: string | null;
  employer_support: string | null;
}

/** The application's content in the views of both the filing (ApplicationView) and the review (ReviewApplicationView). */
export class ApplicationContentView {
  @ApiProperty({ example: '数控车工' }) occupation: string;
  @ApiProperty({ enum: SKILL_LEVELS }) skillLevel: string;
  @ApiProperty({ type: String, nullable: true }) skillRecognisedBy: string | null;
  @ApiProperty() post: string;
  @ApiProperty({ enum: INDUSTRIES }) industry: string;
  @ApiProperty({ type: String, nullable: true }) achievements: string | null;
  @ApiProperty({ type: String, nullable: true }) awards: string | null;
  @ApiProperty({ type: String, nullable: true }) patents: string | null;
  @ApiProperty({ type: String, nullable: true }) team: string | null;
  @ApiProperty({ type: String, nullable: true }) otherTitles: string | null;
  @ApiProperty({ type: String, nullable: true }) employerSupport: string | null;
}

export function applicationContentView(a: ApplicationContentRow): ApplicationContentView {
  return {
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
