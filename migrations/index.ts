import { Foundation1763900000000 } from './1763900000000-foundation';
import { Registry1763900100000 } from './1763900100000-registry';
import { Payments1763900200000 } from './1763900200000-payments';
import { Assessments1763900300000 } from './1763900300000-assessments';
import { ChangeRequests1763900400000 } from './1763900400000-change-requests';
import { Accounts1763900500000 } from './1763900500000-accounts';
import { PaymentThroughput1763900600000 } from './1763900600000-payment-throughput';
import { JobRunsInterrupted1763900700000 } from './1763900700000-job-runs-interrupted';
import { OneAllowanceAMonth1764000100000 } from './1764000100000-one-allowance-a-month';
import { WorkshopGrantTotal1764000110000 } from './1764000110000-workshop-grant-total';
import { RosterAsPaid1764000120000 } from './1764000120000-roster-as-paid';
import { DesignationStatusFollowsDates1764000200000 } from './1764000200000-designation-status-follows-dates';
import { OneOfficeOfEachKind1764000300000 } from './1764000300000-one-office-of-each-kind';
import { NotificationRecipients1764000310000 } from './1764000310000-notification-recipients';
import { TalentIdentityMinimised1764000500000 } from './1764000500000-talent-identity-minimised';
import { SignInLimits1764000700000 } from './1764000700000-sign-in-limits';
import { OpeningLedger1764000900000 } from './1764000900000-opening-ledger';
import { DesignationDirtyByStatement1764001050000 } from './1764001050000-designation-dirty-by-statement';
import { AssessmentCorrections1764001100000 } from './1764001100000-assessment-corrections';
import { HonourCertificatesAndFormContacts1764001200000 } from './1764001200000-honour-certificates-and-form-contacts';
import { WorkshopSizeAndAddress1764001210000 } from './1764001210000-workshop-size-and-address';
import { SearchIndexes1764001300000 } from './1764001300000-search-indexes';
import { SelectionRounds1764001400000 } from './1764001400000-selection-rounds';
import { OfficialCalendar1764001500000 } from './1764001500000-official-calendar';
import { ExpertReview1764001510000 } from './1764001510000-expert-review';
import { Reports1764001600000 } from './1764001600000-reports';
import { CheaperImportTriggers1764001800000 } from './1764001800000-cheaper-import-triggers';
import { PaymentMonthRules1764002000000 } from './1764002000000-payment-month-rules';
import { DesignationReferencesByStatement1764002400000 } from './1764002400000-designation-references-by-statement';
import { DesignationTalentByStatement1764002410000 } from './1764002410000-designation-talent-by-statement';
import { ReportCountsByLookup1764002420000 } from './1764002420000-report-counts-by-lookup';
import { LedgerChecksInOnePass1764002800000 } from './1764002800000-ledger-checks-in-one-pass';
import { ScoreTableVersion1764002900000 } from './1764002900000-score-table-version';
import { LedgerWithoutDesignationIndex1764003000000 } from './1764003000000-ledger-without-designation-index';
import { TimeOrderedIds1764003100000 } from './1764003100000-time-ordered-ids';

/**
 * Every migration, oldest first. Listed rather than globbed so the compiled
 * service and the TypeScript tests load exactly the same set; a test fails if
 * a file in this folder is missing here.
 */
export const MIGRATIONS = [Foundation1763900000000, Registry1763900100000, Payments1763900200000, Assessments1763900300000, ChangeRequests1763900400000, Accounts1763900500000, PaymentThroughput1763900600000, JobRunsInterrupted1763900700000, OneAllowanceAMonth1764000100000, WorkshopGrantTotal1764000110000, RosterAsPaid1764000120000, DesignationStatusFollowsDates1764000200000, OneOfficeOfEachKind1764000300000, NotificationRecipients1764000310000, TalentIdentityMinimised1764000500000, SignInLimits1764000700000, OpeningLedger1764000900000, DesignationDirtyByStatement1764001050000, AssessmentCorrections1764001100000, HonourCertificatesAndFormContacts1764001200000, WorkshopSizeAndAddress1764001210000, SearchIndexes1764001300000, SelectionRounds1764001400000, OfficialCalendar1764001500000, ExpertReview1764001510000, Reports1764001600000, CheaperImportTriggers1764001800000, PaymentMonthRules1764002000000, DesignationReferencesByStatement1764002400000, DesignationTalentByStatement1764002410000, ReportCountsByLookup1764002420000, LedgerChecksInOnePass1764002800000, ScoreTableVersion1764002900000, LedgerWithoutDesignationIndex1764003000000, TimeOrderedIds1764003100000];
