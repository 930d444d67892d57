import { MigrationInterface, QueryRunner } from 'typeorm';

export class ChangeRequests1763900400000 implements MigrationInterface {
  name = 'ChangeRequests1763900400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE change_requests (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        workshop_id uuid NOT NULL REFERENCES workshops(id),
        reason text NOT NULL CHECK (reason IN ('deceased','resigned','retired','other')),
        reason_detail text,
        action text NOT NULL CHECK (action IN ('change_lead','exit_keep_title','exit_revoke')),
        new_lead_talent_id uuid REFERENCES talents(id),
        -- The lead when the request was filed: what the form prints, whatever changes later.
        filed_lead_talent_id uuid NOT NULL REFERENCES talents(id),
        status text NOT NULL DEFAULT 'submitted' CHECK (status IN ('submitted','union_reviewed','approved','rejected')),
        filed_by uuid NOT NULL REFERENCES users(id),
        union_id uuid NOT NULL REFERENCES organizations(id),
        union_decision text CHECK (union_decision IN ('approve','reject')),
        union_comment text,
        union_decided_by uuid REFERENCES users(id),
        union_decided_at timestamptz(3),
        city_decision text CHECK (city_decision IN ('approve','reject')),
        city_comment text,
        city_decided_by uuid REFERENCES users(id),
        city_decided_at timestamptz(3),
        created_at timestamptz(3) NOT NULL DEFAULT now(),
        CONSTRAINT change_requests_new_lead CHECK ((action = 'change_lead') = (new_lead_talent_id IS NOT NULL)),
        CONSTRAINT change_requests_other_reason CHECK (reason <> 'other' OR reason_detail IS NOT NULL)
      )`);
    // SPEC §3.6: one open request per workshop.
    await q.query(`CREATE UNIQUE INDEX change_requests_one_open ON change_requests (workshop_id) WHERE status IN ('submitted','union_reviewed')`);
    await q.query(`CREATE INDEX change_requests_list_idx ON change_requests (created_at, id)`);
    await q.query(`ALTER TABLE workshop_leads ADD CONSTRAINT workshop_leads_change_request_fk FOREIGN KEY (change_request_id) REFERENCES change_requests(id)`);

    await q.query(`
      CREATE TABLE workshop_events (
        id bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        workshop_id uuid NOT NULL REFERENCES workshops(id),
        at timestamptz(3) NOT NULL DEFAULT now(),
        on_date date NOT NULL,
        kind text NOT NULL,
        summary text NOT NULL,
        data jsonb NOT NULL DEFAULT '{}'
      )`);
    await q.query(`CREATE INDEX workshop_events_workshop_idx ON workshop_events (workshop_id, id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE workshop_leads DROP CONSTRAINT workshop_leads_change_request_fk`);
    await q.query(`DROP TABLE workshop_events, change_requests`);
  }
}
