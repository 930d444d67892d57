import { MigrationInterface, QueryRunner } from 'typeorm';

export class Registry1763900100000 implements MigrationInterface {
  name = 'Registry1763900100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE talents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 100),
        id_number_enc text NOT NULL,
        id_number_hash text NOT NULL,
        id_number_masked text NOT NULL,
        gender text NOT NULL CHECK (gender IN ('male','female')),
        birth_date date NOT NULL,
        retirement_category text NOT NULL CHECK (retirement_category IN ('male','female_cadre','female_worker')),
        statutory_retirement_date date NOT NULL,
        employer_id uuid NOT NULL REFERENCES organizations(id),
        phone_enc text,
        phone_masked text,
        email text,
        skill_level text,
        occupation text,
        social_insurance_district text NOT NULL DEFAULT '松江区',
        social_insurance_since date,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT talents_id_number_unique UNIQUE (id_number_hash),
        CONSTRAINT talents_category_fits_gender CHECK ((gender = 'male') = (retirement_category = 'male'))
      )`);
    await q.query(`CREATE INDEX talents_employer_idx ON talents (employer_id)`);

    await q.query(`
      CREATE TABLE honours (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        talent_id uuid NOT NULL REFERENCES talents(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
        awarded_on date NOT NULL,
        issuer text,
        revoked_at timestamptz,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX honours_held_once ON honours (talent_id, title) WHERE revoked_at IS NULL`);

    await q.query(`
      CREATE TABLE talent_titles (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        talent_id uuid NOT NULL REFERENCES talents(id),
        title text NOT NULL CHECK (length(title) BETWEEN 1 AND 100),
        monthly_amount_fen bigint NOT NULL CHECK (monthly_amount_fen >= 0),
        valid_from date NOT NULL,
        valid_to date,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT talent_titles_validity CHECK (valid_to IS NULL OR valid_to >= valid_from)
      )`);
    await q.query(`CREATE INDEX talent_titles_talent_idx ON talent_titles (talent_id)`);

    await q.query(`
      CREATE TABLE designations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        talent_id uuid NOT NULL REFERENCES talents(id),
        cohort text NOT NULL CHECK (cohort ~ '^[0-9]{4}$'),
        designated_on date NOT NULL,
        term_start date NOT NULL CHECK (extract(day FROM term_start) = 1),
        term_end date NOT NULL,
        mid_term_due date NOT NULL,
        end_term_due date NOT NULL,
        monthly_allowance_fen bigint NOT NULL CHECK (monthly_allowance_fen >= 0),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','suspended','completed')),
        suspended_from date,
        completed_on date,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT designations_term_after_naming CHECK (term_start >= date_trunc('month', designated_on)::date),
        CONSTRAINT designations_term_order CHECK (term_start < mid_term_due AND mid_term_due < term_end AND end_term_due = term_end)
      )`);
    await q.query(`CREATE UNIQUE INDEX designations_one_active_per_talent ON designations (talent_id) WHERE status = 'active'`);
    await q.query(`CREATE INDEX designations_list_idx ON designations (created_at, id)`);
    await q.query(`CREATE INDEX designations_status_idx ON designations (status, created_at, id)`);
    await q.query(`CREATE INDEX designations_cohort_idx ON designations (cohort, created_at, id)`);
    await q.query(`CREATE INDEX designations_talent_idx ON designations (talent_id)`);

    await q.query(`
      CREATE TABLE designation_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        designation_id uuid NOT NULL REFERENCES designations(id),
        at timestamptz NOT NULL DEFAULT now(),
        on_date date NOT NULL,
        kind text NOT NULL,
        summary text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX designation_events_designation_idx ON designation_events (designation_id, id)`);

    await q.query(`
      CREATE TABLE annual_reviews (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        designation_id uuid NOT NULL REFERENCES designations(id),
        year integer NOT NULL CHECK (year BETWEEN 2000 AND 2199),
        grade text NOT NULL CHECK (grade IN ('excellent','qualified','basically_qualified','unqualified')),
        reviewed_on date NOT NULL,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT annual_reviews_once_a_year UNIQUE (designation_id, year)
      )`);

    await q.query(`
      CREATE TABLE adjustments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        designation_id uuid NOT NULL REFERENCES designations(id),
        reason text NOT NULL CHECK (reason IN ('violation','annual_review_failed','assessment_failed','position_changed','moved_out_of_district','retired','deceased','other')),
        effective_on date NOT NULL,
        note text,
        evidence text,
        source text NOT NULL CHECK (source IN ('manual','assessment','annual_review','lifecycle','social_insurance')),
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','approved','rejected')),
        decided_by uuid REFERENCES users(id),
        decided_at timestamptz,
        decision_comment text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT adjustments_decided CHECK ((status = 'pending') = (decided_at IS NULL))
      )`);
    // SPEC §3.5: a reason is never proposed twice for the same designation while one is pending.
    await q.query(`CREATE UNIQUE INDEX adjustments_one_pending_per_reason ON adjustments (designation_id, reason) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX adjustments_status_idx ON adjustments (status, created_at, id)`);
    await q.query(`CREATE INDEX adjustments_designation_idx ON adjustments (designation_id, effective_on)`);

    await q.query(`
      CREATE TABLE workshops (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('chief_technician','craftsman_innovation')),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        employer_id uuid NOT NULL REFERENCES organizations(id),
        lead_talent_id uuid NOT NULL REFERENCES talents(id),
        level text CHECK (level IN ('municipal','district')),
        named_on date NOT NULL,
        union_id uuid REFERENCES organizations(id),
        designation_id uuid REFERENCES designations(id),
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active','attention_required','exited','revoked')),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT workshops_chief_technician_fields CHECK (kind <> 'chief_technician' OR (level IS NOT NULL AND designation_id IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX workshops_union_idx ON workshops (union_id)`);
    await q.query(`
      CREATE TABLE workshop_leads (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops(id),
        talent_id uuid NOT NULL REFERENCES talents(id),
        from_date date NOT NULL,
        to_date date,
        change_request_id uuid,
        created_at timestamptz(3) NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE UNIQUE INDEX workshop_leads_one_current ON workshop_leads (workshop_id) WHERE to_date IS NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE workshop_leads, workshops, adjustments, annual_reviews, designation_events, designations, talent_titles, honours, talents`);
  }
}
