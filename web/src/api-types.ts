/**
 * Generated from the service's OpenAPI document (/docs-json) by `npm run api-types`: do not edit.
 * test/core/api-types.spec.ts fails when this file no longer matches the service.
 */
export interface components {
    schemas: {
        AddressProblem: {
            /** @enum {string} */
            code: "ORGANIZATION_WITHOUT_CONTACT" | "NO_ORGANIZATION_OF_KIND" | "ROLE_WITHOUT_EMAIL" | "UNKNOWN_RECIPIENT";
            /** @description a retry would now find an address */
            fixed: boolean;
            organizationId: string | null;
            organizationKind: string | null;
            organizationName: string | null;
            role: string | null;
        };
        AdjustmentEffect: {
            adjustmentId: string;
            clawbackFen: number;
            designationId: string;
            effectiveOn: string;
            grantClawbackFen: number;
            grants: components["schemas"]["GrantClawback"][];
            /** @description the months paid that an approval takes back, with what was paid for each */
            months: components["schemas"]["ClawbackMonth"][];
            status: string;
            /** @description the first day of the first month the allowance is no longer owed (in force on the 1st, SPEC §3.2) */
            stopsOn: string;
            talentName: string;
        };
        AdjustmentFigures: {
            pending: number;
            pendingByReason: components["schemas"]["CountRow"][];
        };
        AdjustmentView: {
            createdAt: string;
            decidedAt: string | null;
            decidedBy: string | null;
            decisionComment: string | null;
            designationId: string;
            effectiveOn: string;
            evidence: string | null;
            id: string;
            note: string | null;
            /** @enum {string} */
            reason: "violation" | "annual_review_failed" | "assessment_failed" | "position_changed" | "moved_out_of_district" | "retired" | "deceased" | "other";
            /** @enum {string} */
            source: "manual" | "assessment" | "annual_review" | "lifecycle" | "social_insurance";
            /** @enum {string} */
            status: "pending" | "approved" | "rejected";
            talentId: string;
            talentName: string;
        };
        AdjustmentViewPage: {
            items: components["schemas"]["AdjustmentView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        AnnualResultsView: {
            activities: number;
            patents: components["schemas"]["PatentCountsDto"];
            recordedAt: string;
            results: number;
            workshopId: string;
            /** @example 2025 */
            year: number;
        };
        AnnualResultsViewPage: {
            items: components["schemas"]["AnnualResultsView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        ApplicantPersonDto: {
            email?: string;
            /** @description the employer organisation (an employer user: its own) */
            employerId: string;
            /**
             * @description 18-digit 居民身份证号 (GB 11643-1999)
             * @example 310117198503150011
             */
            idNumber: string;
            /** @example 张伟 */
            name: string;
            /**
             * @description mainland mobile number
             * @example 13812345678
             */
            phone?: string;
            /**
             * @description men: male; women: follows the post, default female_worker
             * @enum {string}
             */
            retirementCategory?: "male" | "female_cadre" | "female_worker";
        };
        ApplicationScores: {
            applicationId: string;
            items: components["schemas"]["ScoreView"][];
            scoringClosed: boolean;
        };
        ApplicationView: {
            achievements: string | null;
            awards: string | null;
            /** @enum {string} */
            channel: "employer" | "expert_or_association" | "self";
            cohort: string;
            /** @description until this day the employer may edit it */
            editableUntil: string;
            eligibility: components["schemas"]["EligibilityView"] | null;
            employerId: string;
            employerName: string;
            employerSupport: string | null;
            filedAt: string;
            filedOn: string;
            gender: string;
            id: string;
            /** @description first 2 and last 4 digits only (SPEC §8) */
            idNumberMasked: string;
            /** @enum {string} */
            industry: "ai" | "integrated_circuits" | "biomedicine" | "smart_security" | "new_energy" | "new_materials" | "modern_services" | "other";
            name: string;
            /** @example 数控车工 */
            occupation: string;
            otherTitles: string | null;
            patents: string | null;
            phoneMasked: string | null;
            post: string;
            recommendation: components["schemas"]["RecommendationView"] | null;
            recommenderId: string;
            recommenderName: string;
            roundId: string;
            /** @enum {string} */
            skillLevel: "senior_technician" | "technician" | "senior_worker" | "other" | "equivalent";
            skillRecognisedBy: string | null;
            /** @enum {string} */
            stage: "submitted" | "recommended" | "declined" | "eligible" | "ineligible" | "scoring" | "shortlisted" | "publicised" | "named" | "removed";
            talentId: string;
            team: string | null;
            updatedAt: string | null;
            warnings: components["schemas"]["ApplicationWarningView"][];
        };
        ApplicationViewPage: {
            items: components["schemas"]["ApplicationView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        ApplicationWarningView: {
            /** @enum {string} */
            code: "NEAR_RETIREMENT" | "SKILL_BELOW_TECHNICIAN";
            message: string;
        };
        AssessmentCountRow: {
            done: number;
            dueSoon: number;
            /** @enum {string} */
            kind: "mid_term" | "end_term";
            overdue: number;
        };
        AssessmentFigures: {
            byKind: components["schemas"]["AssessmentCountRow"][];
            dueWithinDays: number;
            totals: components["schemas"]["AssessmentTotals"];
        };
        AssessmentTotals: {
            done: number;
            dueSoon: number;
            overdue: number;
        };
        AssessmentView: {
            assessedOn: string | null;
            cancelledReason: string | null;
            comments: string | null;
            /** @description the latest correction by the district office (SPEC §3.4), if any */
            correctedAt: string | null;
            correctionReason: string | null;
            designationId: string;
            dueOn: string;
            employerName: string;
            /** @description excellent, qualified, basically_qualified or unqualified once recorded */
            grade: string | null;
            id: string;
            /** @enum {string} */
            kind: "mid_term" | "end_term";
            /** @description workshops (active or needing attention) the person leads: what a 不合格 result’s suspension also reaches */
            leadsWorkshops: string[];
            opensOn: string;
            organizerId: string;
            organizerName: string;
            score: number | null;
            /** @enum {string} */
            status: "open" | "overdue" | "done" | "cancelled";
            talentName: string;
        };
        AssessmentViewPage: {
            items: components["schemas"]["AssessmentView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        AuditEventView: {
            /** @example adjustment.proposed */
            action: string;
            /** @description `user:<id>`, `job:<name>` or `system` */
            actor: string;
            /** @description the user's name when the actor is a user (`user:<id>`); null for jobs and the system */
            actorName: string | null;
            /** @description the entity after the change, as audited */
            after: {
                [key: string]: unknown;
            } | null;
            at: string;
            /** @description the entity before the change, as audited */
            before: {
                [key: string]: unknown;
            } | null;
            entityId: string;
            entityType: string;
            requestId: string | null;
        };
        AuditEventViewPage: {
            items: components["schemas"]["AuditEventView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        BanView: {
            applicationId: string;
            cohort: string;
            createdAt: string;
            employerId: string | null;
            employerName: string | null;
            /** @description the first day the subject may apply again */
            endsOn: string;
            id: string;
            idNumberMasked: string | null;
            name: string | null;
            reason: string;
            startsOn: string;
            /** @enum {string} */
            subject: "person" | "employer";
            talentId: string | null;
        };
        BanViewPage: {
            items: components["schemas"]["BanView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        CalendarYearDto: {
            /**
             * @description public holidays (放假), weekend days inside a holiday included
             * @example [
             *       "2027-01-01",
             *       "2027-02-06"
             *     ]
             */
            holidays: string[];
            /**
             * @description weekend days worked in exchange (调休上班)
             * @example [
             *       "2027-02-14"
             *     ]
             */
            workdays: string[];
        };
        ChangeDecisionDto: {
            /** @example 同意变更 */
            comment?: string;
            /** @enum {string} */
            decision: "approve" | "reject";
        };
        ChangeOwnPasswordDto: {
            /** @description the password used to sign in now; a wrong one is counted like a failed sign-in */
            currentPassword: string;
            /** @description 10 to 200 characters */
            newPassword: string;
        };
        ChangeRequestCounts: {
            /**
             * @example {
             *       "pending": 3,
             *       "approved": 12
             *     }
             */
            byStatus: {
                [key: string]: number;
            };
            /**
             * @description the status whose requests this reader decides: submitted (a district union), union_reviewed (the city office), else null
             * @enum {string|null}
             */
            waiting: "submitted" | "union_reviewed" | "approved" | "rejected" | null;
        };
        ChangeRequestView: {
            /** @enum {string} */
            action: "change_lead" | "exit_keep_title" | "exit_revoke";
            cityComment: string | null;
            cityDecidedAt: string | null;
            /** @description approve or reject */
            cityDecision: string | null;
            contactName: string | null;
            /** @description masked in every view (and so in the audit log); the full number only on the printed form, for the roles that act on it */
            contactPhoneMasked: string | null;
            createdAt: string;
            id: string;
            newLeadName: string | null;
            newLeadTalentId: string | null;
            /** @enum {string} */
            reason: "deceased" | "resigned" | "retired" | "other";
            reasonDetail: string | null;
            /** @enum {string} */
            status: "submitted" | "union_reviewed" | "approved" | "rejected";
            unionComment: string | null;
            unionDecidedAt: string | null;
            /** @description approve or reject */
            unionDecision: string | null;
            unionId: string;
            workshopId: string;
            workshopName: string;
        };
        ChangeRequestViewPage: {
            items: components["schemas"]["ChangeRequestView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        ClawbackMonth: {
            forPeriod: string;
            paidFen: number;
        };
        CorrectResultDto: components["schemas"]["RecordResultDto"] & {
            /** @example 评分录入错误，经核对原始评分表更正 */
            reason: string;
        };
        CountRow: {
            count: number;
            key: string | null;
            name: string | null;
        };
        CreateAdjustmentDto: {
            /**
             * @description from this day the designation is suspended once approved
             * @example 2025-03-01
             */
            effectiveOn: string;
            /** @example 单位来函（2025年2月20日） */
            evidence?: string;
            /** @example 本人申请 */
            note?: string;
            /** @enum {string} */
            reason: "violation" | "annual_review_failed" | "assessment_failed" | "position_changed" | "moved_out_of_district" | "retired" | "deceased" | "other";
        };
        CreateDesignationDto: {
            /**
             * @description 届别: the year of the cohort
             * @example 2024
             */
            cohort: string;
            /**
             * @description 命名认定日期
             * @example 2024-06-15
             */
            designatedOn: string;
            /**
             * @description fen; default the ALLOWANCE_MONTHLY_FEN setting (100000)
             * @example 100000
             */
            monthlyAllowanceFen?: number;
            talentId: string;
            /**
             * @description default: the first of the month after designatedOn
             * @example 2024-07-01
             */
            termStart?: string;
        };
        CreatedUser: components["schemas"]["UserView"] & {
            /** @description the API token, shown only this once */
            token: string;
        };
        CreateHonourDto: {
            /** @example 2023-05-01 */
            awardedOn: string;
            /**
             * @description 证书编号, as printed on the certificate
             * @example SHGJ-2023-0123
             */
            certificateNumber?: string;
            /** @example 上海市总工会 */
            issuer?: string;
            /**
             * @description e.g. 上海工匠、松江工匠、青浦工匠、上海质量工匠、全国劳模、上海市劳模
             * @example 上海工匠
             */
            title: string;
        };
        CreateOrganizationDto: {
            /**
             * @example [
             *       "hr@example.com"
             *     ]
             */
            contactEmails?: string[];
            /**
             * @description employers: 统一社会信用代码 (GB 32100-2015)
             * @example 91310117MA1J3B0X4Q
             */
            creditCode?: string;
            /** @example 松江区 */
            district?: string;
            /** @description employers: the industry authority (行业主管单位), if any */
            industryAuthorityId?: string;
            /** @enum {string} */
            kind: "employer" | "street" | "industry_authority" | "union" | "district_office" | "city_office";
            /**
             * @description unions only: unit 本单位工会, district 区局（产业）工会
             * @enum {string}
             */
            level?: "unit" | "district";
            /** @example 上海松江精密机械有限公司 */
            name: string;
            /** @description a unit union: its district-level union */
            parentId?: string;
            /**
             * @description employers: enterprise 企业 (default; recommended by its street) or public_institution 事业单位 (recommended by its industry authority)
             * @enum {string}
             */
            sector?: "enterprise" | "public_institution";
            /** @description employers: the street (街镇/园区) organisation */
            streetId?: string;
            /** @description employers: the unit union (本单位工会) */
            unionId?: string;
        };
        CreateRoundDto: {
            /**
             * @description last day applications may be filed or edited
             * @example 2027-03-31
             */
            applicationsClose: string;
            /**
             * @description first day applications may be filed
             * @example 2027-03-01
             */
            applicationsOpen: string;
            /**
             * @description the cohort (届) the round names
             * @example 2027
             */
            cohort: string;
            /**
             * @description how many may be named; default ROUND_QUOTA_DEFAULT (25)
             * @example 25
             */
            quota?: number;
        };
        CreateTalentDto: {
            email?: string;
            /** @description the employer organisation */
            employerId: string;
            /**
             * @description 18-digit 居民身份证号 (GB 11643-1999)
             * @example 310117198503150011
             */
            idNumber: string;
            /** @example 张伟 */
            name: string;
            /** @example 数控车工 */
            occupation?: string;
            /**
             * @description mainland mobile number
             * @example 13812345678
             */
            phone?: string;
            /**
             * @description men: male; women: follows the post, default female_worker
             * @enum {string}
             */
            retirementCategory?: "male" | "female_cadre" | "female_worker";
            /** @example 高级技师 */
            skillLevel?: string;
            /**
             * @description 社保缴费单位注册地
             * @example 松江区
             */
            socialInsuranceDistrict?: string;
        };
        CreateTitleDto: {
            /**
             * @description fen per month
             * @example 150000
             */
            monthlyAmountFen: number;
            /** @example 区领军人才 */
            title: string;
            /** @example 2024-01-01 */
            validFrom: string;
            /** @example 2026-12-31 */
            validTo?: string;
        };
        CreateUserDto: {
            /** @example wangfang@example.com */
            email?: string;
            /** @example 王芳 */
            name: string;
            /** @description required for assessor (the organiser), union (the union organisation) and employer (the employer organisation) */
            organizationId?: string;
            /** @description console password (10+ characters); needs username */
            password?: string;
            /** @enum {string} */
            role: "admin" | "finance" | "assessor" | "union" | "city_office" | "employer" | "expert";
            /**
             * @description for signing in to the console; unique, case-insensitive
             * @example wangfang
             */
            username?: string;
        };
        CreateWorkshopDto: {
            /**
             * @description 工作室地址
             * @example 上海市松江区荣乐东路 2 号
             */
            address?: string;
            employerId: string;
            /**
             * @description chief_technician: admin registers; craftsman_innovation: the city office names
             * @enum {string}
             */
            kind: "chief_technician" | "craftsman_innovation";
            /** @description 领衔人 */
            leadTalentId: string;
            /**
             * @description chief technician workshops: decides the grant (SPEC §3.3)
             * @enum {string}
             */
            level?: "municipal" | "district";
            /**
             * @description 人数: the workshop team size, as on the 管理变更申请表 (004 附件3)
             * @example 12
             */
            memberCount?: number;
            /** @example 张伟首席技师工作室 */
            name: string;
            /** @example 2025-03-01 */
            namedOn: string;
            /** @description the unit union (本单位工会); default the employer’s */
            unionId?: string;
        };
        CurrentSession: {
            /**
             * Format: date-time
             * @description null for an API token
             */
            expiresAt: string | null;
            user: components["schemas"]["SignedInUser"];
        };
        Dashboard: {
            adjustments: components["schemas"]["AdjustmentFigures"];
            asOf: string;
            assessments: components["schemas"]["AssessmentFigures"];
            designations: components["schemas"]["DesignationCounts"];
            payments: components["schemas"]["PaymentFigures"];
            workshops: components["schemas"]["WorkshopFigures"];
        };
        DecisionDto: {
            /** @example 情况属实，同意中止 */
            comment?: string;
            /** @enum {string} */
            decision: "approve" | "reject";
        };
        DesignationCounts: {
            activeByCohort: components["schemas"]["CountRow"][];
            activeByIndustryAuthority: components["schemas"]["CountRow"][];
            activeByStreet: components["schemas"]["CountRow"][];
            byStatus: components["schemas"]["CountRow"][];
        };
        DesignationDetail: components["schemas"]["DesignationView"] & {
            timeline: components["schemas"]["TimelineEntry"][];
        };
        DesignationPaymentView: {
            amountFen: number;
            forPeriod: string;
            /** @enum {string} */
            kind: "regular" | "arrears" | "clawback" | "grant" | "opening";
            monthIndex: number;
            note: string;
            /** @description null for an opening line (SPEC §3.7): paid outside the service, in no period */
            runPeriod: string | null;
        };
        DesignationPaymentViewPage: {
            items: components["schemas"]["DesignationPaymentView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        DesignationView: {
            /** @example 2024 */
            cohort: string;
            completedOn: string | null;
            createdAt: string;
            designatedOn: string;
            employerId: string;
            endTermDue: string;
            id: string;
            midTermDue: string;
            monthlyAllowanceFen: number;
            /** @enum {string} */
            status: "active" | "suspended" | "completed";
            suspendedFrom: string | null;
            /** @description SPEC §5: the effective day of an approved adjustment that has not yet suspended this active designation, else null */
            suspendsOn: string | null;
            talentId: string;
            talentName: string;
            termEnd: string;
            termStart: string;
        };
        DesignationViewPage: {
            items: components["schemas"]["DesignationView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        EligibilityDto: {
            /**
             * @description 资格审查：符合 / 不符合
             * @enum {string}
             */
            decision: "eligible" | "ineligible";
            /** @description false material found (弄虚作假): ineligible, and bans the person (and, for the employer channel, the employer) for APPLICATION_BAN_YEARS */
            falseMaterial?: boolean;
            /**
             * @description the reasons (理由)
             * @example 符合申报条件
             */
            reasons: string;
        };
        EligibilityView: {
            at: string | null;
            decision: string;
            falseMaterial: boolean;
            reasons: string | null;
        };
        ErrorResponse: {
            /** @description stable: a domain error's own code (e.g. DESIGNATION_OVERLAP, PERIOD_STALE, X_NOT_FOUND) or one of VALIDATION_FAILED, INVALID_INPUT, UNAUTHENTICATED, WRONG_CREDENTIALS, FORBIDDEN, NOT_FOUND, CONFLICT, RULE_VIOLATED, BODY_TOO_LARGE, UNSUPPORTED_MEDIA_TYPE, TOO_MANY_ATTEMPTS, DUPLICATE, REFERENCE_MISSING, VALUE_OUT_OF_RANGE, INTERNAL */
            code: string;
            /** @description the HTTP status's reason phrase */
            error: string;
            /** @description a refused import: every row error, nothing imported */
            errors?: components["schemas"]["RowErrorView"][];
            /** @description invalid input: every field at once */
            fields?: components["schemas"]["FieldProblemView"][];
            /** @description English; one per field for invalid input */
            message: string | string[];
            statusCode: number;
        };
        ExpertProgressView: {
            disabled: boolean;
            id: string;
            name: string;
            /** @description sheets recorded */
            scored: number;
            /** @description applications to score */
            toScore: number;
        };
        ExpertsDto: {
            /** @description user ids of role expert; replaces the round’s experts */
            expertUserIds: string[];
        };
        ExpertTotal: {
            expertId: string;
            expertName: string;
            total: number;
        };
        FieldProblemView: {
            /** @description class-validator's constraint (`isBusinessDate`, `max`, `whitelistValidation`…), or `required` / `invalid` for a service's own check */
            constraint: string;
            /** @description the field as class-validator names it: `score`, `contactEmails[0]`, `person.idNumber` */
            field: string;
        };
        FileApplicationDto: {
            /** @description 主要业绩 */
            achievements?: string;
            /** @description 获奖情况 */
            awards?: string;
            /**
             * @description employer 单位推荐 (an employer user files only this), expert_or_association 专家或社会团体举荐, self 个人自荐
             * @enum {string}
             */
            channel: "employer" | "expert_or_association" | "self";
            /** @description 单位支持措施（工作室/团队、津贴、培训经费） */
            employerSupport?: string;
            /**
             * @description 所属产业（003 二（一））
             * @enum {string}
             */
            industry: "ai" | "integrated_circuits" | "biomedicine" | "smart_security" | "new_energy" | "new_materials" | "modern_services" | "other";
            /**
             * @description 工种
             * @example 数控车工
             */
            occupation: string;
            /** @description 已获其他人才称号 */
            otherTitles?: string;
            /** @description 专利、技术革新 */
            patents?: string;
            /** @description a person not yet registered (an ID number already registered is that person) */
            person?: components["schemas"]["ApplicantPersonDto"];
            /**
             * @description 岗位
             * @example 数控车间主任
             */
            post: string;
            /**
             * @description 高级技师 / 技师 / 高级工 / 其他 / 相当水平（需 skillRecognisedBy）
             * @enum {string}
             */
            skillLevel: "senior_technician" | "technician" | "senior_worker" | "other" | "equivalent";
            /**
             * @description equivalent: who recognised the level
             * @example 上海市职业技能鉴定中心
             */
            skillRecognisedBy?: string;
            /** @description a person in the registry; else give person */
            talentId?: string;
            /** @description 工作团队 */
            team?: string;
        };
        FileChangeRequestDto: {
            /**
             * @description 领衔人变更 / 退出管理序列（保留称号）/ 退出管理序列（摘牌）
             * @enum {string}
             */
            action: "change_lead" | "exit_keep_title" | "exit_revoke";
            /**
             * @description 工作室地址 on the form; becomes the workshop’s
             * @example 上海市松江区荣乐东路 2 号
             */
            address?: string;
            /**
             * @description 联系人 on the form (004 附件3)
             * @example 李红
             */
            contactName?: string;
            /**
             * @description 联系电话: a mobile or a landline; stored encrypted, shown in full only to the unions and the city office
             * @example 021-62307008
             */
            contactPhone?: string;
            /**
             * @description 人数 on the form; becomes the workshop’s
             * @example 12
             */
            memberCount?: number;
            /** @description change_lead: the new lead, who must hold 上海工匠 */
            newLeadTalentId?: string;
            /**
             * @description 领衔工匠已故 / 离职 / 退休 / 其他
             * @enum {string}
             */
            reason: "deceased" | "resigned" | "retired" | "other";
            /**
             * @description required when reason is other
             * @example 领衔人调往外省工作
             */
            reasonDetail?: string;
        };
        GrantClawback: {
            instalment: number;
            paidFen: number;
            workshop: string;
        };
        HonourView: {
            awardedOn: string;
            certificateNumber: string | null;
            id: string;
            issuer: string | null;
            /** @description a revoked honour stays listed */
            revoked: boolean;
            talentId: string;
            /** @example 上海工匠 */
            title: string;
        };
        ImportedRows: {
            /** @description rows written: every row of the file */
            created: number;
        };
        LeadCandidate: {
            idNumberMasked: string;
            name: string;
            talentId: string;
        };
        LeadCandidatePage: {
            items: components["schemas"]["LeadCandidate"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        LineView: {
            amountFen: number;
            designationId: string | null;
            forPeriod: string;
            id: string;
            /** @enum {string} */
            kind: "regular" | "arrears" | "clawback" | "grant" | "held" | "superseded";
            monthIndex: number;
            note: string;
            payee: string;
            workshopId: string | null;
        };
        LineViewPage: {
            items: components["schemas"]["LineView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        MintedToken: {
            /** @description the API token, shown only this once; every earlier token of the user is revoked */
            token: string;
            userId: string;
        };
        MintTokenDto: {
            /** @description your current password: required when a non-admin mints a token from a console session */
            password?: string;
        };
        MoneyTotals: {
            arrearsFen: number;
            clawbackFen: number;
            grantFen: number;
            netFen: number;
            regularFen: number;
        };
        MonthMoney: components["schemas"]["MoneyTotals"] & {
            /** @example 2026-03 */
            period: string;
        };
        NamingDto: {
            /**
             * @description 命名认定日期 of every designation the act creates
             * @example 2025-10-20
             */
            designatedOn: string;
        };
        NotificationRecipient: {
            organizationId?: string;
            organizationKind?: string;
            organizationName?: string | null;
            role?: string;
        };
        NotificationView: {
            /** @description set when the mail failed for want of an address */
            addressProblem: components["schemas"]["AddressProblem"] | null;
            attempts: number;
            createdAt: string;
            id: string;
            lastError: string | null;
            nextAttemptAt: string | null;
            /** @example assessment.opened */
            purpose: string;
            /** @description looked up again at every retry; null for mails to given addresses */
            recipient: components["schemas"]["NotificationRecipient"] | null;
            sentAt: string | null;
            /** @enum {string} */
            status: "pending" | "sent" | "failed";
            subject: string;
            to: string[];
        };
        NotificationViewPage: {
            items: components["schemas"]["NotificationView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        ObjectionDto: {
            /** @example 群众来信反映其获奖情况与事实不符，经核实属实。 */
            text: string;
            /**
             * @description true: the objection is upheld and the application leaves the list
             * @default false
             */
            upheld: boolean;
        };
        ObjectionList: {
            items: components["schemas"]["ObjectionView"][];
        };
        ObjectionView: {
            applicationId: string;
            id: string;
            name?: string;
            recordedOn: string;
            /** @description the application's stage after the objection: `removed` when upheld */
            stage?: string;
            text: string;
            upheld: boolean;
        };
        OrganizationView: {
            /** @description where mail to the organisation goes */
            contactEmails: string[];
            createdAt: string;
            /** @description employers only */
            creditCode: string | null;
            district: string | null;
            id: string;
            industryAuthorityId: string | null;
            /** @enum {string} */
            kind: "employer" | "street" | "industry_authority" | "union" | "district_office" | "city_office";
            /**
             * @description unions only
             * @enum {string|null}
             */
            level: "unit" | "district" | null;
            name: string;
            parentId: string | null;
            /**
             * @description employers only
             * @enum {string|null}
             */
            sector: "enterprise" | "public_institution" | null;
            streetId: string | null;
            unionId: string | null;
        };
        OrganizationViewPage: {
            items: components["schemas"]["OrganizationView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        PatentCountsDto: {
            /**
             * @description 外观设计
             * @example 0
             */
            design: number;
            /**
             * @description 发明专利
             * @example 1
             */
            invention: number;
            /**
             * @description 实用新型
             * @example 2
             */
            utilityModel: number;
        };
        PaymentFigures: {
            from: string;
            /** @description oldest first, every month of the window, zeros where no run paid anything */
            months: components["schemas"]["MonthMoney"][];
            to: string;
            totals: components["schemas"]["MoneyTotals"];
        };
        PublicityDto: {
            /**
             * @description first day of the 公示; it lasts PUBLICITY_WORKING_DAYS working days on the official calendar
             * @example 2025-09-29
             */
            startsOn: string;
        };
        PublicityList: {
            cohort: string;
            endsOn: string | null;
            items: components["schemas"]["PublicityListLine"][];
            startsOn: string | null;
        };
        PublicityListLine: {
            applicationId: string;
            employerName: string;
            name: string;
            occupation: string;
            score: number;
            skillLevel: string;
            skillRecognisedBy: string | null;
            stage: string;
        };
        PublicityView: {
            /** @description applications on the publicity list */
            applications: number;
            endsOn: string;
            roundId: string;
            startsOn: string;
            status: string;
        };
        RecommendationDto: {
            /**
             * @description 推荐意见
             * @example 同意推荐
             */
            comment: string;
            /**
             * @description 推荐 / 不推荐
             * @enum {string}
             */
            decision: "recommend" | "decline";
        };
        RecommendationView: {
            at: string | null;
            by: string | null;
            comment: string | null;
            decision: string;
        };
        RecordAnnualResultsDto: {
            /**
             * @description 联盟（交流）活动次数
             * @example 3
             */
            activities: number;
            patents: components["schemas"]["PatentCountsDto"];
            /**
             * @description 创新成果数量
             * @example 4
             */
            results: number;
            /** @example 2025 */
            year: number;
        };
        RecordAnnualReviewDto: {
            /** @enum {string} */
            grade: "excellent" | "qualified" | "basically_qualified" | "unqualified";
            /** @example 2025-12-20 */
            reviewedOn: string;
            /** @example 2025 */
            year: number;
        };
        RecordResultDto: {
            /** @example 2025-12-20 */
            assessedOn: string;
            /** @example 技术攻关成效显著 */
            comments?: string;
            /** @enum {string} */
            grade: "excellent" | "qualified" | "basically_qualified" | "unqualified";
            /** @example 86.5 */
            score?: number;
        };
        /** @enum {string} */
        Role: "admin" | "finance" | "assessor" | "union" | "city_office" | "employer" | "expert";
        RoundExpertsView: {
            experts: components["schemas"]["ExpertProgressView"][];
            roundId: string;
            status: string;
        };
        RoundView: {
            applicationsClose: string;
            applicationsOpen: string;
            /** @example 2025 */
            cohort: string;
            /** @description applications per stage (an employer counts only its own) */
            counts: {
                [key: string]: number;
            };
            employerNominationsMax: number;
            id: string;
            quota: number;
            /**
             * @description `open` reads `reviewing` once the window has closed
             * @example open
             */
            status: string;
            total: number;
        };
        RoundViewPage: {
            items: components["schemas"]["RoundView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        RowErrorView: {
            /** @description one of required, lengthOutOfRange, unreadableCell, notAnOption, invalidIdNumber, invalidCreditCode, invalidDate, invalidMonth, invalidYear, invalidAmount, invalidScore, unknownItem, unknownDistrict, duplicateInFile, tooEarly, tooLate, notBegun, ageBelowMinimum, pastRetirement, unknownCreditCode, unknownIdNumber, unknownReference, ambiguousReference, nameMismatch, alreadyDesignated, overlap, noDesignationInTerm, unknownWorkshop, importedBefore, alreadyPaid, notInRound, notUnderReview; or, for a row refused by a service's own checks, that check's error code or constraint */
            constraint: string;
            /** @description the column's machine name */
            field: string;
            /** @description English, for API clients */
            message: string;
            /** @description the earlier row of the same thing (duplicateInFile) */
            otherRow?: number;
            /** @description the row as Excel shows it (header row 1) */
            row: number;
        };
        RunCounts: {
            arrears: number;
            clawback: number;
            grant: number;
            held: number;
            regular: number;
            superseded: number;
        };
        RunJobDto: {
            /**
             * @description run as if today were this date (Asia/Shanghai); default today; a later day is 422 unless JOBS_ALLOW_FUTURE_AS_OF is on
             * @example 2026-11-01
             */
            asOf?: string;
        };
        RunPeriodDto: {
            /**
             * @description YYYY-MM
             * @example 2026-11
             */
            period: string;
        };
        RunPreview: {
            lines: components["schemas"]["LineView"][];
            summary: components["schemas"]["RunSummary"];
        };
        RunSummary: {
            closedAt: string | null;
            counts: components["schemas"]["RunCounts"];
            lastRunAt: string | null;
            /** @example 2026-03 */
            period: string;
            /** @description SPEC §3.2: the number of the period's latest run (1 for the first); rosters carry it */
            runNumber: number;
            runs: number;
            /** @description SPEC §3.2: a re-run would now change the lines of staleDesignations designations; closing is 409 until it is run again */
            stale: boolean;
            staleDesignations: number;
            /** @enum {string} */
            status: "open" | "closed";
            totals: components["schemas"]["RunTotals"];
        };
        RunSummaryPage: {
            items: components["schemas"]["RunSummary"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        RunTotals: {
            allowanceFen: number;
            clawbackFen: number;
            grantFen: number;
            netFen: number;
        };
        ScoreSheetDto: {
            /**
             * @description the 13 items of 003 附件3, each a whole number from 0 to its maximum: A1 ≤ 5, A2 ≤ 5, A3 ≤ 10, B1 ≤ 10, B2 ≤ 10, B3 ≤ 10, C1 ≤ 10, C2 ≤ 10, D ≤ 5, E ≤ 5, F ≤ 10, G ≤ 5, H ≤ 5
             * @example {
             *       "A1": 5,
             *       "A2": 5,
             *       "A3": 8,
             *       "B1": 9,
             *       "B2": 8,
             *       "B3": 9,
             *       "C1": 7,
             *       "C2": 6,
             *       "D": 5,
             *       "E": 4,
             *       "F": 8,
             *       "G": 4,
             *       "H": 3
             *     }
             */
            items: Record<string, never>;
            /**
             * @description 专家总体评价意见
             * @example 技术精湛，带徒成效显著，同意推荐。
             */
            opinion: string;
        };
        ScoreTable: {
            items: components["schemas"]["ScoreTableLine"][];
            quota: number;
            roundId: string;
            scoringClosed: boolean;
            status: string;
        };
        ScoreTableLine: {
            applicationId: string;
            employerName: string;
            experts: number;
            highest: number;
            idNumberMasked: string;
            /** @description mean of each item over the experts, two decimals */
            itemMeans: {
                [key: string]: number;
            };
            lowest: number;
            name: string;
            /** @description 1-based place; applications equal on score, B and C share one */
            rank: number;
            /** @description mean of the experts' totals, two decimals (SPEC §3.8 step 4) */
            score: number;
            /** @description mean of the experts' B subtotals, two decimals (breaks ties) */
            scoreB: number;
            /** @description mean of the experts' C subtotals, two decimals (breaks ties) */
            scoreC: number;
            /** @description highest − lowest of the experts' totals */
            spread: number;
            stage: string;
            totals: components["schemas"]["ExpertTotal"][];
        };
        ScoreView: {
            applicationId: string;
            expertId: string;
            expertName: string;
            /** @description points per item of the 专家评审表 (A1…H) */
            items: {
                [key: string]: number;
            };
            opinion: string;
            scoredAt: string;
            /** @enum {string} */
            source: "form" | "paper";
            total: number;
        };
        SessionView: {
            /** Format: date-time */
            expiresAt: string;
            /** @description the bearer token of this console session */
            token: string;
            user: components["schemas"]["SignedInUser"];
        };
        SetPasswordDto: {
            /** @description 10 to 200 characters */
            password: string;
            /**
             * @description required when the user has no username yet; changes it otherwise
             * @example wangfang
             */
            username?: string;
        };
        ShortlistDto: {
            /** @description the applications shortlisted, in any order */
            applicationIds: string[];
            /** @description required when the list exceeds the quota or passes over a higher score */
            reason?: string;
        };
        ShortlistView: {
            applicationIds: string[];
            quota: number;
            reason: string | null;
            roundId: string;
            status: string;
        };
        SignedInUser: {
            id: string;
            name: string;
            organizationId: string | null;
            role: components["schemas"]["Role"];
            username: string | null;
        };
        SignInDto: {
            /** @example correct horse battery staple */
            password: string;
            /** @example wangfang */
            username: string;
        };
        StatusCounts: {
            /**
             * @example {
             *       "pending": 3,
             *       "approved": 12
             *     }
             */
            byStatus: {
                [key: string]: number;
            };
        };
        TalentDetail: components["schemas"]["TalentView"] & {
            honours: components["schemas"]["HonourView"][];
            titles: components["schemas"]["TitleView"][];
        };
        TalentLookupDto: {
            /**
             * @description exact 居民身份证号: looked up by its keyed hash, never stored in logs
             * @example 310117198503150011
             */
            idNumber: string;
        };
        TalentPaymentView: components["schemas"]["DesignationPaymentView"] & {
            cohort: string;
            designationId: string;
        };
        TalentPaymentViewPage: {
            items: components["schemas"]["TalentPaymentView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        TalentView: {
            /** @description admin only */
            birthDate?: string;
            createdAt: string;
            email: string | null;
            employerId: string;
            /** @enum {string} */
            gender: "male" | "female";
            id: string;
            idNumberMasked: string;
            name: string;
            occupation: string | null;
            phoneMasked: string | null;
            retirementCategory: string;
            skillLevel: string | null;
            socialInsuranceDistrict: string;
            socialInsuranceSince: string | null;
            /** @description admin only */
            statutoryRetirementDate?: string;
        };
        TalentViewPage: {
            items: components["schemas"]["TalentView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        TimelineEntry: {
            at: string;
            data: {
                [key: string]: unknown;
            };
            kind: string;
            /** @description the business day the event took effect */
            onDate: string;
            summary: string;
        };
        TitleView: {
            id: string;
            monthlyAmountFen: number;
            talentId: string;
            title: string;
            validFrom: string;
            validTo: string | null;
        };
        UpdateApplicationDto: {
            /** @description 主要业绩 */
            achievements?: string;
            /** @description 获奖情况 */
            awards?: string;
            /** @description 单位支持措施（工作室/团队、津贴、培训经费） */
            employerSupport?: string;
            /**
             * @description 所属产业（003 二（一））
             * @enum {string}
             */
            industry?: "ai" | "integrated_circuits" | "biomedicine" | "smart_security" | "new_energy" | "new_materials" | "modern_services" | "other";
            /**
             * @description 工种
             * @example 数控车工
             */
            occupation?: string;
            /** @description 已获其他人才称号 */
            otherTitles?: string;
            /** @description 专利、技术革新 */
            patents?: string;
            /**
             * @description 岗位
             * @example 数控车间主任
             */
            post?: string;
            /**
             * @description 高级技师 / 技师 / 高级工 / 其他 / 相当水平（需 skillRecognisedBy）
             * @enum {string}
             */
            skillLevel?: "senior_technician" | "technician" | "senior_worker" | "other" | "equivalent";
            /**
             * @description equivalent: who recognised the level
             * @example 上海市职业技能鉴定中心
             */
            skillRecognisedBy?: string;
            /** @description 工作团队 */
            team?: string;
        };
        UpdateOrganizationDto: {
            /**
             * @example [
             *       "hr@example.com"
             *     ]
             */
            contactEmails?: string[];
            /**
             * @description employers: 统一社会信用代码 (GB 32100-2015)
             * @example 91310117MA1J3B0X4Q
             */
            creditCode?: string;
            /** @example 松江区 */
            district?: string;
            /** @description employers: the industry authority (行业主管单位), if any */
            industryAuthorityId?: string;
            /**
             * @description unions only: unit 本单位工会, district 区局（产业）工会
             * @enum {string}
             */
            level?: "unit" | "district";
            /** @example 上海松江精密机械有限公司 */
            name?: string;
            /** @description a unit union: its district-level union */
            parentId?: string;
            /**
             * @description employers: enterprise 企业 (default; recommended by its street) or public_institution 事业单位 (recommended by its industry authority)
             * @enum {string}
             */
            sector?: "enterprise" | "public_institution";
            /** @description employers: the street (街镇/园区) organisation */
            streetId?: string;
            /** @description employers: the unit union (本单位工会) */
            unionId?: string;
        };
        UpdateTalentDto: {
            email?: string;
            /** @description the new employer organisation */
            employerId?: string;
            /**
             * @description mainland mobile number
             * @example 13812345678
             */
            phone?: string;
            /**
             * @description a woman's category follows her post; a new one recomputes statutoryRetirementDate
             * @enum {string}
             */
            retirementCategory?: "male" | "female_cadre" | "female_worker";
        };
        UpdateUserDto: {
            /** @description true: the user can no longer sign in, and every session and API token ends at once; false: enabled again (new token or sign-in needed) */
            disabled?: boolean;
            /** @example wangfang@example.com */
            email?: string;
            /** @description same rules as on creation (an assessor an organiser, a union user a union) */
            organizationId?: string;
        };
        UserListItem: components["schemas"]["UserView"] & {
            organizationName: string | null;
        };
        UserListItemPage: {
            items: components["schemas"]["UserListItem"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
        UserView: components["schemas"]["SignedInUser"] & {
            /** @description a disabled user can neither sign in nor use any token */
            disabled: boolean;
            email: string | null;
            /** @description whether the user can sign in to the console */
            hasPassword: boolean;
        };
        WorkItem: {
            achievements: string | null;
            awards: string | null;
            employerName: string;
            employerSupport: string | null;
            id: string;
            idNumberMasked: string;
            /** @enum {string} */
            industry: "ai" | "integrated_circuits" | "biomedicine" | "smart_security" | "new_energy" | "new_materials" | "modern_services" | "other";
            /** @description the caller's own sheet */
            myScore: components["schemas"]["ScoreView"] | null;
            name: string;
            /** @example 数控车工 */
            occupation: string;
            otherTitles: string | null;
            patents: string | null;
            post: string;
            roundId: string;
            /** @enum {string} */
            skillLevel: "senior_technician" | "technician" | "senior_worker" | "other" | "equivalent";
            skillRecognisedBy: string | null;
            stage: string;
            streetName: string | null;
            team: string | null;
        };
        WorklistView: {
            cohort: string;
            items: components["schemas"]["WorkItem"][];
            roundId: string;
            scored: number;
            scoringClosed: boolean;
            status: string;
            toScore: number;
        };
        WorkshopCountRow: {
            count: number;
            kind: string;
            status: string;
        };
        WorkshopDetail: components["schemas"]["WorkshopView"] & {
            leadHistory: components["schemas"]["WorkshopLead"][];
            timeline: components["schemas"]["TimelineEntry"][];
        };
        WorkshopFigures: {
            byStatus: components["schemas"]["WorkshopCountRow"][];
        };
        WorkshopLead: {
            changeRequestId: string | null;
            fromDate: string;
            talentId: string;
            talentName: string;
            toDate: string | null;
        };
        WorkshopView: {
            /** @description 工作室地址 of the 管理变更申请表 (null until given) */
            address: string | null;
            createdAt: string;
            designationId: string | null;
            employerId: string;
            employerName: string;
            /** @description SPEC §3.3: the grant fixed when the workshop was registered (chief technician workshops; null otherwise) */
            grantTotalFen: number | null;
            id: string;
            /** @enum {string} */
            kind: "chief_technician" | "craftsman_innovation";
            leadTalentId: string;
            leadTalentName: string;
            /** @enum {string|null} */
            level: "municipal" | "district" | null;
            /** @description 人数 of the 管理变更申请表 (null until given) */
            memberCount: number | null;
            name: string;
            namedOn: string;
            /** @enum {string} */
            status: "active" | "attention_required" | "exited" | "revoked";
            unionId: string | null;
        };
        WorkshopViewPage: {
            items: components["schemas"]["WorkshopView"][];
            /** @description cursor of the next page; null on the last */
            nextCursor: string | null;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type AddressProblem = components['schemas']['AddressProblem'];
export type AdjustmentEffect = components['schemas']['AdjustmentEffect'];
export type AdjustmentFigures = components['schemas']['AdjustmentFigures'];
export type AdjustmentView = components['schemas']['AdjustmentView'];
export type AdjustmentViewPage = components['schemas']['AdjustmentViewPage'];
export type AnnualResultsView = components['schemas']['AnnualResultsView'];
export type AnnualResultsViewPage = components['schemas']['AnnualResultsViewPage'];
export type ApplicantPersonDto = components['schemas']['ApplicantPersonDto'];
export type ApplicationScores = components['schemas']['ApplicationScores'];
export type ApplicationView = components['schemas']['ApplicationView'];
export type ApplicationViewPage = components['schemas']['ApplicationViewPage'];
export type ApplicationWarningView = components['schemas']['ApplicationWarningView'];
export type AssessmentCountRow = components['schemas']['AssessmentCountRow'];
export type AssessmentFigures = components['schemas']['AssessmentFigures'];
export type AssessmentTotals = components['schemas']['AssessmentTotals'];
export type AssessmentView = components['schemas']['AssessmentView'];
export type AssessmentViewPage = components['schemas']['AssessmentViewPage'];
export type AuditEventView = components['schemas']['AuditEventView'];
export type AuditEventViewPage = components['schemas']['AuditEventViewPage'];
export type BanView = components['schemas']['BanView'];
export type BanViewPage = components['schemas']['BanViewPage'];
export type CalendarYearDto = components['schemas']['CalendarYearDto'];
export type ChangeDecisionDto = components['schemas']['ChangeDecisionDto'];
export type ChangeOwnPasswordDto = components['schemas']['ChangeOwnPasswordDto'];
export type ChangeRequestCounts = components['schemas']['ChangeRequestCounts'];
export type ChangeRequestView = components['schemas']['ChangeRequestView'];
export type ChangeRequestViewPage = components['schemas']['ChangeRequestViewPage'];
export type ClawbackMonth = components['schemas']['ClawbackMonth'];
export type CorrectResultDto = components['schemas']['CorrectResultDto'];
export type CountRow = components['schemas']['CountRow'];
export type CreateAdjustmentDto = components['schemas']['CreateAdjustmentDto'];
export type CreateDesignationDto = components['schemas']['CreateDesignationDto'];
export type CreatedUser = components['schemas']['CreatedUser'];
export type CreateHonourDto = components['schemas']['CreateHonourDto'];
export type CreateOrganizationDto = components['schemas']['CreateOrganizationDto'];
export type CreateRoundDto = components['schemas']['CreateRoundDto'];
export type CreateTalentDto = components['schemas']['CreateTalentDto'];
export type CreateTitleDto = components['schemas']['CreateTitleDto'];
export type CreateUserDto = components['schemas']['CreateUserDto'];
export type CreateWorkshopDto = components['schemas']['CreateWorkshopDto'];
export type CurrentSession = components['schemas']['CurrentSession'];
export type Dashboard = components['schemas']['Dashboard'];
export type DecisionDto = components['schemas']['DecisionDto'];
export type DesignationCounts = components['schemas']['DesignationCounts'];
export type DesignationDetail = components['schemas']['DesignationDetail'];
export type DesignationPaymentView = components['schemas']['DesignationPaymentView'];
export type DesignationPaymentViewPage = components['schemas']['DesignationPaymentViewPage'];
export type DesignationView = components['schemas']['DesignationView'];
export type DesignationViewPage = components['schemas']['DesignationViewPage'];
export type EligibilityDto = components['schemas']['EligibilityDto'];
export type EligibilityView = components['schemas']['EligibilityView'];
export type ErrorResponse = components['schemas']['ErrorResponse'];
export type ExpertProgressView = components['schemas']['ExpertProgressView'];
export type ExpertsDto = components['schemas']['ExpertsDto'];
export type ExpertTotal = components['schemas']['ExpertTotal'];
export type FieldProblemView = components['schemas']['FieldProblemView'];
export type FileApplicationDto = components['schemas']['FileApplicationDto'];
export type FileChangeRequestDto = components['schemas']['FileChangeRequestDto'];
export type GrantClawback = components['schemas']['GrantClawback'];
export type HonourView = components['schemas']['HonourView'];
export type ImportedRows = components['schemas']['ImportedRows'];
export type LeadCandidate = components['schemas']['LeadCandidate'];
export type LeadCandidatePage = components['schemas']['LeadCandidatePage'];
export type LineView = components['schemas']['LineView'];
export type LineViewPage = components['schemas']['LineViewPage'];
export type MintedToken = components['schemas']['MintedToken'];
export type MintTokenDto = components['schemas']['MintTokenDto'];
export type MoneyTotals = components['schemas']['MoneyTotals'];
export type MonthMoney = components['schemas']['MonthMoney'];
export type NamingDto = components['schemas']['NamingDto'];
export type NotificationRecipient = components['schemas']['NotificationRecipient'];
export type NotificationView = components['schemas']['NotificationView'];
export type NotificationViewPage = components['schemas']['NotificationViewPage'];
export type ObjectionDto = components['schemas']['ObjectionDto'];
export type ObjectionList = components['schemas']['ObjectionList'];
export type ObjectionView = components['schemas']['ObjectionView'];
export type OrganizationView = components['schemas']['OrganizationView'];
export type OrganizationViewPage = components['schemas']['OrganizationViewPage'];
export type PatentCountsDto = components['schemas']['PatentCountsDto'];
export type PaymentFigures = components['schemas']['PaymentFigures'];
export type PublicityDto = components['schemas']['PublicityDto'];
export type PublicityList = components['schemas']['PublicityList'];
export type PublicityListLine = components['schemas']['PublicityListLine'];
export type PublicityView = components['schemas']['PublicityView'];
export type RecommendationDto = components['schemas']['RecommendationDto'];
export type RecommendationView = components['schemas']['RecommendationView'];
export type RecordAnnualResultsDto = components['schemas']['RecordAnnualResultsDto'];
export type RecordAnnualReviewDto = components['schemas']['RecordAnnualReviewDto'];
export type RecordResultDto = components['schemas']['RecordResultDto'];
export type Role = components['schemas']['Role'];
export type RoundExpertsView = components['schemas']['RoundExpertsView'];
export type RoundView = components['schemas']['RoundView'];
export type RoundViewPage = components['schemas']['RoundViewPage'];
export type RowErrorView = components['schemas']['RowErrorView'];
export type RunCounts = components['schemas']['RunCounts'];
export type RunJobDto = components['schemas']['RunJobDto'];
export type RunPeriodDto = components['schemas']['RunPeriodDto'];
export type RunPreview = components['schemas']['RunPreview'];
export type RunSummary = components['schemas']['RunSummary'];
export type RunSummaryPage = components['schemas']['RunSummaryPage'];
export type RunTotals = components['schemas']['RunTotals'];
export type ScoreSheetDto = components['schemas']['ScoreSheetDto'];
export type ScoreTable = components['schemas']['ScoreTable'];
export type ScoreTableLine = components['schemas']['ScoreTableLine'];
export type ScoreView = components['schemas']['ScoreView'];
export type SessionView = components['schemas']['SessionView'];
export type SetPasswordDto = components['schemas']['SetPasswordDto'];
export type ShortlistDto = components['schemas']['ShortlistDto'];
export type ShortlistView = components['schemas']['ShortlistView'];
export type SignedInUser = components['schemas']['SignedInUser'];
export type SignInDto = components['schemas']['SignInDto'];
export type StatusCounts = components['schemas']['StatusCounts'];
export type TalentDetail = components['schemas']['TalentDetail'];
export type TalentLookupDto = components['schemas']['TalentLookupDto'];
export type TalentPaymentView = components['schemas']['TalentPaymentView'];
export type TalentPaymentViewPage = components['schemas']['TalentPaymentViewPage'];
export type TalentView = components['schemas']['TalentView'];
export type TalentViewPage = components['schemas']['TalentViewPage'];
export type TimelineEntry = components['schemas']['TimelineEntry'];
export type TitleView = components['schemas']['TitleView'];
export type UpdateApplicationDto = components['schemas']['UpdateApplicationDto'];
export type UpdateOrganizationDto = components['schemas']['UpdateOrganizationDto'];
export type UpdateTalentDto = components['schemas']['UpdateTalentDto'];
export type UpdateUserDto = components['schemas']['UpdateUserDto'];
export type UserListItem = components['schemas']['UserListItem'];
export type UserListItemPage = components['schemas']['UserListItemPage'];
export type UserView = components['schemas']['UserView'];
export type WorkItem = components['schemas']['WorkItem'];
export type WorklistView = components['schemas']['WorklistView'];
export type WorkshopCountRow = components['schemas']['WorkshopCountRow'];
export type WorkshopDetail = components['schemas']['WorkshopDetail'];
export type WorkshopFigures = components['schemas']['WorkshopFigures'];
export type WorkshopLead = components['schemas']['WorkshopLead'];
export type WorkshopView = components['schemas']['WorkshopView'];
export type WorkshopViewPage = components['schemas']['WorkshopViewPage'];
