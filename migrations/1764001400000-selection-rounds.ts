import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Selection rounds, part 1 (SPEC §3.8 steps 1–3, issue 16): rounds, applications
 * with their recommendation and eligibility steps, application bans, the
 * `employer` role and the employer's `sector`.
 *
 * Stages and statuses are text with *named* CHECK constraints so that the next
 * steps (expert review, shortlist, publicity, naming) extend them by dropping
 * and re-adding the constraint in their own migration. The users' role check
 * already admits `expert` (SPEC §4) so that part 2 need not rewrite it again.
 */
export class SelectionRounds1764001400000 implements MigrationInterface {
  name = 'SelectionRounds1764001400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_role_check`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin','finance','assessor','union','city_office','employer','expert'))`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_scoped_roles_have_org`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_scoped_roles_have_org CHECK (role NOT IN ('assessor','union','employer') OR organization_id IS NOT NULL)`);

    // 003 四: enterprises are recommended by their street, public institutions by their industry authority.
    await q.query(`ALTER TABLE organizations ADD COLUMN sector text`);
    await q.query(`UPDATE organizations SET sector = 'enterprise' WHERE kind = 'employer'`);
    await q.query(`
      ALTER TABLE organizations ADD CONSTRAINT organizations_sector_of_employers
        CHECK ((kind = 'employer' AND sector IN ('enterprise','public_institution')) OR (kind <> 'employer' AND sector IS NULL))`);

    await q.query(`
      CREATE TABLE selection_rounds (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        cohort text NOT NULL CHECK (cohort ~ '^[0-9]{4}$'),
        quota int NOT NULL CHECK (quota BETWEEN 1 AND 1000),
        applications_open date NOT NULL,
        applications_close date NOT NULL,
        status text NOT NULL DEFAULT 'open',
        created_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT selection_rounds_cohort_unique UNIQUE (cohort),
        CONSTRAINT selection_rounds_window CHECK (applications_close >= applications_open),
        CONSTRAINT selection_rounds_status_check CHECK (status IN ('open','reviewing','scoring_closed','shortlisted','publicity','named'))
      )`);

    await q.query(`
      CREATE TABLE selection_applications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        round_id uuid NOT NULL REFERENCES selection_rounds(id),
        talent_id uuid NOT NULL REFERENCES talents(id),
        employer_id uuid NOT NULL REFERENCES organizations(id),
        recommender_id uuid NOT NULL REFERENCES organizations(id),
        channel text NOT NULL CONSTRAINT selection_applications_channel_check CHECK (channel IN ('employer','expert_or_association','self')),
        stage text NOT NULL DEFAULT 'submitted',
        occupation text NOT NULL CHECK (length(occupation) BETWEEN 1 AND 200),
        skill_level text NOT NULL CHECK (skill_level IN ('senior_technician','technician','senior_worker','other','equivalent')),
        skill_recognised_by text,
        post text NOT NULL CHECK (length(post) BETWEEN 1 AND 200),
        industry text NOT NULL CHECK (industry IN ('ai','integrated_circuits','biomedicine','smart_security','new_energy','new_materials','modern_services','other')),
        achievements text,
        awards text,
        patents text,
        team text,
        other_titles text,
        employer_support text,
        warnings jsonb NOT NULL DEFAULT '[]',
        filed_by uuid NOT NULL REFERENCES users(id),
        filed_at timestamptz(3) NOT NULL,
        filed_on date NOT NULL,
        updated_at timestamptz(3),
        recommendation text CHECK (recommendation IN ('recommend','decline')),
        recommendation_comment text,
        recommended_by uuid REFERENCES users(id),
        recommended_at timestamptz(3),
        recommendation_reminded_at timestamptz(3),
        eligibility text CHECK (eligibility IN ('eligible','ineligible')),
        eligibility_reasons text,
        false_material boolean NOT NULL DEFAULT false,
        eligibility_by uuid REFERENCES users(id),
        eligibility_at timestamptz(3),
        CONSTRAINT selection_applications_one_per_person UNIQUE (round_id, talent_id),
        CONSTRAINT selection_applications_equivalent_named CHECK (skill_level <> 'equivalent' OR skill_recognised_by IS NOT NULL),
        CONSTRAINT selection_applications_stage_check CHECK (stage IN ('submitted','recommended','declined','eligible','ineligible','scoring','shortlisted','publicised','named'))
      )`);
    await q.query(`CREATE INDEX selection_applications_round_idx ON selection_applications (round_id, filed_at, id)`);
    await q.query(`CREATE INDEX selection_applications_employer_idx ON selection_applications (employer_id, round_id)`);
    await q.query(`CREATE INDEX selection_applications_recommender_idx ON selection_applications (recommender_id, stage)`);

    // A finding of false material bars the person (and, for the employer channel, the employer) for APPLICATION_BAN_YEARS.
    await q.query(`
      CREATE TABLE application_bans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        talent_id uuid REFERENCES talents(id),
        employer_id uuid REFERENCES organizations(id),
        application_id uuid NOT NULL REFERENCES selection_applications(id),
        reason text NOT NULL,
        starts_on date NOT NULL,
        ends_on date NOT NULL,
        created_by uuid REFERENCES users(id),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT application_bans_one_subject CHECK ((talent_id IS NULL) <> (employer_id IS NULL)),
        CONSTRAINT application_bans_period CHECK (ends_on > starts_on)
      )`);
    await q.query(`CREATE INDEX application_bans_talent_idx ON application_bans (talent_id) WHERE talent_id IS NOT NULL`);
    await q.query(`CREATE INDEX application_bans_employer_idx ON application_bans (employer_id) WHERE employer_id IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE application_bans, selection_applications, selection_rounds`);
    await q.query(`ALTER TABLE organizations DROP CONSTRAINT organizations_sector_of_employers`);
    await q.query(`ALTER TABLE organizations DROP COLUMN sector`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_scoped_roles_have_org`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_scoped_roles_have_org CHECK (role NOT IN ('assessor','union') OR organization_id IS NOT NULL)`);
    await q.query(`ALTER TABLE users DROP CONSTRAINT users_role_check`);
    await q.query(`ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('admin','finance','assessor','union','city_office'))`);
  }
}
