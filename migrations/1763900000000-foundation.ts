import { MigrationInterface, QueryRunner } from 'typeorm';

export class Foundation1763900000000 implements MigrationInterface {
  name = 'Foundation1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE organizations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
        kind text NOT NULL CHECK (kind IN ('employer','street','industry_authority','union','district_office','city_office')),
        parent_id uuid REFERENCES organizations(id),
        level text CHECK (level IN ('unit','district')),
        credit_code text UNIQUE,
        district text,
        street_id uuid REFERENCES organizations(id),
        industry_authority_id uuid REFERENCES organizations(id),
        union_id uuid REFERENCES organizations(id),
        contact_emails text[] NOT NULL DEFAULT '{}',
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT organizations_employer_fields CHECK (kind <> 'employer' OR (credit_code IS NOT NULL AND street_id IS NOT NULL)),
        CONSTRAINT organizations_union_level CHECK ((kind = 'union') = (level IS NOT NULL))
      )`);
    await q.query(`CREATE INDEX organizations_kind_idx ON organizations (kind, created_at, id)`);

    await q.query(`
      CREATE TABLE users (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        role text NOT NULL CHECK (role IN ('admin','finance','assessor','union','city_office')),
        organization_id uuid REFERENCES organizations(id),
        email text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT users_scoped_roles_have_org CHECK (role NOT IN ('assessor','union') OR organization_id IS NOT NULL)
      )`);
    await q.query(`CREATE INDEX users_role_idx ON users (role)`);
    await q.query(`
      CREATE TABLE api_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        revoked_at timestamptz
      )`);

    await q.query(`
      CREATE TABLE audit_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        at timestamptz NOT NULL DEFAULT now(),
        actor text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text NOT NULL,
        before jsonb,
        after jsonb,
        request_id text
      )`);
    await q.query(`CREATE INDEX audit_events_entity_idx ON audit_events (entity_type, entity_id, id)`);

    await q.query(`
      CREATE TABLE notifications (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purpose text NOT NULL,
        dedupe_key text UNIQUE,
        to_addresses text[] NOT NULL,
        subject text NOT NULL,
        text_body text NOT NULL,
        html_body text,
        status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending','sent','failed')),
        attempts integer NOT NULL DEFAULT 0,
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        lease_until timestamptz,
        last_error text,
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        sent_at timestamptz
      )`);
    await q.query(`CREATE INDEX notifications_due_idx ON notifications (next_attempt_at) WHERE status = 'pending'`);
    await q.query(`CREATE INDEX notifications_status_idx ON notifications (status, created_at, id)`);

    await q.query(`
      CREATE TABLE job_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        run_key text NOT NULL,
        as_of date NOT NULL,
        trigger text NOT NULL CHECK (trigger IN ('schedule','manual','startup')),
        status text NOT NULL DEFAULT 'running' CHECK (status IN ('running','succeeded','failed')),
        result jsonb,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX job_runs_name_idx ON job_runs (name, started_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE job_runs, notifications, audit_events, api_tokens, users, organizations`);
  }
}
